"""Published versions of a resource and how (and when) it is published."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices
from publisher.models.installation import ArchivalMode

from .resource import Resource


class LiveVersions(models.Manager):
    """The versions still published: a deleted version (a tombstone) is left out, so that no
    listing, feed, landing page or API answer shows it."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Version(models.Model):
    """One successful publication: the files it wrote and what its archive holds.

    Written only by the publication service, in the same transaction that makes its files
    final; a failed or cancelled publication leaves no row. ``counts`` holds records per data
    file (``{"event.txt": 8, ...}``) and ``row_types`` the rowType of each of those files as
    the archive's meta.xml declares it, ``records`` the core count; ``data_sha256`` and
    ``metadata_sha256`` let the next automatic publication tell whether anything changed.
    ``title`` is the title of the EML published with this version: public pages show it,
    never the resource's working title. ``publisher`` is the name of the publishing
    organisation the version was published by ("" when it had none); None for versions
    published before it was recorded (or adopted from an IPT), whose publisher is taken to
    be the resource's organisation.
    The archive of an old version may be removed by the archival mode
    (``archive_removed_at``); its EML is always kept.

    An admin may delete a version (``deleted_at``, by ``deleted_by``, with a
    ``deleted_reason``): all its files are removed and the row stays as a tombstone, so its
    addresses answer 410 Gone and its number is never used again. ``objects`` (the default
    manager, so ``resource.versions`` too) leaves tombstones out; ``all_objects`` has them.
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    label = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    change_summary = models.TextField(_("change summary"), blank=True)
    counts = models.JSONField(default=dict, blank=True)
    row_types = models.JSONField(default=dict, blank=True)
    records = models.BigIntegerField(_("records"), default=0)
    report = models.JSONField(default=dict, blank=True)
    archive_name = models.CharField(max_length=100, blank=True)
    archive_size = models.BigIntegerField(default=0)
    archive_sha256 = models.CharField(max_length=64, blank=True)
    archive_removed_at = models.DateTimeField(null=True, blank=True)
    data_sha256 = models.CharField(max_length=64, blank=True)
    metadata_sha256 = models.CharField(max_length=64, blank=True)
    eml_name = models.CharField(max_length=100, blank=True)
    report_name = models.CharField(max_length=100, blank=True)
    flagged_name = models.CharField(max_length=100, blank=True)
    ids_name = models.CharField(max_length=100, blank=True)
    # The Darwin Core Data Package published beside the archive ("" when none, issue #26);
    # removed with the archive by the archival mode.
    datapackage_name = models.CharField(max_length=100, blank=True)
    datapackage_size = models.BigIntegerField(default=0)
    datapackage_sha256 = models.CharField(max_length=64, blank=True)
    visibility = models.CharField(max_length=32, default="private")
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auto = models.BooleanField(_("published automatically"), default=False)
    # The DOI this version is cited by ("" when none): the resource's DOI when it was
    # published (issue #23). Written once, by the publication.
    doi = models.CharField(_("DOI"), max_length=200, blank=True, db_index=True)
    # None ("not recorded") differs from "" ("published without an organisation").
    publisher = models.CharField(  # noqa: DJ001
        _("publishing organisation"), max_length=500, null=True, blank=True, default=None
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_reason = models.TextField(_("reason for deleting"), blank=True)

    all_objects = models.Manager()
    objects = LiveVersions()

    class Meta:
        default_manager_name = "objects"  # tombstones left out (``resource.versions`` too)
        ordering = ["resource", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "major", "minor"], name="unique_resource_version"
            ),
        ]

    def __str__(self) -> str:
        return "%s %s" % (self.resource_id, self.label)

    @property
    def has_archive(self) -> bool:
        return bool(self.archive_name) and self.archive_removed_at is None

    @property
    def has_datapackage(self) -> bool:
        return bool(self.datapackage_name) and self.archive_removed_at is None


class Frequency(TextChoices):
    """The non-zero EML maintenance frequencies the IPT offers for auto-publishing."""

    OFF = "off", _("Off")
    ANNUALLY = "annually", _("Annually")
    BIANNUALLY = "biannually", _("Twice a year")
    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")
    DAILY = "daily", _("Daily")


class PublicationSettings(models.Model):
    """How a resource's archives are kept and when it is published automatically.

    Times are in the server time zone (``TIME_ZONE``). ``month`` is the month of an annual
    publication and the first of the two months (``month`` and ``month + 6``) of a twice-yearly
    one; ``day`` the day of the month (clamped to the month's length); ``weekday`` 0 = Monday.
    ``next_publish_at`` is maintained by the publication services; it is None while
    auto-publishing is off or stopped after repeated failures.
    """

    resource = models.OneToOneField(
        Resource, on_delete=models.CASCADE, related_name="publication_settings"
    )
    archival_mode = models.CharField(
        _("archival mode"), max_length=16, choices=ArchivalMode.choices, default=ArchivalMode.ALL
    )
    archival_limit = models.PositiveIntegerField(_("archives kept"), default=5)
    auto_publish = models.CharField(
        _("auto-publish"), max_length=16, choices=Frequency.choices, default=Frequency.OFF
    )
    month = models.PositiveSmallIntegerField(_("month"), default=1)
    day = models.PositiveSmallIntegerField(_("day of the month"), default=1)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), default=0)
    time = models.TimeField(_("time"), default=datetime.time(12, 0))
    skip_unchanged = models.BooleanField(_("skip if nothing changed"), default=True)
    max_drop_percent = models.PositiveSmallIntegerField(
        _("fail if the records drop by more than (%)"), default=10
    )
    notify_emails = models.TextField(_("e-mail on failure"), blank=True)
    # A Darwin Core Data Package beside the archive: made for sampling-event resources (an
    # Event core) only; the others ignore it.
    datapackage = models.BooleanField(_("publish a Darwin Core Data Package"), default=True)
    next_publish_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "publication settings of %s" % self.resource_id

    @property
    def notify_list(self) -> list[str]:
        """The failure e-mail addresses (one per line or separated by commas)."""
        text = self.notify_emails.replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class Validation(models.Model):
    """The latest validation of a resource: the publication pipeline run without writing a
    version (sources refreshed, metadata, mappings, every check of the archive builder).

    One row per resource, replaced by each validation, rather than fields on ``Resource``:
    the report is a large JSON document that resource lists and forms should not load, and
    it is the same report a ``Version`` keeps, so the pages show both alike. ``errors`` is
    the number of blocking problems (rows) and ``warnings`` the number of warned rows;
    ``flagged_name`` names the flagged-rows file kept beside the resource's files.
    """

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="validation")
    validated_at = models.DateTimeField(_("validated"), default=timezone.now)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    errors = models.BigIntegerField(_("blocking problems"), default=0)
    warnings = models.BigIntegerField(_("warnings"), default=0)
    flagged_name = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return "validation of %s" % self.resource_id

    @property
    def ok(self) -> bool:
        """No blocking problem: the resource would publish as it is now."""
        return self.errors == 0

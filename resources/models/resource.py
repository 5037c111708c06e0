"""A resource is one dataset being published."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices

shortname_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{3,}$",
    _("Use at least 3 characters: letters, digits, '_' and '-'."),
    code="shortname",
)


class ResourceType(TextChoices):
    SAMPLING_EVENT = "sampling-event", _("Sampling event")
    OCCURRENCE = "occurrence", _("Occurrence")
    CHECKLIST = "checklist", _("Checklist")
    METADATA = "metadata", _("Metadata only")


class Deregistration(TextChoices):
    """Where taking a resource off GBIF's registry stands (issue #18): the registry must
    confirm the deletion before the resource forgets its key, or is deleted."""

    NONE = "", _("Not under way")
    PENDING = "pending", _("Deregistration under way")
    FAILED = "failed", _("Deregistration failed")


class Visibility(TextChoices):
    """Who may see a resource (the IPT's publication status)."""

    PRIVATE = "private", _("Private")
    PUBLIC = "public", _("Public")
    REGISTERED = "registered", _("Registered with GBIF")
    DELETED = "deleted", _("Deleted")


# Visibilities whose pages, files and feed entries anyone may see.
VISIBLE = (Visibility.PUBLIC, Visibility.REGISTERED)


class Resource(models.Model):
    """A dataset with its managers; sources, mappings and versions hang off it.

    The short name is its public identifier (``archive.do?r=<shortname>``) and cannot change
    once the resource has been published. ``visibility`` is what the public sees now;
    ``visibility_pending`` a change requested since the last publication, applied by the
    next one (as in the IPT); ``public_from`` the day a private resource becomes public on
    its own. They change only through ``resources.services.visibility``.
    """

    shortname = models.CharField(
        _("short name"),
        max_length=100,
        unique=True,
        validators=[shortname_validator],
        help_text=_(
            "At least 3 characters: letters, digits, '_' and '-'. It becomes part of "
            "public addresses and cannot change after the first publication."
        ),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    type = models.CharField(
        _("type"), max_length=32, choices=ResourceType.choices, default=ResourceType.SAMPLING_EVENT
    )
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_resources"
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_resources"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
        db_index=True,
    )
    visibility_pending = models.CharField(
        _("visibility at the next publication"),
        max_length=16,
        choices=Visibility.choices,
        blank=True,
        default="",
    )
    public_from = models.DateField(_("public from"), null=True, blank=True)
    # GBIF registration (issue #9): the publishing organisation is chosen by a manager; the
    # registry key and date are written only by publisher.services.registration.
    organisation = models.ForeignKey(
        "publisher.Organisation",
        verbose_name=_("publishing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    gbif_key = models.UUIDField(_("GBIF dataset key"), null=True, blank=True, unique=True)
    registered_at = models.DateTimeField(_("registered with GBIF"), null=True, blank=True)
    deregistration = models.CharField(
        _("GBIF deregistration"),
        max_length=16,
        choices=Deregistration.choices,
        blank=True,
        default="",
        help_text=_("Set while the registry has not confirmed the deletion of the dataset."),
    )
    delete_when_deregistered = models.BooleanField(
        _("delete once deregistered"),
        default=False,
        help_text=_("The resource is deleted once the registry confirmed the deletion."),
    )
    # The access-limited companion (issue #24): a private resource publishing the data of
    # ``companion_of`` without its sensitivity policy; it has no sources or mappings of its
    # own. Set only by ``resources.services.companions``.
    companion_of = models.OneToOneField(
        "self",
        verbose_name=_("companion of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="companion",
    )
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("readers"),
        blank=True,
        related_name="readable_resources",
        help_text=_(
            "People who may see this resource and download its versions while it is private."
        ),
    )
    # Republished as a sampling-event dataset (issue #25): in place, the next publication is
    # a new major version; as a new dataset, the resource it replaces. Set only by
    # ``resources.services.republish``; ``next_major`` cleared by the next publication.
    next_major = models.BooleanField(_("next version is a major one"), default=False)
    republished_from = models.ForeignKey(
        "self",
        verbose_name=_("republished from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="republished_as",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified"]

    def __str__(self) -> str:
        return self.title or self.shortname

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_visible(self) -> bool:
        """True when anyone may see the resource (public or registered)."""
        return self.visibility in VISIBLE

    @property
    def is_companion(self) -> bool:
        """True for an access-limited companion: its data are those of ``companion_of``."""
        return self.companion_of_id is not None

"""Who may see a resource: visibility changes, the public-from date, withdrawal.

As in the IPT, a change between private and public made after the first publication waits
for the next publication (``visibility_pending``), because each published version keeps the
visibility it was published with. Withdrawing (deleted), restoring and registering apply at
once. A registered resource cannot become private again.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import UserError
from publisher.models import User
from resources import error_codes as codes
from resources.models import VISIBLE, Resource, Version, Visibility
from resources.permissions import may_manage_resource
from resources.selectors import has_registered_doi

from .companions import companion_refuse_public

logger = logging.getLogger(__name__)

# What a manager may ask for on the visibility card (registered is the registry's business).
CHOOSABLE = (Visibility.PRIVATE, Visibility.PUBLIC)


def _check_manager(resource: Resource, user: User) -> None:
    if not may_manage_resource(user, resource):
        raise UserError(
            _("Only the managers of this resource may change its visibility."),
            code=codes.VISIBILITY_FORBIDDEN,
        )


def _check_not_deleted(resource: Resource) -> None:
    if resource.visibility == Visibility.DELETED:
        raise UserError(
            _("The resource is deleted; restore it first."), code=codes.VISIBILITY_DELETED
        )


def _store(resource: Resource, **fields) -> Resource:
    """Write only the visibility fields (a concurrent edit of the title stays); ``modified``
    moves on, so that feeds cached by it are rebuilt."""
    fields["modified"] = timezone.now()
    Resource.objects.filter(pk=resource.pk).update(**fields)
    for name, value in fields.items():
        setattr(resource, name, value)
    return resource


@transaction.atomic
def resource_visibility_change(*, resource: Resource, user: User, visibility: str) -> Resource:
    """Ask for ``visibility`` (private or public).

    Before the first publication it applies at once (nothing published could contradict
    it); afterwards it is kept as pending and applied by the next publication. Asking for
    the current visibility cancels a pending change. A registered resource stays public.
    """
    _check_manager(resource, user)
    _check_not_deleted(resource)
    if visibility not in CHOOSABLE:
        raise UserError(
            _("Choose private or public."),
            code=codes.VISIBILITY_INVALID,
            details={"allowed": list(CHOOSABLE)},
        )
    if visibility == Visibility.PUBLIC:
        companion_refuse_public(resource)
    if visibility == Visibility.PRIVATE and has_registered_doi(resource):
        raise UserError(
            _(
                "The resource has a registered DOI, which must lead to a public page: it "
                "cannot become private again. Delete it instead (the DOI then leads to a "
                "page saying so)."
            ),
            code=codes.VISIBILITY_DOI,
        )
    if resource.visibility == Visibility.REGISTERED:
        if visibility == Visibility.PRIVATE:
            raise UserError(
                _(
                    "A resource registered with GBIF cannot become private again; delete it "
                    "instead."
                ),
                code=codes.VISIBILITY_REGISTERED,
            )
        return _store(resource, visibility_pending="")
    if not resource.versions.exists():
        changes: dict[str, str | None] = {"visibility": visibility, "visibility_pending": ""}
        if visibility == Visibility.PUBLIC:
            changes["public_from"] = None
        return _store(resource, **changes)
    pending = "" if visibility == resource.visibility else visibility
    logger.info("Resource %s: visibility %s requested", resource.pk, visibility)
    return _store(resource, visibility_pending=pending)


@transaction.atomic
def resource_public_from_set(
    *, resource: Resource, user: User, public_from: date | None, today: date | None = None
) -> Resource:
    """Make a private resource public on ``public_from`` (None: no date).

    On that day the resource and its latest version become public without a new
    publication (see ``public_dates_apply``). The date must lie in the future.
    """
    _check_manager(resource, user)
    _check_not_deleted(resource)
    if public_from is None:
        return _store(resource, public_from=None)
    companion_refuse_public(resource)
    if resource.visibility != Visibility.PRIVATE:
        raise UserError(
            _("Only a private resource can be made public on a date."),
            code=codes.VISIBILITY_NOT_PRIVATE,
        )
    if public_from <= (today or timezone.localdate()):
        raise UserError(
            _("Choose a day after today, or make the resource public now."),
            code=codes.VISIBILITY_DATE_PAST,
        )
    return _store(resource, public_from=public_from)


@transaction.atomic
def resource_withdraw(*, resource: Resource, user: User) -> Resource:
    """Mark the resource deleted: its pages and files answer 410 Gone with a tombstone to
    everyone but its managers; nothing is removed, so it can be restored. Callers go through
    ``workflows.resources.resource_withdraw``, which takes a registered resource off GBIF."""
    _check_manager(resource, user)
    logger.info("Resource %s withdrawn (deleted) by user %s", resource.pk, user.pk)
    return _store(resource, visibility=Visibility.DELETED, visibility_pending="", public_from=None)


@transaction.atomic
def resource_hide(*, resource: Resource) -> Resource:
    """Mark the resource deleted (410 Gone with a tombstone) while it waits to be deleted,
    once GBIF's registry confirmed the deletion of its dataset; callers checked the rights
    to delete it."""
    logger.info("Resource %s withdrawn before its deletion", resource.pk)
    return _store(resource, visibility=Visibility.DELETED, visibility_pending="", public_from=None)


@transaction.atomic
def resource_restore(*, resource: Resource, user: User) -> Resource:
    """Bring a deleted resource back, as private (not while it is being taken off GBIF); one
    with a registered DOI comes back public, so that its DOI leads to its page again."""
    _check_manager(resource, user)
    if resource.visibility != Visibility.DELETED:
        raise UserError(_("The resource is not deleted."), code=codes.VISIBILITY_NOT_DELETED)
    if resource.deregistration or resource.delete_when_deregistered:
        raise UserError(
            _(
                "The resource is being taken off GBIF (or is to be deleted once it is); it "
                "cannot be restored."
            ),
            code=codes.VISIBILITY_DEREGISTERING,
        )
    restored = Visibility.PUBLIC if has_registered_doi(resource) else Visibility.PRIVATE
    return _store(resource, visibility=restored, visibility_pending="")


@transaction.atomic
def resource_mark_registered(*, resource: Resource) -> Resource:
    """Record that the resource is registered with GBIF (for the registry service, which
    checks the preconditions). From then on it cannot become private again."""
    _check_not_deleted(resource)
    return _store(
        resource, visibility=Visibility.REGISTERED, visibility_pending="", public_from=None
    )


def _may_become(current: str, target: str) -> bool:
    if current == Visibility.DELETED or target == current:
        return False
    return not (current == Visibility.REGISTERED and target == Visibility.PRIVATE)


def resource_visibility_for_publication(resource: Resource, *, today: date | None = None) -> str:
    """The visibility a version being published now gets, after applying a pending change
    or a public-from date that has come.

    To be called by the publication in the transaction that creates the ``Version`` (so
    that a failed publication leaves the pending change pending); reads the visibility
    fields afresh, since a manager may have changed them while the archive was built.
    """
    fields = ("visibility", "visibility_pending", "public_from")
    fresh = Resource.objects.select_for_update().only(*fields).get(pk=resource.pk)
    for name in fields:
        setattr(resource, name, getattr(fresh, name))
    date_due = resource.public_from is not None and resource.public_from <= (
        today or timezone.localdate()
    )
    target = resource.visibility_pending or (Visibility.PUBLIC if date_due else "")
    changes: dict = {}
    if target and _may_become(resource.visibility, target):
        changes["visibility"] = target
    if resource.visibility_pending:
        changes["visibility_pending"] = ""
    if resource.public_from and (date_due or changes.get("visibility") in VISIBLE):
        changes["public_from"] = None
    if changes:
        _store(resource, **changes)
        logger.info("Resource %s is %s from this publication on", resource.pk, resource.visibility)
    return str(resource.visibility)


def public_dates_apply(*, today: date | None = None) -> list[str]:
    """Make public every private resource whose public-from date has come, with its latest
    version (the one published for that day). Returns their short names."""
    today = today or timezone.localdate()
    due = Resource.objects.filter(visibility=Visibility.PRIVATE, public_from__lte=today)
    done = []
    for resource in due:
        with transaction.atomic():
            latest = resource.versions.order_by("-major", "-minor").first()
            if latest is not None:
                Version.objects.filter(pk=latest.pk).update(visibility=Visibility.PUBLIC)
            _store(resource, visibility=Visibility.PUBLIC, visibility_pending="", public_from=None)
        logger.info("Resource %s became public (public-from date)", resource.pk)
        done.append(resource.shortname)
    return done

"""The access-limited companion of a resource (issue #24): a private resource that publishes
the same source records without the sensitivity policy, for the managers and the readers
they name.

The companion has no sources or mappings of its own: its data are those of the resource it
accompanies (``data_resource``), read afresh at each of its publications, never copied. Its
metadata start as a copy of the original's working metadata, edited on their own afterwards.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import UserError
from metadata.services.companions import metadata_copy
from publisher.models import User
from publisher.selectors import user_by_email
from resources import error_codes as codes
from resources.models import Resource, ResourceType, Visibility
from resources.permissions import may_manage_resource

from .companion_data import data_resource as data_resource  # re-exported for publication

logger = logging.getLogger(__name__)

SHORTNAME_SUFFIX = "-precise"
SHORTNAME_MAX = Resource._meta.get_field("shortname").max_length or 100
TITLE_MAX = Resource._meta.get_field("title").max_length or 500


def companion_of_resource(resource: Resource) -> Resource | None:
    """The access-limited companion of ``resource``, or None."""
    return Resource.objects.filter(companion_of=resource).first()


def _check_manager(resource: Resource, user: User) -> None:
    if not may_manage_resource(user, resource):
        raise UserError(
            _("Only the managers of this resource may do this."), code=codes.COMPANION_FORBIDDEN
        )


def _check_may_have_companion(resource: Resource) -> None:
    if resource.companion_of_id is not None:
        raise UserError(
            _("This resource is an access-limited companion already; it cannot have one."),
            code=codes.COMPANION_OF_COMPANION,
        )
    if resource.type == ResourceType.METADATA:
        raise UserError(
            _("A metadata-only resource has no data to publish precisely."),
            code=codes.COMPANION_METADATA_ONLY,
        )
    if companion_of_resource(resource) is not None:
        raise UserError(
            _("This resource has an access-limited companion already."),
            code=codes.COMPANION_EXISTS,
        )


def _free_shortname(base: str) -> str:
    """``<base>-precise``, numbered (``-precise-2``, ...) while taken, within the field's
    length."""
    for n in range(1, 1000):
        suffix = SHORTNAME_SUFFIX if n == 1 else "%s-%d" % (SHORTNAME_SUFFIX, n)
        candidate = base[: SHORTNAME_MAX - len(suffix)] + suffix
        if not Resource.objects.filter(shortname__iexact=candidate).exists():
            return candidate
    raise RuntimeError("no free short name for the companion of %s" % base)  # pragma: no cover


def companion_title(title: str) -> str:
    """The companion's title: the original's, marked as the precise, access-limited data."""
    text = _("%(title)s (precise data, access-limited)") % {"title": title}
    return text[:TITLE_MAX]


@transaction.atomic
def companion_create(*, resource: Resource, user: User) -> Resource:
    """Create the private, access-limited companion of ``resource`` and return it.

    It has the original's type, organisation and managers, a copy of its working metadata
    (title marked, identifiers of the original left out) and no sources or mappings: its
    data are the original's. Refused for a companion, a metadata-only resource, a resource
    that has one already and for users who do not manage ``resource``.
    """
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    _check_manager(resource, user)
    _check_may_have_companion(resource)
    companion = Resource.objects.create(
        shortname=_free_shortname(resource.shortname),
        title=companion_title(resource.title or resource.shortname),
        type=resource.type,
        creator=resource.creator,
        organisation=resource.organisation,
        visibility=Visibility.PRIVATE,
        companion_of=resource,
    )
    companion.managers.set(resource.managers.all())
    _copy_metadata(resource, companion, user)
    # the original's landing page and feeds now say that precise data exist on request
    Resource.objects.filter(pk=resource.pk).update(modified=companion.created)
    logger.info("Resource %s: companion %s created by user %s", resource.pk, companion.pk, user.pk)
    return companion


def _copy_metadata(resource: Resource, companion: Resource, user: User) -> None:
    metadata_copy(source=resource, target=companion, title=companion.title, user=user)


def _check_companion_manager(resource: Resource, user: User) -> None:
    _check_manager(resource, user)
    if resource.companion_of_id is None:
        raise UserError(
            _("Readers are named only on an access-limited companion."),
            code=codes.COMPANION_NOT_COMPANION,
        )


@transaction.atomic
def companion_reader_add(*, resource: Resource, user: User, email: str) -> User:
    """Let the account with ``email`` see the companion ``resource`` and download its
    versions (not manage it); returns that account. Only managers of the companion name
    readers; the address must be an existing account's."""
    _check_companion_manager(resource, user)
    reader = user_by_email(email=email.strip())
    if reader is None:
        raise UserError(
            _("No account has the e-mail address %(email)s.") % {"email": email.strip()},
            code=codes.COMPANION_READER_UNKNOWN,
            details={"field": "email"},
        )
    resource.readers.add(reader)
    logger.info("Resource %s: reader %s added by user %s", resource.pk, reader.pk, user.pk)
    return reader


@transaction.atomic
def companion_reader_remove(*, resource: Resource, user: User, reader: User) -> None:
    """Take ``reader`` off the companion's readers (nothing happens if they were not one)."""
    _check_companion_manager(resource, user)
    resource.readers.remove(reader)
    logger.info("Resource %s: reader %s removed by user %s", resource.pk, reader.pk, user.pk)


def companion_refuse_public(resource: Resource) -> None:
    """Raise when ``resource`` is a companion: it stays private whatever is asked."""
    if resource.companion_of_id is not None:
        raise UserError(
            _("An access-limited companion stays private: its data are not generalised."),
            code=codes.COMPANION_PRIVATE,
        )

"""Creating, changing and deleting resources and their managers."""

from __future__ import annotations

import logging
import shutil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import UserError
from core.permissions import has_manager_rights
from publisher.models import User
from resources import error_codes as codes
from resources.models import Resource, ResourceType, shortname_validator

logger = logging.getLogger(__name__)

# What a person may change of a resource, in this order; the model field declares each one's
# label, help text, length and choices. Forms, serializers, resource_create and the export
# take their fields from here (visibility, managers and registration have their own services).
EDITABLE = ("shortname", "title", "type")


def resource_dir(resource: Resource):
    """Where the resource's files live (by id, so that a rename moves nothing)."""
    return settings.DATA_DIR / "resources" / str(resource.pk)


# Words that name pages next to the resources' own (e.g. /manage/resources/new/).
RESERVED_SHORTNAMES = {"new", "import", "edit", "delete", "admin", "api", "static", "manage"}


def _check_shortname(shortname: str, *, exclude: int | None = None) -> None:
    try:
        shortname_validator(shortname)
    except ValidationError as exc:
        raise UserError(" ".join(exc.messages), code=codes.RESOURCE_SHORTNAME) from exc
    if shortname.lower() in RESERVED_SHORTNAMES:
        raise UserError(
            gettext_noop("%(name)s is reserved; choose another short name."),
            params={"name": shortname},
            code=codes.RESOURCE_SHORTNAME,
        )
    taken = Resource.objects.filter(shortname__iexact=shortname).exclude(pk=exclude)
    if taken.exists():
        raise UserError(
            gettext_noop("The short name %(name)s is taken; choose another."),
            params={"name": shortname},
            code=codes.RESOURCE_SHORTNAME_TAKEN,
        )


def _check_type(type_: str) -> None:
    if type_ not in ResourceType.values:
        raise UserError(
            gettext_noop("Unknown resource type %(type)s."),
            params={"type": type_},
            code=codes.RESOURCE_TYPE,
            details={"allowed": list(ResourceType.values)},
        )


@transaction.atomic
def resource_create(
    *, shortname: str, creator: User, title: str = "", type: str = ResourceType.SAMPLING_EVENT
) -> Resource:  # noqa: A002
    """Create a resource owned by ``creator`` (who must have manager rights)."""
    if not has_manager_rights(creator):
        raise UserError(_("Only managers may create resources."), code=codes.RESOURCE_FORBIDDEN)
    _check_shortname(shortname)
    _check_type(type)
    resource = Resource.objects.create(shortname=shortname, title=title, type=type, creator=creator)
    logger.info("Resource %s created by user %s", resource.pk, creator.pk)
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, **changes) -> Resource:
    """Change title, type or short name; the short name is fixed once published."""
    if "shortname" in changes and changes["shortname"] != resource.shortname:
        if resource.is_published:
            raise UserError(
                _(
                    "The short name cannot change after the first publication: "
                    "harvesters and links use it."
                ),
                code=codes.RESOURCE_SHORTNAME_FIXED,
            )
        _check_shortname(changes["shortname"], exclude=resource.pk)
        resource.shortname = changes["shortname"]
    if "type" in changes:
        _check_type(changes["type"])
        resource.type = changes["type"]
    if "title" in changes:
        resource.title = changes["title"]
    resource.save()
    return resource


def resource_delete(*, resource: Resource, user: User | None = None) -> None:
    """Delete the resource, its sources and mappings, and its files; its access-limited
    companion, if any, with it.

    Its GBIF registration is not this function's business: callers go through
    ``workflows.resources.resource_delete``, which takes a registered resource off GBIF too.
    """
    folder = resource_dir(resource)
    # an access-limited companion has no data without its original: it goes with it
    companions = [resource_dir(c) for c in Resource.objects.filter(companion_of=resource)]
    with transaction.atomic():
        resource.delete()
    for gone in [folder, *companions]:
        shutil.rmtree(gone, ignore_errors=True)
        logger.info("Resource %s deleted", gone.name)


def resource_add_manager(*, resource: Resource, user: User) -> None:
    """Invite a co-manager; only users with manager rights can manage resources."""
    if not has_manager_rights(user):
        raise UserError(
            gettext_noop("%(email)s has no manager rights; an admin can change their role."),
            params={"email": user.email},
            code=codes.RESOURCE_NOT_MANAGER,
        )
    if user.pk == resource.creator_id:
        raise UserError(
            _("The creator already manages this resource."), code=codes.RESOURCE_CREATOR
        )
    resource.managers.add(user)


def resource_remove_manager(*, resource: Resource, user: User) -> None:
    resource.managers.remove(user)


def resources_orphaned_by(*, user: User) -> list[Resource]:
    """The resources ``user`` created that no other active user manages."""
    created = Resource.objects.filter(creator=user).prefetch_related("managers")
    return [
        r for r in created if not any(m.is_active and m.pk != user.pk for m in r.managers.all())
    ]


@transaction.atomic
def resources_hand_over(*, user: User, successor: User | None) -> None:
    """Before ``user`` leaves: ``successor`` becomes the creator of the resources ``user``
    created and a manager of those they co-manage. Without a successor, each created
    resource passes to its first other active manager (``resources_orphaned_by`` must be
    empty)."""
    for resource in Resource.objects.filter(creator=user).order_by("pk"):
        heir = successor or (
            resource.managers.filter(is_active=True).exclude(pk=user.pk).order_by("pk").first()
        )
        if heir is None:
            raise ValueError("Resource %s would have no manager." % resource.shortname)
        Resource.objects.filter(pk=resource.pk).update(creator=heir)
        resource.managers.remove(heir, user)  # the creator manages it as creator
        logger.info("Resource %s handed over from user %s to %s", resource.pk, user.pk, heir.pk)
    if successor is not None:
        for resource in Resource.objects.filter(managers=user).exclude(creator=successor):
            resource.managers.add(successor)

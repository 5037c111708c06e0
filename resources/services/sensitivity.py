"""Sensitive species, the stored side: a resource's sensitivity policy and the shared lists
of taxa admins maintain (issue 24).

``sensitivity_policy`` gives publication the engine's ``Policy`` (own taxa and those of the
subscribed lists); the other services write, always checking who may. What a policy means
and how it is checked is the engine's (``resources.sensitivity.policy``); uploads and typed
lists are read by ``sensitivity_files``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import Text, UserError
from core.permissions import is_admin
from publisher.models import User
from resources import error_codes as codes
from resources.models import Resource, SensitivityPolicy, TaxonList
from resources.permissions import may_manage_resource
from resources.sensitivity.names import canonical
from resources.sensitivity.policy import COORDINATES, Action, Policy, PolicyError, Taxon

from .sensitivity_files import (
    action_of,
    policy_error,
    taxa_as_lines,
    taxa_from_lines,
    taxa_parse,
)

__all__ = [
    "DEFAULT_ACTION",
    "action_of",
    "policy_delete",
    "policy_import",
    "policy_json",
    "policy_of",
    "policy_update",
    "sensitivity_policy",
    "taxa_as_lines",
    "taxa_from_lines",
    "taxa_merged",
    "taxa_parse",
    "taxon_list_create",
    "taxon_list_delete",
    "taxon_list_update",
]

DEFAULT_ACTION = Action(COORDINATES, grid="0.1")


# --- reading ----------------------------------------------------------------------------------


def policy_of(resource: Resource) -> SensitivityPolicy | None:
    """The stored policy of ``resource``, or None."""
    try:
        return SensitivityPolicy.objects.get(resource=resource)
    except SensitivityPolicy.DoesNotExist:
        return None


def _taxa(data: list[dict[str, Any]]) -> list[Taxon]:
    return [Taxon.from_json(t, "taxa[%d]" % i) for i, t in enumerate(data)]


def taxa_merged(own: list[Taxon], lists: list[list[Taxon]]) -> list[Taxon]:
    """``own`` then the taxa of ``lists`` whose (normalised) names are not there yet: own
    entries win, then earlier lists."""
    seen = {canonical(t.name) for t in own}
    merged = list(own)
    for taxa in lists:
        for taxon in taxa:
            key = canonical(taxon.name)
            if key not in seen:
                seen.add(key)
                merged.append(taxon)
    return merged


def sensitivity_policy(resource: Resource) -> Policy | None:
    """The policy publication applies to ``resource``: own taxa and those of the subscribed
    lists (own entries win on the same name), the default action, the generated-event option
    and the secret; None when there is no policy or it names no taxon."""
    stored = SensitivityPolicy.objects.filter(resource=resource).prefetch_related("lists").first()
    if stored is None:
        return None
    lists = [_taxa(t.taxa) for t in stored.lists.all()]
    taxa = taxa_merged(_taxa(stored.taxa), lists)
    if not taxa:
        return None
    return Policy(
        taxa=tuple(taxa),
        default=Action.from_json(stored.default_action)
        if stored.default_action
        else DEFAULT_ACTION,
        separate_events=stored.separate_events,
        secret=stored.secret,
    )


def policy_json(resource: Resource, *, names: bool = False) -> dict[str, Any] | None:
    """The policy as JSON (``Policy.to_json`` plus ``lists``: ids, or names with
    ``names=True`` as an export holds them); None without a policy."""
    stored = policy_of(resource)
    if stored is None:
        return None
    lists = stored.lists.order_by("name")
    return {
        "default": stored.default_action or DEFAULT_ACTION.to_json(),
        "separate_events": stored.separate_events,
        "taxa": list(stored.taxa),
        "lists": [t.name for t in lists] if names else [t.pk for t in lists],
    }


# --- policies ----------------------------------------------------------------------------------


def _check_manager(resource: Resource, user: User) -> None:
    if not may_manage_resource(user, resource):
        raise UserError(
            _("Only the managers of this resource may change its sensitivity policy."),
            code=codes.SENSITIVITY_FORBIDDEN,
        )


def _storable(value: Any) -> bool:
    """Whether every text in ``value`` can be stored: no NUL character and no lone
    surrogate (PostgreSQL's JSON refuses both)."""
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True


def _checked(data: Any) -> Policy:
    if not isinstance(data, dict):
        raise policy_error(PolicyError("not an object"))
    if not _storable(data):
        raise UserError(
            Text(
                gettext_noop(
                    "The policy holds a character that cannot be stored (a NUL or a lone "
                    "surrogate)."
                )
            ),
            code=codes.SENSITIVITY_POLICY,
        )
    try:
        return Policy.from_json(data)
    except PolicyError as exc:
        raise policy_error(exc) from exc


def _lists(ids: Any) -> list[TaxonList]:
    if ids is None:
        return []
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise UserError(
            Text(gettext_noop("%(field)s: give the ids of shared lists."), {"field": "lists"}),
            code=codes.SENSITIVITY_LIST,
            details={"field": "lists"},
        )
    found = list(TaxonList.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {t.pk for t in found})
    if missing:
        raise UserError(
            Text(
                gettext_noop("%(field)s: there is no shared list %(ids)s."),
                {"field": "lists", "ids": ", ".join(str(i) for i in missing)},
            ),
            code=codes.SENSITIVITY_LIST,
            details={"field": "lists", "ids": missing},
        )
    return found


@transaction.atomic
def policy_update(*, resource: Resource, user: User, data: dict) -> SensitivityPolicy:
    """Create or replace the policy of ``resource`` from its JSON form (``taxa``,
    ``default``, ``separate_events``) and ``lists`` (ids of shared lists; absent: none).
    Raises ``UserError`` naming the field; nothing changes then."""
    _check_manager(resource, user)
    policy = _checked(data)
    lists = _lists(data.get("lists"))
    stored, _created = SensitivityPolicy.objects.get_or_create(resource=resource)
    stored.taxa = [t.to_json() for t in policy.taxa]
    stored.default_action = policy.default.to_json()
    stored.separate_events = policy.separate_events
    stored.modified_by = user
    stored.save()
    stored.lists.set(lists)
    return stored


@transaction.atomic
def policy_delete(*, resource: Resource, user: User) -> bool:
    """Remove the policy of ``resource`` (the next publication applies none); whether there
    was one."""
    _check_manager(resource, user)
    deleted, _count = SensitivityPolicy.objects.filter(resource=resource).delete()
    return bool(deleted)


@transaction.atomic
def policy_import(*, resource: Resource, user: User, data: dict) -> list[str]:
    """Restore an exported policy (``lists`` by name): a list of the same name on this
    installation is subscribed to, else its taxa (kept in the export as ``list_taxa``)
    become the policy's own. Returns notes for the import's report."""
    notes: list[str] = []
    own = _taxa_or_error(data.get("taxa") or [])
    subscribed: list[int] = []
    carried = data.get("list_taxa") or {}
    for name in data.get("lists") or []:
        found = TaxonList.objects.filter(name=name).first()
        if found is not None:
            subscribed.append(found.pk)
            continue
        taxa = _taxa_or_error(carried.get(name) or [])
        own = taxa_merged(own, [taxa])
        notes.append(
            _("There is no shared list %(name)s here: its %(count)s taxa became the policy's own.")
            % {"name": name, "count": len(taxa)}
        )
    policy_update(
        resource=resource,
        user=user,
        data={**data, "taxa": [t.to_json() for t in own], "lists": subscribed},
    )
    return notes


def _taxa_or_error(data: Any) -> list[Taxon]:
    try:
        return list(Policy.from_json({"taxa": data}).taxa)
    except PolicyError as exc:
        raise policy_error(exc) from exc


def policy_export(resource: Resource) -> dict[str, Any] | None:
    """The policy as an export holds it: ``policy_json`` with list names, and the taxa of
    those lists (``list_taxa``) so that an installation without them keeps the names."""
    data = policy_json(resource, names=True)
    if data is None:
        return None
    lists = TaxonList.objects.filter(name__in=data["lists"])
    data["list_taxa"] = {t.name: list(t.taxa) for t in lists}
    return data


# --- shared lists ------------------------------------------------------------------------------


def _check_admin(user: User) -> None:
    if not is_admin(user):
        raise UserError(
            _("Only administrators maintain shared lists of taxa."),
            code=codes.SENSITIVITY_FORBIDDEN,
        )


def _list_name(name: str, current: TaxonList | None = None) -> str:
    name = (name or "").strip()
    taken = TaxonList.objects.filter(name=name)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if not name or len(name) > 200 or taken.exists():
        raise UserError(
            Text(
                gettext_noop("%(field)s: a shared list needs a name no other list has."),
                {"field": "name"},
            ),
            code=codes.SENSITIVITY_LIST_NAME,
            details={"field": "name"},
        )
    return name


@transaction.atomic
def taxon_list_create(
    *, user: User, name: str, description: str = "", taxa: list[Taxon] | None = None
) -> TaxonList:
    """A new shared list (admins only); its name is unique."""
    _check_admin(user)
    return TaxonList.objects.create(
        name=_list_name(name),
        description=description or "",
        taxa=[t.to_json() for t in taxa or []],
        created_by=user,
    )


@transaction.atomic
def taxon_list_update(
    *,
    taxon_list: TaxonList,
    user: User,
    name: str | None = None,
    description: str | None = None,
    taxa: list[Taxon] | None = None,
    append: bool = False,
) -> TaxonList:
    """Change a shared list (admins only): what is given changes; ``taxa`` replace the
    list's, or with ``append`` join them (names already there are kept as they were)."""
    _check_admin(user)
    if name is not None:
        taxon_list.name = _list_name(name, taxon_list)
    if description is not None:
        taxon_list.description = description
    if taxa is not None:
        if append:
            taxa = taxa_merged(_taxa(taxon_list.taxa), [taxa])
        taxon_list.taxa = [t.to_json() for t in taxa]
    taxon_list.save()
    return taxon_list


@transaction.atomic
def taxon_list_delete(*, taxon_list: TaxonList, user: User) -> None:
    """Remove a shared list (admins only); the policies subscribed to it lose its taxa."""
    _check_admin(user)
    taxon_list.delete()

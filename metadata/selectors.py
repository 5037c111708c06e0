"""Reads of shared contacts for pages and the API: who may see which, and which of their
values."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from core.permissions import is_admin
from metadata.eml.serialize import to_dict
from metadata.models import ContactCopy, SharedContact
from metadata.services.contacts import (
    agents_merged,
    contact_label,
    copy_as_agent,
    search_words,
)
from resources.models import VISIBLE
from resources.selectors import resources_for_manager

SUGGEST_MAX = 100
SEEN = "seen_copies"


def _copies_for_user(user) -> QuerySet[ContactCopy]:
    """The copies of contacts ``user`` may read: those of resources they manage, those
    published in public or registered resources, and those they entered without a resource."""
    managed = resources_for_manager(user=user).values("pk")
    return ContactCopy.objects.filter(
        Q(resource__in=managed)
        | Q(published=True, resource__visibility__in=VISIBLE)
        | Q(resource__isnull=True, entered_by=user)
    )


def contact_list_for_user(*, user, query: str = "", kind: str = "") -> QuerySet[SharedContact]:
    """Shared contacts ``user`` may see, matching every word of ``query`` (case-insensitive,
    in the label, e-mails, organisation, position and identifiers), optionally of one
    ``kind``, by label.

    Admins see all, with every value ever entered; others see the contacts named in the
    working metadata of a resource they manage, those published in a version of a public or
    registered resource, and those they entered themselves, and of each only the values those
    origins gave: never what another user typed in a private resource. Query words match
    only those values. Pass the contacts through ``contact_shown`` before reading them.
    """
    contacts = SharedContact.objects.all()
    if kind:
        contacts = contacts.filter(kind=kind)
    words = search_words(query)
    if is_admin(user):
        for word in words:
            contacts = contacts.filter(search__contains=word)
        return contacts.order_by("label", "pk")
    if not getattr(user, "is_authenticated", False):
        return contacts.none()
    copies = _copies_for_user(user)
    contacts = contacts.filter(pk__in=copies.values("contact"))
    for word in words:
        contacts = contacts.filter(pk__in=copies.filter(search__contains=word).values("contact"))
    seen = Prefetch("copies", queryset=copies.order_by("modified", "pk"), to_attr=SEEN)
    return contacts.prefetch_related(seen).order_by("label", "pk")


def contact_shown(contact: SharedContact) -> SharedContact:
    """``contact`` as its reader may see it: from ``contact_list_for_user`` for a non-admin,
    its agent and label become the merge of the copies they may see (in memory only; never
    save it). Admins' contacts are returned as stored."""
    seen = getattr(contact, SEEN, None)
    if seen is not None:
        agents = [a for a in map(copy_as_agent, seen) if a is not None]
        merged = agents_merged(agents)
        contact.agent = to_dict(merged)
        contact.label = contact_label(merged)
    return contact


def contact_suggest_for_user(
    *, user, query: str = "", kind: str = "", limit: int = 20
) -> list[SharedContact]:
    """The first ``limit`` (at most ``SUGGEST_MAX``) of ``contact_list_for_user``, shown."""
    found = contact_list_for_user(user=user, query=query, kind=kind)
    return [contact_shown(c) for c in found[: max(1, min(limit, SUGGEST_MAX))]]


def contact_get_for_user(*, user, pk: int) -> SharedContact | None:
    """The shared contact ``pk`` as ``user`` may see it, if they may see it, else None."""
    contact = contact_list_for_user(user=user).filter(pk=pk).first()
    return contact_shown(contact) if contact is not None else None

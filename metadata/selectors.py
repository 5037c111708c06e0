"""Reads of shared contacts for pages and the API: who may see which."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.permissions import is_admin
from metadata.models import SharedContact
from metadata.services.contacts import search_words
from resources.models import VISIBLE
from resources.selectors import resources_for_manager

SUGGEST_MAX = 100


def contact_list_for_user(*, user, query: str = "", kind: str = "") -> QuerySet[SharedContact]:
    """Shared contacts ``user`` may see, matching every word of ``query`` (case-insensitive,
    in the label, e-mails, organisation, position and identifiers), optionally of one
    ``kind``, by label.

    Admins see all; others see the contacts named in the working metadata of a resource
    they manage, those published in a version of a public or registered resource, and those
    they entered themselves: never the people of another user's private resource.
    """
    contacts = SharedContact.objects.all()
    if not is_admin(user):
        if not getattr(user, "is_authenticated", False):
            return contacts.none()
        managed = resources_for_manager(user=user).values("pk")
        seen = (
            Q(resources__in=managed)
            | Q(published_in__visibility__in=VISIBLE)
            | Q(created_by=user, resources__isnull=True)
        )
        contacts = contacts.filter(pk__in=SharedContact.objects.filter(seen).values("pk"))
    if kind:
        contacts = contacts.filter(kind=kind)
    for word in search_words(query):
        contacts = contacts.filter(search__contains=word)
    return contacts.order_by("label", "pk")


def contact_suggest_for_user(
    *, user, query: str = "", kind: str = "", limit: int = 20
) -> list[SharedContact]:
    """The first ``limit`` (at most ``SUGGEST_MAX``) of ``contact_list_for_user``."""
    found = contact_list_for_user(user=user, query=query, kind=kind)
    return list(found[: max(1, min(limit, SUGGEST_MAX))])


def contact_get_for_user(*, user, pk: int) -> SharedContact | None:
    """The shared contact ``pk`` if ``user`` may see it, else None."""
    return contact_list_for_user(user=user).filter(pk=pk).first()

"""Keeping installed vocabularies in step with the registry: the check for newer versions,
what an update would change in the mappings, and the update itself."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import definitions as cat
from catalogue import error_codes as codes
from catalogue.definitions.migrate import plan_vocabulary_update
from catalogue.definitions.registry import VocabularyEntry, latest_by_uri, parse_vocabulary_listing
from catalogue.models import Origin, RegistryListing, Vocabulary
from core.errors import AppError, UserError
from core.http import fetch_bytes

from .install import catalogue_error_text
from .store import as_vocabulary, store_vocabulary

logger = logging.getLogger(__name__)
VOCABULARY_LISTING = "vocabularies"
LISTING_TIMEOUT = 20.0  # seconds; the list is small, a registry slower than this is down
Impact = Callable[[Vocabulary, cat.Vocabulary, cat.Vocabulary], list[dict]]
_IMPACTS: list[Impact] = []


def vocabulary_impact_register(impact: Impact) -> None:
    """Let the app that maps data tell what a vocabulary update affects:
    ``impact(vocabulary, old, new)`` returns one entry per mapped term bound to the
    vocabulary whose value translations or fixed values the new version no longer knows
    (``resources`` registers it when ready; the catalogue knows no mapping)."""
    _IMPACTS[:] = [impact]


def _affected(vocabulary: Vocabulary, old: cat.Vocabulary, new: cat.Vocabulary) -> list[dict]:
    return [entry for impact in _IMPACTS for entry in impact(vocabulary, old, new)]


def vocabulary_listing_refresh() -> RegistryListing:
    """Fetch the registry's list of vocabularies and keep it; on failure keep the old list
    and record the error (an offline instance keeps working)."""
    listing, _created = RegistryListing.objects.get_or_create(kind=VOCABULARY_LISTING)
    try:
        data = fetch_bytes(
            settings.VOCABULARIES_REGISTRY_URL, max_bytes=5 * 1024 * 1024, timeout=LISTING_TIMEOUT
        )
        entries = parse_vocabulary_listing(data)
    except (AppError, UserError, cat.CatalogueError) as exc:
        listing.error = str(exc)
        listing.save(update_fields=["error"])
        logger.warning("Vocabulary list not refreshed: %s", listing.error)
        return listing
    listing.entries = [e.as_dict() for e in entries]
    listing.fetched_at, listing.error = timezone.now(), ""
    listing.save()
    return listing


def vocabulary_entries() -> list[VocabularyEntry]:
    listing = RegistryListing.objects.filter(kind=VOCABULARY_LISTING).first()
    return [VocabularyEntry(**e) for e in listing.entries] if listing else []


def vocabularies_check_updates() -> dict[str, int]:
    """Refresh the list and flag installed vocabularies that have a newer version; the newer
    version of each is read at once, so that its page can show which mappings it affects.
    A registry that fails leaves every installed vocabulary as it was."""
    listing = vocabulary_listing_refresh()
    if listing.error:
        return {"listed": 0, "updates": 0, "error": True}
    latest = latest_by_uri(vocabulary_entries())
    flagged = 0
    for vocabulary in Vocabulary.objects.all():
        entry = latest.get(cat.link_key(vocabulary.uri))
        newer = bool(
            entry
            and entry.issued_date
            and (not vocabulary.issued or entry.issued_date > vocabulary.issued)
        )
        flagged += newer
        _flag(vocabulary, entry if newer else None)
    return {"listed": len(latest), "updates": flagged, "error": False}


def _flag(vocabulary: Vocabulary, entry: VocabularyEntry | None) -> None:
    known = (vocabulary.latest_url, vocabulary.latest_issued)
    if entry is None:
        vocabulary.latest_issued, vocabulary.latest_url, vocabulary.latest_preview = None, "", {}
    elif known != (entry.url, entry.issued_date) or "concepts" not in vocabulary.latest_preview:
        vocabulary.latest_issued, vocabulary.latest_url = entry.issued_date, entry.url[:500]
        vocabulary.latest_preview = _preview_of(vocabulary, entry.url)
    vocabulary.save(update_fields=["latest_issued", "latest_url", "latest_preview"])


def _preview_of(vocabulary: Vocabulary, url: str) -> dict:
    try:
        new = _fetch_newer(vocabulary, url)
    except (AppError, UserError) as exc:
        logger.warning("Vocabulary %s: newer version not read: %s", vocabulary.uri, exc)
        return {"error": str(exc)}
    return {"concepts": [_concept_json(c) for c in new.concepts]}


def _concept_json(concept: cat.Concept) -> dict:
    return {
        "identifier": concept.identifier,
        "uri": concept.uri,
        "labels": dict(concept.labels),
        "alternatives": {k: list(v) for k, v in concept.alternatives.items()},
    }


def _fetch_newer(vocabulary: Vocabulary, url: str) -> cat.Vocabulary:
    """The vocabulary at ``url``, refused unless it is ``vocabulary`` in a newer version."""
    data = fetch_bytes(url, max_bytes=settings.CATALOGUE_MAX_BYTES)
    try:
        new = cat.parse_vocabulary(data, source=url)
    except cat.CatalogueError as exc:
        raise UserError(catalogue_error_text(exc), code=exc.code) from exc
    same = cat.link_key(new.uri) == cat.link_key(vocabulary.uri)
    if not same or (new.issued and vocabulary.issued and new.issued <= vocabulary.issued):
        raise UserError(
            _(
                "%(url)s holds %(uri)s issued %(issued)s, not a newer version of %(title)s; "
                "the update was not applied."
            )
            % {"url": url, "uri": new.uri, "issued": new.issued or "—", "title": vocabulary.title},
            code=codes.VOCABULARY_MISMATCH,
        )
    return new


def vocabulary_update_preview(vocabulary: Vocabulary) -> dict:
    """What updating to the newer version the last check read would change: concepts
    removed and added, and the mappings affected (as of now). ``error`` says why there is
    no preview (the newer version could not be read)."""
    preview = vocabulary.latest_preview or {}
    if "concepts" not in preview:
        return {"error": preview.get("error", "")}
    new = cat.Vocabulary(
        uri=vocabulary.uri,
        title=vocabulary.title,
        concepts=tuple(
            cat.Concept(
                identifier=c["identifier"],
                uri=c.get("uri", ""),
                labels=c.get("labels", {}),
                alternatives={k: tuple(v) for k, v in c.get("alternatives", {}).items()},
            )
            for c in preview["concepts"]
        ),
    )
    return _changes(vocabulary, as_vocabulary(vocabulary), new)


def _changes(vocabulary: Vocabulary, old: cat.Vocabulary, new: cat.Vocabulary) -> dict:
    plan = plan_vocabulary_update(old, new)
    return {
        "removed_concepts": plan.removed,
        "added_concepts": plan.added,
        "mappings": _affected(vocabulary, old, new),
    }


def vocabulary_update(*, vocabulary: Vocabulary) -> dict:
    """Install the newer version the last check found for ``vocabulary``.

    Returns (and keeps on the vocabulary) a report: the issued dates, the concepts removed
    and added, and per mapped term bound to it the value translations and fixed values the
    new version no longer knows. A download or format error changes nothing.
    """
    if not vocabulary.update_available or not vocabulary.latest_url:
        raise UserError(
            _("No newer version of %(title)s is known; check for updates first.")
            % {"title": vocabulary.title},
            code=codes.VOCABULARY_NO_UPDATE,
        )
    new = _fetch_newer(vocabulary, vocabulary.latest_url)  # before the transaction
    report = _apply(vocabulary, new)
    logger.info(
        "Vocabulary %s updated: %d concepts removed, %d mapped terms affected",
        vocabulary.uri,
        len(report["removed_concepts"]),
        len(report["mappings"]),
    )
    return report


@transaction.atomic
def _apply(vocabulary: Vocabulary, new: cat.Vocabulary) -> dict:
    report = {
        "from_issued": str(vocabulary.issued or ""),
        "to_issued": str(new.issued or ""),
        **_changes(vocabulary, as_vocabulary(vocabulary), new),
    }
    # The installed URI and source URL stay: extensions link to the vocabulary by them.
    updated = store_vocabulary(
        cat.Vocabulary(
            uri=vocabulary.uri,
            title=new.title,
            description=new.description,
            issued=new.issued,
            concepts=new.concepts,
        ),
        origin=Origin.REGISTRY,
        source_url=vocabulary.source_url or vocabulary.latest_url,
    )
    updated.latest_issued, updated.latest_url, updated.latest_preview = None, "", {}
    updated.last_update_report = report
    updated.save(
        update_fields=["latest_issued", "latest_url", "latest_preview", "last_update_report"]
    )
    return report

"""Published versions read back for the pages and feeds: the EML as a document, a small
"card" of the facts feeds need, and the summary of the archive's data.

A version never changes once published, so summaries are computed once and kept as JSON
beside the version's files (``portal-summary-<v>.json``); cards are read for the feed entries
each publication stores (older releases kept them as ``portal-card-<v>.json``).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from django.conf import settings

from metadata.eml.model import Document
from metadata.eml.parse import EmlError, parse_eml
from resources.models import Version
from resources.services.publication import version_path
from resources.services.resources import resource_dir

from .feeds.summary import SHAPE as SUMMARY_SHAPE
from .feeds.summary import ArchiveSummary, summarise_archive

logger = logging.getLogger(__name__)
CARD_SHAPE = 1  # bump when the card's keys change: older cards are then rebuilt


def version_document(version: Version) -> Document | None:
    """The EML published with ``version``, or None if its file is missing or unreadable."""
    path = version_path(version, "eml")
    if path is None or not path.exists():
        return None
    try:
        return parse_eml(path.read_bytes(), source=path.name)
    except EmlError:
        logger.exception(
            "Published EML of resource %s version %s is unreadable",
            version.resource_id,
            version.label,
        )
        return None


def _cached(path: Path, build):
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = build()
    if data is not None:
        tmp = path.with_name(path.name + ".tmp%d" % os.getpid())
        try:
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:  # a read-only data dir still serves pages, uncached
            tmp.unlink(missing_ok=True)
    return data


def _card(doc: Document) -> dict:
    box = next(
        (
            g.bbox
            for g in doc.geographic_coverages
            if all((g.bbox.west, g.bbox.south, g.bbox.east, g.bbox.north))
        ),
        None,
    )
    return {
        "shape": CARD_SHAPE,
        "title": doc.title,
        "abstract": "\n\n".join(p.strip() for p in doc.abstract if p.strip()),
        "keywords": [k.strip() for s in doc.keyword_sets for k in s.keywords if k.strip()],
        "licence_url": doc.licence.url,
        "licence_name": doc.licence.name,
        "contacts": [
            {
                "name": " ".join((a.given_name + " " + a.sur_name).split()) or a.organization,
                "email": a.emails[0] if a.emails else "",
            }
            for a in doc.contacts
        ],
        "bbox": [box.west, box.south, box.east, box.north] if box else None,
        "package_id": doc.package_id,
        "language": doc.language,
    }


def version_card(version: Version) -> dict:
    """Title, abstract, keywords, licence, contacts, first bounding box, packageId and
    language of the published EML (empty values when it cannot be read). Read for the feed
    entries, which are stored (``..fragments``); a card an older release kept is used."""
    path = resource_dir(version.resource) / ("portal-card-%s.json" % version.label)
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        card = None
    if isinstance(card, dict) and card.get("shape") == CARD_SHAPE:
        return card
    return _card_or_none(version) or {}


def _card_or_none(version: Version) -> dict | None:
    doc = version_document(version)
    return _card(doc) if doc is not None else None


def _summary_path(version: Version) -> Path:
    return resource_dir(version.resource) / ("portal-summary-%s.json" % version.label)


def version_summary_ready(version: Version) -> bool:
    """Whether the summary of the version's archive was computed (and kept)."""
    return _summary_path(version).exists()


def version_summary(version: Version, *, build: bool = True) -> ArchiveSummary | None:
    """Locations and records per year of the version's archive, computed on first use
    (only when ``build``, or when the archive is small enough to read during a request)."""
    path = _summary_path(version)
    allowed = build or version.archive_size <= settings.PORTAL_SUMMARY_INLINE_BYTES
    if not (allowed or path.exists()):
        return None
    data = _cached(path, lambda: _summary_or_none(version))
    if data and data.get("shape", 1) != SUMMARY_SHAPE and allowed:
        path.unlink(missing_ok=True)  # kept by an older release: rebuilt with today's keys
        data = _cached(path, lambda: _summary_or_none(version))
    return ArchiveSummary.from_dict(data) if data else None


def _summary_or_none(version: Version) -> dict | None:
    archive = version_path(version, "archive")
    if archive is None or not archive.exists():
        return None
    try:
        return summarise_archive(archive).to_dict()
    except Exception:  # a summary must never break a landing page
        logger.exception(
            "Summary of resource %s version %s failed", version.resource_id, version.label
        )
        return None


def version_summary_build(version: Version) -> None:
    """Compute and keep the summary now (for the end of a publication)."""
    version_summary(version, build=True)

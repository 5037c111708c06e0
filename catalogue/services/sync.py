"""Keeping the catalogue in step with the registry: listing, update checks, updates."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import definitions as cat
from catalogue import error_codes as codes
from catalogue.definitions.builtin import builtin_extensions
from catalogue.definitions.registry import ListingEntry, latest_by_row_type, parse_extension_listing
from catalogue.models import Extension, Origin, RegistryListing
from core.errors import AppError, UserError
from core.http import fetch_bytes

from .install import InstallResult, extension_install_from_url

logger = logging.getLogger(__name__)
LISTING = "extensions"


def registry_listing_refresh() -> RegistryListing:
    """Fetch the registry's extension list and keep it; on failure keep the old list and
    record the error (an offline instance keeps working)."""
    listing, _created = RegistryListing.objects.get_or_create(kind=LISTING)
    try:
        data = fetch_bytes(settings.EXTENSIONS_REGISTRY_URL, max_bytes=5 * 1024 * 1024, timeout=20)
        entries = parse_extension_listing(data)
    except (AppError, UserError, cat.CatalogueError) as exc:
        listing.error = str(exc)
        listing.save(update_fields=["error"])
        logger.warning("Extension list not refreshed: %s", exc)
        return listing
    listing.entries = [e.as_dict() for e in entries]
    listing.fetched_at, listing.error = timezone.now(), ""
    listing.save()
    return listing


def listing_entries() -> list[ListingEntry]:
    listing = RegistryListing.objects.filter(kind=LISTING).first()
    return [ListingEntry(**e) for e in listing.entries] if listing else []


def extensions_check_updates() -> dict[str, int]:
    """Refresh the listing and flag installed extensions that have a newer version."""
    listing = registry_listing_refresh()
    latest = latest_by_row_type(listing_entries())
    flagged = 0
    for extension in Extension.objects.all():
        entry = latest.get(extension.row_type)
        newer = (
            entry
            and entry.issued_date
            and (not extension.issued or entry.issued_date > extension.issued)
        )
        extension.latest_issued = entry.issued_date if entry and newer else None
        extension.latest_url = entry.url if entry and newer else ""
        extension.save(update_fields=["latest_issued", "latest_url"])
        flagged += bool(newer)
    return {"listed": len(latest), "updates": flagged, "error": bool(listing.error)}


def extension_update(*, extension: Extension, by=None) -> InstallResult:
    """Install the newer version the last check found for ``extension``."""
    if not extension.latest_url:
        raise UserError(
            _("No newer version of %(title)s is known; check for updates first.")
            % {"title": extension.title},
            code=codes.EXTENSION_NO_UPDATE,
        )
    return extension_install_from_url(url=extension.latest_url, by=by, origin=Origin.REGISTRY)


def extensions_available() -> list[dict]:
    """What an admin can install: registry entries for row types not installed yet, or,
    with no listing (offline), the built-in definitions that were removed."""
    installed = set(Extension.objects.values_list("row_type", flat=True))
    entries = latest_by_row_type(listing_entries())
    if entries:
        return [
            {
                "title": e.title or e.row_type,
                "row_type": e.row_type,
                "issued": e.issued,
                "url": e.url,
                "description": e.description,
                "builtin": False,
            }
            for e in sorted(entries.values(), key=lambda e: e.title.lower())
            if e.row_type not in installed
        ]
    return [
        {
            "title": d.title,
            "row_type": d.row_type,
            "issued": str(d.issued or ""),
            "url": "",
            "key": key,
            "description": d.description,
            "builtin": True,
        }
        for key, (d, _src) in sorted(builtin_extensions().items())
        if d.row_type not in installed
    ]

"""The rules of automatic publication: skip when nothing changed, stop when records dropped."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from core.errors import UserError
from resources import error_codes as codes
from resources.models import Resource, Version

from .schedule import publication_settings
from .store import Built


def auto_rules(resource: Resource, built: Built, previous: Version) -> bool:
    """True when nothing changed (skip); raises when a data file lost too many records."""
    options = publication_settings(resource)
    unchanged = (
        built.data_sha256 == previous.data_sha256
        and built.metadata_sha256 == previous.metadata_sha256
    )
    if options.skip_unchanged and unchanged:
        return True
    drops = records_dropped(previous.counts, built.counts, options.max_drop_percent)
    if drops:
        worst = max(drops, key=lambda d: d["percent"])
        raise UserError(
            gettext_noop(
                "%(file)s has %(now)d records, %(pct).1f%% fewer than in version %(v)s "
                "(%(before)d); automatic publication stops above %(max)d%%."
            ),
            params={
                "file": worst["file"],
                "now": worst["records"],
                "pct": worst["percent"],
                "v": previous.label,
                "before": worst["previous"],
                "max": options.max_drop_percent,
            },
            code=codes.PUBLICATION_RECORDS_DROPPED,
            details={"files": drops},
        )
    return False


def records_dropped(previous: dict[str, int], current: dict[str, int], limit: int) -> list[dict]:
    """The data files whose record count fell by more than ``limit`` percent (the IPT looks
    at the core only; for sampling events the occurrences matter as much)."""
    drops = []
    for name, before in previous.items():
        now = current.get(name, 0)
        if before and now < before and (before - now) * 100 / before > limit:
            drops.append(
                {
                    "file": name,
                    "previous": before,
                    "records": now,
                    "percent": round((before - now) * 100 / before, 1),
                }
            )
    return drops

"""Sweeping ``DATA_DIR/tmp``: what a killed process left behind is removed, what is in use stays.

Uploads that a web restart interrupted (Django's ``*.upload.*`` files), staged files nobody
confirmed and work folders of jobs that died are abandoned there for ever unless something
removes them. ``tmp_sweep`` removes every entry older than ``TEMP_MAX_AGE_HOURS``. Apps that
put entries there under a known prefix register who owns them
(``tmp_owner_register``, in their ``AppConfig.ready``): an entry its owner says is in use is
never removed, and an owner may declare its entries abandoned sooner (a publication's work
folder is abandoned as soon as its job is not running).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TmpOwner:
    """Entries of ``DATA_DIR/tmp`` whose name starts with ``prefix``.

    ``in_use(path)`` is True while something still needs the entry; ``max_age_hours``
    (None: ``TEMP_MAX_AGE_HOURS``) is how old an unused entry must be to be removed.
    """

    prefix: str
    in_use: Callable[[Path], bool]
    max_age_hours: float | None = None


_OWNERS: dict[str, TmpOwner] = {}


def tmp_owner_register(
    prefix: str, *, in_use: Callable[[Path], bool], max_age_hours: float | None = None
) -> None:
    """Declare that entries named ``prefix…`` belong to the caller (see ``TmpOwner``)."""
    _OWNERS[prefix] = TmpOwner(prefix, in_use, max_age_hours)


def tmp_dir() -> Path:
    return Path(settings.DATA_DIR) / "tmp"


def _owner(name: str) -> TmpOwner | None:
    matches = [o for o in _OWNERS.values() if name.startswith(o.prefix)]
    return max(matches, key=lambda o: len(o.prefix)) if matches else None


def _last_change(path: Path) -> float:
    """The newest modification time of ``path`` and, for a folder, of anything in it."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                try:
                    newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime)
                except FileNotFoundError:
                    continue
    return newest


def _abandoned(path: Path, now: float, default_hours: float) -> bool:
    owner = _owner(path.name)
    hours = default_hours
    if owner is not None:
        if owner.in_use(path):
            return False
        hours = owner.max_age_hours if owner.max_age_hours is not None else default_hours
    return _last_change(path) < now - hours * 3600


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def tmp_sweep(*, max_age_hours: float | None = None) -> list[str]:
    """Remove the abandoned entries of ``DATA_DIR/tmp``; returns their names.

    An entry is abandoned when nothing in it changed for ``max_age_hours`` (default
    ``TEMP_MAX_AGE_HOURS``) and its owner, if one registered, does not say it is in use.
    """
    folder = tmp_dir()
    if not folder.is_dir():
        return []
    hours = settings.TEMP_MAX_AGE_HOURS if max_age_hours is None else max_age_hours
    now, removed = time.time(), []
    for path in sorted(folder.iterdir()):
        try:
            if _abandoned(path, now, hours):
                _remove(path)
                removed.append(path.name)
        except FileNotFoundError:
            continue  # removed meanwhile by whoever owned it
    if removed:
        logger.info("Removed %d abandoned temporary entries", len(removed))
    return removed

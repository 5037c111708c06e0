"""A resource logo uploaded to this installation.

Kept as ``logo.<png|jpg|gif>`` in the resource folder, the IPT's layout, so that exports and
imports of the folder carry it and ``/logo.do?r=<shortname>`` serves it. Only PNG, JPEG and
GIF are taken, recognised by their first bytes whatever the file is called: the IPT's three
types, none of which can carry a script (SVG can, so it is refused).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import UserError
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import User
from publisher.services.installation import installation_base_url
from resources import error_codes as codes
from resources.ipt.folder import LOGO_SUFFIXES, logo_file
from resources.models import Resource

from .resources import resource_dir

LOGO_MAX_BYTES = 1024 * 1024
# Signatures: PNG, JPEG (SOI and the first marker's 0xFF), GIF.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def logo_kind(data: bytes) -> str | None:
    """``png``, ``jpg`` or ``gif`` by the file's signature; None for anything else."""
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def logo_url(resource: Resource) -> str:
    """The absolute ``/logo.do?r=<shortname>`` address of this installation."""
    return "%s/logo.do?r=%s" % (installation_base_url(), quote(resource.shortname, safe=""))


def resource_logo_path(resource: Resource) -> Path | None:
    """The logo file in the resource folder (uploaded here or imported), if any."""
    folder = resource_dir(resource)
    return logo_file(folder) if folder.is_dir() else None


def _checked(upload: BinaryIO) -> tuple[bytes, str]:
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise UserError(
            gettext_noop("The logo is larger than %(size)d kB; upload a smaller image."),
            params={"size": LOGO_MAX_BYTES // 1024},
            code=codes.RESOURCE_LOGO_SIZE,
        )
    kind = logo_kind(data)
    if kind is None:
        raise UserError(
            _("The file is not a PNG, JPEG or GIF image; SVG and other types are refused."),
            code=codes.RESOURCE_LOGO_TYPE,
        )
    return data, kind


def _remove_files(folder: Path, *, keep: Path | None = None) -> bool:
    removed = False
    for suffix in LOGO_SUFFIXES:
        path = folder / ("logo" + suffix)
        if path != keep and path.is_file():
            path.unlink()
            removed = True
    return removed


def _set_logo_url(resource: Resource, url: str, *, user: User | None) -> None:
    doc = metadata_get(resource)
    doc.resource_logo_url = url
    metadata_save(resource, doc, user=user)


@transaction.atomic
def resource_logo_upload(*, resource: Resource, upload: BinaryIO, user: User | None) -> Path:
    """Store ``upload`` as the resource's logo, replacing any other, and point the working
    metadata's logo URL at ``/logo.do`` (so the next published EML names it).

    Raises ``UserError`` (nothing changed) for a file over ``LOGO_MAX_BYTES`` or one that is
    not a PNG, JPEG or GIF image by its content.
    """
    data, kind = _checked(upload)
    folder = resource_dir(resource)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ("logo." + kind)
    partial = folder / ("logo.%s.part" % kind)
    partial.write_bytes(data)
    os.replace(partial, target)  # a reader sees the old logo or the new one, never half
    _remove_files(folder, keep=target)
    _set_logo_url(resource, logo_url(resource), user=user)
    return target


@transaction.atomic
def resource_logo_remove(*, resource: Resource, user: User | None) -> bool:
    """Remove the uploaded logo; the working metadata's logo URL is cleared when it named
    this installation's ``/logo.do``. Returns whether there was a file."""
    folder = resource_dir(resource)
    removed = _remove_files(folder) if folder.is_dir() else False
    if metadata_get(resource).resource_logo_url.strip() == logo_url(resource):
        _set_logo_url(resource, "", user=user)
    return removed

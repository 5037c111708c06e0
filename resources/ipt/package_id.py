"""The dataset identifier an IPT resource carries in its EML ``packageId``.

The IPT writes ``<uuid>/v<version>`` (since 2.2; the UUID is the GBIF key of a registered
resource, else one of its own), and older versions ``<resource URL>/v<version>``. The UUID
names the dataset across its versions, so it moves with the resource.
"""

from __future__ import annotations

import re
import uuid

from . import xstream as xs
from .model import IptError

VERSION_SUFFIX = re.compile(r"/v\d+(?:\.\d+)?$")


def eml_package_id(data: bytes, *, source: str = "eml.xml") -> str:
    """The ``packageId`` of an EML document ("" when absent or unreadable)."""
    try:
        return (xs.parse(data, source=source).get("packageId") or "").strip()
    except IptError:
        return ""


def package_uuid(package_id: str) -> str | None:
    """The UUID a packageId is made of, without its ``/v<version>`` (canonical form), or
    None when it is not one (an old IPT's resource URL)."""
    bare = VERSION_SUFFIX.sub("", package_id.strip())
    try:
        return str(uuid.UUID(bare)) if len(bare) in (32, 36) else None
    except ValueError:
        return None

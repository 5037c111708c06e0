"""What a published Darwin Core Archive holds: records per data file, read from meta.xml."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from resources.dwca.meta_read import read_meta

from .model import IptError, gettext_noop

CHUNK = 1 << 20


@dataclass
class ArchiveCounts:
    """Records per data file (``{"event.txt": 2}``) and the core file's name ("" when the
    archive has no core, e.g. metadata only)."""

    counts: dict[str, int] = field(default_factory=dict)
    core: str = ""

    @property
    def records(self) -> int:
        return self.counts.get(self.core, 0)


def archive_counts(path: Path) -> ArchiveCounts:
    """Count the non-blank lines of each data file named by ``meta.xml``, less its header
    lines, streaming. Raises ``IptError`` (``ipt:archive``) for a damaged zip or meta.xml."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "meta.xml" not in names:
                return ArchiveCounts()
            descriptor = read_meta(zf.read("meta.xml"), source=path.name + "/meta.xml")
            found = ArchiveCounts()
            for file in descriptor.files:
                location = file.locations[0] if file.locations else ""
                if location not in names:
                    continue
                found.counts[location] = max(0, _lines(zf, location) - file.ignore_header_lines)
                if file.core:
                    found.core = location
            return found
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # MetaError is a ValueError
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> IptError:
    return IptError(
        gettext_noop("%(file)s is not a readable archive: %(error)s"),
        code="ipt:archive",
        file=path.name,
        params={"file": path.name, "error": str(exc)},
    )


def archive_row_types(path: Path) -> dict[str, str]:
    """The rowType meta.xml declares for each data file (``{"image.txt":
    "http://rs.gbif.org/terms/1.0/Image"}``); empty without meta.xml. Raises ``IptError``
    (``ipt:archive``) for a damaged zip or meta.xml."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "meta.xml" not in zf.namelist():
                return {}
            descriptor = read_meta(zf.read("meta.xml"), source=path.name + "/meta.xml")
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # MetaError is a ValueError
        raise _unreadable(path, exc) from exc
    return {f.locations[0]: f.row_type for f in descriptor.files if f.locations}


def _lines(zf: zipfile.ZipFile, name: str) -> int:
    count, pending = 0, b""
    with zf.open(name) as member:
        while chunk := member.read(CHUNK):
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            count += sum(1 for line in lines if line.strip())
    if pending.strip():
        count += 1
    return count

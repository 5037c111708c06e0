"""Where a resource's published files live, under the names the IPT gives them."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

from core.models import Job
from resources.dwca.segments import fingerprint
from resources.models import Resource, Version

from ..resources import resource_dir

# What each built file becomes in the resource folder (IPT names, version in the name).
NAMES = {
    "archive": "dwca-%s.zip",
    "eml": "eml-%s.xml",
    "report": "report-%s.json",
    "flagged": "flagged-%s.tsv.gz",
    "ids": "ids-%s.npy",
    "datapackage": "dwc-dp-%s.zip",
}
# Zip entries that do not count as data when deciding whether anything changed.
NOT_DATA = ("eml.xml",)


def version_file_name(kind: str, label: str) -> str:
    """The file name of ``kind`` (archive, eml, report, flagged, ids, datapackage) for
    version ``label``."""
    return NAMES[kind] % label


def version_path(version: Version, kind: str) -> Path | None:
    """The stored file of ``kind`` for ``version``, or None when it has none."""
    name = getattr(version, kind + "_name")
    if not name or (kind in ("archive", "datapackage") and version.archive_removed_at):
        return None
    return resource_dir(version.resource) / name


def resource_folder(resource: Resource) -> Path:
    folder = resource_dir(resource)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_sha256(archive: Path, member_digests: dict[str, str] | None = None) -> str:
    """One SHA-256 over the fingerprint (CRC-32 and size) of every zip entry but the EML (in
    name order), so that a new ``pubDate`` alone does not count as a change of data.
    ``member_digests`` (what the archive builder computed while writing) saves opening the
    archive; read from an archive, the fingerprints come from its central directory. The
    CRC-32 can be combined from parts compressed in parallel, which a SHA-256 cannot."""
    digests = dict(member_digests or {}) or _member_digests(archive)
    combined = hashlib.sha256()
    for name in sorted(digests):
        if name not in NOT_DATA:
            combined.update(("%s\0%s\n" % (name, digests[name])).encode())
    return combined.hexdigest()


def _member_digests(archive: Path) -> dict[str, str]:
    with zipfile.ZipFile(archive) as zf:
        return {info.filename: fingerprint(info.CRC, info.file_size) for info in zf.infolist()}


def flagged_path(resource: Resource, folder: str, job: Job) -> Path:
    """Where the flagged rows of ``job`` (a failed publication, a validation) are kept."""
    return resource_dir(resource) / folder / ("flagged-%s.tsv.gz" % job.pk)


def flagged_keep(resource: Resource, folder: str, job: Job, flagged: Path | None) -> str:
    """Move the flagged rows of ``job`` into the resource's ``folder``, replacing those kept
    there before (only the last are kept); their file name, "" when there were none."""
    target = flagged_path(resource, folder, job)
    shutil.rmtree(target.parent, ignore_errors=True)
    if flagged is None or not flagged.exists():
        return ""
    target.parent.mkdir(parents=True)
    shutil.move(str(flagged), target)
    return target.name

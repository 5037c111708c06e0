"""Detect what an upload is and import it: the entry point of the import job, the API, the
page and the command."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from core.editable import max_length
from core.errors import UserError
from core.jobs import JobParams
from core.models import Job
from core.services.jobs import job_create
from resources import error_codes as codes
from resources.models import Resource

RESOURCE_IMPORT = "resource-import"


@dataclass(frozen=True)
class ResourceImportParams(JobParams):
    """What to import, for whom: one of ``staged`` (an upload), ``url`` or ``path`` (a zip
    or folder on the server, from the command line only), with an optional short name."""

    user: int
    shortname: str = ""
    staged: dict | None = None
    url: str | None = None
    path: str | None = None


DWCA, IPT_FOLDER, IPT_DATADIR, EML = "dwca", "ipt-folder", "ipt-datadir", "eml"


def import_kind(path: Path) -> str:
    """What ``path`` (a zip, a folder or a lone file) holds: an IPT data directory
    (``resources/*/resource.xml``), one IPT resource folder (``resource.xml`` at the top or
    one level down), a lone EML document (an ``.xml`` file, not zipped) or else a Darwin
    Core Archive."""
    if path.is_file() and path.suffix.lower() == ".xml" and not zipfile.is_zipfile(path):
        return EML
    names = _member_names(path)
    parts = [PurePosixPath(n).parts for n in names]
    if any(len(p) >= 3 and p[-1] == "resource.xml" and p[-3] == "resources" for p in parts):
        return IPT_DATADIR
    if any(len(p) <= 2 and p[-1] == "resource.xml" for p in parts):
        return IPT_FOLDER
    return DWCA


def _member_names(path: Path) -> list[str]:
    if path.is_dir():
        return [str(p.relative_to(path).as_posix()) for p in path.rglob("*") if p.is_file()]
    try:
        with zipfile.ZipFile(path) as zf:
            return [re.sub(r"[\\/]+", "/", n) for n in zf.namelist()]
    except (zipfile.BadZipFile, OSError):
        return [path.name]


def resources_import(
    *, path: Path, user, shortname: str | None = None, progress=None, log=None
) -> list:
    """Import ``path`` as what it is; returns one ``ImportResult`` per resource created.

    A Darwin Core Archive or an EML document (a metadata-only resource) needs a short name
    (the file name's stem when none is given); an IPT folder keeps its own unless one is
    given; a data directory keeps every short name.
    """
    from .dwca import resource_from_dwca
    from .eml_only import resource_from_eml
    from .ipt import ipt_datadir_import, resource_from_ipt_folder

    kind = import_kind(path)
    if log:
        log("importing %s as %s" % (path.name, kind))
    if kind == IPT_DATADIR:
        return ipt_datadir_import(path=path, user=user, progress=progress)
    if kind == IPT_FOLDER:
        return [
            resource_from_ipt_folder(
                path=path, user=user, shortname=shortname or None, progress=progress
            )
        ]
    name = shortname or _shortname_from(path.name)
    if kind == EML:
        return [resource_from_eml(path=path, user=user, shortname=name)]
    return [resource_from_dwca(path=path, user=user, shortname=name, progress=progress)]


def _shortname_from(filename: str) -> str:
    stem = re.sub(r"^\d+-", "", filename).split(".")[0]  # staged files carry an index prefix
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[: max_length(Resource, "shortname")]
    return name if len(name) >= 3 else "imported-" + (name or "resource")


def resources_import_staged(
    *, staged: dict, user, shortname: str | None = None, progress=None, log=None
) -> list:
    """Import the one staged upload or download; the staging folder is removed afterwards."""
    try:
        files = staged.get("files") or []
        if len(files) != 1:
            raise UserError(
                _(
                    "Upload exactly one file to import: a Darwin Core Archive or a "
                    "zipped IPT resource folder or data directory."
                ),
                code=codes.IMPORT_FILE_COUNT,
            )
        path = Path(files[0]["path"])
        target = path.with_name(files[0]["filename"])
        if target != path:
            path.rename(target)
        return resources_import(
            path=target, user=user, shortname=shortname, progress=progress, log=log
        )
    finally:
        shutil.rmtree(staged["folder"], ignore_errors=True)


def resource_import_start(
    *,
    user,
    staged: dict | None = None,
    url: str = "",
    path: Path | None = None,
    shortname: str = "",
    enqueue: bool = True,
) -> Job:
    """Queue the import of an upload (``staged``), a ``url`` or a local ``path`` (a zip or
    an unpacked folder on the server: the command line's, never taken from the web); follow
    it as a job. ``enqueue=False`` leaves the job for the caller to run."""
    given = [g for g in (staged, url, path) if g]
    if len(given) != 1:
        raise UserError(_("Give either a file or a URL to import."), code=codes.IMPORT_INPUT)
    params = ResourceImportParams(
        user=user.pk,
        shortname=shortname,
        staged=staged or None,
        url=url or None,
        path=str(path) if path else None,
    )
    return job_create(
        kind=RESOURCE_IMPORT, created_by=user, params=params.to_json(), enqueue=enqueue
    )

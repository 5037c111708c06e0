"""Creating resources from IPT resource folders and from a whole IPT data directory.

A resource folder (``resources/<shortname>/`` of an IPT data directory, zipped or not)
brings its sources, mappings (constants, defaults, translations, filter), metadata
(``eml.xml``), and its published versions with their archives and EML byte for byte, dates,
change summaries and visibility; registration key and organisation are carried over. The
short name is kept (unless another is given), so ``archive.do?r=<shortname>&v=<version>``
keeps answering with the same file. A folder exported by this publisher (it has a
``resource.json``) is read from that file instead, with full fidelity. Everything that could
not be imported is said in the result's notes.
"""

from __future__ import annotations

import logging
import re
import shutil
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import UserError
from core.services.tmp import tmp_dir
from metadata.services.coverage import metadata_settings_update
from metadata.services.io import metadata_import
from publisher.models import User
from resources import error_codes as codes
from resources.ipt.folder import (
    locate_datadir,
    locate_resource_folder,
    logo_file,
    other_files,
    registration_file,
    resource_folders,
    source_file,
)
from resources.ipt.model import IptError, IptRegistration, IptResource
from resources.ipt.registration import parse_registration_xml
from resources.ipt.resource_xml import parse_resource_xml
from resources.models import Resource, ResourceType, Visibility
from resources.sources.archive import unpack_tree
from resources.sources.errors import SourceError

from ..publication.files import resource_folder
from ..resources import resource_add_manager, resource_create
from ..search import resource_facts_build
from ..sources import user_error
from .dwca import ImportResult
from .ipt_accounts import USERS_FILE, ipt_accounts_adopt
from .ipt_history import ipt_versions_planned
from .ipt_identity import ipt_package_id_keep
from .ipt_parts import ipt_mappings_add, ipt_sources_add
from .ipt_versions import VISIBILITY, Standing, resource_standing_set, versions_adopt
from .undo import undone_on_failure

logger = logging.getLogger(__name__)
Progress = Callable[[int, int | None], None]
MAX_MEMBERS = 100_000
MAX_RATIO = 200
TYPES = {
    "samplingevent": ResourceType.SAMPLING_EVENT,
    "occurrence": ResourceType.OCCURRENCE,
    "checklist": ResourceType.CHECKLIST,
    "metadata": ResourceType.METADATA,
}
CORE_TYPES = {
    "http://rs.tdwg.org/dwc/terms/Event": ResourceType.SAMPLING_EVENT,
    "http://rs.tdwg.org/dwc/terms/Occurrence": ResourceType.OCCURRENCE,
    "http://rs.tdwg.org/dwc/terms/Taxon": ResourceType.CHECKLIST,
}
DATA_PACKAGES = ("camtrapdp", "coldp")
STEPS = 4

__all__ = ["ImportResult", "ipt_datadir_import", "resource_from_ipt_folder"]


def resource_from_ipt_folder(
    *, path: Path, user: User, shortname: str | None = None, progress: Progress | None = None
) -> ImportResult:
    """Create one resource from ``path``: a zip of ``<shortname>/...`` (or of the folder's
    contents) or an unpacked folder. All of it or nothing.

    The short name defaults to the folder's name. Refused (``UserError``, nothing created or
    left on disk): an unsafe zip (``source:zip-unsafe``, ``source:zip-bomb``), no
    ``resource.xml`` (``ipt:no-resource``), an unreadable or hostile ``resource.xml``
    (``ipt:xml``, ``ipt:hostile``), a data package resource (``ipt:data-package``), a taken
    or invalid short name (``resource:shortname-taken``, ``resource:shortname``).
    """
    with _opened(path) as (root, workdir):
        folder = _located(lambda: locate_resource_folder(root))
        name = shortname or (
            folder.name if folder != root or path.is_dir() else path.name.split(".")[0]
        )
        return _import_folder(
            folder, workdir, user=user, shortname=name, registration=None, progress=progress
        )


def ipt_datadir_import(
    *, path: Path, user: User, progress: Progress | None = None
) -> list[ImportResult]:
    """Create a resource from every ``resources/<shortname>/`` of an IPT data directory
    (zipped or not), each with its short name, organisations and registration taken from
    ``config/registration2.xml`` when present. A resource that fails is reported (a result
    with ``resource`` None and the reason as its only note); the others are imported."""
    with _opened(path) as (root, workdir):
        datadir = _located(lambda: locate_datadir(root))
        shared: list[str] = []
        registration = _registration(datadir, shared)
        ipt_accounts_adopt(datadir, user=user, notes=shared)  # before managers are matched
        _config_notes(datadir, shared)
        folders = resource_folders(datadir)
        results = []
        for done, folder in enumerate(folders, start=1):
            results.append(_import_one(folder, workdir, user, registration, shared))
            if progress:
                progress(done, len(folders))
        return results


def _import_one(
    folder: Path, workdir: Path, user: User, registration: IptRegistration | None, shared: list[str]
) -> ImportResult:
    try:
        result = _import_folder(
            folder,
            workdir,
            user=user,
            shortname=folder.name,
            registration=registration,
            progress=None,
        )
    except UserError as exc:
        return _failed(folder.name, exc.message)
    except Exception:  # one broken resource must not stop the others; the log has the cause
        logger.exception("Import of IPT resource folder %s failed", folder.name)
        return _failed(folder.name, _("an unexpected error; the server log has the details"))
    result.notes[:0] = shared
    return result


def _failed(name: str, reason: str) -> ImportResult:
    return ImportResult(
        resource=None,  # type: ignore[arg-type]
        notes=[_("%(name)s was not imported: %(reason)s") % {"name": name, "reason": reason}],
        counts={},
    )


@contextmanager
def _opened(path: Path) -> Iterator[tuple[Path, Path]]:
    """The folder to read (unpacked when ``path`` is a zip) and a scratch folder; both are
    removed afterwards."""
    workdir = tmp_dir() / ("ipt-" + uuid.uuid4().hex)
    workdir.mkdir(parents=True)
    try:
        if path.is_dir():
            _check_links(path)
            yield path, workdir
            return
        if not zipfile.is_zipfile(path):
            raise UserError(
                gettext_noop("%(file)s is not a zip file. Zip the IPT folder and import the zip."),
                params={"file": path.name},
                code=codes.IPT_NOT_ZIP,
            )
        target = workdir / "unpacked"
        try:
            unpack_tree(
                path,
                target,
                max_total_bytes=settings.SOURCE_MAX_UNPACKED_BYTES,
                max_ratio=MAX_RATIO,
                max_members=MAX_MEMBERS,
            )
        except SourceError as exc:
            raise user_error(exc) from exc
        yield target, workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _check_links(folder: Path) -> None:
    """A folder is read in place: a link in it could make the import read any file."""
    links = [p for p in folder.rglob("*") if p.is_symlink()]
    if links:
        raise UserError(
            gettext_noop(
                "%(file)s is a symbolic link, so nothing was imported. Copy the files "
                "themselves into the folder."
            ),
            params={"file": links[0].name},
            code=codes.SOURCE_ZIP_UNSAFE,
        )


def _located(find: Callable[[], Path | None]) -> Path:
    try:
        found = find()
    except IptError as exc:
        raise UserError(exc.template, code=exc.code, params=exc.params) from exc
    assert found is not None
    return found


def _registration(datadir: Path, notes: list[str]) -> IptRegistration | None:
    path = registration_file(datadir)
    if path is None:
        return None
    try:
        return parse_registration_xml(path.read_bytes())
    except IptError as exc:
        notes.append(
            _(
                "config/registration2.xml could not be read (%(error)s); organisations "
                "were not created from it."
            )
            % {"error": exc.message}
        )
        return None


def _config_notes(datadir: Path, notes: list[str]) -> None:
    config = datadir / "config"
    rest = sorted(
        p.name
        for p in config.glob("*")
        if p.is_file()
        and p.name not in ("registration2.xml", USERS_FILE)
        and not p.name.startswith(".")
    )
    if rest:
        notes.append(
            _("Not imported from config/: %(files)s (the IPT's own settings).")
            % {"files": ", ".join(rest)}
        )


# --- one resource folder ---------------------------------------------------------------------


def _import_folder(
    folder: Path,
    workdir: Path,
    *,
    user: User,
    shortname: str,
    registration: IptRegistration | None,
    progress: Progress | None,
) -> ImportResult:
    if (folder / "resource.json").is_file():
        from .ipt_native import resource_from_export

        return resource_from_export(
            folder=folder, user=user, shortname=shortname, registration=registration
        )
    try:
        ipt = parse_resource_xml((folder / "resource.xml").read_bytes())
    except IptError as exc:
        raise UserError(
            exc.template, code=exc.code, details={"file": exc.file}, params=exc.params
        ) from exc
    notes = list(ipt.notes)
    kind = _resource_type(ipt, notes)
    with undone_on_failure() as keep:
        resource = keep(resource_create(shortname=shortname, creator=user, type=kind))
        counts = _contents(resource, ipt, folder, workdir, user, notes, progress)
        standing = _standing(ipt, registration)
        resource_standing_set(resource=resource, standing=standing, notes=notes)
    resource_facts_build(resource=resource)  # the adopted versions are found by taxa too
    logger.info("IPT resource %s imported as resource %s", shortname, resource.pk)
    return ImportResult(resource=resource, notes=notes, counts=counts)


def _contents(
    resource: Resource,
    ipt: IptResource,
    folder: Path,
    workdir: Path,
    user: User,
    notes: list[str],
    progress: Progress | None,
) -> dict[str, int]:
    def step(done: int) -> None:
        if progress:
            progress(done, STEPS)

    sources = ipt_sources_add(resource, ipt, folder, notes)
    step(1)
    counts = ipt_mappings_add(resource, ipt, sources, notes)
    step(2)
    _metadata(resource, ipt, folder, user, notes)
    _managers(resource, ipt, user, notes)
    step(3)
    versions, used = ipt_versions_planned(ipt, folder, workdir, notes)
    versions_adopt(resource=resource, versions=versions, notes=notes)
    used |= _logo(resource, folder)
    used |= {folder / "resource.xml", folder / "eml.xml"}
    used |= {p for s in ipt.sources if (p := source_file(folder, s.name, s.kind))}
    _leftovers(ipt, folder, used, notes)
    step(4)
    return counts


def _resource_type(ipt: IptResource, notes: list[str]) -> str:
    core = re.sub(r"[^a-z]", "", ipt.core_type.lower())
    if core in DATA_PACKAGES:
        raise UserError(
            gettext_noop(
                "This is a %(type)s data package resource; data packages cannot be imported here."
            ),
            params={"type": ipt.core_type},
            code=codes.IPT_DATA_PACKAGE,
        )
    if core in TYPES:
        return TYPES[core]
    for mapping in ipt.mappings:
        if mapping.row_type in CORE_TYPES:
            kind = CORE_TYPES[mapping.row_type]
            break
    else:
        kind = ResourceType.METADATA if not ipt.mappings else ResourceType.OCCURRENCE
    notes.append(
        _("The IPT type %(type)s does not exist here; the resource was imported as %(kind)s.")
        % {"type": ipt.core_type or "-", "kind": kind}
    )
    return kind


def _metadata(
    resource: Resource, ipt: IptResource, folder: Path, user: User, notes: list[str]
) -> None:
    eml = folder / "eml.xml"
    if not eml.is_file():
        notes.append(_("The folder has no eml.xml: the metadata starts empty."))
    else:
        try:
            metadata_import(resource, data=eml.read_bytes(), user=user, filename="eml.xml")
        except UserError as exc:
            notes.append(
                _("The metadata (eml.xml) was not imported: %(error)s") % {"error": exc.message}
            )
    if ipt.citation_auto is not None:
        metadata_settings_update(resource, citation_auto=ipt.citation_auto, user=user)
    ipt_package_id_keep(resource=resource, ipt=ipt, folder=folder, notes=notes)


def _managers(resource: Resource, ipt: IptResource, user: User, notes: list[str]) -> None:
    """The IPT's creator and managers become managers here when they have accounts."""
    for email in dict.fromkeys(e for e in [ipt.creator, *ipt.managers] if e):
        found = User.objects.filter(email__iexact=email).first()
        if found is None:
            notes.append(_("Manager %(email)s has no account here; not added.") % {"email": email})
        elif found.pk != user.pk:
            try:
                resource_add_manager(resource=resource, user=found)
            except UserError as exc:
                notes.append(exc.message)


def _logo(resource: Resource, folder: Path) -> set[Path]:
    logo = logo_file(folder)
    if logo is None:
        return set()
    shutil.copy2(logo, resource_folder(resource) / logo.name.lower())
    return {logo}


def _standing(ipt: IptResource, registration: IptRegistration | None) -> Standing:
    registered = ipt.status == "REGISTERED"
    released = [v.released for v in ipt.versions if v.released and v.status == "REGISTERED"]
    return Standing(
        visibility=VISIBILITY.get(ipt.status, Visibility.PRIVATE),
        gbif_key=ipt.key if registered else "",
        registered_at=min(released) if released else ipt.last_published,
        organisation_key=ipt.organisation,
        organisation=registration.organisations.get(ipt.organisation) if registration else None,
        extra={"created": ipt.created} if ipt.created else {},
    )


def _leftovers(ipt: IptResource, folder: Path, used: set[Path], notes: list[str]) -> None:
    if ipt.key and ipt.status != "REGISTERED":
        notes.append(
            _("The GBIF key %(key)s of this %(status)s resource was not carried over.")
            % {"key": ipt.key, "status": ipt.status.lower()}
        )
    if ipt.doi:
        notes.append(
            _("The DOI %(doi)s is not carried over: DOIs are not managed here.") % {"doi": ipt.doi}
        )
    if ipt.publication_mode.upper().startswith("AUTO_PUBLISH_ON"):
        notes.append(
            _(
                "The IPT published this resource automatically (%(frequency)s); turn "
                "auto-publishing on again in the publication settings."
            )
            % {"frequency": ipt.update_frequency.lower() or "?"}
        )
    rest = other_files(folder, used)
    if rest:
        notes.append(
            _(
                "Files not imported: %(files)s. RTF documents are made again from the "
                "EML on request; logs, inferred metadata and backups stay with the IPT."
            )
            % {"files": ", ".join(rest)}
        )

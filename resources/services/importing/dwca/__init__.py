"""Creating a resource from a Darwin Core Archive: sources, mappings and metadata.

As the IPT does: the core row type sets the resource type, each data file becomes a text
source read with the options meta.xml gives, each is mapped field by field as meta.xml
says (column indexes, ``default`` values, the id / core id column), and the archive's EML
becomes the metadata. What cannot be imported as it is (a term the installed extension
lacks, an EML the parser refuses) is left out and said in the result's notes.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from catalogue.models import Extension
from core.errors import UserError
from core.services.tmp import tmp_dir
from metadata.eml.parse import strip_leading
from metadata.services.io import metadata_import
from publisher.models import User
from resources.dwca.meta_read import ArchiveDescriptor, MetaError
from resources.models import Resource, Source

from ...publication.archive import DELIMITER_KEY
from ...resources import resource_create
from ...sources import source_add_file, source_name
from ..undo import undone_on_failure
from .fields import map_source
from .notes import ignored_files, missing_eml, ragged_rows
from .plan import (
    TYPE_OF_CORE,
    Planned,
    check_extensions,
    check_ids,
    eml_file,
    members,
    plan,
    unpacked,
)

UTF8_BOM = b"\xef\xbb\xbf"

Progress = Callable[[int, int | None], None]


@dataclass
class ImportResult:
    """The resource created, what was left out or changed on the way (one sentence each),
    and the number of data rows read per row type."""

    resource: Resource
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def resource_from_dwca(
    *,
    path: Path,
    user: User,
    shortname: str,
    title: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Create the resource ``shortname`` from the archive at ``path`` (a zip, or the folder
    of an unpacked archive); all of it or nothing.

    Refused (``UserError``, nothing created or left on disk): an unsafe or damaged zip, a
    meta.xml that cannot be read (``dwca:meta-*``), a data file it names that is missing, a
    row type that is not an installed extension (``dwca:extension-missing``), a core without
    ``id`` while extensions exist, a core row type no resource type has, a taken or invalid
    short name, a data file the reader cannot read. Terms the extension lacks and an EML
    document that cannot be imported are noted, not refused. The EML's title, when there is one,
    replaces ``title``.
    """
    workdir = tmp_dir() / ("dwca-" + uuid.uuid4().hex)
    workdir.mkdir(parents=True)
    notes: list[str] = []
    try:
        folder = unpacked(path, workdir)
        files = members(folder)
        archive, planned = plan(folder, files, notes)
        extensions = check_extensions(archive)
        check_ids(archive)
        eml = eml_file(files, archive.metadata)
        notes.extend(missing_eml(archive.metadata, eml))
        notes.extend(ignored_files(folder, _read_files(files, planned, eml)))
        return _create(
            shortname=shortname,
            user=user,
            title=title,
            archive=archive,
            planned=planned,
            extensions=extensions,
            eml=eml,
            notes=notes,
            progress=progress,
        )
    except MetaError as exc:
        raise UserError(
            _meta_text(exc), code=exc.code, details={"file": "meta.xml", "line": exc.line}
        ) from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _read_files(files: dict[str, Path], planned: list[Planned], eml: Path | None) -> set[Path]:
    """The archive's files the import reads: meta.xml, the data files, the EML."""
    meta = {p for name, p in files.items() if name.lower() == "meta.xml"}
    return meta | {item.path for item in planned} | ({eml} if eml else set())


# --- creating the resource ---------------------------------------------------------------------


def _create(
    *,
    shortname: str,
    user: User,
    title: str | None,
    archive: ArchiveDescriptor,
    planned: list[Planned],
    extensions: dict[str, Extension],
    eml: Path | None,
    notes: list[str],
    progress: Progress | None,
) -> ImportResult:
    with undone_on_failure() as keep:
        resource = keep(
            resource_create(
                shortname=shortname,
                creator=user,
                title=title or "",
                type=TYPE_OF_CORE[archive.core.row_type],
            )
        )
        counts: dict[str, int] = {}
        names: set[str] = set()
        added: dict[Path, Source] = {}  # a file mapped to two row types is one source
        for done, item in enumerate(planned, start=1):
            # Rows read keep the job's heartbeat going while a big file is analysed.
            beat = (lambda _rows, d=done: progress(d - 1, len(planned))) if progress else None
            source = added.get(item.path) or _add_source(resource, item, names, notes, beat)
            added[item.path] = source
            map_source(
                resource, source, item.descriptor, extensions[item.descriptor.row_type], notes
            )
            row_type = item.descriptor.row_type
            counts[row_type] = counts.get(row_type, 0) + (source.row_count or 0)
            if progress:
                progress(done, len(planned))
        _import_eml(resource, eml, user=user, notes=notes)
    return ImportResult(resource=resource, notes=notes, counts=counts)


def _add_source(
    resource: Resource,
    item: Planned,
    names: set[str],
    notes: list[str],
    progress: Callable[[int], None] | None = None,
) -> Source:
    base = name = source_name(item.path.name)
    number = 1
    while name in names:
        number += 1
        name = "%s_%d" % (base, number)
    names.add(name)
    source = source_add_file(
        resource=resource, path=item.path, name=name, spec=item.spec, progress=progress
    )
    notes.extend(ragged_rows(source))
    delimiters = {f.delimited_by for f in item.descriptor.fields if f.delimited_by}
    if len(delimiters) == 1:
        source.spec = {**source.spec, DELIMITER_KEY: delimiters.pop()}
        source.save(update_fields=["spec"])
    elif delimiters:
        notes.append(
            _("%(file)s: meta.xml gives several multi-value delimiters (%(found)s); none was kept.")
            % {"file": item.path.name, "found": " ".join(sorted(delimiters))}
        )
    return source


def _import_eml(resource: Resource, eml: Path | None, *, user: User, notes: list[str]) -> None:
    """The archive's EML as the metadata (the resource's title follows the document's)."""
    if eml is None:
        notes.append(_("The archive has no EML document; the metadata is empty."))
        return
    data = eml.read_bytes()
    try:
        metadata_import(resource, data=data, user=user, filename=eml.name)
    except UserError as exc:
        notes.append(
            _("The EML document %(file)s was not imported: %(error)s")
            % {"file": eml.name, "error": exc.message}
        )
        return
    if strip_leading(data) != data.removeprefix(UTF8_BOM):  # a BOM alone is usual XML
        notes.append(
            _(
                "The EML document %(file)s has blank space before its XML declaration, "
                "which XML does not allow; it was ignored."
            )
            % {"file": eml.name}
        )


def _meta_text(exc: MetaError) -> str:
    """The meta.xml error in the active language, with its line when known."""
    text = _(exc.template) % exc.params if exc.params else _(exc.template)
    if not exc.line:
        return text
    return _("%(message)s (line %(line)s)") % {"message": text, "line": exc.line}

"""Reading a Darwin Core Archive for import: where its files are, how to read each one and
how meta.xml maps it; and the checks made before anything is created."""

from __future__ import annotations

import dataclasses
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalogue.models import Extension
from core.errors import UserError
from resources import error_codes as codes
from resources.dwca.meta_read import (
    EVENT,
    ID_TERMS,
    OCCURRENCE,
    TAXON,
    ArchiveDescriptor,
    FileDescriptor,
    MetaField,
    descriptor_from_header,
    header_fields,
    read_meta,
)
from resources.models import ResourceType
from resources.sources.archive import unpack, unpack_tree
from resources.sources.detect import sniff
from resources.sources.errors import SourceError
from resources.sources.model import FileSpec, TextOptions
from resources.sources.reader import open_table
from resources.sources.tar import is_tar

from ...sources import user_error
from .fields import simple_name

TYPE_OF_CORE = {
    EVENT: ResourceType.SAMPLING_EVENT,
    OCCURRENCE: ResourceType.OCCURRENCE,
    TAXON: ResourceType.CHECKLIST,
}
LINE_ENDINGS = ("\n", "\r\n", "\r")


@dataclass
class Planned:
    """One data file to import: where it is, how to read it, how meta.xml maps it."""

    descriptor: FileDescriptor
    path: Path
    spec: FileSpec


# --- reading the archive -----------------------------------------------------------------------


def unpacked(path: Path, workdir: Path) -> Path:
    """The folder holding the archive's files: ``path`` itself, or the zip or tar unpacked
    with its folders (an archive of one folder: that folder)."""
    if path.is_dir():
        return path
    target = workdir / "archive"
    try:
        if zipfile.is_zipfile(path) or is_tar(path):
            unpack_tree(path, target, max_total_bytes=settings.SOURCE_MAX_UNPACKED_BYTES)
        else:  # a gzipped single data file
            unpack(path, path.name, target, max_total_bytes=settings.SOURCE_MAX_UNPACKED_BYTES)
    except SourceError as exc:
        raise user_error(exc) from exc
    entries = list(target.iterdir())
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return target


def members(folder: Path) -> dict[str, Path]:
    """The files at the top of the archive by name (meta.xml, the EML and, usually, the
    data files); links are not followed."""
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


def eml_file(files: dict[str, Path], metadata: str | None) -> Path | None:
    """The EML document: the file the ``metadata`` attribute names (by its name, as it may
    be a path or a URL), else ``eml.xml``."""
    for name in (PurePosixPath(metadata or "").name, "eml.xml"):
        found = next((p for n, p in files.items() if name and n.lower() == name.lower()), None)
        if found is not None:
            return found
    return None


def plan(
    folder: Path, files: dict[str, Path], notes: list[str]
) -> tuple[ArchiveDescriptor, list[Planned]]:
    """The archive's descriptor and each data file to import, with its reading options;
    without meta.xml, the single data file described by its header. ``UserError`` for a
    data file meta.xml names that is not there (a file of the same name with another
    extension stands in, read by its header, with a note)."""
    meta = next((p for name, p in files.items() if name.lower() == "meta.xml"), None)
    if meta is None:
        return _plan_without_meta(files, notes)
    archive = read_meta(meta.read_bytes())
    planned = []
    for descriptor in archive.files:
        for location in descriptor.locations:
            planned.append(_plan_file(folder, files, archive, descriptor, location, notes))
    return archive, planned


def _plan_file(
    folder: Path,
    files: dict[str, Path],
    archive: ArchiveDescriptor,
    descriptor: FileDescriptor,
    location: str,
    notes: list[str],
) -> Planned:
    found = _locate(folder, files, location)
    if found is not None:
        single = dataclasses.replace(descriptor, locations=[location])
        return Planned(single, found, _spec(single, found, notes))
    stand_in = _same_stem(files, location)
    if stand_in is None:
        raise UserError(
            gettext_noop("meta.xml names the data file %(file)s, which is not in the archive."),
            params={"file": location},
            code=codes.DWCA_FILE_MISSING,
            details={"file": location},
        )
    notes.append(
        _(
            "meta.xml names %(file)s, which is not in the archive; %(other)s was read "
            "instead, with its own reading options and header names (meta.xml does "
            "not describe it)."
        )
        % {"file": location, "other": stand_in.name}
    )
    spec, columns = _sniffed(stand_in)
    id_term = ID_TERMS.get(archive.core.row_type, "")
    redescribed = _redescribe(descriptor, columns, stand_in.name, id_term)
    return Planned(redescribed, stand_in, spec)


def _locate(folder: Path, files: dict[str, Path], location: str) -> Path | None:
    inside = (folder / location).resolve()
    if inside.is_file() and inside.is_relative_to(folder.resolve()):
        return inside
    base = PurePosixPath(location.replace("\\", "/")).name
    if base in files:
        return files[base]
    return next((p for name, p in files.items() if name.lower() == base.lower()), None)


def _same_stem(files: dict[str, Path], location: str) -> Path | None:
    stem = PurePosixPath(location.replace("\\", "/")).stem.lower()
    matches = [
        p
        for name, p in files.items()
        if PurePosixPath(name).stem.lower() == stem and not name.lower().endswith(".xml")
    ]
    return matches[0] if len(matches) == 1 else None


def _redescribe(
    descriptor: FileDescriptor, columns: list[str], name: str, id_term: str
) -> FileDescriptor:
    """The descriptor of a file read by its header: its row type kept, its fields and id
    from the column names."""
    fields = header_fields(columns, _installed_terms(descriptor.row_type))
    id_index = next((f.index for f in fields if f.term == id_term), None)
    if id_index is None:
        raise UserError(
            gettext_noop("%(file)s has no %(term)s column to link its rows by."),
            params={"file": name, "term": id_term.rsplit("/", 1)[-1]},
            code=codes.DWCA_ID_COLUMN,
            details={"file": name},
        )
    return dataclasses.replace(
        descriptor, locations=[name], fields=fields, id_index=id_index, ignore_header_lines=1
    )


def _plan_without_meta(
    files: dict[str, Path], notes: list[str]
) -> tuple[ArchiveDescriptor, list[Planned]]:
    data = [p for name, p in files.items() if not name.lower().endswith(".xml")]
    if len(data) != 1:
        raise UserError(
            gettext_noop(
                "The archive has no meta.xml; without it, it must hold a single data "
                "file whose header names the terms, but it holds %(n)d: %(files)s."
            ),
            params={"n": len(data), "files": ", ".join(p.name for p in data)},
            code=codes.DWCA_NO_META,
            details={"files": [p.name for p in data]},
        )
    path = data[0]
    spec, columns = _sniffed(path)
    archive = descriptor_from_header(
        columns,
        location=path.name,
        delimiter=spec.text.delimiter,
        quote=spec.text.quotechar,
        encoding=spec.text.encoding,
        terms_of=_installed_terms,
    )
    notes.append(
        _(
            "The archive has no meta.xml: %(file)s was read as the core (row type "
            "%(type)s), its header naming the terms."
        )
        % {"file": path.name, "type": simple_name(archive.core.row_type)}
    )
    planned = [Planned(archive.core, path, spec)]
    extension = _extension_for_rest(columns, archive.core)
    if extension is not None:
        archive.extensions.append(extension)
        planned.append(Planned(extension, path, spec))
        notes.append(
            _(
                "%(file)s also holds %(n)d columns of the %(type)s extension; the same source is "
                "mapped to it as well."
            )
            % {
                "file": path.name,
                "n": len(extension.fields),
                "type": simple_name(extension.row_type),
            }
        )
    return archive, planned


MIN_EXTENSION_COLUMNS = 3


def _extension_for_rest(columns: list[str], core: FileDescriptor) -> FileDescriptor | None:
    """A header-only file may carry an extension's columns beside the core's (the Humboldt
    inventory terms next to eventID): the installed extension whose terms name the most of
    the columns the core's terms do not, if it names at least ``MIN_EXTENSION_COLUMNS``.
    Those columns are then taken out of the core's fields."""
    core_terms = set(_installed_terms(core.row_type))
    rest = {
        f.index: columns[f.index]
        for f in core.fields
        if f.index is not None and f.term not in core_terms
    }
    best: tuple[str, list[MetaField]] | None = None
    for extension in Extension.objects.exclude(row_type=core.row_type).prefetch_related(
        "properties"
    ):
        terms = {p.qual_name for p in extension.properties.all()}
        fields = [f for f in header_fields(list(rest.values()), terms) if f.term in terms]
        if len(fields) >= MIN_EXTENSION_COLUMNS and (best is None or len(fields) > len(best[1])):
            best = (extension.row_type, fields)
    if best is None:
        return None
    indexes = list(rest)
    fields = [
        dataclasses.replace(f, index=indexes[f.index]) for f in best[1] if f.index is not None
    ]
    taken = {f.index for f in fields}
    core.fields = [f for f in core.fields if f.index not in taken]
    return dataclasses.replace(
        core, row_type=best[0], declared_row_type=best[0], core=False, fields=fields
    )


def _installed_terms(row_type: str) -> list[str]:
    return list(
        Extension.objects.filter(row_type=row_type).values_list("properties__qual_name", flat=True)
    )


def _sniffed(path: Path) -> tuple[FileSpec, list[str]]:
    try:
        spec = sniff(path, path.name).spec
        return spec, open_table(path, spec, filename=path.name).columns
    except SourceError as exc:
        raise user_error(exc) from exc


def _spec(descriptor: FileDescriptor, path: Path, notes: list[str]) -> FileSpec:
    """How to read the file as meta.xml says. The last ignored line is read as the header
    when its names are usable (all there and distinct), else the columns are numbered."""
    _check_dialect(descriptor, path.name, notes)
    skip = descriptor.ignore_header_lines
    text = TextOptions(
        encoding=descriptor.encoding,
        delimiter=descriptor.delimiter,
        quotechar=descriptor.quote,
        header=False,
        skip_lines=skip,
    )
    if skip == 0:
        return FileSpec("csv", text)
    with_header = FileSpec("csv", dataclasses.replace(text, header=True, skip_lines=skip - 1))
    try:
        columns = open_table(path, with_header, filename=path.name).columns
    except SourceError as exc:
        raise user_error(exc) from exc
    if all(columns) and len(set(columns)) == len(columns) and len(columns) >= descriptor.width:
        return with_header
    notes.append(
        _(
            "The header of %(file)s has blank, repeated or too few names; its columns "
            "are numbered instead (column_1, column_2, ...)."
        )
        % {"file": path.name}
    )
    return FileSpec("csv", text)


def _check_dialect(descriptor: FileDescriptor, name: str, notes: list[str]) -> None:
    if len(descriptor.delimiter) != 1 or (descriptor.quote and len(descriptor.quote) != 1):
        raise UserError(
            gettext_noop(
                "%(file)s: fields separated by %(delimiter)r or enclosed in %(quote)r "
                "cannot be read; one character each is supported."
            ),
            params={
                "file": name,
                "delimiter": descriptor.delimiter,
                "quote": descriptor.quote or "",
            },
            code=codes.DWCA_DIALECT,
            details={"file": name},
        )
    if descriptor.line_ending not in LINE_ENDINGS:
        notes.append(
            _(
                "%(file)s: lines ending in %(ending)r are not supported; line breaks "
                "were used instead."
            )
            % {"file": name, "ending": descriptor.line_ending}
        )
    if descriptor.date_format.upper() != "YYYY-MM-DD":
        notes.append(
            _(
                "%(file)s: meta.xml says dates are written %(format)s; they are published as "
                "written, so check that date terms hold ISO 8601 dates."
            )
            % {"file": name, "format": descriptor.date_format}
        )


# --- checks before anything is created ---------------------------------------------------------


def check_extensions(archive: ArchiveDescriptor) -> dict[str, Extension]:
    """The installed extension of each row type; ``UserError`` naming the row types that
    are not installed, or a core row type no resource type has."""
    wanted = [f.row_type for f in archive.files]
    installed = {e.row_type: e for e in Extension.objects.filter(row_type__in=wanted)}
    missing = [row_type for row_type in dict.fromkeys(wanted) if row_type not in installed]
    if missing:
        raise UserError(
            gettext_noop(
                "The archive holds data of row types that are not installed here: "
                "%(types)s. An administrator can install them under Extensions, "
                "then import the archive again."
            ),
            params={"types": ", ".join(missing)},
            code=codes.DWCA_EXTENSION_MISSING,
            details={"row_types": missing},
        )
    if archive.core.row_type not in TYPE_OF_CORE:
        raise UserError(
            gettext_noop(
                "Resources with a %(core)s core are not supported; the core must be "
                "Event, Occurrence or Taxon."
            ),
            params={"core": archive.core.row_type},
            code=codes.DWCA_CORE_UNSUPPORTED,
            details={"row_type": archive.core.row_type},
        )
    return installed


def check_ids(archive: ArchiveDescriptor) -> None:
    """As the IPT: a core with extensions needs its id column, each extension its core id."""
    if archive.extensions and archive.core.id_index is None:
        raise UserError(
            _(
                "The core of the archive has no id column (<id> in meta.xml), so its "
                "extensions cannot be linked to it."
            ),
            code=codes.DWCA_CORE_ID,
        )
    for extension in archive.extensions:
        if extension.id_index is None:
            raise UserError(
                gettext_noop("The %(ext)s extension has no core id column (<coreid> in meta.xml)."),
                params={"ext": simple_name(extension.row_type)},
                code=codes.DWCA_COREID,
                details={"row_type": extension.row_type},
            )

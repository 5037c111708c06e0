"""Reading an archive's descriptor: ``meta.xml`` of the Darwin Core text guide.

Django-free. :func:`read_meta` turns ``meta.xml`` bytes into an :class:`ArchiveDescriptor`
(core, extensions, reading options, field indexes, defaults); :func:`descriptor_from_header`
describes an archive without ``meta.xml``, a single data file whose header row names the
terms, as the text guide allows. Hostile XML (DOCTYPE, entities) is refused before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from core.xmlsafe import UnsafeXml, parse_untrusted

DWC_TEXT = "http://rs.tdwg.org/dwc/text/"
DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE, TAXON = DWC + "Event", DWC + "Occurrence", DWC + "Taxon"
MAX_BYTES = 5 * 1024 * 1024
# Row types retired or misspelt by some producers, and the row type they mean.
ROW_TYPE_ALIASES = {
    "http://rs.obis.org/obis/terms/ExtendedMeasurementOrFact": "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact",
    "http://rs.obis.org/terms/ExtendedMeasurementOrFact": "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact",
}
# The id term of each core row type, in the order a header-only file is recognised by
# (dwca-io's order: a file with occurrenceID is an occurrence file even if it has eventID).
ID_TERMS = {OCCURRENCE: DWC + "occurrenceID", TAXON: DWC + "taxonID", EVENT: DWC + "eventID"}
# Prefixes of term names seen in headers (``dwc:eventID``, ``dcterms:type``).
PREFIXES = {
    "dwc": DWC,
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "eco": "http://rs.tdwg.org/eco/terms/",
    "gbif": "http://rs.gbif.org/terms/1.0/",
    "dwciri": "http://rs.tdwg.org/dwc/iri/",
    "obis": "http://rs.iobis.org/obis/terms/",
}
# The code of each refusal of core.xmlsafe.
_XML_CODES = {
    "too-large": "dwca:meta-too-large",
    "hostile": "dwca:meta-hostile",
    "xml": "dwca:meta-xml",
}
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", '"': '"', "'": "'"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class MetaError(ValueError):
    """A ``meta.xml`` that cannot be used: ``code`` is stable (``dwca:meta-*``), the message
    names the file and what is wrong. ``template`` is the message as marked for translation,
    ``params`` its values; ``message`` is the English text filled in."""

    def __init__(self, message: str, *, code: str, line: int | None = None, **params: Any) -> None:
        self.template, self.params = message, params
        self.message = message % params if params else message
        super().__init__(self.message)
        self.code, self.line = code, line

    def __str__(self) -> str:
        return self.message + (" (line %d)" % self.line if self.line else "")


@dataclass(frozen=True)
class MetaField:
    """One ``<field>``: the column ``index`` (None for a field with only a default), its
    ``term``, the ``default`` for empty or absent values, and the optional vocabulary and
    multi-value delimiter."""

    index: int | None
    term: str
    default: str | None = None
    vocabulary: str | None = None
    delimited_by: str | None = None


@dataclass
class FileDescriptor:
    """A ``<core>`` or ``<extension>``: row type, data files, how they are written and the
    fields. Escapes are already resolved (``delimiter`` is a real tab, not ``\\t``);
    ``quote`` None means fields are not enclosed. ``id_index`` is the ``<id>`` of the core
    or the ``<coreid>`` of an extension (None when absent)."""

    row_type: str
    core: bool
    locations: list[str]
    encoding: str = "UTF-8"
    delimiter: str = ","
    line_ending: str = "\n"
    quote: str | None = '"'
    ignore_header_lines: int = 0
    date_format: str = "YYYY-MM-DD"
    id_index: int | None = None
    fields: list[MetaField] = field(default_factory=list)
    declared_row_type: str = ""

    @property
    def width(self) -> int:
        """The number of columns the descriptor uses (highest index + 1)."""
        indexes = [f.index for f in self.fields if f.index is not None]
        if self.id_index is not None:
            indexes.append(self.id_index)
        return max(indexes, default=-1) + 1


@dataclass
class ArchiveDescriptor:
    """The whole archive: one core, its extensions in document order, and the metadata
    file named by the ``metadata`` attribute (None when it names none)."""

    core: FileDescriptor
    extensions: list[FileDescriptor] = field(default_factory=list)
    metadata: str | None = None

    @property
    def files(self) -> list[FileDescriptor]:
        """The core first, then the extensions."""
        return [self.core, *self.extensions]


def unescape(value: str) -> str:
    """A delimiter as meta.xml writes it (``\\t``, ``\\n``, ``\\r\\n``, ``\\u0009``) as the
    characters it stands for."""

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) == 5 and code[0] == "u":
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, "\\" + code)

    return _ESCAPE.sub(replace, value)


def row_type_of(value: str) -> str:
    """The row type meant by ``value`` (retired aliases resolved)."""
    value = value.strip()
    return ROW_TYPE_ALIASES.get(value, value)


# --- meta.xml ----------------------------------------------------------------------------------


def read_meta(data: bytes, *, source: str = "meta.xml") -> ArchiveDescriptor:
    """Parse ``meta.xml``; raises :class:`MetaError` when it is hostile, not well-formed,
    not a text-guide ``<archive>``, has no (or two) ``<core>``, a file without row type or
    location, or an index that is not a whole number from 0.

    Attributes left out take the text guide's defaults (``,``, ``\\n``, ``"``, no header
    lines, UTF-8, ``YYYY-MM-DD``).
    """
    root = _safe_root(data, source)
    cores = [e for e in root if _local(e) == "core"]
    if len(cores) != 1:
        raise MetaError(
            gettext_noop(
                "%(file)s must describe exactly one core data file (<core>); it has %(count)d."
            ),
            code="dwca:meta-core",
            file=source,
            count=len(cores),
        )
    extensions = [_file(e, core=False, source=source) for e in root if _local(e) == "extension"]
    metadata = (root.get("metadata") or "").strip() or None
    return ArchiveDescriptor(_file(cores[0], core=True, source=source), extensions, metadata)


def _safe_root(data: bytes, source: str) -> etree._Element:
    try:
        root = parse_untrusted(data, max_bytes=MAX_BYTES)
    except UnsafeXml as exc:
        raise MetaError(
            "%s: %s" % (source, exc.message), code=_XML_CODES[exc.kind], line=exc.line
        ) from exc
    if _local(root) != "archive":
        raise MetaError(
            gettext_noop(
                "%(file)s is not a Darwin Core archive descriptor: its root element is "
                "<%(root)s>, not <archive>."
            ),
            code="dwca:meta-archive",
            file=source,
            root=_local(root),
        )
    return root


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in element if _local(e) == name]


def _file(element: etree._Element, *, core: bool, source: str) -> FileDescriptor:
    what = "<core>" if core else "<extension>"
    declared = (element.get("rowType") or "").strip()
    if not declared:
        raise MetaError(
            gettext_noop("%(file)s: a %(element)s has no rowType."),
            code="dwca:meta-row-type",
            line=element.sourceline,
            file=source,
            element=what,
        )
    locations = [
        (loc.text or "").strip()
        for files in _children(element, "files")
        for loc in _children(files, "location")
    ]
    locations = [loc for loc in locations if loc]
    if not locations:
        raise MetaError(
            gettext_noop(
                "%(file)s: the %(element)s of %(row_type)s names no data file (<files><location>)."
            ),
            code="dwca:meta-location",
            line=element.sourceline,
            file=source,
            element=what,
            row_type=declared,
        )
    ids = _children(element, "id" if core else "coreid")
    quote = unescape(element.get("fieldsEnclosedBy", '"'))
    return FileDescriptor(
        row_type=row_type_of(declared),
        declared_row_type=declared,
        core=core,
        locations=locations,
        encoding=(element.get("encoding") or "UTF-8").strip(),
        delimiter=unescape(element.get("fieldsTerminatedBy", ",")),
        line_ending=unescape(element.get("linesTerminatedBy", "\\n")),
        quote=quote or None,
        ignore_header_lines=_index(element, "ignoreHeaderLines", source) or 0,
        date_format=element.get("dateFormat") or "YYYY-MM-DD",
        id_index=_index(ids[0], "index", source) if ids else None,
        fields=[_field(f, source) for f in _children(element, "field")],
    )


def _field(element: etree._Element, source: str) -> MetaField:
    term = (element.get("term") or "").strip()
    if not term:
        raise MetaError(
            gettext_noop("%(file)s: a <field> has no term."),
            code="dwca:meta-term",
            line=element.sourceline,
            file=source,
        )
    delimited = element.get("delimitedBy")
    return MetaField(
        index=_index(element, "index", source),
        term=term,
        default=element.get("default"),
        vocabulary=element.get("vocabulary"),
        delimited_by=unescape(delimited) if delimited else None,
    )


def _index(element: etree._Element, attribute: str, source: str) -> int | None:
    raw = element.get(attribute)
    if raw is None or not raw.strip():
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise MetaError(
            gettext_noop(
                "%(file)s: %(attribute)s=%(value)r of <%(element)s> is not a column number "
                "(0, 1, 2...)."
            ),
            code="dwca:meta-index",
            line=element.sourceline,
            file=source,
            attribute=attribute,
            value=raw,
            element=_local(element),
        )
    return value


# --- no meta.xml: a single file with a header of term names ------------------------------------


def term_of_name(name: str, known: Iterable[str] | None = None) -> str:
    """The term a header cell names: a URI as it is, ``dwc:eventID`` expanded, a plain name
    matched against ``known`` terms (exactly, else ignoring case, Darwin Core first). A plain
    name that matches none is returned as it is, or as a Darwin Core term when no ``known``
    terms are given."""
    name = name.strip()
    if "://" in name:
        return name
    prefix, _sep, local = name.rpartition(":")
    if prefix.lower() in PREFIXES:
        return PREFIXES[prefix.lower()] + local
    if prefix:
        return name
    if known is None:
        return DWC + name
    candidates = sorted(known, key=lambda t: not t.startswith(DWC))
    same: Callable[[str], bool]
    for same in (lambda t: t == name, lambda t: t.lower() == name.lower()):
        match = next((t for t in candidates if same(_term_name(t))), None)
        if match:
            return match
    return name


def _term_name(term: str) -> str:
    return re.split(r"[/#:]", term)[-1]


def header_fields(header: list[str], known: Iterable[str] | None = None) -> list[MetaField]:
    """A field per named header cell, its term resolved by :func:`term_of_name`; blank
    cells are left out."""
    terms = None if known is None else list(known)
    return [
        MetaField(index=i, term=term_of_name(name, terms))
        for i, name in enumerate(header)
        if name.strip()
    ]


def descriptor_from_header(
    header: list[str],
    *,
    location: str,
    delimiter: str = ",",
    quote: str | None = '"',
    encoding: str = "UTF-8",
    terms_of: Callable[[str], Iterable[str]] | None = None,
) -> ArchiveDescriptor:
    """Describe a single data file without ``meta.xml`` from its header row (text guide §2).

    The row type is Occurrence when a column is ``occurrenceID``, else Taxon for ``taxonID``,
    else Event for ``eventID`` (spelt exactly, else in any case, as the other columns are
    matched: GBIF's simple downloads write ``occurrenceid``); :class:`MetaError`
    (``dwca:meta-row-type``) when none is.
    Column names are resolved against ``terms_of(row_type)`` (the installed terms); the id
    is the row type's id term column. Blank header cells are left unmapped.
    """
    names = [n.strip() for n in header]
    plain = [term_of_name(n) for n in names]
    row_type = next(
        (rt for rt, id_term in ID_TERMS.items() if _id_column(plain, id_term) is not None), None
    )
    if row_type is None:
        raise MetaError(
            gettext_noop(
                "%(file)s has no meta.xml and its header names none of occurrenceID, taxonID or "
                "eventID, so its row type is unknown. Add a meta.xml describing it."
            ),
            code="dwca:meta-row-type",
            file=location,
        )
    fields = header_fields(names, terms_of(row_type) if terms_of else None)
    id_index = _id_column(plain, ID_TERMS[row_type])
    core = FileDescriptor(
        row_type=row_type,
        declared_row_type=row_type,
        core=True,
        locations=[location],
        encoding=encoding,
        delimiter=delimiter,
        quote=quote,
        ignore_header_lines=1,
        id_index=id_index,
        fields=fields,
    )
    return ArchiveDescriptor(core=core)


def _id_column(terms: list[str], id_term: str) -> int | None:
    """The index of ``id_term`` among ``terms``: spelt exactly, else ignoring case."""
    same: Callable[[str], bool]
    for same in (lambda t: t == id_term, lambda t: t.lower() == id_term.lower()):
        found = next((i for i, t in enumerate(terms) if same(t)), None)
        if found is not None:
            return found
    return None

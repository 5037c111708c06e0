"""The archive builder's input for a resource: one ``ArchiveFile`` per mapped row type."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from django.utils.translation import gettext_noop

from catalogue.models import Extension, ExtensionProperty
from catalogue.selectors import vocabulary_links
from core.errors import UserError
from resources import error_codes as codes
from resources.dwca.derive import Distinct
from resources.dwca.model import ArchiveFile, Chunks, MappedCells, Part
from resources.mapping import Mapper, MappingError, compile_mapping
from resources.models import ExtensionMapping, Resource
from resources.quality.values import key
from resources.sources.errors import SourceError
from resources.sources.model import Table

from ..mappings import core_row_type, mapping_spec
from ..sources import source_table, user_error

DWC = "http://rs.tdwg.org/dwc/terms/"
# Terms written with ``delimitedBy`` in meta.xml when the source names a multi-value
# delimiter (the IPT's GenerateDwca.DWC_MULTI_VALUE_TERMS).
MULTI_VALUE_TERMS = frozenset(
    DWC + name
    for name in (
        "recordedBy",
        "preparations",
        "associatedMedia",
        "associatedReferences",
        "associatedSequences",
        "associatedTaxa",
        "otherCatalogNumbers",
        "associatedOccurrences",
        "associatedOrganisms",
        "previousIdentifications",
        "higherGeography",
        "georeferencedBy",
        "georeferenceSources",
        "typeStatus",
        "identifiedBy",
        "identificationReferences",
        "higherClassification",
        "measurementDeterminedBy",
    )
)
# Where a source's reading options would hold its multi-value delimiter.
DELIMITER_KEY = "multi_value_delimiter"


def archive_files(resource: Resource) -> list[ArchiveFile]:
    """Every mapped row type of ``resource`` as an archive file, the core first.

    Mappings without a source are left out. Each mapping is compiled here, so that a mapping
    that no longer fits its source fails before any row is written.
    """
    core = core_row_type(resource)
    names: set[str] = set()
    return [
        _archive_file(extension, mappings, names, core=extension.row_type == core)
        for extension, mappings in _groups(resource, core)
    ]


def mapping_archive_file(mapping: ExtensionMapping) -> ArchiveFile:
    """The archive file ``mapping`` alone would make, built as :func:`archive_files` builds
    each file (same terms, vocabularies and required terms), so that its rows can be checked
    with the same rules before publishing."""
    core = core_row_type(mapping.resource)
    extension = mapping.extension
    return _archive_file(extension, [mapping], set(), core=extension.row_type == core)


def _groups(resource: Resource, core: str | None) -> list[tuple[Extension, list[ExtensionMapping]]]:
    by_extension: dict[int, tuple[Extension, list[ExtensionMapping]]] = {}
    mappings = resource.mappings.filter(source__isnull=False).select_related("extension", "source")
    for mapping in mappings:
        by_extension.setdefault(mapping.extension_id, (mapping.extension, []))[1].append(mapping)
    groups = list(by_extension.values())
    return sorted(groups, key=lambda group: group[0].row_type != core)  # stable: core first


def file_name(extension: Extension, taken: set[str]) -> str:
    """The IPT's data file name: the extension name lower-cased, blanks as ``_``, ``.txt``;
    a clash gets ``2``, ``3``, ... (``taxon.txt``, ``taxon2.txt``)."""
    stem = "_".join((extension.name or "f").lower().split())
    name, count = stem + ".txt", 1
    while name in taken:
        count += 1
        name = "%s%d.txt" % (stem, count)
    taken.add(name)
    return name


def _archive_file(
    extension: Extension, mappings: list[ExtensionMapping], names: set[str], *, core: bool
) -> ArchiveFile:
    properties = list(extension.properties.all())
    compiled = [_compile(mapping) for mapping in mappings]
    used = {term for _name, mapper, _table in compiled for term in mapper.terms}
    mapped = [p for p in properties if p.qual_name in used]
    terms = [p.qual_name for p in mapped]
    allowed, keys = _vocabularies(mapped)
    return ArchiveFile(
        row_type=extension.row_type,
        filename=file_name(extension, names),
        terms=terms,
        parts=[_part(name, mapper, table, terms) for name, mapper, table in compiled],
        core=core,
        delimiters=_delimiters(extension, mappings, used),
        vocabularies=allowed,
        required=frozenset(p.qual_name for p in properties if p.required),
        types={p.qual_name: p.type for p in mapped if p.type},
        vocabulary_keys=keys,
    )


def _compile(mapping: ExtensionMapping) -> tuple[str, Mapper, Table]:
    table = source_table(mapping.source)
    try:
        return mapping.source.name, compile_mapping(mapping_spec(mapping), table.columns), table
    except MappingError as exc:
        raise UserError(
            exc.template,
            code=exc.code,
            details={**(exc.details or {}), "source": mapping.source.name},
            params=exc.params,
        ) from exc


def _part(source: str, mapper: Mapper, table: Table, terms: list[str]) -> Part:
    """The mapping's rows as ``(line, id, values in the order of terms)``, read afresh at
    each call; a source that became unreadable is a user error naming file and line."""

    def rows() -> Iterator:
        try:
            yield from mapper.cells(table.cells(), terms)
        except SourceError as exc:
            raise user_error(exc) from exc

    def ranges(count: int, min_bytes: int) -> list[Callable[[], Iterable[MappedCells]]] | None:
        cut = table.ranges(count, min_bytes)
        if cut is None:
            return None
        return [partial(_range_rows, mapper, table, terms, part) for part in cut]

    date_format = next((r.date_format for r in mapper.spec.fields if r.date_format), "")
    path = getattr(table, "path", None)
    part = Part(
        source=source,
        rows=rows,
        date_format=date_format or "",
        date_conversions=mapper.date_conversions,
        size=path.stat().st_size if path is not None else 0,
        ranges=ranges,
    )
    if mapper.spec.derive_events:
        # The first row of each id is known only reading in order: no ranges.
        distinct = Distinct(terms, block=mapper.spec.on_conflict == "block")
        part.distinct, part.ranges = distinct, None
        part.rows = lambda: distinct.rows(rows())
    return part


def _range_rows(mapper: Mapper, table: Table, terms: list[str], part: object) -> Chunks:
    """The rows of one range of a source cut for parallel reading, a block at a time;
    ``SplitRefused`` when the range meets something only a whole reading reports well."""

    def chunks() -> Iterator[list[MappedCells]]:
        try:
            yield from mapper.cell_chunks(table.range_chunks(part), terms)
        except SourceError as exc:
            raise user_error(exc) from exc

    return Chunks(chunks(), clean=table.splits_at_tabs and mapper.copies_cells(terms))


def _delimiters(
    extension: Extension, mappings: list[ExtensionMapping], used: set[str]
) -> dict[str, str]:
    """The multi-value delimiter of the mapped multi-value terms; all sources of one file
    must agree (IPT check), else publication stops here."""
    found = {m.source.spec.get(DELIMITER_KEY) or "" for m in mappings}
    found.discard("")
    if not found:
        return {}
    if len(found) > 1:
        raise UserError(
            gettext_noop(
                "The sources mapped to %(ext)s use different multi-value delimiters (%(found)s); "
                "use the same one in each."
            ),
            params={"ext": extension.title, "found": " ".join(sorted(found))},
            code=codes.PUBLICATION_DELIMITERS,
            details={"delimiters": sorted(found)},
        )
    delimiter = found.pop()
    return {term: delimiter for term in sorted(used & MULTI_VALUE_TERMS)}


def _vocabularies(
    properties: list[ExtensionProperty],
) -> tuple[dict[str, frozenset[str]], dict[str, dict[str, str]]]:
    """For each mapped term with an installed vocabulary, reading its concepts once: the
    allowed values (lower-cased identifiers, URIs and labels), and the concept identifiers by
    ``values.key`` of their identifier and labels (identifiers first), for the translations
    the checks suggest."""
    links = vocabulary_links({p.thesaurus for p in properties if p.thesaurus})
    allowed: dict[str, frozenset[str]] = {}
    keys: dict[str, dict[str, str]] = {}
    for prop in properties:
        vocabulary = links.get(prop.thesaurus)
        if vocabulary is not None:
            concepts = list(vocabulary.concepts.all())
            allowed[prop.qual_name] = _concept_values(concepts)
            keys[prop.qual_name] = _concept_keys(concepts)
    return allowed, keys


def _concept_values(concepts: list) -> frozenset[str]:
    values: set[str] = set()
    for concept in concepts:
        values.update(v.lower() for v in (concept.identifier, concept.uri) if v)
        values.update(label.lower() for label in concept.labels.values() if label)
    return frozenset(values)


def _concept_keys(concepts: list) -> dict[str, str]:
    keys: dict[str, str] = {}
    for concept in concepts:
        keys.setdefault(key(concept.identifier), concept.identifier)
    for concept in concepts:
        for label in concept.labels.values():
            if label:
                keys.setdefault(key(label), concept.identifier)
    keys.pop("", None)
    return keys

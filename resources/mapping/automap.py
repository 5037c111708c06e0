"""Auto-mapping: source column names matched to the terms of an extension."""

from __future__ import annotations

from catalogue.definitions.model import Extension, Property

from ..quality.values import key
from .model import Automap, FieldRule

DWC = "http://rs.tdwg.org/dwc/terms/"
DC_TERMS = "http://purl.org/dc/terms/"
DC_ELEMENTS = "http://purl.org/dc/elements/1.1/"
# Prefixes recognised before a term name; Dublin Core terms and elements are one family,
# as extensions and archives use both namespaces for the same names (``dc:type``).
PREFIXES = {"dwc": (DWC,), "dc": (DC_TERMS, DC_ELEMENTS), "dcterms": (DC_TERMS, DC_ELEMENTS)}
FAMILIES = {DWC: (DWC,), DC_TERMS: (DC_TERMS, DC_ELEMENTS), DC_ELEMENTS: (DC_ELEMENTS, DC_TERMS)}
ID_TERMS = {
    DWC + "Event": "eventID",
    DWC + "Occurrence": "occurrenceID",
    DWC + "Taxon": "taxonID",
}
FALLBACK_ID_COLUMNS = ("id", "coreid")
# Column and term names compare as vocabulary values do: ``Event_ID`` -> ``eventid``.
term_key = key


def split_column(column: str) -> tuple[tuple[str, ...], str]:
    """The namespaces a column name points to (empty when it names none) and its term name.

    ``dwc:eventID`` and ``http://rs.tdwg.org/dwc/terms/eventID`` both give the Darwin Core
    namespace and ``eventID``; an unknown prefix stays part of the name.
    """
    text = column.strip()
    if "://" in text:
        cut = max(text.rfind("/"), text.rfind("#")) + 1
        namespace = text[:cut]
        return FAMILIES.get(namespace, (namespace,)), text[cut:]
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip().lower() in PREFIXES:
        return PREFIXES[prefix.strip().lower()], rest
    return (), text


class _TermIndex:
    """The properties of an extension by normalised name."""

    def __init__(self, extension: Extension):
        self.by_key: dict[str, list[Property]] = {}
        for prop in extension.properties:
            self.by_key.setdefault(term_key(prop.name), []).append(prop)

    def resolve(self, column: str) -> Property | None:
        namespaces, name = split_column(column)
        candidates = self.by_key.get(term_key(name), [])
        if namespaces:
            # The namespace named first, then its family (dc terms and elements).
            candidates = [p for p in candidates if p.namespace in namespaces]
            candidates.sort(key=lambda p: namespaces.index(p.namespace))
        else:
            # Darwin Core first when a bare name is shared by two namespaces.
            candidates = sorted(candidates, key=lambda p: p.namespace != DWC)
        return candidates[0] if candidates else None


def _is_exact(column: str, prop: Property) -> bool:
    return column.strip() in (prop.name, prop.qual_name)


def automap(
    columns: list[str], extension: Extension, *, core_row_type: str | None = None
) -> Automap:
    """Columns matched to the terms of ``extension`` by name, ignoring case and punctuation,
    with ``dwc:``/``dc:``/``dcterms:`` prefixes and full term URIs recognised.

    Each term takes at most one column; an exact spelling wins over a loose one, then the
    first column. The id column is the one naming the id term of the core (``core_row_type``,
    by default the extension's own row type): eventID, occurrenceID or taxonID; for other
    extensions the first of those present; else a column named ``id`` or ``coreid``.
    """
    index = _TermIndex(extension)
    found = {column: index.resolve(column) for column in columns}
    order = sorted(
        (c for c in columns if found[c] is not None),
        key=lambda c: (not _is_exact(c, found[c]), columns.index(c)),  # type: ignore[arg-type]
    )
    mapped: dict[str, str] = {}
    taken: set[str] = set()
    for column in order:
        term = found[column].qual_name  # type: ignore[union-attr]
        if term not in taken:
            taken.add(term)
            mapped[column] = term
    mapped = {c: mapped[c] for c in columns if c in mapped}
    return Automap(
        fields=[FieldRule(term=term, column=column) for column, term in mapped.items()],
        id_column=id_column(columns, core_row_type or extension.row_type),
        mapped=mapped,
        unmapped=[c for c in columns if c not in mapped],
    )


def id_column(columns: list[str], core_row_type: str) -> str | None:
    """The column giving the core record id for a core of ``core_row_type``, if any."""
    own = ID_TERMS.get(core_row_type)
    names = [own] if own else list(ID_TERMS.values())
    for name in [*names, *FALLBACK_ID_COLUMNS]:
        for column in columns:
            if term_key(split_column(column)[1]) == term_key(name):
                return column
    return None

"""The mapping of one imported data file, as meta.xml maps it."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalogue.models import Extension
from core.errors import UserError
from resources import error_codes as codes
from resources.dwca.meta_read import FileDescriptor
from resources.models import Resource, Source

from ...mappings import mapping_create
from .meta_notes import meta_index_notes

DC_TERMS, DC_ELEMENTS = "http://purl.org/dc/terms/", "http://purl.org/dc/elements/1.1/"
# Namespaces whose terms an installed extension may hold under another namespace.
NAMESPACE_TWINS = (
    ("http://rs.obis.org/obis/terms/", "http://rs.iobis.org/obis/terms/"),
    (DC_ELEMENTS, DC_TERMS),
    (DC_TERMS, DC_ELEMENTS),
)


def map_source(
    resource: Resource,
    source: Source,
    descriptor: FileDescriptor,
    extension: Extension,
    notes: list[str],
) -> None:
    """Map ``source`` as meta.xml maps its file: the id / core id column, then a rule per
    field whose term the extension has."""
    columns = source.columns
    id_column = _column(columns, descriptor.id_index)
    if descriptor.id_index is not None and id_column is None:
        raise UserError(
            gettext_noop("%(file)s has no column %(index)d, which meta.xml names as its id."),
            params={"file": source.filename, "index": descriptor.id_index},
            code=codes.DWCA_ID_COLUMN,
            details={"file": source.filename},
        )
    notes += meta_index_notes(descriptor, columns, extension, source.filename)
    fields = _fields(descriptor, extension, columns, source.filename, notes)
    mapping_create(
        resource=resource,
        source=source,
        extension=extension,
        definition={"id_column": id_column, "fields": fields, "filters": []},
    )


def _fields(
    descriptor: FileDescriptor,
    extension: Extension,
    columns: list[str],
    file: str,
    notes: list[str],
) -> list[dict]:
    terms = set(extension.properties.values_list("qual_name", flat=True))
    fields, seen, left_out, renamed = [], set(), [], []
    for meta_field in descriptor.fields:
        term = _installed_term(meta_field.term, terms)
        if term is None:
            left_out.append(meta_field.term)
            continue
        if term in seen:
            notes.append(
                _("%(file)s: %(term)s is mapped twice in meta.xml; the first mapping was kept.")
                % {"file": file, "term": term}
            )
            continue
        if term != meta_field.term:
            renamed.append("%s → %s" % (meta_field.term, term))
        rule = _rule(meta_field.index, meta_field.default, term, columns, file, notes)
        if rule:
            fields.append(rule)
            seen.add(term)
    values = {"file": file, "ext": extension.title}
    if left_out:
        notes.append(
            _("%(file)s: not terms of the installed %(ext)s extension, so not imported: %(terms)s.")
            % {**values, "terms": ", ".join(left_out)}
        )
    if renamed:
        notes.append(
            _("%(file)s: terms mapped as the installed %(ext)s extension names them: %(terms)s.")
            % {**values, "terms": ", ".join(renamed)}
        )
    return fields


def _installed_term(term: str, terms: set[str]) -> str | None:
    """The installed term ``term`` means: itself; the same term in a retired or twin
    namespace (OBIS's rs.obis.org, Dublin Core elements and terms); else the one installed
    term of the same name, ignoring case (older eMoF archives put the OBIS ids in the
    Darwin Core namespace). None when there is none."""
    if term in terms:
        return term
    for old, new in NAMESPACE_TWINS:
        if term.startswith(old) and new + term[len(old) :] in terms:
            return new + term[len(old) :]
    name = simple_name(term).lower()
    same = [t for t in terms if simple_name(t).lower() == name]
    return same[0] if len(same) == 1 else None


def _column(columns: list[str], index: int | None) -> str | None:
    return columns[index] if index is not None and index < len(columns) else None


def _rule(
    index: int | None,
    default: str | None,
    term: str,
    columns: list[str],
    file: str,
    notes: list[str],
) -> dict | None:
    """The field rule of one meta.xml field: a column (with its default for empty values),
    else the default as a constant; None (and a note) when it has neither."""
    column = _column(columns, index)
    if column is not None:
        return {"term": term, "column": column, **({"default": default} if default else {})}
    if index is not None:
        notes.append(
            _("%(file)s has no column %(index)d for %(term)s.")
            % {"file": file, "index": index, "term": term}
        )
    if default:
        return {"term": term, "constant": default}
    if index is None:
        notes.append(
            _("%(file)s: %(term)s has neither a column nor a default in meta.xml.")
            % {"file": file, "term": term}
        )
    return None


def simple_name(uri: str) -> str:
    """The simple name of a row type or term (``Occurrence``, ``eventID``)."""
    return re.split(r"[/#]", uri.rstrip("/"))[-1]

"""Creating, changing and previewing mappings; value translations; mapping templates."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from dataclasses import asdict

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalogue.definitions.migrate import UpdatePlan
from catalogue.definitions.offer import EVENT, OCCURRENCE, TAXON, is_offered
from catalogue.models import Extension
from catalogue.selectors import vocabulary_for_link
from catalogue.services.store import as_definition, as_offer, as_vocabulary
from core.errors import UserError
from core.permissions import is_admin
from resources import error_codes as codes
from resources.dwca.writer import sanitise_cells
from resources.mapping import (
    FieldRule,
    Filter,
    MappedRow,
    MappingError,
    MappingSpec,
    automap,
    compile_mapping,
    compile_pattern,
    distinct_values,
    match_vocabulary,
)
from resources.models import (
    ExtensionMapping,
    FieldMapping,
    MappingTemplate,
    Resource,
    ResourceType,
    Source,
)
from resources.quality.date_formats import DATE_TERMS
from resources.sources.errors import SourceError

from .companion_data import refuse_companion_data
from .sources import source_table, user_error

logger = logging.getLogger(__name__)
PREVIEW_MAX = 1000
DWC = "http://rs.tdwg.org/dwc/terms/"
DWC_OCCURRENCE_ID = DWC + "occurrenceID"
DWC_BASIS_OF_RECORD = DWC + "basisOfRecord"
MOF_ROW_TYPES = (
    DWC + "MeasurementOrFact",
    "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact",
)
CORE_OF_TYPE = {
    ResourceType.SAMPLING_EVENT: EVENT,
    ResourceType.OCCURRENCE: OCCURRENCE,
    ResourceType.CHECKLIST: TAXON,
}


def _mapping_error(exc: MappingError) -> UserError:
    return UserError(exc.template, code=exc.code, details=exc.details, params=exc.params)


def core_row_type(resource: Resource) -> str | None:
    """The core of the resource's archives (Event for sampling-event resources)."""
    return CORE_OF_TYPE.get(resource.type)


def _check_extension(resource: Resource, extension: Extension) -> None:
    core = core_row_type(resource)
    if core is None:
        raise UserError(
            _("A metadata-only resource has no data mappings."), code=codes.MAPPING_NO_DATA
        )
    if extension.row_type == core:
        return
    if not is_offered(as_offer(extension), core, extra_cores=extension.extra_cores):
        raise UserError(
            gettext_noop("%(ext)s cannot be mapped under the %(core)s core."),
            params={"ext": extension.title, "core": core.rsplit("/", 1)[-1]},
            code=codes.MAPPING_EXTENSION,
        )


def _columns(source: Source) -> list[str]:
    if not source.columns:
        raise UserError(
            gettext_noop("The source %(name)s has not been analysed yet."),
            params={"name": source.name},
            code=codes.MAPPING_NOT_ANALYSED,
        )
    return source.columns


# --- automap and create ------------------------------------------------------------------------


def mapping_propose(*, resource: Resource, source: Source, extension: Extension) -> dict:
    """An automatic mapping of the source's columns (not saved): what maps where, and what
    is left over."""
    _check_extension(resource, extension)
    result = automap(
        _columns(source), as_definition(extension), core_row_type=core_row_type(resource)
    )
    return {
        "id_column": result.id_column,
        "fields": [_rule_dict(f) for f in result.fields],
        "mapped": result.mapped,
        "unmapped": result.unmapped,
        "filters": [],
    }


@transaction.atomic
def mapping_create(
    *, resource: Resource, source: Source, extension: Extension, definition: dict | None = None
) -> ExtensionMapping:
    """Map ``source`` to ``extension``: with ``definition`` (id_column, fields, filters) as
    given, else as auto-mapping proposes. The definition is checked against the columns."""
    refuse_companion_data(resource)
    if source.resource_id != resource.pk:
        raise UserError(_("That source belongs to another resource."), code=codes.MAPPING_SOURCE)
    if definition is None:
        definition = mapping_propose(resource=resource, source=source, extension=extension)
    else:
        _check_extension(resource, extension)
    position = resource.mappings.count()
    mapping = ExtensionMapping.objects.create(
        resource=resource, source=source, extension=extension, position=position
    )
    return mapping_update(mapping=mapping, definition=definition)


@transaction.atomic
def mapping_update(*, mapping: ExtensionMapping, definition: dict) -> ExtensionMapping:
    """Replace id column, field rules and filters after checking them against the source."""
    spec = _spec_from(mapping.extension.row_type, definition)
    terms = set(mapping.extension.properties.values_list("qual_name", flat=True))
    unknown = sorted(r.term for r in spec.fields if r.term not in terms)
    if unknown:
        raise UserError(
            gettext_noop("Not terms of %(ext)s: %(terms)s"),
            params={"ext": mapping.extension.title, "terms": ", ".join(unknown)},
            code=codes.MAPPING_TERM,
            details={"terms": unknown},
        )
    try:
        _check_patterns(spec)
        if mapping.source is not None:
            compile_mapping(spec, _columns(mapping.source))
    except MappingError as exc:
        raise _mapping_error(exc) from exc
    mapping.id_column = spec.id_column or ""
    mapping.id_template = spec.id_template or ""
    mapping.derive_events = spec.derive_events
    mapping.on_conflict = spec.on_conflict
    mapping.filters = [asdict(f) for f in spec.filters]
    mapping.save()
    mapping.fields.all().delete()
    FieldMapping.objects.bulk_create(_field_row(mapping, rule) for rule in spec.fields)
    return mapping


def _check_patterns(spec: MappingSpec) -> None:
    """Refuse filter patterns that are not linear-time (also when there is no source yet)."""
    for flt in spec.filters:
        if flt.op == "regex":
            compile_pattern(str(flt.value))


def _spec_from(row_type: str, definition: dict) -> MappingSpec:
    try:
        fields = [FieldRule(**_clean_rule(r)) for r in definition.get("fields", [])]
        filters = [Filter(**f) for f in definition.get("filters", [])]
    except TypeError as exc:
        raise UserError(
            gettext_noop("A field rule or filter has unknown keys: %(error)s"),
            params={"error": exc},
            code=codes.MAPPING_INVALID,
        ) from exc
    return MappingSpec(
        row_type=row_type,
        id_column=definition.get("id_column") or None,
        fields=fields,
        filters=filters,
        id_template=definition.get("id_template") or None,
        derive_events=bool(definition.get("derive_events")),
        on_conflict=definition.get("on_conflict") or "first",
    )


def _clean_rule(raw: dict) -> dict:
    rule = dict(raw)
    for key in ("column", "constant", "default", "template"):
        if rule.get(key) == "":
            rule[key] = None
    return rule


def _field_row(mapping: ExtensionMapping, rule: FieldRule) -> FieldMapping:
    return FieldMapping(
        mapping=mapping,
        term=rule.term,
        column=rule.column or "",
        constant=rule.constant or "",
        template=rule.template or "",
        default=rule.default or "",
        translations=rule.translations,
    )


def _rule_dict(rule: FieldRule) -> dict:
    return {k: v for k, v in asdict(rule).items() if v not in (None, {}, "")}


def mapping_definition(mapping: ExtensionMapping) -> dict:
    """The mapping as the API and templates exchange it."""
    definition = {
        "id_column": mapping.id_column or None,
        "fields": [_rule_dict(_rule_of(f)) for f in mapping.fields.all()],
        "filters": list(mapping.filters),
    }
    if mapping.id_template:
        definition["id_template"] = mapping.id_template
    if mapping.derive_events:
        definition["derive_events"] = True
        definition["on_conflict"] = mapping.on_conflict
    return definition


def _rule_of(field: FieldMapping) -> FieldRule:
    return FieldRule(
        term=field.term,
        column=field.column or None,
        constant=field.constant or None,
        template=field.template or None,
        default=field.default or None,
        translations=dict(field.translations),
    )


def mapping_spec(mapping: ExtensionMapping, definition: dict | None = None) -> MappingSpec:
    """The engine's spec of a stored mapping (what publication and the preview run), or of
    ``definition`` (an edit not saved yet) applied to the mapping's extension and source.

    When the source has a date format, the rules of date terms that read a column carry it,
    so that the preview, the checks and the archive all see the dates as ISO 8601.
    """
    definition = definition if definition is not None else mapping_definition(mapping)
    spec = _spec_from(mapping.extension.row_type, definition)
    date_format = mapping.source.date_format if mapping.source is not None else ""
    if date_format:
        dated = date_terms(mapping.extension)
        for rule in spec.fields:
            if rule.column is not None and rule.term in dated:
                rule.date_format = date_format
    return spec


def date_terms(extension: Extension) -> frozenset[str]:
    """The terms of ``extension`` whose values are dates: typed ``date``, or known ones."""
    typed = extension.properties.filter(type="date").values_list("qual_name", flat=True)
    return DATE_TERMS | frozenset(typed)


def mapping_delete(*, mapping: ExtensionMapping) -> None:
    """Remove a mapping; its source and the other mappings stay."""
    mapping.delete()


def mapping_missing_required(mapping: ExtensionMapping) -> list[str]:
    """Required terms of the extension that the mapping does not map."""
    mapped = set(mapping.fields.values_list("term", flat=True))
    return list(
        mapping.extension.properties.filter(required=True)
        .exclude(qual_name__in=mapped)
        .values_list("qual_name", flat=True)
    )


# --- preview and translations ------------------------------------------------------------------


def mapping_preview(
    mapping: ExtensionMapping, *, rows: int = 100, definition: dict | None = None
) -> dict:
    """The first output rows, made by the same engine that writes the archive, of the saved
    mapping or of ``definition`` (unsaved edits; nothing is stored)."""
    rows = max(1, min(int(rows), PREVIEW_MAX))
    if mapping.source is None:
        raise UserError(_("This mapping has no source any more."), code=codes.MAPPING_SOURCE)
    table = source_table(mapping.source)
    try:
        mapper = compile_mapping(mapping_spec(mapping, definition), table.columns)
        output = list(itertools.islice(mapper.map(table.rows()), rows))
    except MappingError as exc:
        raise _mapping_error(exc) from exc
    except SourceError as exc:
        raise user_error(exc) from exc
    terms = mapper.terms
    return {"terms": terms, "rows": _archive_rows(output, terms)}


def _archive_rows(output: list[MappedRow], terms: list[str]) -> list[dict]:
    """Output rows as the archive writer writes them: rows without id or value left out,
    tabs and line breaks inside values replaced by spaces."""
    rows = []
    for r in output:
        values = [r.values.get(t, "") for t in terms]
        if not r.id and not any(values):
            continue
        row_id, *cleaned = sanitise_cells((r.id, *values)).split("\t")
        rows.append({"line": r.line, "id": row_id, "values": cleaned})
    return rows


def row_type_rows(resource: Resource, extension: Extension) -> tuple[list[str], Iterator]:
    """All output rows of one archive file: every mapping of ``extension`` in order,
    concatenated, with the union of their terms in the extension's order. Streams; this is
    what the archive writer reads."""
    mappings = list(
        resource.mappings.filter(extension=extension, source__isnull=False).select_related(
            "source", "extension"
        )
    )
    order = list(extension.properties.values_list("qual_name", flat=True))
    mappers = []
    for mapping in mappings:
        table = source_table(mapping.source)
        try:
            mappers.append((compile_mapping(mapping_spec(mapping), table.columns), table))
        except MappingError as exc:
            raise _mapping_error(exc) from exc
    used = {t for mapper, _table in mappers for t in mapper.terms}
    terms = [t for t in order if t in used]
    rows = itertools.chain.from_iterable(mapper.map(table.rows()) for mapper, table in mappers)
    return terms, rows


def archive_preview(resource: Resource, extension: Extension, *, rows: int = 100) -> dict:
    """The first rows of the archive file of ``extension``, as the archive will have them."""
    rows = max(1, min(int(rows), PREVIEW_MAX))
    terms, output = row_type_rows(resource, extension)
    try:
        found = list(itertools.islice(output, rows))
    except MappingError as exc:
        raise _mapping_error(exc) from exc
    except SourceError as exc:
        raise user_error(exc) from exc
    return {
        "row_type": extension.row_type,
        "terms": terms,
        "rows": _archive_rows(found, terms),
    }


def translation_values(mapping: ExtensionMapping, term: str, *, cap: int = 1000) -> dict:
    """Distinct source values of the term's column with counts, the current translations,
    and automatic matches against the term's vocabulary (if it has one)."""
    field = _mapped_field(mapping, term)
    if field is None or not field.column:
        raise UserError(
            gettext_noop("%(term)s is not mapped to a column."),
            params={"term": term},
            code=codes.MAPPING_NOT_COLUMN,
        )
    if mapping.source is None:
        raise UserError(_("This mapping has no source any more."), code=codes.MAPPING_SOURCE)
    table = source_table(mapping.source)
    if field.column not in table.columns:
        raise UserError(
            gettext_noop(
                "The column %(column)s is no longer in the source; map the term to another column."
            ),
            params={"column": field.column},
            code=codes.MAPPING_COLUMN,
        )
    index = table.columns.index(field.column)
    values = distinct_values(table.rows(), index, cap=cap)
    prop = mapping.extension.properties.filter(qual_name=term).first()
    vocabulary = vocabulary_for_link(prop.thesaurus) if prop and prop.thesaurus else None
    suggested: dict[str, str] = {}
    unmatched: list[str] = []
    if vocabulary is not None:
        match = match_vocabulary([v for v, _n in values], as_vocabulary(vocabulary))
        suggested, unmatched = match.matched, match.unmatched
    return {
        "term": term,
        "column": field.column,
        "values": [[v, n] for v, n in values],
        "translations": dict(field.translations),
        "suggested": suggested,
        "unmatched": unmatched,
        "vocabulary": vocabulary.pk if vocabulary else None,
    }


def _mapped_field(mapping: ExtensionMapping, term: str) -> FieldMapping | None:
    """The field of ``term``; None for a term no field can have (PostgreSQL refuses a NUL
    in a query)."""
    return None if "\x00" in term else mapping.fields.filter(term=term).first()


def translation_set(*, mapping: ExtensionMapping, term: str, translations: dict) -> FieldMapping:
    """Replace the value translations of one mapped term."""
    field = _mapped_field(mapping, term)
    if field is None:
        raise UserError(
            gettext_noop("%(term)s is not mapped."), params={"term": term}, code=codes.MAPPING_TERM
        )
    if not all(
        isinstance(k, str) and isinstance(v, str) and "\x00" not in k + v
        for k, v in translations.items()
    ):  # a NUL is no text a database column can hold
        raise UserError(_("Translations map text to text."), code=codes.MAPPING_INVALID)
    field.translations = translations
    with transaction.atomic():
        field.save(update_fields=["translations"])
        # the mapping changed: bulk publication's "changed since the latest version" sees it
        mapping.save(update_fields=["modified"])
    return field


def gbif_notes(mapping: ExtensionMapping) -> list[dict]:
    """What GBIF would silently drop or refuse because of how this mapping is made (see the
    registry and harvest reference): each note has a stable code and says what to map."""
    mapped = set(mapping.fields.values_list("term", flat=True))
    row_type, core = mapping.extension.row_type, core_row_type(mapping.resource)
    notes = []
    if not mapping.id_column:
        notes.append(
            {
                "code": "gbif:no-id",
                "message": _(
                    "No id column: GBIF cannot index rows without the record (or core) id."
                ),
            }
        )
    if row_type == OCCURRENCE and DWC_OCCURRENCE_ID not in mapped:
        notes.append(
            {
                "code": "gbif:no-occurrence-id",
                "message": _("occurrenceID is not mapped: GBIF drops occurrences without it."),
            }
        )
    if row_type == OCCURRENCE and DWC_BASIS_OF_RECORD not in mapped:
        notes.append(
            {
                "code": "gbif:no-basis-of-record",
                "message": _("basisOfRecord is not mapped: publication fails without it."),
            }
        )
    if row_type in MOF_ROW_TYPES and core == EVENT and DWC_OCCURRENCE_ID not in mapped:
        notes.append(
            {
                "code": "gbif:event-level-mof",
                "message": _(
                    "Without occurrenceID these measurements stay with the event: GBIF does not "
                    "attach them to occurrences."
                ),
            }
        )
    return notes


# --- templates ---------------------------------------------------------------------------------


def template_save(*, resource: Resource, name: str, by=None) -> MappingTemplate:
    """Save the resource's mappings under ``name`` (replacing a template of that name)."""
    mappings = [
        {
            "row_type": m.extension.row_type,
            "source": m.source.name if m.source else None,
            **mapping_definition(m),
        }
        for m in resource.mappings.select_related("extension", "source")
    ]
    if not mappings:
        raise UserError(_("This resource has no mappings to save."), code=codes.TEMPLATE_EMPTY)
    existing = MappingTemplate.objects.filter(name=name).first()
    if (
        existing
        and existing.created_by_id not in (None, getattr(by, "pk", None))
        and not is_admin(by)
    ):
        raise UserError(
            gettext_noop("Another user's template is called %(name)s; choose another name."),
            params={"name": name},
            code=codes.TEMPLATE_TAKEN,
        )
    template, _created = MappingTemplate.objects.update_or_create(
        name=name, defaults={"mappings": mappings, "created_by": by, "resource": resource}
    )
    return template


@transaction.atomic
def template_apply(
    *, template: MappingTemplate, resource: Resource, sources: dict[str, str] | None = None
) -> list[ExtensionMapping]:
    """Create the template's mappings on ``resource``. Each is applied to the source of the
    same name, or to ``sources[template source name]``; a source lacking a mapped column
    fails the whole application."""
    sources = sources or {}
    created = []
    for entry in template.mappings:
        wanted = sources.get(entry["source"] or "", entry["source"])
        source = resource.sources.filter(name=wanted).first() if wanted else None
        if source is None:
            wanted = wanted or _("(none: the template's mapping had lost its source)")
            raise UserError(
                gettext_noop("The resource has no source named %(name)s for the template."),
                params={"name": wanted},
                code=codes.TEMPLATE_SOURCE,
            )
        extension = Extension.objects.filter(row_type=entry["row_type"]).first()
        if extension is None:
            raise UserError(
                gettext_noop("The extension %(row)s is not installed."),
                params={"row": entry["row_type"]},
                code=codes.TEMPLATE_EXTENSION,
            )
        created.append(
            mapping_create(resource=resource, source=source, extension=extension, definition=entry)
        )
    return created


def mappings_migrate(extension: Extension, plan: UpdatePlan) -> dict:
    """Carry the mappings to ``extension`` over to its new definition (``plan``): renamed terms
    are re-pointed; terms that disappeared, or whose replacement is mapped already, are
    unmapped. Returns both lists, each entry naming resource, mapping and term."""
    report: dict = {"renamed": [], "unmapped": []}
    fields = FieldMapping.objects.filter(mapping__extension=extension).select_related(
        "mapping__resource"
    )
    mapped = {(f.mapping_id, f.term) for f in fields}
    for field_mapping in fields:
        target = plan.target(field_mapping.term)
        entry = {
            "resource": field_mapping.mapping.resource.shortname,
            "mapping": field_mapping.mapping_id,
            "term": field_mapping.term,
        }
        if target is None or (
            target != field_mapping.term and (field_mapping.mapping_id, target) in mapped
        ):
            # Gone, or its replacement is mapped already: keep the explicit mapping.
            report["unmapped"].append({**entry, "replaced_by": target or ""})
            field_mapping.delete()
        elif target != field_mapping.term:
            report["renamed"].append({**entry, "new_term": target})
            field_mapping.term = target
            field_mapping.save(update_fields=["term"])
    return report

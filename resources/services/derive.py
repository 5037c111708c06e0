"""Events derived from a flat source: the split a page proposes, what it would give, and
the mappings that make it (``resources.mapping.split`` does the work, Django-free).

A split becomes up to three mappings of the one source, as a publisher would write them:
parent events (one per site, ``derive_events``), events (one per key, with
``parentEventID``) and occurrences whose core id is the event id. The builder then reads
the source once per mapping, keeping the first row of each event (``resources.dwca.derive``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from itertools import islice

from django.db import transaction
from django.utils.translation import gettext_noop

from catalogue.definitions.offer import EVENT, OCCURRENCE
from catalogue.models import Extension
from catalogue.services.store import as_definition
from core.errors import UserError
from resources import error_codes as codes
from resources.mapping import MappingError, automap
from resources.mapping.split import (
    SAMPLE_ROWS,
    Split,
    check,
    joined,
    suggest,
    tally,
)
from resources.models import ExtensionMapping, Resource, ResourceType, Source
from resources.sources.errors import SourceError

from .companion_data import refuse_companion_data
from .mappings import mapping_create
from .sources import source_table, user_error

DWC = "http://rs.tdwg.org/dwc/terms/"


def split_from(data: dict) -> Split:
    """A split from its JSON form (the API's and the page's), refused when malformed."""
    unknown = sorted(set(data) - set(Split.__dataclass_fields__))
    try:
        if unknown:
            raise TypeError("unknown: " + ", ".join(unknown))
        split = Split(**data)
    except TypeError as exc:
        raise UserError(
            gettext_noop("The split has unknown or missing keys: %(error)s"),
            params={"error": exc},
            code=codes.MAPPING_SPLIT,
        ) from exc
    return split


def split_dict(split: Split) -> dict:
    return asdict(split)


def _split_error(exc: MappingError) -> UserError:
    return UserError(exc.template, code=codes.MAPPING_SPLIT, params=exc.params)


def _terms(columns: list[str], row_type: str) -> dict[str, str]:
    extension = Extension.objects.get(row_type=row_type)
    return automap(columns, as_definition(extension), core_row_type=EVENT).mapped


def derive_suggest(source: Source) -> dict:
    """What the page proposes for ``source``: the split (None when no column identifies an
    event), the counts it gives over the first ``SAMPLE_ROWS`` rows, and the columns with
    the Event and Occurrence terms auto-mapping finds for them."""
    table = source_table(source)
    columns = list(table.columns)
    event_terms, occurrence_terms = _terms(columns, EVENT), _terms(columns, OCCURRENCE)
    try:  # one row more than the sample: the counts say whether the rows go on
        read = list(islice(table.cells(), SAMPLE_ROWS + 1))
    except SourceError as exc:
        raise user_error(exc) from exc
    split = suggest(
        columns, [cells for _line, cells in read[:SAMPLE_ROWS]], event_terms, occurrence_terms
    )
    return {
        "split": split_dict(split) if split is not None else None,
        "counts": _tally(split, columns, read) if split is not None else None,
        "columns": columns,
        "event_terms": event_terms,
        "occurrence_terms": occurrence_terms,
    }


def derive_tally(source: Source, split: Split) -> dict:
    """What ``split`` gives over the first ``SAMPLE_ROWS`` rows of ``source``: events,
    parents, occurrences, conflicting events with up to 20 named, and whether the rows were
    cut (the publication reads them all)."""
    table = source_table(source)
    return _tally(split, list(table.columns), table.cells())


def _tally(split: Split, columns: list[str], rows: Iterable[tuple[int, Sequence[str]]]) -> dict:
    """``derive_tally`` over ``rows`` ((line, cells)): read here, or the rows held already."""
    try:
        check(split, columns)
        found = tally(split, columns, rows)
    except MappingError as exc:
        raise _split_error(exc) from exc
    except SourceError as exc:
        raise user_error(exc) from exc
    return {
        "rows": found.rows,
        "events": found.events,
        "parents": found.parents,
        "occurrences": found.rows,
        "conflicts": found.conflicts,
        "conflict_lines": [
            {"event": event, "first_line": first, "line": line, "column": column}
            for event, first, line, column in found.conflict_lines
        ],
        "capped": found.capped,
    }


@transaction.atomic
def derive_apply(*, resource: Resource, source: Source, split: Split) -> list[ExtensionMapping]:
    """Map ``source`` as events derived from it: its other mappings are replaced by (parent
    events,) events and occurrences, and the resource becomes a sampling-event resource."""
    refuse_companion_data(resource)
    columns = list(source_table(source).columns)
    try:
        check(split, columns)
    except MappingError as exc:
        raise _split_error(exc) from exc
    source.mappings.all().delete()
    if resource.type != ResourceType.SAMPLING_EVENT:
        resource.type = ResourceType.SAMPLING_EVENT
        resource.save(update_fields=["type"])
    event = Extension.objects.get(row_type=EVENT)
    occurrence = Extension.objects.get(row_type=OCCURRENCE)
    created = []
    template = split.event_template()
    if split.parent_key:
        parent_template = split.parent_id_template()
        fields = _fields(split.parent, skip=(DWC + "eventID", DWC + "parentEventID"))
        fields.append({"term": DWC + "eventID", "template": parent_template})
        created.append(_derived(resource, source, event, parent_template, fields, split))
    fields = _fields(split.event, skip=(DWC + "eventID", DWC + "parentEventID"))
    fields.append({"term": DWC + "eventID", "template": template})
    if split.parent_key:
        fields.append({"term": DWC + "parentEventID", "template": split.parent_id_template()})
    created.append(_derived(resource, source, event, template, fields, split))
    fields = _fields(split.occurrence, skip=(DWC + "eventID",))
    if split.occurrence_id and not any(f["term"] == DWC + "occurrenceID" for f in fields):
        fields.append({"term": DWC + "occurrenceID", "template": split.occurrence_id})
    fields.append({"term": DWC + "eventID", "template": template})
    created.append(
        mapping_create(
            resource=resource,
            source=source,
            extension=occurrence,
            definition={"id_template": template, "fields": fields, "filters": []},
        )
    )
    return created


def _fields(columns: dict[str, str], *, skip: tuple[str, ...]) -> list[dict]:
    return [{"term": t, "column": c} for c, t in columns.items() if t not in skip]


def _derived(
    resource: Resource,
    source: Source,
    extension: Extension,
    template: str,
    fields: list[dict],
    split: Split,
) -> ExtensionMapping:
    return mapping_create(
        resource=resource,
        source=source,
        extension=extension,
        definition={
            "id_template": template,
            "derive_events": True,
            "on_conflict": split.on_conflict,
            "fields": fields,
            "filters": [],
        },
    )


def derive_columns(source: Source) -> dict:
    """The columns of ``source`` with the Event and Occurrence terms auto-mapping finds for
    them (what the page's form offers), without reading its rows."""
    columns = list(source_table(source).columns)
    return {
        "columns": columns,
        "event_terms": _terms(columns, EVENT),
        "occurrence_terms": _terms(columns, OCCURRENCE),
    }


__all__ = [
    "derive_apply",
    "derive_columns",
    "derive_suggest",
    "derive_tally",
    "joined",
    "split_dict",
    "split_from",
]

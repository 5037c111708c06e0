"""Mappings of a source awaiting replacement, re-pointed by column position.

An IPT mapping names columns by position; a source imported without its data gets
placeholder names (``column_1`` ...). When real data replaces it, the mapped columns are
the ones at the same positions, as the IPT would have read them.
"""

from __future__ import annotations

from django.db import transaction

from resources.models import ExtensionMapping, FieldMapping, Source


def placeholder_columns(count: int) -> list[str]:
    """The names of a source's columns known only by position."""
    return ["column_%d" % (i + 1) for i in range(count)]


@transaction.atomic
def source_columns_rebind(*, source: Source, old: list[str], new: list[str]) -> dict[str, str]:
    """Point the mapped columns, id columns and column filters of ``source``'s mappings at
    the column of ``new`` in the position their column had in ``old``; returns the renames.
    Positions ``new`` lacks are left as they are (and flagged as removed columns)."""
    renames = {o: n for o, n in zip(old, new, strict=False) if o != n}
    if not renames:
        return {}
    for field in FieldMapping.objects.filter(mapping__source=source, column__in=list(renames)):
        field.column = renames[field.column]
        field.save(update_fields=["column"])
    for mapping in ExtensionMapping.objects.filter(source=source):
        mapping.id_column = renames.get(mapping.id_column, mapping.id_column)
        mapping.filters = [_filter(f, renames) for f in mapping.filters]
        mapping.save(update_fields=["id_column", "filters", "modified"])
    return renames


def _filter(item: dict, renames: dict[str, str]) -> dict:
    if item.get("after_translation"):  # tests a term, not a column
        return item
    return {**item, "column": renames.get(item.get("column", ""), item.get("column", ""))}

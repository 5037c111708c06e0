"""Auto-mapping whole sources: which extension a source holds, and auto-mapping every source
that has no mapping yet (the command line's ``mapping_automap``).

One source at a time, this is what the mapping page does: ``mapping_propose`` then
``mapping_create`` with the proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from catalogue.models import Extension
from catalogue.selectors import extensions_for_core
from catalogue.services.store import as_definition
from core.errors import UserError
from resources import error_codes as codes
from resources.mapping import automap
from resources.mapping.automap import term_key
from resources.models import ExtensionMapping, Resource, Source

from .mappings import core_row_type, mapping_create, mapping_missing_required, mapping_propose


@dataclass
class Automapped:
    """What auto-mapping made of one source: the mapping, or why none was made."""

    source: Source
    extension: Extension | None = None
    mapping: ExtensionMapping | None = None
    mapped: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    error: UserError | None = None


def mapping_extensions(resource: Resource) -> list[Extension]:
    """The extensions the resource's sources may be mapped to: its core first, then the
    installed extensions offered under that core (none for a metadata-only resource)."""
    core = core_row_type(resource)
    if core is None:
        return []
    first = list(Extension.objects.filter(row_type=core))
    return first + [e for e in extensions_for_core(core) if e.row_type != core]


def _names(extension: Extension) -> set[str]:
    names = {term_key(n) for n in (extension.name, extension.row_type.rsplit("/", 1)[-1])}
    return names | {n + "s" for n in names} | {n.removesuffix("s") for n in names}


def mapping_extension_guess(*, resource: Resource, source: Source) -> Extension | None:
    """The extension ``source`` most likely holds: the one its name names (``occurrence.csv``
    holds occurrences), else the one auto-mapping maps most of its columns to, the core
    winning a tie. None when no column matches a term of any of them."""
    candidates = mapping_extensions(resource)
    own = {term_key(source.name), term_key(Path(source.filename or source.name).stem)}
    for extension in candidates:
        if own & _names(extension):
            return extension
    best, best_count = None, 0
    for extension in candidates:
        result = automap(
            source.columns, as_definition(extension), core_row_type=core_row_type(resource)
        )
        if len(result.mapped) > best_count:
            best, best_count = extension, len(result.mapped)
    return best


def _automap_one(resource: Resource, source: Source, extension: Extension | None) -> Automapped:
    if not source.columns:
        raise UserError(
            gettext_noop("The source %(name)s has not been analysed yet."),
            params={"name": source.name},
            code=codes.MAPPING_NOT_ANALYSED,
            details={"source": source.name},
        )
    extension = extension or mapping_extension_guess(resource=resource, source=source)
    if extension is None:
        raise UserError(
            gettext_noop(
                "No column of %(name)s matches a term of the core or of an extension; "
                "map it on the mapping page."
            ),
            params={"name": source.name},
            code=codes.MAPPING_NO_MATCH,
            details={"source": source.name},
        )
    proposal = mapping_propose(resource=resource, source=source, extension=extension)
    mapping = mapping_create(
        resource=resource, source=source, extension=extension, definition=proposal
    )
    return Automapped(
        source=source,
        extension=extension,
        mapping=mapping,
        mapped=proposal["mapped"],
        unmapped=proposal["unmapped"],
        missing_required=mapping_missing_required(mapping),
    )


def sources_automap(
    *, resource: Resource, sources: list[Source] | None = None, extension: Extension | None = None
) -> list[Automapped]:
    """Auto-map each of ``sources`` to ``extension`` (default: the extension guessed for
    each), creating one mapping per source.

    Without ``sources``, every source of the resource that has no mapping yet is tried and a
    source that cannot be mapped is reported (``error``) while the others are mapped; sources
    named explicitly must map, or the ``UserError`` is raised.
    """
    explicit = sources is not None
    if sources is None:
        sources = list(resource.sources.filter(mappings__isnull=True).order_by("name"))
    results = []
    for source in sources:
        try:
            results.append(_automap_one(resource, source, extension))
        except UserError as exc:
            if explicit:
                raise
            results.append(Automapped(source=source, extension=extension, error=exc))
    return results

"""Installing, updating and removing extensions and vocabularies."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalogue import definitions as cat
from catalogue import error_codes as codes
from catalogue.definitions.builtin import builtin_extensions, builtin_vocabularies
from catalogue.definitions.migrate import UpdatePlan, plan_update
from catalogue.definitions.offer import CORE_ROW_TYPES
from catalogue.models import Concept, Extension, ExtensionProperty, Origin, Vocabulary
from core.errors import Text, UserError, located
from core.http import fetch_bytes

from .store import (
    as_definition,
    extension_fields,
    store_properties,
    store_vocabulary,
    translations_json,
)

logger = logging.getLogger(__name__)
_MIGRATORS: list[Callable[[Extension, UpdatePlan], dict]] = []


@dataclass
class InstallResult:
    """What an install did: the extension, whether it was new, and the migration report."""

    extension: Extension
    created: bool
    report: dict = field(default_factory=dict)


def catalogue_error_text(exc: cat.CatalogueError) -> Text:
    """A definition's error as a translatable text: where (file, line, column), then what;
    its values fill the placeholders after translating."""
    where = exc.source or Text(gettext_noop("definition"))
    return located(Text(exc.template, exc.params), where, exc.line, exc.column)


def _user_error(exc: cat.CatalogueError) -> UserError:
    return UserError(
        catalogue_error_text(exc),
        code=exc.code,
        details={"source": exc.source, "line": exc.line, "column": exc.column},
    )


def catalogue_ensure_builtin() -> dict[str, int]:
    """Install every built-in extension and vocabulary that is not installed yet.

    Idempotent and offline; an installed definition (built-in or newer) is left alone.
    """
    created = {"extensions": 0, "vocabularies": 0}
    installed = set(Extension.objects.values_list("row_type", flat=True))
    for definition, source in builtin_extensions().values():
        if definition.row_type not in installed:
            _create_extension(definition, origin=Origin.BUILTIN, source_url=source, by=None)
            created["extensions"] += 1
    known = set(Vocabulary.objects.values_list("uri", flat=True))
    for vocabulary, source in builtin_vocabularies().values():
        if vocabulary.uri not in known:
            store_vocabulary(vocabulary, origin=Origin.BUILTIN, source_url=source)
            created["vocabularies"] += 1
    return created


@transaction.atomic
def catalogue_refresh_builtin_texts() -> int:
    """Give installed built-in extensions the term translations, and installed built-in
    vocabularies the concept labels, the built-in catalogue now ships (labels in other
    languages came after the first installations). Returns the number of terms and concepts
    changed; an installed definition that is not built-in is left alone."""
    shipped = {d.row_type: d for d, _source in builtin_extensions().values()}
    changed = []
    builtin = Extension.objects.filter(origin=Origin.BUILTIN, row_type__in=shipped)
    for extension in builtin.prefetch_related("properties"):
        definition = shipped[extension.row_type]
        for prop in extension.properties.all():
            found = definition.get_property(prop.qual_name)
            texts = translations_json(found) if found else prop.translations
            if texts != prop.translations:
                prop.translations = texts
                changed.append(prop)
    ExtensionProperty.objects.bulk_update(changed, ["translations"], batch_size=500)
    return len(changed) + _refresh_builtin_concept_labels()


def _refresh_builtin_concept_labels() -> int:
    """The same for the concept labels of installed built-in vocabularies."""
    shipped = {v.uri: v for v, _source in builtin_vocabularies().values()}
    changed = []
    builtin = Vocabulary.objects.filter(origin=Origin.BUILTIN, uri__in=shipped)
    for vocabulary in builtin.prefetch_related("concepts"):
        labels = {c.identifier: c.labels for c in shipped[vocabulary.uri].concepts}
        for concept in vocabulary.concepts.all():
            found = labels.get(concept.identifier)
            if found is not None and dict(found) != concept.labels:
                concept.labels = dict(found)
                changed.append(concept)
    Concept.objects.bulk_update(changed, ["labels"], batch_size=500)
    return len(changed)


@transaction.atomic
def _create_extension(definition: cat.Extension, *, origin: str, source_url: str, by):
    extension = Extension.objects.create(
        row_type=definition.row_type,
        origin=origin,
        source_url=source_url[:500],
        installed_by=by,
        **extension_fields(definition),
    )
    store_properties(extension, definition)
    return extension


def extension_install(
    *, definition: cat.Extension, origin: str, source_url: str = "", by=None
) -> InstallResult:
    """Install ``definition``, or update the installed version of its row type.

    An older definition than the installed one is refused, as is the same issued date unless
    it replaces a built-in (to get the official texts and translations). Updating migrates
    existing mappings (see ``extension_migrate``).
    """
    existing = Extension.objects.filter(row_type=definition.row_type).first()
    if existing is None:
        extension = _create_extension(definition, origin=origin, source_url=source_url, by=by)
        logger.info("Extension %s installed from %s", definition.row_type, origin)
        return InstallResult(extension, created=True)
    _check_newer(existing, definition)
    report = extension_migrate(
        extension=existing, definition=definition, origin=origin, source_url=source_url, by=by
    )
    return InstallResult(existing, created=False, report=report)


def _check_newer(existing: Extension, definition: cat.Extension) -> None:
    old, new = existing.issued, definition.issued
    if old is None or new is None or new > old:
        return
    if new == old and existing.origin == Origin.BUILTIN:
        return
    raise UserError(
        _(
            "%(title)s is already installed in the version issued %(old)s; this definition was "
            "issued %(new)s. Only a newer version can replace it."
        )
        % {"title": existing.title, "old": old, "new": new},
        code=codes.EXTENSION_NOT_NEWER,
        details={"row_type": existing.row_type, "installed": str(old), "offered": str(new)},
    )


@transaction.atomic
def extension_migrate(
    *, extension: Extension, definition: cat.Extension, origin: str, source_url: str, by=None
) -> dict:
    """Replace the extension's definition and carry existing mappings over.

    Mapped terms that disappeared are unmapped; renamed terms are re-pointed. Returns (and
    keeps on the extension) a report listing both, per resource.
    """
    plan = plan_update(as_definition(extension), definition)
    report = _migrate_mappings(extension, plan)
    report.update(
        from_issued=str(extension.issued or ""),
        to_issued=str(definition.issued or ""),
        added_terms=plan.added,
    )
    for name, value in extension_fields(definition).items():
        setattr(extension, name, value)
    extension.origin, extension.source_url = origin, source_url[:500]
    extension.installed_by, extension.last_update_report = by, report
    if _caught_up(extension, definition):
        extension.latest_issued, extension.latest_url = None, ""
    extension.save()
    store_properties(extension, definition)
    logger.info(
        "Extension %s updated: %d renamed, %d unmapped",
        extension.row_type,
        len(report["renamed"]),
        len(report["unmapped"]),
    )
    return report


def _caught_up(extension: Extension, definition: cat.Extension) -> bool:
    latest = extension.latest_issued
    return bool(latest and definition.issued and definition.issued >= latest)


def mappings_migrator_register(migrator: Callable[[Extension, UpdatePlan], dict]) -> None:
    """Let the app that maps data to extensions carry its mappings over when an extension
    is updated: ``migrator(extension, plan)`` applies the plan and returns a report with the
    lists ``renamed`` and ``unmapped`` (``resources`` registers it when ready; the catalogue
    knows no mapping)."""
    _MIGRATORS[:] = [migrator]


def _migrate_mappings(extension: Extension, plan: UpdatePlan) -> dict:
    report: dict = {"renamed": [], "unmapped": []}
    for migrator in _MIGRATORS:
        found = migrator(extension, plan)
        report["renamed"] += found["renamed"]
        report["unmapped"] += found["unmapped"]
    return report


def extension_install_builtin(*, key: str, by=None) -> InstallResult:
    """Install (again) the built-in definition ``key``, e.g. after it was removed."""
    try:
        definition, source = builtin_extensions()[key]
    except KeyError:
        raise UserError(
            _("There is no built-in definition %(key)s.") % {"key": key},
            code=codes.EXTENSION_UNKNOWN,
        ) from None
    return extension_install(definition=definition, origin=Origin.BUILTIN, source_url=source, by=by)


def extension_install_from_bytes(
    *, data: bytes, source: str, origin: str, by=None, source_url: str = ""
) -> InstallResult:
    """Parse an extension definition and install it; nothing changes when it is invalid."""
    try:
        definition = cat.parse_extension(data, source=source)
    except cat.CatalogueError as exc:
        raise _user_error(exc) from exc
    if not definition.properties:
        raise UserError(
            _("%(source)s defines no properties.") % {"source": source}, code=codes.EXTENSION_FORMAT
        )
    return extension_install(definition=definition, origin=origin, source_url=source_url, by=by)


def extension_install_from_url(*, url: str, by=None, origin: str = Origin.URL) -> InstallResult:
    """Download a definition, install it, and fetch the vocabularies it links to."""
    data = fetch_bytes(url, max_bytes=settings.CATALOGUE_MAX_BYTES)
    result = extension_install_from_bytes(
        data=data, source=url, origin=origin, by=by, source_url=url
    )
    result.report["vocabularies"] = vocabularies_fetch_missing(extension=result.extension)
    return result


def vocabularies_fetch_missing(*, extension: Extension) -> dict[str, str]:
    """Install the vocabularies the extension links to that are not installed yet.

    Best effort: returns {url: "installed" | error message}; a failure installs nothing.
    """
    outcome: dict[str, str] = {}
    for url in extension_missing_vocabularies(extension):
        try:
            vocabulary_install_from_url(url=url)
            outcome[url] = "installed"
        except (UserError, cat.CatalogueError) as exc:
            outcome[url] = str(exc)
        except Exception as exc:  # an outage must not undo the extension install
            logger.warning("Vocabulary %s not fetched: %s", url, exc.__class__.__name__)
            outcome[url] = exc.__class__.__name__
    return outcome


def extension_missing_vocabularies(extension: Extension) -> list[str]:
    """Thesaurus links of the extension that match no installed vocabulary."""
    links = set(extension.properties.exclude(thesaurus="").values_list("thesaurus", flat=True))
    known = {
        cat.link_key(u)
        for pair in Vocabulary.objects.values_list("source_url", "uri")
        for u in pair
        if u
    }
    return sorted(u for u in links if cat.link_key(u) not in known)


def vocabulary_install_from_url(*, url: str) -> Vocabulary:
    data = fetch_bytes(url, max_bytes=settings.CATALOGUE_MAX_BYTES)
    return vocabulary_install_from_bytes(data=data, source=url, origin=Origin.URL, source_url=url)


@transaction.atomic
def vocabulary_install_from_bytes(
    *, data: bytes, source: str, origin: str, source_url: str = ""
) -> Vocabulary:
    """Parse a thesaurus and install (or replace) it."""
    try:
        definition = cat.parse_vocabulary(data, source=source)
    except cat.CatalogueError as exc:
        raise _user_error(exc) from exc
    return store_vocabulary(definition, origin=origin, source_url=source_url)


def extension_remove(*, extension: Extension) -> None:
    """Remove an extension; refused while any mapping uses it."""
    in_use = sorted(set(extension.mappings.values_list("resource__shortname", flat=True)))
    if in_use:
        raise UserError(
            _("%(title)s is used by the mappings of %(resources)s; remove those mappings first.")
            % {"title": extension.title, "resources": ", ".join(in_use)},
            code=codes.EXTENSION_IN_USE,
            details={"resources": in_use},
        )
    logger.info("Extension %s removed", extension.row_type)
    extension.delete()


def extension_set_extra_cores(*, extension: Extension, cores: list[str]) -> Extension:
    """Offer the extension under more cores than its subject keywords name (admin setting)."""
    unknown = [c for c in cores if c not in CORE_ROW_TYPES]
    if unknown:
        raise UserError(
            _("Unknown core row type: %(cores)s") % {"cores": ", ".join(unknown)},
            code=codes.EXTENSION_CORE,
        )
    extension.extra_cores = sorted(set(cores))
    extension.save(update_fields=["extra_cores", "updated_at"])
    return extension

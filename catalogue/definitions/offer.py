"""Which extensions are offered under which core, from the definitions' subject keywords."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Extension

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
OCCURRENCE = DWC + "Occurrence"
TAXON = DWC + "Taxon"
CORE_ROW_TYPES = (EVENT, OCCURRENCE, TAXON)


def _local(value: str) -> str:
    for sep in ("/", "#", ":"):
        value = value.rsplit(sep, 1)[-1]
    return value.lower()


def subject_names_core(subject: str, core_row_type: str) -> bool:
    """``dwc:Event``, ``Event`` and the full URI all name the Event core."""
    if subject == core_row_type:
        return True
    return _local(subject) == _local(core_row_type)


def is_offered(
    extension: Extension, core_row_type: str, *, extra_cores: Iterable[str] = ()
) -> bool:
    """Whether ``extension`` may be mapped as an extension of ``core_row_type``.

    As in the IPT: an extension is offered under the cores its subject keywords name, and
    under every core when it names none; a core type (Occurrence, Taxon, Event) only where its
    keywords name the core. An admin setting (``extra_cores``) can add more.
    """
    if extension.row_type == core_row_type:
        return False
    if core_row_type in extra_cores:
        return True
    if not extension.subjects:
        return extension.row_type not in CORE_ROW_TYPES
    return any(subject_names_core(s, core_row_type) for s in extension.subjects)

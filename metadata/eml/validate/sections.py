"""Checks of keywords, project, methods, citations, physical data and collections."""

from __future__ import annotations

from ..identifiers import funder_id_valid
from ..model import Award, CuratorialUnit, Document, Project
from .agents import URL_FORMAT, check_agents
from .base import Issues, gettext_noop
from .formats import blank, is_count, is_http_url

PROJECT_TITLE = gettext_noop("A project title is required.")
PERSONNEL = gettext_noop("Add at least one project person.")
REMOVE_OR_FILL = gettext_noop("Fill in this line or remove it.")
WHOLE_NUMBER = gettext_noop("Enter a whole number of 0 or more.")
FUNDER_ID = gettext_noop(
    "Enter each funder identifier as a Crossref Open Funder Registry DOI such as "
    "https://doi.org/10.13039/100000001 or as a ROR id such as https://ror.org/021nxhr62."
)


def _keywords(issues: Issues, doc: Document) -> None:
    for index, kws in enumerate(doc.keyword_sets):
        path = f"keyword_sets[{index}]"
        if all(blank(k) for k in kws.keywords):
            issues.add(path + ".keywords", gettext_noop("Enter at least one keyword."))
        if blank(kws.thesaurus):
            issues.add(
                path + ".thesaurus",
                gettext_noop('Enter the thesaurus the keywords come from, or "N/A" if none.'),
            )


def _project_core(issues: Issues, path: str, project: Project) -> None:
    if blank(project.title):
        issues.add(path + ".title", PROJECT_TITLE)
    check_agents(issues, path + ".personnel", project.personnel, required=PERSONNEL, personnel=True)


def _award(issues: Issues, path: str, award: Award) -> None:
    """An award needs a funder and a title; funder ids are Funder Registry DOIs or RORs."""
    if blank(award.funder_name):
        issues.add(path + ".funder_name", gettext_noop("A funder name is required."))
    for index, identifier in enumerate(award.funder_identifiers):
        if not blank(identifier) and not funder_id_valid(identifier):
            issues.add(f"{path}.funder_identifiers[{index}]", FUNDER_ID)
    if blank(award.title):
        issues.add(path + ".title", gettext_noop("An award title is required."))
    if not blank(award.url) and not is_http_url(award.url):
        issues.add(path + ".url", URL_FORMAT)


def _project(issues: Issues, project: Project) -> None:
    """A recorded project needs a title and personnel; awards a funder and a title."""
    if project.is_empty():
        return
    _project_core(issues, "project", project)
    for index, award in enumerate(project.awards):
        _award(issues, f"project.awards[{index}]", award)
    for index, related in enumerate(project.related_projects):
        _project_core(issues, f"project.related_projects[{index}]", related)


def _methods(issues: Issues, doc: Document) -> None:
    methods = doc.methods
    for index, step in enumerate(methods.steps):
        if blank(step):
            issues.add(f"methods.steps[{index}]", REMOVE_OR_FILL)
    extent = not all(blank(p) for p in methods.study_extent)
    sampling = not all(blank(p) for p in methods.sampling_description)
    if sampling and not extent:
        issues.add("methods.study_extent", gettext_noop("Describe the study extent too."))
    if extent and not sampling:
        issues.add("methods.sampling_description", gettext_noop("Describe the sampling too."))


def _citations(issues: Issues, doc: Document) -> None:
    if blank(doc.citation.text) and not blank(doc.citation.identifier):
        issues.add("citation.text", gettext_noop("Enter the citation for this identifier."))
    for index, citation in enumerate(doc.bibliography):
        if blank(citation.text):
            issues.add(f"bibliography[{index}].text", gettext_noop("Enter the citation."))


def _physical(issues: Issues, doc: Document) -> None:
    required = {
        "name": gettext_noop("A name is required."),
        "charset": gettext_noop("A character set is required."),
        "format_name": gettext_noop("A data format is required."),
        "url": gettext_noop("A download address is required."),
    }
    for index, phys in enumerate(doc.physical_data):
        path = f"physical_data[{index}]"
        for name, message in required.items():
            if blank(getattr(phys, name)):
                issues.add(f"{path}.{name}", message)
        if not blank(phys.url) and not is_http_url(phys.url):
            issues.add(path + ".url", URL_FORMAT)


def _curatorial_unit(issues: Issues, path: str, unit: CuratorialUnit) -> None:
    """A unit type, then either a range (begin and end) or a count with its uncertainty."""
    if blank(unit.unit_type):
        issues.add(path + ".unit_type", gettext_noop("A unit type is required."))
    is_range = not (blank(unit.start) and blank(unit.end))
    if is_range and not (blank(unit.count) and blank(unit.uncertainty)):
        issues.add(path + ".count", gettext_noop("Give either a count or a range, not both."))
    fields = ("start", "end") if is_range else ("count", "uncertainty")
    for name in fields:
        if not is_count(getattr(unit, name)):
            issues.add(f"{path}.{name}", WHOLE_NUMBER)
    if is_range and is_count(unit.start) and is_count(unit.end) and int(unit.end) < int(unit.start):
        issues.add(path + ".end", gettext_noop("The range must not end before it starts."))


def _collections(issues: Issues, doc: Document) -> None:
    for index, collection in enumerate(doc.collections):
        if blank(collection.name):
            issues.add(f"collections[{index}].name", gettext_noop("A collection name is required."))
    for index, method in enumerate(doc.specimen_preservation_methods):
        if blank(method):
            issues.add(f"specimen_preservation_methods[{index}]", REMOVE_OR_FILL)
    for index, unit in enumerate(doc.curatorial_units):
        _curatorial_unit(issues, f"curatorial_units[{index}]", unit)


def check_sections(issues: Issues, doc: Document) -> None:
    """Keywords, project, methods, citations, physical data and collections."""
    _keywords(issues, doc)
    _project(issues, doc.project)
    _methods(issues, doc)
    _citations(issues, doc)
    _physical(issues, doc)
    _collections(issues, doc)

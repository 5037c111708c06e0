"""Methods and project (awards, related projects) in the profile 1.3 order."""

from __future__ import annotations

from lxml import etree

from ..model import Award, Methods, Project
from .agents import write_agent
from .xml import JOIN, description, filled, opt, paras, single_para, sub


def write_methods(ds: etree._Element, methods: Methods) -> None:
    """``<methods>``: steps, then one sampling, then quality control (left out when empty)."""
    steps, extent = filled(methods.steps), filled(methods.study_extent)
    sampling, quality = filled(methods.sampling_description), filled(methods.quality_control)
    if not (steps or extent or sampling or quality):
        return
    el = sub(ds, "methods")
    for step in steps or [""]:  # the profile requires a methodStep before sampling
        description(el, "methodStep", [step])
    if extent or sampling:
        wrapper = sub(el, "sampling")
        description(wrapper, "studyExtent", extent)
        sub(sub(wrapper, "samplingDescription"), "para", JOIN.join(sampling))
    for qc in quality:
        description(el, "qualityControl", [qc])


def _award(parent: etree._Element, award: Award) -> None:
    el = sub(parent, "award")
    sub(el, "funderName", award.funder_name)
    for identifier in filled(award.funder_identifiers):
        sub(el, "funderIdentifier", identifier)
    opt(el, "awardNumber", award.award_number)
    sub(el, "title", award.title)
    opt(el, "awardUrl", award.url)


def _related(parent: etree._Element, project: Project) -> None:
    """A related project: the profile's relatedProjectType holds only title, personnel
    and abstract, so funding, awards, study area, design and further nesting are not written."""
    el = sub(parent, "relatedProject", id=project.identifier)
    sub(el, "title", project.title)
    for person in project.personnel:
        write_agent(el, "personnel", person, with_role=True)
    paras(el, "abstract", project.description)


def write_project(ds: etree._Element, project: Project) -> None:
    """``<project>`` (left out when nothing is recorded)."""
    if project.is_empty():
        return
    el = sub(ds, "project", id=project.identifier)
    sub(el, "title", project.title)
    for person in project.personnel:
        write_agent(el, "personnel", person, with_role=True)
    paras(el, "abstract", project.description)
    single_para(el, "funding", project.funding)
    for award in project.awards:
        _award(el, award)
    if project.study_area.strip():
        area = sub(el, "studyAreaDescription")
        desc = sub(area, "descriptor", name="generic", citableClassificationSystem="false")
        sub(desc, "descriptorValue", project.study_area)
    if filled(project.design):
        description(el, "designDescription", project.design)
    for related in project.related_projects:
        _related(el, related)

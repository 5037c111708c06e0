"""Methods and project (with awards and related projects) of an EML dataset."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..model import Agent, Award, Methods, Project
from .text import joined, paras, text, texts


def read_methods(el: etree._Element | None) -> Methods:
    """The ``<methods>`` element as :class:`Methods`."""
    if el is None:
        return Methods()
    steps = [p for step in el.findall("methodStep") for p in paras(step.find("description"))]
    return Methods(
        steps=steps,
        study_extent=[
            p for s in el.findall("sampling/studyExtent") for p in paras(s.find("description"))
        ],
        sampling_description=joined(el.find("sampling/samplingDescription")),
        quality_control=[
            p for q in el.findall("qualityControl") for p in paras(q.find("description"))
        ],
    )


def _award(el: etree._Element) -> Award:
    return Award(
        funder_name=text(el.find("funderName")),
        funder_identifiers=texts(el, "funderIdentifier"),
        award_number=text(el.find("awardNumber")),
        title=text(el.find("title")),
        url=text(el.find("awardUrl")),
    )


def _related(el: etree._Element, agent: Callable[[etree._Element], Agent]) -> Project:
    return Project(
        title=text(el.find("title")),
        identifier=el.get("id", ""),
        personnel=[agent(p) for p in el.findall("personnel")],
        description=paras(el.find("abstract")),
    )


def read_project(el: etree._Element | None, agent: Callable[[etree._Element], Agent]) -> Project:
    """The ``<project>`` element; ``agent`` reads each personnel element."""
    if el is None:
        return Project()
    return Project(
        title=text(el.find("title")),
        identifier=el.get("id", ""),
        personnel=[agent(p) for p in el.findall("personnel")],
        description=paras(el.find("abstract")),
        funding=joined(el.find("funding")),
        awards=[_award(a) for a in el.findall("award")],
        study_area=text(el.find("studyAreaDescription/descriptor/descriptorValue")),
        design=paras(el.find("designDescription/description")),
        related_projects=[_related(r, agent) for r in el.findall("relatedProject")],
    )

"""Validation of EML: against the profile XSD, and against the IPT's required fields."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .model import Agent, Document
from .parse import EmlError, _safe_root

LICENCES = {
    "http://creativecommons.org/publicdomain/zero/1.0/legalcode": "CC0 1.0",
    "http://creativecommons.org/licenses/by/4.0/legalcode": "CC-BY 4.0",
    "http://creativecommons.org/licenses/by-nc/4.0/legalcode": "CC-BY-NC 4.0",
}
MIN_ABSTRACT_CHARS = 5
# The editor's sections (IPT page names); every Issue.section is one of these.
SECTIONS = (
    "basic", "contacts", "acknowledgements", "geocoverage", "taxcoverage", "tempcoverage",
    "keywords", "project", "methods", "citations", "collections", "physical",
    "additionalDescription", "additional",
)


@dataclass(frozen=True)
class Issue:
    """One problem in a document: the editor section, the field and what to fix."""

    section: str
    field: str
    message: str


@lru_cache(maxsize=8)
def _schema(schema_file: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_file)))


def validate_xsd(data: bytes, schema_dir: Path) -> list[str]:
    """XSD errors of ``data`` against ``schema_dir/eml.xsd`` ("line N: message"); [] if valid.

    The compiled schema is cached per directory. Unsafe or malformed input is reported as
    one error instead of raising.
    """
    schema = _schema(Path(schema_dir).resolve() / "eml.xsd")
    try:
        root = _safe_root(data, "eml.xml")
    except EmlError as exc:
        return [str(exc)]
    if schema.validate(root.getroottree()):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _normalise_url(url: str) -> str:
    return url.strip().replace("https://", "http://").rstrip("/")


def licence_code(url: str) -> str:
    """The short code (e.g. ``CC-BY 4.0``) of a licence URL the IPT offers, else ""."""
    wanted = _normalise_url(url)
    for known, code in LICENCES.items():
        if wanted in (known, known.removesuffix("/legalcode")):
            return code
    return ""


def _agent_issues(section: str, field: str, agents: list[Agent], *, required: bool) -> list[Issue]:
    issues = []
    if required and not agents:
        issues.append(Issue(section, field, f"At least one {field} is required."))
    for index, agent in enumerate(agents, start=1):
        if not agent.has_name():
            issues.append(
                Issue(
                    section, f"{field}[{index}]", "Give a last name, a position or an organisation."
                )
            )
    return issues


def validate(doc: Document) -> list[Issue]:
    """The IPT metadata editor's required-field checks; an empty list means publishable."""
    issues: list[Issue] = []
    if not doc.title:
        issues.append(Issue("basic", "title", "A title is required."))
    if len(" ".join(doc.abstract).strip()) < MIN_ABSTRACT_CHARS:
        issues.append(
            Issue("basic", "description", "A description of at least 5 characters is required.")
        )
    if not doc.licence.url:
        issues.append(Issue("basic", "licence", "A licence is required."))
    elif not licence_code(doc.licence.url):
        issues.append(
            Issue("basic", "licence", "Choose CC0 1.0, CC-BY 4.0 or CC-BY-NC 4.0 as licence.")
        )
    if not doc.metadata_language:
        issues.append(Issue("basic", "metadataLanguage", "The metadata language is required."))
    if not doc.pub_date:
        issues.append(Issue("additional", "pubDate", "A publication date is required."))
    issues += _agent_issues("contacts", "contact", doc.contacts, required=True)
    issues += _agent_issues("contacts", "creator", doc.creators, required=True)
    issues += _agent_issues("contacts", "metadataProvider", doc.metadata_providers, required=False)
    issues += _agent_issues("contacts", "associatedParty", doc.associated_parties, required=False)
    issues += _coverage_issues(doc)
    return issues


def _coverage_issues(doc: Document) -> list[Issue]:
    issues = []
    for index, geo in enumerate(doc.geographic_coverages, start=1):
        if not geo.description:
            issues.append(
                Issue(
                    "geocoverage", f"description[{index}]", "A geographic description is required."
                )
            )
    for index, tax in enumerate(doc.taxonomic_coverages, start=1):
        if any(not taxon.scientific_name for taxon in tax.taxa) or not tax.taxa:
            issues.append(
                Issue(
                    "taxcoverage",
                    f"taxa[{index}]",
                    "Every taxonomic coverage needs taxa with a scientific name.",
                )
            )
    return issues

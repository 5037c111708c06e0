"""The search facts of a published version, computed from its EML and its archive's summary
(plain values in, a plain :class:`Facts` out: no database)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from catalogue.definitions.builtin import builtin_vocabularies
from catalogue.definitions.model import Vocabulary
from metadata.eml.model import Agent, Document

from .feeds.summary import ArchiveSummary

COUNTRY_VOCABULARY = "http://iso.org/iso3166-1/alpha2"
MAX_TEXT = 500_000  # characters; PostgreSQL's tsvector holds at most 1 MB
_YEAR = re.compile(r"^\s*(\d{4})")
_CC = re.compile(
    r"creativecommons\.org/(?:licenses/(?P<kind>[a-z-]+)|publicdomain/(?P<pd>zero))/(?P<v>[\d.]+)"
)


@dataclass
class Facts:
    """What the search matches and filters on; ``countries`` as ISO alpha-2 codes."""

    text: str = ""
    organisation: str = ""
    licence: str = ""
    countries: list[str] = field(default_factory=list)
    first_year: int | None = None
    last_year: int | None = None


def _country_vocabulary() -> Vocabulary | None:
    found = builtin_vocabularies().values()
    return next((v for v, _ in found if v.uri == COUNTRY_VOCABULARY), None)


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English name, from the built-in vocabulary."""
    vocabulary = _country_vocabulary()
    concepts = vocabulary.concepts if vocabulary else ()
    return {c.identifier: c.label("en").title() for c in concepts}


@cache
def _codes_by_name() -> dict[str, str]:
    vocabulary = _country_vocabulary()
    codes: dict[str, str] = {}
    for concept in vocabulary.concepts if vocabulary else ():
        for label in (*concept.labels.values(), *sum(concept.alternatives.values(), ())):
            codes.setdefault(label.casefold(), concept.identifier)
    return codes


def country_codes(values: Iterable[str]) -> list[str]:
    """The ISO codes of country codes and names (``DK``, ``dk``, ``Denmark``, ``DNK``);
    values that name no country are left out."""
    names = _codes_by_name()
    return sorted({names[v.strip().casefold()] for v in values if v.strip().casefold() in names})


def licence_code(url: str, name: str = "") -> str:
    """A short licence code: ``CC0-1.0``, ``CC-BY-4.0``, ``CC-BY-NC-4.0``, or else the name."""
    match = _CC.search(url.lower())
    if match and match.group("pd"):
        return "CC0-" + match.group("v")
    if match:
        return "CC-%s-%s" % (match.group("kind").upper(), match.group("v"))
    return " ".join(name.split())[:100]


def years_of(summary: ArchiveSummary | None, doc: Document | None) -> tuple[int | None, int | None]:
    """First and last year of the records, else of the EML's temporal coverage."""
    years = [y for counts in (summary.years.values() if summary else ()) for y in counts]
    if not years and doc is not None:
        dates = [d for t in doc.temporal_coverages for d in (t.start, t.end)]
        years = [int(m.group(1)) for m in map(_YEAR.match, dates) if m]
    years = [y for y in years if 1 <= y <= 9999]
    return (min(years), max(years)) if years else (None, None)


def _agents(doc: Document) -> Iterator[Agent]:
    yield from doc.creators
    yield from doc.contacts
    yield from doc.metadata_providers
    yield from doc.associated_parties
    yield from doc.project.personnel


def _words(doc: Document) -> Iterator[str]:
    yield doc.title
    yield from doc.abstract
    yield from (k for s in doc.keyword_sets for k in s.keywords)
    for coverage in doc.taxonomic_coverages:
        yield coverage.description
        yield from (n for t in coverage.taxa for n in (t.scientific_name, t.common_name))
    for agent in _agents(doc):
        yield from (agent.given_name, agent.sur_name, agent.organization)


def first_organisation(doc: Document | None) -> str:
    """The first organisation named by the creators, else by the contacts."""
    agents = [*doc.creators, *doc.contacts] if doc is not None else []
    return next((a.organization.strip() for a in agents if a.organization.strip()), "")


def facts_of(
    *,
    doc: Document | None,
    summary: ArchiveSummary | None,
    names: Iterable[str] = (),
    organisation: str = "",
) -> Facts:
    """The facts of a version from its EML (``doc``), its summary, other ``names`` to match
    (its title and short name) and its publishing ``organisation`` (else the EML's first)."""
    organisation = organisation or first_organisation(doc)
    names = [n for n in (*names, organisation) if n]
    countries = country_codes(summary.countries if summary else ())
    words = [*names, *(_words(doc) if doc is not None else ())]
    words += summary.names if summary else []
    words += [country_names().get(c, c) for c in countries]
    text = " ".join(" ".join(w.split()) for w in words if w and w.strip()).lower()
    first, last = years_of(summary, doc)
    return Facts(
        text=text[:MAX_TEXT],
        organisation=organisation[:500],
        licence=licence_code(doc.licence.url, doc.licence.name) if doc is not None else "",
        countries=countries,
        first_year=first,
        last_year=last,
    )

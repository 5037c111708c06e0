"""The resource citation as the IPT generates it, and reference-manager exports.

``generate_citation`` gives ``Authors (Year). Title. Version X.Y. Publisher. <Type> dataset.
<identifier>`` with authors written ``Surname G`` as on GBIF.org; ``citation_data`` collects the
same facts for BibTeX, RIS and CSL-JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .identifiers import doi_url, is_orcid_directory, normalise_doi, normalise_orcid
from .model import Agent, Document
from .vocab import TYPE_DESCRIPTIONS

AUTHOR_ROLES = ("originator", "metadataprovider")
_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "~": r"\~{}",
    }
)


@dataclass
class CitationData:
    """What a reference manager needs to cite the dataset."""

    title: str = ""
    authors: list[Agent] = field(default_factory=list)
    year: str = ""
    version: str = ""
    publisher: str = ""
    url: str = ""
    identifier: str = ""
    dataset_type: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)


def _is_person(agent: Agent) -> bool:
    return bool(agent.sur_name.strip() and agent.given_name.strip())


def _citable(agent: Agent) -> bool:
    """A person with given and last name, or else an organisation."""
    return _is_person(agent) or bool(agent.organization.strip())


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _orcids(agent: Agent) -> set[str]:
    found = set()
    for user_id in agent.user_ids:
        orcid = normalise_orcid(user_id.identifier)
        if orcid is None and is_orcid_directory(user_id.directory):
            orcid = user_id.identifier.strip().upper()
        if orcid:
            found.add(orcid)
    return found


def _emails(agent: Agent) -> set[str]:
    return {_fold(email) for email in agent.emails if email.strip()}


def same_author(one: Agent, other: Agent) -> bool:
    """True when two agents are the same author: people by ORCID when both have one, else by
    e-mail when both have one, else by given and last name (organisation and role do not
    count: a creator is often also metadata provider, once without organisation);
    organisations by name."""
    if _is_person(one) != _is_person(other):
        return False
    if not _is_person(one):
        return _fold(one.organization) == _fold(other.organization)
    orcids, other_orcids = _orcids(one), _orcids(other)
    if orcids and other_orcids:
        return bool(orcids & other_orcids)
    emails, other_emails = _emails(one), _emails(other)
    if emails and other_emails:
        return bool(emails & other_emails)
    names = (_fold(one.given_name), _fold(one.sur_name))
    return names == (_fold(other.given_name), _fold(other.sur_name))


def citation_authors(doc: Document) -> list[Agent]:
    """Creators, metadata providers, then associated parties with role originator or
    metadataProvider; each author once (``same_author``), at the first place named, and only
    those citable: people with given and last name, or organisations."""
    parties = [a for a in doc.associated_parties if a.role.strip().lower() in AUTHOR_ROLES]
    authors: list[Agent] = []
    for agent in (*doc.creators, *doc.metadata_providers, *parties):
        if _citable(agent) and not any(same_author(agent, seen) for seen in authors):
            authors.append(agent)
    return authors


def author_name(agent: Agent) -> str:
    """``Surname G B`` for a person (initials of the given names), else the organisation."""
    if not _is_person(agent):
        return agent.organization.strip()
    initials = " ".join(part[0].upper() for part in agent.given_name.split())
    return f"{agent.sur_name.strip()} {initials}"


def doi_of(identifier: str) -> str:
    """The bare DOI (``10.15468/abc``) in ``identifier``, or "" (``normalise_doi``)."""
    return normalise_doi(identifier) or ""


def identifier_url(identifier: str) -> str:
    """A DOI as its https://doi.org/ URL; any other identifier unchanged."""
    doi = doi_of(identifier)
    return doi_url(doi) if doi else identifier.strip()


def type_description(dataset_type: str) -> str:
    """How the dataset type reads in a citation (``Sampling event dataset``)."""
    return TYPE_DESCRIPTIONS.get(dataset_type, "Dataset")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def generate_citation(
    doc: Document, *, version: str, publisher: str, year: str | int, identifier: str = ""
) -> str:
    """The IPT-style citation: ``Smith J, Weir P (2024). Birds. Version 1.7. NHM.
    Sampling event dataset. https://doi.org/10.x/y``.

    Without citable authors the publisher stands in for them, as on GBIF.org. Empty
    version, publisher or identifier are left out.
    """
    names = [author_name(a) for a in citation_authors(doc)] or [publisher.strip()]
    head = ", ".join(n for n in names if n)
    parts = [f"{head} ({year})." if head else f"({year})."]
    parts.append(_sentence(doc.title))
    parts.append(f"Version {version.strip()}." if version.strip() else "")
    parts.append(_sentence(publisher))
    parts.append(_sentence(type_description(doc.dataset_type)))
    parts.append(identifier_url(identifier))
    return " ".join(p for p in parts if p)


def _keywords(doc: Document) -> list[str]:
    found: list[str] = []
    for kws in doc.keyword_sets:
        found += [k.strip() for k in kws.keywords if k.strip() and k.strip() not in found]
    return found


def citation_data(
    doc: Document, *, version: str, publisher: str, year: str | int, url: str, identifier: str = ""
) -> CitationData:
    """The facts to cite ``doc``; ``identifier`` is the DOI or URL that identifies it."""
    return CitationData(
        title=" ".join(doc.title.split()),
        authors=citation_authors(doc),
        year=str(year),
        version=version.strip(),
        publisher=publisher.strip(),
        url=url.strip(),
        identifier=identifier.strip(),
        dataset_type=doc.dataset_type,
        abstract="\n\n".join(p.strip() for p in doc.abstract if p.strip()),
        keywords=_keywords(doc),
    )


def _url(data: CitationData) -> str:
    """The landing page, else the identifier's URL."""
    return data.url or identifier_url(data.identifier)


def _bibtex_text(text: str) -> str:
    return " ".join(text.split()).translate(_BIBTEX_SPECIAL)


def _bibtex_author(agent: Agent) -> str:
    if _is_person(agent):
        return f"{_bibtex_text(agent.sur_name)}, {_bibtex_text(agent.given_name)}"
    return "{" + _bibtex_text(agent.organization) + "}"  # braces: not split into names


def to_bibtex(data: CitationData, key: str) -> str:
    """A BibTeX ``@misc`` entry (read by BibTeX and biblatex); text fields are escaped."""
    doi = doi_of(data.identifier)
    fields = [
        ("author", " and ".join(_bibtex_author(a) for a in data.authors)),
        ("title", _bibtex_text(data.title)),
        ("year", _bibtex_text(data.year)),
        ("version", _bibtex_text(data.version)),
        ("publisher", _bibtex_text(data.publisher)),
        ("howpublished", _bibtex_text(type_description(data.dataset_type))),
        ("doi", doi.replace("{", "").replace("}", "")),
        ("url", _url(data).replace("{", "").replace("}", "")),
        ("keywords", _bibtex_text(", ".join(data.keywords))),
        ("abstract", _bibtex_text(data.abstract)),
    ]
    safe_key = re.sub(r"[^A-Za-z0-9_:./-]", "_", key) or "dataset"
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@misc{{{safe_key},\n{body}}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def _ris_author(agent: Agent) -> str:
    if _is_person(agent):
        return f"{agent.sur_name.strip()}, {agent.given_name.strip()}"
    return agent.organization.strip()


def to_ris(data: CitationData) -> str:
    """A RIS record of type DATA: one ``TAG  - value`` per line, ``\\n`` line ends."""
    lines = [_ris_line("TY", "DATA")]
    lines += [_ris_line("AU", _ris_author(a)) for a in data.authors]
    pairs = [
        ("TI", data.title),
        ("PY", data.year),
        ("ET", data.version),
        ("PB", data.publisher),
        ("M3", type_description(data.dataset_type)),
        ("DO", doi_of(data.identifier)),
        ("UR", _url(data)),
    ]
    lines += [_ris_line(tag, value) for tag, value in pairs if value.strip()]
    lines += [_ris_line("KW", keyword) for keyword in data.keywords]
    if data.abstract:
        lines.append(_ris_line("AB", data.abstract))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _csl_author(agent: Agent) -> dict[str, str]:
    if _is_person(agent):
        return {"family": agent.sur_name.strip(), "given": agent.given_name.strip()}
    return {"literal": agent.organization.strip()}


def _issued(year: str) -> dict[str, Any]:
    digits = year.strip()[:4]
    return {"date-parts": [[int(digits)]]} if digits.isdigit() else {"raw": year}


def to_csl_json(data: CitationData) -> dict[str, Any]:
    """A CSL-JSON item of type ``dataset`` (as citeproc and Zotero read it)."""
    item: dict[str, Any] = {
        "type": "dataset",
        "title": data.title,
        "author": [_csl_author(a) for a in data.authors],
        "issued": _issued(data.year) if data.year else None,
        "version": data.version,
        "publisher": data.publisher,
        "genre": type_description(data.dataset_type),
        "URL": _url(data),
        "DOI": doi_of(data.identifier),
        "abstract": data.abstract,
        "keyword": ", ".join(data.keywords),
    }
    return {key: value for key, value in item.items() if value}

"""The dataset metadata of a version's Darwin Core Data Package (``datapackage.json``).

The DwC-DP guide (3.1) asks for ``profile``, ``resources`` and, where known, ``id`` (a DOI
preferably), ``created`` and ``version``; other Data Package properties carry what the EML
says (title, description, licence, contributors, keywords). The EML itself is in the package
as ``eml.xml``, as the guide allows.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from metadata.eml.model import Agent, Document
from resources.models import Resource

from .schedule import publication_settings


def datapackage_wanted(resource: Resource) -> bool:
    """Whether a publication of ``resource`` writes a DwC-DP (only an Event core gives one)."""
    return publication_settings(resource).datapackage


def datapackage_meta(doc: Document, *, version: str, url: str, doi: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": "https://doi.org/" + doi if doi else url,
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "version": version,
        "homepage": url,
    }
    if doc.title:
        meta["title"] = doc.title
    if doc.abstract:
        meta["description"] = "\n\n".join(p for p in doc.abstract if p)
    if doc.licence.url or doc.licence.name:
        licence = {"path": doc.licence.url} if doc.licence.url else {}
        meta["licenses"] = [{**licence, "title": doc.licence.name or doc.licence.url}]
        if not doc.licence.url:
            meta["licenses"][0]["name"] = "other"
    contributors = [_contributor(a, "author") for a in doc.creators]
    contributors += [_contributor(a, "contact") for a in doc.contacts]
    contributors = [c for c in contributors if c.get("title")]
    if contributors:
        meta["contributors"] = contributors
    keywords = [k for ks in doc.keyword_sets for k in ks.keywords if k]
    if keywords:
        meta["keywords"] = keywords
    return meta


def datapackage_agents(doc: Document) -> list[dict[str, str]]:
    """The people and organisations the metadata names (creators, contacts, metadata
    providers, associated parties): the package's agent table, with their ORCID as id."""
    found = []
    for agent in [*doc.creators, *doc.contacts, *doc.metadata_providers, *doc.associated_parties]:
        person = " ".join(p for p in (agent.given_name, agent.sur_name) if p)
        name = person or agent.organization
        if name:
            found.append(
                {
                    "id": _orcid(agent),
                    "name": name,
                    "type": "person" if person else "organization",
                }
            )
    return found


def _orcid(agent: Agent) -> str:
    orcid = next((u.identifier for u in agent.user_ids if "orcid" in u.directory.lower()), "")
    if orcid and not orcid.startswith("http"):
        return "https://orcid.org/" + orcid
    return orcid


def _contributor(agent: Agent, role: str) -> dict[str, str]:
    name = " ".join(p for p in (agent.given_name, agent.sur_name) if p)
    out = {"title": name or agent.organization or agent.position, "role": role}
    if agent.organization and name:
        out["organization"] = agent.organization
    if agent.emails:
        out["email"] = agent.emails[0]
    orcid = _orcid(agent)
    if orcid:
        out["path"] = orcid
    return out

"""EML people and organisations as DataCite creators and contributors (JSON, schema 4.5).

A person is written "Surname, Given" with ``nameType`` Personal and an ORCID iD as name
identifier; an agent with only an organisation is Organizational, identified by its ROR id.
A person's organisation becomes the affiliation, with the ROR id the agent carries (a user
id in the ror.org directory, or a ``https://ror.org/…`` online address).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from metadata.eml.agent_ids import ORCID, ROR, user_id_scheme
from metadata.eml.identifiers import ORCID_DIRECTORY, ROR_DIRECTORY, normalise_orcid, normalise_ror
from metadata.eml.model import Agent, Document

# A value of the record with the JSON path of the EML field it comes from.
Item = tuple[dict[str, Any], str]

CONTACT_ROLE = "pointOfContact"
METADATA_PROVIDER_ROLE = "metadataProvider"
# EML agent roles (GBIF agent role vocabulary) -> DataCite contributorType, as the IPT maps
# them where DataCite has a match; "author" is a Researcher here (the IPT says Other).
CONTRIBUTOR_TYPES = {
    "author": "Researcher",
    "contentprovider": "DataCollector",
    "custodiansteward": "DataManager",
    "distributor": "Distributor",
    "editor": "Editor",
    "metadataprovider": "DataCurator",
    "curator": "DataCurator",
    "originator": "DataCollector",
    "owner": "RightsHolder",
    "pointofcontact": "ContactPerson",
    "principalinvestigator": "ProjectLeader",
    "processor": "Producer",
    "programmer": "Producer",
    "publisher": "Producer",
}
DEFAULT_CONTRIBUTOR_TYPE = "Other"


def contributor_type(role: str) -> str:
    """The DataCite contributorType of an EML role (any case); Other when none matches."""
    return CONTRIBUTOR_TYPES.get(role.strip().lower(), DEFAULT_CONTRIBUTOR_TYPE)


def orcid_of(agent: Agent) -> str:
    """The agent's ORCID iD as ``https://orcid.org/…``, or "" when it has no valid one."""
    for user_id in agent.user_ids:
        if user_id_scheme(user_id) == ORCID:
            orcid = normalise_orcid(user_id.identifier)
            if orcid:
                return ORCID_DIRECTORY + orcid
    return ""


def ror_of(agent: Agent) -> str:
    """The ROR id the agent carries as ``https://ror.org/…`` (a user id in the ror.org
    directory, else an online address on ror.org), or ""."""
    candidates = [u.identifier for u in agent.user_ids if user_id_scheme(u) == ROR]
    candidates += [url for url in agent.online_urls if "ror.org/" in url.lower()]
    for candidate in candidates:
        ror = normalise_ror(candidate)
        if ror:
            return ROR_DIRECTORY + ror
    return ""


def _ror_identifier(ror: str, key: str) -> dict[str, str]:
    return {key: ror, key + "Scheme": "ROR", "schemeUri": ROR_DIRECTORY}


def _person(agent: Agent) -> dict[str, Any]:
    family, given = agent.sur_name.strip(), agent.given_name.strip()
    name: dict[str, Any] = {
        "name": "%s, %s" % (family, given) if given else family,
        "nameType": "Personal",
        "familyName": family,
    }
    if given:
        name["givenName"] = given
    orcid = orcid_of(agent)
    if orcid:
        name["nameIdentifiers"] = [
            {"nameIdentifier": orcid, "nameIdentifierScheme": "ORCID", "schemeUri": ORCID_DIRECTORY}
        ]
    if agent.organization.strip():
        affiliation = {"name": agent.organization.strip()}
        ror = ror_of(agent)
        if ror:
            affiliation.update(_ror_identifier(ror, "affiliationIdentifier"))
        name["affiliation"] = [affiliation]
    return name


def _organisation(agent: Agent) -> dict[str, Any]:
    name: dict[str, Any] = {"name": agent.organization.strip(), "nameType": "Organizational"}
    ror = ror_of(agent)
    if ror:
        name["nameIdentifiers"] = [_ror_identifier(ror, "nameIdentifier")]
    return name


def agent_name(agent: Agent, *, position_allowed: bool) -> dict[str, Any] | None:
    """The DataCite name of ``agent`` (person, else organisation, else, where allowed, the
    position with its organisation as affiliation), or None when it has none of these."""
    if agent.sur_name.strip():
        return _person(agent)
    if agent.organization.strip():
        return _organisation(agent)
    if position_allowed and agent.position.strip():
        return {"name": agent.position.strip()}
    return None


def creators(doc: Document) -> list[Item]:
    """The creators with a person or organisation name, in order (a creator known only by
    a position is no citable name and is left out)."""
    found = []
    for index, agent in enumerate(doc.creators):
        name = agent_name(agent, position_allowed=False)
        if name:
            found.append((name, "creators[%d]" % index))
    return found


def _contributor_sources(doc: Document) -> Iterator[tuple[Agent, str, str]]:
    for index, agent in enumerate(doc.contacts):
        yield agent, CONTACT_ROLE, "contacts[%d]" % index
    for index, agent in enumerate(doc.metadata_providers):
        yield agent, METADATA_PROVIDER_ROLE, "metadata_providers[%d]" % index
    for index, agent in enumerate(doc.associated_parties):
        yield agent, agent.role, "associated_parties[%d]" % index


def contributors(doc: Document) -> list[Item]:
    """Contacts (ContactPerson), metadata providers (DataCurator) and associated parties
    (by role), as the IPT lists them; agents with no name at all are left out."""
    found = []
    for agent, role, origin in _contributor_sources(doc):
        name = agent_name(agent, position_allowed=True)
        if name:
            found.append(({**name, "contributorType": contributor_type(role)}, origin))
    return found

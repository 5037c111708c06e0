"""What is sent to the registry for a resource or the installation, built from the
published version, its EML and the installation settings."""

from __future__ import annotations

import logging

from metadata.eml.citation import doi_of
from metadata.eml.model import Agent, Document
from metadata.eml.parse import EmlError, parse_eml
from metadata.eml.validate import licence_code
from metadata.services.documents import metadata_get
from publisher.models import Organisation
from publisher.registry import (
    Contact,
    DatasetForm,
    InstallationForm,
    dataset_service_types,
    dataset_service_urls,
)
from publisher.registry.forms import ADMINISTRATIVE, TECHNICAL
from resources.models import Resource, ResourceType, Version
from resources.services.publication import latest_version, version_path

from ..installation import Installation, installation_base_url

logger = logging.getLogger(__name__)


def published_document(version: Version | None) -> Document | None:
    """The EML of a published version as a Document (None if it cannot be read)."""
    path = version_path(version, "eml") if version is not None else None
    if path is None or not path.exists():
        return None
    try:
        return parse_eml(path.read_bytes(), source=path.name)
    except EmlError:
        logger.warning("Published EML %s cannot be read", path)
        return None


def published_licence(version: Version | None) -> str:
    """The GBIF-supported licence code of a published version ("" when it has none)."""
    doc = published_document(version)
    return licence_code(doc.licence.url) if doc is not None else ""


def has_published_data(resource: Resource, version: Version | None) -> bool:
    """A data resource whose latest version has an archive (else only EML is registered)."""
    return (
        resource.type != ResourceType.METADATA
        and version is not None
        and bool(version.archive_name)
    )


def _agent_name(agent: Agent) -> str:
    person = " ".join(p for p in (agent.given_name, agent.sur_name) if p)
    return person or agent.organization or agent.position


def _address(agent: Agent) -> str:
    parts = [
        *agent.delivery_points,
        agent.city,
        agent.administrative_area,
        agent.postal_code,
        agent.country,
    ]
    return ", ".join(p for p in parts if p)


def primary_contact(doc: Document, resource: Resource) -> Contact:
    """The first contact, creator or metadata provider with a name and an e-mail
    (administrative), else the resource's creator (technical), as the IPT chooses."""
    for agent in [*doc.contacts, *doc.creators, *doc.metadata_providers]:
        if agent.has_name() and agent.emails:
            return Contact(
                type=ADMINISTRATIVE,
                name=_agent_name(agent),
                email=agent.emails[0],
                address=_address(agent),
                phone=agent.phones[0] if agent.phones else "",
            )
    creator = resource.creator
    return Contact(
        type=TECHNICAL, name=creator.get_full_name() or creator.email, email=creator.email
    )


def published_contact(resource: Resource) -> Contact:
    """The primary contact a registration of ``resource`` sends (from its published EML)."""
    version = latest_version(resource)
    return primary_contact(published_document(version) or metadata_get(resource), resource)


def dataset_payload(
    resource: Resource, *, organisation: Organisation, installation: Installation
) -> DatasetForm:
    """The dataset form of the resource's latest published version (its EML, its data)."""
    version = latest_version(resource)
    doc = published_document(version) or metadata_get(resource)
    has_data = has_published_data(resource, version)
    base = installation_base_url()
    return DatasetForm(
        organisation_key=str(organisation.key),
        installation_key=installation.registry_key,
        name=doc.title or resource.title or resource.shortname,
        description="\n".join(doc.abstract),
        contact=primary_contact(doc, resource),
        service_types=dataset_service_types(resource.type, has_data=has_data),
        service_urls=dataset_service_urls(base, resource.shortname, has_data=has_data),
        homepage_url=doc.distribution_url,
        logo_url=doc.resource_logo_url,
        subtype=doc.dataset_subtype,
        # The version's own DOI (issue #23), else a DOI the manager cites: GBIF then mints none.
        doi=(version.doi if version is not None else "") or doi_of(doc.citation.identifier),
    )


def installation_payload(
    *,
    organisation_key: str,
    title: str,
    description: str,
    contact_name: str,
    contact_email: str,
    password: str = "",
) -> InstallationForm:
    """The installation form: its RSS feed is the one endpoint the registry keeps."""
    return InstallationForm(
        organisation_key=organisation_key,
        name=title,
        description=description,
        contact=Contact(type=TECHNICAL, name=contact_name, email=contact_email),
        rss_url=installation_base_url() + "/rss.do",
        password=password,
    )

"""Shared contacts: every person and organisation saved in any resource's metadata, offered
again in every editor.

A contact is identified by the strongest key it has: a valid ORCID (people), a valid ROR
(organisations), else its first e-mail address, else its normalised name and organisation.
A person (given or last name) and an organisation (only an organisation name) have keys of
their own and are never merged, even when they share an e-mail address. Saving the same
person again updates the one entry (newly given values win, values left empty keep what was
known); the role is not kept, it belongs to one resource. Of the user ids only those that
validate and fit the kind are kept, one per directory, the newer replacing the older
(``metadata.eml.agent_ids``).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import fields, replace

from django.db import IntegrityError, transaction

from metadata.eml.agent_ids import user_ids_kept
from metadata.eml.identifiers import normalise_orcid, normalise_ror, orcid_valid, ror_valid
from metadata.eml.model import Agent, Document
from metadata.eml.serialize import ShapeError, from_dict, to_dict
from metadata.models import ContactCopy, ContactKind, SharedContact
from publisher.models import User
from resources.models import Resource

logger = logging.getLogger(__name__)

KEY_MAX = 300
LABEL_MAX = 300


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _is_person(agent: Agent) -> bool:
    return bool(agent.given_name.strip() or agent.sur_name.strip())


def _kind(agent: Agent) -> str:
    return ContactKind.PERSON if _is_person(agent) else ContactKind.ORGANISATION


def _orcid(agent: Agent) -> str:
    for user_id in agent.user_ids:
        value = normalise_orcid(user_id.identifier)
        if value and orcid_valid(value):
            return value
    return ""


def _ror(agent: Agent) -> str:
    for user_id in agent.user_ids:
        value = normalise_ror(user_id.identifier)
        if value and ror_valid(value):
            return value
    return ""


def contact_keys(agent: Agent) -> list[str]:
    """The agent's identity keys, strongest first (empty for agents with neither a name
    nor an organisation, which are roles rather than contacts)."""
    person = _is_person(agent)
    if not (person or agent.organization.strip()):
        return []
    keys = []
    if person and (orcid := _orcid(agent)):
        keys.append("orcid:" + orcid)
    if not person and (ror := _ror(agent)):
        keys.append("ror:" + ror)
    emails = [e.strip().lower() for e in agent.emails if e.strip()]
    if emails:
        keys.append(("email:" if person else "org-email:") + emails[0])
    if person:
        keys.append(
            f"name:{_norm(agent.given_name + ' ' + agent.sur_name)}|{_norm(agent.organization)}"
        )
    else:
        keys.append("org:" + _norm(agent.organization))
    return [key[:KEY_MAX] for key in keys]


def contact_label(agent: Agent) -> str:
    """How the editor lists the contact: "Given Surname (Organisation)" or the organisation."""
    if not _is_person(agent):
        return agent.organization.strip()[:LABEL_MAX]
    name = " ".join(p for p in (agent.given_name.strip(), agent.sur_name.strip()) if p)
    org = agent.organization.strip()
    return (f"{name} ({org})" if org else name)[:LABEL_MAX]


def _search_text(agent: Agent) -> str:
    parts = [contact_label(agent), *agent.emails, agent.organization, agent.position]
    parts += [u.identifier for u in agent.user_ids]
    return _norm(" ".join(p for p in parts if p))


def _merge(old: Agent, new: Agent) -> Agent:
    """``new`` with the values it leaves empty taken from ``old``; of the identifiers only
    valid ones of the agent's kind, one per directory, ``new``'s replacing ``old``'s."""
    merged = replace(new, role="")
    for f in fields(Agent):
        if f.name not in ("role", "user_ids") and not getattr(new, f.name):
            setattr(merged, f.name, getattr(old, f.name))
    merged.user_ids = user_ids_kept(new.user_ids, old.user_ids, person=_is_person(merged))
    return merged


def agents_merged(agents: list[Agent]) -> Agent:
    """``agents`` (oldest first) merged into one the way saving them in turn would."""
    merged = Agent()
    for agent in agents:
        merged = _merge(merged, agent)
    return merged


def copy_as_agent(copy: ContactCopy) -> Agent | None:
    """The agent one origin said (None if the stored copy does not fit the model)."""
    try:
        return from_dict(copy.agent, Agent)
    except ShapeError:  # pragma: no cover - only written by contacts_harvest
        logger.exception("Contact copy %s does not fit the model", copy.pk)
        return None


def contact_copy_remember(
    contact: SharedContact,
    agent: Agent,
    *,
    resource: Resource | None,
    published: bool = False,
    user: User | None = None,
) -> ContactCopy:
    """Record what ``resource`` (or, without one, ``user``) said about ``contact``: newly given
    values win, values left empty keep what this origin said before."""
    copy = (
        ContactCopy.objects.select_for_update()
        .filter(contact=contact, resource=resource, published=published)
        .filter(**({} if resource is not None else {"entered_by": user}))
        .first()
    )
    if copy is None:
        copy = ContactCopy(contact=contact, resource=resource, published=published, entered_by=user)
        merged = _merge(Agent(), agent)
    else:
        merged = _merge(copy_as_agent(copy) or Agent(), agent)
    copy.agent = to_dict(merged)
    copy.search = _search_text(merged)
    copy.save()
    return copy


def contact_as_agent(contact: SharedContact) -> Agent:
    """The stored agent of ``contact`` (without a role), ready to put into a document: of
    its identifiers only the valid ones of its kind."""
    try:
        agent = from_dict(contact.agent, Agent)
    except ShapeError:  # pragma: no cover - only written by contact_remember
        logger.exception("Shared contact %s does not fit the model", contact.pk)
        return Agent(organization=contact.label)
    agent.user_ids = user_ids_kept(agent.user_ids, [], person=_is_person(agent))
    return agent


WEAK_MATCHES = 20


def _contact_found(agent: Agent, keys: list[str]) -> SharedContact | None:
    """The contact of ``agent``'s kind holding the strongest of ``keys``; for an agent without
    a valid ORCID or ROR, else one whose stored agent has one of its keys (a contact keyed by
    an id this save left out or mistyped)."""
    same_kind = SharedContact.objects.select_for_update().filter(kind=_kind(agent))
    by_key = {c.key: c for c in same_kind.filter(key__in=keys)}
    contact = next((by_key[k] for k in keys if k in by_key), None)
    if contact is not None or keys[0].startswith(("orcid:", "ror:")):
        return contact
    words = search_words(agent.emails[0] if agent.emails else contact_label(agent))
    for word in words:
        same_kind = same_kind.filter(search__contains=word)
    for candidate in same_kind.order_by("pk")[:WEAK_MATCHES]:
        if set(keys) & set(contact_keys(contact_as_agent(candidate))):
            return candidate
    return None


@transaction.atomic
def contact_remember(agent: Agent, *, user: User | None = None) -> SharedContact | None:
    """Create or update the shared contact of ``agent``; None for agents without identity."""
    keys = contact_keys(agent)
    if not keys:
        return None
    contact = _contact_found(agent, keys)
    if contact is None:
        contact = SharedContact(created_by=user)
        merged = _merge(Agent(), agent)
    else:
        merged = _merge(contact_as_agent(contact), agent)
    key = contact_keys(merged)[0]
    taken = SharedContact.objects.filter(key=key).exclude(pk=contact.pk)
    if contact.pk and key != contact.key and taken.exists():
        key = contact.key  # the stronger key belongs to another entry already
    contact.key = key
    contact.kind = _kind(merged)
    contact.label = contact_label(merged)
    contact.agent = to_dict(merged)
    contact.search = _search_text(merged)
    contact.save()
    return contact


def document_agents(doc: Document) -> list[Agent]:
    """Creators, contacts, metadata providers, associated parties and project personnel."""
    return [
        *doc.creators,
        *doc.contacts,
        *doc.metadata_providers,
        *doc.associated_parties,
        *doc.project.personnel,
    ]


def contacts_harvest(
    doc: Document,
    *,
    user: User | None = None,
    resource: Resource | None = None,
    published: bool = False,
) -> list[SharedContact]:
    """Remember every person and organisation of ``doc`` as a shared contact, that
    ``resource`` named it (in its working metadata, or in a version when ``published``), and
    what exactly it said (a ``ContactCopy`` per origin, which decides what others see)."""
    remembered = []
    for agent in document_agents(doc):
        try:
            with transaction.atomic():
                contact = contact_remember(agent, user=user)
                if contact is not None:
                    contact_copy_remember(
                        contact, agent, resource=resource, published=published, user=user
                    )
        except IntegrityError:  # a concurrent save took the key; the next save merges
            logger.warning("Shared contact not remembered: key taken concurrently")
            continue
        if contact is not None:
            remembered.append(contact)
    if resource is not None:
        for contact in remembered:
            (contact.published_in if published else contact.resources).add(resource)
    return remembered


def search_words(query: str) -> list[str]:
    """The words of ``query`` as the stored search text holds them (normalised)."""
    return _norm(query).split()

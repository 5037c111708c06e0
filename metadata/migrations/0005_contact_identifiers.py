"""Clean the shared contacts saved before identifiers were checked (#20).

Invalid ORCID and ROR ids are dropped, and so are ids foreign to the contact's kind (an ORCID
iD on an organisation, a ROR id on a person); of each directory one id stays, the first valid
one (the newest, as saving put newer ids first). A contact whose origins named both a person
and an organisation (merged because they shared an e-mail address) is split: the
organisation's copies move to an organisation contact of their own. Every contact's key is
recomputed, so that organisations' e-mail keys no longer collide with people's.
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)


def _agent(data):
    from metadata.eml.model import Agent
    from metadata.eml.serialize import ShapeError, from_dict

    try:
        return from_dict(data, Agent)
    except ShapeError:
        return None


def _cleaned(agent):
    """``agent`` with only the ids a shared contact keeps (see ``metadata.eml.agent_ids``)."""
    from metadata.services.contacts import agents_merged

    return agents_merged([agent])


def _store(row, agent) -> None:
    from metadata.eml.serialize import to_dict
    from metadata.services.contacts import _search_text

    row.agent = to_dict(agent)
    row.search = _search_text(agent)


def _free_key(SharedContact, agent, current: str, pk) -> str:
    """The strongest key of ``agent`` no other contact holds, else ``current``."""
    from metadata.services.contacts import contact_keys

    for key in contact_keys(agent):
        if key == current or not SharedContact.objects.filter(key=key).exclude(pk=pk).exists():
            return key
    return current


def _save_contact(SharedContact, contact, agent) -> None:
    from metadata.services.contacts import _kind, contact_label

    _store(contact, agent)
    contact.kind = _kind(agent)
    contact.label = contact_label(agent)
    contact.key = _free_key(SharedContact, agent, contact.key, contact.pk)
    contact.save()


def _origins(copies) -> set[tuple[int, bool]]:
    return {(c.resource_id, c.published) for c in copies if c.resource_id is not None}


def _relink(contact, origins, *, add: bool, remaining=frozenset()) -> None:
    """Add (or remove, unless still ``remaining``) the resources of ``origins``."""
    for resource_id, published in origins - set(remaining):
        field = contact.published_in if published else contact.resources
        (field.add if add else field.remove)(resource_id)


def _split(SharedContact, ContactCopy, contact) -> None:
    """Move the copies of ``contact`` whose kind differs from its own to a contact of theirs."""
    from metadata.services.contacts import _is_person, agents_merged

    copies = list(ContactCopy.objects.filter(contact=contact).order_by("modified", "pk"))
    agents = {c.pk: _agent(c.agent) for c in copies}
    person = {c.pk: agents[c.pk] is not None and _is_person(agents[c.pk]) for c in copies}
    if len(set(person.values())) < 2:
        return
    moved = [c for c in copies if not person[c.pk]]
    kept = [c for c in copies if person[c.pk]]
    other = SharedContact(created_by_id=contact.created_by_id, key="split:%d" % contact.pk)
    other.save()
    ContactCopy.objects.filter(pk__in=[c.pk for c in moved]).update(contact=other)
    _relink(other, _origins(moved), add=True)
    _relink(contact, _origins(moved), add=False, remaining=_origins(kept))
    _save_contact(SharedContact, other, agents_merged([agents[c.pk] for c in moved]))
    _save_contact(SharedContact, contact, agents_merged([agents[c.pk] for c in kept]))
    logger.info("Shared contact %s split: organisation %s", contact.pk, other.pk)


def clean_contact_identifiers(apps, schema_editor):
    """Drop invalid and foreign ids, split people from organisations, recompute keys."""
    SharedContact = apps.get_model("metadata", "SharedContact")
    ContactCopy = apps.get_model("metadata", "ContactCopy")
    for copy in ContactCopy.objects.order_by("pk"):
        agent = _agent(copy.agent)
        if agent is not None:
            _store(copy, _cleaned(agent))
            copy.save(update_fields=["agent", "search"])
    for contact in SharedContact.objects.order_by("pk"):
        _split(SharedContact, ContactCopy, contact)
    for contact in SharedContact.objects.order_by("pk"):
        agent = _agent(contact.agent)
        if agent is None:
            logger.warning("Shared contact %s not read", contact.pk)
            continue
        _save_contact(SharedContact, contact, _cleaned(agent))


class Migration(migrations.Migration):
    dependencies = [
        ("metadata", "0004_contact_copies"),
    ]

    operations = [
        migrations.RunPython(clean_contact_identifiers, migrations.RunPython.noop),
    ]

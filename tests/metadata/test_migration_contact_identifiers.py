"""The data migration that cleans shared contacts saved before identifiers were checked."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from metadata.models import ContactCopy, ContactKind, SharedContact
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("metadata.migrations.0005_contact_identifiers")

ORCID = "0000-0002-1825-0097"
OTHER_ORCID = "0000-0001-5109-3700"
BAD_ORCID = "0000-0002-1825-0098"
BAD_ROR = "03yrm5c27"
ROR = "03yrm5c26"


def uid(directory: str, identifier: str) -> dict:
    return {"directory": "https://%s.org/" % directory, "identifier": identifier}


def agent(**values) -> dict:
    return {"given_name": "", "sur_name": "", "organization": "", "emails": [], **values}


ADA = agent(given_name="Ada", sur_name="Lovelace", emails=["office@example.org"])
POND = agent(organization="Pond Society", emails=["office@example.org"])


def _merged_contact(user):
    """A person and an organisation sharing an e-mail, merged as before #20."""
    person_in, org_in = ResourceFactory(), ResourceFactory()
    contact = SharedContact.objects.create(
        kind=ContactKind.PERSON,
        key="email:office@example.org",
        label="Ada Lovelace (Pond Society)",
        created_by=user,
        agent={
            **ADA,
            "organization": "Pond Society",
            "user_ids": [uid("orcid", ORCID), uid("orcid", BAD_ORCID), uid("ror", BAD_ROR)],
        },
    )
    contact.resources.add(person_in, org_in)
    person_ids = [uid("orcid", BAD_ORCID), uid("orcid", ORCID)]
    ContactCopy.objects.create(
        contact=contact, resource=person_in, agent={**ADA, "user_ids": person_ids}
    )
    ContactCopy.objects.create(
        contact=contact, resource=org_in, agent={**POND, "user_ids": [uid("ror", BAD_ROR)]}
    )
    return contact, person_in, org_in


def _ids(row) -> list[str]:
    return [u["identifier"] for u in row.agent["user_ids"]]


def test_a_merged_person_and_organisation_are_split_with_their_own_origins():
    contact, person_in, org_in = _merged_contact(UserFactory())

    migration.clean_contact_identifiers(django_apps, None)

    person = SharedContact.objects.get(pk=contact.pk)
    org = SharedContact.objects.exclude(pk=contact.pk).get()
    assert (person.kind, person.label, person.key) == (
        ContactKind.PERSON,
        "Ada Lovelace",
        "orcid:" + ORCID,
    )
    assert _ids(person) == [ORCID]
    assert list(person.resources.all()) == [person_in]
    assert (org.kind, org.label, org.key) == (
        ContactKind.ORGANISATION,
        "Pond Society",
        "org-email:office@example.org",
    )
    assert _ids(org) == []
    assert list(org.resources.all()) == [org_in]
    assert [c.resource for c in org.copies.all()] == [org_in]
    assert org.created_by == person.created_by


def test_invalid_and_foreign_ids_are_dropped_keeping_the_first_valid_per_directory():
    org = SharedContact.objects.create(
        kind=ContactKind.ORGANISATION,
        key="email:info@example.org",
        label="CDL",
        agent=agent(
            organization="CDL",
            emails=["info@example.org"],
            user_ids=[uid("orcid", ORCID), uid("ror", BAD_ROR), uid("ror", ROR)],
        ),
    )
    person = SharedContact.objects.create(
        kind=ContactKind.PERSON,
        key="name:josiah carberry|",
        label="Josiah Carberry",
        agent=agent(
            given_name="Josiah",
            sur_name="Carberry",
            user_ids=[uid("orcid", BAD_ORCID), uid("orcid", OTHER_ORCID), uid("orcid", ORCID)],
        ),
    )

    migration.clean_contact_identifiers(django_apps, None)

    org.refresh_from_db()
    person.refresh_from_db()
    assert (_ids(org), org.key) == ([ROR], "ror:" + ROR)
    assert (_ids(person), person.key) == ([OTHER_ORCID], "orcid:" + OTHER_ORCID)
    assert ORCID not in person.search and BAD_ORCID not in person.search


def test_a_key_another_contact_holds_is_not_taken():
    SharedContact.objects.create(
        kind=ContactKind.PERSON,
        key="orcid:" + ORCID,
        label="J",
        agent=agent(sur_name="J", user_ids=[uid("orcid", ORCID)]),
    )
    twin = SharedContact.objects.create(
        kind=ContactKind.PERSON,
        key="email:j@example.org",
        label="Josiah Carberry",
        agent=agent(sur_name="Carberry", emails=["j@example.org"], user_ids=[uid("orcid", ORCID)]),
    )

    migration.clean_contact_identifiers(django_apps, None)

    twin.refresh_from_db()
    assert twin.key == "email:j@example.org"
    assert _ids(twin) == [ORCID]

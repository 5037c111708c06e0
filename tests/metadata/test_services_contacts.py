"""People and organisations saved in metadata become shared contacts, once each."""

from __future__ import annotations

from dataclasses import replace

import pytest

from metadata.eml.model import Agent, Project, UserId
from metadata.models import ContactKind, SharedContact
from metadata.selectors import contact_suggest_for_user
from metadata.services.contacts import contact_as_agent
from metadata.services.documents import metadata_get, metadata_save
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

ORCID = "https://orcid.org/0000-0002-1825-0097"  # ORCID's documented example iD
ROR = "https://ror.org/03yrm5c26"  # California Digital Library


def _save(resource, user=None, **agents):
    doc = metadata_get(resource)
    for name, value in agents.items():
        if name == "personnel":
            doc.project = Project(title="P", personnel=value)
        else:
            setattr(doc, name, value)
    metadata_save(resource, doc, user=user)


def test_every_agent_list_is_harvested_without_its_role(manager_user):
    _save(
        ResourceFactory(),
        manager_user,
        creators=[Agent(given_name="Ada", sur_name="Lovelace", emails=["ada@example.org"])],
        contacts=[Agent(organization="Pond Society", role="pointOfContact")],
        metadata_providers=[Agent(sur_name="Darwin", organization="Down House")],
        associated_parties=[Agent(given_name="Mary", sur_name="Anning", role="curator")],
        personnel=[Agent(sur_name="Humboldt", role="principalInvestigator")],
    )

    contacts = {c.label: c for c in SharedContact.objects.all()}
    assert sorted(contacts) == [
        "Ada Lovelace",
        "Darwin (Down House)",
        "Humboldt",
        "Mary Anning",
        "Pond Society",
    ]
    assert contacts["Pond Society"].kind == ContactKind.ORGANISATION
    assert contacts["Ada Lovelace"].kind == ContactKind.PERSON
    assert contacts["Ada Lovelace"].key == "email:ada@example.org"
    assert contacts["Ada Lovelace"].created_by == manager_user
    assert all(c.agent["role"] == "" for c in contacts.values())


def test_same_person_in_two_resources_is_one_contact_updated_by_the_later_save():
    ada = Agent(
        given_name="Ada",
        sur_name="Lovelace",
        emails=["Ada@Example.org"],
        city="London",
        role="author",
    )
    _save(ResourceFactory(), creators=[ada])
    _save(
        ResourceFactory(),
        contacts=[
            Agent(given_name="Ada", sur_name="King", emails=["ada@example.org"], phones=["+44 1"])
        ],
    )

    contact = SharedContact.objects.get()
    agent = contact_as_agent(contact)
    assert contact.label == "Ada King"
    assert (agent.sur_name, agent.phones, agent.city) == ("King", ["+44 1"], "London")


def test_orcid_wins_over_email_and_name():
    first = Agent(given_name="Josiah", sur_name="Carberry", emails=["j@example.org"])
    _save(ResourceFactory(), creators=[first])
    with_orcid = Agent(
        given_name="Josiah",
        sur_name="Carberry",
        emails=["j@example.org"],
        user_ids=[UserId("https://orcid.org/", ORCID)],
    )
    _save(ResourceFactory(), creators=[with_orcid])
    _save(
        ResourceFactory(),
        creators=[
            Agent(
                given_name="J.",
                sur_name="Carberry",
                emails=["other@example.org"],
                user_ids=[UserId("ORCID", "0000-0002-1825-0097")],
            )
        ],
    )

    contact = SharedContact.objects.get()
    assert contact.key == "orcid:0000-0002-1825-0097"
    assert contact.label == "J. Carberry"


def test_invalid_orcid_is_not_an_identity():
    bad = UserId("https://orcid.org/", "0000-0002-1825-0098")  # wrong check digit
    _save(ResourceFactory(), creators=[Agent(sur_name="Carberry", user_ids=[bad])])
    assert SharedContact.objects.get().key == "name:carberry|"


def test_organisations_are_keyed_by_ror_else_by_name():
    _save(
        ResourceFactory(),
        contacts=[
            Agent(organization="California Digital Library", user_ids=[UserId("ROR", ROR)]),
            Agent(organization="  Pond   SOCIETY "),
            Agent(organization="pond society"),
        ],
    )
    assert sorted(SharedContact.objects.values_list("key", flat=True)) == [
        "org:pond society",
        "ror:03yrm5c26",
    ]


def test_agents_with_only_a_position_are_not_contacts():
    _save(ResourceFactory(), contacts=[Agent(position="Data manager")])
    assert not SharedContact.objects.exists()


def test_suggestions_match_name_email_organisation_and_orcid_ignoring_case(manager_user):
    _save(
        ResourceFactory(creator=manager_user),
        creators=[
            Agent(
                given_name="Ada",
                sur_name="Lovelace",
                organization="Analytical Engines",
                emails=["ada@example.org"],
            ),
            Agent(
                given_name="Josiah",
                sur_name="Carberry",
                user_ids=[UserId("https://orcid.org/", ORCID)],
            ),
        ],
        contacts=[Agent(organization="Lovelace Foundation")],
    )

    def labels(**kwargs):
        return [c.label for c in contact_suggest_for_user(user=manager_user, **kwargs)]

    assert labels(query="LOVELACE") == ["Ada Lovelace (Analytical Engines)", "Lovelace Foundation"]
    assert labels(query="ada@EXAMPLE") == ["Ada Lovelace (Analytical Engines)"]
    assert labels(query="analytical ada") == ["Ada Lovelace (Analytical Engines)"]
    assert labels(query="1825-0097") == ["Josiah Carberry"]
    assert labels(query="lovelace", kind="organisation") == ["Lovelace Foundation"]
    assert len(labels(limit=2)) == 2
    assert labels(query="nobody") == []


# --- identifiers: only valid ones, the newer replacing the older, never another kind's -----

BAD_ORCID = "https://orcid.org/0000-0002-1825-0098"  # wrong check digit
BAD_ROR = "https://ror.org/03yrm5c27"  # wrong check digits


def _ids(contact) -> list[tuple[str, str]]:
    return [(u.directory, u.identifier) for u in contact_as_agent(contact).user_ids]


def _stored_ids(agent_json: dict) -> list[str]:
    return [u["identifier"] for u in agent_json["user_ids"]]


def test_an_invalid_orcid_is_not_remembered_and_its_correction_is_kept_alone():
    resource = ResourceFactory()
    carberry = {"given_name": "Josiah", "sur_name": "Carberry"}
    _save(
        resource, creators=[Agent(**carberry, user_ids=[UserId("https://orcid.org/", BAD_ORCID)])]
    )
    assert SharedContact.objects.get().agent["user_ids"] == []
    _save(resource, creators=[Agent(**carberry, user_ids=[UserId("https://orcid.org/", ORCID)])])

    contact = SharedContact.objects.get()
    assert _stored_ids(contact.agent) == [ORCID]
    assert [_stored_ids(c.agent) for c in contact.copies.all()] == [[ORCID]]


def test_a_newer_identifier_replaces_the_older_of_its_directory():
    wikidata = "https://www.wikidata.org/wiki/"
    ada = {"given_name": "Ada", "sur_name": "Lovelace", "emails": ["ada@example.org"]}
    _save(ResourceFactory(), creators=[Agent(**ada, user_ids=[UserId(wikidata, "Q7259")])])
    _save(
        ResourceFactory(),
        creators=[Agent(**ada, user_ids=[UserId(wikidata + " ", "Q1"), UserId("ORCID", ORCID)])],
    )

    assert _ids(SharedContact.objects.get()) == [(wikidata, "Q1"), ("ORCID", ORCID)]


def test_a_person_and_an_organisation_sharing_an_email_stay_two_contacts():
    shared = ["office@example.org"]
    person = Agent(given_name="Ada", sur_name="Lovelace", emails=shared)
    _save(ResourceFactory(), creators=[replace(person, user_ids=[UserId("ORCID", BAD_ORCID)])])
    _save(
        ResourceFactory(),
        contacts=[
            Agent(organization="Pond Society", emails=shared, user_ids=[UserId("ROR", BAD_ROR)])
        ],
    )
    _save(ResourceFactory(), creators=[replace(person, user_ids=[UserId("ORCID", ORCID)])])

    contacts = {c.kind: c for c in SharedContact.objects.all()}
    assert SharedContact.objects.count() == 2
    assert sorted(contacts) == [ContactKind.ORGANISATION, ContactKind.PERSON]
    assert contacts[ContactKind.PERSON].label == "Ada Lovelace"
    assert _ids(contacts[ContactKind.PERSON]) == [("ORCID", ORCID)]
    assert contacts[ContactKind.ORGANISATION].label == "Pond Society"
    assert contacts[ContactKind.ORGANISATION].key == "org-email:office@example.org"
    assert _ids(contacts[ContactKind.ORGANISATION]) == []


def test_an_orcid_on_an_organisation_and_a_ror_on_a_person_are_not_remembered():
    _save(
        ResourceFactory(),
        contacts=[Agent(organization="CDL", user_ids=[UserId("ORCID", ORCID), UserId("ROR", ROR)])],
        creators=[Agent(sur_name="Holm", user_ids=[UserId("ROR", ROR), UserId("ORCID", ORCID)])],
    )
    contacts = {c.kind: c for c in SharedContact.objects.all()}
    assert _ids(contacts[ContactKind.ORGANISATION]) == [("ROR", ROR)]
    assert _ids(contacts[ContactKind.PERSON]) == [("ORCID", ORCID)]


def test_a_person_keyed_by_orcid_saved_again_with_a_mistyped_orcid_stays_one_contact():
    ada = {"given_name": "Ada", "sur_name": "Lovelace", "emails": ["ada@example.org"]}
    _save(ResourceFactory(), creators=[Agent(**ada, user_ids=[UserId("ORCID", ORCID)])])
    _save(
        ResourceFactory(),
        creators=[Agent(**ada, phones=["1"], user_ids=[UserId("ORCID", BAD_ORCID)])],
    )

    contact = SharedContact.objects.get()
    assert contact.key == "orcid:0000-0002-1825-0097"
    assert contact_as_agent(contact).phones == ["1"]
    assert _ids(contact) == [("ORCID", ORCID)]


def test_people_with_different_orcids_sharing_an_email_stay_two_contacts():
    lab = {"sur_name": "Holm", "emails": ["lab@example.org"]}
    _save(ResourceFactory(), creators=[Agent(**lab, user_ids=[UserId("ORCID", ORCID)])])
    other = UserId("ORCID", "0000-0001-5109-3700")
    _save(ResourceFactory(), creators=[Agent(**lab, user_ids=[other])])
    assert SharedContact.objects.count() == 2

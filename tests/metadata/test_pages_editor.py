"""Metadata editor pages: permissions, saving one section, inline errors, escaping, and
that saving untouched sections loses nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from metadata.eml.model import Agent, Award, Document, KeywordSet, Project, Title, UserId
from metadata.eml.serialize import to_dict
from metadata.eml.validate import SECTIONS
from metadata.forms import FORMS
from metadata.services.documents import metadata_get, metadata_save
from metadata.services.io import metadata_import
from publisher.models import Role
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

CC_BY = "http://creativecommons.org/licenses/by/4.0/legalcode"


@pytest.fixture
def creator():
    return UserFactory(role=Role.MANAGER, email="creator@example.org")


@pytest.fixture
def resource(creator):
    return ResourceFactory(shortname="ponds", title="Pond survey", creator=creator)


@pytest.fixture
def client(creator):
    client = Client()
    client.force_login(creator)
    return client


def edit_url(section: str, shortname: str = "ponds") -> str:
    return reverse("metadata-edit", args=[shortname, section])


def page(response) -> lxml.html.HtmlElement:
    """The page as a browser shows it (the inert <template> contents left out)."""
    tree = lxml.html.fromstring(response.content.decode())
    for template in tree.xpath("//template"):
        template.drop_tree()
    return tree


def form_data(response) -> dict[str, list[str]]:
    """What a browser without JavaScript would post from the editor form (no button)."""
    tree = page(response)
    form = tree.xpath('//form[@data-testid="metadata-form"]')[0]
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def field_errors(response, name: str) -> list[str]:
    found = page(response).xpath('//*[@data-testid="field-error"][@data-field="%s"]' % name)
    return [e.text_content().strip() for e in found]


def badge(response, section: str) -> str:
    found = page(response).xpath('//li[@data-section="%s"]//span[@class]' % section)
    return found[0].text_content().strip()


def save_doc(resource, **changes):
    doc = metadata_get(resource)
    for key, value in changes.items():
        setattr(doc, key, value)
    metadata_save(resource, doc)
    return doc


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_renders_for_the_manager(client, resource, section):
    response = client.get(edit_url(section))
    assert response.status_code == 200
    assert len(page(response).xpath('//li[@data-testid="section-badge"]')) == len(SECTIONS)


def test_index_redirects_to_the_basic_section(client, resource):
    response = client.get(reverse("metadata-index", args=["ponds"]))
    assert response.status_code == 302
    assert response["Location"] == edit_url("basic")


def test_unknown_section_is_not_found(client, resource):
    assert client.get(edit_url("nonsense")).status_code == 404


@pytest.mark.parametrize("name", ["metadata-index", "metadata-import", "metadata-download"])
def test_anonymous_users_are_sent_to_the_login_page(resource, name):
    response = Client().get(reverse(name, args=["ponds"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("section", ["basic", "contacts"])
def test_other_managers_get_not_found_and_cannot_post(resource, section):
    other = Client()
    other.force_login(UserFactory(role=Role.MANAGER))
    assert other.get(edit_url(section)).status_code == 404
    assert other.post(edit_url(section), {"titles[0].text": "Hacked"}).status_code == 404
    assert other.get(reverse("metadata-download", args=["ponds"])).status_code == 404
    assert metadata_get(resource).title == "Pond survey"


def test_co_managers_and_admins_may_edit(resource):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)
    for user in (co_manager, UserFactory(role=Role.ADMIN)):
        client = Client()
        client.force_login(user)
        assert client.get(edit_url("basic")).status_code == 200


# --- saving ---------------------------------------------------------------------------------


def test_saving_basic_changes_only_the_basic_fields(client, resource):
    save_doc(resource, contacts=[Agent(sur_name="Holm")], acknowledgements=["Thanks"])
    data = form_data(client.get(edit_url("basic")))
    data.update(
        {
            "titles[0].text": ["Ponds of Uppland"],
            "licence": [CC_BY],
            "abstract[0]": ["Amphibians in ponds."],
            "maintenance.update_frequency": ["annually"],
            "dataset_subtype": ["inventoryRegional"],
        }
    )
    response = client.post(edit_url("basic"), data, follow=True)
    doc = metadata_get(resource)
    assert doc.title == "Ponds of Uppland"
    assert doc.licence.url == CC_BY
    assert doc.licence.name == "Creative Commons Attribution (CC-BY) 4.0 License"
    assert doc.abstract == ["Amphibians in ponds."]
    assert doc.maintenance.update_frequency == "annually"
    assert doc.dataset_subtype == "inventoryRegional"
    assert [a.sur_name for a in doc.contacts] == ["Holm"]
    assert doc.acknowledgements == ["Thanks"]
    assert "The basic metadata was saved." in response.content.decode()
    assert badge(response, "basic") == "valid"
    resource.refresh_from_db()
    assert resource.title == "Ponds of Uppland"


def test_a_language_code_missing_from_the_list_can_be_typed(client, resource):
    data = form_data(client.get(edit_url("basic")))
    data["language__other"] = ["sme"]
    client.post(edit_url("basic"), data)
    assert metadata_get(resource).language == "sme"
    response = client.get(edit_url("basic"))
    assert page(response).xpath(
        '//form[@data-testid="metadata-form"]//select[@name="language"]/option[@selected]/@value'
    ) == ["sme"]


def test_errors_are_shown_beside_their_input_and_in_the_summary(client, resource):
    data = form_data(client.get(edit_url("contacts")))
    data.update({"op": ["add:creators"]})
    data = form_data(client.post(edit_url("contacts"), data))
    data.update({"creators[0].given_name": ["Ada"], "creators[0].emails[0]": ["not-an-email"]})
    response = client.post(edit_url("contacts"), data, follow=True)
    assert field_errors(response, "creators[0].sur_name") == [
        "Give a last name, a position or an organisation."
    ]
    assert field_errors(response, "creators[0].emails[0]") == ["Enter a valid email address."]
    field = page(response).xpath('//input[@name="creators[0].sur_name"]')[0]
    assert field.get("aria-invalid") == "true"
    assert field.get("aria-describedby") == "err-creators[0].sur_name"
    summary = page(response).xpath('//*[@data-testid="section-issues"]//a/@href')
    assert "#f-creators[0].sur_name" in summary
    assert badge(response, "contacts").startswith("invalid")


def test_a_funder_id_that_is_no_funder_registry_doi_or_ror_is_shown_on_its_award(client, resource):
    save_doc(
        resource,
        project=Project(
            title="Ponds",
            personnel=[Agent(sur_name="Holm")],
            awards=[Award("NSF", ["10.13039/100000001", "NSF grant 12"], title="Ponds grant")],
        ),
    )
    response = client.get(edit_url("project"))
    errors = field_errors(response, "project.awards[0].funder_identifiers")
    assert len(errors) == 1 and "https://doi.org/10.13039/100000001" in errors[0]
    assert badge(response, "project").startswith("invalid")


def test_the_required_contact_message_sits_on_its_list(client, resource):
    response = client.get(edit_url("contacts"))
    assert field_errors(response, "contacts") == ["At least one resource contact is required."]


def test_the_missing_publication_date_is_not_held_against_the_editor(client, resource):
    response = client.get(edit_url("additional"))
    assert badge(response, "additional") == "empty"
    assert "Set at publication." in response.content.decode()


@pytest.mark.parametrize("section", SECTIONS)
def test_saving_an_untouched_section_keeps_the_document(client, resource, section):
    save_doc(
        resource,
        titles=[Title("Ponds"), Title("Dammar", "sv")],
        abstract=["Ponds."],
        keyword_sets=[KeywordSet(["frogs", "newts"], "N/A")],
        contacts=[Agent(sur_name="Holm", user_ids=[UserId("https://orcid.org/", "x")])],
    )
    before = metadata_get(resource)
    client.post(edit_url(section), form_data(client.get(edit_url(section))))
    assert metadata_get(resource) == before


# --- escaping -------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'


def test_hostile_text_is_escaped_on_the_editor_and_overview_pages(client, resource):
    save_doc(
        resource,
        titles=[Title(SCRIPT + IMAGE)],
        abstract=[SCRIPT, IMAGE],
        contacts=[Agent(given_name=SCRIPT, sur_name=IMAGE, organization=IMAGE)],
        keyword_sets=[KeywordSet([SCRIPT, IMAGE], thesaurus=IMAGE)],
    )
    pages = [client.get(edit_url(s)).content.decode() for s in ("basic", "contacts", "keywords")]
    pages.append(client.get(reverse("resource-overview", args=["ponds"])).content.decode())
    for html in pages:
        assert SCRIPT not in html
        assert "<img src=x" not in html
    joined = "".join(pages)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in joined


def test_the_overview_card_lists_sections_to_fix_and_links_the_editor(client, resource):
    html = client.get(reverse("resource-overview", args=["ponds"]))
    tree = page(html)
    assert tree.xpath('//a[@data-testid="metadata-edit"]/@href') == [
        reverse("metadata-index", args=["ponds"])
    ]
    listed = tree.xpath('//ul[@class="md-overview-list"]//a/text()')
    assert listed == ["Basic metadata", "Contacts"]


# --- nothing is lost ------------------------------------------------------------------------

NOT_EDITED = {"package_id", "short_name", "date_stamp", "hierarchy_level", "replaces"}


def test_every_document_field_has_a_section():
    shown = {node.key for nodes in FORMS.values() for node in nodes}
    assert shown == {f.name for f in fields(Document)} - NOT_EDITED
    assert set(FORMS) == set(SECTIONS)


def _leaves(value, path="") -> Counter:
    """Non-blank values by path without list indices, whitespace collapsed."""
    found: Counter = Counter()
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaves(item, path + "." + key)
    elif isinstance(value, list):
        for item in value:
            found += _leaves(item, path + "[]")
    elif str(value).strip():
        found[(path, " ".join(str(value).split()))] += 1
    return found


def _save_every_section(client) -> None:
    for section in SECTIONS:
        response = client.post(edit_url(section), form_data(client.get(edit_url(section))))
        assert response.status_code == 302, section


@pytest.mark.parametrize("sample", sorted(p.name for p in (TEST_DATA / "eml").glob("*.xml")))
def test_saving_every_section_of_an_imported_document_loses_nothing(client, resource, sample):
    metadata_import(resource, data=(TEST_DATA / "eml" / sample).read_bytes(), user=None)
    before = metadata_get(resource)
    _save_every_section(client)
    after = metadata_get(resource)
    assert _leaves(to_dict(after)) == _leaves(to_dict(before))
    _save_every_section(client)
    assert metadata_get(resource) == after

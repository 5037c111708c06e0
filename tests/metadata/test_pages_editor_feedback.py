"""What the metadata editor tells the manager: an "empty" badge for sections with nothing
entered, whole-sentence messages after saving, and an error summary the browser focuses
after a save that left problems."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from metadata.eml.validate import SECTIONS
from metadata.services.documents import metadata_get, metadata_save
from metadata.views.editor import SAVED, SUMMARY_ID
from publisher.models import Role
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


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


def edit_url(section: str) -> str:
    return reverse("metadata-edit", args=["ponds", section])


def tree(response) -> lxml.html.HtmlElement:
    found = lxml.html.fromstring(response.content.decode())
    for template in found.xpath("//template"):
        template.drop_tree()
    return found


def states(response) -> dict[str, str]:
    items = tree(response).xpath('//li[@data-testid="section-badge"]')
    return {li.get("data-section"): li.get("data-state") for li in items}


def badge_text(response, section: str) -> str:
    found = tree(response).xpath('//li[@data-section="%s"]//span[@class]' % section)
    return found[0].text_content().strip()


def form_data(response) -> dict[str, list[str]]:
    form = tree(response).xpath('//form[@data-testid="metadata-form"]')[0]
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def test_a_section_with_nothing_entered_is_badged_empty_not_valid(client, resource):
    response = client.get(edit_url("keywords"))
    assert badge_text(response, "keywords") == "empty"
    assert states(response)["keywords"] == "empty"
    assert states(response)["basic"] == "invalid"  # problems win over emptiness
    assert states(response)["contacts"] == "invalid"


def test_a_section_with_content_and_no_problem_is_badged_valid(client, resource):
    doc = metadata_get(resource)
    doc.acknowledgements = ["Thanks to the pond owners."]
    metadata_save(resource, doc)
    response = client.get(edit_url("acknowledgements"))
    assert badge_text(response, "acknowledgements") == "valid"
    assert states(response)["keywords"] == "empty"


def test_the_overview_says_how_many_sections_are_still_empty(client, resource, monkeypatch):
    # No problem anywhere, and nothing entered but the basic section's title and languages.
    monkeypatch.setattr("metadata.templatetags.metadata_editor.editor_issues", lambda doc: [])
    html = client.get(reverse("resource-overview", args=["ponds"])).content.decode()
    summary = lxml.html.fromstring(html).xpath('//*[@data-testid="metadata-summary"]')[0]
    text = " ".join(summary.text_content().split())
    assert text == "valid No problems; %d sections are still empty." % (len(SECTIONS) - 1)


def test_every_section_has_a_whole_sentence_for_saving():
    assert set(SAVED) == set(SECTIONS)
    assert all(str(m).startswith("The ") and str(m).endswith(" saved.") for m in SAVED.values())


def test_saving_a_section_says_so_in_a_sentence(client, resource):
    data = form_data(client.get(edit_url("acknowledgements")))
    data["acknowledgements[0]"] = ["Thanks."]
    response = client.post(edit_url("acknowledgements"), data)
    assert response["Location"] == edit_url("acknowledgements")
    page = client.get(response["Location"]).content.decode()
    assert "The acknowledgements were saved." in page


def test_saving_with_problems_names_them_and_leads_to_the_summary(client, resource):
    data = form_data(client.get(edit_url("contacts")))
    response = client.post(edit_url("contacts"), data)
    assert response["Location"] == edit_url("contacts") + "#" + SUMMARY_ID
    page = client.get(edit_url("contacts"))
    said = tree(page).xpath('//li[contains(@class, "msg-warning")]')[0].text_content()
    assert said == "The contacts were saved. This section still has 2 problems to fix."
    summary = tree(page).xpath('//*[@id="%s"]' % SUMMARY_ID)[0]
    assert summary.get("tabindex") == "-1"
    assert summary.get("data-error-summary") == "hash"


def test_saving_without_problems_does_not_lead_to_a_summary(client, resource):
    data = form_data(client.get(edit_url("keywords")))
    response = client.post(edit_url("keywords"), data)
    assert response["Location"] == edit_url("keywords")

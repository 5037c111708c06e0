"""The page that derives events from a flat source: suggestion, counts, conflicts, mappings."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from publisher.models import Role
from resources.models import Resource, ResourceType
from resources.services.resources import resource_create
from tests.factories import UserFactory

from ..publication.conftest import add_sources
from .conftest import FLAT

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(resource: Resource) -> str:
    return reverse("source-derive", args=[resource.shortname, "survey"])


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _split_post(**changes) -> dict:
    """The form as the suggestion fills it, with ``changes``."""
    data = {
        "key": ["site", "eventDate"],
        "template": "",
        "parent_key": ["site"],
        "parent_template": "",
        "parent": ["site", "locality", "decimalLatitude", "decimalLongitude", "countryCode"],
        "event": ["eventDate", "samplingProtocol", "sampleSizeValue", "sampleSizeUnit"],
        "occurrence": [
            "scientificName",
            "individualCount",
            "occurrenceStatus",
            "basisOfRecord",
        ],
        "occurrence_id": "{site}:{eventDate}:{scientificName}",
        "on_conflict": "first",
        # what the suggestion maps the site column to, as the page carries it
        "extra_terms": json.dumps({"site": DWC + "locationID"}),
    }
    data.update(changes)
    return data


def test_the_page_shows_the_suggestion_and_what_it_gives(flat, manager_user):
    response = _client(manager_user).get(_url(flat))

    assert response.status_code == 200
    text = _text(response)
    assert 'data-testid="derive-suggested"' in text
    assert re.search(r'data-testid="count-events">6<', text)
    assert re.search(r'data-testid="count-parents">2<', text)
    assert re.search(r'data-testid="count-occurrences">24<', text)
    form = response.context["form"]
    assert form["key"].value() == ["site", "eventDate"]
    assert form["parent_key"].value() == ["site"]
    assert {"site", "decimalLatitude"} <= set(form["parent"].value())
    assert "scientificName" in form["occurrence"].value()
    # each checkbox names the term auto-mapping found for its column
    assert re.search(
        r'value="individualCount"[^>]*> individualCount <span class="subtle">→ individualCount',
        text,
    )


def test_the_source_list_links_to_the_page(flat, manager_user):
    overview = _client(manager_user).get(reverse("resource-overview", args=["flat"]))
    assert _url(flat) in overview.content.decode()


def test_a_source_without_an_event_column_asks_for_one(manager_user, data_dir):
    resource = resource_create(shortname="names", creator=manager_user, title="Names")
    add_sources(resource, {"names.csv": b"scientificName,individualCount\nBufo bufo,1\n"})
    response = _client(manager_user).get(reverse("source-derive", args=["names", "names"]))

    assert response.status_code == 200
    assert 'data-testid="derive-no-suggestion"' in _text(response)
    assert response.context["form"]["key"].value() in (None, [])


def test_count_shows_the_counts_of_the_chosen_split_without_saving(flat, manager_user):
    post = _split_post(parent_key=[], parent=[], count="1")
    response = _client(manager_user).post(_url(flat), post)

    assert response.status_code == 200
    text = _text(response)
    assert re.search(r'data-testid="count-events">6<', text)
    assert re.search(r'data-testid="count-parents">0<', text)
    assert flat.mappings.count() == 0


def test_conflicts_are_named_with_their_lines(manager_user, data_dir):
    lines = FLAT.read_text().splitlines()
    lines[3] = lines[3].replace("52.5123", "52.9999")
    resource = resource_create(shortname="flat", creator=manager_user, title="Flat")
    add_sources(resource, {"survey.csv": ("\n".join(lines) + "\n").encode()})
    post = _split_post(
        parent_key=[],
        parent=[],
        event=["eventDate", "samplingProtocol", "decimalLatitude"],
        count="1",
    )
    response = _client(manager_user).post(_url(resource), post)

    text = _text(response)
    assert re.search(r'data-testid="count-conflicts">1<', text)
    assert "Event POND-A:2024-04-12: line 2 and line 4 differ on decimalLatitude." in text


def test_a_split_the_source_cannot_make_is_refused_on_the_form(flat, manager_user):
    post = _split_post(template="{site}", apply="1")
    response = _client(manager_user).post(_url(flat), post)

    assert response.status_code == 400
    text = _text(response)
    assert "must name exactly the key&#x27;s columns" in text
    assert flat.mappings.count() == 0


def test_create_makes_three_mappings_and_the_overview_says_so(flat, manager_user):
    client = _client(manager_user)
    response = client.post(_url(flat), _split_post(apply="1"), follow=True)

    assert response.redirect_chain[0][0].endswith(
        reverse("resource-overview", args=["flat"]) + "#mappings"
    )
    assert "3 mappings were made from survey." in _text(response)
    mappings = list(flat.mappings.select_related("extension").order_by("position", "pk"))
    assert [m.extension.row_type for m in mappings] == [
        DWC + "Event",
        DWC + "Event",
        DWC + "Occurrence",
    ]
    assert [m.id_template for m in mappings] == ["{site}", "{site}:{eventDate}"] * 1 + [
        "{site}:{eventDate}"
    ]
    flat.refresh_from_db()
    assert flat.type == ResourceType.SAMPLING_EVENT


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PUBLISHER, Role.USER])
def test_who_does_not_manage_the_resource_gets_404(flat, role):
    stranger = _client(UserFactory(role=role))
    assert stranger.get(_url(flat)).status_code == 404
    assert stranger.post(_url(flat), _split_post(apply="1")).status_code == 404
    assert flat.mappings.count() == 0


def test_anonymous_users_are_sent_to_log_in(flat):
    response = Client().get(_url(flat))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the mapping editor's "Id and derived events" card ---------------------------------------


@pytest.fixture
def derived(flat, manager_user):
    _client(manager_user).post(_url(flat), _split_post(apply="1"))
    return flat.mappings.select_related("extension").order_by("position", "pk")[1]


def _edit_url(mapping) -> str:
    return reverse("mapping-edit", args=[mapping.resource.shortname, mapping.pk])


def test_the_editor_shows_the_id_template_and_derived_events(derived, manager_user):
    response = _client(manager_user).get(_edit_url(derived))

    assert response.status_code == 200
    form = response.context["ids_form"]
    assert form["id_template"].value() == "{site}:{eventDate}"
    assert form["derive_events"].value() is True
    assert 'data-testid="ids-form"' in response.content.decode()


def test_the_card_saves_its_keys_and_keeps_the_rules(derived, manager_user):
    rules = list(derived.fields.values_list("term", "column", "template"))
    url = reverse("mapping-ids", args=["flat", derived.pk])

    response = _client(manager_user).post(
        url, {"id_template": "{site}/{eventDate}", "derive_events": "on", "on_conflict": "block"}
    )

    assert response.status_code == 302
    derived.refresh_from_db()
    assert (derived.id_template, derived.derive_events, derived.on_conflict) == (
        "{site}/{eventDate}",
        True,
        "block",
    )
    assert list(derived.fields.values_list("term", "column", "template")) == rules


def test_the_card_refuses_a_template_naming_a_column_the_source_lacks(derived, manager_user):
    url = reverse("mapping-ids", args=["flat", derived.pk])
    response = _client(manager_user).post(url, {"id_template": "{nowhere}", "on_conflict": "first"})

    assert response.status_code == 400
    assert 'data-testid="mapping-error"' in response.content.decode()
    derived.refresh_from_db()
    assert derived.id_template == "{site}:{eventDate}"


def test_saving_the_editor_keeps_the_derived_events_settings(derived, manager_user):
    client = _client(manager_user)
    page = client.get(_edit_url(derived))
    data = {"id_column": ""}
    for group in page.context["groups"]:
        for row in group["rows"]:
            for key, name in row["names"].items():
                if row["rule"].get(key):
                    data[name] = row["rule"][key]

    assert client.post(_edit_url(derived), data).status_code == 302
    derived.refresh_from_db()
    assert derived.derive_events and derived.id_template == "{site}:{eventDate}"

"""The mapping page's term help (definition, examples, vocabulary), the sample values of
mapped columns, and the preview of edits that are not saved yet."""

# The fixtures come from the mapping pages' tests; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest
from django.test import Client

from publisher.models import Role
from resources.services.mappings import mapping_definition
from tests.factories import UserFactory

from .test_mapping_pages import (  # noqa: F401 (fixtures)
    _editor_post,
    _field,
    _rule,
    _url,
    client,
    creator,
    event_mapping,
    events,
    occurrence_mapping,
    occurrences,
    resource,
)

pytestmark = pytest.mark.django_db


def _popover(html: str, term: str) -> str:
    """The help popover in the row of ``term``."""
    pattern = r'<tr id="term-\d+" data-testid="term" data-term="%s".*?</tr>' % term
    row = re.search(pattern, html, re.S)
    assert row is not None, term
    popover = re.search(r'<div id="help-\d+" class="term-popover".*?</div>\s*</td>', row[0], re.S)
    assert popover is not None, term
    return popover[0]


# --- term help ------------------------------------------------------------------------------


def test_each_term_has_a_help_button_for_its_popover(client, event_mapping):
    html = client.get(_url("mapping-edit", "ponds", event_mapping.pk)).content.decode()
    buttons = re.findall(r'popovertarget="(help-\d+)" aria-label="About ', html)
    popovers = re.findall(r'<div id="(help-\d+)" class="term-popover" popover', html)
    assert buttons and buttons == popovers
    assert len(buttons) == event_mapping.extension.properties.count()


def test_the_popover_shows_the_definition_and_examples_of_the_term(client, event_mapping):
    html = client.get(_url("mapping-edit", "ponds", event_mapping.pk)).content.decode()
    prop = event_mapping.extension.properties.get(name="eventDate")
    popover = _popover(html, "eventDate")
    assert prop.description and prop.examples
    definition = re.search(r'<p data-testid="term-definition">(.*?)</p>', popover, re.S)
    assert definition is not None and definition[1].startswith(prop.description[:40])
    assert 'data-testid="term-examples"' in popover


def test_a_vocabulary_term_lists_the_concepts_with_a_filter_box(client, occurrence_mapping):
    html = client.get(_url("mapping-edit", "ponds", occurrence_mapping.pk)).content.decode()
    popover = _popover(html, "basisOfRecord")
    assert "data-concept-filter" in popover
    concepts = re.findall(r'data-testid="concept"><code>([^<]+)</code>', popover)
    assert {"HumanObservation", "PreservedSpecimen"} <= set(concepts)


def test_a_term_without_vocabulary_has_no_concept_list(client, event_mapping):
    html = client.get(_url("mapping-edit", "ponds", event_mapping.pk)).content.decode()
    assert "data-concept-filter" not in _popover(html, "eventDate")


# --- samples --------------------------------------------------------------------------------


def test_by_term_shows_up_to_three_samples_of_the_mapped_column(client, occurrence_mapping):
    response = client.get(_url("mapping-edit", "ponds", occurrence_mapping.pk))
    rows = {r["prop"].name: r for g in response.context["groups"] for r in g["rows"]}
    assert rows["scientificName"]["samples"] == ["Rana temporaria", "Bufo bufo", "Pica pica"]
    assert rows["basisOfRecord"]["samples"] == [
        "Human Observation",
        "PreservedSpecimen",
        "seen somewhere",
    ]
    assert rows["habitat"]["samples"] == []
    assert '<span class="sample">Rana temporaria</span>' in response.content.decode()


def test_the_samples_of_every_column_are_on_the_page_for_a_changed_choice(client, event_mapping):
    html = client.get(_url("mapping-edit", "ponds", event_mapping.pk)).content.decode()
    store = re.search(r"<div hidden data-column-samples>(.*?)</div>", html, re.S)
    assert store is not None
    assert '<span data-column="notes"><span class="sample">sunny</span></span>' in store[1]


# --- preview of unsaved edits ---------------------------------------------------------------


def test_previewing_edits_shows_them_without_saving(client, event_mapping):
    field = _field(event_mapping, "samplingProtocol", "constant")
    data = _editor_post(event_mapping, **{field: "pitfall traps"})
    response = client.post(_url("mapping-preview", "ponds", event_mapping.pk), data)
    assert response.status_code == 200
    assert response.context["unsaved"] is True
    assert [r["values"].count("pitfall traps") for r in response.context["preview"]["rows"]] == [
        1,
        1,
    ]
    html = response.content.decode()
    assert 'data-testid="unsaved-preview"' in html
    assert '<input type="hidden" name="%s" value="pitfall traps">' % field in html
    assert _rule(event_mapping, "samplingProtocol") == {}


def test_previewing_the_saved_rules_says_nothing_about_unsaved_changes(client, event_mapping):
    response = client.post(
        _url("mapping-preview", "ponds", event_mapping.pk), _editor_post(event_mapping)
    )
    assert response.context["unsaved"] is False
    assert 'data-testid="unsaved-preview"' not in response.content.decode()


def test_back_from_the_preview_shows_the_edits_still_unsaved(client, event_mapping):
    field = _field(event_mapping, "samplingProtocol", "constant")
    data = {**_editor_post(event_mapping, **{field: "pitfall traps"}), "back": "1"}
    response = client.post(_url("mapping-edit", "ponds", event_mapping.pk), data)
    html = response.content.decode()
    assert 'data-testid="unsaved"' in html
    assert re.search(r"<form [^>]*data-unsaved-guard data-unsaved>", html)
    assert 'name="%s" value="pitfall traps"' % field in html
    assert _rule(event_mapping, "samplingProtocol") == {}


def test_saving_from_the_preview_stores_the_edits(client, event_mapping):
    field = _field(event_mapping, "samplingProtocol", "constant")
    data = _editor_post(event_mapping, **{field: "pitfall traps"})
    response = client.post(_url("mapping-edit", "ponds", event_mapping.pk), data)
    assert response.status_code == 302
    assert _rule(event_mapping, "samplingProtocol")["constant"] == "pitfall traps"


def test_a_refused_save_keeps_the_page_marked_unsaved(client, event_mapping):
    field = _field(event_mapping, "eventDate", "column")
    data = _editor_post(event_mapping, **{field: "no such column"})
    response = client.post(_url("mapping-edit", "ponds", event_mapping.pk), data)
    assert response.status_code == 400
    assert re.search(r"<form [^>]*data-unsaved-guard data-unsaved>", response.content.decode())


def test_another_manager_cannot_preview_edits(event_mapping):
    other = Client()
    other.force_login(UserFactory(role=Role.MANAGER))
    before = mapping_definition(event_mapping)
    url = _url("mapping-preview", "ponds", event_mapping.pk)
    assert other.post(url, _editor_post(event_mapping)).status_code == 404
    assert mapping_definition(event_mapping) == before


def test_preview_submits_the_term_form_and_is_a_link_elsewhere(client, event_mapping):
    edit = _url("mapping-edit", "ponds", event_mapping.pk)
    preview = _url("mapping-preview", "ponds", event_mapping.pk)
    terms = client.get(edit).content.decode()
    assert re.search(
        r'<button [^>]*form="mapping-form" formaction="%s" data-testid="preview-link">' % preview,
        terms,
    )
    columns = client.get(edit + "?view=columns").content.decode()
    assert '<a class="button secondary" href="%s" data-testid="preview-link">' % preview in columns

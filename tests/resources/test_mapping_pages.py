"""Mapping pages: permissions, auto-mapping on create, the editor, filters, translations,
preview, delete and templates."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Extension
from publisher.models import Role
from resources.models import ExtensionMapping, MappingTemplate
from resources.services.mappings import mapping_create, mapping_definition
from resources.services.sources import sources_ingest
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENTS = (
    "eventID,eventDate,decimalLatitude,decimalLongitude,notes\n"
    "E1,2024-05-01,59.8,17.6,sunny\nE2,2024-05-02,55.7,13.2,\n"
)
OCCURRENCES = (
    "occurrenceID,eventID,scientificName,basisOfRecord\n"
    "O1,E1,Rana temporaria,Human Observation\n"
    "O2,E1,Bufo bufo,Human Observation\n"
    "O3,E2,,PreservedSpecimen\n"
    "O4,E2,Pica pica,seen somewhere\n"
)


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


def _ingest(resource, tmp_path, name: str, text: str):
    folder = tmp_path / ("staged-" + name)
    folder.mkdir()
    path = folder / (name + ".csv")
    path.write_text(text, encoding="utf-8")
    return sources_ingest(
        resource=resource,
        staged={"folder": str(folder), "files": [{"path": str(path), "filename": name + ".csv"}]},
    )[0]


@pytest.fixture
def events(resource, tmp_path):
    return _ingest(resource, tmp_path, "event", EVENTS)


@pytest.fixture
def occurrences(resource, tmp_path):
    return _ingest(resource, tmp_path, "occurrence", OCCURRENCES)


def _ext(name: str) -> Extension:
    return Extension.objects.get(row_type=DWC + name)


@pytest.fixture
def event_mapping(resource, events):
    return mapping_create(resource=resource, source=events, extension=_ext("Event"))


@pytest.fixture
def occurrence_mapping(resource, occurrences):
    return mapping_create(resource=resource, source=occurrences, extension=_ext("Occurrence"))


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _editor_post(mapping, **changes) -> dict:
    """The editor form as it is shown, with ``changes`` (field name → value)."""
    data = {"id_column": mapping.id_column}
    positions = dict(mapping.extension.properties.values_list("qual_name", "position"))
    for field in mapping_definition(mapping)["fields"]:
        for key in ("column", "constant", "template", "default"):
            if field.get(key):
                data["t%d-%s" % (positions[field["term"]], key)] = field[key]
    return {**data, **changes}


def _field(mapping, name: str, key: str) -> str:
    prop = mapping.extension.properties.get(qual_name=DWC + name)
    return "t%d-%s" % (prop.position, key)


def _rule(mapping, name: str) -> dict:
    rules = {f["term"]: f for f in mapping_definition(mapping)["fields"]}
    return rules.get(DWC + name, {})


# --- permissions ----------------------------------------------------------------------------


def test_another_manager_gets_404_on_every_mapping_page(event_mapping):
    other = Client()
    other.force_login(UserFactory(role=Role.MANAGER))
    pk = event_mapping.pk
    for url in (
        _url("mapping-new", "ponds"),
        _url("mapping-edit", "ponds", pk),
        _url("mapping-preview", "ponds", pk),
        _url("mapping-templates", "ponds"),
        _url("mapping-translations", "ponds", pk, 0),
    ):
        assert other.get(url).status_code == 404, url
    for url in (
        _url("mapping-edit", "ponds", pk),
        _url("mapping-filters", "ponds", pk),
        _url("mapping-ids", "ponds", pk),
        _url("mapping-delete", "ponds", pk),
        _url("mapping-template-save", "ponds"),
    ):
        assert other.post(url, {"name": "x"}).status_code == 404, url
    assert ExtensionMapping.objects.filter(pk=pk).exists()


def test_a_mapping_of_another_resource_is_404(client, event_mapping, creator):
    ResourceFactory(shortname="other", creator=creator)
    assert client.get(_url("mapping-edit", "other", event_mapping.pk)).status_code == 404


# --- create ---------------------------------------------------------------------------------


def test_new_mapping_offers_the_core_first(client, events):
    response = client.get(_url("mapping-new", "ponds"))
    choices = list(response.context["form"].fields["extension"].choices)
    assert choices[0][1] == "Darwin Core Event"
    assert "Darwin Core Occurrence" in [label for _pk, label in choices]


def test_creating_a_mapping_automaps_and_lists_unmapped_columns(client, resource, events):
    response = client.post(
        _url("mapping-new", "ponds"),
        {"source": events.pk, "extension": _ext("Event").pk},
        follow=True,
    )
    mapping = resource.mappings.get()
    assert response.redirect_chain[-1][0] == _url("mapping-edit", "ponds", mapping.pk)
    text = response.content.decode()
    assert "4 columns were mapped automatically." in text
    assert "Left unmapped: notes." in text
    assert mapping.id_column == "eventID"
    assert _rule(mapping, "eventDate")["column"] == "eventDate"


def test_overview_lists_mappings_with_links(client, event_mapping):
    response = client.get(_url("resource-overview", "ponds"))
    text = response.content.decode()
    assert _url("mapping-edit", "ponds", event_mapping.pk) in text
    assert "Darwin Core Event" in text
    assert _url("mapping-new", "ponds") in text


# --- editor ---------------------------------------------------------------------------------


def test_editor_marks_required_terms_and_groups_terms(client, occurrence_mapping):
    response = client.get(_url("mapping-edit", "ponds", occurrence_mapping.pk))
    groups = {g["name"]: g for g in response.context["groups"]}
    assert {"Record-level", "Occurrence", "Taxon"} <= set(groups)
    rows = {r["prop"].name: r for g in groups.values() for r in g["rows"]}
    assert rows["basisOfRecord"]["prop"].required
    text = response.content.decode()
    assert 'data-term="basisOfRecord"' in text
    assert text.count('data-testid="required"') == sum(r["prop"].required for r in rows.values())


def test_editor_warns_of_unmapped_required_terms(client, event_mapping):
    response = client.get(_url("mapping-edit", "ponds", event_mapping.pk))
    required = [p.name for p in event_mapping.extension.properties.filter(required=True)]
    mapped = {f["term"] for f in mapping_definition(event_mapping)["fields"]}
    missing = [
        r["prop"].name for g in response.context["groups"] for r in g["rows"] if r["missing"]
    ]
    assert missing == [n for n in required if DWC + n not in mapped]


def test_saving_a_constant_and_a_default(client, event_mapping):
    url = _url("mapping-edit", "ponds", event_mapping.pk)
    data = _editor_post(
        event_mapping,
        **{
            _field(event_mapping, "samplingProtocol", "constant"): "pitfall traps",
            _field(event_mapping, "locality", "column"): "notes",
            _field(event_mapping, "locality", "default"): "unknown place",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert _rule(event_mapping, "samplingProtocol") == {
        "term": DWC + "samplingProtocol",
        "constant": "pitfall traps",
    }
    assert _rule(event_mapping, "locality")["default"] == "unknown place"
    assert _rule(event_mapping, "eventDate")["column"] == "eventDate"


def test_a_vocabulary_term_offers_its_concepts_as_constants(client, event_mapping):
    response = client.get(_url("mapping-edit", "ponds", event_mapping.pk))
    rows = {r["prop"].name: r for g in response.context["groups"] for r in g["rows"]}
    concepts = rows["type"]["concepts"]
    assert "Event" in [identifier for identifier, _label in concepts]
    assert rows["countryCode"]["concepts"] is None
    name = rows["type"]["names"]["constant"]
    assert '<select name="%s"' % name in response.content.decode()


def test_a_bad_template_column_shows_the_error_and_saves_nothing(client, event_mapping):
    before = mapping_definition(event_mapping)
    data = _editor_post(
        event_mapping,
        **{
            _field(event_mapping, "samplingProtocol", "constant"): "pitfall traps",
            _field(event_mapping, "fieldNumber", "template"): "{eventID}-{nosuchcolumn}",
        },
    )
    response = client.post(_url("mapping-edit", "ponds", event_mapping.pk), data)
    assert response.status_code == 400
    assert "nosuchcolumn" in response.context["error"]
    assert 'data-testid="mapping-error"' in response.content.decode()
    assert mapping_definition(event_mapping) == before
    assert "{eventID}-{nosuchcolumn}" in response.content.decode()


def test_column_view_shows_the_terms_each_column_feeds_and_samples(client, event_mapping):
    response = client.get(_url("mapping-edit", "ponds", event_mapping.pk) + "?view=columns")
    rows = {r["name"]: r for r in response.context["column_rows"]}
    assert rows["eventID"]["is_id"]
    assert rows["notes"]["feeds"] == []
    assert rows["eventDate"]["feeds"]
    assert "sunny" in response.content.decode()


def test_search_and_only_mapped_hide_other_terms(client, event_mapping):
    url = _url("mapping-edit", "ponds", event_mapping.pk)
    response = client.get(url + "?q=latitude")
    shown = [r["prop"].name for g in response.context["groups"] for r in g["rows"] if r["shown"]]
    assert "decimalLatitude" in shown and "eventDate" not in shown
    response = client.get(url + "?mapped=1")
    shown = {r["prop"].name for g in response.context["groups"] for r in g["rows"] if r["shown"]}
    assert shown == {
        f["term"].rsplit("/", 1)[-1] for f in mapping_definition(event_mapping)["fields"]
    }


# --- filters --------------------------------------------------------------------------------


def test_filters_are_added_and_removed(client, occurrence_mapping):
    url = _url("mapping-filters", "ponds", occurrence_mapping.pk)
    client.post(url, {"column": "scientificName", "op": "not_empty"})
    client.post(
        url,
        {"column": "basisOfRecord", "op": "in", "value": "Human Observation, PreservedSpecimen"},
    )
    occurrence_mapping.refresh_from_db()
    assert occurrence_mapping.filters == [
        {"column": "scientificName", "op": "not_empty", "value": "", "after_translation": False},
        {
            "column": "basisOfRecord",
            "op": "in",
            "value": ["Human Observation", "PreservedSpecimen"],
            "after_translation": False,
        },
    ]
    client.post(url, {"remove": "0"})
    occurrence_mapping.refresh_from_db()
    assert [f["column"] for f in occurrence_mapping.filters] == ["basisOfRecord"]


def test_a_filter_needing_a_value_is_refused(client, occurrence_mapping):
    response = client.post(
        _url("mapping-filters", "ponds", occurrence_mapping.pk),
        {"column": "scientificName", "op": "equals", "value": ""},
    )
    assert response.status_code == 400
    occurrence_mapping.refresh_from_db()
    assert occurrence_mapping.filters == []


# --- translations ---------------------------------------------------------------------------


def _basis_position(mapping) -> int:
    return mapping.extension.properties.get(qual_name=DWC + "basisOfRecord").position


def test_translations_page_lists_values_with_counts_and_saves(client, occurrence_mapping):
    url = _url(
        "mapping-translations", "ponds", occurrence_mapping.pk, _basis_position(occurrence_mapping)
    )
    response = client.get(url)
    rows = {r["value"]: r for r in response.context["rows"]}
    assert rows["Human Observation"]["count"] == 2
    assert rows["PreservedSpecimen"]["target"] == "PreservedSpecimen"
    assert rows["seen somewhere"]["unmatched"]
    assert 'class="unmatched"' in response.content.decode()
    values = list(rows)
    data = {"value-%d" % i: v for i, v in enumerate(values)}
    data["target-%d" % values.index("Human Observation")] = "HumanObservation"
    data["target-%d" % values.index("seen somewhere")] = "HumanObservation"
    response = client.post(url, data)
    assert response.status_code == 302
    assert _rule(occurrence_mapping, "basisOfRecord")["translations"] == {
        "Human Observation": "HumanObservation",
        "seen somewhere": "HumanObservation",
    }
    # Saving the editor keeps the translations.
    client.post(
        _url("mapping-edit", "ponds", occurrence_mapping.pk), _editor_post(occurrence_mapping)
    )
    assert len(_rule(occurrence_mapping, "basisOfRecord")["translations"]) == 2


# --- preview and delete ---------------------------------------------------------------------


def test_preview_shows_output_rows_with_term_labels(client, occurrence_mapping):
    client.post(
        _url("mapping-filters", "ponds", occurrence_mapping.pk),
        {"column": "scientificName", "op": "not_empty"},
    )
    response = client.get(_url("mapping-preview", "ponds", occurrence_mapping.pk))
    assert len(response.context["preview"]["rows"]) == 3
    text = response.content.decode()
    assert "Rana temporaria" in text and "Pica pica" in text
    assert "Scientific Name" in response.context["headers"] or "scientificName" in text


def test_delete_removes_the_mapping(client, event_mapping):
    response = client.post(_url("mapping-delete", "ponds", event_mapping.pk))
    assert response.status_code == 302
    assert not ExtensionMapping.objects.filter(pk=event_mapping.pk).exists()


def test_delete_needs_post(client, event_mapping):
    assert client.get(_url("mapping-delete", "ponds", event_mapping.pk)).status_code == 405


# --- templates ------------------------------------------------------------------------------


def test_templates_are_saved_and_applied_to_another_resource(
    client, creator, tmp_path, event_mapping
):
    client.post(
        _url("mapping-edit", "ponds", event_mapping.pk),
        _editor_post(
            event_mapping, **{_field(event_mapping, "samplingProtocol", "constant"): "nets"}
        ),
    )
    response = client.post(_url("mapping-template-save", "ponds"), {"name": "Ponds"})
    assert response.status_code == 302
    template = MappingTemplate.objects.get(name="Ponds")
    other = ResourceFactory(shortname="lakes", creator=creator)
    _ingest(other, tmp_path, "event", EVENTS)
    response = client.get(_url("mapping-templates", "lakes"))
    assert "Ponds" in response.content.decode()
    response = client.post(_url("mapping-templates", "lakes"), {"template": template.pk})
    assert response.status_code == 302
    applied = other.mappings.get()
    assert _rule(applied, "samplingProtocol")["constant"] == "nets"


def test_applying_a_template_without_matching_source_shows_the_error(
    client, creator, event_mapping
):
    client.post(_url("mapping-template-save", "ponds"), {"name": "Ponds"})
    ResourceFactory(shortname="lakes", creator=creator)
    response = client.post(
        _url("mapping-templates", "lakes"), {"template": MappingTemplate.objects.get().pk}
    )
    assert response.status_code == 400
    assert "event" in response.content.decode()
    assert not ExtensionMapping.objects.filter(resource__shortname="lakes").exists()


def test_editor_shows_what_gbif_would_drop(client, resource, occurrences):
    mapping = mapping_create(
        resource=resource,
        source=occurrences,
        extension=_ext("Occurrence"),
        definition={"id_column": "eventID", "fields": []},
    )
    page = client.get(_url("mapping-edit", "ponds", mapping.pk))
    assert b'data-code="gbif:no-occurrence-id"' in page.content
    assert b'data-code="gbif:no-basis-of-record"' in page.content

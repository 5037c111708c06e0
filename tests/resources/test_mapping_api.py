"""Mappings over the API: auto-map, edit, check, preview, translate, templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from resources.models import ExtensionMapping, FieldMapping
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
OCCURRENCE = DWC + "Occurrence"
EVENTS = (
    b"eventID,eventDate,decimalLatitude,decimalLongitude,habitat note\n"
    b"E1,2024-05-01,50.1,4.2,pond\nE2,2024-05-02,50.2,4.3,\nE3,,50.3,4.4,ditch\n"
)
OCCURRENCES = (
    b"occurrenceID,eventID,scientificName,basisOfRecord,individualCount\n"
    b"O1,E1,Rana temporaria,Human Observation,3\n"
    b"O2,E1,Bufo bufo,PRESERVED_SPECIMEN,1\n"
    b"O3,E2,,Human Observation,0\n"
    b"O4,E3,Bufo bufo,dead fish,2\n"
)


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


@pytest.fixture
def resource(manager, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    (settings.DATA_DIR / "tmp").mkdir(parents=True)
    resource = resource_create(shortname="ponds", creator=manager)
    folder = settings.DATA_DIR / "tmp" / "stage-test"
    folder.mkdir()
    files = []
    for name, data in (("events.csv", EVENTS), ("occurrences.csv", OCCURRENCES)):
        Path(folder / name).write_bytes(data)
        files.append({"path": str(folder / name), "filename": name})
    sources_ingest(resource=resource, staged={"folder": str(folder), "files": files})
    return resource


def _create(api, source, row_type, **extra):
    response = api.post(
        "/api/v1/resources/ponds/mappings/",
        {"source": source, "row_type": row_type, **extra},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_automap_proposes_terms_and_lists_unmapped_columns(api, resource):
    body = api.post(
        "/api/v1/resources/ponds/mappings/automap",
        {"source": "events", "row_type": EVENT},
        format="json",
    ).json()
    assert body["id_column"] == "eventID"
    assert body["mapped"]["decimalLatitude"] == DWC + "decimalLatitude"
    assert body["unmapped"] == ["habitat note"]
    assert not ExtensionMapping.objects.exists()


def test_create_auto_maps_and_preview_uses_the_engine(api, resource):
    mapping = _create(api, "events", EVENT)
    terms = {f["term"]: f for f in mapping["fields"]}
    assert terms[DWC + "eventDate"]["column"] == "eventDate"
    preview = api.get("/api/v1/resources/ponds/mappings/%d/preview?rows=2" % mapping["id"]).json()
    assert [r["id"] for r in preview["rows"]] == ["E1", "E2"]
    assert preview["rows"][0]["line"] == 2


def test_constants_defaults_templates_and_filters_shape_the_output(api, resource):
    mapping = _create(api, "events", EVENT)
    definition = {
        "id_column": "eventID",
        "fields": [
            {"term": DWC + "eventID", "column": "eventID"},
            {"term": DWC + "eventDate", "column": "eventDate", "default": "2024"},
            {"term": DWC + "countryCode", "constant": "BE"},
            {"term": DWC + "locationID", "template": "{eventID}-{decimalLatitude}"},
            {"term": DWC + "habitat", "column": "habitat note"},
        ],
        "filters": [{"column": "habitat note", "op": "not_empty"}],
    }
    response = api.put(
        "/api/v1/resources/ponds/mappings/%d/" % mapping["id"], definition, format="json"
    )
    assert response.status_code == 200, response.json()
    preview = api.get("/api/v1/resources/ponds/mappings/%d/preview" % mapping["id"]).json()
    rows = {r["id"]: dict(zip(preview["terms"], r["values"], strict=True)) for r in preview["rows"]}
    assert set(rows) == {"E1", "E3"}  # E2 has no habitat note
    assert rows["E3"][DWC + "eventDate"] == "2024"
    assert rows["E1"][DWC + "countryCode"] == "BE"
    assert rows["E1"][DWC + "locationID"] == "E1-50.1"


@pytest.mark.parametrize(
    "field, code",
    [
        ({"term": DWC + "eventID", "column": "no such column"}, "mapping:column"),
        ({"term": DWC + "eventID", "template": "{missing}"}, "mapping:column"),
        ({"term": "http://example.org/notATerm", "column": "eventID"}, "mapping:term"),
        ({"term": DWC + "eventID"}, "mapping:rule"),
    ],
)
def test_invalid_definitions_are_refused_and_nothing_changes(api, resource, field, code):
    mapping = _create(api, "events", EVENT)
    before = list(FieldMapping.objects.values_list("term", "column").order_by("pk"))
    response = api.put(
        "/api/v1/resources/ponds/mappings/%d/" % mapping["id"],
        {"id_column": "eventID", "fields": [field]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == code
    assert list(FieldMapping.objects.values_list("term", "column").order_by("pk")) == before


def test_extension_not_offered_under_the_core_is_refused(api, resource):
    response = api.post(
        "/api/v1/resources/ponds/mappings/",
        {"source": "events", "row_type": DWC + "Taxon"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "mapping:extension"


def test_translations_list_values_match_the_vocabulary_and_apply(api, resource):
    _create(api, "events", EVENT)
    occ = _create(api, "occurrences", OCCURRENCE)
    url = "/api/v1/resources/ponds/mappings/%d/translations?term=%s" % (
        occ["id"],
        DWC + "basisOfRecord",
    )
    body = api.get(url).json()
    assert dict((v, n) for v, n in body["values"]) == {
        "Human Observation": 2,
        "PRESERVED_SPECIMEN": 1,
        "dead fish": 1,
    }
    assert body["suggested"] == {
        "Human Observation": "HumanObservation",
        "PRESERVED_SPECIMEN": "PreservedSpecimen",
    }
    assert body["unmatched"] == ["dead fish"]
    response = api.put(url, {"translations": body["suggested"]}, format="json")
    assert response.status_code == 200
    preview = api.get("/api/v1/resources/ponds/mappings/%d/preview" % occ["id"]).json()
    column = preview["terms"].index(DWC + "basisOfRecord")
    assert [r["values"][column] for r in preview["rows"]] == [
        "HumanObservation",
        "PreservedSpecimen",
        "HumanObservation",
        "dead fish",
    ]


def test_occurrences_under_the_event_core_use_the_event_id(api, resource):
    occ = _create(api, "occurrences", OCCURRENCE)
    assert occ["id_column"] == "eventID"


def test_templates_copy_mappings_to_another_resource(api, resource, manager, settings):
    _create(
        api,
        "events",
        EVENT,
        fields=[
            {"term": DWC + "eventID", "column": "eventID"},
            {"term": DWC + "countryCode", "constant": "BE"},
        ],
        id_column="eventID",
    )
    saved = api.post(
        "/api/v1/mapping-templates/", {"resource": "ponds", "name": "ponds v1"}, format="json"
    )
    assert saved.status_code == 201
    other = resource_create(shortname="ponds-2025", creator=manager)
    folder = settings.DATA_DIR / "tmp" / "stage-other"
    folder.mkdir()
    (folder / "events.csv").write_bytes(EVENTS)
    sources_ingest(
        resource=other,
        staged={
            "folder": str(folder),
            "files": [{"path": str(folder / "events.csv"), "filename": "events.csv"}],
        },
    )
    applied = api.post(
        "/api/v1/mapping-templates/%d/apply" % saved.json()["id"],
        {"resource": "ponds-2025"},
        format="json",
    )
    assert applied.status_code == 201, applied.json()
    fields = {f["term"]: f for f in applied.json()[0]["fields"]}
    assert fields[DWC + "countryCode"]["constant"] == "BE"


def test_other_managers_see_nothing(resource):
    other = APIClient()
    other.force_authenticate(UserFactory(role=Role.MANAGER))
    assert other.get("/api/v1/resources/ponds/mappings/").status_code == 404
    assert (
        other.post(
            "/api/v1/resources/ponds/mappings/automap",
            {"source": "events", "row_type": EVENT},
            format="json",
        ).status_code
        == 404
    )


def test_delete_mapping(api, resource):
    mapping = _create(api, "events", EVENT)
    assert api.delete("/api/v1/resources/ponds/mappings/%d/" % mapping["id"]).status_code == 204
    assert not ExtensionMapping.objects.exists()


def test_checks_report_publication_rules_per_term_with_suggestions(api, resource):
    _create(api, "events", EVENT)
    occ = _create(
        api,
        "occurrences",
        OCCURRENCE,
        id_column="eventID",
        fields=[
            {"term": DWC + "occurrenceID", "column": "occurrenceID"},
            {"term": DWC + "basisOfRecord", "column": "basisOfRecord"},
        ],
    )
    body = api.get("/api/v1/resources/ponds/mappings/%d/checks" % occ["id"]).json()
    assert body["scope"] == {"all_rows": True, "rows_checked": 4, "source_rows": 4}
    found = {entry["check"]: entry for entry in body["terms"][DWC + "basisOfRecord"]}
    unknown, case = found["basis-of-record-unknown"], found["basis-of-record-case"]
    assert case["examples"][0]["suggestion"] == "PreservedSpecimen"
    assert (unknown["check"], unknown["severity"], unknown["count"]) == (
        "basis-of-record-unknown",
        "error",
        3,
    )
    assert unknown["examples"] == [
        {"value": "Human Observation", "line": 2, "suggestion": "HumanObservation"},
        {"value": "dead fish", "line": 5, "suggestion": None},
    ]
    assert unknown["translations"] == {"Human Observation": "HumanObservation"}
    problems = body["vocabulary_problems"][DWC + "basisOfRecord"]
    assert problems["values"] == ["Human Observation", "dead fish"]
    assert problems["suggested"] == {"Human Observation": "HumanObservation"}


def test_date_checks_accept_iso_forms_and_refuse_others():
    from resources.quality.values import value_fits_type

    def refused(kind, values):
        return [v for v in values if not value_fits_type(kind, v)]

    values = [
        "2024",
        "2024-05",
        "2024-05-01",
        "2024-05-01T10:00Z",
        "2024-05-01/2024-05-03",
        "2024-02-30",
        "05/01/2024",
        "yesterday",
    ]
    assert refused("date", values) == ["2024-02-30", "05/01/2024", "yesterday"]
    assert refused("decimal", ["1.5", "-2", "1,5", "NaN"]) == ["1,5", "NaN"]
    assert refused("uri", ["https://x.org/a", "urn:lsid:x", "x.org"]) == ["x.org"]


def test_archive_preview_concatenates_the_mappings_of_a_row_type(api, resource, settings):
    _create(
        api,
        "events",
        EVENT,
        id_column="eventID",
        fields=[
            {"term": DWC + "eventID", "column": "eventID"},
            {"term": DWC + "eventDate", "column": "eventDate"},
        ],
    )
    folder = settings.DATA_DIR / "tmp" / "stage-more"
    folder.mkdir()
    (folder / "more.csv").write_bytes(b"eventID,country\nE9,BE\n")
    sources_ingest(
        resource=resource,
        staged={
            "folder": str(folder),
            "files": [{"path": str(folder / "more.csv"), "filename": "more.csv"}],
        },
    )
    _create(
        api,
        "more",
        EVENT,
        id_column="eventID",
        fields=[
            {"term": DWC + "eventID", "column": "eventID"},
            {"term": DWC + "countryCode", "column": "country"},
        ],
    )
    body = api.get("/api/v1/resources/ponds/preview?row_type=%s" % EVENT).json()
    assert body["terms"] == [DWC + "eventID", DWC + "eventDate", DWC + "countryCode"]
    assert [r["id"] for r in body["rows"]] == ["E1", "E2", "E3", "E9"]
    assert body["rows"][3]["values"] == ["E9", "", "BE"]


def test_translations_of_a_column_gone_from_the_source_fail_clearly(api, resource):
    occ = _create(api, "occurrences", OCCURRENCE)
    FieldMapping.objects.filter(term=DWC + "basisOfRecord").update(column="vanished")
    response = api.get(
        "/api/v1/resources/ponds/mappings/%d/translations?term=%s"
        % (occ["id"], DWC + "basisOfRecord")
    )
    assert response.status_code == 400 and response.json()["code"] == "mapping:column"


def test_a_template_name_of_another_user_is_not_overwritten(api, resource, manager):
    from resources.models import MappingTemplate

    _create(api, "events", EVENT)
    MappingTemplate.objects.create(
        name="shared", mappings=[{"x": 1}], created_by=UserFactory(role=Role.MANAGER)
    )
    response = api.post(
        "/api/v1/mapping-templates/", {"resource": "ponds", "name": "shared"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "template:taken"
    assert MappingTemplate.objects.get(name="shared").mappings == [{"x": 1}]


def test_checks_say_what_gbif_would_drop(api, resource):
    _create(api, "events", EVENT)
    occ = _create(
        api,
        "occurrences",
        OCCURRENCE,
        id_column="eventID",
        fields=[{"term": DWC + "scientificName", "column": "scientificName"}],
    )
    codes = [
        n["code"]
        for n in api.get("/api/v1/resources/ponds/mappings/%d/checks" % occ["id"]).json()["gbif"]
    ]
    assert codes == ["gbif:no-occurrence-id", "gbif:no-basis-of-record"]


def test_a_nul_in_a_translated_term_or_value_is_a_client_error(api, resource):
    """PostgreSQL refuses a NUL in a query or a JSON column: answered as not mapped or
    invalid (4xx), never a server error (found by schemathesis on PostgreSQL)."""
    occ = _create(api, "occurrences", OCCURRENCE)
    base = "/api/v1/resources/ponds/mappings/%d/translations?term=" % occ["id"]
    assert api.get(base + "%13%00x").status_code == 400
    assert api.put(base + "%00", {"translations": {}}, format="json").status_code == 400
    url = base + DWC + "basisOfRecord"
    bad = api.put(url, {"translations": {"a\x00": "HumanObservation"}}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "mapping:invalid"

"""Checks while mapping: the publication's row checks over a mapping's rows, shown on the
mapping page and by the API, with suggested translations; the preview cleaned as the archive
writer cleans values."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import Extension
from publisher.models import Role
from resources.dwca.writer import sanitise_cells
from resources.services import mapping_checks as checks_service
from resources.services.mapping_checks import mapping_checks
from resources.services.mappings import mapping_create, mapping_preview, translation_set
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest, staging_dir
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
OCCURRENCE = DWC + "Occurrence"
EVENT_DATE = DWC + "eventDate"
EVENTS = (
    "eventID,eventDate,decimalLatitude,decimalLongitude,habitat\n"
    "E1,2024-05-01,50.1,4.2,pond\n"
    'E2,05/01/2024,50.2,4.3,"wet\tmeadow"\n'
    'E3,2024-02-30,95,4.4,"ditch\nand bank"\n'
    "E4,05/01/2024,50.4,4.5,pond\n"
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def resource(manager, data_dir):
    return resource_create(shortname="ponds", creator=manager)


def add_source(resource, name: str, text: str):
    folder = staging_dir()
    (folder / (name + ".csv")).write_text(text, encoding="utf-8")
    files = [{"path": str(folder / (name + ".csv")), "filename": name + ".csv"}]
    return sources_ingest(resource=resource, staged={"folder": str(folder), "files": files})[0]


def map_source(resource, name: str, text: str, row_type: str = EVENT):
    source = add_source(resource, name, text)
    extension = Extension.objects.get(row_type=row_type)
    return mapping_create(resource=resource, source=source, extension=extension)


@pytest.fixture
def client(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def events(resource):
    return map_source(resource, "events", EVENTS)


# --- the preview ------------------------------------------------------------------------------


def test_sanitise_cells_replaces_tabs_and_line_breaks_inside_cells():
    assert sanitise_cells(["a\tb", "c\r\nd", "e"]) == "a b\tc  d\te"


def test_preview_shows_values_cleaned_as_the_archive_writes_them(events):
    preview = mapping_preview(events, rows=10)
    habitat = preview["terms"].index(DWC + "habitat")
    assert [r["values"][habitat] for r in preview["rows"]] == [
        "pond",
        "wet meadow",
        "ditch and bank",
        "pond",
    ]


def test_preview_page_shows_no_line_break_inside_a_value(client, events):
    response = client.get(reverse("mapping-preview", args=["ponds", events.pk]))
    text = response.content.decode()
    assert "ditch and bank" in text and "ditch\nand bank" not in text


# --- the checks -------------------------------------------------------------------------------


def _entry(body: dict, term: str, check: str) -> dict:
    return next(e for e in body["terms"].get(term, []) if e["check"] == check)


def test_api_checks_name_bad_dates_with_examples_and_lines(manager, events):
    api = APIClient()
    api.force_authenticate(manager)
    body = api.get("/api/v1/resources/ponds/mappings/%d/checks" % events.pk).json()
    entry = _entry(body, EVENT_DATE, "event-date-invalid")
    assert (entry["count"], entry["severity"]) == (3, "warning")
    assert entry["examples"] == [
        {"value": "05/01/2024", "line": 3, "suggestion": None},
        {"value": "2024-02-30", "line": 4, "suggestion": None},
    ]
    assert "05/01/2024" in entry["message"]
    assert body["scope"] == {"all_rows": True, "rows_checked": 4, "source_rows": 4}


def test_a_long_source_is_checked_on_a_sample_and_says_so(events, monkeypatch):
    monkeypatch.setattr(checks_service, "ALL_ROWS_MAX", 2)
    body = mapping_checks(events)
    assert body["scope"] == {"all_rows": False, "rows_checked": 2, "source_rows": 4}
    assert _entry(body, EVENT_DATE, "event-date-invalid")["count"] == 1


def test_a_source_of_the_size_limit_is_checked_whole(events, monkeypatch):
    monkeypatch.setattr(checks_service, "ALL_ROWS_MAX", 4)
    assert mapping_checks(events)["scope"]["all_rows"] is True


def test_checks_are_computed_once_until_the_mapping_changes(events, monkeypatch):
    calls = []
    compute = checks_service._checked
    monkeypatch.setattr(checks_service, "_checked", lambda m: calls.append(m) or compute(m))
    first = mapping_checks(events)
    assert mapping_checks(events) == first and len(calls) == 1
    translation_set(mapping=events, term=EVENT_DATE, translations={"05/01/2024": "2024-01-05"})
    after = mapping_checks(events)
    assert len(calls) == 2
    assert _entry(after, EVENT_DATE, "event-date-invalid")["count"] == 1


# --- the mapping page -------------------------------------------------------------------------


def _edit(client, mapping, view: str = "terms"):
    response = client.get(reverse("mapping-edit", args=["ponds", mapping.pk]), {"view": view})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("view", ["terms", "columns"])
def test_the_mapping_page_shows_a_non_iso_event_date_before_any_publication(client, events, view):
    assert not events.resource.versions.exists()
    html = _edit(client, events, view)
    assert 'data-testid="value-checks"' in html and 'data-all-rows="true"' in html
    assert 'data-code="event-date-invalid" data-severity="warning" data-count="3"' in html
    assert 'data-value="05/01/2024"' in html
    flagged = "term-flagged" if view == "terms" else "column-flagged"
    assert 'data-testid="%s"' % flagged in html


def test_the_mapping_page_says_when_it_checked_a_sample(client, events, monkeypatch):
    monkeypatch.setattr(checks_service, "ALL_ROWS_MAX", 2)
    html = _edit(client, events)
    assert 'data-all-rows="false"' in html and 'data-rows-checked="2"' in html
    assert "the first 2 rows of 4" in html


OCCURRENCES = (
    "occurrenceID,eventID,basisOfRecord\n"
    "O1,E1,Human Observation\nO2,E1,Human Observation\nO3,E2,PreservedSpecimen\n"
    "O4,E2,dead fish\n"
)


def test_one_click_applies_the_suggested_translation(client, resource, events):
    occurrences = map_source(resource, "occurrences", OCCURRENCES, OCCURRENCE)
    html = _edit(client, occurrences)
    assert 'data-testid="apply-translation"' in html
    assert 'data-suggestion="HumanObservation"' in html
    prop = occurrences.extension.properties.get(qual_name=DWC + "basisOfRecord")
    url = reverse("mapping-translations-apply", args=["ponds", occurrences.pk, prop.position])
    response = client.post(url, {"value-0": "Human Observation", "target-0": "HumanObservation"})
    assert response.status_code == 302
    assert response["Location"].endswith("#checks-term-%d" % prop.position)
    field = occurrences.fields.get(term=DWC + "basisOfRecord")
    assert field.translations == {"Human Observation": "HumanObservation"}
    (left,) = mapping_checks(occurrences)["terms"][DWC + "basisOfRecord"]
    assert left["count"] == 1 and left["examples"][0]["value"] == "dead fish"


def test_applying_keeps_earlier_translations_and_allows_an_empty_target(client, events):
    translation_set(mapping=events, term=EVENT_DATE, translations={"05/01/2024": "2024-01-05"})
    prop = events.extension.properties.get(qual_name=EVENT_DATE)
    url = reverse("mapping-translations-apply", args=["ponds", events.pk, prop.position])
    client.post(url, {"value-0": "2024-02-30", "target-0": ""})
    assert events.fields.get(term=EVENT_DATE).translations == {
        "05/01/2024": "2024-01-05",
        "2024-02-30": "",
    }
    assert "event-date-invalid" not in {
        e["check"] for e in mapping_checks(events)["terms"].get(EVENT_DATE, [])
    }


def test_applying_a_translation_needs_post(client, events):
    prop = events.extension.properties.get(qual_name=EVENT_DATE)
    url = reverse("mapping-translations-apply", args=["ponds", events.pk, prop.position])
    assert client.get(url).status_code == 405


@dataclass(frozen=True)
class SuggestingFlag:
    """A flag as the row checks give it once they suggest translations themselves."""

    check: str
    severity: str
    term: str
    value: str
    message: str
    suggestion: str | None = None


class NullTokenChecks:
    """Row checks that flag the null token ``NA`` in habitat, suggesting empty."""

    def __init__(self, file):
        self.at = file.terms.index(DWC + "habitat")

    def check_cells(self, cells):
        if cells[self.at] != "NA":
            return ()
        return [SuggestingFlag("null-token", "warning", DWC + "habitat", "NA", "NA is null.", "")]

    def file_flags(self):
        return []


def test_a_suggestion_of_the_checks_is_offered_even_when_it_is_empty(client, resource, monkeypatch):
    monkeypatch.setattr(checks_service, "RowChecks", NullTokenChecks)
    mapping = map_source(resource, "nulls", "eventID,habitat\nE1,NA\nE2,pond\nE3,NA\n")
    (entry,) = mapping_checks(mapping)["terms"][DWC + "habitat"]
    assert entry["count"] == 2 and entry["translations"] == {"NA": ""}
    assert entry["examples"] == [{"value": "NA", "line": 2, "suggestion": ""}]
    html = _edit(client, mapping)
    assert '<input type="hidden" name="target-0" value="">' in html
    prop = mapping.extension.properties.get(qual_name=DWC + "habitat")
    url = reverse("mapping-translations-apply", args=["ponds", mapping.pk, prop.position])
    client.post(url, {"value-0": "NA", "target-0": ""})
    preview = mapping_preview(mapping)
    habitat = preview["terms"].index(DWC + "habitat")
    assert [r["values"][habitat] for r in preview["rows"]] == ["", "pond", ""]

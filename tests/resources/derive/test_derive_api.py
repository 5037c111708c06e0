"""GET and POST of /api/v1/resources/<shortname>/sources/<name>/derive/."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from resources.models import ResourceType
from resources.services.resources import resource_create
from tests.factories import UserFactory

from ..publication.conftest import add_sources
from .conftest import FLAT

pytestmark = pytest.mark.django_db

URL = "/api/v1/resources/flat/sources/survey/derive/"
DWC = "http://rs.tdwg.org/dwc/terms/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _suggested(api) -> dict:
    response = api.get(URL)
    assert response.status_code == 200
    return response.json()


def test_get_returns_the_suggestion_with_its_counts_and_the_terms(flat, manager_user):
    body = _suggested(_api(manager_user))

    assert body["split"]["key"] == ["site", "eventDate"]
    assert body["split"]["parent_key"] == ["site"]
    assert (body["counts"]["events"], body["counts"]["parents"]) == (6, 2)
    assert body["columns"][:2] == ["site", "eventDate"]
    assert body["event_terms"]["decimalLatitude"] == DWC + "decimalLatitude"
    assert body["occurrence_terms"]["scientificName"] == DWC + "scientificName"


def test_post_counts_a_split_without_saving(flat, manager_user):
    api = _api(manager_user)
    split = {**_suggested(api)["split"], "parent_key": [], "parent": {}}
    split["event"] = {**split["event"], "decimalLatitude": DWC + "decimalLatitude"}

    response = api.post(URL, {"split": split}, format="json")

    assert response.status_code == 200
    counts = response.json()
    assert (counts["events"], counts["parents"], counts["occurrences"]) == (6, 0, 24)
    assert counts["conflicts"] == 0 and counts["capped"] is False
    assert flat.mappings.count() == 0


def test_post_names_the_lines_of_conflicting_rows(manager_user, data_dir):
    lines = FLAT.read_text().splitlines()
    lines[3] = lines[3].replace("52.5123", "52.9999")
    resource = resource_create(shortname="flat", creator=manager_user, title="Flat")
    add_sources(resource, {"survey.csv": ("\n".join(lines) + "\n").encode()})
    split = {
        "key": ["site", "eventDate"],
        "event": {"decimalLatitude": DWC + "decimalLatitude"},
    }

    counts = _api(manager_user).post(URL, {"split": split}, format="json").json()

    assert counts["conflicts"] == 1
    assert counts["conflict_lines"] == [
        {"event": "POND-A:2024-04-12", "first_line": 2, "line": 4, "column": "decimalLatitude"}
    ]


def test_post_with_apply_creates_the_mappings_and_returns_them(flat, manager_user):
    api = _api(manager_user)
    split = _suggested(api)["split"]

    response = api.post(URL, {"split": split, "apply": True}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert [m["row_type"] for m in body] == [DWC + "Event", DWC + "Event", DWC + "Occurrence"]
    assert [m.get("derive_events", False) for m in body] == [True, True, False]
    assert body[1]["id_template"] == "{site}:{eventDate}"
    assert flat.mappings.count() == 3
    flat.refresh_from_db()
    assert flat.type == ResourceType.SAMPLING_EVENT


def test_a_split_the_source_cannot_make_is_refused_with_its_code(flat, manager_user):
    split = {"key": ["site", "nowhere"]}

    response = _api(manager_user).post(URL, {"split": split, "apply": True}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "mapping:split"
    assert flat.mappings.count() == 0


def test_a_malformed_body_is_refused(flat, manager_user):
    response = _api(manager_user).post(URL, {"split": {"key": "site"}}, format="json")
    assert response.status_code == 400
    assert flat.mappings.count() == 0


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PUBLISHER, Role.USER])
def test_who_does_not_manage_the_resource_gets_404(flat, role):
    api = _api(UserFactory(role=role))
    assert api.get(URL).status_code == 404
    response = api.post(URL, {"split": {"key": ["site"]}, "apply": True}, format="json")
    assert response.status_code == 404
    assert flat.mappings.count() == 0


def test_anonymous_callers_get_401(flat):
    assert APIClient().get(URL).status_code == 401


def test_an_unknown_source_gets_404(flat, manager_user):
    assert _api(manager_user).get(URL.replace("survey", "nothing")).status_code == 404


def test_the_api_split_has_exactly_the_fields_of_a_split():
    from dataclasses import fields

    from resources.api.derive_views import SplitSerializer
    from resources.mapping.split import Split

    assert set(SplitSerializer().fields) == {f.name for f in fields(Split)}

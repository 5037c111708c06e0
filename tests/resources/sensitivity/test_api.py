"""GET, PUT and DELETE of /api/v1/resources/<shortname>/sensitivity/."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from resources.models import SensitivityPolicy
from resources.sensitivity.policy import Taxon
from resources.services.sensitivity import sensitivity_policy, taxon_list_create
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/resources/ponds/sensitivity/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def resource():
    return ResourceFactory(shortname="ponds")


def test_put_get_delete_round_trip(resource, admin_user):
    red = taxon_list_create(user=admin_user, name="Red list", taxa=[Taxon("Ursus arctos")])
    api = _api(resource.creator)
    assert api.get(URL).status_code == 404
    body = {
        "default": {"kind": "fields", "fields": ["locality", "recordedBy"]},
        "separate_events": True,
        "taxa": [
            {"name": "Lynx lynx", "rank": "species", "synonyms": ["Felis lynx"]},
            {"name": "Aquila chrysaetos", "action": {"kind": "coordinates", "grid": "10km"}},
        ],
        "lists": [red.pk],
    }
    put = api.put(URL, body, format="json")
    assert put.status_code == 200
    expected = {
        **body,
        "default": {
            "kind": "fields",
            "fields": [
                "http://rs.tdwg.org/dwc/terms/locality",
                "http://rs.tdwg.org/dwc/terms/recordedBy",
            ],
        },
    }
    assert put.json() == expected
    assert api.get(URL).json() == expected
    policy = sensitivity_policy(resource)
    assert policy is not None and len(policy.taxa) == 3
    assert api.delete(URL).status_code == 204
    assert api.get(URL).status_code == 404
    assert api.delete(URL).status_code == 404


def test_put_names_the_refused_field(resource):
    body = {"taxa": [{"name": "Lynx lynx", "action": {"kind": "identification", "rank": "x"}}]}
    response = _api(resource.creator).put(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "sensitivity:policy"
    assert response.json()["details"] == {"field": "taxa[0].action.rank"}
    assert not SensitivityPolicy.objects.exists()


@pytest.mark.parametrize("text", ["Lynx\x00lynx", "Lynx \udb3a"], ids=["nul", "surrogate"])
def test_text_the_database_cannot_hold_is_refused(resource, text):
    """Found by schemathesis on PostgreSQL, whose JSON refuses both (a 500 before)."""
    body = {"default": {"kind": "fields", "fields": [text]}, "taxa": [{"name": text}]}
    raw = json.dumps(body)  # ASCII: the text travels escaped, as a client sends it
    response = _api(resource.creator).put(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "sensitivity:policy"
    assert not SensitivityPolicy.objects.exists()


def test_unknown_list_ids_are_refused(resource):
    response = _api(resource.creator).put(URL, {"lists": [12345]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "sensitivity:list"


def test_who_does_not_manage_the_resource_gets_404(resource):
    stranger = _api(UserFactory(role=Role.MANAGER))
    assert stranger.get(URL).status_code == 404
    assert stranger.put(URL, {"taxa": []}, format="json").status_code == 404
    assert stranger.delete(URL).status_code == 404
    assert APIClient().get(URL).status_code in (401, 403)

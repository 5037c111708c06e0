"""Hostile JSON bodies answer the API's error shape with a declared code, never a 500 page."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from core.api.parsers import JSONParser
from core.errors import UserError
from publisher.models import Role
from resources.models import Resource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/resources/"


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.MANAGER))
    return client


def _post(api, body: bytes):
    return api.post(URL, data=body, content_type="application/json")


def _assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code and body["message"]


@pytest.mark.parametrize("depth", [101, 100_000])
def test_deeply_nested_json_is_refused_as_too_deep(api, depth):
    response = _post(api, b"[" * depth + b"]" * depth)
    _assert_error(response, 400, "request:too-deep")


def test_body_over_the_memory_limit_is_refused_as_too_large(api, settings):
    body = b'{"shortname": "' + b"a" * (20 * 1024 * 1024) + b'"}'
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = _post(api, body)
    _assert_error(response, 413, "request:too-large")
    assert response.json()["details"]["limit"] == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_parser_reads_no_more_than_the_limit_when_no_length_is_given(settings):
    # A chunked body has no Content-Length for the middleware to check: the parser bounds it.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    with pytest.raises(UserError) as caught:
        JSONParser().parse(io.BytesIO(b'{"shortname": "' + b"a" * 200 + b'"}'))
    assert caught.value.code == "request:too-large"


def test_invalid_json_still_answers_parse_error(api):
    _assert_error(_post(api, b'{"shortname": '), 400, "parse-error")


def test_normal_nested_body_still_works(api, data_dir):
    response = _post(api, b'{"shortname": "ponds", "title": "Ponds"}')
    assert response.status_code == 201, response.json()
    assert Resource.objects.filter(shortname="ponds").exists()

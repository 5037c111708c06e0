"""Ranges, validators and front-server hand-over of published files; CORS on feeds only."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

from metadata.eml.model import Document
from resources.models import Visibility
from resources.portal.feeds.rtf import PaperContext, build_rtf
from resources.portal.http import UNSATISFIABLE, byte_range
from resources.services.resources import resource_dir

from .conftest import fake_published


@pytest.mark.parametrize(
    "header, wanted",
    [
        ("bytes=0-9", (0, 9)),
        ("bytes=10-", (10, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=90-500", (90, 99)),
        ("bytes = 5 - 6", (5, 6)),
        ("bytes=100-", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=9-5", None),
        ("bytes=0-1,5-6", None),
        ("items=0-5", None),
        ("bytes=-", None),
        ("", None),
    ],
)
def test_byte_range(header, wanted):
    assert byte_range(header, 100) == wanted


def test_an_empty_file_has_no_satisfiable_range():
    assert byte_range("bytes=0-", 0) == UNSATISFIABLE
    assert byte_range("bytes=-5", 0) == UNSATISFIABLE


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def public(db, data_dir):
    resource = fake_published(Visibility.PUBLIC, records=500)
    return resource, (resource_dir(resource) / "dwca-1.0.zip")


def url(resource) -> str:
    return "/archive.do?r=%s" % resource.shortname


def test_a_range_beyond_the_end_answers_416(public, client):
    resource, path = public
    response = client.get(url(resource), HTTP_RANGE="bytes=%d-" % (path.stat().st_size + 5))
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */%d" % path.stat().st_size


def test_suffix_and_open_ranges(public, client):
    resource, path = public
    data = path.read_bytes()
    assert body(client.get(url(resource), HTTP_RANGE="bytes=-7")) == data[-7:]
    tail = client.get(url(resource), HTTP_RANGE="bytes=20-")
    assert tail.status_code == 206 and body(tail) == data[20:]


def test_if_range_with_a_stale_validator_sends_the_whole_file(public, client):
    resource, path = public
    etag = client.get(url(resource))["ETag"]
    fresh = client.get(url(resource), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert fresh.status_code == 206
    stale = client.get(url(resource), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"0-0"')
    assert stale.status_code == 200 and body(stale) == path.read_bytes()
    dated = client.get(
        url(resource), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=http_date(path.stat().st_mtime)
    )
    assert dated.status_code == 206


def test_several_ranges_get_the_whole_file(public, client):
    resource, path = public
    response = client.get(url(resource), HTTP_RANGE="bytes=0-1,5-6")
    assert response.status_code == 200 and body(response) == path.read_bytes()


def test_nginx_gets_the_file_by_x_accel_redirect(public, client, settings):
    resource, path = public
    settings.FILE_SENDER = "nginx"
    settings.FILE_SENDER_NGINX_PREFIX = "/protected/"
    response = client.get(url(resource))
    assert response.status_code == 200 and body(response) == b""
    assert response["X-Accel-Redirect"] == "/protected/resources/%d/dwca-1.0.zip" % resource.pk
    assert response["Content-Disposition"].endswith(
        'filename="dwca-%s-v1.0.zip"' % resource.shortname
    )
    assert client.get(url(resource), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_apache_gets_the_file_by_x_sendfile(public, client, settings):
    resource, path = public
    settings.FILE_SENDER = "apache"
    response = client.get(url(resource))
    assert response["X-Sendfile"] == str(path.resolve())


def test_feeds_and_the_api_answer_any_origin_for_reading(public, client):
    for address in (
        "/rss.do",
        "/dcat",
        "/inventory/dataset",
        "/inventory/v2/dataset",
        "/eml.do?r=%s" % public[0].shortname,
        "/api/v1/",
    ):
        response = client.get(address, HTTP_ORIGIN="https://portal.example.org")
        assert response["Access-Control-Allow-Origin"] == "*", address
        assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/resources/",
        HTTP_ORIGIN="https://portal.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")


def test_pages_send_no_cors_headers(public, client):
    for address in ("/", "/resource?r=%s" % public[0].shortname, "/login/"):
        response = client.get(address, HTTP_ORIGIN="https://portal.example.org")
        assert "Access-Control-Allow-Origin" not in response, address


def test_the_rtf_document_is_conditional_too(public, client):
    resource, _path = public
    first = client.get("/rtf.do?r=%s" % resource.shortname)
    assert first.status_code == 200 and first.content.startswith(b"{\\rtf1")
    again = client.get(
        "/rtf.do?r=%s" % resource.shortname, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_the_rtf_document_has_its_headings_in_the_readers_language(public, client):
    resource, _path = public
    address = "/rtf.do?r=%s" % resource.shortname
    english = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get(address, HTTP_ACCEPT_LANGUAGE="es")

    assert b"\\b\\fs28 Abstract\\par" in english.content
    assert english["ETag"] != spanish["ETag"]
    assert "Accept-Language" in spanish["Vary"]


def test_the_rtf_headings_are_the_ones_passed_in():
    doc = Document(abstract=["Frogs."])
    context = PaperContext("C", "u", "", "1.0", "2025-01-01", words={"Abstract": "Resumen"})

    assert "\\b\\fs28 Resumen\\par" in build_rtf(doc, context)

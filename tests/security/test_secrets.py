"""Credentials in URL sources (issue #16): stored encrypted, shown and logged masked, never
exported, and still used to download."""

from __future__ import annotations

import base64
import importlib
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from core.jobs.executor import execute
from core.models import Job
from publisher.models import Role
from resources.models import Resource, Source
from resources.services.exporting import resource_export
from resources.services.importing.ipt import resource_from_ipt_folder
from resources.services.sources import source_refresh
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-Pa55"
CSV = b"eventID,count\ne1,3\ne2,5\n"


class AuthServer:
    """A real HTTP server on 127.0.0.1 that serves ``/events.csv`` only with basic auth
    ``reader:PASSWORD``; it records the Authorization headers it was sent."""

    def __init__(self):
        self.seen: list[str] = []
        server = self
        expected = "Basic " + base64.b64encode(("reader:" + PASSWORD).encode()).decode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.seen.append(self.headers.get("Authorization", ""))
                ok = self.headers.get("Authorization") == expected and self.path == "/events.csv"
                body = CSV if ok else b"denied"
                self.send_response(200 if ok else 401)
                self.send_header("Content-Type", "text/csv" if ok else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, userinfo: str) -> str:
        return "http://%s@127.0.0.1:%d/events.csv" % (userinfo, self.httpd.server_port)


@pytest.fixture
def auth_server():
    server = AuthServer()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(autouse=True)
def data_dir(data_dir):
    return data_dir


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


@pytest.fixture
def url_source(api, manager, auth_server):
    """A URL source added through the API with a password in its address."""
    response = api.post("/api/v1/resources/", {"shortname": "ponds", "title": "Ponds"})
    assert response.status_code == 201, response.json()
    response = api.post(
        "/api/v1/resources/ponds/sources/",
        {"url": auth_server.url("reader:" + PASSWORD)},
        format="json",
    )
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error_message
    return Resource.objects.get(shortname="ponds").sources.get()


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM %s" % table)
        return repr(cursor.fetchall())


def test_url_source_downloads_with_the_password_but_stores_it_only_encrypted(
    url_source, auth_server
):
    assert url_source.row_count == 2
    assert url_source.url == auth_server.url("reader:***")
    assert url_source.url_password_encrypted
    assert PASSWORD not in _raw_rows(Source._meta.db_table)
    assert PASSWORD not in _raw_rows(Job._meta.db_table)
    auth_server.seen.clear()  # downloading again sends the stored password
    Source.objects.filter(pk=url_source.pk).update(keep_cached=False)
    url_source.refresh_from_db()
    assert source_refresh(source=url_source).row_count == 2
    assert auth_server.seen and auth_server.seen[-1].startswith("Basic ")


def test_url_password_never_appears_in_the_api_page_or_job_log(url_source, api, manager):
    response = api.get("/api/v1/resources/ponds/sources/%s/" % url_source.name)
    assert response.status_code == 200
    assert response.json()["url"].startswith("http://reader:***@127.0.0.1:")
    assert PASSWORD not in response.content.decode()
    page = Client()
    page.force_login(manager)
    html = page.get("/manage/resources/ponds/sources/%s/" % url_source.name)
    assert html.status_code == 200
    assert "reader:***@" in html.content.decode() and PASSWORD not in html.content.decode()
    job = Job.objects.get(kind="source-fetch")
    assert "reader:***@" in job.log and PASSWORD not in job.log + repr(job.params)


def test_url_password_is_not_exported_and_the_import_asks_for_it(url_source, manager, tmp_path):
    path = resource_export(resource=url_source.resource, dest=tmp_path / "export.zip")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            assert PASSWORD.encode() not in zf.read(name), name
        assert b"reader:***@" in zf.read("ponds/resource.json")
    result = resource_from_ipt_folder(path=path, user=manager, shortname="copy")
    copy = result.resource.sources.get()
    assert copy.url == url_source.url and copy.url_password_encrypted == ""
    assert any("without its password" in note for note in result.notes), result.notes


def test_migration_moves_existing_url_passwords_into_the_encrypted_field(url_source):
    from django.apps import apps

    plain = url_source.url.replace("***", PASSWORD)
    Source.objects.filter(pk=url_source.pk).update(url=plain, url_password_encrypted="")
    job = Job.objects.get(kind="source-fetch")
    Job.objects.filter(pk=job.pk).update(
        params={**job.params, "url": plain}, log="fetching " + plain
    )
    migration = importlib.import_module("resources.migrations.0014_source_url_password_encrypted")
    migration.move_passwords_out(apps, None)
    assert PASSWORD not in _raw_rows(Source._meta.db_table) + _raw_rows(Job._meta.db_table)
    url_source.refresh_from_db()
    assert url_source.url.startswith("http://reader:***@")
    assert source_refresh(source=url_source).row_count == 2


class _Recorder(BaseHTTPRequestHandler):
    """Answers with a redirect (``redirect_to``) or with data, noting each Authorization."""

    redirect_to = ""
    seen: list[str | None]

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).seen.append(self.headers.get("Authorization"))
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        body = b"id,name\n1,a\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_url_password_goes_to_its_own_server_only_never_to_a_redirect(tmp_path):
    from core.http import fetch_to_file

    other = type("Other", (_Recorder,), {"seen": []})
    data_server = _serve(other)
    origin = type("Origin", (_Recorder,), {"seen": []})
    origin.redirect_to = "http://127.0.0.1:%d/data.csv" % data_server.server_address[1]
    origin_server = _serve(origin)
    try:
        fetch_to_file(
            "http://127.0.0.1:%d/data.csv" % origin_server.server_address[1],
            tmp_path / "out.csv",
            max_bytes=1000,
            auth=("alice", "s3cret"),
            refuse_html=False,
        )
    finally:
        origin_server.shutdown()
        data_server.shutdown()
    expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert origin.seen == [expected]
    assert other.seen == [None]
    assert (tmp_path / "out.csv").read_bytes() == b"id,name\n1,a\n"

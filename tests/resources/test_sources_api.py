"""Resources and sources over the API: create, upload, analyse, preview, replace, refuse."""

from __future__ import annotations

import gzip
import io
import sqlite3
import tarfile
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from catalogue.models import Extension
from core.jobs.executor import execute
from core.models import Job
from publisher.models import Role
from resources.models import ExtensionMapping, FieldMapping, Resource, Source
from tests.conftest import TEST_DATA
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MOSQUITO = TEST_DATA / "datasets" / "event" / "exotic-mosquito-surveillance-belgium" / "source"
EVENTS_CSV = MOSQUITO / "processed" / "larvalSampling_events.csv"
ACCESS_TXT = MOSQUITO / "raw-access-export" / "Site Form.txt"


@pytest.fixture(autouse=True)
def data_dir(data_dir):
    """A fresh DATA_DIR per test, so that files left behind would show."""
    return data_dir


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def client(manager):
    api = APIClient()
    api.force_authenticate(manager)
    return api


@pytest.fixture
def resource(client):
    response = client.post(
        "/api/v1/resources/", {"shortname": "mosquitoes", "title": "Mosquitoes"}, format="json"
    )
    assert response.status_code == 201, response.json()
    return Resource.objects.get(shortname="mosquitoes")


def _upload(client, files, *, path="/api/v1/resources/mosquitoes/sources/", method="post"):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    response = getattr(client, method)(path, {"file": uploads}, format="multipart")
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    execute(str(job.pk))  # what the worker does, in this process
    job.refresh_from_db()
    return job


def _staging_is_empty():
    return not any(p.name.startswith("stage-") for p in (settings.DATA_DIR / "tmp").iterdir())


def test_create_resource_defaults_to_sampling_event(client, manager):
    body = client.post("/api/v1/resources/", {"shortname": "ponds"}, format="json").json()
    assert body["type"] == "sampling-event" and body["creator"] == manager.email
    assert client.get("/api/v1/resources/ponds/").json()["sources"] == []


@pytest.mark.parametrize("shortname", ["ab", "with space", "bad/slash", "ünïcode"])
def test_invalid_shortname_is_refused(client, shortname):
    response = client.post("/api/v1/resources/", {"shortname": shortname}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "resource:shortname"


def test_taken_shortname_is_refused_ignoring_case(client, resource):
    response = client.post("/api/v1/resources/", {"shortname": "MOSQUITOES"}, format="json")
    assert response.json()["code"] == "resource:shortname-taken"


def test_users_without_manager_rights_cannot_create_and_others_cannot_see(resource):
    plain = APIClient()
    plain.force_authenticate(UserFactory(role=Role.USER))
    assert plain.post("/api/v1/resources/", {"shortname": "mine"}, format="json").status_code == 403
    other = APIClient()
    other.force_authenticate(UserFactory(role=Role.MANAGER))
    assert other.get("/api/v1/resources/mosquitoes/").status_code == 404
    assert other.get("/api/v1/resources/mosquitoes/sources/").status_code == 404
    assert other.delete("/api/v1/resources/mosquitoes/").status_code == 404
    assert other.get("/api/v1/resources/").json()["results"] == []


def test_shortname_is_fixed_once_published(client, resource):
    assert (
        client.patch(
            "/api/v1/resources/mosquitoes/", {"shortname": "mozzies"}, format="json"
        ).json()["shortname"]
        == "mozzies"
    )
    Resource.objects.filter(pk=resource.pk).update(published_at="2026-01-01T00:00:00Z")
    response = client.patch("/api/v1/resources/mozzies/", {"shortname": "again"}, format="json")
    assert response.json()["code"] == "resource:shortname-fixed"


def test_upload_two_files_analyses_both(client, resource):
    job = _upload(
        client,
        [(EVENTS_CSV.name, EVENTS_CSV.read_bytes()), (ACCESS_TXT.name, ACCESS_TXT.read_bytes())],
    )
    assert job.status == "succeeded", job.error_message
    sources = {s["name"]: s for s in client.get("/api/v1/resources/mosquitoes/sources/").json()}
    assert set(sources) == {"larvalSampling_events", "Site_Form"}
    events = sources["larvalSampling_events"]
    assert events["analysis"]["row_count"] == 147
    assert events["spec"]["text"]["delimiter"] == ","
    site = sources["Site_Form"]
    assert site["spec"]["text"]["delimiter"] == ";"
    assert site["spec"]["text"]["encoding"].lower().replace("-", "") in ("cp1252", "windows1252")
    assert _staging_is_empty()


def test_preview_returns_rows_with_line_numbers(client, resource):
    _upload(client, [(EVENTS_CSV.name, EVENTS_CSV.read_bytes())])
    body = client.get(
        "/api/v1/resources/mosquitoes/sources/larvalSampling_events/preview?rows=3"
    ).json()
    assert len(body["rows"]) == 3 and body["rows"][0]["line"] == 2
    assert body["columns"][0] and len(body["rows"][0]["values"]) == len(body["columns"])
    many = client.get(
        "/api/v1/resources/mosquitoes/sources/larvalSampling_events/preview?rows=5000"
    ).json()
    assert len(many["rows"]) == 147  # capped at 1000, and the file has 147


def test_replace_keeps_mappings_and_flags_removed_columns(client, resource):
    _upload(client, [("plots.csv", b"plotID,cover,height\np1,10,2\np2,20,3\n")])
    source = Source.objects.get(name="plots")
    mapping = ExtensionMapping.objects.create(
        resource=resource,
        source=source,
        extension=Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event"),
    )
    FieldMapping.objects.create(
        mapping=mapping, term="http://rs.tdwg.org/dwc/terms/eventID", column="plotID"
    )
    FieldMapping.objects.create(mapping=mapping, term="http://example.org/height", column="height")
    job = _upload(
        client,
        [("plots.csv", b"plotID,cover,slope\np1,10,5\n")],
        path="/api/v1/resources/mosquitoes/sources/plots/",
        method="put",
    )
    assert job.status == "succeeded", job.error_message
    body = client.get("/api/v1/resources/mosquitoes/sources/plots/").json()
    assert body["analysis"]["row_count"] == 1
    assert body["column_changes"]["added"] == ["slope"]
    assert body["column_changes"]["removed"] == ["height"]
    assert body["column_changes"]["flagged"][0]["term"] == "http://example.org/height"
    assert mapping.fields.count() == 2  # flagged, not silently dropped


def test_spec_change_reanalyses_the_source(client, resource):
    _upload(client, [("plain.csv", b"a;b\n1;2\n3;4\n")])
    response = client.put(
        "/api/v1/resources/mosquitoes/sources/plain/",
        {
            "spec": {
                "text": {
                    "delimiter": ",",
                    "encoding": "utf-8",
                    "quotechar": '"',
                    "header": False,
                    "skip_lines": 0,
                }
            }
        },
        format="json",
    )
    assert response.status_code == 202
    execute(response.json()["id"])
    body = client.get("/api/v1/resources/mosquitoes/sources/plain/").json()
    assert body["analysis"]["columns"] == ["column_1"]
    assert body["analysis"]["row_count"] == 3
    log = body["log"].splitlines()
    assert "added plain.csv: 2 rows, 2 columns" in log[0]
    assert "analysed again: 3 rows, 1 columns" in log[1] and "header False" in log[1]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_and_gz_uploads_become_one_source_per_member(client, resource):
    data = _zip({"event.csv": b"eventID\ne1\n", "occurrence.csv": b"occurrenceID\no1\no2\n"})
    _upload(client, [("data.zip", data)])
    _upload(client, [("extra.csv.gz", gzip.compress(b"x,y\n1,2\n"))])
    names = set(Source.objects.values_list("name", flat=True))
    assert names == {"event", "occurrence", "extra"}


def _tar(members: dict[str, bytes], mode: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_tgz_and_tar_uploads_become_one_source_per_member_not_one_tar_file(client, resource):
    data = _tar({"data/event.csv": b"eventID\ne1\n", "data/occ.csv": b"occurrenceID\no1\n"}, "w:gz")
    _upload(client, [("data.tgz", data)])
    _upload(client, [("extra.tar", _tar({"extra.csv": b"x,y\n1,2\n"}, "w"))])
    names = set(Source.objects.values_list("name", flat=True))
    assert names == {"event", "occ", "extra"}


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_empty_upload_is_refused_at_once(client, resource):
    response = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"file": [SimpleUploadedFile("empty.csv", b"")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "source:empty"
    assert "empty.csv" in response.json()["message"]
    assert not Source.objects.exists() and _staging_is_empty()


@pytest.mark.parametrize(
    "files, code, words",
    [
        ([("blank.csv", b"\n\n")], "source:empty", ["blank.csv"]),
        ([("picture.csv", PNG)], "source:format", ["picture.csv"]),
        ([("ok.csv", b"a\n1\n"), ("picture.csv", PNG)], "source:format", ["picture.csv"]),
        (
            [("evil.zip", _zip({"../../etc/cron.d/x.csv": b"a\n1\n"}))],
            "source:zip-unsafe",
            ["evil.zip"],
        ),
        (
            [("bomb.zip", _zip({"zeros.csv": b"0" * (60 * 1024 * 1024)}))],
            "source:zip-bomb",
            ["bomb.zip"],
        ),
    ],
)
def test_bad_upload_fails_clearly_and_leaves_no_source(client, resource, files, code, words):
    job = _upload(client, files)
    assert job.status == "failed"
    assert job.error_code == code, job.error_message
    for word in words:
        assert word in job.error_message
    assert not Source.objects.exists()
    assert _staging_is_empty()
    assert not (settings.DATA_DIR / "resources").exists()


def test_invalid_utf8_forced_encoding_fails_with_the_line_and_keeps_the_source(client, resource):
    _upload(client, [("names.csv", b"name\nalpha\nbeta\n")])
    (settings.DATA_DIR / Source.objects.get().path).write_bytes(b"name\nalpha\nb\xe9ta\n")
    response = client.put(
        "/api/v1/resources/mosquitoes/sources/names/",
        {"spec": {"text": {"encoding": "utf-8"}}},
        format="json",
    )
    job = Job.objects.get(pk=response.json()["id"])
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "source:encoding"
    assert "line 3" in job.error_message
    assert Source.objects.get().analysis["row_count"] == 2  # the earlier analysis is kept
    # The job keeps the message translatable: the reader's words and where, apart.
    kept = job.result["error_text"]
    assert kept["template"] == "%(where)s: %(message)s"
    assert job.localized_error() == job.error_message


def test_ragged_rows_are_reported_with_line_numbers(client, resource):
    job = _upload(client, [("ragged.csv", b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n")])
    assert job.status == "succeeded"
    problems = Source.objects.get().analysis["problems"]
    assert {(p["code"], p["line"]) for p in problems} >= {
        ("source:ragged", 3),
        ("source:ragged", 4),
    }


def test_sql_source_is_checked_and_its_password_never_shown(client, resource, tmp_path, settings):
    settings.SOURCE_SQL_FILE_DIRS = [str(tmp_path)]
    db = tmp_path / "field.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE visits (id TEXT, n INTEGER)")
        conn.executemany("INSERT INTO visits VALUES (?, ?)", [("v1", 3), ("v2", 5)])
    url = "sqlite:///%s" % db
    refused = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"name": "visits", "sql_url": url, "sql_query": "DELETE FROM visits"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "sql:not-select"
    broken = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"name": "visits", "sql_url": url, "sql_query": "SELEC id FROM visits"},
        format="json",
    )
    assert broken.status_code == 400 and broken.json()["code"] in ("sql:syntax", "sql:not-select")
    assert not Source.objects.exists()
    created = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"name": "visits", "sql_url": url, "sql_query": "SELECT id, n FROM visits"},
        format="json",
    )
    assert created.status_code == 201
    preview = client.get("/api/v1/resources/mosquitoes/sources/visits/preview").json()
    assert preview["rows"] == [
        {"line": 1, "values": ["v1", "3"]},
        {"line": 2, "values": ["v2", "5"]},
    ]


def test_sql_password_is_encrypted_and_redacted(client, resource):
    url = "postgresql://reader:s3cret-pass@127.0.0.1:9/nowhere"
    response = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"name": "remote", "sql_url": url, "sql_query": "SELECT 1"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "sql:connect"
    assert "s3cret-pass" not in response.content.decode()


def test_unreachable_and_html_urls_fail_clearly(client, resource, http_server):
    response = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"url": "http://127.0.0.1:9/data.csv"},
        format="json",
    )
    job = Job.objects.get(pk=response.json()["id"])
    for _attempt in range(3):  # an outage is retried with backoff, then fails
        execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "fetch:unreachable"
    assert "retrying" in job.log and "127.0.0.1:9" in job.error_message
    html = http_server.serve(
        "/login", b"<html><body>Please log in</body></html>", content_type="text/html"
    )
    response = client.post("/api/v1/resources/mosquitoes/sources/", {"url": html}, format="json")
    job = Job.objects.get(pk=response.json()["id"])
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "fetch:html"
    assert "web page" in job.error_message
    assert not Source.objects.exists()


def test_url_source_is_downloaded_and_analysed(client, resource, http_server):
    url = http_server.serve("/export/events.csv", EVENTS_CSV.read_bytes(), content_type="text/csv")
    response = client.post("/api/v1/resources/mosquitoes/sources/", {"url": url}, format="json")
    execute(response.json()["id"])
    source = Source.objects.get()
    assert source.kind == "url" and source.url == url and source.row_count == 147


def test_delete_source_and_resource_remove_their_files(client, resource):
    _upload(client, [("plain.csv", b"a\n1\n")])
    path = settings.DATA_DIR / Source.objects.get().path
    assert path.exists()
    assert client.delete("/api/v1/resources/mosquitoes/sources/plain/").status_code == 204
    assert not path.exists()
    assert client.delete("/api/v1/resources/mosquitoes/").status_code == 204
    assert not Resource.objects.exists()


@pytest.mark.parametrize("shortname", ["new", "import", "Import"])
def test_reserved_shortnames_are_refused(client, shortname):
    response = client.post("/api/v1/resources/", {"shortname": shortname}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "resource:shortname"


def test_spreadsheet_sheet_names_are_kept_with_the_analysis(client, resource):
    workbook = (
        TEST_DATA
        / "datasets"
        / "event"
        / "formica-veg-releve"
        / "source"
        / "raw-excel"
        / "Vegetation survey_version38.xlsx"
    )
    _upload(client, [(workbook.name, workbook.read_bytes())])
    analysis = Source.objects.get().analysis
    assert len(analysis["sheets"]) >= 2 and analysis["row_count"] > 0


def test_sql_sources_cannot_open_files_outside_the_allowed_folders(
    client, resource, settings, tmp_path
):
    settings.SOURCE_SQL_FILE_DIRS = [str(tmp_path / "allowed")]
    for url in (
        "sqlite:///%s" % settings.DATABASES["default"]["NAME"],
        "sqlite:////etc/passwd",
        "duckdb:///%s/x.duckdb" % tmp_path,
    ):
        response = client.post(
            "/api/v1/resources/mosquitoes/sources/",
            {"name": "peek", "sql_url": url, "sql_query": "SELECT 1"},
            format="json",
        )
        assert response.status_code == 400 and response.json()["code"] == "sql:location"
    assert not Source.objects.exists()


def test_upload_over_the_size_limit_is_stopped_while_it_arrives(client, resource, settings):
    settings.SOURCE_MAX_BYTES = 1000
    response = client.post(
        "/api/v1/resources/mosquitoes/sources/",
        {"file": [SimpleUploadedFile("big.csv", b"a\n" + b"1\n" * 5000)]},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "source:too-large" and "big.csv" in body["message"]
    assert not Source.objects.exists() and _staging_is_empty()

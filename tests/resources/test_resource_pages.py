"""Resource and source pages: who may see them, create/edit/delete, managers, sources."""

from __future__ import annotations

import re
import sqlite3

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from catalogue.models import Extension
from core.crypto import encrypt
from core.jobs.executor import execute
from core.models import Job
from publisher.models import Role
from resources.jobs.sources import source_analyse_start
from resources.models import ExtensionMapping, FieldMapping, Resource, Source
from resources.services.resources import resource_dir
from tests.factories import ResourceFactory, UserFactory
from tests.resources.sources.workbooks import write_xlsx

pytestmark = pytest.mark.django_db

EVENTS = b"eventID,eventDate,locality\nE1,2024-05-01,Uppsala\nE2,2024-05-02,Lund\nE3,,Lund\n"
SECRET_URL = "postgresql://reader:s3cret-pass@127.0.0.1:9/nowhere"


@pytest.fixture
def creator():
    return UserFactory(role=Role.MANAGER, email="creator@example.org")


@pytest.fixture
def resource(creator):
    return ResourceFactory(shortname="ponds", title="Pond survey", creator=creator)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client(creator):
    return _client(creator)


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _upload(client, files: list[tuple[str, bytes]], **data):
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    response = client.post(_url("source-upload", "ponds"), {"file": uploads, **data})
    return response, Job.objects.filter(kind="source-ingest").first()


def _run(job: Job) -> Job:
    """Run the job in this process, as the worker would."""
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error_message
    return job


def _ingest(client, files: list[tuple[str, bytes]], **data) -> Job:
    return _run(_upload(client, files, **data)[1])


# --- permissions ------------------------------------------------------------------------------

GET_PAGES = [
    ("resource-overview", ()),
    ("resource-edit", ()),
    ("source-detail", ("events",)),
    ("source-derive", ("events",)),
    ("resource-republish", ()),
]
POST_PAGES = [
    ("resource-edit", ()),
    ("resource-delete", ()),
    ("resource-managers", ()),
    ("resource-republish", ()),
    ("source-upload", ()),
    ("source-url-add", ()),
    ("source-sql-add", ()),
    ("source-analyse", ("events",)),
    ("source-date-format", ("events",)),
    ("source-delete", ("events",)),
    ("source-derive", ("events",)),
]


@pytest.fixture
def events(client, resource):
    _ingest(client, [("events.csv", EVENTS)])
    return Source.objects.get(name="events")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PUBLISHER, Role.USER])
@pytest.mark.parametrize("name, args", GET_PAGES)
def test_who_does_not_manage_the_resource_gets_404(events, role, name, args):
    stranger = _client(UserFactory(role=role))
    assert stranger.get(_url(name, "ponds", *args)).status_code == 404


@pytest.mark.parametrize("name, args", POST_PAGES)
def test_a_manager_who_is_no_co_manager_cannot_post_anything(events, name, args):
    stranger = _client(UserFactory(role=Role.MANAGER))
    response = stranger.post(
        _url(name, "ponds", *args),
        {"confirm": "ponds", "title": "x", "shortname": "x", "type": "occurrence"},
    )
    assert response.status_code == 404
    assert Resource.objects.get().title == "Pond survey"
    assert Source.objects.filter(name="events").exists()


@pytest.mark.parametrize("name, args", GET_PAGES)
def test_anonymous_users_are_sent_to_log_in(events, name, args):
    response = Client().get(_url(name, "ponds", *args))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("name, args", GET_PAGES)
def test_co_managers_and_admins_see_the_pages(events, resource, name, args):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)
    assert _client(co_manager).get(_url(name, "ponds", *args)).status_code == 200
    admin = UserFactory(role=Role.ADMIN)
    assert _client(admin).get(_url(name, "ponds", *args)).status_code == 200


def test_a_co_manager_whose_role_was_lowered_gets_404(resource):
    demoted = UserFactory(role=Role.USER)
    resource.managers.add(demoted)
    assert _client(demoted).get(_url("resource-overview", "ponds")).status_code == 404


def test_only_managers_may_create_resources(creator):
    plain = _client(UserFactory(role=Role.USER))
    assert plain.get(_url("resource-new")).status_code == 403
    assert (
        plain.post(
            _url("resource-new"), {"shortname": "mine", "type": "sampling-event"}
        ).status_code
        == 403
    )
    assert not Resource.objects.exists()


# --- create, edit, delete -------------------------------------------------------------------


def test_dashboard_links_resources_and_offers_to_create_one(client, resource):
    page = client.get(_url("dashboard")).content.decode()
    assert 'href="/manage/resources/ponds/"' in page
    assert 'href="/manage/resources/new/"' in page


def test_create_resource_defaults_to_sampling_event(client, creator):
    form = client.get(_url("resource-new")).content.decode()
    assert '<option value="sampling-event" selected>' in form
    response = client.post(
        _url("resource-new"), {"shortname": "lakes", "title": "Lakes", "type": "sampling-event"}
    )
    assert response.status_code == 302 and response["Location"] == "/manage/resources/lakes/"
    resource = Resource.objects.get(shortname="lakes")
    assert resource.creator == creator and resource.type == "sampling-event"
    page = client.get(response["Location"]).content.decode()
    for section in (
        "sources",
        "mappings",
        "metadata",
        "publication",
        "visibility",
        "registration",
        "managers",
    ):
        assert 'id="%s"' % section in page


@pytest.mark.parametrize(
    "shortname, message",
    [
        ("ab", "Use at least 3 characters"),
        ("with space", "Use at least 3 characters"),
        ("PONDS", "is taken"),
    ],
)
def test_create_with_a_bad_or_taken_shortname_shows_the_error(client, resource, shortname, message):
    response = client.post(_url("resource-new"), {"shortname": shortname, "type": "occurrence"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Resource.objects.count() == 1


def test_edit_changes_title_type_and_shortname(client, resource):
    response = client.post(
        _url("resource-edit", "ponds"),
        {"shortname": "pools", "title": "Pool survey", "type": "checklist"},
    )
    assert response.status_code == 302 and response["Location"] == "/manage/resources/pools/"
    resource.refresh_from_db()
    assert (resource.shortname, resource.title, resource.type) == (
        "pools",
        "Pool survey",
        "checklist",
    )


def test_edit_with_a_taken_shortname_shows_the_error(client, resource, creator):
    ResourceFactory(shortname="lakes", creator=creator)
    response = client.post(
        _url("resource-edit", "ponds"), {"shortname": "lakes", "title": "x", "type": "checklist"}
    )
    assert "is taken" in response.content.decode()
    resource.refresh_from_db()
    assert resource.shortname == "ponds" and resource.title == "Pond survey"


def test_shortname_is_immutable_once_published(client, resource):
    Resource.objects.filter(pk=resource.pk).update(published_at="2026-01-01T00:00:00Z")
    form = client.get(_url("resource-edit", "ponds")).content.decode()
    assert 'name="shortname"' in form and "disabled" in form
    response = client.post(
        _url("resource-edit", "ponds"),
        {"shortname": "renamed", "title": "New title", "type": "sampling-event"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.shortname == "ponds" and resource.title == "New title"


def test_delete_needs_the_shortname_and_removes_the_files(client, events, resource):
    folder = resource_dir(resource)
    file = settings.DATA_DIR / events.path
    assert file.exists()
    refused = client.post(_url("resource-delete", "ponds"), {"confirm": "nope"})
    assert refused.status_code == 400 and "does not match" in refused.content.decode()
    assert Resource.objects.exists()
    response = client.post(_url("resource-delete", "ponds"), {"confirm": "ponds"})
    assert response.status_code == 302 and response["Location"] == "/manage/"
    assert not Resource.objects.exists() and not Source.objects.exists()
    assert not file.exists() and not folder.exists()


def test_delete_needs_post(client, resource):
    assert client.get(_url("resource-delete", "ponds")).status_code == 405
    assert Resource.objects.exists()


def test_forms_sharing_a_page_have_distinct_field_ids(client, events):
    for url in (_url("resource-overview", "ponds"), _url("source-detail", "ponds", "events")):
        ids = re.findall(r'\sid="([^"]+)"', client.get(url).content.decode())
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# --- co-managers ----------------------------------------------------------------------------


def test_add_and_remove_a_co_manager(client, resource):
    colleague = UserFactory(role=Role.PUBLISHER, email="colleague@example.org")
    response = client.post(_url("resource-managers", "ponds"), {"email": "Colleague@example.org"})
    assert response.status_code == 302
    assert list(resource.managers.all()) == [colleague]
    assert _client(colleague).get(_url("resource-overview", "ponds")).status_code == 200
    page = client.get(_url("resource-overview", "ponds")).content.decode()
    assert "colleague@example.org" in page
    client.post(_url("resource-managers", "ponds"), {"remove": colleague.pk})
    assert not resource.managers.exists()
    assert _client(colleague).get(_url("resource-overview", "ponds")).status_code == 404


@pytest.mark.parametrize(
    "email, message",
    [
        ("plain@example.org", "has no manager rights"),
        ("nobody@example.org", "No active user has the e-mail"),
        ("creator@example.org", "already manages"),
    ],
)
def test_only_users_with_manager_rights_become_co_managers(client, resource, email, message):
    UserFactory(role=Role.USER, email="plain@example.org")
    response = client.post(_url("resource-managers", "ponds"), {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not resource.managers.exists()


# --- file sources ---------------------------------------------------------------------------


def test_upload_queues_an_ingest_job_and_shows_its_progress(client, resource):
    response, job = _upload(client, [("events.csv", EVENTS), ("sites.csv", b"a;b\n1;2\n")])
    assert job.target == resource and job.status == "pending"
    assert job.params["resource"] == resource.pk
    assert [f["filename"] for f in job.params["staged"]["files"]] == ["events.csv", "sites.csv"]
    assert response.status_code == 302
    assert response["Location"] == "/manage/resources/ponds/?job=%s#sources" % job.pk
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-%s"' % job.pk in page and 'hx-trigger="every 1s"' in page


def _finishing_on_first_read(job: Job, table: str):
    """A database wrapper that runs ``job`` to its end right after the first query reading
    ``table``: the job finishes while the page is being built."""
    state = {"done": False}

    def wrapper(execute_query, sql, params, many, context):
        result = execute_query(sql, params, many, context)
        if not state["done"] and sql.startswith("SELECT") and '"%s"' % table in sql:
            state["done"] = True
            _run(job)
        return result

    return wrapper


def _following(html: str, job: Job) -> bool:
    return 'id="job-%s"' % job.pk in html and 'hx-trigger="every 1s"' in html


def test_an_upload_ending_while_the_overview_is_built_leaves_it_following_or_listing(
    client, resource
):
    """Seen in a browser journey: the upload ended between the page's reading the sources
    and its reading the job, so the page said "Succeeded" (and stopped following the job)
    without listing the new sources. The page either follows the job or lists its sources."""
    job = _upload(client, [("events.csv", EVENTS)])[1]
    with connection.execute_wrapper(_finishing_on_first_read(job, "resources_source")):
        response = client.get("%s?job=%s" % (_url("resource-overview", "ponds"), job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded"
    html = response.content.decode()
    assert _following(html, job) or [s.name for s in response.context["sources"]] == ["events"]


def test_an_analysis_ending_while_the_source_page_is_built_shows_its_result(client, resource):
    _ingest(client, [("events.csv", EVENTS)])
    source = resource.sources.get()
    Source.objects.filter(pk=source.pk).update(analysis={**source.analysis, "row_count": 0})
    job = source_analyse_start(source=source, user=None, enqueue=False)
    with connection.execute_wrapper(_finishing_on_first_read(job, "resources_source")):
        response = client.get("%s?job=%s" % (_url("source-detail", "ponds", "events"), job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded"
    html = response.content.decode()
    assert _following(html, job) or response.context["source"].row_count == 3


def test_script_uploads_get_the_progress_partial_and_the_page_to_open(client, resource):
    uploads = [SimpleUploadedFile("events.csv", EVENTS)]
    response = client.post(
        _url("source-upload", "ponds"),
        {"file": uploads},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    job = Job.objects.get()
    assert response.status_code == 202
    assert 'id="job-%s"' % job.pk in response.content.decode()
    assert response["X-Location"] == "/manage/resources/ponds/?job=%s#sources" % job.pk


def test_upload_without_a_file_says_so(client, resource):
    response = client.post(
        _url("source-upload", "ponds"), {}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 400 and "required" in response.content.decode()
    response = client.post(_url("source-upload", "ponds"), {}, follow=True)
    assert "required" in response.content.decode()
    assert not Job.objects.exists()


def test_after_the_ingest_the_pages_show_rows_columns_and_preview(client, resource):
    _ingest(client, [("events.csv", EVENTS), ("sites.csv", b"site;name\ns1;Caf\xe9\n")])
    overview = client.get(_url("resource-overview", "ponds")).content.decode()
    assert 'data-name="events"' in overview and 'data-name="sites"' in overview
    assert "Succeeded" in overview
    source = client.get(_url("source-detail", "ponds", "events"))
    page = source.content.decode()
    assert source.context["source"].row_count == 3
    assert [c["name"] for c in source.context["columns"]] == ["eventID", "eventDate", "locality"]
    assert [c["non_empty"] for c in source.context["columns"]] == [3, 2, 3]
    assert "Uppsala" in page  # a sample value and a preview cell
    assert source.context["preview"]["rows"][0] == {
        "line": 2,
        "values": ["E1", "2024-05-01", "Uppsala"],
    }
    sites = client.get(_url("source-detail", "ponds", "sites")).content.decode()
    assert "Café" in sites


def test_problems_are_listed_with_their_line_numbers(client, resource):
    _ingest(client, [("ragged.csv", b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n")])
    response = client.get(_url("source-detail", "ponds", "ragged"))
    lines = {p["line"] for p in response.context["problems"]}
    assert {3, 4} <= lines
    assert 'data-testid="problem"' in response.content.decode()


def test_changing_the_reading_options_analyses_again(client, resource):
    _ingest(client, [("plain.csv", b"a;b\n1;2\n3;4\n")])
    page = client.get(_url("source-detail", "ponds", "plain")).content.decode()
    assert '<option value=";" selected>' in page and '<option value="\t">Tab</option>' in page
    response = client.post(
        _url("source-analyse", "ponds", "plain"),
        {"encoding": "utf-8", "delimiter": "\t", "quotechar": "", "header": "0", "skip_lines": "1"},
    )
    job = Job.objects.get(kind="source-analyse")
    assert response["Location"] == "/manage/resources/ponds/sources/plain/?job=%s" % job.pk
    assert job.params["spec"]["text"] == {
        "encoding": "utf-8",
        "delimiter": "\t",
        "quotechar": None,
        "header": False,
        "skip_lines": 1,
    }
    _run(job)
    source = Source.objects.get(name="plain")
    assert source.columns == ["column_1"] and source.row_count == 2
    assert source.spec["text"]["delimiter"] == "\t"


def test_bad_reading_options_are_refused_with_the_error(client, resource):
    _ingest(client, [("plain.csv", b"a;b\n1;2\n")])
    response = client.post(
        _url("source-analyse", "ponds", "plain"),
        {
            "encoding": "klingon-8",
            "delimiter": ";",
            "quotechar": '"',
            "header": "1",
            "skip_lines": "0",
        },
    )
    assert response.status_code == 400
    assert "Unknown encoding klingon-8" in response.content.decode()
    assert not Job.objects.filter(kind="source-analyse").exists()


def test_spreadsheet_options_choose_the_sheet(client, resource, tmp_path):
    book = write_xlsx(
        tmp_path / "book.xlsx",
        {"notes": [["note"], ["hello"]], "plots": [["plotID", "cover"], ["p1", 10]]},
    )
    _ingest(client, [("book.xlsx", book.read_bytes())])
    page = client.get(_url("source-detail", "ponds", "book")).content.decode()
    assert 'name="sheet"' in page and 'name="delimiter"' not in page
    client.post(
        _url("source-analyse", "ponds", "book"),
        {"sheet": "plots", "header": "1", "skip_lines": "0"},
    )
    _run(Job.objects.get(kind="source-analyse"))
    source = Source.objects.get(name="book")
    assert source.spec["sheet"] == "plots" and source.columns == ["plotID", "cover"]


@pytest.mark.parametrize("rows, shown", [(None, 10), ("100", 100), ("1000", 150), ("7", 10)])
def test_preview_shows_the_chosen_number_of_rows(client, resource, rows, shown):
    data = b"n\n" + b"".join(b"%d\n" % i for i in range(150))
    _ingest(client, [("numbers.csv", data)])
    query = {"rows": rows} if rows else {}
    response = client.get(_url("source-detail", "ponds", "numbers"), query)
    assert len(response.context["preview"]["rows"]) == shown
    assert response.content.decode().count('<tr><td class="num subtle">') == shown


def test_replace_lists_added_and_removed_columns_and_flags_mappings(client, resource):
    _ingest(client, [("plots.csv", b"plotID,cover,height\np1,10,2\n")])
    source = Source.objects.get(name="plots")
    mapping = ExtensionMapping.objects.create(
        resource=resource,
        source=source,
        extension=Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event"),
    )
    FieldMapping.objects.create(mapping=mapping, term="http://example.org/height", column="height")
    response, job = _upload(
        client, [("plots-v2.csv", b"plotID,cover,slope\np1,10,5\n")], replace="plots"
    )
    assert response["Location"] == "/manage/resources/ponds/sources/plots/?job=%s" % job.pk
    _run(job)
    page = client.get(_url("source-detail", "ponds", "plots")).content.decode()
    assert 'data-testid="column-changes"' in page
    assert '<code class="chip chip-added">slope</code>' in page
    assert '<code class="chip chip-removed">height</code>' in page
    assert "http://example.org/height" in page
    assert Source.objects.count() == 1 and mapping.fields.count() == 1


def test_replace_takes_exactly_one_file(client, resource):
    _ingest(client, [("plots.csv", b"a\n1\n")])
    response, _job = _upload(client, [("a.csv", b"a\n1\n"), ("b.csv", b"a\n2\n")], replace="plots")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "exactly one file" in page
    assert Job.objects.filter(kind="source-ingest").count() == 1


def test_delete_source_removes_its_file(client, events):
    file = settings.DATA_DIR / events.path
    response = client.post(_url("source-delete", "ponds", "events"))
    assert response["Location"] == "/manage/resources/ponds/#sources"
    assert not Source.objects.exists() and not file.exists()


def test_url_source_queues_a_download(client, resource):
    response = client.post(
        _url("source-url-add", "ponds"),
        {"url": "https://example.org/events.csv", "keep_cached": "on"},
    )
    job = Job.objects.get(kind="source-fetch")
    assert job.params == {
        "resource": resource.pk,
        "url": "https://example.org/events.csv",
        "keep_cached": True,
    }
    assert response["Location"] == "/manage/resources/ponds/?job=%s#sources" % job.pk
    refused = client.post(_url("source-url-add", "ponds"), {"url": "ftp://example.org/x"})
    assert refused.status_code == 400 and Job.objects.count() == 1


# --- SQL sources ----------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path, settings):
    settings.SOURCE_SQL_FILE_DIRS = [str(tmp_path)]
    db = tmp_path / "field.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE visits (id TEXT, n INTEGER)")
        conn.executemany("INSERT INTO visits VALUES (?, ?)", [("v1", 3), ("v2", 5)])
    return "sqlite:///%s" % db


def test_sql_form_refuses_a_statement_that_is_not_a_select(client, resource, sqlite_url):
    response = client.post(
        _url("source-sql-add", "ponds"),
        {"name": "visits", "url": sqlite_url, "query": "DELETE FROM visits"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "SELECT" in page and "DELETE FROM visits" in page  # the query stays to fix it
    assert not Source.objects.exists() and not Job.objects.exists()


def test_sql_source_is_added_and_analysed(client, resource, sqlite_url):
    response = client.post(
        _url("source-sql-add", "ponds"),
        {"name": "visits", "url": sqlite_url, "query": "SELECT id, n FROM visits"},
    )
    source = Source.objects.get()
    job = Job.objects.get(kind="source-analyse")
    assert response["Location"] == "/manage/resources/ponds/sources/visits/?job=%s" % job.pk
    _run(job)
    page = client.get(_url("source-detail", "ponds", "visits"))
    assert page.context["source"].row_count == 2
    assert page.context["preview"]["rows"][0]["values"] == ["v1", "3"]
    assert source.kind == "sql"


def test_sql_password_never_appears_in_a_page(client, resource):
    response = client.post(
        _url("source-sql-add", "ponds"), {"name": "remote", "url": SECRET_URL, "query": "SELECT 1"}
    )
    assert response.status_code == 400
    assert "s3cret-pass" not in response.content.decode()
    Source.objects.create(
        resource=resource,
        name="remote",
        kind="sql",
        sql_query="SELECT 1",
        sql_url_encrypted=encrypt(SECRET_URL),
        sql_url_redacted="postgresql://reader:***@127.0.0.1:9/nowhere",
        analysis={"columns": ["x"], "row_count": None},
    )
    for url in (
        _url("resource-overview", "ponds"),
        _url("source-detail", "ponds", "remote"),
        _url("source-detail", "ponds", "remote") + "?rows=100",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "s3cret-pass" not in page.content.decode()
    assert "reader:***@127.0.0.1" in page.content.decode()

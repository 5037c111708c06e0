"""`manage.py source_add`: files, URLs and SQL queries, run inline or queued."""

from __future__ import annotations

import sqlite3

import pytest
from django.conf import settings

from catalogue.models import Extension
from core.editable import max_length
from core.models import Job, JobStatus
from resources.jobs.sources import SOURCE_INGEST
from resources.models import Source
from resources.services.mappings import mapping_create

from .conftest import cli

DWC = "http://rs.tdwg.org/dwc/terms/"
inline = pytest.mark.django_db(transaction=True)  # the job runs in a thread of its own


@inline
def test_two_files_become_two_sources_in_one_inline_job(ponds, manager, csvs):
    result = cli(
        "source_add",
        "ponds",
        csvs["event.csv"],
        csvs["occurrence.csv"],
        "--inline",
        "--user",
        manager.email,
        "--json",
    )
    assert result.status == 0, result.err
    body = result.body
    assert body["ok"] is True and body["job"]["status"] == "succeeded"
    assert body["job"]["kind"] == SOURCE_INGEST
    sources = {s["name"]: s for s in body["sources"]}
    assert sorted(sources) == ["event", "occurrence"]
    assert sources["event"]["rows"] == 8 and "eventID" in sources["event"]["columns"]
    assert sources["occurrence"]["rows"] == 24 and sources["occurrence"]["problems"] == []
    assert ponds.sources.count() == 2


@inline
def test_human_output_summarises_each_source(ponds, manager, csvs):
    result = cli(
        "source_add",
        "ponds",
        csvs["event.csv"],
        "--name",
        "visits",
        "--inline",
        "--user",
        manager.email,
    )
    assert result.status == 0, result.err
    assert "Source visits: 8 rows, 10 columns, 0 problems." in result.out
    assert "\r[" in result.err  # the progress bar
    assert ponds.sources.get().filename == "visits.csv"


@inline
def test_a_binary_file_fails_the_job_and_the_json_error_names_the_file(ponds, manager, tmp_path):
    junk = tmp_path / "counts.csv"
    junk.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    result = cli("source_add", "ponds", str(junk), "--inline", "--user", manager.email, "--json")
    assert result.status == 1
    body = result.body
    assert body["ok"] is False and body["code"] == "source:format"
    assert body["message"].startswith("counts.csv: ")
    assert body["job"]["status"] == JobStatus.FAILED
    assert not ponds.sources.exists()


@inline
def test_replacing_a_source_keeps_its_mapping(ponds_with_sources, manager, tmp_path):
    source = ponds_with_sources.sources.get(name="event")
    mapping_create(
        resource=ponds_with_sources,
        source=source,
        extension=Extension.objects.get(row_type=DWC + "Event"),
    )
    fewer = tmp_path / "event-2.csv"
    lines = source_text(source).splitlines()
    fewer.write_text("\n".join(lines[:4]) + "\n")
    result = cli(
        "source_add",
        "ponds",
        str(fewer),
        "--replace",
        "event",
        "--inline",
        "--user",
        manager.email,
        "--json",
    )
    assert result.status == 0, result.err
    assert result.body["sources"][0]["name"] == "event"
    assert result.body["sources"][0]["rows"] == 3
    assert source.mappings.count() == 1


def source_text(source) -> str:
    return (settings.DATA_DIR / source.path).read_text()


def test_without_inline_the_job_is_queued_and_no_wait_returns_it(ponds, manager, csvs):
    result = cli(
        "source_add", "ponds", csvs["event.csv"], "--no-wait", "--user", manager.email, "--json"
    )
    assert result.status == 0, result.err
    body = result.body
    assert body["job"]["status"] == "pending" and body["sources"] == []
    job = Job.objects.get(pk=body["job"]["id"])
    assert job.kind == SOURCE_INGEST and job.params["resource"] == ponds.pk
    assert "Queued job %s" % job.pk in result.err


@inline
def test_an_sql_source_is_checked_then_analysed_and_its_url_stays_secret(
    ponds, manager, settings, tmp_path
):
    settings.SOURCE_SQL_FILE_DIRS = [str(tmp_path)]
    database = tmp_path / "visits.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE visits (eventID TEXT, eventDate TEXT)")
        db.executemany(
            "INSERT INTO visits VALUES (?, ?)", [("v1", "2024-05-01"), ("v2", "2024-05-02")]
        )
    url = "sqlite:///%s" % database
    result = cli(
        "source_add",
        "ponds",
        "--sql-url",
        url,
        "--sql-query",
        "SELECT eventID, eventDate FROM visits",
        "--name",
        "visits",
        "--inline",
        "--user",
        manager.email,
        "--json",
    )
    assert result.status == 0, result.err
    source = result.body["sources"][0]
    assert source["kind"] == "sql" and source["rows"] == 2
    assert source["columns"] == ["eventID", "eventDate"]
    assert "encrypted" not in result.out


@pytest.mark.parametrize(
    "args",
    [
        [],  # nothing to add
        ["FILE", "--url", "http://example.org/a.csv"],  # two kinds at once
        ["--sql-query", "SELECT 1"],  # no --name / --sql-url
    ],
)
def test_arguments_that_do_not_go_together_are_a_usage_error(ponds, manager, csvs, args):
    args = [csvs["event.csv"] if a == "FILE" else a for a in args]
    result = cli("source_add", "ponds", *args, "--user", manager.email, "--json")
    assert result.status == 2 and result.body["code"] == "cli:usage"
    assert not Job.objects.exists()


def test_a_missing_file_is_named(ponds, manager, tmp_path):
    missing = str(tmp_path / "nope.csv")
    result = cli("source_add", "ponds", missing, "--user", manager.email, "--json")
    assert result.status == 1 and result.body["code"] == "cli:file"
    assert result.body["details"] == {"file": missing} and missing in result.body["message"]


def test_an_unknown_resource_or_source_is_not_found(ponds, manager, csvs):
    result = cli("source_add", "lakes", csvs["event.csv"], "--user", manager.email, "--json")
    assert result.status == 1
    assert result.body == {
        "ok": False,
        "code": "not-found",
        "message": "No resource named lakes.",
        "details": {"resource": "lakes"},
    }
    result = cli(
        "source_add",
        "ponds",
        csvs["event.csv"],
        "--replace",
        "visits",
        "--user",
        manager.email,
        "--json",
    )
    assert result.status == 1 and result.body["details"] == {"source": "visits"}


def test_a_manager_of_other_resources_is_refused(ponds, outsider, csvs):
    result = cli("source_add", "ponds", csvs["event.csv"], "--user", outsider.email, "--json")
    assert result.status == 1 and result.body["code"] == "auth:forbidden"
    assert not Job.objects.exists()


@inline
def test_a_url_is_downloaded_and_analysed_inline(ponds, manager, http_server, csvs):
    with open(csvs["event.csv"], "rb") as handle:
        url = http_server.serve("/data/event.csv", handle.read(), content_type="text/csv")
    result = cli("source_add", "ponds", "--url", url, "--inline", "--user", manager.email, "--json")
    assert result.status == 0, result.out + result.err
    source = result.body["sources"][0]
    assert source["kind"] == "url" and source["url"] == url and source["rows"] == 8
    assert result.body["job"]["kind"] == "source-fetch"


def test_a_name_or_url_longer_than_the_model_allows_is_refused(ponds, manager, csvs):
    too_long = {
        "--name": "x" * (max_length(Source, "name") + 1),
        "--url": "https://example.org/" + "x" * max_length(Source, "url"),
    }
    for flag, value in too_long.items():
        result = cli("source_add", "ponds", csvs["event.csv"], flag, value, "--user", manager.email)
        assert result.status != 0 and "argument %s:" % flag in result.err
    assert not Job.objects.exists()

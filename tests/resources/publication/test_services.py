"""Publishing in process: versions, stored files, refusals, failures, cancel, archival mode."""

from __future__ import annotations

import zipfile

import pytest

from core.errors import UserError
from core.jobs import JobCancelled
from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.services.jobs import job_cancel
from resources.models import ArchivalMode, ExtensionMapping, Version
from resources.services.publication import (
    next_version,
    publication_settings_update,
    resource_publish,
)
from resources.services.publication import run as run_module
from resources.services.publication.archive import file_name
from resources.services.resources import resource_dir
from resources.services.sources import sources_ingest, staging_dir
from tests.factories import ResourceFactory

from .conftest import OCCURRENCE, publish_inline

pytestmark = pytest.mark.django_db

ORPHAN = b"POND-X-V1:BUFOBUFO,POND-X-V1,Bufo bufo,2,present,HumanObservation\n"


def replace_source(resource, name: str, data: bytes) -> None:
    folder = staging_dir()
    (folder / (name + ".csv")).write_bytes(data)
    sources_ingest(
        resource=resource,
        replace=name,
        staged={
            "folder": str(folder),
            "files": [{"path": str(folder / (name + ".csv")), "filename": name + ".csv"}],
        },
    )


def occurrences(resource) -> bytes:
    source = resource.sources.get(name="occurrence")
    return (resource_dir(resource).parent.parent / source.path).read_bytes()


def files_of(resource) -> set[str]:
    return {p.name for p in resource_dir(resource).iterdir() if p.is_file()}


def work_folders(data_dir) -> list:
    return list((data_dir / "tmp").glob("publish-*"))


def test_first_publication_is_version_1_0_with_counts_and_ipt_file_names(
    resource, manager, data_dir
):
    job = publish_inline(resource, manager, change_summary="First release")
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = Version.objects.get(resource=resource)
    assert (version.major, version.minor, version.label) == (1, 0, "1.0")
    assert version.counts == {"event.txt": 8, "occurrence.txt": 24}
    assert version.row_types == {
        "event.txt": "http://rs.tdwg.org/dwc/terms/Event",
        "occurrence.txt": "http://rs.tdwg.org/dwc/terms/Occurrence",
    }
    assert version.records == 8 and version.published_by == manager
    assert version.change_summary == "First release" and version.job_id == job.pk
    assert files_of(resource) == {
        "dwca-1.0.zip",
        "eml-1.0.xml",
        "report-1.0.json",
        "flagged-1.0.tsv.gz",
        "ids-1.0.npy",
        "dwc-dp-1.0.zip",  # an Event core: the Darwin Core Data Package beside it (#26)
        "portal-summary-1.0.json",  # read once for the search facts (#19)
    }
    with zipfile.ZipFile(resource_dir(resource) / "dwca-1.0.zip") as zf:
        assert set(zf.namelist()) == {"event.txt", "occurrence.txt", "meta.xml", "eml.xml"}
        assert zf.read("eml.xml") == (resource_dir(resource) / "eml-1.0.xml").read_bytes()
    assert version.archive_size == (resource_dir(resource) / "dwca-1.0.zip").stat().st_size
    resource.refresh_from_db()
    assert resource.published_at == version.published_at
    assert job.result["version"] == "1.0" and not work_folders(data_dir)


def test_published_eml_has_the_version_package_id_and_publication_date(resource, manager):
    publish_inline(resource, manager)
    eml = (resource_dir(resource) / "eml-1.0.xml").read_text()
    assert "/v1.0" in eml and "<pubDate>" in eml


def test_second_publication_is_1_1_and_keeps_the_first(resource, manager):
    publish_inline(resource, manager)
    first = (resource_dir(resource) / "dwca-1.0.zip").read_bytes()
    job = publish_inline(resource, manager, change_summary="Again")
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert list(resource.versions.values_list("label", flat=True)) == ["1.1", "1.0"]
    assert (resource_dir(resource) / "dwca-1.0.zip").read_bytes() == first
    published_at = resource.versions.get(label="1.0").published_at
    resource.refresh_from_db()
    assert resource.published_at == published_at  # the first publication's date stays


def test_next_version_counts_the_minor_number_as_an_integer(db):
    resource = ResourceFactory()
    assert next_version(resource) == (1, 0)
    Version.objects.create(resource=resource, major=1, minor=9, label="1.9")
    assert next_version(resource) == (1, 10)


def test_publication_is_refused_while_another_is_pending(resource, manager):
    job = resource_publish(resource=resource, user=manager, enqueue=False)
    with pytest.raises(UserError) as exc:
        resource_publish(resource=resource, user=manager, enqueue=False)
    assert exc.value.code == "publication:running"
    assert exc.value.details == {"job": str(job.pk)}


def test_publication_is_refused_without_a_core_mapping(resource, manager):
    ExtensionMapping.objects.filter(resource=resource).delete()
    with pytest.raises(UserError) as exc:
        resource_publish(resource=resource, user=manager)
    assert exc.value.code == "publication:core-unmapped"
    assert not Job.objects.exists()


def test_publication_is_refused_while_the_metadata_is_invalid(manager, data_dir):
    from metadata.services.documents import metadata_get, metadata_save

    from .conftest import make_resource

    resource = make_resource(manager, "invalid-md")
    doc = metadata_get(resource)
    doc.abstract = []
    metadata_save(resource, doc)
    with pytest.raises(UserError) as exc:
        resource_publish(resource=resource, user=manager)
    assert exc.value.code == "publication:metadata"
    assert any(issue["field"] == "abstract" for issue in exc.value.details)


def test_failed_checks_leave_the_published_version_untouched(resource, manager, data_dir):
    publish_inline(resource, manager)
    before = (resource_dir(resource) / "dwca-1.0.zip").read_bytes()
    names = files_of(resource)
    replace_source(
        resource, "occurrence", occurrences(resource).replace(b"HumanObservation", b"dead fish", 1)
    )
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.FAILED and job.error_code == "publication:checks"
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]
    assert (resource_dir(resource) / "dwca-1.0.zip").read_bytes() == before
    assert files_of(resource) == names
    checks = {c["check"]: c for c in job.result["report"]["checks"] if c["count"]}
    sample = checks["basis-of-record-unknown"]["samples"][0]
    assert (sample["file"], sample["source"], sample["value"]) == (
        "occurrence.txt",
        "occurrence",
        "dead fish",
    )
    assert job.result["version"] == "1.1"
    assert (resource_dir(resource) / "failed" / job.result["flagged"]).exists()
    assert not work_folders(data_dir)


def test_orphan_rows_fail_unless_left_out(resource, manager):
    replace_source(resource, "occurrence", occurrences(resource) + ORPHAN)
    job = publish_inline(resource, manager)
    assert job.error_code == "publication:checks"
    assert job.result["report"]["counts"]["occurrence.txt"] == 25
    job = publish_inline(resource, manager, drop_orphans=True)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = resource.versions.get()
    assert version.report["dropped_orphans"] == 1
    assert version.counts["occurrence.txt"] == 24


def test_cancel_during_the_build_removes_the_work_folder(resource, manager, data_dir, monkeypatch):
    publish_inline(resource, manager)
    before = files_of(resource)
    real = run_module.build_archive
    seen = {}

    def cancelling_build(**kwargs):
        progress = kwargs["progress"]

        def cancel_then_report(phase, done, total):
            job = Job.objects.get(kind="resource-publish", status=JobStatus.RUNNING)
            seen["folder_existed"] = run_module.work_folder(job).exists()
            job_cancel(job=job)
            progress(phase + "-after-cancel", done, total)  # a phase change flushes

        return real(**{**kwargs, "progress": cancel_then_report})

    monkeypatch.setattr(run_module, "build_archive", cancelling_build)
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.CANCELLED
    assert seen["folder_existed"] and not work_folders(data_dir)
    assert files_of(resource) == before
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]


def test_a_cancel_just_before_storing_creates_no_version(resource, manager, monkeypatch):
    real = run_module.version_store

    def cancelled_meanwhile(**kwargs):
        job_cancel(job=kwargs["job"])
        return real(**kwargs)

    monkeypatch.setattr(run_module, "version_store", cancelled_meanwhile)
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.CANCELLED
    assert not resource.versions.exists()
    assert files_of(resource) == set()


@pytest.mark.parametrize(
    "mode, limit, kept",
    [
        (ArchivalMode.ALL, 5, {"1.0", "1.1", "1.2"}),
        (ArchivalMode.LAST_N, 2, {"1.1", "1.2"}),
        (ArchivalMode.LATEST, 5, {"1.2"}),
    ],
)
def test_archival_mode_removes_older_archives_and_keeps_every_eml(
    resource, manager, mode, limit, kept
):
    publication_settings_update(resource=resource, archival_mode=mode, archival_limit=limit)
    for _ in range(3):
        assert publish_inline(resource, manager).status == JobStatus.SUCCEEDED
    names = files_of(resource)
    assert {n[5:-4] for n in names if n.startswith("dwca-")} == kept
    assert {n for n in names if n.startswith("eml-")} == {
        "eml-1.0.xml",
        "eml-1.1.xml",
        "eml-1.2.xml",
    }
    assert {n[4:-4] for n in names if n.startswith("ids-")} == kept
    assert (
        set(
            resource.versions.filter(archive_removed_at__isnull=True).values_list(
                "label", flat=True
            )
        )
        == kept
    )


def test_data_file_names_follow_the_ipt_and_number_clashes():
    from catalogue.models import Extension

    taken: set[str] = set()
    taxon = Extension(name="Taxon")
    mof = Extension(name="Measurement Or Fact")
    assert [file_name(taxon, taken), file_name(taxon, taken), file_name(mof, taken)] == [
        "taxon.txt",
        "taxon2.txt",
        "measurement_or_fact.txt",
    ]


def test_archive_files_put_the_core_first_with_terms_in_extension_order(resource):
    from resources.services.publication.archive import archive_files

    files = archive_files(resource)
    assert [f.filename for f in files] == ["event.txt", "occurrence.txt"]
    assert files[0].core and not files[1].core and files[1].row_type == OCCURRENCE
    order = list(
        resource.mappings.get(extension__row_type=OCCURRENCE).extension.properties.values_list(
            "qual_name", flat=True
        )
    )
    assert files[1].terms == sorted(files[1].terms, key=order.index)
    basis = "http://rs.tdwg.org/dwc/terms/basisOfRecord"
    assert "humanobservation" in files[1].vocabularies[basis]
    assert files[0].parts[0].source == "event"
    rows = list(files[1].parts[0].rows())
    line, core_id, values = rows[0]
    assert len(rows) == 24 and (line, core_id) == (2, "POND-A-V1")
    assert len(values) == len(files[1].terms)


def test_a_job_that_fails_before_the_build_leaves_no_work_folder(
    resource, manager, data_dir, monkeypatch
):
    def broken(*args, **kwargs):
        raise UserError("no", code="publication:test")

    monkeypatch.setattr(run_module, "protected_files", broken)
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.FAILED and job.error_code == "publication:test"
    assert not work_folders(data_dir) and not resource.versions.exists()


def test_storing_refuses_a_job_that_is_no_longer_running(resource, manager):
    from resources.services.publication.store import Built, version_store

    job = resource_publish(resource=resource, user=manager, enqueue=False)
    job_cancel(job=job)
    folder = resource_dir(resource) / "work"
    folder.mkdir(parents=True)
    (folder / "eml.xml").write_bytes(b"<eml/>")
    with pytest.raises(JobCancelled):
        version_store(
            resource=resource,
            job=job,
            user=manager,
            change_summary="",
            auto=False,
            built=Built(workdir=folder, major=1, minor=0, label="1.0"),
        )
    assert not (resource_dir(resource) / "eml-1.0.xml").exists()


def test_storing_a_version_number_taken_meanwhile_leaves_its_files_alone(resource, manager):
    from resources.services.publication.store import Built, version_store

    assert publish_inline(resource, manager).status == JobStatus.SUCCEEDED
    archive = resource_dir(resource) / "dwca-1.0.zip"
    before = archive.read_bytes()
    # A second publication that also built 1.0 (as if it had started before the first ended).
    job = resource_publish(resource=resource, user=manager, enqueue=False)
    assert job.mark_running(worker="w2@host-b")
    folder = resource_dir(resource) / "work"
    folder.mkdir(parents=True)
    (folder / "dwca.zip").write_bytes(b"another archive")
    with pytest.raises(UserError) as refused:
        version_store(
            resource=resource,
            job=job,
            user=manager,
            change_summary="",
            auto=False,
            built=Built(workdir=folder, major=1, minor=0, label="1.0"),
        )
    assert refused.value.code == "publication:running"
    assert archive.read_bytes() == before
    assert (folder / "dwca.zip").exists()  # not moved
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]


def test_a_metadata_only_resource_publishes_its_eml_alone(manager, data_dir):
    from resources.services.resources import resource_create

    from .conftest import valid_metadata

    resource = resource_create(shortname="md-only", creator=manager, type="metadata")
    valid_metadata(resource)
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = resource.versions.get()
    assert version.label == "1.0" and not version.has_archive and version.counts == {}
    assert files_of(resource) == {"eml-1.0.xml"}


def test_versions_keep_the_visibility_they_were_published_with(resource, manager):
    from resources.models import Resource

    publish_inline(resource, manager)
    Resource.objects.filter(pk=resource.pk).update(visibility_pending="public")
    publish_inline(resource, manager)
    assert dict(resource.versions.values_list("label", "visibility")) == {
        "1.0": "private",
        "1.1": "public",
    }
    resource.refresh_from_db()
    assert resource.visibility == "public" and not resource.visibility_pending


def test_a_large_archive_gets_its_landing_summary_from_a_follow_up_job(resource, manager, settings):
    settings.PORTAL_SUMMARY_INLINE_BYTES = 0  # every archive counts as large
    publish_inline(resource, manager)
    summary = Job.objects.get(kind="portal-summary")
    assert summary.params["version"] == resource.versions.get().pk
    execute(str(summary.pk))
    summary.refresh_from_db()
    assert summary.status == JobStatus.SUCCEEDED
    assert (resource_dir(resource) / "portal-summary-1.0.json").exists()


def test_published_eml_names_the_resource_page_under_the_current_base_url(resource, manager):
    from publisher.services.installation import installation_settings_update

    installation_settings_update(base_url="https://old.example.org")
    publish_inline(resource, manager)
    installation_settings_update(base_url="https://data.example.org/ipt")
    publish_inline(resource, manager)
    first = (resource_dir(resource) / "eml-1.0.xml").read_text()
    second = (resource_dir(resource) / "eml-1.1.xml").read_text()
    assert "https://old.example.org/resource?r=ponds</alternateIdentifier>" in first
    assert "https://data.example.org/ipt/resource?r=ponds</alternateIdentifier>" in second
    assert "old.example.org/resource" not in second


def test_what_storing_needs_is_prepared_while_rows_are_read_and_a_failure_only_logged(
    monkeypatch, caplog
):
    from django.urls import clear_url_caches, get_resolver

    from resources.services.publication import run

    clear_url_caches()
    assert not get_resolver()._populated
    run._prepare_storing()
    assert get_resolver()._populated  # the URL patterns are loaded

    def fails(*args, **kwargs):
        raise RuntimeError("no URLs today")

    monkeypatch.setattr(run, "reverse", fails)
    with caplog.at_level("WARNING", logger=run.logger.name):
        run._prepare_storing()
    assert "Preparing to store a version failed" in caplog.text
    assert "no URLs today" in caplog.text

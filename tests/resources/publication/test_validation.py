"""Validation: the publication run without a version, stored as the latest validation."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.jobs.executor import execute
from core.models import Job, JobStatus
from resources.models import Validation
from resources.services.publication.start import resource_publish, validation_start
from resources.services.publication.validation import (
    latest_validation,
    quality_summary,
    validation_flagged_path,
)
from resources.services.resources import resource_dir

from .conftest import publish_inline
from .test_services import files_of, occurrences, replace_source, work_folders

pytestmark = pytest.mark.django_db


def validate_inline(resource, user, **options) -> Job:
    """Validate in this process, as a worker would."""
    job = validation_start(resource=resource, user=user, enqueue=False, **options)
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def break_basis_of_record(resource) -> None:
    replace_source(
        resource, "occurrence", occurrences(resource).replace(b"HumanObservation", b"dead fish", 1)
    )


def test_validation_stores_the_report_and_writes_no_version(resource, manager, data_dir):
    job = validate_inline(resource, manager)

    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert job.kind == "resource-validate"
    assert resource.versions.count() == 0
    validation = latest_validation(resource)
    assert validation.job_id == job.pk and validation.validated_by == manager
    assert validation.report["ok"] is True and validation.errors == 0
    assert set(validation.counts) == {"event.txt", "occurrence.txt"}
    assert job.result["ok"] is True
    assert job.result["report_url"] == "/manage/resources/ponds/validation/"
    assert not work_folders(data_dir)
    assert not any(name.startswith("dwca-") for name in files_of(resource))


def test_validation_leaves_the_published_files_untouched(resource, manager):
    publish_inline(resource, manager)
    names = files_of(resource)
    before = {name: (resource_dir(resource) / name).read_bytes() for name in names}
    break_basis_of_record(resource)

    job = validate_inline(resource, manager)

    assert job.status == JobStatus.SUCCEEDED
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]
    assert files_of(resource) == names
    assert {name: (resource_dir(resource) / name).read_bytes() for name in names} == before


def test_blocking_problems_are_counted_and_their_rows_kept(resource, manager):
    break_basis_of_record(resource)

    job = validate_inline(resource, manager)

    validation = latest_validation(resource)
    assert job.status == JobStatus.SUCCEEDED and job.result["ok"] is False
    assert validation.errors == 1 and not validation.ok
    flagged = validation_flagged_path(validation)
    assert flagged is not None and flagged.exists()
    checks = {c["check"] for c in validation.report["checks"] if c["count"]}
    assert "basis-of-record-unknown" in checks


def test_a_new_validation_replaces_the_previous_one_and_its_rows(resource, manager):
    break_basis_of_record(resource)
    validate_inline(resource, manager)
    first = validation_flagged_path(latest_validation(resource))

    job = validate_inline(resource, manager)

    assert Validation.objects.filter(resource=resource).count() == 1
    assert latest_validation(resource).job_id == job.pk
    assert not first.exists()
    assert validation_flagged_path(latest_validation(resource)).exists()


def test_validation_is_refused_while_a_publication_is_pending(resource, manager):
    resource_publish(resource=resource, user=manager, enqueue=False)

    with pytest.raises(UserError) as exc:
        validation_start(resource=resource, user=manager, enqueue=False)

    assert exc.value.code == "publication:running"


def test_publication_is_refused_while_a_validation_is_pending(resource, manager):
    validation_start(resource=resource, user=manager, enqueue=False)

    with pytest.raises(UserError) as exc:
        resource_publish(resource=resource, user=manager, enqueue=False)

    assert exc.value.code == "validation:running"


def test_the_summary_is_the_newest_of_validation_and_publication(resource, manager):
    assert quality_summary(resource) is None
    validate_inline(resource, manager)
    assert quality_summary(resource).kind == "validation"

    publish_inline(resource, manager)
    summary = quality_summary(resource)

    assert summary.kind == "publication" and summary.label == "1.0"
    break_basis_of_record(resource)
    validate_inline(resource, manager)
    summary = quality_summary(resource)
    assert summary.kind == "validation" and summary.errors == 1


def test_a_publication_result_links_to_its_report(resource, manager):
    job = publish_inline(resource, manager)

    assert job.result["report_url"] == "/manage/resources/ponds/versions/1.0/report/"


def test_a_failed_publication_says_where_its_report_is(resource, manager):
    break_basis_of_record(resource)

    job = publish_inline(resource, manager)

    url = "/manage/resources/ponds/publication/%s/report/" % job.pk
    assert job.status == JobStatus.FAILED and "publication report" in job.error_message
    assert "publication:checks" not in job.error_message
    assert job.result["report_url"] == url

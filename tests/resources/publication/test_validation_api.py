"""Validation over the API and the command line: 202 with the job, the latest validation,
its flagged rows, who may do it, and the exit status."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.models import Job
from publisher.models import Role
from tests.factories import UserFactory

from .test_api import client_for
from .test_validation import break_basis_of_record, validate_inline


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.mark.django_db
def test_validate_answers_202_with_the_job(api, resource):
    response = api.post("/api/v1/resources/ponds/validate", {"drop_orphans": True}, format="json")

    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["kind"] == "resource-validate" and body["status"] == "pending"
    assert response["Location"].endswith("/api/v1/jobs/%s/" % body["id"])
    assert Job.objects.get(pk=body["id"]).params == {"resource": resource.pk, "drop_orphans": True}


@pytest.mark.django_db
def test_the_latest_validation_and_its_flagged_rows_are_read(api, resource, manager):
    assert api.get("/api/v1/resources/ponds/validation").status_code == 404
    break_basis_of_record(resource)
    job = validate_inline(resource, manager)

    body = api.get("/api/v1/resources/ponds/validation").json()
    flagged = api.get("/api/v1/resources/ponds/validation/flagged")

    assert body["job"] == str(job.pk) and body["validated_by"] == manager.email
    assert body["ok"] is False and body["errors"] == 1
    assert body["report"]["ok"] is False
    assert flagged.status_code == 200
    assert b"dead fish" in gzip.decompress(b"".join(flagged.streaming_content))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "plain", "other-manager"])
def test_others_cannot_validate_a_private_resource(resource, manager, who):
    validate_inline(resource, manager)
    user = {
        "anonymous": None,
        "plain": UserFactory(role=Role.USER),
        "other-manager": UserFactory(role=Role.MANAGER),
    }[who]
    client = client_for(user)
    expected = 401 if user is None else 404
    for method, url in [
        ("post", "/api/v1/resources/ponds/validate"),
        ("get", "/api/v1/resources/ponds/validation"),
        ("get", "/api/v1/resources/ponds/validation/flagged"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == expected, (method, url, response.status_code)
    assert Job.objects.filter(kind="resource-validate").count() == 1


@pytest.mark.django_db
def test_co_managers_may_validate(resource):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)

    response = client_for(co_manager).post("/api/v1/resources/ponds/validate", {}, format="json")

    assert response.status_code == 202


# --- the command ---------------------------------------------------------------------------


def validate(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("validate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_command_prints_the_counts_and_where_the_report_is(resource, manager):
    out, _err = validate("ponds", "--inline", "--user", manager.email)

    assert "Blocking problems: 0" in out
    assert "/manage/resources/ponds/validation/" in out
    assert resource.versions.count() == 0


@pytest.mark.django_db(transaction=True)
def test_command_json_prints_the_report(resource, manager):
    out, _err = validate("ponds", "--inline", "--json", "--user", manager.email)

    body = json.loads(out)
    assert body["ok"] is True and body["job"]["kind"] == "resource-validate"
    assert body["validation"]["report"]["ok"] is True
    assert set(body["validation"]["counts"]) == {"event.txt", "occurrence.txt"}


@pytest.mark.django_db(transaction=True)
def test_command_exits_1_on_blocking_problems_with_the_report(resource, manager):
    break_basis_of_record(resource)
    out = io.StringIO()

    with pytest.raises(CommandError) as exc:
        call_command(
            "validate",
            "ponds",
            "--inline",
            "--json",
            "--user",
            manager.email,
            stdout=out,
            stderr=io.StringIO(),
        )

    assert exc.value.returncode == 1 and "validation:blocking" in str(exc.value)
    body = json.loads(out.getvalue())
    assert body["ok"] is False and body["code"] == "validation:blocking"
    assert body["details"]["validation"]["errors"] == 1
    checks = {c["check"] for c in body["details"]["validation"]["report"]["checks"] if c["count"]}
    assert "basis-of-record-unknown" in checks


@pytest.mark.django_db(transaction=True)
def test_command_without_json_prints_the_summary_before_failing(resource, manager):
    break_basis_of_record(resource)
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "validate",
            "ponds",
            "--inline",
            "--user",
            manager.email,
            stdout=out,
            stderr=io.StringIO(),
        )

    assert "Blocking problems: 1" in out.getvalue()
    assert "Flagged rows: " in out.getvalue()

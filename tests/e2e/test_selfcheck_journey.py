"""An admin logs in and watches a self-check job run in the worker to 100 %."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from core.models import Job, JobStatus
from publisher.models import Role
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_follows_selfcheck_to_100_percent(page, celery_worker_process):
    UserFactory(role=Role.ADMIN, email="admin@example.org")
    log_in(page, "ADMIN@example.org")  # e-mail logins ignore case
    expect(page.get_by_test_id("account-link")).to_have_text("admin@example.org")

    page.get_by_test_id("selfcheck-start").click()
    status = page.get_by_test_id("job-status")
    expect(status).to_have_text("Succeeded", timeout=60_000)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    page.screenshot(path=str(_artifact("selfcheck-done.png")))

    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.created_by.email == "admin@example.org"
    assert job.result["worker"]["pid"] != os.getpid()  # ran in the worker, not here


def test_wrong_password_shows_an_error_and_stays_on_login(page):
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    page.goto("/login/")
    page.get_by_label("E-mail").fill("manager@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.locator(".msg-error")).to_contain_text("correct")


def _artifact(name: str):
    from django.conf import settings

    path = settings.DATA_DIR / "artifacts"
    path.mkdir(exist_ok=True)
    return path / name

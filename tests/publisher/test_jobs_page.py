"""The jobs page: who sees which jobs, its filters, and jobs shown as sentences and links
(kind names, the resource, results), on the page, the detail and the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import Job, JobStatus
from publisher.models import Role
from resources.models import Resource
from tests.factories import JobFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _about(resource: Resource, **fields) -> Job:
    return JobFactory(
        target_type=ContentType.objects.get_for_model(Resource),
        target_id=str(resource.pk),
        **fields,
    )


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


@pytest.fixture
def mine(manager):
    return ResourceFactory(creator=manager, title="Pond survey", shortname="ponds")


@pytest.fixture
def theirs():
    return ResourceFactory(title="Secret lake", shortname="lake")


def _page(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get("/jobs/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/jobs/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_manager_sees_the_jobs_of_resources_they_manage_not_of_others(
    client, manager, mine, theirs
):
    _about(mine, kind="resource-publish", created_by=UserFactory(email="co@example.org"))
    _about(theirs, kind="resource-publish", created_by=theirs.creator)
    html = _page(client, manager)
    assert "Pond survey" in html and "co@example.org" in html
    assert "Secret lake" not in html and 'value="lake"' not in html


def test_an_admin_sees_every_job(client, mine, theirs):
    _about(theirs, kind="resource-publish", created_by=theirs.creator)
    html = _page(client, UserFactory(role=Role.ADMIN))
    assert "Secret lake" in html


def test_rows_name_the_kind_and_link_the_job_and_its_resource(client, manager, mine):
    job = _about(mine, kind="resource-publish", created_by=manager)
    html = _page(client, manager)
    assert ">Publication</a>" in html and "resource-publish</td>" not in html
    assert 'href="/jobs/%s/"' % job.pk in html
    assert 'href="/manage/resources/ponds/"' in html


def test_filters_narrow_by_kind_status_resource_and_user(client, manager, mine):
    other = ResourceFactory(creator=manager, title="Meadow", shortname="meadow")
    colleague = UserFactory(email="colleague@example.org")
    _about(mine, kind="resource-publish", created_by=manager, status=JobStatus.FAILED)
    _about(mine, kind="resource-validate", created_by=colleague)
    _about(other, kind="resource-publish", created_by=manager)

    def rows(query):
        return _page(client, manager, query).count('data-testid="job-row"')

    assert rows("") == 3
    assert rows("?kind=resource-publish") == 2
    assert rows("?status=failed") == 1
    assert rows("?resource=meadow") == 1
    assert rows("?user=%d" % colleague.pk) == 1
    assert rows("?kind=resource-publish&resource=ponds&status=failed") == 1


def test_a_resource_filter_naming_someone_elses_resource_shows_nothing_of_it(
    client, manager, mine, theirs
):
    _about(theirs, kind="resource-publish", created_by=theirs.creator)
    html = _page(client, manager, "?resource=lake")
    assert "Secret lake" not in html


def test_the_list_is_paged(client, manager, mine):
    for _ in range(27):
        _about(mine, kind="resource-validate", created_by=manager)
    first = _page(client, manager)
    assert first.count('data-testid="job-row"') == 25 and 'rel="next"' in first
    assert _page(client, manager, "?page=2").count('data-testid="job-row"') == 2


def test_the_header_links_the_jobs_page_for_managers(client, manager):
    client.force_login(manager)
    assert 'data-testid="nav-jobs"' in client.get("/manage/").content.decode()


def test_the_dashboard_names_jobs_and_links_their_resource(client, manager, mine):
    _about(mine, kind="resource-publish", created_by=manager)
    client.force_login(manager)
    html = client.get("/manage/").content.decode()
    assert ">Publication</a>" in html and 'href="/manage/resources/ponds/"' in html
    assert "<td>resource-publish</td>" not in html


def test_a_published_job_says_what_it_published_with_a_link_to_the_report(client, manager, mine):
    job = _about(
        mine,
        kind="resource-publish",
        created_by=manager,
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        result={"version": "1.1", "records": 1234, "archive_size": 2048, "report_url": "/r/"},
    )
    client.force_login(manager)
    html = client.get("/jobs/%s/" % job.pk).content.decode()
    assert "Published version 1.1 of Pond survey (1,234 records, 2.0\xa0KB)." in html
    assert 'href="/r/" data-testid="job-report-link">View the report.</a>' in html
    assert "{&#x27;version&#x27;" not in html  # no Python dict for managers


def test_an_error_is_shown_without_its_code_and_the_log_only_to_admins(client, manager, mine):
    job = _about(
        mine,
        kind="resource-publish",
        created_by=manager,
        status=JobStatus.FAILED,
        error_code="publication:checks",
        error_message="publication:checks: The archive did not pass 1 blocking check(s).",
        log="12:00:00 phase: data files\n",
    )
    client.force_login(manager)
    html = client.get("/jobs/%s/progress/" % job.pk).content.decode()
    assert ">The archive did not pass 1 blocking check(s).</p>" in html
    assert 'data-testid="job-log"' not in html
    client.force_login(UserFactory(role=Role.ADMIN))
    html = client.get("/jobs/%s/progress/" % job.pk).content.decode()
    assert 'data-testid="job-log"' in html and "phase: data files" in html


def test_a_running_publication_shows_its_steps_rows_and_speed(client, manager, mine):
    now = timezone.now()
    job = _about(
        mine,
        kind="resource-publish",
        created_by=manager,
        status=JobStatus.RUNNING,
        phase="data files",
        progress_done=5000,
        progress_total=10000,
        phase_started_at=now - datetime.timedelta(seconds=10),
        heartbeat_at=now,
    )
    client.force_login(manager)
    html = client.get("/jobs/%s/progress/" % job.pk).content.decode()
    assert 'aria-current="step">Writing data files and checking</li>' in html
    assert "5,000 of 10,000 rows" in html
    assert "500 rows per second · about 10 s left" in html
    assert 'aria-valuenow="52"' in html  # 10 + 5 + 75 * 0.5 of 100

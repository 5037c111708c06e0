"""Who may open which page, and what every page's layout shows."""

import pytest
from django.conf import settings

from core import __version__
from core.models import Job
from publisher.models import Role
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "manager", "publisher", "admin"]
USER_FIXTURES = {
    "user": "plain_user",
    "manager": "manager_user",
    "publisher": "publisher_user",
    "admin": "admin_user",
}
LANGUAGE_CODES = ["en", "es", "fr", "pt", "ru", "zh-hant", "ja"]

# page -> expected status per role (anonymous users are tested separately).
EXPECTED = {
    "/": {"user": 200, "manager": 200, "publisher": 200, "admin": 200},
    "/about/": {"user": 200, "manager": 200, "publisher": 200, "admin": 200},
    "/manage/": {"user": 403, "manager": 200, "publisher": 200, "admin": 200},
    "/account/": {"user": 200, "manager": 200, "publisher": 200, "admin": 200},
    "/account/token/": {"user": 200, "manager": 200, "publisher": 200, "admin": 200},
    "/admin/users/": {"user": 403, "manager": 403, "publisher": 403, "admin": 200},
    "/admin/users/new/": {"user": 403, "manager": 403, "publisher": 403, "admin": 200},
}
PROTECTED_PAGES = ["/manage/", "/account/", "/account/token/", "/admin/users/", "/admin/users/new/"]


@pytest.fixture
def login_as(request, client):
    """Log ``client`` in with the fixture user of ``role``; return that user (None if anonymous)."""

    def login(role):
        if role == "anonymous":
            return None
        user = request.getfixturevalue(USER_FIXTURES[role])
        client.force_login(user)
        return user

    return login


@pytest.fixture
def foreign_job():
    """A job started by an admin nobody in the role fixtures is."""
    return JobFactory(created_by=UserFactory(role=Role.ADMIN))


@pytest.mark.parametrize("page", ["/", "/about/"])
def test_anonymous_may_open_public_pages(client, page):
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("page", PROTECTED_PAGES)
def test_anonymous_is_sent_to_login_from_protected_pages(client, page):
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=" + page


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_answers_each_role_as_expected(client, login_as, role, page):
    login_as(role)

    assert client.get(page).status_code == EXPECTED[page][role]


@pytest.mark.parametrize("role", ["user", "manager", "publisher"])
def test_lacking_role_gets_the_not_allowed_page(client, login_as, role):
    login_as(role)

    response = client.get("/admin/users/")

    assert response.status_code == 403
    assert b"Not allowed" in response.content


def test_anonymous_is_sent_to_login_from_someone_elses_job(client, foreign_job):
    response = client.get(f"/jobs/{foreign_job.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/jobs/{foreign_job.pk}/"


@pytest.mark.parametrize("role", ["user", "manager", "publisher"])
def test_someone_elses_job_is_not_found_for_non_admins(client, login_as, foreign_job, role):
    login_as(role)

    response = client.get(f"/jobs/{foreign_job.pk}/")

    assert response.status_code == 404
    assert b"Not found" in response.content
    assert b"Background job" not in response.content


@pytest.mark.parametrize("role", ["user", "manager", "publisher"])
def test_someone_elses_job_progress_is_not_found_for_non_admins(
    client, login_as, foreign_job, role
):
    login_as(role)

    assert client.get(f"/jobs/{foreign_job.pk}/progress/").status_code == 404


def test_admin_may_open_someone_elses_job(client, login_as, foreign_job):
    login_as("admin")

    response = client.get(f"/jobs/{foreign_job.pk}/")

    assert response.status_code == 200
    assert str(foreign_job.pk).encode() in response.content


@pytest.mark.parametrize("role", ["user", "manager", "publisher"])
def test_starter_may_open_their_own_job(client, login_as, role):
    job = JobFactory(created_by=login_as(role))

    assert client.get(f"/jobs/{job.pk}/").status_code == 200


def test_anonymous_cannot_start_the_selfcheck(client):
    response = client.post("/jobs/selfcheck/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/jobs/selfcheck/"
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["user", "manager", "publisher"])
def test_non_admin_cannot_start_the_selfcheck(client, login_as, role):
    login_as(role)

    assert client.post("/jobs/selfcheck/", {"steps": 3}).status_code == 403
    assert not Job.objects.exists()


def test_admin_starts_the_selfcheck_and_is_sent_to_the_job(client, login_as):
    admin = login_as("admin")

    response = client.post("/jobs/selfcheck/", {"steps": 3, "delay": 0})

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.created_by, job.params) == ("selfcheck", admin, {"steps": 3, "delay": 0})


def test_selfcheck_cannot_be_started_with_get(client, login_as):
    login_as("admin")

    assert client.get("/jobs/selfcheck/").status_code == 405
    assert not Job.objects.exists()


# --- layout ---------------------------------------------------------------------------------


def test_footer_shows_the_version(client):
    footer = client.get("/").content.decode().split("<footer", 1)[1]

    assert f"version {__version__}" in " ".join(footer.split())


def test_language_switcher_lists_the_seven_languages(client):
    page = client.get("/").content.decode()
    start = page.index('<select id="lang-select"')
    content = page[start : page.index("</select>", start)]

    assert [code for code, _name in settings.LANGUAGES] == LANGUAGE_CODES
    for code in LANGUAGE_CODES:
        assert f'<option value="{code}"' in content
    assert content.count("<option value=") == len(LANGUAGE_CODES)


def test_switching_language_sets_the_cookie_and_the_page_language(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/about/"})

    assert response.status_code == 302
    assert response["Location"] == "/about/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr">' in client.get("/about/").content.decode()


def test_switching_to_an_unknown_language_sets_no_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/about/"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in client.get("/about/").content.decode()


def test_user_names_are_escaped_on_the_user_list(client, login_as):
    login_as("admin")
    UserFactory(first_name="<script>alert(1)</script>", last_name="Mallory")

    content = client.get("/admin/users/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mallory" in content
    assert "<script>alert(1)</script>" not in content


@pytest.mark.parametrize("role", ["user", "manager"])
def test_navigation_hides_links_the_role_cannot_use(client, login_as, role):
    login_as(role)

    content = client.get("/").content.decode()

    assert 'href="/admin/users/"' not in content
    assert ('href="/manage/"' in content) is (role == "manager")


def test_navigation_shows_the_user_admin_link_to_admins(client, login_as):
    login_as("admin")

    assert 'href="/admin/users/"' in client.get("/").content.decode()

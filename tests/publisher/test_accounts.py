"""Logging in and out, the lockout after failed logins, and the user's own account pages."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from knox.models import AuthToken
from rest_framework.test import APIClient

from publisher.models import Role
from tests.factories import PASSWORD, UserFactory, api_token

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "orchid-lattice-5093"
LOCKED_TEXT = "Too many failed logins"
LOCKOUT_STATUS = 429  # django-axes' default AXES_HTTP_RESPONSE_CODE


@pytest.fixture
def manager(db):
    return UserFactory(email="mara.manager@example.org", role=Role.MANAGER)


def _login(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def _logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def _get_me(key):
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


# --- login and logout -----------------------------------------------------------------------


def test_login_page_renders_the_form(client):
    response = client.get("/login/")

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_manager_logs_in_by_email_and_lands_on_the_dashboard(client, manager):
    response = _login(client, "mara.manager@example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    assert _logged_in_user_id(client) == str(manager.pk)
    assert client.get("/manage/").status_code == 200


def test_plain_user_lands_on_a_page_they_may_see_after_login(client, plain_user):
    response = _login(client, plain_user.email, PASSWORD)

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_login_email_is_case_insensitive(client, manager):
    response = _login(client, "Mara.MANAGER@Example.org", PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(manager.pk)


def test_login_follows_a_safe_next_url(client, manager):
    response = _login(client, manager.email, PASSWORD, next="/account/token/")

    assert response["Location"] == "/account/token/"


def test_login_ignores_an_external_next_url(client, manager):
    response = _login(client, manager.email, PASSWORD, next="https://evil.example.com/")

    assert response.status_code == 302
    assert response["Location"] == "/manage/"


def test_wrong_password_rerenders_the_form_with_an_error(client, manager):
    response = _login(client, manager.email, "not the password")

    assert response.status_code == 200
    assert "Please enter a correct e-mail and password" in response.content.decode()
    assert _logged_in_user_id(client) is None


def test_inactive_user_cannot_log_in(client):
    user = UserFactory(role=Role.MANAGER, is_active=False)

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert _logged_in_user_id(client) is None


def test_fifth_failed_login_gets_the_lockout_page(client, manager):
    for _ in range(4):
        assert _login(client, manager.email, "wrong password").status_code == 200

    response = _login(client, manager.email, "wrong password")

    assert response.status_code == LOCKOUT_STATUS
    assert LOCKED_TEXT in response.content.decode()


def test_sixth_login_after_five_failures_is_locked_out_even_with_the_right_password(
    client, manager
):
    for _ in range(5):
        _login(client, manager.email, "wrong password")

    response = _login(client, manager.email, PASSWORD)

    assert response.status_code == LOCKOUT_STATUS
    assert LOCKED_TEXT in response.content.decode()
    assert _logged_in_user_id(client) is None


def test_failed_logins_are_counted_for_the_normalised_email(client, manager):
    _login(client, " " + manager.email.upper(), "wrong password")

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [manager.email]


def test_failures_for_one_email_do_not_lock_out_another_email(client, manager):
    other = UserFactory(role=Role.MANAGER)
    for _ in range(5):
        _login(client, manager.email, "wrong password")

    response = _login(client, other.email, "a typo in the password")

    assert response.status_code == 200
    assert LOCKED_TEXT not in response.content.decode()


def test_failures_in_mixed_case_count_towards_one_lockout(client, manager):
    for variant in [
        "MARA.manager@example.org",
        "mara.MANAGER@example.org",
        "Mara.Manager@Example.org",
        "mara.manager@EXAMPLE.ORG",
    ]:
        _login(client, variant, "wrong password")

    response = _login(client, "MARA.MANAGER@EXAMPLE.ORG", "wrong password")

    assert response.status_code == LOCKOUT_STATUS
    assert _login(client, manager.email, PASSWORD).status_code == LOCKOUT_STATUS


def test_lockout_of_one_email_lets_another_email_log_in(client, manager):
    other = UserFactory(role=Role.MANAGER)
    for _ in range(5):
        _login(client, manager.email, "wrong password")

    response = _login(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(other.pk)


def test_four_failures_do_not_lock_and_a_success_resets_the_count(client, manager):
    for _ in range(4):
        _login(client, manager.email, "wrong password")
    assert _login(client, manager.email, PASSWORD).status_code == 302
    client.post("/logout/")

    for _ in range(4):
        _login(client, manager.email, "wrong password")
    response = _login(client, manager.email, PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(manager.pk)


def test_lockout_cannot_be_escaped_by_changing_the_case_of_the_email(client, manager):
    for _ in range(5):
        _login(client, manager.email, "wrong password")

    response = _login(client, manager.email.upper(), PASSWORD)

    assert response.status_code == LOCKOUT_STATUS
    assert _logged_in_user_id(client) is None


def test_logout_by_post_ends_the_session(client, manager):
    client.force_login(manager)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) is None
    assert client.get("/account/").status_code == 302


def test_logout_by_get_is_refused(client, manager):
    client.force_login(manager)

    assert client.get("/logout/").status_code == 405
    assert _logged_in_user_id(client) == str(manager.pk)


# --- account page ---------------------------------------------------------------------------


def test_account_page_shows_email_and_role(client, manager):
    client.force_login(manager)

    content = client.get("/account/").content.decode()

    assert "mara.manager@example.org" in content
    assert "Manager without registration rights" in content


def test_account_page_updates_first_and_last_name(client, manager):
    client.force_login(manager)

    response = client.post("/account/", {"first_name": "Mara", "last_name": "Nguyen"}, follow=True)

    assert response.redirect_chain == [("/account/", 302)]
    assert "Your account was saved." in response.content.decode()
    manager.refresh_from_db()
    assert (manager.first_name, manager.last_name) == ("Mara", "Nguyen")
    assert manager.role == Role.MANAGER


def test_account_page_cannot_change_the_role(client, manager):
    client.force_login(manager)

    client.post("/account/", {"first_name": "M", "last_name": "N", "role": Role.ADMIN})

    manager.refresh_from_db()
    assert manager.role == Role.MANAGER


# --- password change ------------------------------------------------------------------------


def test_password_change_with_the_old_password_works(client, manager):
    client.force_login(manager)

    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/account/password/done/"
    manager.refresh_from_db()
    assert manager.check_password(NEW_PASSWORD)
    assert _logged_in_user_id(client) == str(manager.pk)  # the session survives the change
    assert client.get("/account/password/done/").status_code == 200


def test_password_change_refuses_a_wrong_old_password(client, manager):
    client.force_login(manager)

    response = client.post(
        "/account/password/",
        {
            "old_password": "not it at all",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


def test_password_change_enforces_ten_characters(client, manager):
    client.force_login(manager)

    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Qz8#vLm2p",
            "new_password2": "Qz8#vLm2p",
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "at least 10 characters" in errors
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


def test_password_change_page_needs_login(client):
    response = client.get("/account/password/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_new_password_works_at_the_login_form(client, manager):
    client.force_login(manager)
    client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    client.post("/logout/")

    assert _login(client, manager.email, PASSWORD).status_code == 200
    assert _login(client, manager.email, NEW_PASSWORD).status_code == 302


# --- API token ------------------------------------------------------------------------------


def test_token_page_says_there_is_no_token_yet(client, manager):
    client.force_login(manager)

    content = client.get("/account/token/").content.decode()

    assert "You have no token yet." in content
    assert "Create token" in content


def _shown_key(response) -> str:
    """The token the page shows once (only its hash is stored)."""
    found = re.search(
        r'<pre class="token" data-testid="api-token">([^<]+)</pre>', response.content.decode()
    )
    assert found, "no token shown"
    return found.group(1)


def test_created_token_is_shown_once(client, manager):
    client.force_login(manager)

    response = client.post("/account/token/new/", follow=True)

    key = _shown_key(response)
    assert response.redirect_chain == [("/account/token/", 302)]
    assert f'<pre class="token" data-testid="api-token">{key}</pre>' in response.content.decode()
    again = client.get("/account/token/").content.decode()
    assert key not in again
    assert "You have a token." in again


def test_token_creation_needs_post(client, manager):
    client.force_login(manager)

    assert client.get("/account/token/new/").status_code == 405
    assert not AuthToken.objects.filter(user=manager).exists()


def test_token_authenticates_the_api(client, manager):
    client.force_login(manager)
    key = _shown_key(client.post("/account/token/new/", follow=True))

    response = _get_me(key)

    assert response.status_code == 200
    assert response.json()["email"] == manager.email


def test_replacing_the_token_invalidates_the_old_one(client, manager):
    client.force_login(manager)
    old_key = _shown_key(client.post("/account/token/new/", follow=True))

    new_key = _shown_key(client.post("/account/token/new/", follow=True))
    assert new_key != old_key
    assert _get_me(old_key).status_code == 401
    assert _get_me(new_key).status_code == 200


def test_revoking_the_token_stops_it_working(client, manager):
    client.force_login(manager)
    key = _shown_key(client.post("/account/token/new/", follow=True))

    response = client.post("/account/token/delete/", follow=True)

    assert "Your API token was revoked." in response.content.decode()
    assert not AuthToken.objects.filter(user=manager).exists()
    assert _get_me(key).status_code == 401
    assert "You have no token yet." in client.get("/account/token/").content.decode()


def test_token_of_a_deactivated_user_is_refused(manager):
    token = api_token(manager)
    manager.is_active = False
    manager.save()

    assert _get_me(token).status_code == 401

"""Admins create and edit users; the user services keep roles, passwords and tokens sound."""

import pytest
from django.test import Client
from knox.crypto import hash_token
from knox.models import AuthToken

from core.errors import UserError
from publisher.models import Role, User
from publisher.services.users import (
    admin_ensure,
    user_create,
    user_set_password,
    user_update,
    user_update_profile,
)
from tests.factories import PASSWORD, UserFactory, api_token

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "lantern-meadow-4821"


@pytest.fixture
def client_factory():
    return Client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _edit(client, user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    data = {key: value for key, value in data.items() if value != ""}
    return client.post(f"/admin/users/{user.pk}/", data)


# --- creating users through the page --------------------------------------------------------


def test_admin_creates_a_user_with_role_lowercased_email_and_hashed_password(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "  New.Person@Example.ORG ",
            "first_name": "New",
            "last_name": "Person",
            "role": Role.PUBLISHER,
            "password": GOOD_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/users/"
    user = User.objects.get(email="new.person@example.org")
    assert (user.first_name, user.last_name, user.role) == ("New", "Person", Role.PUBLISHER)
    assert user.is_active and not user.is_superuser
    assert user.password != GOOD_PASSWORD
    assert user.check_password(GOOD_PASSWORD)


def test_new_user_appears_in_the_list_with_a_success_message(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "listed@example.org",
            "role": Role.USER,
            "password": GOOD_PASSWORD,
        },
        follow=True,
    )

    content = response.content.decode()
    assert "User listed@example.org was created." in content
    assert (
        'href="/admin/users/%d/">listed@example.org</a>'
        % User.objects.get(email="listed@example.org").pk
        in content
    )


def test_admin_created_as_admin_is_superuser(admin_client):
    admin_client.post(
        "/admin/users/new/",
        {
            "email": "second-admin@example.org",
            "role": Role.ADMIN,
            "password": GOOD_PASSWORD,
        },
    )

    user = User.objects.get(email="second-admin@example.org")
    assert user.is_superuser and user.is_admin


def test_password_shorter_than_ten_characters_is_refused(admin_client):
    users_before = User.objects.count()

    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "short@example.org",
            "role": Role.USER,
            "password": "kx7#Qp2!z",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["password"]
    assert "too short" in " ".join(errors["password"])
    assert "at least 10 characters" in " ".join(errors["password"])
    assert User.objects.count() == users_before


def test_duplicate_email_in_other_case_is_refused(admin_client):
    UserFactory(email="taken@example.org", role=Role.MANAGER)

    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "TAKEN@Example.org",
            "role": Role.USER,
            "password": GOOD_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["A user with this e-mail already exists."]}
    taken = User.objects.get(email__iexact="taken@example.org")
    assert taken.role == Role.MANAGER
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_invalid_role_is_refused(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "boss@example.org",
            "role": "superboss",
            "password": GOOD_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="boss@example.org").exists()


# --- editing users through the page ---------------------------------------------------------


def test_admin_changes_a_users_role_and_name(admin_client):
    user = UserFactory(role=Role.USER)

    response = _edit(admin_client, user, role=Role.PUBLISHER, first_name="Renamed")

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.role, user.first_name, user.is_active) == (Role.PUBLISHER, "Renamed", True)
    assert user.has_registration_rights


def test_admin_promotes_a_user_to_admin_and_back(admin_client):
    user = UserFactory(role=Role.MANAGER)

    _edit(admin_client, user, role=Role.ADMIN)
    user.refresh_from_db()
    assert user.is_superuser and user.is_admin

    _edit(admin_client, user, role=Role.MANAGER)
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_admin


def test_admin_deactivates_a_user(admin_client):
    user = UserFactory(role=Role.MANAGER)

    response = _edit(admin_client, user, is_active="")

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_manager_rights


def test_deactivated_user_loses_their_open_session(admin_client, client_factory):
    user = UserFactory(role=Role.MANAGER)
    users_browser = client_factory()
    users_browser.force_login(user)
    assert users_browser.get("/manage/").status_code == 200

    _edit(admin_client, user, is_active="")

    response = users_browser.get("/manage/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/manage/"


def test_demoted_user_loses_rights_in_their_open_session(admin_client, client_factory):
    user = UserFactory(role=Role.PUBLISHER)
    users_browser = client_factory()
    users_browser.force_login(user)

    _edit(admin_client, user, role=Role.USER)

    assert users_browser.get("/manage/").status_code == 403


def test_deactivating_a_user_removes_their_api_token(admin_client):
    user = UserFactory(role=Role.PUBLISHER)
    api_token(user)
    other = UserFactory(role=Role.PUBLISHER)
    api_token(other)

    _edit(admin_client, user, is_active="")

    assert not AuthToken.objects.filter(user=user).exists()
    assert AuthToken.objects.filter(user=other).exists()


def test_editing_an_active_user_keeps_their_api_token(admin_client):
    user = UserFactory(role=Role.PUBLISHER)
    token = api_token(user)

    _edit(admin_client, user, role=Role.MANAGER)

    assert AuthToken.objects.get(user=user).digest == hash_token(token)


def test_editing_an_unknown_user_is_not_found(admin_client):
    assert admin_client.get("/admin/users/999999/").status_code == 404


@pytest.mark.parametrize(
    "change", [{"role": Role.PUBLISHER}, {"is_active": ""}], ids=["demote", "deactivate"]
)
def test_last_active_admin_cannot_be_demoted_or_deactivated(admin_client, admin_user, change):
    UserFactory(role=Role.ADMIN, is_active=False)  # an inactive admin does not count

    response = _edit(admin_client, admin_user, first_name="Changed", **change)

    assert response.status_code == 200
    assert "This is the last active admin; make another user admin first." in (
        response.content.decode()
    )
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == (Role.ADMIN, True)
    assert admin_user.is_superuser
    assert admin_user.first_name != "Changed"


def test_admin_may_be_demoted_when_another_active_admin_exists(admin_client, admin_user):
    UserFactory(role=Role.ADMIN)

    response = _edit(admin_client, admin_user, role=Role.MANAGER)

    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.role == Role.MANAGER
    assert not admin_user.is_superuser


def test_user_list_search_matches_email_and_last_name(admin_client):
    UserFactory(email="alice@example.org", last_name="Zebra")
    UserFactory(email="bob@example.org", last_name="Aardvark")

    by_email = admin_client.get("/admin/users/", {"q": "ALICE"}).context["users"]
    by_name = admin_client.get("/admin/users/", {"q": "aardv"}).context["users"]

    assert [u.email for u in by_email] == ["alice@example.org"]
    assert [u.email for u in by_name] == ["bob@example.org"]


# --- services -------------------------------------------------------------------------------


def test_user_create_stores_a_lowercased_email_and_a_hashed_password():
    user = user_create(
        email=" Mixed.Case@Example.ORG", password=GOOD_PASSWORD, role=Role.MANAGER, first_name="Mia"
    )

    user.refresh_from_db()
    assert user.email == "mixed.case@example.org"
    assert (user.role, user.first_name, user.is_active) == (Role.MANAGER, "Mia", True)
    assert not user.is_superuser
    assert user.check_password(GOOD_PASSWORD) and user.password != GOOD_PASSWORD


def test_user_create_makes_admins_superusers():
    assert user_create(email="a2@example.org", password=GOOD_PASSWORD, role=Role.ADMIN).is_superuser


def test_user_create_refuses_an_existing_email_in_any_case():
    UserFactory(email="dup@example.org")

    with pytest.raises(UserError) as exc:
        user_create(email="DUP@example.org", password=GOOD_PASSWORD)

    assert exc.value.code == "user:exists"
    assert User.objects.filter(email__iexact="dup@example.org").count() == 1


@pytest.mark.parametrize(
    "password",
    ["short-pw1", "1234567890123", "password123"],
    ids=["too-short", "numeric", "common"],
)
def test_user_create_refuses_a_weak_password(password):
    with pytest.raises(UserError) as exc:
        user_create(email="weak@example.org", password=password)

    assert exc.value.code == "user:password"
    assert not User.objects.filter(email="weak@example.org").exists()


def test_user_update_changes_name_role_and_active_flag():
    user = UserFactory(role=Role.USER)

    user_update(user=user, first_name="F", last_name="L", role=Role.ADMIN, is_active=False)

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.role, user.is_active) == (
        "F",
        "L",
        Role.ADMIN,
        False,
    )
    assert user.is_superuser


def test_user_update_deactivation_deletes_the_token():
    user = UserFactory(role=Role.MANAGER)
    api_token(user)

    user_update(user=user, first_name="", last_name="", role=Role.MANAGER, is_active=False)

    assert not AuthToken.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("role", "is_active"), [(Role.USER, True), (Role.ADMIN, False)], ids=["demote", "deactivate"]
)
def test_user_update_refuses_to_leave_no_active_admin(admin_user, role, is_active):
    with pytest.raises(UserError) as exc:
        user_update(user=admin_user, first_name="X", last_name="Y", role=role, is_active=is_active)

    assert exc.value.code == "user:last-admin"
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active, admin_user.first_name) == (
        Role.ADMIN,
        True,
        "Test",
    )


def test_user_update_profile_changes_only_the_name():
    user = UserFactory(role=Role.MANAGER)

    user_update_profile(user=user, first_name="Ada", last_name="Lovelace")

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.role) == ("Ada", "Lovelace", Role.MANAGER)


def test_admin_ensure_creates_an_admin_with_a_generated_password_once():
    user, generated = admin_ensure(email="Root@Example.org", password=None)

    assert generated and len(generated) >= 10
    user.refresh_from_db()
    assert user.email == "root@example.org"
    assert user.is_admin and user.is_superuser
    assert user.check_password(generated)

    again, second = admin_ensure(email="root@example.org", password=None)

    assert second is None
    assert again.pk == user.pk
    again.refresh_from_db()
    assert again.check_password(generated)
    assert User.objects.filter(email="root@example.org").count() == 1


def test_admin_ensure_uses_the_given_password_and_returns_none():
    user, generated = admin_ensure(email="given@example.org", password=GOOD_PASSWORD)

    assert generated is None
    assert user.check_password(GOOD_PASSWORD)


def test_admin_ensure_keeps_an_existing_password_even_when_one_is_given():
    existing = UserFactory(email="keep@example.org", role=Role.ADMIN)

    user, generated = admin_ensure(email="keep@example.org", password=GOOD_PASSWORD)

    assert generated is None
    user.refresh_from_db()
    assert user.pk == existing.pk
    assert user.check_password(PASSWORD)
    assert not user.check_password(GOOD_PASSWORD)


def test_admin_ensure_promotes_and_reactivates_an_existing_user():
    existing = UserFactory(email="promote@example.org", role=Role.MANAGER, is_active=False)

    user, generated = admin_ensure(email="PROMOTE@example.org", password=None)

    assert generated is None
    existing.refresh_from_db()
    assert (existing.role, existing.is_active, existing.is_superuser) == (Role.ADMIN, True, True)
    assert existing.check_password(PASSWORD)


def test_user_set_password_replaces_the_password():
    user = UserFactory()

    user_set_password(user=user, password=GOOD_PASSWORD)

    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert not user.check_password(PASSWORD)


def test_user_set_password_refuses_a_short_password_and_keeps_the_old_one():
    user = UserFactory()

    with pytest.raises(UserError) as exc:
        user_set_password(user=user, password="Xy7#short")

    assert exc.value.code == "user:password"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

"""The language of pages and e-mails: the menu, the browser's Accept-Language on a first
visit, and the language saved on the user's account (which wins once they log in)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from publisher.models import Role
from publisher.selectors import emails_by_language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(role=Role.MANAGER, email="lena@example.org")


def _page_language(response) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert found, "no <html lang> on the page"
    return found.group(1)


def test_first_visit_follows_accept_language(client):
    assert _page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="ja")) == "ja"
    assert _page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-Hant-TW")) == "zh-hant"


def test_without_a_choice_the_installation_language_is_used(client):
    assert _page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == settings.LANGUAGE_CODE


def test_a_saved_language_wins_over_accept_language_after_login(client, user):
    user.language = "fr"
    user.save()
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert _page_language(response) == "fr"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_a_saved_language_wins_over_the_cookie(client, user):
    user.language = "ru"
    user.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(user)
    assert _page_language(client.get("/")) == "ru"


def test_the_menu_changes_the_language_and_saves_it_on_the_account(client, user):
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.language == "es"
    assert _page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="ja")) == "es"


def test_the_menu_without_an_account_sets_only_the_cookie(client):
    client.post("/i18n/setlang/", {"language": "pt", "next": "/"})
    assert _page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="ja")) == "pt"


def test_the_menu_refuses_a_language_not_offered(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.language == ""


def test_the_account_page_edits_the_language(client, user):
    client.force_login(user)
    page = client.get("/account/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'name="language"' in page and '<option value="ja" selected>' in page
    client.post("/account/", {"first_name": "Lena", "last_name": "K", "language": "zh-hant"})
    user.refresh_from_db()
    assert user.language == "zh-hant"
    assert _page_language(client.get("/")) == "zh-hant"


def test_the_account_page_without_the_field_keeps_the_language(client, user):
    user.language = "ja"
    user.save()
    client.force_login(user)
    client.post("/account/", {"first_name": "Lena", "last_name": "K"})
    user.refresh_from_db()
    assert user.language == "ja" and user.first_name == "Lena"


def test_emails_are_grouped_by_the_language_their_users_saved(user):
    user.language = "ja"
    user.save()
    UserFactory(email="nolang@example.org")
    groups = emails_by_language(["Lena@example.org", "nolang@example.org", "x@example.org"])
    assert groups == {
        "ja": ["Lena@example.org"],
        settings.LANGUAGE_CODE: ["nolang@example.org", "x@example.org"],
    }

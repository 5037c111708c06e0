"""Password reset by e-mail and e-mail address changes: the mails come from the worker's
tasks (run eagerly here, after the request's transaction commits), the answers do not tell
which addresses have accounts, and the links work once and expire."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail, signing
from django.utils import translation
from django.utils.html import escape

from publisher.celery import app as celery_app
from publisher.models import Role
from publisher.services.accounts import EMAIL_CHANGE_SALT, email_change_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "heron-quartz-8831"
LINK = re.compile(r"http://\S+")


@pytest.fixture(autouse=True)
def _fresh_cache_and_eager_tasks(settings, request):
    """Rate-limit counters start at zero; queued tasks run in the test's process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "accounts-%s" % request.node.name,
        }
    }
    settings.BASE_URL = "http://testserver"
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def member(db):
    return UserFactory(email="ana.member@example.org", role=Role.MANAGER, language="fr")


def french(text: str) -> str:
    """``text`` as pages show it to ``member``, whose language is French (HTML-escaped)."""
    with translation.override("fr"):
        return escape(translation.gettext(text))


def _post(client, capture, url, data, **extra):
    with capture(execute=True):
        return client.post(url, data, **extra)


def _link(message) -> str:
    return LINK.search(message.body).group(0)


# --- password reset ------------------------------------------------------------------------


def test_login_page_links_to_the_password_reset(client):
    page = client.get("/login/").content.decode()

    assert 'href="/password/reset/"' in page


def test_reset_mail_link_sets_the_password_once(client, member, django_capture_on_commit_callbacks):
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        "/password/reset/",
        {"email": "ANA.member@example.org"},
    )

    assert response.status_code == 302 and response["Location"] == "/password/reset/sent/"
    assert [m.to for m in mail.outbox] == [["ana.member@example.org"]]
    assert mail.outbox[0].subject == "Choisir un nouveau mot de passe"  # in the account's language
    link = _link(mail.outbox[0]).removeprefix("http://testserver")
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/password/reset/done/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not client.get(link, follow=True).context["validlink"]  # used once


def test_reset_lifts_the_login_lock_out(client, member, django_capture_on_commit_callbacks):
    for _ in range(5):
        client.post("/login/", {"username": member.email, "password": "wrong-password"})
    assert AccessAttempt.objects.filter(username=member.email).exists()
    _post(client, django_capture_on_commit_callbacks, "/password/reset/", {"email": member.email})
    form_page = client.get(_link(mail.outbox[0]).removeprefix("http://testserver"), follow=True)
    passwords = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(form_page.redirect_chain[-1][0], passwords)

    response = client.post("/login/", {"username": member.email, "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=member.email).exists()


def test_reset_answers_the_same_for_an_unknown_address(
    client, member, django_capture_on_commit_callbacks
):
    known = _post(
        client, django_capture_on_commit_callbacks, "/password/reset/", {"email": member.email}
    )
    unknown = _post(
        client,
        django_capture_on_commit_callbacks,
        "/password/reset/",
        {"email": "nobody@example.org"},
    )

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_reset_reaches_an_adopted_account_without_a_usable_password(
    client, django_capture_on_commit_callbacks
):
    adopted = UserFactory(email="old.ipt@example.org")
    adopted.set_unusable_password()
    adopted.save()

    _post(client, django_capture_on_commit_callbacks, "/password/reset/", {"email": adopted.email})

    assert [m.to for m in mail.outbox] == [[adopted.email]]


def test_reset_is_not_sent_to_an_inactive_account(client, django_capture_on_commit_callbacks):
    UserFactory(email="gone@example.org", is_active=False)

    response = _post(
        client,
        django_capture_on_commit_callbacks,
        "/password/reset/",
        {"email": "gone@example.org"},
    )

    assert response.status_code == 302 and not mail.outbox


def test_reset_requests_are_limited_per_address(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_MAIL_LIMIT_PER_ADDRESS = 2
    for _ in range(2):
        _post(
            client, django_capture_on_commit_callbacks, "/password/reset/", {"email": member.email}
        )

    refused = _post(
        client, django_capture_on_commit_callbacks, "/password/reset/", {"email": member.email}
    )

    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_reset_limit_per_address_counts_unknown_addresses_alike(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_MAIL_LIMIT_PER_ADDRESS = 1
    _post(
        client, django_capture_on_commit_callbacks, "/password/reset/", {"email": "x@example.org"}
    )

    refused = _post(
        client, django_capture_on_commit_callbacks, "/password/reset/", {"email": "x@example.org"}
    )

    assert refused.status_code == 429


def test_reset_requests_are_limited_per_client(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_MAIL_LIMIT_PER_CLIENT = 3
    for n in range(3):
        _post(
            client,
            django_capture_on_commit_callbacks,
            "/password/reset/",
            {"email": "a%d@example.org" % n},
        )

    refused = _post(
        client, django_capture_on_commit_callbacks, "/password/reset/", {"email": member.email}
    )
    other_client = _post(
        client,
        django_capture_on_commit_callbacks,
        "/password/reset/",
        {"email": member.email},
        REMOTE_ADDR="192.0.2.7",
    )

    assert refused.status_code == 429 and other_client.status_code == 302
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_reset_link_expires(client, member, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_TIMEOUT = 1
    _post(client, django_capture_on_commit_callbacks, "/password/reset/", {"email": member.email})
    time.sleep(2.1)  # Django's tokens count whole seconds

    page = client.get(_link(mail.outbox[0]).removeprefix("http://testserver"), follow=True)

    assert not page.context["validlink"]
    assert 'data-testid="password-reset-invalid"' in page.content.decode()


# --- e-mail change -------------------------------------------------------------------------


def _ask_change(client, capture, new_email, password=PASSWORD):
    return _post(client, capture, "/account/email/", {"new_email": new_email, "password": password})


def test_email_change_needs_a_login(client):
    response = client.get("/account/email/")

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_email_changes_only_once_the_link_is_opened_and_the_old_address_is_told(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    response = _ask_change(client, django_capture_on_commit_callbacks, "Ana.New@example.org")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "ana.member@example.org"
    assert [m.to for m in mail.outbox] == [["ana.new@example.org"]]
    link = _link(mail.outbox[0]).removeprefix("http://testserver")
    assert client.get(link).status_code == 200  # a GET (a mail scanner) changes nothing
    member.refresh_from_db()
    assert member.email == "ana.member@example.org"
    confirmed = _post(client, django_capture_on_commit_callbacks, link, {})
    assert confirmed.status_code == 302
    member.refresh_from_db()
    assert member.email == "ana.new@example.org"
    assert mail.outbox[-1].to == ["ana.member@example.org"]
    assert "ana.new@example.org" in mail.outbox[-1].body
    assert client.session[SESSION_KEY] == str(member.pk)


def test_email_change_link_works_once(client, member, django_capture_on_commit_callbacks):
    link = "/account/email/confirm/%s/" % email_change_token(user=member, new_email="n@example.org")
    _post(client, django_capture_on_commit_callbacks, link, {})

    again = _post(client, django_capture_on_commit_callbacks, link, {})

    assert again.status_code == 400
    assert "no longer valid" in again.content.decode()


def test_email_change_invalidates_the_other_pending_links(
    client, member, django_capture_on_commit_callbacks
):
    first = email_change_token(user=member, new_email="first@example.org")
    second = email_change_token(user=member, new_email="second@example.org")
    _post(client, django_capture_on_commit_callbacks, "/account/email/confirm/%s/" % second, {})

    stale = _post(
        client, django_capture_on_commit_callbacks, "/account/email/confirm/%s/" % first, {}
    )

    assert stale.status_code == 400
    member.refresh_from_db()
    assert member.email == "second@example.org"


def test_email_change_link_expires(client, member, settings):
    settings.EMAIL_CHANGE_TIMEOUT = 60
    payload = {"u": member.pk, "old": member.email, "new": "late@example.org"}
    signer = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT)
    token = signer.sign_object(payload, serializer=signing.JSONSerializer, compress=True)
    past = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT)
    past.timestamp = lambda: signing.b62_encode(int(time.time()) - 120)
    expired = past.sign_object(payload, serializer=signing.JSONSerializer, compress=True)

    assert client.get("/account/email/confirm/%s/" % token).status_code == 200
    assert client.get("/account/email/confirm/%s/" % expired).status_code == 400


def test_forged_email_change_link_is_refused(client, member):
    token = email_change_token(user=member, new_email="n@example.org")

    response = client.post("/account/email/confirm/%s/" % (token[:-2] + "xx"))

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email == "ana.member@example.org"


def test_email_change_refuses_a_wrong_password(client, member, django_capture_on_commit_callbacks):
    client.force_login(member)

    response = _ask_change(
        client, django_capture_on_commit_callbacks, "n@example.org", "wrong-password"
    )

    assert response.status_code == 200
    assert french("The password is not correct.") in response.content.decode()
    assert not mail.outbox


def test_email_change_attempts_are_limited_even_with_a_wrong_password(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_MAIL_LIMIT_PER_ADDRESS = 2
    client.force_login(member)
    for _ in range(2):
        _ask_change(client, django_capture_on_commit_callbacks, "n@example.org", "wrong-password")

    refused = _ask_change(client, django_capture_on_commit_callbacks, "n@example.org")

    assert french("Too many requests; try again in an hour.") in refused.content.decode()
    assert not mail.outbox


def test_email_change_refuses_an_address_of_another_account_without_saying_whose(
    client, member, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org")
    client.force_login(member)

    response = _ask_change(client, django_capture_on_commit_callbacks, "TAKEN@example.org")

    page = response.content.decode()
    assert french("Could not use this address.") in page and "already exists" not in page
    assert not mail.outbox


def test_email_change_confirm_refuses_an_address_taken_meanwhile(client, member):
    token = email_change_token(user=member, new_email="race@example.org")
    UserFactory(email="race@example.org")

    response = client.post("/account/email/confirm/%s/" % token)

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email == "ana.member@example.org"

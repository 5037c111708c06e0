"""API errors speak the request's language: ``code`` stays, ``message`` is translated (#22)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop
from rest_framework.test import APIClient

from core import error_codes as codes
from core.api.errors import exception_handler
from core.errors import Text, UserError
from core.models import JobStatus
from publisher.templatetags.job_tags import job_error
from tests.factories import JobFactory, ResourceFactory

# Messages Django's own catalogues translate, so the test does not wait for ours.
REQUIRED = gettext_noop("This field is required.")
EXISTS = gettext_noop("%(model_name)s with this %(field_label)s already exists.")


def _answer(exc: Exception, language: str) -> dict:
    with translation.override(language):
        return exception_handler(exc, {}).data


def test_a_user_error_message_is_translated_when_answered_not_when_raised():
    with translation.override("en"):
        exc = UserError(REQUIRED, code=codes.USER_INVALID)

    spanish = _answer(exc, "es")

    assert spanish["code"] == "user:invalid"
    assert spanish["message"] == "Este campo es requerido."
    assert _answer(exc, "en")["message"] == "This field is required."


def test_placeholders_are_filled_in_after_translating():
    exc = UserError(EXISTS, code=codes.USER_INVALID, params={"model_name": "X", "field_label": "Y"})

    assert exc.message == "X with this Y already exists."
    assert _answer(exc, "es")["message"] == "Ya existe X con este Y."


def test_a_code_without_a_message_answers_its_default_message_translated():
    exc = UserError(code=codes.NOT_FOUND)

    for language in ("en", "es"):
        with translation.override(language):
            expected = str(gettext_lazy(str(codes.NOT_FOUND.message)))
        assert _answer(exc, language) == {**_answer(exc, "en"), "message": expected}


@pytest.mark.django_db
def test_the_api_answers_in_the_accept_language_with_the_same_code():
    api = APIClient()
    english = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()
    spanish = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="es").json()

    assert english["code"] == spanish["code"] == "auth:not-authenticated"
    with translation.override("es"):
        assert spanish["message"] == translation.gettext(english["message"])
    assert spanish["message"] != english["message"]


@pytest.mark.django_db
def test_a_toolkit_error_from_a_view_answers_in_the_accept_language(manager_user):
    ResourceFactory(shortname="ponds", creator=manager_user)
    api = APIClient()
    api.force_authenticate(manager_user)
    url = "/api/v1/resources/ponds/metadata"

    answers = {
        lang: api.put(url, b"", content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)
        for lang in ("en", "es")
    }

    english, spanish = (answers[lang].json() for lang in ("en", "es"))
    assert english["code"] == spanish["code"]
    with translation.override("es"):
        assert spanish["message"] == translation.gettext(english["message"])


@pytest.mark.django_db
def test_a_failed_job_shows_its_stored_english_message_in_the_readers_language():
    job = JobFactory(status=JobStatus.FAILED, error_code="user:invalid", error_message=REQUIRED)

    with translation.override("es"):
        assert job_error(job) == "Este campo es requerido."


@pytest.mark.django_db
def test_a_failed_job_keeps_its_message_translatable_beside_its_result():
    job = JobFactory(status=JobStatus.RUNNING, result={"report": {"checks": []}})
    exc = UserError(EXISTS, code=codes.USER_INVALID, params={"model_name": "X", "field_label": "Y"})

    job.mark_failed(code=exc.code, message=exc.message, text=exc.text().to_dict())

    assert job.error_message == "X with this Y already exists."
    assert job.result["report"] == {"checks": []}
    with translation.override("es"):
        assert job_error(job) == "Ya existe X con este Y."


def test_a_text_survives_json_with_its_nested_parts():
    inner = Text(REQUIRED)
    text = Text(
        "%(where)s: %(message)s",
        {
            "where": ["a.csv", Text(EXISTS, {"model_name": "M", "field_label": "L"})],
            "message": inner,
        },
    )

    again = Text.from_dict(json.loads(json.dumps(text.to_dict())))

    assert again == text
    assert again.english() == "a.csv, M with this L already exists.: This field is required."

"""Forms rendered by ``_form.html`` answer a submission with errors with a summary the browser
focuses (forms.js), linking each field, and mark the fields for assistive technology."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from publisher.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    client = Client()
    client.force_login(UserFactory(role=Role.MANAGER))
    return client


def create(client, **data):
    response = client.post(reverse("resource-new"), {"type": "sampling-event", **data})
    return response, lxml.html.fromstring(response.content.decode())


def test_a_bad_short_name_is_listed_in_a_focusable_summary_linking_its_field(client):
    response, page = create(client, shortname="a!", title="Ponds")
    assert response.status_code == 200
    summary = page.xpath('//*[@data-testid="error-summary"]')[0]
    assert summary.get("tabindex") == "-1"
    assert summary.get("role") == "alert"
    assert summary.get("data-error-summary") is not None
    links = summary.xpath(".//a")
    assert [a.get("href") for a in links] == ["#id_shortname"]
    assert "Use at least 3 characters" in links[0].text_content()


def test_a_field_with_an_error_is_invalid_and_described_by_its_error_and_help(client):
    _response, page = create(client, shortname="a!")
    field = page.xpath('//input[@name="shortname"]')[0]
    assert field.get("aria-invalid") == "true"
    described = field.get("aria-describedby").split()
    assert sorted(described) == ["id_shortname_error", "id_shortname_helptext"]
    error = page.xpath('//*[@id="id_shortname_error"]')[0]
    assert "Use at least 3 characters" in error.text_content()
    assert page.xpath('//*[@id="id_shortname_helptext"]')


def test_a_valid_field_is_not_marked_invalid(client):
    _response, page = create(client, shortname="a!", title="Ponds")
    title = page.xpath('//input[@name="title"]')[0]
    assert title.get("aria-invalid") is None


def test_a_form_shown_before_any_submission_has_no_summary(client):
    page = client.get(reverse("resource-new")).content.decode()
    assert 'data-testid="error-summary"' not in page
    assert "data-error-summary" not in page


def test_a_form_error_of_no_field_is_listed_in_the_summary():
    response = Client().post(reverse("login"), {"username": "nobody@example.org", "password": "x"})
    page = lxml.html.fromstring(response.content.decode())
    summary = page.xpath('//*[@data-testid="error-summary"]')
    assert summary and summary[0].xpath(".//li")

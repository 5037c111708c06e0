"""The page scripts translate through Django's JavaScript catalogue, loaded as a file (#22)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_loads_the_catalogue_before_its_scripts(client):
    html = client.get(reverse("home")).content.decode()

    catalogue = '<script src="%s" defer></script>' % reverse("javascript-catalog")
    assert catalogue in html
    assert html.index(catalogue) < html.index("js/site.js")


def test_the_catalogue_answers_javascript_in_the_requested_language(client):
    response = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "django.gettext" in response.content.decode()

"""The publication log (`publicationlog.do`, as the IPT serves it) in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client

from resources.models import Version

from .conftest import fake_published

pytestmark = pytest.mark.django_db


def _log(resource, language: str) -> str:
    url = "/publicationlog.do?r=%s" % resource.shortname
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert "Accept-Language" in response["Vary"]
    return response.content.decode()


def test_the_log_is_written_in_the_readers_language(data_dir):
    resource = fake_published(change_summary="Added the 2024 survey.")
    check = {"check": "x-check", "severity": "warning", "file": "event.txt", "count": 2}
    Version.objects.filter(resource=resource).update(report={"checks": [check | {"message": "M"}]})

    english = _log(resource, "en")
    assert english.startswith("Publication of version 1.0, ")
    assert "Change summary: Added the 2024 survey." in english
    assert "event.txt: 3 records" in english
    assert "warning x-check in event.txt: 2 row(s). M" in english

    spanish = _log(resource, "es")
    assert spanish.startswith("Publicación de la versión 1.0, ")
    assert "Added the 2024 survey." in spanish and "Change summary" not in spanish
    assert "event.txt: 3 registros" in spanish
    assert "x-check" in spanish and "warning" not in spanish


def test_a_severity_reads_the_same_in_the_report_badges_and_the_log():
    from django.template import Context, Template
    from django.utils import translation

    from resources.check_text import severity_label

    badge = Template("{% load publication_tags %}{{ s|severity_label }}")
    with translation.override("fr"):
        words = [badge.render(Context({"s": s})) for s in ("error", "warning", "info", "x")]
        assert words == [severity_label(s) for s in ("error", "warning", "info", "x")]
    assert words[:2] == ["erreur", "avertissement"] and words[3] == "x"

"""The ``when`` filter: one human, locale-aware way to show dates on every page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

MOMENT = datetime(2026, 12, 6, 10, 56, 30, tzinfo=UTC)


def render(text: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template(text).render(Context(context))


def test_english_shows_day_month_year_and_a_24_hour_clock():
    assert render("{{ v|when }}", v=MOMENT) == (
        '<time datetime="2026-12-06T10:56:30+00:00">6 Dec 2026, 10:56</time>'
    )


def test_french_and_spanish_show_their_own_month_names():
    assert render("{{ v|when }}", "fr", v=MOMENT).endswith(">6 décembre 2026 10:56</time>")
    assert render("{{ v|when }}", "es", v=MOMENT).endswith(
        ">6 de diciembre de 2026 a las 10:56</time>"
    )


def test_japanese_shows_year_month_day():
    assert render('{{ v|when:"date" }}', "ja", v=MOMENT).endswith(">2026年12月6日</time>")


def test_date_variant_drops_the_time_of_day():
    assert render('{{ v|when:"date" }}', v=MOMENT) == (
        '<time datetime="2026-12-06">6 Dec 2026</time>'
    )


def test_plain_dates_show_as_dates():
    assert render("{{ v|when }}", v=date(2024, 4, 12)) == (
        '<time datetime="2024-04-12">12 Apr 2024</time>'
    )


def test_moments_show_in_the_installation_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert render("{{ v|when }}", v=MOMENT) == (
        '<time datetime="2026-12-06T11:56:30+01:00">6 Dec 2026, 11:56</time>'
    )


def test_iso_strings_are_read():
    shown = render("{{ v|when }}", v="2026-12-06T10:56:30+00:00")
    assert shown.endswith(">6 Dec 2026, 10:56</time>")


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_shows_nothing_so_a_default_can_follow(value):
    assert render('{{ v|when|default:"—" }}', v=value) == "—"


def test_text_that_is_no_date_is_shown_escaped():
    assert render("{{ v|when }}", v="<soon>") == "&lt;soon&gt;"


def test_partial_dates_of_metadata_are_shown_as_written():
    assert render('{{ v|when:"date" }}', v="2024") == "2024"

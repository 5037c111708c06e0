"""The ``grouped`` filter and the number, date and size formats of the seven languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

NBSP = "\xa0"


def render(text: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(text).render(Context(context))


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "1,234,567"),
        ("es", "1%s234%s567" % (NBSP, NBSP)),
        ("fr", "1%s234%s567" % (NBSP, NBSP)),
        ("pt", "1.234.567"),
        ("ru", "1%s234%s567" % (NBSP, NBSP)),
        ("zh-hant", "1,234,567"),
        ("ja", "1,234,567"),
    ],
)
def test_counts_are_grouped_as_each_language_writes_them(language, shown):
    assert render("{{ n|grouped }}", language, n=1234567) == shown


def test_decimals_use_the_languages_decimal_mark():
    assert render("{{ n|grouped }}", "fr", n=Decimal("1234.5")) == "1%s234,5" % NBSP
    assert render("{{ n|grouped }}", "en", n=1234.5) == "1,234.5"


@pytest.mark.parametrize("value, shown", [(None, ""), ("", ""), ("many", "many"), (True, "True")])
def test_what_is_no_number_is_left_alone(value, shown):
    assert render("{{ n|grouped }}", "fr", n=value) == shown


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "6 Dec 2026"),
        ("es", "6 de diciembre de 2026"),
        ("fr", "6 décembre 2026"),
        ("ru", "6 декабря 2026 г."),
        ("zh-hant", "2026年12月6日"),
        ("ja", "2026年12月6日"),
    ],
)
def test_every_language_has_a_date_format_of_its_own(language, shown):
    assert render('{{ d|when:"date" }}', language, d=date(2026, 12, 6)).endswith(
        ">%s</time>" % shown
    )


def test_japanese_moments_have_a_space_before_the_time():
    from datetime import UTC, datetime

    moment = datetime(2026, 12, 6, 10, 56, tzinfo=UTC)
    assert render("{{ m|when }}", "ja", m=moment).endswith(">2026年12月6日 10:56</time>")


def test_file_sizes_follow_the_language():
    assert render("{{ s|filesizeformat }}", "fr", s=123456789) == "117,7%sMio" % NBSP
    assert render("{{ s|filesizeformat }}", "en", s=123456789) == "117.7%sMB" % NBSP

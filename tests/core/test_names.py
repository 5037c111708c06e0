"""Country and language names in the page's language (CLDR through Babel)."""

from __future__ import annotations

from django.utils import translation

from core.names import country_name, language_name
from metadata.forms import choices


def test_countries_and_languages_are_named_in_the_active_language():
    with translation.override("ja"):
        assert (country_name("DE"), language_name("no")) == ("ドイツ", "ノルウェー語")
    with translation.override("zh-hant"):
        assert country_name("de") == "德國"
    with translation.override("en"):
        assert (country_name("DE"), language_name("no")) == ("Germany", "Norwegian")


def test_a_code_the_cldr_does_not_know_keeps_the_given_name():
    with translation.override("ja"):
        assert country_name("QQ", "Atlantis") == "Atlantis"
        assert language_name("qqq") == "qqq"


def test_the_metadata_editor_names_countries_and_languages_in_the_page_language():
    with translation.override("ja"):
        countries = dict(choices.countries())
        languages = dict(choices.languages())
    assert countries["DE"] == "ドイツ" and countries["JP"] == "日本"
    assert languages["no"] == "ノルウェー語 (no)"
    with translation.override("en"):
        assert dict(choices.countries())["DE"] == "Germany"

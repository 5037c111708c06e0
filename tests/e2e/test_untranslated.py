"""The matcher of the language journeys: which texts count as English interface strings."""

from __future__ import annotations

import polib
import pytest

from tests.e2e.untranslated import FOLDERS, LOCALE, catalogue


@pytest.mark.parametrize(
    "text",
    [
        "Log in",
        "Not published yet.",
        "3 values break a rule",  # a plural msgid with a placeholder
        "1 value breaks a rule",
    ],
)
def test_msgids_the_language_translates_are_english(text):
    assert catalogue("fr").is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Se connecter",
        "3 valeurs enfreignent une règle",
        "Nouveau mapping",  # a placeholder beside a single word stands for a number only
        "Pond survey",  # data
        "eventDate",  # a term name
    ],
)
def test_translations_data_and_names_are_not_english(text):
    assert not catalogue("fr").is_english(text)


def test_a_msgid_the_language_keeps_as_it_is_is_no_finding():
    entries = polib.pofile(str(LOCALE / FOLDERS["ja"] / "LC_MESSAGES" / "django.po"))
    same = [e for e in entries if e.msgstr == e.msgid and len(e.msgid) > 3]
    assert same, "expected some msgids that Japanese keeps as they are (EML, DOI...)"
    assert not catalogue("ja").is_english(same[0].msgid)

"""Check titles and messages are translated where shown, then filled in (#22)."""

from __future__ import annotations

from unittest import mock

import pytest

from resources.check_text import check_message, check_title, mapping_check, report_entry
from resources.quality.declarations import message_of

CODE = "core-id-duplicate"
OTHERS = "core-id-case-duplicate"


@pytest.fixture
def marked():
    """A stand-in catalogue: every message "translated" by a mark in front of it."""
    with mock.patch("resources.check_text.gettext", side_effect=lambda text: "[es] " + text):
        yield


def test_a_message_is_translated_before_its_value_is_filled_in(marked):
    english = message_of(CODE, "E1")

    assert (
        check_message(CODE, english, value="E1")
        == "[es] The core id E1 is used by more than one row."
    )


def test_a_title_is_translated(marked):
    title = "Core ids used by more than one row."

    assert check_title(CODE, title) == "[es] " + title
    assert check_message(CODE, title, value="3") == "[es] " + title


def test_a_message_that_cannot_be_filled_again_stays_as_written(marked):
    english = message_of(OTHERS, "E1", others="e1")

    assert check_message(OTHERS, english, value="E1") == english
    assert check_message("no-such-check", "Free text.") == "Free text."


def test_report_entries_and_mapping_checks_get_their_messages_translated(marked):
    sample = {"value": "E1", "term": "", "message": message_of(CODE, "E1")}
    title = "Core ids used by more than one row."
    entry = {"check": CODE, "title": title, "message": title, "count": 2, "samples": [sample]}

    shown = report_entry(entry)
    checked = mapping_check({"check": CODE, "message": sample["message"], "examples": [sample]}, "")

    assert shown["title"] == shown["message"] == "[es] " + title
    assert shown["samples"][0]["message"] == checked["message"] == "[es] " + sample["message"]
    assert entry["message"] == title


def test_in_english_nothing_changes():
    english = message_of(CODE, "E1")

    assert check_message(CODE, english, value="E1") == english

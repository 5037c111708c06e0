"""The check declarations: one per code, complete, and README's table generated from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.dwca.model import ArchiveFile
from resources.quality import table
from resources.quality.declarations import CHECKS, Check, Finding, declare, each, message_of
from resources.quality.rows import DWC, OCCURRENCE, RowChecks

ROOT = Path(__file__).resolve().parents[3]


def test_a_code_is_declared_once():
    existing = next(iter(CHECKS.values()))
    with pytest.raises(ValueError, match="declared twice"):
        declare(existing)


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="unknown severity"):
        declare(Check("made-up-check", "fatal", "Title.", "Message.", "Rule."))
    assert "made-up-check" not in CHECKS


def test_the_readme_table_is_generated_from_the_declarations():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert table.readme_table(text) == table.markdown_table(), (
        "README's checks table is out of date: run manage.py checks_table --readme README.md"
    )
    for check in CHECKS.values():
        assert "| `%s` | %s |" % (check.code, check.severity) in text


def test_the_table_lists_blocking_checks_first():
    lines = table.markdown_table().splitlines()[2:]
    severities = [line.split(" | ")[1] for line in lines]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_messages_are_sentences_with_their_values_filled_in():
    text = message_of("vocabulary-value", "presnt", DWC + "occurrenceStatus")
    assert text.startswith('occurrenceStatus "presnt" is not in')


def test_a_new_check_is_one_declaration_and_runs_at_once(monkeypatch):
    # Adding a check: declare it; the engine derives the loop for every file that maps it.
    check = Check(
        code="made-up-shout",
        severity="warning",
        title="Values are shouted.",
        message='%(term)s "%(value)s" is in capitals.',
        rule="House style.",
        uses=each([DWC + "locality"], lambda v: Finding(v) if v.isupper() else None),
    )
    monkeypatch.setitem(CHECKS, check.code, check)
    checks = RowChecks(ArchiveFile(OCCURRENCE, "o.txt", [DWC + "locality"], []))
    assert "made-up-shout" in checks.active
    (flag,) = checks.check_cells(["HILL"])
    assert (flag.check, flag.message) == ("made-up-shout", 'locality "HILL" is in capitals.')
    assert checks.check_cells(["Hill"]) == ()

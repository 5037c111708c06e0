"""The translation catalogues are complete, correct and compiled (CONTRIBUTING.md, "Translations").

For every language and domain under ``locale/``: the committed ``.mo`` is what the ``.po``
compiles to; no entry is fuzzy or empty; no msgstr is its msgid (except the names and codes
of ``locale/same_as_source.txt``); every msgstr has its msgid's placeholders and HTML tags;
``msgfmt --check`` agrees (when GNU gettext is installed); and the msgids are those the code
holds today (when xgettext is installed: ``make messages`` regenerates them). Each check is
first shown to fail on a small catalogue made to break it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from core.catalogues import (
    Catalogue,
    Problem,
    catalogues,
    compile_po,
    empty_or_fuzzy,
    msgfmt_check,
    placeholder_mismatches,
    read_allowlist,
    same_as_source,
    status,
)

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
ALLOWLIST = LOCALE / "same_as_source.txt"
SHOWN = 10  # offending msgids listed in a failure message

REAL = catalogues(LOCALE)


def _report(catalogue: Catalogue, what: str, problems: list[Problem]) -> str:
    s = status(catalogue.po)
    lines = [
        "%s: %d entries %s (%d msgids, %d translated, %d fuzzy, %d untranslated); first %d:"
        % (
            catalogue.name,
            len(problems),
            what,
            s.msgids,
            s.translated,
            s.fuzzy,
            s.untranslated,
            min(SHOWN, len(problems)),
        ),
        *("  %s" % p for p in problems[:SHOWN]),
    ]
    return "\n".join(lines)


def _fail_on(catalogue: Catalogue, what: str, problems: list[Problem]) -> None:
    if problems:
        pytest.fail(_report(catalogue, what, problems), pytrace=False)


def _allowed(catalogue: Catalogue) -> set[str]:
    allowlist = read_allowlist(ALLOWLIST)
    return allowlist.get("*", set()) | allowlist.get(catalogue.language, set())


# --- the real catalogues ---------------------------------------------------------------------


def test_every_language_of_the_menu_has_a_catalogue(settings):
    from django.utils.translation import to_locale

    languages = {to_locale(code) for code, _ in settings.LANGUAGES if code != "en"}
    assert languages <= {c.language for c in REAL if c.domain == "django"}


@pytest.mark.parametrize("catalogue", REAL, ids=lambda c: c.name)
def test_committed_mo_is_the_compiled_po(catalogue):
    assert catalogue.mo.exists(), "%s is missing: run manage.py compile_catalogues" % catalogue.mo
    assert catalogue.mo.read_bytes() == compile_po(catalogue.po), (
        "%s is stale: run manage.py compile_catalogues and commit the .mo" % catalogue.mo
    )


@pytest.mark.parametrize("catalogue", REAL, ids=lambda c: c.name)
def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    problems = empty_or_fuzzy(polib.pofile(str(catalogue.po)))
    _fail_on(catalogue, "untranslated or fuzzy", problems)


@pytest.mark.parametrize("catalogue", REAL, ids=lambda c: c.name)
def test_no_msgstr_is_left_as_its_msgid(catalogue):
    problems = same_as_source(polib.pofile(str(catalogue.po)), _allowed(catalogue))
    _fail_on(
        catalogue, "equal to their msgid (locale/same_as_source.txt lists exceptions)", problems
    )


@pytest.mark.parametrize("catalogue", REAL, ids=lambda c: c.name)
def test_translations_keep_the_placeholders_and_tags(catalogue):
    problems = placeholder_mismatches(polib.pofile(str(catalogue.po)))
    _fail_on(catalogue, "with other placeholders or tags", problems)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("catalogue", REAL, ids=lambda c: c.name)
def test_msgfmt_check_passes(catalogue):
    assert msgfmt_check(catalogue.po) == ""


# --- the msgids are those of the code --------------------------------------------------------


def _makefile_ignores() -> list[str]:
    """The ``-i`` patterns of the Makefile's ``messages`` target, so both extract the same."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^MESSAGES_IGNORE :=(.*)$", text, re.MULTILINE)
    assert line, "the Makefile has no MESSAGES_IGNORE"
    return re.findall(r'-i "([^"]+)"', line.group(1))


def _keys(po: Path) -> set[tuple[str, str, str]]:
    if not po.exists():
        return set()
    return {(e.msgctxt or "", e.msgid, e.msgid_plural or "") for e in polib.pofile(str(po))}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The locale folder ``makemessages`` writes for a copy of the code (one language: the
    msgids are the same for all)."""
    copy = tmp_path_factory.mktemp("messages") / "tree"
    skipped = [p[:-2] for p in _makefile_ignores() if re.fullmatch(r"[^/*]+/\*", p)]
    shutil.copytree(
        ROOT,
        copy,
        # makemessages skips hidden folders (.git, .venv, the caches) by itself.
        ignore=shutil.ignore_patterns(".*", "locale", "__pycache__", "*.egg-info", *skipped),
    )
    (copy / "locale").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "publisher.settings",
        "DATA_DIR": str(copy / "var"),
    }
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-d", domain, "-l", "xx", "--no-wrap"]
            + [arg for p in _makefile_ignores() for arg in ("-i", p)],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
    return copy / "locale" / "xx" / "LC_MESSAGES"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
@pytest.mark.parametrize("catalogue", REAL, ids=lambda c: c.name)
def test_msgids_are_those_of_the_code(catalogue, extracted):
    expected = _keys(extracted / catalogue.po.name)
    committed = _keys(catalogue.po)
    missing, extra = sorted(expected - committed), sorted(committed - expected)
    assert not missing and not extra, (
        "%s is out of date with the code: run make messages. %d msgids missing, first %s; "
        "%d gone from the code, first %s"
        % (catalogue.name, len(missing), missing[:SHOWN], len(extra), extra[:SHOWN])
    )


# --- each check fails on a catalogue made to break it ----------------------------------------

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


def _po(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "xx" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _msgids(problems: list[Problem]) -> list[str]:
    return [p.msgid for p in problems]


GOOD = """
#, python-format
msgid "%(n)s record in <b>%(name)s</b>"
msgid_plural "%(n)s records in <b>%(name)s</b>"
msgstr[0] "%(n)s enregistrement dans <b>%(name)s</b>"
msgstr[1] "%(n)s enregistrements dans <b>%(name)s</b>"

msgid "Saved {when}."
msgstr "Enregistré {when}."

msgid "OK"
msgstr "OK"

msgid "50%"
msgstr "50 %"

msgid "·"
msgstr "·"
"""


def test_a_complete_catalogue_passes_every_check(tmp_path):
    po = polib.pofile(str(_po(tmp_path, GOOD)))
    assert empty_or_fuzzy(po) == []
    assert same_as_source(po, {"OK"}) == []
    assert placeholder_mismatches(po) == []
    assert msgfmt_check(_po(tmp_path, GOOD)) in ("", None)


def test_fuzzy_empty_and_missing_plural_forms_are_found(tmp_path):
    po = polib.pofile(
        str(
            _po(
                tmp_path,
                '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Flou"\n\n'
                'msgid "Empty"\nmsgstr ""\n\n'
                'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Un"\n\n'
                'msgid "Half"\nmsgid_plural "Halves"\nmsgstr[0] "Moitié"\nmsgstr[1] ""\n',
            )
        )
    )
    assert _msgids(empty_or_fuzzy(po)) == ["Fuzzy", "Empty", "One", "Half"]


def test_msgstr_equal_to_msgid_is_found_unless_allowed(tmp_path):
    po = polib.pofile(
        str(_po(tmp_path, 'msgid "Save"\nmsgstr "Save"\n\nmsgid "Type"\nmsgstr "Type"\n'))
    )
    assert _msgids(same_as_source(po)) == ["Save", "Type"]
    assert _msgids(same_as_source(po, {"Type"})) == ["Save"]


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("%(n)s rows", "%(count)s lignes"),  # renamed
        ("%(n)s rows", "lignes"),  # dropped
        ("%s of %s", "%s de"),  # one positional dropped
        ("Saved {when}.", "Enregistré {quand}."),  # brace placeholder renamed
        ('Read <a href="%(url)s">the guide</a>.', "Lisez le guide."),  # tag dropped
        ("A <b>bold</b> word", "Un mot <i>gras</i>"),  # other tag
    ],
)
def test_placeholder_and_tag_changes_are_found(tmp_path, msgid, msgstr):
    flag = "#, python-format\n" if "%" in msgid else ""
    po = polib.pofile(
        str(
            _po(
                tmp_path,
                '%smsgid "%s"\nmsgstr "%s"\n'
                % (flag, msgid.replace('"', '\\"'), msgstr.replace('"', '\\"')),
            )
        )
    )
    assert _msgids(placeholder_mismatches(po)) == [msgid]


def test_a_plural_form_without_its_placeholder_is_found(tmp_path):
    po = polib.pofile(
        str(
            _po(
                tmp_path,
                '#, python-format\nmsgid "%(n)s row"\nmsgid_plural "%(n)s rows"\n'
                'msgstr[0] "%(n)s ligne"\nmsgstr[1] "des lignes"\n',
            )
        )
    )
    assert _msgids(placeholder_mismatches(po)) == ["%(n)s row"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_msgfmt_check_finds_a_broken_format(tmp_path):
    po = _po(tmp_path, '#, python-format\nmsgid "%(n)d rows"\nmsgstr "%(n)s lignes %(x)d"\n')
    assert msgfmt_check(po)


def test_compiling_is_deterministic_and_leaves_out_fuzzy_entries(tmp_path):
    po = _po(tmp_path, GOOD + '\n#, fuzzy\nmsgid "Draft"\nmsgstr "Brouillon"\n')
    first, second = compile_po(po), compile_po(po)
    assert first == second
    mo = tmp_path / "django.mo"
    mo.write_bytes(first)
    compiled = polib.mofile(str(mo))
    assert "Draft" not in {e.msgid for e in compiled}
    assert "Saved {when}." in {e.msgid for e in compiled}


def test_compile_catalogues_check_fails_on_a_stale_mo(tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.LOCALE_PATHS = [tmp_path]
    _po(tmp_path, GOOD)
    with pytest.raises(CommandError, match="1 .mo file"):
        call_command("compile_catalogues", "--check")
    call_command("compile_catalogues")
    call_command("compile_catalogues", "--check")
    assert (tmp_path / "xx" / "LC_MESSAGES" / "django.mo").exists()


def test_catalogue_status_counts_each_state(tmp_path, settings, capsys):
    from django.core.management import call_command

    settings.LOCALE_PATHS = [tmp_path]
    _po(tmp_path, GOOD + '\n#, fuzzy\nmsgid "A"\nmsgstr "B"\n\nmsgid "C"\nmsgstr ""\n')
    call_command("catalogue_status")
    row = capsys.readouterr().out.splitlines()[1].split()
    assert row[:5] == ["xx/django", "7", "5", "1", "1"]

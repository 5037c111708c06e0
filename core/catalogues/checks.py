"""What makes a catalogue entry wrong: missing, fuzzy, left in English, or with placeholders
that differ from its msgid's. Each check returns the offending entries, in file order."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import polib

# %(name)s, %s, %d ... (python-format); {name}, {0}, {} (brace format, not Django's {{ }});
# HTML tags with their attributes. "%%" is a literal percent sign and no placeholder.
_PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifreEgGxXoc]")
_BRACE = re.compile(r"(?<!\{)\{[A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_PLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Problem:
    """One entry that fails a check, and why."""

    msgid: str
    detail: str

    def __str__(self) -> str:
        return "%r: %s" % (self.msgid, self.detail)


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def nplurals(po: polib.POFile) -> int:
    """The number of plural forms the catalogue's header declares (1 without one)."""
    found = _PLURALS.search(str(po.metadata.get("Plural-Forms", "")))
    return int(found.group(1)) if found else 1


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [str(entry.msgstr_plural[k]) for k in sorted(entry.msgstr_plural)]
    return [str(entry.msgstr)]


def empty_or_fuzzy(po: polib.POFile) -> list[Problem]:
    """Entries marked fuzzy, with an empty msgstr, or with a plural form missing or extra."""
    forms = nplurals(po)
    problems = []
    for entry in _live(po):
        texts = _translations(entry)
        if entry.fuzzy:
            problems.append(Problem(str(entry.msgid), "fuzzy"))
        elif entry.msgid_plural and len(texts) != forms:
            problems.append(
                Problem(str(entry.msgid), "%d plural forms, not %d" % (len(texts), forms))
            )
        elif not all(texts):
            problems.append(Problem(str(entry.msgid), "not translated"))
    return problems


def _has_words(text: str) -> bool:
    """Whether anything is left to translate once placeholders and tags are taken out."""
    for pattern in (_PERCENT, _BRACE, _TAG):
        text = pattern.sub("", text)
    return bool(_LETTER.search(text))


def same_as_source(po: polib.POFile, allowed: Iterable[str] = ()) -> list[Problem]:
    """Translated entries whose msgstr is the msgid itself, except the ``allowed`` msgids and
    strings with no words (only placeholders, tags, numbers or punctuation)."""
    allowed = set(allowed)
    problems = []
    for entry in _live(po):
        if entry.msgid in allowed or not _has_words(str(entry.msgid)):
            continue
        sources = {str(entry.msgid), str(entry.msgid_plural or entry.msgid)}
        if any(text and text in sources for text in _translations(entry)):
            problems.append(Problem(str(entry.msgid), "msgstr is the msgid"))
    return problems


def placeholders(text: str, *, percent: bool = True) -> Counter[str]:
    """The placeholders and HTML tags of ``text``, counted. ``percent`` False leaves ``%``
    sequences alone (in text that is no python-format string, "50%" means fifty percent)."""
    found: Counter[str] = Counter(_BRACE.findall(text))
    found.update(_TAG.findall(text))
    if percent:
        found.update(_PERCENT.findall(text.replace("%%", "")))
    return found


def _form_problem(entry: polib.POEntry, index: int, text: str, percent: bool) -> str | None:
    """Why plural form ``index`` (or the only msgstr) does not carry the msgid's placeholders."""
    got = placeholders(text, percent=percent)
    expected = [placeholders(str(entry.msgid_plural or entry.msgid), percent=percent)]
    if entry.msgid_plural and index == 0:
        expected.append(placeholders(str(entry.msgid), percent=percent))
    if any(set(got) == set(e) and (index > 0 or got == e) for e in expected):
        return None
    return "placeholders %s, expected %s" % (sorted(got.elements()), sorted(expected[0].elements()))


def placeholder_mismatches(po: polib.POFile) -> list[Problem]:
    """Translated entries whose placeholders (``%(name)s``, ``%s``, ``{name}``) or HTML tags
    differ from the msgid's. A plural form must have the same ones as msgid_plural (the first
    form may instead match the singular msgid, which some languages word without the number)."""
    problems = []
    for entry in _live(po):
        percent = "python-format" in entry.flags or "%(" in entry.msgid
        for index, text in enumerate(_translations(entry)):
            detail = _form_problem(entry, index, text, percent) if text else None
            if detail:
                problems.append(Problem(str(entry.msgid), detail))
                break
    return problems

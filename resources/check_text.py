"""The checks' titles and messages in the reader's language (issue #22).

The check library is Django-free: it fills its messages in English (``message_of``) and the
report and the mapping checks keep them so (the flagged-rows file, the API, the cache). A
page translates them when it shows them: the declared title or message is translated, then
filled with the finding's value and term. A message whose finding had other placeholders
cannot be filled again from what is kept; it stays as it was written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from resources.quality.declarations import CHECKS, term_name

# A check's severity as a reader sees it (the report's badges and the text log).
SEVERITIES = {
    "error": gettext_noop("error"),
    "warning": gettext_noop("warning"),
    "info": gettext_noop("info"),
}


def severity_label(severity: str) -> str:
    """``error``, ``warning`` or ``info`` in the active language (an unknown one as it is)."""
    return gettext(SEVERITIES[severity]) if severity in SEVERITIES else severity


def check_title(code: str, text: str) -> str:
    """``text`` translated when it is the title declared for ``code``."""
    declared = CHECKS.get(code)
    return gettext(declared.title) if declared is not None and text == declared.title else text


def check_message(code: str, text: str, *, value: str = "", term: str = "") -> str:
    """``text``, the English message of one finding of ``code`` about ``value`` in ``term``,
    in the active language; ``text`` itself when it cannot be written again from those."""
    declared = CHECKS.get(code)
    if declared is None:
        return text
    params = {"value": value, "term": term_name(term)}
    try:
        if declared.message % params != text:
            return check_title(code, text)
        return gettext(declared.message) % params
    except (KeyError, TypeError, ValueError):  # other placeholders, or a faulty translation
        return text


def report_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A copy of a report entry (``resources.dwca.report``) with its title, message and
    samples' messages in the active language."""
    code = entry.get("check", "")
    samples = [
        {**s, "message": check_message(code, s["message"], value=s["value"], term=s["term"])}
        for s in entry.get("samples", [])
    ]
    message = check_message(code, entry.get("message", ""), value=str(entry.get("count", "")))
    return {
        **entry,
        "title": check_title(code, entry.get("title", "")),
        "message": message,
        "samples": samples,
    }


def mapping_check(entry: dict[str, Any], term: str) -> dict[str, Any]:
    """A copy of one mapping check of ``term`` (``mapping_checks``) with its message, that of
    its first example, in the active language."""
    examples = entry.get("examples") or [{}]
    value = examples[0].get("value", "")
    message = check_message(entry["check"], entry["message"], value=value, term=term)
    return {**entry, "message": message}

"""Checking that a query is one reading SELECT, with PostgreSQL's lexical rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import SourceError, gettext_noop

SUPPORTED = ("postgresql", "sqlite", "duckdb")
ALIASES = {"postgres": "postgresql"}
QUERY = "SQL query"
# Words that have no place in a reading query; a column so named must be written in quotes.
WRITES = frozenset(
    {
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "INTO",
        "CREATE",
        "DROP",
        "ALTER",
        "TRUNCATE",
        "GRANT",
        "REVOKE",
        "COPY",
        "ATTACH",
        "DETACH",
        "PRAGMA",
        "VACUUM",
        "COMMIT",
        "ROLLBACK",
    }
)
LOCKS = frozenset({"UPDATE", "SHARE", "NO", "KEY"})  # FOR UPDATE, FOR SHARE, FOR NO KEY ...
PASSWORD_PARAMS = ("password", "passwd", "pwd", "sslpassword")
_IDENT = "A-Za-z_\x80-\U0010ffff"
_TOKEN = re.compile(
    r"""(?P<space>[ \t\n\r\f\v]+)
    |(?P<comment>--[^\n\r]*)
    |(?P<block>/\*)
    |(?P<dollar>\$(?:[%(i)s][%(i)s0-9]*)?\$)
    |(?P<string>[eE]'(?:[^'\\]|\\.|'')*'?|'(?:[^']|'')*'?|"(?:[^"]|"")*"?)
    |(?P<word>[%(i)s][%(i)s0-9$]*)
    |(?P<other>.)"""
    % {"i": _IDENT},
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Statement:
    start: int
    end: int
    words: list[str]  # upper-cased words and punctuation outside strings and comments


def _block_end(query: str, pos: int) -> int:
    """The end of the (nested, as in PostgreSQL) block comment opened at ``pos``."""
    depth, i = 0, pos
    while i < len(query):
        if query.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif query.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(query)


def _statements(query: str) -> list[_Statement]:
    """The non-empty statements of ``query``, split at semicolons outside strings/comments."""
    found, current, pos = [], _Statement(-1, -1, []), 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        assert match is not None  # "other" matches any character
        kind, end = match.lastgroup, match.end()
        if kind == "block":
            end = _block_end(query, pos)
        elif kind == "dollar":
            close = query.find(match.group(), end)
            end = len(query) if close < 0 else close + len(match.group())
        if match.group() == ";" or kind in ("space", "comment", "block"):
            if match.group() == ";" and current.words:
                found.append(current)
                current = _Statement(-1, -1, [])
        else:
            if not current.words:
                current.start = pos
            current.end = end
            current.words.append(match.group().upper() if kind in ("word", "other") else "'")
        pos = end
    return found + ([current] if current.words else [])


def _refuse(message: str, code: str = "sql:not-select", **params: str | int) -> SourceError:
    return SourceError(message, code=code, params=params)


def _checked(query: str) -> _Statement:
    statements = _statements(query)
    if not statements:
        raise _refuse(
            gettext_noop(
                "The query is empty. Write one SELECT statement, for example SELECT * FROM "
                "occurrence."
            ),
            "sql:empty",
        )
    if len(statements) > 1:
        raise _refuse(
            gettext_noop(
                "The query holds %(count)d statements. Write exactly one SELECT statement, "
                "with nothing after its semicolon."
            ),
            "sql:multiple",
            count=len(statements),
        )
    words = statements[0].words
    first = next((w for w in words if w != "("), "")
    if first not in ("SELECT", "WITH"):
        raise _refuse(
            gettext_noop(
                "The query starts with %(word)s. Only reading queries are allowed: write one "
                "SELECT (or WITH ... SELECT) statement."
            ),
            word=first or words[0],
        )
    for word, after in zip(words, words[1:] + [""], strict=True):
        if word in WRITES:
            raise _refuse(
                gettext_noop(
                    "The query contains %(word)s, which changes data or tables; only reading "
                    "queries are allowed. Remove it (if it is the name of a column or "
                    'table, write it in double quotes: "%(name)s").'
                ),
                word=word,
                name=word.lower(),
            )
        if word == "FOR" and after in LOCKS:
            raise _refuse(
                gettext_noop(
                    "The query locks rows (FOR %(lock)s); only reading queries are allowed. "
                    "Remove the FOR ... clause."
                ),
                lock=after,
            )
    return statements[0]


def check_query(query: str) -> None:
    """Raise ``SourceError`` unless ``query`` is exactly one SELECT (or WITH ... SELECT)
    statement that neither writes (no data-modifying CTE, SELECT ... INTO, DDL) nor locks
    rows (FOR UPDATE/SHARE). A trailing semicolon and comments are fine."""
    _checked(query)


# --- URLs and passwords ----------------------------------------------------------------------

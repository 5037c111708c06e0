"""Checking that a query is one reading SELECT, with the lexical rules of its database.

PostgreSQL, SQLite and DuckDB share PostgreSQL's rules. MariaDB/MySQL strings take backslash
escapes, ``#`` starts a comment and ``/*! ... */`` is code, not a comment; SQL Server has
``[bracketed]`` names and runs a second statement without a semicolon. Each is lexed by its
own rules, so that nothing the database runs can hide where the check sees a string or a
comment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import SourceError, gettext_noop

SUPPORTED = ("postgresql", "sqlite", "duckdb", "mysql", "mssql")
ALIASES = {"postgres": "postgresql", "mariadb": "mysql"}
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
# Words a MariaDB/MySQL query has no use for: reading files, taking locks (LOCK IN SHARE MODE).
MYSQL_WRITES = frozenset(
    {"LOAD", "LOAD_FILE", "LOCK", "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "HANDLER"}
)
# T-SQL runs a second statement without a semicolon, and reaches other servers and files from
# inside a SELECT: the words of every statement but SELECT, and of those functions and hints.
MSSQL_WRITES = frozenset(
    {
        "EXEC",
        "EXECUTE",
        "OPENROWSET",
        "OPENDATASOURCE",
        "OPENQUERY",
        "OPENXML",
        "BULK",
        "WAITFOR",
        "DECLARE",
        "SET",
        "DBCC",
        "BACKUP",
        "RESTORE",
        "KILL",
        "SHUTDOWN",
        "RECONFIGURE",
        "DENY",
        "USE",
        "BEGIN",
        "IF",
        "WHILE",
        "GOTO",
        "PRINT",
        "RAISERROR",
        "THROW",
        "OPEN",
        "CLOSE",
        "DEALLOCATE",
        "CHECKPOINT",
        "SETUSER",
        "REVERT",
        "ENABLE",
        "DISABLE",
        "SEND",
        "RECEIVE",
        "UPDATETEXT",
        "WRITETEXT",
        "READTEXT",
        "UPDLOCK",
        "XLOCK",
        "TABLOCK",
        "TABLOCKX",
        "HOLDLOCK",
    }
)
MSSQL_PREFIXES = ("XP_", "SP_")  # system procedures: xp_cmdshell, sp_executesql, ...
PASSWORD_PARAMS = ("password", "passwd", "pwd", "sslpassword")
_IDENT = "A-Za-z_\x80-\U0010ffff"
_SPACE = r"(?P<space>[ \t\n\r\f\v]+)"
_WORD = r"(?P<word>[%(i)s][%(i)s0-9$]*)"
_TOKENS = {
    "postgresql": r"""%(space)s
    |(?P<comment>--[^\n\r]*)
    |(?P<block>/\*)
    |(?P<dollar>\$(?:[%(i)s][%(i)s0-9]*)?\$)
    |(?P<string>[eE]'(?:[^'\\]|\\.|'')*'?|'(?:[^']|'')*'?|"(?:[^"]|"")*"?)
    |%(word)s
    |(?P<other>.)""",
    # -- is a comment only when a space, a control character or the end follows; strings take
    # backslash escapes (the session's sql_mode is set so, servers.py); /*! and /*M! comments
    # are code. A line comment ends at a line feed (see _LINE_ENDS).
    "mysql": r"""%(space)s
    |(?P<comment>--(?=[\x00-\x20\x7f]|$)[^\n]*|\#[^\n]*)
    |(?P<code>/\*M?!)
    |(?P<flat>/\*)
    |(?P<string>'(?:[^'\\]|\\.|'')*'?|"(?:[^"\\]|\\.|"")*"?|`(?:[^`]|``)*`?)
    |%(word)s
    |(?P<other>.)""",
    "mssql": r"""%(space)s
    |(?P<comment>--[^\n]*)
    |(?P<block>/\*)
    |(?P<string>'(?:[^']|'')*'?|"(?:[^"]|"")*"?|\[(?:[^\]]|\]\])*\]?)
    |(?P<word>[%(i)s@\#][%(i)s0-9$@\#]*)
    |(?P<other>.)""",
}
# Whether a lone carriage return also ends a line comment is not sure for these servers: a
# query is checked both ways ("<dialect>-cr": it does), so that it cannot matter.
_LINE_ENDS = ("mysql", "mssql")
_TOKENS.update({d + "-cr": _TOKENS[d].replace("[^\\n]*", "[^\\n\\r]*") for d in _LINE_ENDS})
_TOKEN = {
    dialect: re.compile(
        pattern % {"space": _SPACE, "word": _WORD % {"i": _IDENT}, "i": _IDENT},
        re.VERBOSE | re.DOTALL,
    )
    for dialect, pattern in _TOKENS.items()
}


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


def _statements(query: str, dialect: str) -> list[_Statement]:
    """The non-empty statements of ``query``, split at semicolons outside strings/comments."""
    found, current, pos = [], _Statement(-1, -1, []), 0
    token = _TOKEN.get(dialect, _TOKEN["postgresql"])
    while pos < len(query):
        match = token.match(query, pos)
        assert match is not None  # "other" matches any character
        kind, end = match.lastgroup, match.end()
        if kind == "code":
            raise _refuse(
                gettext_noop(
                    "The query contains a /*! ... */ comment, which MariaDB and MySQL run as "
                    "code. Remove the comment."
                )
            )
        if kind == "block":
            end = _block_end(query, pos)
        elif kind == "flat":
            close = query.find("*/", end)
            end, kind = (len(query) if close < 0 else close + 2), "block"
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


QUOTES = {"mysql": "`%s`", "mssql": "[%s]"}
# Words (and word beginnings) refused besides WRITES, by dialect.
REFUSED: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "mysql": (MYSQL_WRITES, ()),
    "mssql": (MSSQL_WRITES, MSSQL_PREFIXES),
}


def _refuse(message: str, code: str = "sql:not-select", **params: str | int) -> SourceError:
    return SourceError(message, code=code, params=params)


def _checked(query: str, dialect: str = "postgresql") -> _Statement:
    if dialect in _LINE_ENDS:
        _checked_once(query, dialect + "-cr")
    return _checked_once(query, dialect)


def _checked_once(query: str, dialect: str) -> _Statement:
    statements = _statements(query, dialect)
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
    _check_words(words, dialect)
    return statements[0]


def _check_words(words: list[str], dialect: str) -> None:
    dialect = dialect.removesuffix("-cr")
    extra, prefixes = REFUSED.get(dialect, (frozenset(), ()))
    for word, after in zip(words, words[1:] + [""], strict=True):
        refused = word in WRITES or word in extra or bool(prefixes and word.startswith(prefixes))
        if refused and dialect in QUOTES:
            raise _refuse(
                gettext_noop(
                    "The query contains %(word)s, which has no place in a reading query. "
                    "Remove it (if it is the name of a column or table, quote it: %(name)s)."
                ),
                word=word,
                name=QUOTES[dialect] % word.lower(),
            )
        if refused:
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


def check_query(query: str, dialect: str = "postgresql") -> None:
    """Raise ``SourceError`` unless ``query`` is exactly one SELECT (or WITH ... SELECT)
    statement that neither writes (no data-modifying CTE, SELECT ... INTO, DDL) nor locks
    rows (FOR UPDATE/SHARE), lexed by the rules of ``dialect`` (``SUPPORTED``). MariaDB/MySQL
    queries may also not read server files or take locks (LOAD_FILE, LOCK IN SHARE MODE,
    GET_LOCK) nor hold /*! ... */ comments; SQL Server queries may not hold the words of
    another statement (EXEC, SET, WAITFOR, ...), OPENROWSET/OPENDATASOURCE/OPENQUERY/BULK,
    locking hints or xp_/sp_ procedures. A trailing semicolon and comments are fine."""
    _checked(query, ALIASES.get(dialect, dialect))


# --- URLs and passwords ----------------------------------------------------------------------

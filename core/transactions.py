"""No network call inside a database transaction.

On SQLite a transaction here is ``BEGIN IMMEDIATE``: it holds the one write lock of the
database until it ends, so a registry, a download or a remote database that takes 30 s to
answer inside one makes every other write of the instance wait, then fail with ``database is
locked`` (issue #18). On PostgreSQL it holds row locks and a connection as long. Code that
calls another server therefore reads what it needs, makes the call, and only then opens a
short transaction to store the answer.

``network_call_check`` enforces this where the calls leave the instance (the registry
wrappers, ``core.http``, remote SQL sources): it raises ``TransactionHeld``, a programming
error, when called inside ``transaction.atomic``. The atomic blocks a Django test case
opens around each test do not count.
"""

from __future__ import annotations

from django.db import connections


class TransactionHeld(RuntimeError):
    """A network call was about to be made inside a database transaction (a bug)."""


def transaction_held() -> bool:
    """True inside ``transaction.atomic`` (or ``select_for_update``'s transaction) on any
    database connection of this thread, not counting a test case's own atomic blocks."""
    for connection in connections.all(initialized_only=True):
        # Django's test cases mark the blocks they wrap each test in with ``_from_testcase``.
        if any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            return True
    return False


def network_call_check(what: str) -> None:
    """Raise ``TransactionHeld`` if a transaction is open: ``what`` (e.g. "a registry call")
    would keep it, and its locks, for as long as the other server takes to answer."""
    if transaction_held():
        raise TransactionHeld(
            "%s inside a database transaction would hold its locks while the other server "
            "answers; make the call before the transaction, or after it" % what
        )

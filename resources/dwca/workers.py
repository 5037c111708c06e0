"""Run tasks in forked processes, at most ``processes`` at a time, results in task order.

The archive builder's per-row work is Python that holds the GIL, so it is spread over
processes, not threads. ``os.fork`` rather than ``multiprocessing``: the tasks are closures
over the builder's state (mappers, compiled checks, the core's id set), which a forked child
shares without pickling, and a Celery pool process may not start ``multiprocessing``
children. A child runs its task, writes the result (pickled) into a file and leaves with
``os._exit``: it never touches the parent's database connection, logging or threads. Each
child reports how many rows it has done in a shared counter, which the parent reads while it
waits (``tick``), so a progress callback that raises (a cancellation) stops every child.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import signal
import struct
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

POLL_SECONDS = 0.02  # how soon a finished child is noticed (progress is throttled anyway)
_SLOT = struct.Struct("q")

# A task: given a function that records its rows done so far, returns a picklable result.
Task = Callable[[Callable[[int], None]], Any]


class WorkerFailed(Exception):
    """A task failed in its process; ``error`` is its exception when it could be sent."""

    def __init__(self, message: str, error: BaseException | None = None) -> None:
        super().__init__(message)
        self.error = error


def run_inline(tasks: Sequence[Task], tick: Callable[[int], None]) -> list[Any]:
    """The tasks one after the other in this process (small builds)."""
    results = []
    done = 0
    for task in tasks:
        base = done

        def report(rows: int, base: int = base) -> None:
            tick(base + rows)

        results.append(task(report))
        done = base + _last(results[-1])
    return results


def _last(result: Any) -> int:
    return int(getattr(result, "rows_done", 0))


def run_forked(
    tasks: Sequence[Task],
    processes: int,
    folder: Path,
    tick: Callable[[int], None],
    meanwhile: Callable[[], None] | None = None,
) -> list[Any]:
    """The tasks in forked children; raises ``WorkerFailed`` (after stopping the others)
    when one fails. ``tick`` gets the rows done by all tasks so far; ``meanwhile`` runs here
    once the first children started."""
    folder.mkdir(parents=True, exist_ok=True)
    counters = mmap.mmap(-1, _SLOT.size * max(len(tasks), 1))  # shared with the children
    running: dict[int, int] = {}  # pid -> task index
    finished: list[int] = []
    pending = list(range(len(tasks)))
    try:
        while pending or running:
            while pending and len(running) < processes:
                index = pending.pop(0)
                running[_start(tasks[index], index, folder, counters)] = index
            if meanwhile is not None:
                meanwhile()
                meanwhile = None
            time.sleep(POLL_SECONDS)
            for pid, index in list(running.items()):
                ended, status = os.waitpid(pid, os.WNOHANG)
                if ended:
                    del running[pid]
                    if os.waitstatus_to_exitcode(status) != 0:
                        raise _failure(folder, index, status)
                    finished.append(index)
            tick(sum(_SLOT.unpack_from(counters, i * _SLOT.size)[0] for i in range(len(tasks))))
    finally:
        for pid in running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in running:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        counters.close()
    results = []
    for index in range(len(tasks)):
        path = _result_path(folder, index)
        with path.open("rb") as fh:
            results.append(pickle.load(fh))  # noqa: S301 - written by our own child
        path.unlink()
    return results


def _result_path(folder: Path, index: int) -> Path:
    return folder / ("task-%d.pickle" % index)


def _start(task: Task, index: int, folder: Path, counters: mmap.mmap) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:  # the child: never returns
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

        def report(rows: int) -> None:
            _SLOT.pack_into(counters, index * _SLOT.size, rows)

        result = task(report)
        with _result_path(folder, index).open("wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        with contextlib.suppress(BaseException), _error_path(folder, index).open("wb") as fh:
            try:
                sent: bytes | None = pickle.dumps(exc)
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                sent = None
            pickle.dump((sent, traceback.format_exc()), fh)
    finally:
        os._exit(code)


def _error_path(folder: Path, index: int) -> Path:
    return folder / ("task-%d.error" % index)


def _failure(folder: Path, index: int, status: int) -> WorkerFailed:
    path = _error_path(folder, index)
    try:
        with path.open("rb") as fh:
            sent, text = pickle.load(fh)  # noqa: S301 - written by our own child
    except Exception:  # noqa: BLE001 - killed, or the error could not be written
        code = os.waitstatus_to_exitcode(status)
        return WorkerFailed("a worker process ended with status %d" % code)
    error: BaseException | None = None
    with contextlib.suppress(Exception):  # an exception class that does not unpickle
        error = pickle.loads(sent) if sent is not None else None  # noqa: S301 - ours
    lines = text.strip().splitlines()
    return WorkerFailed(str(error) if error is not None else lines[-1] if lines else "", error)

"""A zip deflated in a separate process while rows are still being mapped.

The mapping loop holds the GIL, and zlib-ng does not release it, so compression runs in
its own process (``resources.dwca.deflate``): the builder hands ~1 MB chunks to a sender
thread (a bounded queue, so memory stays at a few chunks), which writes them into the
process's stdin (releasing the GIL while it does). Members are written one after the other.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from .deflate import HEADER

_DONE = object()
ROOT = Path(__file__).resolve().parents[2]  # so the child imports this very package


def sanitise_cells(cells: Iterable[str]) -> str:
    """One data line: the cells joined by tabs, each tab, carriage return and line feed
    inside a cell replaced by a space (what the archive holds, and the preview shows)."""
    return "\t".join(c.replace("\t", " ").replace("\r", " ").replace("\n", " ") for c in cells)


class DeflateError(Exception):
    """The deflate process failed (disk full, killed...)."""


class ZipSink:
    """Writes members into ``path`` through the deflate process."""

    def __init__(self, path: Path, *, compresslevel: int = 6) -> None:
        self.path = path
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "resources.dwca.deflate", str(path), str(compresslevel)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._queue: queue.Queue[tuple[bytes, bytes] | object] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._send, name="zip-send", daemon=True)
        self._thread.start()
        self.digests: dict[str, str] = {}
        self.sizes: dict[str, int] = {}

    def _send(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None, "Popen(stdin=PIPE) always sets stdin"
        try:
            while (item := self._queue.get()) is not _DONE:
                kind, payload = cast(tuple[bytes, bytes], item)
                stdin.write(HEADER.pack(kind, len(payload)))
                stdin.write(payload)
            stdin.write(HEADER.pack(b"E", 0))
            stdin.close()
        except BaseException as exc:  # noqa: BLE001 - handed to the producer thread
            self._error = DeflateError(str(exc))
            while self._queue.get() is not _DONE:  # drain so the producer never blocks
                pass

    def _put(self, item: tuple[bytes, bytes]) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(item)

    def open(self, name: str) -> None:
        """Start the member ``name``."""
        self._put((b"O", name.encode("utf-8")))

    def write(self, data: bytes) -> None:
        """Append bytes to the open member."""
        self._put((b"D", data))

    def close_member(self) -> None:
        """Finish the open member."""
        self._put((b"C", b""))

    def add(self, name: str, data: bytes) -> None:
        """A whole small member (meta.xml, eml.xml)."""
        self.open(name)
        self.write(data)
        self.close_member()

    def close(self) -> None:
        """Wait for the deflate process to finish the zip; raises ``DeflateError`` if it
        failed."""
        self._queue.put(_DONE)
        self._thread.join()
        out, err = self._finish()
        if self._error is not None or self._process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip()[-2000:]
            raise DeflateError(detail or str(self._error))
        result = json.loads(out)
        self.digests, self.sizes = result["digests"], result["sizes"]

    def abort(self) -> None:
        """Stop without finishing (the caller deletes the file)."""
        self._queue.put(_DONE)
        self._thread.join(timeout=30)
        if self._process.poll() is None:
            self._process.kill()
        self._finish()

    def _finish(self) -> tuple[bytes, bytes]:
        """The child's stdout and stderr once it exited (stdin is closed by now)."""
        if self._process.stdin and not self._process.stdin.closed:
            with contextlib.suppress(OSError):  # the child may be gone already
                self._process.stdin.close()
        assert self._process.stdout is not None, "Popen(stdout=PIPE) always sets stdout"
        assert self._process.stderr is not None, "Popen(stderr=PIPE) always sets stderr"
        out = self._process.stdout.read()
        err = self._process.stderr.read()
        self._process.wait()
        self._process.stdout.close()
        self._process.stderr.close()
        return out, err


class MemberWriter:
    """Hands lines of one member to the sink as UTF-8 chunks (one chunk per call)."""

    def __init__(self, sink: ZipSink, name: str) -> None:
        self._sink = sink
        sink.open(name)

    def write_lines(self, lines: list[str]) -> None:
        """Append lines (without their ``\\n``)."""
        if lines:
            text = "\n".join(lines) + "\n"
            self._sink.write(text.encode("utf-8", "surrogateescape"))

    def close(self) -> None:
        """Finish the member."""
        self._sink.close_member()

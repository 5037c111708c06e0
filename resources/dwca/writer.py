"""A zip whose members are deflated in a second thread while rows are still being mapped.

``zlib`` releases the GIL while it compresses, so on two cores mapping and compression
overlap. Members are written one after the other; the queue is bounded, so memory stays at
a few chunks whatever the size of the data.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
import zipfile
from pathlib import Path

from zlib_ng import zlib_ng

_DONE = object()


class ZipSink:
    """Writes members into ``path``; ``member(name)`` gives a writer for one data file."""

    def __init__(self, path: Path, *, compresslevel: int = 6) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._level = compresslevel
        self._queue: queue.Queue = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="zip-deflate", daemon=True)
        self._thread.start()
        self.digests: dict[str, str] = {}
        self.sizes: dict[str, int] = {}

    def _run(self) -> None:
        stream = None
        digest = None
        name = ""
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    break
                kind, payload = item
                if kind == "open":
                    name = payload
                    stream = self._zip.open(name, "w", force_zip64=True)
                    # zlib-ng deflates the same format about twice as fast as zlib at the
                    # same level (and a little smaller); zipfile only calls compress/flush.
                    stream._compressor = zlib_ng.compressobj(self._level, zlib_ng.DEFLATED, -15)
                    digest = hashlib.sha256()
                    self.sizes[name] = 0
                elif kind == "data":
                    stream.write(payload)
                    digest.update(payload)
                    self.sizes[name] += len(payload)
                else:  # close
                    stream.close()
                    self.digests[name] = digest.hexdigest()
                    stream = None
        except BaseException as exc:  # noqa: BLE001 - handed to the producer thread
            self._error = exc
            while self._queue.get() is not _DONE:  # drain so the producer never blocks
                pass

    def _put(self, item) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(item)

    def open(self, name: str) -> None:
        """Start the member ``name``."""
        self._put(("open", name))

    def write(self, data: bytes) -> None:
        """Append bytes to the open member."""
        self._put(("data", data))

    def close_member(self) -> None:
        """Finish the open member."""
        self._put(("close", None))

    def add(self, name: str, data: bytes) -> None:
        """A whole small member (meta.xml, eml.xml)."""
        self.open(name)
        self.write(data)
        self.close_member()

    def close(self) -> None:
        """Wait for the deflate thread and finish the zip; re-raises its error."""
        self._queue.put(_DONE)
        self._thread.join()
        self._zip.close()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Stop without finishing (the caller deletes the file)."""
        try:
            self._queue.put(_DONE)
            self._thread.join(timeout=30)
        finally:
            with contextlib.suppress(OSError, ValueError):
                self._zip.close()


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

"""The embedded broker: kombu's filesystem transport, safe with many concurrent producers.

kombu's own transport creates a message file under its final name and then writes it, so a
worker listing the folder can take a file that is still empty or half written and die with
``JSONDecodeError`` (the worker's consumer has no way to recover from it). Here a message is
written under a name the readers ignore and renamed to its final name once complete
(``os.replace`` is atomic within a folder), and a reader claims a message by renaming it into
the processed folder beside the queue (same file system, so exactly one reader wins; kombu
moves it to the system temporary folder, which may be another file system where a move is a
copy). ``publisher.settings`` points the ``filesystem://`` URL at this transport; the choice
over kombu's SQLAlchemy transport was measured (``benchmarks/broker_stress.py``).
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

# A message being written: its name does not end in ``.<queue>.msg``, so no reader sees it.
PARTIAL_SUFFIX = ".part"


def partials_sweep(folder: Path, *, max_age: float) -> list[str]:
    """Remove messages whose writer died before the rename, older than ``max_age`` seconds
    (a complete write takes milliseconds); return their names."""
    cutoff = time.time() - max_age
    removed = []
    for path in folder.glob("*" + PARTIAL_SUFFIX):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path.name)
        except FileNotFoundError:
            continue  # renamed into the queue meanwhile
    return removed


class Channel(filesystem.Channel):
    """A filesystem channel whose messages appear only once completely written."""

    # kombu's base class declares fewer parameters than its callers pass (``mandatory``, …).
    def _put(self, queue: str, message: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Write ``payload`` under a temporary name, then rename it into the queue."""
        name = "%d_%s.%s.msg" % (round(monotonic() * 1000), uuid.uuid4(), queue)
        final = os.path.join(self.data_folder_out, name)
        partial = final + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(message)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError("Cannot add file %r to directory" % final) from exc

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        """Claim the oldest message of ``queue`` by renaming it; another reader may win."""
        suffix = "%s.msg" % queue
        claimed_dir = self.processed_folder
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.partition(".")[2] != suffix:
                continue
            claimed = os.path.join(claimed_dir, name)
            try:
                os.rename(os.path.join(self.data_folder_in, name), claimed)
            except OSError:
                continue  # taken by another reader meanwhile
            try:
                with open(claimed, "rb") as file:
                    payload = file.read()
                if not self.store_processed:
                    os.remove(claimed)
            except OSError as exc:
                raise ChannelError("Cannot read file %r from queue." % claimed) from exc
            return loads(bytes_to_str(payload))
        raise Empty()


class Transport(filesystem.Transport):
    """``filesystem://`` with atomic writes and claims (see the module docstring)."""

    Channel = Channel

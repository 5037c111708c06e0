"""The deflate process: ``python -m resources.dwca.deflate <zip path> <level>``.

Reads framed messages on stdin (1 byte kind, 4 bytes big-endian length, payload): ``O``
opens a member (payload: its UTF-8 name), ``D`` appends data, ``C`` closes the member,
``E`` ends the zip. Writes one JSON line on stdout: the members' SHA-256 digests and sizes.
zlib-ng deflates about twice as fast as zlib at the same level (and a little smaller); it
runs here, in its own process, because it keeps the GIL while it works.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
import zipfile
from typing import BinaryIO

from zlib_ng import zlib_ng

HEADER = struct.Struct(">cI")


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the builder stopped sending")
    return data


def deflate(stream: BinaryIO, path: str, level: int) -> dict[str, dict[str, str] | dict[str, int]]:
    """Build the zip at ``path`` from the messages on ``stream``."""
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        member = digest = None
        name = ""
        while True:
            kind, size = HEADER.unpack(_read_exactly(stream, HEADER.size))
            payload = _read_exactly(stream, size) if size else b""
            if kind == b"D":
                if member is None or digest is None:
                    raise ValueError("the builder sent data before opening a member")
                member.write(payload)
                digest.update(payload)
                sizes[name] += len(payload)
            elif kind == b"O":
                name = payload.decode("utf-8")
                member = zf.open(name, "w", force_zip64=True)
                # zipfile has no public way to choose the compressor, and typeshed does
                # not declare _ZipWriteFile, the class that zf.open(name, "w") returns.
                member._compressor = zlib_ng.compressobj(level, zlib_ng.DEFLATED, -15)  # type: ignore[attr-defined]
                digest = hashlib.sha256()
                sizes[name] = 0
            elif kind == b"C":
                if member is None or digest is None:
                    raise ValueError("the builder closed a member before opening one")
                member.close()
                digests[name] = digest.hexdigest()
            else:
                break
    return {"digests": digests, "sizes": sizes}


def main() -> None:
    path, level = sys.argv[1], int(sys.argv[2])
    result = deflate(sys.stdin.buffer, path, level)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()

"""Character encodings of text sources: byte order marks, UTF-8 validation, guessing."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import SourceError, gettext_noop

CHUNK = 1 << 20
SAMPLE = 64 * 1024
# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte code pages for Latin script. Short samples of Western European text are often
# guessed as one of these (cp1250 for "é", "°"); Windows-1252 decodes the same letters the way
# Excel and Access on a western Windows wrote them, so it wins whenever it can decode the bytes.
LATIN_SINGLE_BYTE = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "iso8859-1",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-9",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
        "mac-roman",
        "mac-latin2",
        "mac-iceland",
        "mac-turkish",
        "cp437",
        "cp850",
        "cp852",
        "cp858",
        "cp775",
        "hp-roman8",
    }
)
LABELS = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (cp1252)",
    "iso8859-1": "Latin-1 (ISO-8859-1)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32": "UTF-32",
}


def canonical(encoding: str, *, file: str = "") -> str:
    """The Python codec name for ``encoding`` (``UTF8`` -> ``utf-8``, ``windows-1252`` ->
    ``cp1252``); an unknown name is a ``source:encoding`` error."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise SourceError(
            gettext_noop(
                "Unknown encoding %(encoding)r. Choose an encoding such as UTF-8 or Windows-1252."
            ),
            code="source:encoding",
            file=file,
            params={"encoding": encoding},
        ) from None


def label(encoding: str) -> str:
    """A name for people: ``cp1252`` -> ``Windows-1252 (cp1252)``."""
    return LABELS.get(encoding, encoding)


def bom_of(head: bytes) -> tuple[str, int] | None:
    """The encoding announced by a byte order mark at the start, and the mark's length."""
    for mark, encoding in BOMS:
        if head.startswith(mark):
            return encoding, len(mark)
    return None


def first_invalid_utf8(path: Path) -> int | None:
    """Offset of the first byte that is not valid UTF-8 (whole file, streamed); None: valid."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset - len(decoder.getstate()[0])
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a mark has a NUL in every other byte (for Latin script)."""
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample)
    except UnicodeDecodeError:
        return False
    return True


def guess_legacy(sample: bytes) -> str:
    """The most likely non-UTF-8 encoding of ``sample`` (Windows-1252 preferred, see above)."""
    best = from_bytes(sample).best()
    guess = canonical(best.encoding) if best is not None else ""
    if (not guess or guess in LATIN_SINGLE_BYTE or _mostly_ascii(sample)) and _decodes(
        sample, "cp1252"
    ):
        return "cp1252"
    return guess or "iso8859-1"


def _mostly_ascii(sample: bytes) -> bool:
    """Short Latin text with a few accents is often taken for Big5 or Shift-JIS by the
    detector; text really written in those scripts is mostly non-ASCII bytes."""
    high = sum(1 for byte in sample if byte > 0x7F)
    return high <= 0.1 * max(len(sample), 1)


@dataclass
class EncodingFound:
    """The encoding to read a text file with, and whether it starts with a byte order mark."""

    encoding: str
    bom: bool


def detect_encoding(path: Path) -> EncodingFound:
    """A BOM first; else UTF-16 when every other byte is NUL; else UTF-8 when the whole file
    is valid UTF-8 (checked in chunks, so a late "é" in Windows-1252 is not missed); else a
    guess on the start of the file plus the bytes around the first non-UTF-8 byte."""
    with path.open("rb") as f:
        head = f.read(SAMPLE)
    if found := bom_of(head):
        return EncodingFound(found[0], True)
    if utf16 := utf16_without_bom(head):  # ASCII in UTF-16 is valid UTF-8 byte by byte
        return EncodingFound(utf16, False)
    if (bad := first_invalid_utf8(path)) is None:
        return EncodingFound("utf-8", False)
    return EncodingFound(guess_legacy(head + _window(path, bad)), False)


def _window(path: Path, offset: int) -> bytes:
    if offset < SAMPLE:
        return b""
    with path.open("rb") as f:
        f.seek(max(offset - SAMPLE // 4, 0))
        return f.read(SAMPLE // 2)


def reading_codec(encoding: str, *, file: str = "") -> str:
    """The codec to open a file with: UTF-8 reads skip a byte order mark when there is one."""
    name = canonical(encoding, file=file)
    return "utf-8-sig" if name == "utf-8" else name

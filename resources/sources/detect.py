"""What a source file is (by its content, not its name) and how to read it."""

from __future__ import annotations

import codecs
import zipfile
from itertools import islice
from pathlib import Path

from . import ole
from .dialect import line_ending, looks_like_header, sniff_text
from .encoding import bom_of, detect_encoding, reading_codec, utf16_without_bom
from .errors import SourceError, gettext_noop
from .model import SHEET_FORMATS, FileSpec, Sniffed, TextOptions
from .sheet import Workbook, first_data_sheet, open_workbook, sheet_rows

HEAD = 8192
SAMPLE = 512 * 1024
PREVIEW_ROWS = 200
MAX_TITLE_ROWS = 10
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
TAR_MAGIC = (257, b"ustar")  # offset and bytes of the POSIX tar magic
# Content that is certainly not a table, and what to call it in the message.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00\x01\x00\x00Standard Jet DB", "a Microsoft Access database"),
    (b"\x00\x01\x00\x00Standard ACE DB", "a Microsoft Access database"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "an RTF document"),
)
ZIP_KINDS = (  # a content type in [Content_Types].xml -> the format
    ("application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xlsm"),
    ("spreadsheetml.sheet.main+xml", "xlsx"),
    ("spreadsheetml.template.main+xml", "xlsx"),
    ("application/vnd.ms-excel.template.macroEnabled.main+xml", "xlsm"),
)
ZIP_OTHERS = (  # ... or what the file is when it is no workbook
    ("sheet.binary.macroEnabled.main", "an Excel binary workbook (.xlsb)"),
    ("wordprocessingml", "a Word document"),
    ("presentationml", "a PowerPoint presentation"),
)


def detect_format(path: Path, filename: str) -> str:
    """``csv`` (any text), ``xlsx``, ``xlsm``, ``xls``, ``ods``, ``zip``, ``gz`` (a
    ``.tar.gz`` too) or ``tar``, judged by the bytes. Raises ``SourceError``:
    ``source:empty`` for an empty file, ``source:encrypted`` for a password-protected
    workbook, ``source:format`` naming what a non-table file looks like (image, PDF,
    database, Word document, damaged zip ...)."""
    name = filename or path.name
    with path.open("rb") as f:
        head = f.read(HEAD)
    if not head:
        raise SourceError(
            gettext_noop("The file is empty. Upload the file again, with its data."),
            code="source:empty",
            file=name,
        )
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path, name)
    if head.startswith(ole.SIGNATURE):
        return _compound_kind(path, name)
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if head[TAR_MAGIC[0] :].startswith(TAR_MAGIC[1]):
        return "tar"
    if what := _binary_kind(head):
        raise _not_a_table(what, name)
    return "csv"


def _not_a_table(what: str, name: str) -> SourceError:
    return SourceError(
        gettext_noop(
            "The file looks like %(what)s, not a table. Upload the data as delimited text (CSV, "
            "TSV) or as a spreadsheet (xlsx, ods); export it from the program that made it."
        ),
        code="source:format",
        file=name,
        params={"what": what},
    )


def _binary_kind(head: bytes) -> str | None:
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    if b"\x00" in head and bom_of(head) is None and not utf16_without_bom(head):
        return "a binary file (it contains NUL bytes)"
    return None


def _zip_kind(path: Path, name: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            return _container_kind(zf, name)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise SourceError(
            gettext_noop(
                "The file starts like a zip archive but cannot be opened; it is damaged or "
                "incomplete. Create the zip again and upload it again."
            ),
            code="source:format",
            file=name,
        ) from None


def _small_member(zf: zipfile.ZipFile, member: str) -> str:
    info = zf.getinfo(member)
    if info.file_size > 1 << 20:
        return ""
    return zf.read(info).decode("utf-8", errors="replace")


def _container_kind(zf: zipfile.ZipFile, name: str) -> str:
    members = set(zf.namelist())
    if "mimetype" in members:
        mimetype = _small_member(zf, "mimetype").strip()
        if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            raise _not_a_table("an OpenDocument file that is not a spreadsheet", name)
    if "[Content_Types].xml" in members:
        types = _small_member(zf, "[Content_Types].xml")
        for marker, fmt in ZIP_KINDS:
            if marker in types:
                return fmt
        for marker, what in ZIP_OTHERS:
            if marker in types:
                raise _not_a_table(what, name)
    if "xl/workbook.xml" in members:
        return "xlsx"
    return "zip"


def _compound_kind(path: Path, name: str) -> str:
    try:
        with path.open("rb") as f:
            names = set(ole.entry_names(f))
    except ole.NotCompoundFile:
        raise SourceError(
            gettext_noop(
                "The file starts like an Office 97-2003 file but cannot be read; it is damaged. "
                "Save it again from Excel as .xlsx and upload it again."
            ),
            code="source:format",
            file=name,
        ) from None
    if "EncryptionInfo" in names:
        raise SourceError(
            gettext_noop(
                "The workbook is protected with a password, so it cannot be read. Open it in "
                "Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password, then clear it), save, and upload it again."
            ),
            code="source:encrypted",
            file=name,
        )
    if names & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in names:
        raise _not_a_table("a Word 97-2003 document", name)
    raise _not_a_table("an Office 97-2003 file that is not a workbook", name)


def sniff(path: Path, filename: str) -> Sniffed:
    """A ``FileSpec`` to read the file with, and what was seen on the way.

    Text: encoding (BOM, else UTF-8 when all of it is UTF-8, else a guess preferring
    Windows-1252), line ending, delimiter among ``, ; TAB |``, quote character (``"`` or
    none), lines to skip before the header, and whether there is a header. Spreadsheets:
    the worksheet names and the first sheet with data. Archives (zip, gz, tar) must be unpacked
    first: ``source:format``.
    """
    name = filename or path.name
    fmt = detect_format(path, name)
    if fmt in SHEET_FORMATS:
        return _sniff_sheet(path, fmt, name)
    if fmt != "csv":
        raise SourceError(
            gettext_noop(
                "The file is a compressed archive (%(format)s); its files are read one by one "
                "once it is unpacked."
            ),
            code="source:format",
            file=name,
            params={"format": fmt},
        )
    return _sniff_text(path, name)


def _sniff_text(path: Path, name: str) -> Sniffed:
    found = detect_encoding(path)
    text, complete = _sample(path, reading_codec(found.encoding))
    if not text.strip():
        raise SourceError(
            gettext_noop("The file holds only blank lines. Upload the file with its data."),
            code="source:empty",
            file=name,
        )
    dialect = sniff_text(text, complete)
    options = TextOptions(
        encoding=found.encoding,
        delimiter=dialect.delimiter,
        quotechar=dialect.quotechar,
        header=dialect.header,
        skip_lines=dialect.skip_lines,
    )
    return Sniffed(FileSpec("csv", options), bom=found.bom, line_ending=line_ending(text))


def _sample(path: Path, codec: str) -> tuple[str, bool]:
    """The decoded start of the file (undecodable bytes replaced), and whether it is all."""
    with path.open("rb") as f:
        data = f.read(SAMPLE + 1)
    complete = len(data) <= SAMPLE
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    text = decoder.decode(data[:SAMPLE], final=complete)
    return text.lstrip("\ufeff"), complete


def _sniff_sheet(path: Path, fmt: str, name: str) -> Sniffed:
    workbook = open_workbook(path, filename=name)
    sheets = workbook.worksheet_names()
    sheet = first_data_sheet(workbook)
    options = TextOptions()
    if sheet is not None:
        options.skip_lines, options.header = _sheet_layout(workbook, sheet)
    return Sniffed(FileSpec(fmt, options, sheet=sheet), sheets=sheets)


def _sheet_layout(workbook: Workbook, sheet: str) -> tuple[int, bool]:
    """(rows to skip, header?): rows holding a single value above rows holding several are a
    title, skipped; the next row is the header when it looks like one."""
    preview = list(islice(sheet_rows(workbook, sheet), PREVIEW_ROWS))
    skip = 0
    if any(_filled(values) > 1 for _, values in preview):
        while len(preview) > 1 and _filled(preview[0][1]) == 1 and skip < MAX_TITLE_ROWS:
            skip = preview.pop(0)[0]
    first, rest = preview[0][1], [values for _, values in preview[1:]]
    return skip, looks_like_header(first, rest)


def _filled(values: list[str]) -> int:
    return sum(1 for v in values if v.strip())

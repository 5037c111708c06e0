"""Tiny spreadsheet writers for test fixtures: minimal SpreadsheetML (xlsx/xlsm) and ODS.

python-calamine only reads, so the tests build their workbooks here with ``zipfile`` and
hand-written XML: inline strings, numbers, booleans, and dates as serial numbers with a
date number format (as Excel stores them).
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

EXCEL_EPOCH = datetime(1899, 12, 30)
MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SSML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Style 1: date (built-in format 14), style 2: date and time (built-in format 22).
STYLES = (
    '<styleSheet xmlns="%s"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
    '<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>' % SSML
)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _serial(value: date | datetime) -> float:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return (value - EXCEL_EPOCH).total_seconds() / 86400


def _cell(ref: str, value: object) -> str:
    if isinstance(value, bool):
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, value)
    if isinstance(value, datetime):
        return '<c r="%s" s="2"><v>%r</v></c>' % (ref, _serial(value))
    if isinstance(value, date):
        return '<c r="%s" s="1"><v>%r</v></c>' % (ref, _serial(value))
    if isinstance(value, int | float):
        return '<c r="%s"><v>%r</v></c>' % (ref, value)
    text = escape(str(value))
    return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, text)


def _sheet_xml(rows: list[list[object]], first_row: int, first_col: int) -> str:
    out = []
    for r, row in enumerate(rows, start=first_row):
        cells = "".join(
            _cell("%s%d" % (column_letter(c), r), v)
            for c, v in enumerate(row, start=first_col)
            if v is not None
        )
        out.append('<row r="%d">%s</row>' % (r, cells))
    return '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (SSML, "".join(out))


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[object]]],
    *,
    first_row: int = 1,
    first_col: int = 0,
    macro: bool = False,
) -> Path:
    """Write a workbook; each sheet's rows start at ``first_row`` (1-based), ``first_col``."""
    names = list(sheets)
    overrides = "".join(
        '<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s"/>' % (i, SHEET_CT)
        for i in range(1, len(names) + 1)
    )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="%s"/>'
        '<Override PartName="/xl/styles.xml" ContentType="%s"/>%s</Types>'
        % (MACRO_MAIN if macro else MAIN, STYLES_CT, overrides)
    )
    root_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>" % REL
    )
    sheet_entries = "".join(
        '<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(n, {'"': "&quot;"}), i, i)
        for i, n in enumerate(names, start=1)
    )
    workbook = '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>' % (
        SSML,
        REL,
        sheet_entries,
    )
    wb_rels = (
        "".join(
            '<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
            % (i, REL, i)
            for i in range(1, len(names) + 1)
        )
        + '<Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/>' % REL
    )
    wb_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships">%s</Relationships>' % wb_rels
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/styles.xml", STYLES)
        for i, name in enumerate(names, start=1):
            xml = _sheet_xml(sheets[name], first_row, first_col)
            zf.writestr("xl/worksheets/sheet%d.xml" % i, xml)
    return path


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        attrs = 'office:value-type="boolean" office:boolean-value="%s"' % str(value).lower()
    elif isinstance(value, datetime | date):
        attrs = 'office:value-type="date" office:date-value="%s"' % value.isoformat()
    elif isinstance(value, int | float):
        attrs = 'office:value-type="float" office:value="%r"' % value
    else:
        attrs = 'office:value-type="string"'
    return "<table:table-cell %s><text:p>%s</text:p></table:table-cell>" % (
        attrs,
        escape(str(value)),
    )


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write an OpenDocument spreadsheet (the ``mimetype`` member first and stored)."""
    tables = "".join(
        '<table:table table:name="%s">%s</table:table>'
        % (
            escape(name, {'"': "&quot;"}),
            "".join(
                "<table:table-row>%s</table:table-row>" % "".join(map(_ods_cell, row))
                for row in rows
            ),
        )
        for name, rows in sheets.items()
    )
    content = (
        '<office:document-content %s office:version="1.2"><office:body>'
        "<office:spreadsheet>%s</office:spreadsheet></office:body>"
        "</office:document-content>" % (ODS_NS, tables)
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>" % ODS_MIME
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", ODS_MIME, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def xlsx_rows_with_values(path: Path, sheet: str) -> int:
    """Rows of ``sheet`` holding at least one non-empty cell, counted from the XML itself
    (an independent check of what the reader yields)."""
    from lxml import etree

    ns = {"m": SSML, "r": REL}
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path) as zf:
        workbook = etree.fromstring(zf.read("xl/workbook.xml"))
        rid = workbook.find("m:sheets/m:sheet[@name=%r]" % sheet, ns).get("{%s}id" % REL)
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        target = next(
            r.get("Target") for r in rels.iter("{%s}Relationship" % rel_ns) if r.get("Id") == rid
        )
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        shared = []
        if "xl/sharedStrings.xml" in zf.namelist():
            strings = etree.fromstring(zf.read("xl/sharedStrings.xml"))
            shared = ["".join(si.itertext()) for si in strings.iterfind("m:si", ns)]
        sheet_xml = etree.fromstring(zf.read(target))
    return sum(
        1
        for row in sheet_xml.iterfind("m:sheetData/m:row", ns)
        if any(_cell_value(c, shared, ns).strip() for c in row.iterfind("m:c", ns))
    )


def _cell_value(cell, shared: list[str], ns: dict) -> str:
    if cell.get("t") == "inlineStr":
        return "".join(cell.find("m:is", ns).itertext())
    value = cell.findtext("m:v", default="", namespaces=ns)
    return shared[int(value)] if cell.get("t") == "s" and value else value

"""Humboldt files for the tests: the official definition, hand-made files, the BROKE-West
sample mapped as a publisher would, and the row checks run as the engine runs them."""

from __future__ import annotations

import csv

from catalogue import definitions as cat
from resources.dwca.model import ArchiveFile, Part
from resources.quality.declarations import CHECKS
from resources.quality.humboldt import HUMBOLDT
from tests.conftest import HUMBOLDT as HUMBOLDT_XML
from tests.conftest import TEST_DATA

ECO = "http://rs.tdwg.org/eco/terms/"
DWC = "http://rs.tdwg.org/dwc/terms/"
SAMPLE = (
    TEST_DATA
    / "datasets"
    / "extension-samples"
    / "humboldt-broke-west-fish"
    / "2024-05-14_humboldt.txt"
)
ROW_CODES = (
    "humboldt-unit-missing",
    "humboldt-value-missing",
    "humboldt-number-invalid",
    "humboldt-count-invalid",
    "humboldt-boolean-invalid",
    "humboldt-list-contradicted",
    "humboldt-scope-excluded",
    "humboldt-area-smaller",
)
BOOLEAN_LINK = "vocabulary/basic/boolean"


def official():
    return cat.parse_extension(HUMBOLDT_XML.read_bytes())


def term(name: str) -> str:
    return name if ":" in name else (DWC if name in DWC_NAMES else ECO) + name


DWC_NAMES = {
    "eventType",
    "occurrenceStatus",
    "organismQuantity",
    "individualCount",
    "scientificName",
    "kingdom",
    "family",
    "genus",
    "parentEventID",
}


def humboldt_file(names, rows=(), *, source="humboldt.csv", **extra) -> ArchiveFile:
    """A Humboldt file mapping ``names``; ``rows`` are (event, {name: value}) in order."""
    return data_file(HUMBOLDT, "humboldt.txt", names, rows, source=source, **extra)


def data_file(row_type, filename, names, rows, *, source="source.csv", core=False, **extra):
    terms = [term(n) for n in names]
    cells = [
        (line, event, [values.get(n, "") for n in names])
        for line, (event, values) in enumerate(rows, 2)
    ]
    part = Part(source=source, rows=lambda: iter(cells))
    return ArchiveFile(row_type, filename, terms, [part], core=core, **extra)


def row_findings(code: str, file: ArchiveFile, rows: list[dict[str, str]]):
    """(term name, value, suggestion) of each finding of the row check ``code``."""
    found = []
    for use in CHECKS[code].uses(file):
        for values in rows:
            read = [values.get(t, "") for t in use.terms]
            if not use.on_empty and not any(read):
                continue  # the engine does not run a test on empty values
            finding = use.test(*read)
            if finding is not None:
                where = finding.term or use.terms[0]
                found.append((where.rsplit("/", 1)[1], finding.value, finding.suggestion))
    return found


def one_row(code: str, **values: str):
    file = humboldt_file(list(values))
    return row_findings(code, file, [{term(k): v for k, v in values.items()}])


def sample_file() -> tuple[ArchiveFile, list[dict[str, str]]]:
    """The BROKE-West sample as a publisher would map it: each column named after a property
    of the extension goes to that term (``ecoiri:…``, ``samplingProtocol`` and the misspelt
    ``compilationType``/``protocolDescription`` map to nothing)."""
    properties = {p.name: p.qual_name for p in official().properties}
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, data = rows[0], rows[1:]
    mapped = [(i, properties[name]) for i, name in enumerate(header) if name in properties]
    terms = [qual for _i, qual in mapped]
    cells = [(line, row[0], [row[i] for i, _q in mapped]) for line, row in enumerate(data, 2)]
    part = Part(source=SAMPLE.name, rows=lambda: iter(cells))
    values = [dict(zip(terms, c, strict=True)) for _line, _id, c in cells]
    return ArchiveFile(HUMBOLDT, "humboldt.txt", terms, [part]), values

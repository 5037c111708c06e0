"""The archive builder: file format, meta.xml, blocking checks and the report."""

from __future__ import annotations

import gzip
import zipfile
from dataclasses import dataclass, field

import pytest
from dwca.read import DwCAReader
from lxml import etree

from resources.dwca.build import build_archive
from resources.dwca.model import ArchiveFile, BuildOptions, Part
from tests.conftest import TEST_DATA

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE = DWC + "Event", DWC + "Occurrence"
MOF = "http://rs.tdwg.org/dwc/terms/MeasurementOrFact"


@dataclass
class Row:
    line: int
    id: str
    values: dict = field(default_factory=dict)


def _events(*rows):
    return [
        Row(
            i + 2,
            r[0],
            {DWC + "eventID": r[0], DWC + "parentEventID": r[1], DWC + "eventDate": "2020-05-01"},
        )
        for i, r in enumerate(rows)
    ]


def _occurrences(*rows):
    return [
        Row(
            i + 2,
            core,
            {
                DWC + "occurrenceID": occ,
                DWC + "basisOfRecord": "HumanObservation",
                DWC + "scientificName": "Puma concolor",
            },
        )
        for i, (core, occ) in enumerate(rows)
    ]


def _cells(rows, terms):
    return lambda: iter([(r.line, r.id, tuple(r.values.get(t, "") for t in terms)) for r in rows])


def _files(events, occurrences, *, mof=None):
    ev_terms = [DWC + "eventID", DWC + "parentEventID", DWC + "eventDate"]
    occ_terms = [DWC + "occurrenceID", DWC + "basisOfRecord", DWC + "scientificName"]
    files = [
        ArchiveFile(
            EVENT,
            "event.txt",
            ev_terms,
            [Part("events.csv", _cells(events, ev_terms))],
            core=True,
        ),
        ArchiveFile(
            OCCURRENCE,
            "occurrence.txt",
            occ_terms,
            [Part("occ.csv", _cells(occurrences, occ_terms))],
        ),
    ]
    if mof is not None:
        files.append(
            ArchiveFile(
                MOF,
                "measurementorfact.txt",
                [DWC + "measurementType"],
                [Part("mof.csv", _cells(mof, [DWC + "measurementType"]))],
            )
        )
    return files


EML = b"<?xml version='1.0' encoding='UTF-8'?><eml/>"


def _build(tmp_path, files, **options):
    seen = []
    result = build_archive(
        workdir=tmp_path / "work",
        files=files,
        eml=EML,
        options=BuildOptions(**options),
        progress=lambda phase, done, total: seen.append(phase),
    )
    return result, seen


def _entry(result, check):
    return next((c for c in result.report["checks"] if c["check"] == check and c["count"]), None)


def test_archive_is_tab_separated_utf8_with_id_column_and_meta(tmp_path):
    events = _events(("e1", ""), ("e2", "e1"))
    events[1].values[DWC + "eventDate"] = "2020-05-02\twith\ttabs"
    result, phases = _build(tmp_path, _files(events, _occurrences(("e1", "o1"), ("e2", "ø2"))))
    assert result.ok, result.report
    assert result.counts == {"event.txt": 2, "occurrence.txt": 2}
    with zipfile.ZipFile(result.archive) as zf:
        assert sorted(zf.namelist()) == ["eml.xml", "event.txt", "meta.xml", "occurrence.txt"]
        event = zf.read("event.txt").decode("utf-8")
        occurrence = zf.read("occurrence.txt").decode("utf-8")
        meta = zf.read("meta.xml")
    assert event == (
        "id\teventID\tparentEventID\teventDate\n"
        "e1\te1\t\t2020-05-01\n"
        "e2\te2\te1\t2020-05-02 with tabs\n"
    )
    assert occurrence.splitlines()[2] == "e2\tø2\tHumanObservation\tPuma concolor"
    schema = etree.XMLSchema(
        etree.parse(str(TEST_DATA / "schemas" / "dwc-text" / "tdwg_dwc_text.xsd"))
    )
    assert schema.validate(etree.fromstring(meta)), schema.error_log
    sanitised = _entry(result, "value-sanitised")
    assert sanitised["count"] == 1
    assert sanitised["samples"][0]["term"] == DWC + "eventDate"
    assert sanitised["samples"][0]["message"] == (
        'A tab or line break in eventDate "2020-05-02 with tabs" was replaced by a space.'
    )
    assert {"data files", "checks", "packaging"} <= set(phases)
    with DwCAReader(str(result.archive)) as archive:
        cores = list(archive)
        assert [c.id for c in cores] == ["e1", "e2"]
        assert [x.data[DWC + "occurrenceID"] for x in cores[1].extensions] == ["ø2"]


def test_duplicate_core_ids_block_and_name_every_row(tmp_path):
    result, _ = _build(
        tmp_path, _files(_events(("e1", ""), ("e2", ""), ("e1", "")), _occurrences(("e1", "o1")))
    )
    assert not result.ok
    entry = _entry(result, "core-id-duplicate")
    assert entry["severity"] == "error"
    assert [(s["line"], s["value"]) for s in entry["samples"]] == [(2, "e1"), (4, "e1")]
    with gzip.open(result.flagged, "rt", encoding="utf-8") as fh:
        flagged = fh.read().splitlines()
    assert flagged[0].startswith("file\tsource\tline")
    assert sum("core-id-duplicate" in line for line in flagged) == 2


def test_orphan_extension_rows_block_unless_left_out(tmp_path):
    files = _files(_events(("e1", "")), _occurrences(("e1", "o1"), ("nope", "o2")))
    result, _ = _build(tmp_path, files)
    assert not result.ok
    orphan = _entry(result, "orphan-row")
    assert orphan["samples"][0]["value"] == "nope"
    assert "drop_orphans" in orphan["samples"][0]["message"]

    files = _files(_events(("e1", "")), _occurrences(("e1", "o1"), ("nope", "o2")))
    result, _ = _build(tmp_path / "again", files, drop_orphans=True)
    assert result.ok
    assert result.counts["occurrence.txt"] == 1
    assert result.report["dropped_orphans"] == 1
    dropped = _entry(result, "orphan-row-dropped")
    assert (dropped["severity"], dropped["samples"][0]["line"]) == ("info", 3)
    assert result.report["warnings"] == 0


def test_extension_rows_without_core_id_block(tmp_path):
    result, _ = _build(tmp_path, _files(_events(("e1", "")), _occurrences(("", "o1"))))
    assert _entry(result, "extension-id-missing")["count"] == 1
    assert not result.ok


def test_unknown_parent_event_warns_that_the_hierarchy_will_be_incomplete(tmp_path):
    events = _events(("e1", ""), ("e2", "ghost"))
    result, _ = _build(tmp_path, _files(events, _occurrences(("e1", "o1"))))
    assert result.ok
    entry = _entry(result, "parent-event-unknown")
    assert (entry["severity"], entry["count"]) == ("warning", 1)
    assert entry["samples"][0]["value"] == "ghost"
    assert "hierarchy will be incomplete" in entry["samples"][0]["message"]


def test_parent_event_cycles_block(tmp_path):
    events = _events(("e1", "e3"), ("e2", "e1"), ("e3", "e2"), ("e4", ""))
    result, _ = _build(tmp_path, _files(events, _occurrences(("e1", "o1"))))
    assert not result.ok
    entry = _entry(result, "parent-event-cycle")
    assert entry["samples"][0]["value"] == "e1"
    assert entry["count"] == 3


def test_duplicate_occurrence_ids_block(tmp_path):
    result, _ = _build(
        tmp_path, _files(_events(("e1", "")), _occurrences(("e1", "o1"), ("e1", "o1")))
    )
    assert not result.ok
    assert _entry(result, "occurrence-id-duplicate")["count"] == 2


def test_vanished_occurrence_ids_are_listed_from_the_previous_archive(tmp_path):
    first, _ = _build(
        tmp_path / "v1",
        _files(_events(("e1", "")), _occurrences(("e1", "o1"), ("e1", "o2"), ("e1", "o3"))),
    )
    assert first.ok and first.ids.exists()
    second, _ = _build(
        tmp_path / "v2",
        _files(_events(("e1", "")), _occurrences(("e1", "o1"))),
        previous_ids=first.ids,
        previous_archive=first.archive,
        previous_counts=first.counts,
    )
    assert second.ok
    gone = _entry(second, "occurrence-id-vanished")
    assert gone["severity"] == "warning"
    assert [(s["line"], s["value"]) for s in gone["samples"]] == [(3, "o2"), (4, "o3")]
    assert "(2 are)" in gone["samples"][0]["message"]
    assert "2 records fewer" in _entry(second, "records-dropped")["message"]
    with gzip.open(second.flagged, "rt", encoding="utf-8") as fh:
        flagged = [line.split("\t") for line in fh.read().splitlines()[1:]]
    assert sorted(c[6] for c in flagged if c[3] == "occurrence-id-vanished") == ["o2", "o3"]


@pytest.mark.parametrize("previous", ["gone", "unreadable"])
def test_vanished_occurrence_ids_are_counted_when_the_previous_archive_is_gone(tmp_path, previous):
    first, _ = _build(
        tmp_path / "v1",
        _files(_events(("e1", "")), _occurrences(("e1", "o1"), ("e1", "o2"), ("e1", "o3"))),
    )
    if previous == "gone":
        first.archive.unlink()
    else:
        first.archive.write_bytes(b"not a zip")
    second, _ = _build(
        tmp_path / "v2",
        _files(_events(("e1", "")), _occurrences(("e1", "o1"))),
        previous_ids=first.ids,
        previous_archive=first.archive,
    )
    assert second.ok
    assert _entry(second, "occurrence-id-vanished") is None
    counted = _entry(second, "occurrence-ids-vanished")
    assert counted["message"].startswith("2 occurrenceIDs of the previous version are gone")


def test_no_core_blocks(tmp_path):
    files = _files(_events(("e1", "")), _occurrences(("e1", "o1")))[1:]
    result, _ = _build(tmp_path, files)
    assert not result.ok
    assert _entry(result, "core-missing")


def test_a_failing_progress_callback_stops_the_build_and_the_deflate_thread(tmp_path):
    class Stop(Exception):
        pass

    def progress(phase, done, total):
        raise Stop

    import threading

    before = threading.active_count()
    with pytest.raises(Stop):
        build_archive(
            workdir=tmp_path,
            files=_files(_events(("e1", "")), _occurrences(("e1", "o1"))),
            eml=EML,
            options=BuildOptions(),
            progress=progress,
        )
    assert threading.active_count() == before


def test_multi_value_terms_get_delimited_by(tmp_path):
    occurrences = _occurrences(("e1", "o1"))
    occurrences[0].values[DWC + "recordedBy"] = "A|B"
    files = _files(_events(("e1", "")), occurrences)
    files[1].terms.append(DWC + "recordedBy")
    files[1].parts[0].rows = _cells(occurrences, files[1].terms)
    files[1].delimiters = {DWC + "recordedBy": "|", DWC + "scientificName": "|"}
    result, _ = _build(tmp_path, files)
    with zipfile.ZipFile(result.archive) as zf:
        meta = etree.fromstring(zf.read("meta.xml"))
    delimited = {f.get("term"): f.get("delimitedBy") for f in meta.iter("{*}field")}
    assert delimited[DWC + "recordedBy"] == "|"
    assert delimited[DWC + "scientificName"] is None


def test_flagged_rows_keep_one_line_and_eight_cells_whatever_the_value(tmp_path):
    from resources.dwca.report import Report

    report = Report(tmp_path / "flagged.tsv.gz")
    for value in ("plain", "a\tb", "line\nbreak", "cr\rhere"):
        report.add(
            file="occurrence.txt",
            source="occ.csv",
            line=2,
            check="x",
            severity="warning",
            term="t",
            value=value,
            text="message about %s" % value,
        )
    report.close()
    with gzip.open(tmp_path / "flagged.tsv.gz", "rt", encoding="utf-8", newline="") as fh:
        rows = fh.read().split("\n")[1:-1]
    assert [row.split("\t")[6] for row in rows] == ["plain", "a b", "line break", "cr here"]
    assert all(row.count("\t") == 7 for row in rows)

"""The archive builder in forked processes over cut sources gives what one process gives:
the same data files, report, flagged rows and occurrenceID hashes; a range that meets an
undecodable byte makes the file be read whole, with the error named as before."""

from __future__ import annotations

import gzip
import hashlib
import random
import zipfile
import zlib
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from resources.dwca.build import build_archive
from resources.dwca.model import ArchiveFile, BuildOptions, Part
from resources.mapping.engine import compile_mapping
from resources.mapping.model import FieldRule, MappingSpec
from resources.sources.errors import SourceError, SplitRefused
from resources.sources.model import FileSpec
from resources.sources.text import TextTable

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT_TERMS = ["eventID", "parentEventID", "eventDate", "decimalLatitude"]
OCC_TERMS = ["occurrenceID", "basisOfRecord", "scientificName", "individualCount", "eventDate"]


def _write_sources(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(7)
    events = folder / "event.csv"
    ids = ["ev-%d" % i for i in range(3000)]
    with events.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(EVENT_TERMS) + "\r\n")
        for i, event in enumerate(ids):
            parent = ids[rng.randrange(i)] if i and rng.random() < 0.3 else ""
            date = "2020-05-%02d" % rng.randint(1, 28) if i % 97 else "31/02/2020"
            fh.write('%s,%s,%s,"%s"\r\n' % (event, parent, date, rng.uniform(-60, 60)))
        fh.write("ev-5,,2020-01-01,1\r\n")  # a duplicate core id
        fh.write(",,,\r\n")  # a row of empty fields: skipped
    occurrences = folder / "occurrence.csv"
    with occurrences.open("w", encoding="utf-8", newline="") as fh:
        fh.write("eventID," + ",".join(OCC_TERMS) + "\n")
        for i in range(20000):
            event = rng.choice(ids) if i % 1000 else "no-such-event"  # orphans
            occ = "occ-%d" % (i if i % 3001 else 7)  # some duplicates
            name = rng.choice(["Puma concolor", "Bufo bufo", 'Rana "x"\ntemporaria', "Café"])
            count = str(rng.randint(0, 9)) if i % 501 else "many"
            fh.write(
                '%s,%s,HumanObservation,"%s",%s,2021-0%d-01\n'
                % (event, occ, name.replace('"', '""'), count, 1 + i % 9)
            )
    return events, occurrences


def _part(path: Path, row_type: str, row_type_terms: list[str], id_column: str) -> Part:
    table = TextTable(path, FileSpec.from_dict({"format": "csv", "text": {}}))
    spec = MappingSpec(
        row_type=DWC + row_type,
        id_column=id_column,
        fields=[FieldRule(term=DWC + t, column=t) for t in row_type_terms],
    )
    mapper = compile_mapping(spec, table.columns)
    terms = [DWC + t for t in row_type_terms]

    def rows():
        return mapper.cells(table.cells(), terms)

    def cut(part):
        return mapper.cells(table.range_cells(part), terms)

    def ranges(count, min_bytes):
        parts = table.ranges(count, min_bytes)
        return None if parts is None else [partial(cut, p) for p in parts]

    return Part(
        path.name,
        rows,
        date_conversions=mapper.date_conversions,
        size=path.stat().st_size,
        ranges=ranges,
    )


def _files(events: Path, occurrences: Path) -> list[ArchiveFile]:
    return [
        ArchiveFile(
            DWC + "Event",
            "event.txt",
            [DWC + t for t in EVENT_TERMS],
            [_part(events, "Event", EVENT_TERMS, "eventID")],
            core=True,
            types={DWC + "eventDate": "date", DWC + "decimalLatitude": "decimal"},
        ),
        ArchiveFile(
            DWC + "Occurrence",
            "occurrence.txt",
            [DWC + t for t in OCC_TERMS],
            [_part(occurrences, "Occurrence", OCC_TERMS, "eventID")],
            types={DWC + "individualCount": "integer"},
        ),
    ]


def _build(folder: Path, workdir: Path, processes: int, ids_in_memory: int = 8_000_000) -> dict:
    events, occurrences = folder / "event.csv", folder / "occurrence.csv"
    ticks: list[int] = []
    result = build_archive(
        workdir=workdir,
        files=_files(events, occurrences),
        eml=b"<eml/>",
        options=BuildOptions(
            processes=processes,
            parallel_min_bytes=0,
            split_min_bytes=50_000,
            sample_cap=5,
            ids_in_memory=ids_in_memory,
        ),
        progress=lambda phase, done, total: ticks.append(done),
    )
    with zipfile.ZipFile(result.archive) as zf:
        assert zf.testzip() is None
        members = {name: zf.read(name) for name in zf.namelist()}
    # hashed while it was written, member by member, as the file now reads
    assert result.archive_sha256 == hashlib.sha256(result.archive.read_bytes()).hexdigest()
    with gzip.open(result.flagged, "rt", encoding="utf-8") as fh:
        flagged = fh.read()
    assert not (workdir / "passes").exists()  # segments and task files are removed
    return {
        "members": members,
        "report": result.report,
        "flagged": flagged,
        "ids": np.load(result.ids) if result.ids else None,
        "ticks": ticks,
    }


def test_forked_build_over_cut_sources_equals_the_single_process_build(tmp_path):
    _write_sources(tmp_path)
    one = _build(tmp_path, tmp_path / "one", processes=1)
    three = _build(tmp_path, tmp_path / "three", processes=3)
    table = TextTable(tmp_path / "occurrence.csv", FileSpec.from_dict({"format": "csv"}))
    assert len(table.ranges(3, 50_000) or []) == 3  # the sources were really cut
    assert three["members"] == one["members"]
    assert three["report"] == one["report"]
    assert three["flagged"] == one["flagged"]
    assert np.array_equal(three["ids"], one["ids"])
    checks = {c["check"] for c in one["report"]["checks"] if c["count"]}
    # the data exercise what crosses the cuts: duplicates, orphans, sanitised values
    assert {"core-id-duplicate", "orphan-row", "occurrence-id-duplicate"} <= checks
    assert "value-sanitised" in checks
    assert one["report"]["counts"] == {"event.txt": 3001, "occurrence.txt": 20000}
    assert three["ticks"][-1] >= 23001  # the children's progress reached the parent


def test_id_hashes_spilled_by_the_processes_give_the_same_checks(tmp_path):
    _write_sources(tmp_path)
    one = _build(tmp_path, tmp_path / "one", processes=1)
    spilled = _build(tmp_path, tmp_path / "spilled", processes=3, ids_in_memory=500)
    assert spilled["members"] == one["members"]
    assert spilled["report"] == one["report"]
    assert spilled["flagged"] == one["flagged"]
    assert np.array_equal(spilled["ids"], one["ids"])
    assert not (tmp_path / "spilled" / "ids-spill").exists()  # runs removed


def test_a_range_with_an_undecodable_byte_reads_the_file_whole_and_names_the_line(tmp_path):
    events, occurrences = _write_sources(tmp_path)
    data = occurrences.read_bytes().splitlines(keepends=True)
    at = next(i for i in range(15000, len(data)) if b"HumanObservation" in data[i])
    data[at] = data[at].replace(b"HumanObservation", b"Human\xffObservation")
    occurrences.write_bytes(b"".join(data))
    with pytest.raises(SourceError) as caught:
        _build(tmp_path, tmp_path / "three", processes=3)
    assert caught.value.code == "source:encoding"
    assert caught.value.line == at + 1


def test_a_quoted_line_break_is_never_a_cut(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(b'a,b\n1,"x\ny"\n2,"q"\n3,z\r\n4,"u""\nv"\n5,w\n')
    table = TextTable(path, FileSpec.from_dict({"format": "csv"}))
    whole = list(table.cells())
    for count in (2, 3, 5):
        ranges = table.ranges(count, 1)
        assert ranges is not None
        assert [row for r in ranges for row in table.range_cells(r)] == whole
        assert all(b'"x\n' not in path.read_bytes()[r.start : r.start + 3] for r in ranges)


def test_old_mac_line_ends_before_a_cut_make_the_range_refuse(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes(b"a,b\n1,2\r3,4\n5,6\n7,8\n")  # a lone CR on line 2
    table = TextTable(path, FileSpec.from_dict({"format": "csv"}))
    ranges = table.ranges(2, 1)
    assert ranges is not None and ranges[0].lines is not None
    with pytest.raises(SplitRefused):
        list(table.range_cells(ranges[0]))
    assert [line for line, _ in table.cells()] == [2, 3, 4, 5]


def test_member_fingerprints_from_the_build_match_those_read_from_the_archive(tmp_path):
    from resources.services.publication.files import data_sha256

    _write_sources(tmp_path)
    result = build_archive(
        workdir=tmp_path / "w",
        files=_files(tmp_path / "event.csv", tmp_path / "occurrence.csv"),
        eml=b"<eml/>",
        options=BuildOptions(processes=2, parallel_min_bytes=0, split_min_bytes=50_000),
        progress=lambda *args: None,
    )
    digests = result.report["digests"]
    assert set(digests) == {"event.txt", "occurrence.txt", "meta.xml", "eml.xml"}
    with zipfile.ZipFile(result.archive) as zf:
        data = zf.read("occurrence.txt")
    assert digests["occurrence.txt"] == "crc32:%08x:%d" % (zlib.crc32(data), len(data))
    assert data_sha256(result.archive, digests) == data_sha256(result.archive)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 1 << 16])
def test_text_without_quoting_is_read_as_the_csv_module_reads_it(tmp_path, monkeypatch, block):
    """Without a quote character each line is split at the delimiter (faster than the csv
    module): line ends, blank rows, a byte order mark, skipped lines and cuts as before,
    whatever the size of the blocks it reads (a CR LF or a lone CR at a block's end)."""
    import csv

    from resources.sources import text

    monkeypatch.setattr(text, "BLOCK_CHARS", block)
    path = tmp_path / "t.tsv"
    path.write_bytes('\ufeffskip me\nh1\th2\na\t"b\r\n\t\n\nc\t d \re\tf\n g\t\n"x\tlast'.encode())
    spec = {"format": "csv", "text": {"delimiter": "\t", "quotechar": None, "skip_lines": 1}}
    table = TextTable(path, FileSpec.from_dict(spec))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        fh.readline()
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        expected, start = [], 3
        for record in reader:
            if record and any(v.strip() for v in record):
                expected.append((start, record))
            start = reader.line_num + 2
    assert list(table.cells()) == expected
    assert expected[0] == (3, ["a", '"b'])
    ranges = table.ranges(2, 1)
    assert ranges is not None
    assert [row for r in ranges for row in table.range_cells(r)] == expected
    chunks = [chunk for r in ranges for chunk in table.range_chunks(r)]
    assert [row for chunk in chunks for row in chunk] == expected
    assert all(chunks)  # no empty list


@pytest.mark.parametrize("block", [3, 7, 64])
def test_random_line_ends_read_in_blocks_give_the_lines_the_stream_gives(
    tmp_path, monkeypatch, block
):
    from resources.sources import text

    monkeypatch.setattr(text, "BLOCK_CHARS", block)
    rng = random.Random(block)
    values = ["a", "b c", "", " ", "é", "x\ty", "NULL"]
    endings = ["\n", "\r\n", "\r", "\n\n", "\r\r\n"]
    body = "".join(
        rng.choice(values) + "\t" + rng.choice(values) + rng.choice(endings) for _ in range(400)
    )
    path = tmp_path / "r.tsv"
    path.write_bytes(("h1\th2\n" + body).encode())
    spec = {"format": "csv", "text": {"delimiter": "\t", "quotechar": None}}
    table = TextTable(path, FileSpec.from_dict(spec))
    with path.open(newline="", encoding="utf-8") as fh:
        lines = list(fh)[1:]
    split = [(n, line.rstrip("\r\n").split("\t")) for n, line in enumerate(lines, start=2)]
    expected = [(n, cells) for n, cells in split if any(v.strip() for v in cells)]
    assert len(expected) > 300
    assert list(table.cells()) == expected


def test_a_nul_in_unquoted_text_is_left_to_the_careful_reader(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(b"h1\th2\na\tb\nc\x00\td\n")
    spec = {"format": "csv", "text": {"delimiter": "\t", "quotechar": None}}
    table = TextTable(path, FileSpec.from_dict(spec))
    careful = [(row.line, list(row.values)) for row in table.rows()]
    assert list(table.cells()) == careful


def test_only_tab_split_text_copied_as_it_is_skips_the_look_for_tabs_and_line_breaks(tmp_path):
    """``Chunks.clean``: text without quoting, split at tabs and line ends, mapped column to
    column, can hold no tab or line break; quoted text or a written value can."""
    from resources.services.publication.archive import _range_rows

    tsv, csv_path = tmp_path / "t.tsv", tmp_path / "c.csv"
    tsv.write_bytes(b"id\tname\n" + b"".join(b"e%d\tAus bus %d\n" % (i, i) for i in range(50)))
    csv_path.write_bytes(b"id,name\n" + b"".join(b'e%d,"A\tb %d"\n' % (i, i) for i in range(50)))
    unquoted = {"format": "csv", "text": {"delimiter": "\t", "quotechar": None}}
    tables = {
        "tsv": TextTable(tsv, FileSpec.from_dict(unquoted)),
        "csv": TextTable(csv_path, FileSpec.from_dict({"format": "csv"})),
    }
    assert tables["tsv"].splits_at_tabs and not tables["csv"].splits_at_tabs
    terms = [DWC + "scientificName", DWC + "locality"]
    copied = [FieldRule(term=DWC + "scientificName", column="name")]
    written = [*copied, FieldRule(term=DWC + "locality", constant="a\tb")]
    for name, fields, clean in (
        ("tsv", copied, True),
        ("tsv", written, False),
        ("csv", copied, False),
    ):
        table = tables[name]
        mapper = compile_mapping(MappingSpec(DWC + "Event", "id", fields), table.columns)
        assert mapper.copies_cells(terms) is (fields is copied)
        part = table.ranges(2, 1)[0]
        chunks = _range_rows(mapper, table, terms, part)
        assert chunks.clean is clean
        rows = [row for chunk in chunks.chunks for row in chunk]
        assert rows and all(len(values) == 2 for _line, _id, values in rows)


def test_a_written_value_with_a_tab_is_sanitised_when_its_rows_come_in_blocks(tmp_path):
    from resources.dwca.model import Chunks

    terms = [DWC + "eventID", DWC + "locality"]
    rows = [(n + 2, "e%d" % n, ("e%d" % n, "a\tb" if n == 3 else "x")) for n in range(6)]

    def ranges(count, min_bytes):
        return [lambda: Chunks([rows[:4]]), lambda: Chunks([rows[4:]])]

    part = Part("s.tsv", lambda: iter(rows), size=10, ranges=ranges)
    result = build_archive(
        workdir=tmp_path / "w",
        files=[ArchiveFile(DWC + "Event", "event.txt", terms, [part], core=True)],
        eml=b"<eml/>",
        options=BuildOptions(processes=2, parallel_min_bytes=0, split_min_bytes=1),
        progress=lambda *args: None,
    )
    with zipfile.ZipFile(result.archive) as zf:
        lines = zf.read("event.txt").decode().splitlines()
    assert lines[4] == "e3\te3\ta b" and len(lines) == 7
    sanitised = [c for c in result.report["checks"] if c["check"] == "value-sanitised"]
    assert sanitised and sanitised[0]["count"] == 1


def test_each_source_is_cut_once_the_later_ones_while_the_first_file_is_read(tmp_path):
    _write_sources(tmp_path)
    files = _files(tmp_path / "event.csv", tmp_path / "occurrence.csv")
    calls: list[str] = []
    waits: list[list[str]] = []
    checked: list[list[str]] = []
    for file in files:
        for part in file.parts:
            cut = part.ranges

            def counted(count, min_bytes, cut=cut, name=file.filename):
                calls.append(name)
                return cut(count, min_bytes)

            part.ranges = counted
    build_archive(
        workdir=tmp_path / "w",
        files=files,
        eml=b"<eml/>",
        options=BuildOptions(
            processes=2,
            parallel_min_bytes=0,
            split_min_bytes=50_000,
            meanwhile=lambda: waits.append(list(calls)),
        ),
        progress=lambda phase, *args: phase == "checks" and checked.append(list(calls)),
    )
    assert calls == ["event.txt", "occurrence.txt"]  # once each
    assert waits == [["event.txt"]]  # the caller's work ran once, at the first file's wait
    assert checked[0] == ["event.txt", "occurrence.txt"]  # cut before the events were done

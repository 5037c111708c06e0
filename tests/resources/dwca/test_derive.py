"""Events derived from a flat table: the first row of each id, conflicts named (Django-free)."""

from __future__ import annotations

import random

from resources.dwca import derive
from resources.dwca.derive import Distinct
from resources.dwca.model import Chunks

TERMS = ["eventDate", "decimalLatitude", "locality"]


def rows_of(events: list[tuple[str, tuple[str, ...]]]):
    return [(line, event_id, values) for line, (event_id, values) in enumerate(events, 2)]


def run(distinct: Distinct, rows) -> tuple[list, list]:
    said = []
    distinct.sink = lambda *args: said.append(args)
    kept = [row for chunk in distinct.rows(rows).chunks for row in chunk]
    return kept, said


def test_one_row_per_id_the_first_and_rows_without_id_pass():
    a, b = ("2024-04-12", "52.5", "Pond"), ("2024-04-13", "52.6", "Lake")
    given = rows_of([("A", a), ("A", a), ("B", b), ("A", a), ("", ("", "", "")), ("B", b)])
    kept, said = run(Distinct(TERMS), given)
    assert [(line, i) for line, i, _v in kept] == [(2, "A"), (4, "B"), (6, "")]
    assert said == []


def test_a_disagreeing_row_is_named_with_its_first_row_and_the_term():
    a = ("2024-04-12", "52.5", "Pond")
    moved = ("2024-04-12", "52.7", "Pond")
    given = rows_of([("A", a), ("B", a), ("A", moved), ("A", moved), ("A", a)])
    distinct = Distinct(TERMS)
    kept, said = run(distinct, given)
    assert [i for _l, i, _v in kept] == ["A", "B"]
    # both moved rows are named (the second is the same as the row before it)
    assert said == [(4, "A", 2, ["decimalLatitude"]), (5, "A", 2, ["decimalLatitude"])]
    found = distinct.found
    assert (found.rows, found.events, found.conflicts, found.conflicting_events) == (5, 2, 2, 1)


def test_reading_again_starts_afresh():
    a = ("2024-04-12", "52.5", "Pond")
    distinct = Distinct(TERMS)
    given = rows_of([("A", a), ("A", a)])
    assert len(run(distinct, given)[0]) == 1
    assert len(run(distinct, given)[0]) == 1
    assert distinct.found.rows == 2


def test_many_ids_in_any_order_match_a_dict(monkeypatch):
    monkeypatch.setattr(derive, "RECENT", 64)  # merge into the sorted arrays often
    rng = random.Random(7)
    truth: dict[str, tuple[str, ...]] = {}
    given = []
    for line in range(20_000):
        event_id = "site-%d:%d" % (rng.randrange(300), rng.randrange(20))
        values = truth.setdefault(event_id, (event_id, str(rng.random()), "x"))
        if rng.random() < 0.01:
            values = (values[0], "moved", values[2])
        given.append((line, event_id, values))
    kept, said = run(Distinct(TERMS), given)
    firsts: dict[str, tuple[int, tuple[str, ...]]] = {}
    for line, event_id, values in given:
        firsts.setdefault(event_id, (line, values))
    assert [(line, i) for line, i, _v in kept] == sorted((v[0], k) for k, v in firsts.items())
    expected = [line for line, event_id, values in given if values != firsts[event_id][1]]
    assert len(expected) > 100
    assert [args[0] for args in said] == expected
    assert all(args[3] == ["decimalLatitude"] for args in said)


def test_a_reader_s_clean_blocks_stay_clean():
    a = ("2024-04-12", "52.5", "Pond")
    out = Distinct(TERMS).rows(Chunks([rows_of([("A", a), ("A", a)])], clean=True))
    assert out.clean and [len(c) for c in out.chunks] == [1]


def _flat(folder) -> object:
    path = folder / "flat.csv"
    rng = random.Random(3)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("site,date,lat,species,count\n")
        for i in range(30_000):
            site, day = rng.randrange(40), rng.randrange(1, 29)
            lat = "%d.5" % site if i % 997 else "99"  # a few rows disagree with their visit
            fh.write("S%d,2024-05-%02d,%s,Species %d,%d\n" % (site, day, lat, i % 50, i % 7))
    return path


def _flat_files(path):
    from resources.dwca.model import ArchiveFile, Part
    from resources.mapping.engine import compile_mapping
    from resources.mapping.model import FieldRule, MappingSpec
    from resources.sources.model import FileSpec
    from resources.sources.text import TextTable

    dwc = "http://rs.tdwg.org/dwc/terms/"
    table = TextTable(path, FileSpec.from_dict({"format": "csv", "text": {}}))

    def part(row_type, fields, derive_events):
        spec = MappingSpec(
            row_type=dwc + row_type,
            id_column=None,
            id_template="{site}:{date}",
            fields=[FieldRule(term=dwc + t, **rule) for t, rule in fields.items()],
            derive_events=derive_events,
        )
        mapper = compile_mapping(spec, table.columns)
        terms = [dwc + t for t in fields]
        distinct = Distinct(terms) if derive_events else None

        def rows():
            read = mapper.cells(table.cells(), terms)
            return distinct.rows(read) if distinct is not None else read

        return ArchiveFile(
            dwc + row_type,
            row_type.lower() + ".txt",
            terms,
            [Part(path.name, rows, size=path.stat().st_size, distinct=distinct)],
            core=derive_events,
        )

    return [
        part(
            "Event",
            {
                "eventID": {"template": "{site}:{date}"},
                "eventDate": {"column": "date"},
                "decimalLatitude": {"column": "lat"},
            },
            True,
        ),
        part(
            "Occurrence",
            {
                "scientificName": {"column": "species"},
                "individualCount": {"column": "count"},
                "basisOfRecord": {"constant": "HumanObservation"},
            },
            False,
        ),
    ]


def test_forked_passes_report_the_conflicts_and_counts_one_process_does(tmp_path):
    from resources.dwca.build import build_archive
    from resources.dwca.model import BuildOptions

    path = _flat(tmp_path)
    seen = []
    for processes in (1, 2):
        result = build_archive(
            workdir=tmp_path / ("w%d" % processes),
            files=_flat_files(path),
            eml=b"<eml/>",
            options=BuildOptions(processes=processes, parallel_min_bytes=0, sample_cap=5),
            progress=lambda *_args: None,
        )
        conflicts = [c for c in result.report["checks"] if c["check"] == "event-conflict-kept"]
        seen.append((result.counts, result.report["derived_events"], conflicts))
    assert seen[0] == seen[1]
    counts, derived, (entry,) = seen[0]
    rows = 30_000
    events = len({tuple(line.split(",")[:2]) for line in path.read_text().splitlines()[1:]})
    assert counts == {"event.txt": events, "occurrence.txt": rows}
    assert derived[0]["rows"] == rows and derived[0]["events"] == events
    assert entry["count"] == derived[0]["conflicts"] > 0
    assert [s["term"] for s in entry["samples"]] == [
        "http://rs.tdwg.org/dwc/terms/decimalLatitude"
    ] * 5


def test_a_deriving_mapping_gives_what_a_plain_one_gives_row_for_row():
    """Rows that read the same cells as the row before are not worked out again: the rows,
    ids and values are those the mapping gives without deriving, filters included."""
    from resources.mapping.engine import compile_mapping
    from resources.mapping.model import FieldRule, Filter, MappingSpec

    columns = ["site", "date", "lat", "species", "note"]
    rng = random.Random(11)
    rows = []
    for line in range(3000):
        site, date = "S%d" % rng.randrange(5), "2024-05-%02d" % rng.randrange(1, 4)
        lat = rng.choice(["52.1", "52.1", "52.1", "x"])
        cells = [site, date, lat, "Sp %d" % rng.randrange(3), "n"]
        if line % 500 == 7:
            cells = cells[:3]  # a short row
        rows.append((line, cells))
    # runs of repeated cells, as a flat table has them
    rows = [(i, list(cells)) for i, (_line, cells) in enumerate(r for r in rows for _ in (0, 1))]
    spec = dict(
        row_type="http://rs.tdwg.org/dwc/terms/Event",
        id_column=None,
        id_template="{site}:{date}",
        fields=[
            FieldRule(term="eventID", template="{site}:{date}"),
            FieldRule(term="decimalLatitude", column="lat", translations={"x": ""}),
            FieldRule(term="eventRemarks", column="note", default="none"),
        ],
        filters=[Filter(column="site", op="not_equals", value="S3")],
    )
    terms = ["eventID", "decimalLatitude", "eventRemarks"]
    plain = compile_mapping(MappingSpec(**spec), columns)
    deriving = compile_mapping(MappingSpec(**spec, derive_events=True), columns)
    expected = [(line, i, tuple(v)) for line, i, v in plain.cells(_copies(rows), terms)]
    given = [(line, i, tuple(v)) for line, i, v in deriving.cells(_copies(rows), terms)]
    assert given == expected
    assert len({line for line, _i, _v in expected}) > 2000


def _copies(rows):
    return [(line, list(cells)) for line, cells in rows]

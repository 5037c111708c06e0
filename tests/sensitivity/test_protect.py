"""A policy applied to the builder's files: what each action does to the published rows of a
sampling-event dataset, that nothing of an original value is left in any file, and the
report's counts."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from resources.dwca.build import build_archive
from resources.dwca.model import ArchiveFile, BuildOptions, Part
from resources.sensitivity.policy import Action, Policy, Taxon
from resources.sensitivity.protect import protect

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE = DWC + "Event", DWC + "Occurrence"
MOF = DWC + "MeasurementOrFact"
EVENT_TERMS = [
    DWC + t
    for t in (
        "eventID",
        "parentEventID",
        "eventDate",
        "decimalLatitude",
        "decimalLongitude",
        "coordinateUncertaintyInMeters",
        "locality",
        "eventRemarks",
    )
]
OCC_TERMS = [
    DWC + t
    for t in (
        "occurrenceID",
        "basisOfRecord",
        "scientificName",
        "specificEpithet",
        "family",
        "taxonRank",
        "recordedBy",
        "occurrenceRemarks",
    )
]
# site S1 (parent) -> samples E1 (lynx), E2 (nothing sensitive, same point as E1), E3 (elsewhere)
EVENTS = [
    ("S1", "", "2020-05", "50.123456", "4.654321", "", "Heide Noord", ""),
    ("E1", "S1", "2020-05-17", "50.123456", "4.654321", "30", "Heide Noord", "at 50.123456"),
    ("E2", "S1", "2020-05-18", "50.123456", "4.654321", "30", "Heide Noord", ""),
    ("E3", "", "2020-06-01", "51.000001", "3.000001", "10", "Elders", ""),
    ("E1a", "E1", "2020-05-17", "50.123499", "4.654399", "5", "plot a", ""),
]
OCCURRENCES = [
    (
        "E1",
        "o1",
        "HumanObservation",
        "Lynx lynx (Linnaeus, 1758)",
        "lynx",
        "Felidae",
        "species",
        "Ann",
        "a lynx",
    ),
    ("E1", "o2", "HumanObservation", "Vulpes vulpes", "vulpes", "Canidae", "species", "Ann", ""),
    ("E2", "o3", "HumanObservation", "Vulpes vulpes", "vulpes", "Canidae", "species", "Bob", ""),
    ("E3", "o4", "HumanObservation", "Meles meles", "meles", "Mustelidae", "species", "Cy", ""),
    (
        "E3",
        "o5",
        "HumanObservation",
        "Aquila chrysaetos",
        "chrysaetos",
        "Accipitridae",
        "species",
        "Cy",
        "",
    ),
]
MEASUREMENTS = [("E1", "cover"), ("E3", "cover")]


def _part(name, rows):
    return Part(name, lambda: iter([(i + 2, r[0], tuple(r[1:])) for i, r in enumerate(rows)]))


def _files():
    events = [(r[0], *r) for r in EVENTS]
    return [
        ArchiveFile(EVENT, "event.txt", list(EVENT_TERMS), [_part("e.csv", events)], core=True),
        ArchiveFile(OCCURRENCE, "occurrence.txt", list(OCC_TERMS), [_part("o.csv", OCCURRENCES)]),
        ArchiveFile(
            MOF, "measurementorfact.txt", [DWC + "measurementType"], [_part("m.csv", MEASUREMENTS)]
        ),
    ]


def _publish(tmp_path, policy):
    files = _files()
    found = protect(files, policy)
    result = build_archive(
        workdir=tmp_path / "work",
        files=files,
        eml=b"<eml/>",
        options=BuildOptions(),
        progress=lambda *a: None,
    )
    assert result.ok, result.report
    tables = {}
    with zipfile.ZipFile(result.archive) as zf:
        raw = {name: zf.read(name).decode() for name in zf.namelist()}
    for name, text in raw.items():
        if name.endswith(".txt"):
            rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
            tables[name] = {
                (r["id"], r.get("occurrenceID") or r.get("eventID") or ""): r for r in rows
            }
    return found.report(), tables, raw


def _by_id(table, key):
    return next(r for (i, other), r in table.items() if other == key or i == key)


def _policy(*taxa, **options):
    return Policy(taxa=tuple(taxa), **options)


def test_coordinates_generalise_the_whole_event_its_children_and_its_place(tmp_path):
    policy = _policy(Taxon("Lynx lynx"), default=Action("coordinates", grid="0.1"))
    report, tables, raw = _publish(tmp_path, policy)
    events, occurrences = tables["event.txt"], tables["occurrence.txt"]
    for event in ("E1", "E2", "S1", "E1a"):  # the event, its place, its parent site, its child
        row = _by_id(events, event)
        assert (row["decimalLatitude"], row["decimalLongitude"]) == ("50.15", "4.65"), event
        assert row["locality"] == "", event
        assert "0.1° grid" in row["dataGeneralizations"], event
        assert "locality" in row["informationWithheld"], event
    e1 = _by_id(events, "E1")
    assert (
        int(e1["coordinateUncertaintyInMeters"]) >= 30 + 6000
    )  # half the diagonal of a 0.1° cell at 50°N: ~6.6 km
    assert e1["eventRemarks"] == ""  # it quoted the coordinate
    assert e1["eventDate"] == "2020-05-17"  # dates are not touched by a coordinates action
    e3 = _by_id(events, "E3")  # elsewhere: full precision
    assert (e3["decimalLatitude"], e3["locality"], e3["dataGeneralizations"]) == (
        "51.000001",
        "Elders",
        "",
    )
    lynx = _by_id(occurrences, "o1")
    assert lynx["scientificName"] == "Lynx lynx (Linnaeus, 1758)"  # the name stays
    assert report["generalised"] == 1 and report["withheld"] == 0
    assert report["taxa"] == [
        {
            "name": "Lynx lynx",
            "action": {"kind": "coordinates", "grid": "0.1"},
            "withheld": 0,
            "generalised": 1,
        }
    ]
    assert report["events_direct"] == 1
    assert report["events_generalised"] == 4
    assert report["sharing"] == 2  # o2 in E1 and o3 in E2
    everything = "\n".join(raw.values())
    for original in ("50.123456", "4.654321", "Heide Noord", "50.123499", "plot a"):
        assert original not in everything, original


def test_withhold_leaves_the_occurrence_out_and_the_event_as_it_was(tmp_path):
    report, tables, _raw = _publish(
        tmp_path, _policy(Taxon("Aquila chrysaetos", action=Action("withhold")))
    )
    assert "o5" not in {k[1] for k in tables["occurrence.txt"]}
    assert len(tables["occurrence.txt"]) == 4
    assert _by_id(tables["event.txt"], "E3")["decimalLatitude"] == "51.000001"
    assert report["withheld"] == 1 and report["events_generalised"] == 0


def test_identification_generalised_to_genus_and_family(tmp_path):
    policy = _policy(
        Taxon("Lynx lynx", action=Action("identification", rank="genus")),
        Taxon("Accipitridae", rank="family", action=Action("identification", rank="family")),
    )
    report, tables, raw = _publish(tmp_path, policy)
    lynx, eagle = _by_id(tables["occurrence.txt"], "o1"), _by_id(tables["occurrence.txt"], "o5")
    assert (lynx["scientificName"], lynx["taxonRank"], lynx["specificEpithet"]) == (
        "Lynx",
        "genus",
        "",
    )
    assert lynx["occurrenceRemarks"] == ""  # "a lynx" is not a removed value; but see below
    assert (eagle["scientificName"], eagle["taxonRank"]) == ("Accipitridae", "family")
    assert "identification generalised to family" in eagle["dataGeneralizations"].lower()
    assert _by_id(tables["event.txt"], "E1")["decimalLatitude"] == "50.123456"
    assert report["generalised"] == 2
    assert "chrysaetos" not in raw["occurrence.txt"]


def test_fields_cut_dates_and_withhold_terms_on_event_and_occurrence(tmp_path):
    action = Action("fields", fields=(DWC + "eventDate", DWC + "recordedBy", DWC + "locality"))
    _report, tables, _raw = _publish(tmp_path, _policy(Taxon("Meles meles", action=action)))
    e3 = _by_id(tables["event.txt"], "E3")
    assert (e3["eventDate"], e3["locality"], e3["decimalLatitude"]) == ("2020-06", "", "51.000001")
    assert "eventdate cut to year and month" in e3["dataGeneralizations"].lower()
    badger = _by_id(tables["occurrence.txt"], "o4")
    assert badger["recordedBy"] == "" and "recordedBy" in badger["informationWithheld"]
    assert _by_id(tables["occurrence.txt"], "o2")["recordedBy"] == "Ann"


def test_separate_events_move_the_sensitive_occurrence_to_a_generated_event(tmp_path):
    policy = _policy(
        Taxon("Lynx lynx"),
        default=Action("coordinates", grid="1"),
        separate_events=True,
        secret="s3cret",
    )
    report, tables, raw = _publish(tmp_path, policy)
    events, occurrences = tables["event.txt"], tables["occurrence.txt"]
    generated = [r for (i, _e), r in events.items() if i.startswith("generalised-")]
    assert len(generated) == 1
    copy = generated[0]
    assert (copy["decimalLatitude"], copy["decimalLongitude"]) == ("50.5", "4.5")
    assert copy["parentEventID"] == "" and copy["eventID"] == copy["id"]
    assert copy["eventDate"] == "2020-05"  # the day would tell the precise event
    assert _by_id(events, "E1")["decimalLatitude"] == "50.123456"  # precise for the rest
    lynx = _by_id(occurrences, "o1")
    assert lynx["id"] == copy["id"]
    assert _by_id(occurrences, "o2")["id"] == "E1"
    assert report["generated_events"] == 1 and report["events_generalised"] == 0
    assert "E1" not in copy["id"]  # the generated id does not name the precise event
    assert tables["measurementorfact.txt"]  # measurements stay with the precise event
    other = _publish(tmp_path / "again", policy)[1]["event.txt"]
    assert {i for i, _e in other} == {i for i, _e in events}  # ids are stable
    assert "Heide Noord" in raw["event.txt"]  # only the copy is generalised


def test_occurrence_core_withheld_record_takes_its_extension_rows(tmp_path):
    occ_terms = [
        DWC + "occurrenceID",
        DWC + "basisOfRecord",
        DWC + "scientificName",
        DWC + "decimalLatitude",
        DWC + "decimalLongitude",
    ]
    rows = [
        ("a", "a", "HumanObservation", "Lynx lynx", "10.5555", "20.5555"),
        ("b", "b", "HumanObservation", "Vulpes vulpes", "1", "2"),
    ]
    files = [
        ArchiveFile(OCCURRENCE, "occurrence.txt", occ_terms, [_part("o.csv", rows)], core=True),
        ArchiveFile(
            MOF,
            "measurementorfact.txt",
            [DWC + "measurementType"],
            [_part("m.csv", [("a", "length"), ("b", "length")])],
        ),
    ]
    found = protect(files, _policy(Taxon("Lynx lynx", action=Action("withhold"))))
    result = build_archive(
        workdir=tmp_path / "w",
        files=files,
        eml=b"<eml/>",
        options=BuildOptions(),
        progress=lambda *a: None,
    )
    assert result.ok
    with zipfile.ZipFile(result.archive) as zf:
        assert "10.5555" not in zf.read("occurrence.txt").decode()
        assert zf.read("measurementorfact.txt").decode().splitlines()[1:] == ["b\tlength"]
    assert found.report()["withheld"] == 1


def test_unmatched_policy_changes_nothing(tmp_path):
    _report, tables, raw = _publish(tmp_path, _policy(Taxon("Ursus arctos")))
    plain = _publish(tmp_path / "plain", Policy())[2]
    assert raw["occurrence.txt"].splitlines()[1:] == plain["occurrence.txt"].splitlines()[1:]
    assert _by_id(tables["event.txt"], "E1")["decimalLatitude"] == "50.123456"


@pytest.mark.parametrize("processes", [2])
def test_forked_ranges_protect_like_the_whole_reading(tmp_path, processes):
    policy = _policy(Taxon("Lynx lynx"))
    files = _files()
    calls = []
    for file in files:
        for part in file.parts:
            whole = part.rows
            part.ranges = lambda count, size, whole=whole: calls.append(1) or [whole]
    protect(files, policy)
    cut = files[0].parts[0].ranges(2, 1)
    rows = list(cut[0]())
    assert calls and "0.1° grid" in rows[1][2][-2]  # E1 in a range: dataGeneralizations


@pytest.mark.parametrize(
    ("value", "cut"),
    [
        ("2020-05-17", "2020-05"),
        ("2020-05-17T10:00:00Z", "2020-05"),
        ("2020/5/17", "2020-05"),  # not ISO: a date, not an interval
        ("2012/10/17", "2012-10"),
        ("2020-05-30/2020-06-02", "2020-05/2020-06"),
        ("2020-05-01/2020-05-31", "2020-05"),
        ("2020", "2020"),
        ("2020/2021", "2020/2021"),
        ("17 May 2020", ""),
        ("", ""),
    ],
)
def test_dates_are_cut_to_year_and_month(value, cut):
    from resources.sensitivity.edits import year_month

    assert year_month(value) == cut


def test_places_match_by_location_id(tmp_path):
    terms = [*EVENT_TERMS, DWC + "locationID"]
    events = [
        ("E1", "E1", "", "2020-05-17", "50.1", "4.1", "", "", "", "SITE-7"),
        ("E2", "E2", "", "2020-05-18", "50.2", "4.2", "", "", "", "SITE-7"),  # same site
        ("E3", "E3", "", "2020-05-18", "51.2", "3.2", "", "", "", "SITE-8"),
    ]
    occurrences = [("E1", "o1", "HumanObservation", "Lynx lynx", "", "", "", "", "")]
    files = [
        ArchiveFile(EVENT, "event.txt", terms, [_part("e.csv", events)], core=True),
        ArchiveFile(OCCURRENCE, "occurrence.txt", list(OCC_TERMS), [_part("o.csv", occurrences)]),
    ]
    found = protect(files, _policy(Taxon("Lynx lynx")))
    rows = {r[1]: r[2] for r in files[0].parts[0].rows()}
    assert rows["E2"][3] == "50.25" and rows["E2"][8] == ""  # generalised, locationID withheld
    assert rows["E3"][3] == "51.2"
    assert found.report()["events_generalised"] == 2


def test_the_first_pass_in_forked_processes_finds_what_one_reading_finds(tmp_path):
    from resources.sensitivity.protect import Reading

    def cut(files):
        for file in files:
            for part in file.parts:
                whole = part.rows
                rows = list(whole())
                half = len(rows) // 2
                part.size = 10
                part.ranges = lambda count, size, rows=rows, half=half: [
                    lambda: iter(rows[:half]),
                    lambda: iter(rows[half:]),
                ]
        return files

    policy = _policy(Taxon("Lynx lynx"), Taxon("Meles meles", action=Action("withhold")))
    alone = protect(_files(), policy).report()
    forked = protect(cut(_files()), policy, Reading(processes=2, min_bytes=1, scratch=tmp_path))
    assert forked.report() | {"seconds": 0} == alone | {"seconds": 0}
    assert alone["generalised"] == 1 and alone["withheld"] == 1

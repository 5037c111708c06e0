"""The DwC-DP written beside an archive in the builder's pass (Django-free)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from resources.dwca.build import build_archive
from resources.dwca.model import ArchiveFile, BuildOptions, Part
from resources.dwcdp.schemas import PROFILE_URL
from resources.dwcdp.validate import validate_in_child, validate_package

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE, MOF = DWC + "Event", DWC + "Occurrence", DWC + "MeasurementOrFact"
EMOF = "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact"
EVENT_TERMS = [DWC + t for t in ("eventID", "parentEventID", "eventDate", "decimalLatitude")]
OCC_TERMS = [
    DWC + t
    for t in ("occurrenceID", "scientificName", "individualCount", "identifiedBy", "basisOfRecord")
]
MOF_TERMS = [DWC + t for t in ("occurrenceID", "measurementType", "measurementValue")]
EVENTS = [
    ("SITE", "SITE", "", "2024", ""),
    ("V1", "V1", "SITE", "2024-05-01", ""),
    ("V2", "V2", "SITE", "2024-05-02", ""),
]
OCCURRENCES = [
    ("V1", "o1", "Rana temporaria", "3", "A. Observer", "HumanObservation"),
    ("V1", "o2", "Bufo bufo", "1", "", "HumanObservation"),
    ("V2", "o3", "Rana temporaria", "2", "", "HumanObservation"),
]
FACTS = [
    ("V1", "", "water temperature", "14"),
    ("V1", "o1", "body length", "42"),
    ("V2", "o3", "body length", "40"),
]
META = {"id": "https://doi.org/10.5555/x", "version": "1.0", "title": "Ponds"}


def _part(name, rows):
    return Part(name, lambda: iter([(i + 2, r[0], tuple(r[1:])) for i, r in enumerate(rows)]))


def _build(tmp_path, events=EVENTS, occurrences=OCCURRENCES, facts=FACTS, processes=1):
    files = [
        ArchiveFile(EVENT, "event.txt", EVENT_TERMS, [_part("e.csv", events)], core=True),
        ArchiveFile(OCCURRENCE, "occurrence.txt", OCC_TERMS, [_part("o.csv", occurrences)]),
        ArchiveFile(EMOF, "emof.txt", MOF_TERMS, [_part("m.csv", facts)]),
    ]
    return _archive(
        tmp_path, files, datapackage=dict(META), processes=processes, parallel_min_bytes=0
    )


def _archive(workdir, files, **options):
    """The archive and package of ``files``, with the package asked for by default."""
    options.setdefault("datapackage", {})
    return build_archive(
        workdir=workdir,
        files=files,
        eml=b"<eml/>",
        options=BuildOptions(**options),
        progress=lambda *a: None,
    )


def _table(path, name):
    with zipfile.ZipFile(path) as zf:
        return list(csv.DictReader(io.StringIO(zf.read(name + ".csv").decode())))


def test_an_event_archive_gives_a_package_that_frictionless_validates_with_keys(tmp_path):
    result = _build(tmp_path)
    assert result.ok and result.datapackage is not None
    assert validate_package(result.datapackage, keys=True) == []
    with zipfile.ZipFile(result.datapackage) as zf:
        descriptor = json.loads(zf.read("datapackage.json"))
        assert zf.read("eml.xml") == b"<eml/>"
    assert descriptor["profile"] == PROFILE_URL
    assert descriptor["id"] == META["id"] and descriptor["title"] == "Ponds"
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [
        "event",
        "event-assertion",
        "identification",
        "occurrence",
        "occurrence-assertion",
    ]
    events = _table(result.datapackage, "event")
    assert [(e["event_pk"], e["parentEvent_fk"], e["eventCategory"]) for e in events] == [
        ("SITE", "", "survey"),
        ("V1", "SITE", "survey"),
        ("V2", "SITE", "survey"),
    ]
    occurrences = _table(result.datapackage, "occurrence")
    assert [(o["occurrence_pk"], o["event_fk"], o["scientificName"]) for o in occurrences] == [
        ("o1", "V1", "Rana temporaria"),
        ("o2", "V1", "Bufo bufo"),
        ("o3", "V2", "Rana temporaria"),
    ]
    # DwC-DP counts with organismQuantity: an individualCount is a quantity of individuals.
    assert [(o["organismQuantity"], o["organismQuantityType"]) for o in occurrences] == [
        ("3", "individuals"),
        ("1", "individuals"),
        ("2", "individuals"),
    ]
    assert [
        (a["event_fk"], a["assertionType"]) for a in _table(result.datapackage, "event-assertion")
    ] == [("V1", "water temperature")]
    assert [
        (a["occurrence_fk"], a["assertionValue"])
        for a in _table(result.datapackage, "occurrence-assertion")
    ] == [("o1", "42"), ("o3", "40")]
    event = next(r for r in descriptor["resources"] if r["name"] == "event")
    assert event["schema"]["primaryKey"] == ["event_pk"]
    assert event["schema"]["foreignKeys"][0]["fields"] == ["parentEvent_fk"]
    assert result.report["datapackage"]["tables"]["occurrence"] == 3


def test_forked_passes_write_the_same_package(tmp_path):
    many_events = [("SITE", "SITE", "", "2024", "")] + [
        ("V%d" % i, "V%d" % i, "SITE", "2024-05-01", "") for i in range(3000)
    ]
    many = [
        ("V%d" % (i % 3000), "o%d" % i, "Rana temporaria", "1", "", "HumanObservation")
        for i in range(9000)
    ]
    one = _build(tmp_path / "one", many_events, many, [])
    forked = _build(tmp_path / "two", many_events, many, [], processes=2)
    for table in ("event", "occurrence"):
        assert _table(one.datapackage, table) == _table(forked.datapackage, table)
    assert len(_table(forked.datapackage, "occurrence")) == 9000


@pytest.mark.parametrize(
    ("events", "occurrences", "facts", "check"),
    [
        (
            EVENTS,
            [("V1", "", "Rana temporaria", "3", "", "HumanObservation")],
            [],
            "dwcdp-key-missing",
        ),
        (EVENTS, OCCURRENCES, [("V1", "o9", "body length", "1")], "dwcdp-reference-missing"),
    ],
)
def test_a_row_the_package_cannot_hold_blocks_the_package_not_the_archive(
    tmp_path, events, occurrences, facts, check
):
    result = _build(tmp_path, events=events, occurrences=occurrences, facts=facts)
    found = {c["check"]: c for c in result.report["checks"] if c["count"]}
    assert check in found, found.keys()
    assert found[check]["severity"] == "warning"
    sample = found[check]["samples"][0]
    assert "data package was not published" in sample["message"]
    assert sample["line"] > 0
    assert result.datapackage is None and not (tmp_path / "dwc-dp.zip").exists()
    assert result.report["datapackage"]["published"] is False
    assert result.archive.exists() and zipfile.is_zipfile(result.archive)


def test_a_value_the_schema_refuses_is_left_out_of_the_package_with_a_warning(tmp_path):
    terms = [DWC + "eventID", DWC + "startDayOfYear", DWC + "decimalLatitude"]
    rows = [("V1", "V1", "120", ""), ("V2", "V2", "400", ""), ("V3", "V3", "", "95")]
    files = [ArchiveFile(EVENT, "event.txt", terms, [_part("e.csv", rows)], core=True)]
    result = _archive(tmp_path, files)
    found = {c["check"]: c for c in result.report["checks"] if c["count"]}
    samples = found["dwcdp-value-invalid"]["samples"]
    assert [(s["line"], s["term"], s["value"]) for s in samples] == [(3, "startDayOfYear", "400")]
    assert "integer ≥ 1 ≤ 366" in samples[0]["message"]
    # One value, one verdict: the latitude the archive's own check flags is not said again.
    assert found["coordinates-out-of-range"]["samples"][0]["line"] == 4
    assert validate_package(result.datapackage, keys=True) == []
    events = {e["event_pk"]: e for e in _table(result.datapackage, "event")}
    assert (events["V1"]["startDayOfYear"], events["V2"]["startDayOfYear"]) == ("120", "")
    assert events["V3"]["decimalLatitude"] == ""


def test_an_unknown_parent_is_left_out_of_the_package_with_a_warning(tmp_path):
    events = [*EVENTS, ("V3", "V3", "NOWHERE", "2024", ""), ("V4", "V4", "SITE", "2024", "")]
    result = _build(tmp_path, events=events)
    found = {c["check"]: c for c in result.report["checks"] if c["count"]}
    assert found["parent-event-unknown"]["count"] == 1
    assert found["dwcdp-parent-left-out"]["count"] == 1
    assert found["dwcdp-parent-left-out"]["severity"] == "warning"
    assert validate_package(result.datapackage, keys=True) == []
    parents = {e["event_pk"]: e["parentEvent_fk"] for e in _table(result.datapackage, "event")}
    assert parents == {"SITE": "", "V1": "SITE", "V2": "SITE", "V3": "", "V4": "SITE"}


def test_no_package_without_an_event_core_nor_when_not_asked(tmp_path):
    files = [
        ArchiveFile(
            OCCURRENCE, "occurrence.txt", OCC_TERMS, [_part("o.csv", OCCURRENCES)], core=True
        )
    ]
    result = _archive(tmp_path / "a", files)
    assert result.ok and result.datapackage is None
    off = _build_off(tmp_path / "b")
    assert off.datapackage is None and "datapackage" not in off.report


def _build_off(workdir):
    files = [ArchiveFile(EVENT, "event.txt", EVENT_TERMS, [_part("e.csv", EVENTS)], core=True)]
    return _archive(workdir, files, datapackage=None)


def test_a_repeated_assertion_id_is_left_out_of_the_package_with_a_warning(tmp_path):
    files = [
        ArchiveFile(EVENT, "event.txt", EVENT_TERMS, [_part("e.csv", EVENTS)], core=True),
        ArchiveFile(
            MOF,
            "mof.txt",
            [DWC + "measurementID", DWC + "measurementType"],
            [_part("m.csv", [("V1", "m1", "depth"), ("V2", "m1", "depth"), ("V2", "m2", "pH")])],
        ),
    ]
    result = _archive(tmp_path, files)
    found = {c["check"]: c for c in result.report["checks"] if c["count"]}
    assert found["dwcdp-id-repeated"]["count"] == 2
    assert found["dwcdp-id-repeated"]["message"].startswith("2 rows share their assertionID")
    assert validate_package(result.datapackage, keys=True) == []
    ids = [a["assertionID"] for a in _table(result.datapackage, "event-assertion")]
    assert ids == ["", "", "m2"]


ECO = "http://rs.tdwg.org/eco/terms/"


def test_a_humboldt_row_gives_its_survey_targets_and_their_values(tmp_path):
    terms = [
        ECO + t
        for t in (
            "siteCount",
            "targetTaxonomicScope",
            "excludedTaxonomicScope",
            "isTaxonomicScopeFullyReported",
            "targetLifeStageScope",
            "abundanceCap",
        )
    ]
    rows = [
        ("V1", "1", "Salmo | Oncorhynchus", "Cottus", "TRUE", "adult", "100"),
        ("V2", "1", "", "", "", "", ""),
    ]
    files = [
        ArchiveFile(EVENT, "event.txt", EVENT_TERMS, [_part("e.csv", EVENTS)], core=True),
        ArchiveFile(ECO + "Event", "humboldt.txt", terms, [_part("h.csv", rows)]),
    ]
    result = _archive(tmp_path, files)
    assert validate_package(result.datapackage, keys=True) == []
    surveys = _table(result.datapackage, "survey")
    assert [(s["survey_pk"], s["event_fk"], s["siteCount"]) for s in surveys] == [
        ("V1", "V1", "1"),
        ("V2", "V2", "1"),
    ]
    targets = _table(result.datapackage, "survey-target")
    assert [
        (t["surveyTarget_pk"], t["isSurveyTargetFullyReported"], t["abundanceCap"]) for t in targets
    ] == [("V1:taxon", "true", "100"), ("V1:lifeStage", "false", "")]
    links = _table(result.datapackage, "survey-survey-target")
    assert [(x["survey_fk"], x["surveyTarget_fk"]) for x in links] == [
        ("V1", "V1:taxon"),
        ("V1", "V1:lifeStage"),
    ]
    values = _table(result.datapackage, "survey-target-descriptor")
    assert [
        (v["surveyTarget_fk"], v["surveyTargetType"], v["surveyTargetValue"], v["includeOrExclude"])
        for v in values
    ] == [
        ("V1:taxon", "taxon", "Salmo", "include"),
        ("V1:taxon", "taxon", "Oncorhynchus", "include"),
        ("V1:taxon", "taxon", "Cottus", "exclude"),
        ("V1:lifeStage", "lifeStage", "adult", "include"),
    ]
    left = [c for c in result.report["checks"] if c["check"] == "dwcdp-terms-left-out"]
    assert left == []


def test_the_metadata_agents_are_agents_with_the_roles_the_rows_give_them(tmp_path):
    files = [
        ArchiveFile(EVENT, "event.txt", EVENT_TERMS, [_part("e.csv", EVENTS)], core=True),
        ArchiveFile(OCCURRENCE, "occurrence.txt", OCC_TERMS, [_part("o.csv", OCCURRENCES)]),
    ]
    agents = [
        {"id": "https://orcid.org/0000-0002-1825-0097", "name": "A. Observer", "type": "person"},
        {"id": "", "name": "Pond Trust", "type": "organization"},
        {"id": "", "name": "A. Observer", "type": "person"},  # the same agent again
    ]
    result = _archive(tmp_path, files, datapackage_agents=agents)
    assert validate_package(result.datapackage, keys=True) == []
    assert [
        (a["agent_pk"], a["preferredAgentName"]) for a in _table(result.datapackage, "agent")
    ] == [
        ("https://orcid.org/0000-0002-1825-0097", "A. Observer"),
        ("agent:Pond Trust", "Pond Trust"),
    ]
    roles = _table(result.datapackage, "occurrence-agent-role")
    assert [
        (r["occurrence_fk"], r["agent_fk"], r["agentRole"], r["agentRoleOrder"]) for r in roles
    ] == [("o1", "https://orcid.org/0000-0002-1825-0097", "identifiedBy", "1")]


def test_an_event_core_sampling_protocol_makes_its_survey_without_humboldt(tmp_path):
    terms = [
        DWC + "eventID",
        DWC + "samplingProtocol",
        DWC + "sampleSizeValue",
        DWC + "sampleSizeUnit",
    ]
    rows = [("V1", "V1", "dip net", "1", "square metre"), ("V2", "V2", "", "", "")]
    files = [ArchiveFile(EVENT, "event.txt", terms, [_part("e.csv", rows)], core=True)]
    result = _archive(tmp_path, files)
    assert validate_package(result.datapackage, keys=True) == []
    surveys = _table(result.datapackage, "survey")
    assert [
        (s["survey_pk"], s["event_fk"], s["samplingProtocol"], s["sampleSizeUnit"]) for s in surveys
    ] == [("V1", "V1", "dip net", "square metre")]
    assert "samplingProtocol" not in _table(result.datapackage, "event")[0]


def test_dna_derived_data_goes_to_the_molecular_tables_by_its_mixs_terms(tmp_path):
    gbif = "http://rs.gbif.org/terms/"
    terms = [
        "https://w3id.org/mixs/0001107",  # samp_name
        "https://w3id.org/mixs/0000044",  # target_gene
        gbif + "dna_sequence",
    ]
    rows = [("V1", "S1", "COI", "ACGT"), ("V2", "S2", "COI", "")]
    files = [
        ArchiveFile(EVENT, "event.txt", EVENT_TERMS, [_part("e.csv", EVENTS)], core=True),
        ArchiveFile(gbif + "1.0/DNADerivedData", "dna.txt", terms, [_part("d.csv", rows)]),
    ]
    result = _archive(tmp_path, files)
    assert validate_package(result.datapackage, keys=True) == []
    protocols = _table(result.datapackage, "molecular-protocol")
    assert [(p["samp_name"], p["target_gene"]) for p in protocols] == [("S1", "COI"), ("S2", "COI")]
    sequences = _table(result.datapackage, "nucleotide-sequence")
    assert [s["sequence"] for s in sequences] == ["ACGT"]
    analyses = _table(result.datapackage, "nucleotide-analysis")
    assert [(a["event_fk"], a["nucleotideSequence_fk"] != "") for a in analyses] == [
        ("V1", True),
        ("V2", False),
    ]


def test_frictionless_runs_in_its_own_process_and_its_findings_are_lines(tmp_path):
    good = _build(tmp_path / "good").datapackage
    assert validate_in_child(good) == []
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        descriptor = json.loads(src.read("datapackage.json"))
        descriptor["resources"][0]["profile"] = "data-resource"  # not a table for the profile
        del descriptor["resources"][1]["schema"]["fields"][0]["title"]
        out.writestr("datapackage.json", json.dumps(descriptor))
        for name in src.namelist():
            if name != "datapackage.json":
                out.writestr(name, src.read(name))
    found = validate_in_child(bad)
    assert found and all(line.startswith("datapackage.json: ") for line in found)


def test_a_package_frictionless_refuses_is_not_kept(tmp_path, monkeypatch):
    from resources.dwca import build

    monkeypatch.setattr(
        build, "validate_in_child", lambda path, started: ["event (row 2): refused"]
    )
    result = _build(tmp_path)
    found = {c["check"]: c for c in result.report["checks"] if c["count"]}
    assert "event (row 2): refused" in found["dwcdp-invalid"]["message"]
    assert result.datapackage is None and not (tmp_path / "dwc-dp.zip").exists()
    assert result.report["datapackage"] == {
        "published": False,
        "tables": result.report["datapackage"]["tables"],
        "errors": ["event (row 2): refused"],
    }


def test_csv_columns_read_back_as_the_values_given():
    import random

    from resources.dwcdp.package import csv_columns

    rng = random.Random(26)
    alphabet = ["a", "b", ",", '"', "\n", "\r", " ", "é", "", "\x00"]
    for _ in range(3000):
        width = rng.randint(1, 5)
        rows = [
            ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(width)]
            for _ in range(rng.randint(1, 6))
        ]
        text = csv_columns(list(zip(*rows, strict=True))).decode()
        assert text.endswith("\r\n") and text.count("\r\n") >= len(rows)
        read = list(csv.reader(io.StringIO(text, newline="")))
        if width == 1:  # a row of one empty value reads back as no value at all
            read = [r or [""] for r in read]
        assert read == rows, (rows, text)


@pytest.mark.parametrize(
    ("kind", "low", "high", "values"),
    [
        ("integer", 1, 366, ["1", "366", "+5", "-0"]),
        ("integer", 1, 366, ["0", "12"]),
        ("integer", None, None, ["1_000", "12"]),
        ("integer", None, None, [" 5", "1.5", "1e3"]),
        ("number", -90, 90, ["1.5", "-90", "1e1", ".5"]),
        ("number", -90, 90, ["95", "nan", "inf", "1,5", "1_0"]),
    ],
)
def test_a_column_checked_at_once_agrees_with_its_values_checked_one_by_one(
    kind, low, high, values
):
    from resources.dwcdp.package import _integer, _number, _whole

    parse = _number if kind == "number" else _integer

    def one(value):
        number = parse(value)
        return (
            number is not None
            and (low is None or number >= low)
            and (high is None or number <= high)
        )

    at_once = _whole(kind, low, high)(values)
    assert at_once == all(one(v) for v in values) or not at_once  # never passes a bad value
    for value in values:
        assert not _whole(kind, low, high)([value]) or one(value)

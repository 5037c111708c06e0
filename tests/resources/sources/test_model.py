"""The plain data of the library: specs round-trip through JSON, errors say where."""

from __future__ import annotations

import json

from resources.sources import Analysis, FileSpec, Problem, SourceError, TextOptions


def test_file_spec_round_trips_through_json():
    spec = FileSpec(
        "csv",
        TextOptions(encoding="cp1252", delimiter=";", quotechar=None, header=False, skip_lines=2),
    )
    stored = json.loads(json.dumps(spec.to_dict()))
    assert FileSpec.from_dict(stored) == spec
    sheet = FileSpec("xlsx", sheet="Sampling Events")
    assert FileSpec.from_dict(json.loads(json.dumps(sheet.to_dict()))) == sheet


def test_file_spec_from_a_partial_dict_takes_defaults():
    spec = FileSpec.from_dict({"format": "csv", "text": {"delimiter": "\t", "extra": 1}})
    assert spec == FileSpec("csv", TextOptions(delimiter="\t"))


def test_source_error_text_names_file_line_and_column():
    error = SourceError("Bad byte.", code="source:encoding", file="a.csv", line=3, column=7)
    assert str(error) == "a.csv, line 3, column 7: Bad byte."
    assert str(SourceError("Empty.", code="source:empty", file="a.csv")) == "a.csv: Empty."
    assert str(SourceError("Empty.", code="source:empty")) == "Empty."
    assert error.to_dict() == {
        "code": "source:encoding",
        "message": "a.csv, line 3, column 7: Bad byte.",
        "details": {"file": "a.csv", "line": 3, "column": 7},
    }


def test_analysis_is_json_able():
    analysis = Analysis(
        columns=["a"],
        row_count=1,
        non_empty=[1],
        samples=[["x"]],
        problems=[Problem("source:ragged", "m", line=2)],
    )
    assert json.loads(json.dumps(analysis.to_dict()))["problems"][0] == {
        "code": "source:ragged",
        "message": "m",
        "line": 2,
        "column": None,
        "template": "",
        "params": {},
    }

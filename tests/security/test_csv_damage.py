"""Silent damage in delimited text is reported by the analysis, with its place and its fix."""

from __future__ import annotations

import pytest

from resources.sources import analyse, open_table, sniff

CLEAN = "eventID,locality,count\nE1,Bern,3\nE2,Zürich,4\n"


def _analyse(path):
    sniffed = sniff(path, path.name)
    table = open_table(path, sniffed.spec, filename=path.name)
    return sniffed, table, analyse(table)


def _codes(analysis) -> list[str]:
    return [p.code for p in analysis.problems]


def test_unclosed_quote_is_reported_with_its_line_and_column(tmp_path):
    path = tmp_path / "events.csv"
    lines = ["eventID,locality,count"] + ["E%d,Bern,%d" % (i, i) for i in range(1, 11)]
    lines.insert(5, 'E99,"Bern,5')  # line 6: the quote opens at column 5 and never closes
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, analysis = _analyse(path)
    (problem,) = [p for p in analysis.problems if p.code == "source:quote-unclosed"]
    assert (problem.line, problem.column) == (6, "locality")
    assert "events.csv" in problem.message
    assert "check the quote at line 6, column 5" in problem.message.lower()
    assert analysis.problems[0] is problem  # the cause comes before the ragged rows it makes


def test_quoted_line_breaks_that_close_are_not_reported(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('id,note\n1,"two\nlines"\n2,"say ""hi""\nthere"\n', encoding="utf-8")
    _, table, analysis = _analyse(path)
    assert analysis.problems == []
    assert [r.values for r in table.rows()][1] == ("2", 'say "hi"\nthere')


def test_mixed_utf8_and_latin1_lines_are_reported_with_the_fix(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(
        b"eventID,locality\n"
        + "E1,Zürich\n".encode()  # line 2: UTF-8
        + "E2,Genève\n".encode("latin-1")  # line 3: Latin-1
        + b"E3,Basel\n"
        + "E4,Köln\n".encode()  # line 5: UTF-8
    )
    sniffed, table, analysis = _analyse(path)
    assert sniffed.spec.text.encoding == "cp1252"
    assert [r.values[1] for r in table.rows()][0] == "ZÃ¼rich"  # how it reads: unchanged
    (problem,) = [p for p in analysis.problems if p.code == "source:encoding-mixed"]
    assert problem.line == 2
    assert "places.csv" in problem.message
    assert "of lines 3 is Windows-1252" in problem.message
    assert "of lines 2, 5 is UTF-8" in problem.message
    assert "line 2, column 5" in problem.message
    assert "save the whole file as UTF-8" in problem.message


def test_duplicate_header_names_stay_a_header_and_are_reported(tmp_path):
    path = tmp_path / "dupes.csv"
    path.write_text("id,name,date,name\n1,Aedes,2024-05-01,Culex\n2,Bufo,2024-05-02,Rana\n")
    sniffed, table, analysis = _analyse(path)
    assert sniffed.spec.text.header is True
    assert table.columns == ["id", "name", "date", "name"]
    assert [r.values[0] for r in table.rows()] == ["1", "2"]  # the header is not a data row
    (problem,) = [p for p in analysis.problems if p.code == "source:header-duplicate"]
    assert problem.column == "name"
    assert "at columns 2 and 4" in problem.message and "Rename one" in problem.message


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_clean_files_read_as_before_with_no_problems(tmp_path, encoding):
    path = tmp_path / "clean.csv"
    path.write_bytes(CLEAN.encode(encoding))
    sniffed, table, analysis = _analyse(path)
    assert sniffed.spec.text.encoding == encoding
    assert [r.values for r in table.rows()] == [("E1", "Bern", "3"), ("E2", "Zürich", "4")]
    assert analysis.problems == []

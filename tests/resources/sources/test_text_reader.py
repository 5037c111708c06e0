"""Delimited text: RFC 4180 quoting, line endings, BOMs, headers, skipping, constant memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from resources.sources import FileSpec, Row, TextOptions, analyse, open_table, sniff


def write(tmp_path: Path, data: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read(path: Path, **options) -> tuple[list[str], list[Row]]:
    table = open_table(path, FileSpec("csv", TextOptions(**options)))
    return table.columns, list(table.rows())


def test_quoted_fields_keep_delimiters_quotes_and_line_breaks(tmp_path):
    path = write(
        tmp_path,
        'id,remarks,count\n1,"a, b",2\n2,"say ""hi""",3\n'
        '3,"first line\nsecond line\r\nthird",4\n4,plain,5\n',
    )
    columns, rows = read(path)
    assert columns == ["id", "remarks", "count"]
    assert rows == [
        Row(2, ("1", "a, b", "2")),
        Row(3, ("2", 'say "hi"', "3")),
        Row(4, ("3", "first line\nsecond line\r\nthird", "4")),
        Row(7, ("4", "plain", "5")),
    ]


def test_quote_only_when_needed_as_r_write_csv_writes_it(tmp_path):
    # readr::write_csv quotes a field only when it holds a comma, a quote or a line break.
    path = write(
        tmp_path,
        "scientificName,remarks,individualCount\n"
        'Aedes albopictus,"larvae, pupae",12\n'
        'Culex pipiens,"""NA"" in the field book",NA\n'
        "Anopheles plumbeus,,3\n",
    )
    sniffed = sniff(path, path.name)
    assert (sniffed.spec.text.delimiter, sniffed.spec.text.quotechar) == (",", '"')
    rows = [r.values for r in open_table(path, sniffed.spec).rows()]
    assert rows == [
        ("Aedes albopictus", "larvae, pupae", "12"),
        ("Culex pipiens", '"NA" in the field book', "NA"),
        ("Anopheles plumbeus", "", "3"),
    ]


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_line_endings_are_detected_and_lines_counted(tmp_path, ending):
    text = ending.join(["a;b", "1;x", '2;"multi', 'line"', "3;z"]) + ending
    path = write(tmp_path, text)
    sniffed = sniff(path, path.name)
    assert (sniffed.line_ending, sniffed.spec.text.delimiter) == (ending, ";")
    rows = list(open_table(path, sniffed.spec).rows())
    assert [r.line for r in rows] == [2, 3, 5]
    assert rows[1].values == ("2", "multi" + ending + "line")
    assert rows[2].values == ("3", "z")


def test_file_without_final_line_break_reads_its_last_row(tmp_path):
    path = write(tmp_path, "a,b\n1,2\n3,4")
    assert sniff(path, path.name).line_ending == "\n"
    assert [r.values for r in read(path)[1]] == [("1", "2"), ("3", "4")]


def test_utf8_bom_is_reported_and_dropped_from_the_first_column(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbfeventID,locality\r\ne1,Li\xc3\xa8ge\r\n")
    sniffed = sniff(path, path.name)
    assert (sniffed.bom, sniffed.spec.text.encoding, sniffed.line_ending) == (True, "utf-8", "\r\n")
    table = open_table(path, sniffed.spec)
    assert table.columns == ["eventID", "locality"]
    assert list(table.rows()) == [Row(2, ("e1", "Liège"))]


@pytest.mark.parametrize(
    "codec, locality",
    [
        ("utf-16", "Liège"),
        ("utf-16-le", "Liège"),
        ("utf-16-le", "Liege"),  # ASCII only: its bytes are valid UTF-8 too
    ],
)
def test_utf16_with_and_without_bom(tmp_path, codec, locality):
    text = "eventID\tlocality\ne1\t%s\ne2\tGent\n" % locality
    path = write(tmp_path, text.encode(codec))
    sniffed = sniff(path, path.name)
    assert (sniffed.spec.text.encoding, sniffed.spec.text.delimiter) == (codec, "\t")
    assert sniffed.bom == (codec == "utf-16")
    table = open_table(path, sniffed.spec)
    assert table.columns == ["eventID", "locality"]
    assert [r.values for r in table.rows()] == [("e1", locality), ("e2", "Gent")]


def test_without_header_columns_are_numbered_and_the_first_line_is_data(tmp_path):
    path = write(tmp_path, "e1,2020-01-01,3\ne2,2020-01-02,4\n")
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.header is False
    table = open_table(path, sniffed.spec)
    assert table.columns == ["column_1", "column_2", "column_3"]
    assert [r.line for r in table.rows()] == [1, 2]


def test_skip_lines_skips_physical_lines_before_the_header(tmp_path):
    path = write(tmp_path, 'Export of "sites, 2012\nexported by Access\nid,name\n1,Gent\n')
    columns, rows = read(path, skip_lines=2)
    assert columns == ["id", "name"]
    assert rows == [Row(4, ("1", "Gent"))]


def test_title_lines_above_the_header_are_sniffed_as_lines_to_skip(tmp_path):
    path = write(tmp_path, "Mosquito surveillance 2012\n\nid;site;count\n1;A;3\n2;B;4\n")
    options = sniff(path, path.name).spec.text
    assert (options.delimiter, options.skip_lines, options.header) == (";", 2, True)


def test_excel_sep_line_sets_the_delimiter(tmp_path):
    path = write(tmp_path, "sep=|\nid|name,with comma\n1|x,y\n")
    options = sniff(path, path.name).spec.text
    assert (options.delimiter, options.skip_lines) == ("|", 1)
    assert read(path, delimiter="|", skip_lines=1)[0] == ["id", "name,with comma"]


def test_quotechar_none_keeps_every_quote_as_data(tmp_path):
    path = write(tmp_path, 'id\tlocality\n1\t"4° 36\' N"\n2\tsay ""x""\n', "event.txt")
    columns, rows = read(path, delimiter="\t", quotechar=None)
    assert [r.values for r in rows] == [("1", '"4° 36\' N"'), ("2", 'say ""x""')]
    _, quoted = read(path, delimiter="\t")
    assert quoted[0].values == ("1", "4° 36' N")


def test_blank_lines_and_rows_of_empty_fields_are_skipped(tmp_path):
    path = write(tmp_path, "a,b\n\n1,2\n,\n , \n3,4\n,,\n\n")
    assert read(path)[1] == [Row(3, ("1", "2")), Row(6, ("3", "4"))]


def test_header_names_are_trimmed(tmp_path):
    path = write(tmp_path, " eventID , eventDate\n1,2\n")
    assert read(path)[0] == ["eventID", "eventDate"]


def test_rows_can_be_read_again_from_the_start(tmp_path):
    path = write(tmp_path, "a\n1\n2\n")
    table = open_table(path, FileSpec("csv"))
    assert list(table.rows()) == list(table.rows())
    assert len(list(table.rows())) == 2


def test_short_and_long_rows_are_yielded_as_they_are(tmp_path):
    path = write(tmp_path, "a,b,c\n1\n1,2,3,4\n")
    assert [r.values for r in read(path)[1]] == [("1",), ("1", "2", "3", "4")]


def test_pipe_delimited_with_quoted_pipes(tmp_path):
    path = write(tmp_path, 'id|name|note\n1|"a|b"|x\n2|c|y\n')
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.delimiter == "|"
    assert next(open_table(path, sniffed.spec).rows()).values == ("1", "a|b", "x")


def test_delimiter_inside_quotes_does_not_win(tmp_path):
    # Commas abound inside the quoted fields; the semicolons are the real delimiters.
    rows = "\n".join('"%d";"Smith, J., Doe, K.";"a, b, c, d"' % i for i in range(20))
    path = write(tmp_path, '"id";"authors";"remarks"\n' + rows + "\n")
    assert sniff(path, path.name).spec.text.delimiter == ";"


def test_tab_file_quoting_every_text_field_uses_quotes(tmp_path):
    # R write.table(sep = "\t") quotes every string.
    lines = ['"id"\t"name"\t"n"'] + ['"e%d"\t"Aedes, sp."\t%d' % (i, i) for i in range(10)]
    path = write(tmp_path, "\n".join(lines) + "\n", "r.txt")
    sniffed = sniff(path, path.name)
    assert (sniffed.spec.text.delimiter, sniffed.spec.text.quotechar) == ("\t", '"')
    assert next(open_table(path, sniffed.spec).rows()).values == ("e0", "Aedes, sp.", "0")


def test_tab_file_with_a_quoted_line_break_uses_quotes(tmp_path):
    path = write(tmp_path, 'id\tremarks\n1\t"two\nlines"\n2\tplain\n', "q.txt")
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.quotechar == '"'
    assert [r.line for r in open_table(path, sniffed.spec).rows()] == [2, 4]


def test_single_column_file(tmp_path):
    path = write(tmp_path, "scientificName\nAedes albopictus\nCulex pipiens\n")
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.header is True
    assert read(path)[0] == ["scientificName"]
    assert len(read(path)[1]) == 2


def test_analysis_counts_samples_and_non_empty_values(tmp_path):
    path = write(
        tmp_path,
        "id,kind,note\n"
        + "".join("%d,%s,%s\n" % (i, "ab"[i % 2], "x" if i < 3 else "") for i in range(10)),
    )
    analysis = analyse(open_table(path, FileSpec("csv")), samples=3)
    assert analysis.row_count == 10
    assert analysis.non_empty == [10, 10, 3]
    assert analysis.samples == [["0", "1", "2"], ["a", "b"], ["x"]]
    assert analysis.to_dict()["columns"] == ["id", "kind", "note"]


def test_reading_a_million_rows_keeps_memory_flat(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as f:
        f.write("eventID,eventDate,decimalLatitude,scientificName,remarks\n")
        for i in range(1_000_000):
            f.write('ev-%07d,2012-08-%02d,50.%06d,Aedes japonicus,"a, b"\n' % (i, i % 28 + 1, i))
    assert path.stat().st_size > 50_000_000
    table = open_table(path, FileSpec("csv"))
    tracemalloc.start()
    try:
        count, last = 0, None
        for row in table.rows():
            count, last = count + 1, row
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 1_000_000
    assert last == Row(
        1_000_001, ("ev-0999999", "2012-08-08", "50.999999", "Aedes japonicus", "a, b")
    )
    assert peak < 20 * 1024 * 1024

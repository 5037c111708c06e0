"""Formats are judged by content, encodings by the whole file, headers by their names."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from resources.sources import SourceError, detect_format, sniff
from resources.sources.dialect import looks_like_header
from resources.sources.encoding import guess_legacy
from tests.resources.sources.workbooks import write_ods, write_xlsx

FILES = Path(__file__).parent / "files"


def test_spreadsheets_are_recognised_whatever_their_name(tmp_path):
    xlsx = write_xlsx(tmp_path / "upload.csv", {"S": [["a"], ["1"]]})
    xlsm = write_xlsx(tmp_path / "upload.bin", {"S": [["a"], ["1"]]}, macro=True)
    ods = write_ods(tmp_path / "upload.xlsx", {"S": [["a"], ["1"]]})
    xls = tmp_path / "upload.txt"
    xls.write_bytes((FILES / "sampling.xls").read_bytes())
    assert [detect_format(p, p.name) for p in (xlsx, xlsm, ods, xls)] == [
        "xlsx",
        "xlsm",
        "ods",
        "xls",
    ]


def test_archives_are_zip_or_gz(tmp_path):
    plain = tmp_path / "data.xlsx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("event.txt", "id\n1\n")
    packed = tmp_path / "event.txt.gz"
    packed.write_bytes(gzip.compress(b"id\n1\n"))
    assert (detect_format(plain, plain.name), detect_format(packed, packed.name)) == ("zip", "gz")
    with pytest.raises(SourceError) as info:
        sniff(plain, plain.name)
    assert info.value.code == "source:format"
    assert "unpacked" in info.value.message


def test_word_document_is_not_taken_for_a_workbook(tmp_path):
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
    with pytest.raises(SourceError) as info:
        detect_format(path, path.name)
    assert "looks like a Word document" in info.value.message


def test_text_of_any_name_is_csv(tmp_path):
    path = tmp_path / "event.xlsx"
    path.write_text("id\tname\n1\tx\n")
    assert detect_format(path, path.name) == "csv"


def test_windows_1252_export_is_cp1252_even_when_a_guesser_says_cp1250(tmp_path):
    # charset-normalizer alone names the Access exports cp1250, where 0xE8 is "č".
    sample = '"AL";"Airport Liège";"PIF Liège – Bierset";"5 °C";"20 m²"\n'.encode("cp1252")
    assert guess_legacy(sample) == "cp1252"
    path = tmp_path / "Site Form.txt"
    path.write_bytes(b'"Site Code";"Site Name"\n' + sample)
    assert sniff(path, path.name).spec.text.encoding == "cp1252"


def test_other_scripts_keep_their_guess():
    sample = ("Код;Название\n1;Москва, Россия\n2;Санкт-Петербург\n" * 20).encode("cp1251")
    assert guess_legacy(sample) == "cp1251"


def test_utf8_is_preferred_when_all_of_the_file_decodes(tmp_path):
    path = tmp_path / "ascii.txt"
    path.write_bytes(b"a;b\n1;2\n")
    assert sniff(path, path.name).spec.text.encoding == "utf-8"


@pytest.mark.parametrize(
    "first, rest, header",
    [
        (["eventID", "eventDate"], [["e1", "2012-01-01"]], True),
        (["http://rs.tdwg.org/dwc/terms/eventID", "dwc:eventDate"], [["e1", "2012"]], True),
        (["id", "", "name"], [["1", "2", "3"]], True),
        (["a", "b", "", ""], [["1", "2", "", ""]], True),
        (["e1", "2012-01-01"], [["e2", "2012-01-02"]], False),
        (["SRS1", "SRS1", "Archaea"], [["SRS2", "SRS2", "Bacteria"]], False),
        (["x", "5,00"], [["y", "6,00"]], False),
        (["a", "", "", "b"], [["1", "2", "3", "4"]], False),
        (["Aedes", "Culex"], [["Aedes", "Culex"], ["Aedes", "Anopheles"]], False),
        (["", ""], [["1", "2"]], False),
    ],
)
def test_header_heuristic(first, rest, header):
    assert looks_like_header(first, rest) is header


def test_short_windows_1252_text_is_not_mistaken_for_big5(tmp_path):
    from resources.sources.detect import sniff

    text = "siteID;siteName;habitat\nS1;Étang du Moulin;pond\nS2;Bief;ditch\nS3;Rivière;river\n"
    path = tmp_path / "sites.csv"
    path.write_bytes(text.encode("cp1252"))
    sniffed = sniff(path, "sites.csv")
    assert sniffed.spec.text.encoding == "cp1252"
    assert sniffed.spec.text.delimiter == ";"

"""Dates in local formats: detecting the format of a column and writing them as ISO 8601."""

import pytest

from resources.quality.date_formats import DATE_FORMATS, date_convert, date_format_detect

CONVERSIONS = [
    ("31/12/2024", "DD/MM/YYYY", "2024-12-31"),
    ("1/2/2024", "DD/MM/YYYY", "2024-02-01"),
    (" 01/02/2024 ", "DD/MM/YYYY", "2024-02-01"),
    ("12/31/2024", "MM/DD/YYYY", "2024-12-31"),
    ("2/1/2024", "MM/DD/YYYY", "2024-02-01"),
    ("2024/12/31", "YYYY/M/D", "2024-12-31"),
    ("2024/2/1", "YYYY/M/D", "2024-02-01"),
    ("31.12.2024", "D.M.YYYY", "2024-12-31"),
    ("1.2.2024", "D.M.YYYY", "2024-02-01"),
    ("31-12-2024", "DD-MM-YYYY", "2024-12-31"),
    ("12-31-2024", "MM-DD-YYYY", "2024-12-31"),
    ("01/05/2024/03/05/2024", "DD/MM/YYYY", "2024-05-01/2024-05-03"),
    ("1.5.2024/3.5.2024", "D.M.YYYY", "2024-05-01/2024-05-03"),
    ("01-05-2024/01-05-2024", "DD-MM-YYYY", "2024-05-01"),
    ("29/02/2024", "DD/MM/YYYY", "2024-02-29"),
]

NOT_CONVERTED = [
    ("31/12/2024", "MM/DD/YYYY"),  # no month 31
    ("29/02/2023", "DD/MM/YYYY"),  # not a leap year
    ("31/04/2024", "DD/MM/YYYY"),
    ("00/01/2024", "DD/MM/YYYY"),
    ("01/01/24", "DD/MM/YYYY"),  # two-digit year
    ("001/01/2024", "DD/MM/YYYY"),
    ("2024-12-31", "DD-MM-YYYY"),  # ISO stays as it is
    ("2024-12-31", "DD/MM/YYYY"),
    ("31.12.2024", "DD/MM/YYYY"),
    ("31/12/2024", "D.M.YYYY"),
    ("03/05/2024/01/05/2024", "DD/MM/YYYY"),  # ends before it starts
    ("01/05/2024/", "DD/MM/YYYY"),
    ("1.5.2024/3.5.2024/4.5.2024", "D.M.YYYY"),
    ("", "DD/MM/YYYY"),
    ("abc", "YYYY/M/D"),
    ("３１/12/2024", "DD/MM/YYYY"),
]


@pytest.mark.parametrize(("value", "fmt", "iso"), CONVERSIONS)
def test_dates_that_fit_the_format_are_written_as_iso(value, fmt, iso):
    assert date_convert(value, fmt) == iso


@pytest.mark.parametrize(("value", "fmt"), NOT_CONVERTED)
def test_values_that_do_not_fit_or_are_not_real_dates_are_not_converted(value, fmt):
    assert date_convert(value, fmt) is None


DETECTIONS = [
    (["31/12/2024", "01/02/2024", "15/06/2023"], "DD/MM/YYYY"),
    (["12/31/2024", "01/02/2024", "06/15/2023"], "MM/DD/YYYY"),
    (["2024/12/31", "2024/1/2"], "YYYY/M/D"),
    (["1.2.2024", "3.4.2024"], "D.M.YYYY"),
    (["31-12-2024", "1-2-2024"], "DD-MM-YYYY"),
    (["12-31-2024", "1-2-2024"], "MM-DD-YYYY"),
    (["31/12/2024", "", "  ", "13/01/2024"], "DD/MM/YYYY"),
    (["31/12/2024", "13/01/2024", "unknown"], "DD/MM/YYYY"),
    (["01/02/2024", "03/04/2024"], None),  # day or month first: cannot tell
    (["2024-12-31", "2024-01-02", "31/12/2024"], None),  # already ISO
    (["31/12/2024", "unknown", "n/a", "soon"], None),  # no format fits most values
    (["abc", "def"], None),
    ([], None),
    (["", " "], None),
]


@pytest.mark.parametrize(("values", "expected"), DETECTIONS)
def test_the_likely_format_is_detected_from_sample_values(values, expected):
    assert date_format_detect(values) == expected


def test_every_format_reads_its_own_example():
    for fmt, (_sep, _order, example) in DATE_FORMATS.items():
        assert date_convert(example, fmt) == "2024-12-31", fmt
        assert date_format_detect([example]) == fmt

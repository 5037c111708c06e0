"""Event dates as ISO 8601 allows them and as GBIF's date parser reads them."""

from datetime import date

import pytest

from resources.quality.dates import event_date_days, gbif_reads_date


def days(first, last):
    return date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()


# value, first and last day covered, whether GBIF's parser reads it
ISO_DATES = [
    ("2024", "2024-01-01", "2024-12-31", True),
    ("2024-05", "2024-05-01", "2024-05-31", True),
    ("2024-05-01", "2024-05-01", "2024-05-01", True),
    ("20240501", "2024-05-01", "2024-05-01", True),
    ("2024-123", "2024-05-02", "2024-05-02", True),
    ("2024-366", "2024-12-31", "2024-12-31", True),
    ("2024123", "2024-05-02", "2024-05-02", False),
    ("2024-W20", "2024-05-13", "2024-05-19", False),
    ("2024-W20-3", "2024-05-15", "2024-05-15", False),
    ("2024W20", "2024-05-13", "2024-05-19", False),
    ("2024W203", "2024-05-15", "2024-05-15", False),
    ("2020-W53", "2020-12-28", "2021-01-03", False),
    ("2025-W01-1", "2024-12-30", "2024-12-30", False),
    ("2024-W20-3T10:00", "2024-05-15", "2024-05-15", False),
    ("2024-05-01/03", "2024-05-01", "2024-05-03", True),
    ("2024-05/06", "2024-05-01", "2024-06-30", True),
    ("2024-05-01/06-03", "2024-05-01", "2024-06-03", True),
    ("2024-05-01T10:00/12:00", "2024-05-01", "2024-05-01", False),
    ("2024-05-01/2024-05-03", "2024-05-01", "2024-05-03", True),
    ("2024-123/2024-125", "2024-05-02", "2024-05-04", True),
    ("2024-123/125", "2024-05-02", "2024-05-04", False),
    ("2024-W20/W22", "2024-05-13", "2024-06-02", False),
    ("2024-W20-1/3", "2024-05-13", "2024-05-15", False),
    ("2024-05-01T10", "2024-05-01", "2024-05-01", True),
    ("2024-05-01T10:00:00.123Z", "2024-05-01", "2024-05-01", True),
    ("2024-05-01T10:00:00.5", "2024-05-01", "2024-05-01", True),
    ("2024-05-01T10:00:00.5Z", "2024-05-01", "2024-05-01", False),
    ("2024-05-01T10Z", "2024-05-01", "2024-05-01", False),
    ("2024-05-01T10:00:00,5-03:30", "2024-05-01", "2024-05-01", False),
    ("2024-05-01T100000Z", "2024-05-01", "2024-05-01", True),
    ("2024-05-01T10:00-06", "2024-05-01", "2024-05-01", True),
    ("2009-02-20T08:40Z/T09:10Z", "2009-02-20", "2009-02-20", False),
    ("2020-01-01T10:00+02:00/2020-01-01T09:30Z", "2020-01-01", "2020-01-01", True),
]

NOT_ISO = [
    "2024-W53",  # 2024 has 52 ISO weeks
    "2024-W00",
    "2024-W20-8",
    "2024-W20-0",
    "2024-w20",
    "2024-W2",
    "2024-W20-03",
    "2024-05-W1",
    "2023-366",
    "2024-000",
    "2024-02-30",
    "2024-W22/W20",
    "2024-05-03/01",
]


@pytest.mark.parametrize(("value", "first", "last", "read"), ISO_DATES)
def test_valid_iso_event_dates_cover_their_days(value, first, last, read):
    assert event_date_days(value) == days(first, last)


@pytest.mark.parametrize(("value", "first", "last", "read"), ISO_DATES)
def test_gbif_reads_exactly_the_forms_its_parser_knows(value, first, last, read):
    assert gbif_reads_date(value) is read


@pytest.mark.parametrize("value", NOT_ISO)
def test_impossible_or_malformed_dates_are_not_iso(value):
    assert event_date_days(value) is None


@pytest.mark.parametrize("value", NOT_ISO + ["", "01/05/2024", "abc"])
def test_gbif_is_never_said_to_read_a_value_that_is_not_iso(value):
    assert gbif_reads_date(value) is False


@pytest.mark.parametrize("value", ["2024-W20", "2024-123", "2024-05-01/03"])
def test_the_three_disputed_strings_are_valid_iso(value):
    assert event_date_days(value) is not None


def test_the_common_forms_fast_path_agrees_with_the_general_parser(monkeypatch):
    """Dates and date-times (alone or as intervals) are parsed by one regular expression;
    on random values, impossible ones included, it answers as the general parser does, and
    so does the question whether GBIF reads them."""
    import random
    import re

    from resources.quality import dates

    parse = dates.event_date_days.__wrapped__
    rng = random.Random(21)

    def point():
        text = "%04d-%02d-%02d" % (
            rng.choice([0, 1, 1999, 2000, 2020, 9999]),
            rng.randint(0, 13),
            rng.randint(0, 32),
        )
        if rng.random() < 0.5:
            text += "T%02d:%02d" % (rng.randint(0, 25), rng.randint(0, 61))
            if rng.random() < 0.5:
                text += ":%02d" % rng.randint(0, 61)
        return text

    values = [point() if rng.random() < 0.4 else point() + "/" + point() for _ in range(20000)]
    assert all(dates._COMMON.match(v) for v in values)
    fast = [parse(v) for v in values]
    read = [dates.gbif_reads_date(v) for v in values]
    monkeypatch.setattr(dates, "_COMMON", re.compile(r"(?!)"))  # never matches
    assert [parse(v) for v in values] == fast
    assert [dates.gbif_reads_date(v) for v in values] == read
    assert sum(f is not None for f in fast) > 1000  # valid values were among them
    assert sum(read) > 1000


def test_the_days_of_a_month_are_the_calendars():
    from calendar import monthrange

    from resources.quality.dates import _days_in_month

    for year in (1, 4, 100, 1600, 1900, 2000, 2023, 2024, 2100, 9999):
        for month in range(1, 13):
            assert _days_in_month(year, month) == monthrange(year, month)[1]

"""What the landing page's map and charts are given: extent, boxes, locations, records per
year, month and taxon."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from metadata.eml.model import BoundingBox, Document, GeographicCoverage
from resources.portal.feeds.summary import ArchiveSummary
from resources.portal.figures import (
    TOP_TAXA,
    chart_data,
    chart_file,
    coverage_boxes,
    map_data,
    month_counts,
    taxa_at_rank,
    year_series,
)


def _doc(*boxes: tuple[str, str, str, str]) -> Document:
    return Document(
        geographic_coverages=[
            GeographicCoverage("Area", BoundingBox(west=w, south=s, east=e, north=n))
            for w, s, e, n in boxes
        ]
    )


def test_the_map_fits_the_exact_extent_of_the_data_not_the_metadata_boxes():
    summary = ArchiveSummary(points=[(4.4, 50.8), (5.6, 50.6)], extent=[4.35, 50.62, 5.57, 50.85])
    found = map_data(_doc(("-10", "35", "30", "70")), summary)
    assert found["extent"] == [4.35, 50.62, 5.57, 50.85] and found["located"] is True
    assert found["points"] == [[50.8, 4.4], [50.6, 5.6]]  # latitude first, as Leaflet wants
    assert found["boxes"] == [[-10.0, 35.0, 30.0, 70.0]]


def test_without_data_the_map_fits_all_metadata_boxes():
    found = map_data(_doc(("2", "49", "6", "51"), ("3", "50", "7", "52")), None)
    assert found["extent"] == [2.0, 49.0, 7.0, 52.0]
    assert found["located"] is False and found["points"] == []


def test_there_is_no_map_without_data_locations_or_boxes():
    assert map_data(_doc(), None) is None
    assert map_data(_doc(), ArchiveSummary(years={"event.txt": {2020: 1}})) is None


def test_unreadable_metadata_boxes_are_left_out_and_antimeridian_boxes_kept_whole():
    doc = _doc(
        ("x", "1", "2", "3"),
        ("1", "5", "2", "4"),
        ("1", "-95", "2", "3"),
        ("170", "-20", "-170", "-10"),
    )
    assert coverage_boxes(doc) == [[170.0, -20.0, 190.0, -10.0]]


def test_locations_are_clustered_only_when_there_are_many():
    few = ArchiveSummary(points=[(n / 10, 1.0) for n in range(100)], extent=[0, 1, 9.9, 1])
    many = ArchiveSummary(points=[(n / 10, 1.0) for n in range(101)], extent=[0, 1, 10, 1])
    assert map_data(_doc(), few)["cluster"] is False
    assert map_data(_doc(), many)["cluster"] is True


def test_the_map_has_the_tile_layer_it_is_given():
    tiles = {"url": "https://tile.example.org/{z}/{x}/{y}.png", "attribution": "Example"}
    assert map_data(_doc(("1", "1", "2", "2")), None, tiles=tiles)["tiles"] == tiles
    assert map_data(_doc(("1", "1", "2", "2")), None)["tiles"] is None


def test_one_year_is_one_bar():
    assert year_series({2021: 7}) == {
        "unit": "year",
        "labels": ["2021"],
        "counts": [7],
        "rows": [["2021", 7]],
    }


def test_a_hundred_years_are_a_hundred_bars_with_the_gaps_at_zero():
    years = {1901 + n: n + 1 for n in range(0, 100, 2)}
    found = year_series(years)
    assert found["unit"] == "year" and len(found["counts"]) == 99
    assert found["labels"][0] == "1901" and found["labels"][-1] == "1999"
    assert found["counts"][:3] == [1, 0, 3]
    assert len(found["rows"]) == 50  # the table lists only years with records


def test_centuries_of_records_are_shown_per_decade():
    found = year_series({1755: 1, 1759: 2, 1760: 4, 2024: 8})
    assert found["unit"] == "decade"
    assert found["labels"][0] == "1750–1759" and found["labels"][-1] == "2020–2029"
    assert found["counts"][:2] == [3, 4] and found["counts"][-1] == 8
    assert sum(found["counts"]) == 15


def test_months_run_from_january_to_december_and_are_absent_when_unknown():
    assert month_counts({3: 2, 12: 5}) == [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 5]
    assert month_counts({}) is None


def test_a_rank_shows_its_top_names_and_sums_the_others():
    taxa = [("Animalia", "", "", "", "Family%02d" % n, 100 - n) for n in range(30)]
    taxa.append(("Animalia", "", "", "", "", 1000))  # no family: counted for the kingdom only
    found = taxa_at_rank(taxa, "family")
    assert found["names"] == 30 and len(found["bars"]) == TOP_TAXA
    assert found["bars"][0] == ["Family00", 100] and found["bars"][-1] == ["Family11", 89]
    assert found["others"] == sum(100 - n for n in range(TOP_TAXA, 30))
    assert taxa_at_rank(taxa, "kingdom")["bars"] == [
        ["Animalia", sum(100 - n for n in range(30)) + 1000]
    ]
    assert taxa_at_rank(taxa, "order") is None


def test_one_taxon_is_one_bar_without_others():
    found = taxa_at_rank([("Plantae", "Tracheophyta", "", "", "", 4)], "phylum")
    assert found["bars"] == [["Tracheophyta", 4]] and found["others"] == 0


def test_names_with_as_many_records_are_in_alphabetical_order():
    found = taxa_at_rank([("B", "", "", "", "", 2), ("A", "", "", "", "", 2)], "kingdom")
    assert found["bars"] == [["A", 2], ["B", 2]]


def test_the_taxa_chart_opens_at_the_first_rank_with_several_names():
    summary = ArchiveSummary(
        taxa=[
            ("Animalia", "Chordata", "Aves", "", "", 3),
            ("Animalia", "Chordata", "Amphibia", "", "", 2),
        ]
    )
    found = chart_data(summary)
    assert [r["rank"] for r in found["taxa"]] == ["kingdom", "phylum", "class"]
    assert found["rank"] == "class"
    assert found["years"] is None and found["months"] is None


def test_the_time_charts_count_the_occurrences_when_they_are_dated():
    summary = ArchiveSummary(
        years={"event.txt": {2020: 2}, "occurrence.txt": {2020: 9}},
        months={"event.txt": {5: 2}, "occurrence.txt": {5: 9}},
    )
    assert chart_file(summary) == "occurrence.txt"
    found = chart_data(summary)
    assert found["years"]["counts"] == [9] and found["months"][4] == 9
    assert [(str(m), n) for m, n in found["month_rows"]] == [("May", 9)]
    assert found["taxa"] == [] and found["rank"] == ""


@pytest.mark.parametrize("summary", [None, ArchiveSummary(), ArchiveSummary(years={"e.txt": {}})])
def test_there_are_no_charts_without_dates_or_taxa(summary):
    assert chart_data(summary) is None


def test_the_chart_data_can_be_written_into_the_page_as_json():
    summary = ArchiveSummary(years={"e.txt": {2020: 1}}, taxa=[("Fungi", "", "", "", "", 1)])
    data = json.loads(json.dumps(chart_data(summary), cls=DjangoJSONEncoder))
    assert data["taxa"][0]["label"] == "Kingdom"

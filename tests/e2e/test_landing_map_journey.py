"""A visitor opens the landing page of a national dataset: the map is zoomed to the data,
the charts are drawn, and nothing comes from elsewhere than this site."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

from metadata.eml.model import BoundingBox, GeographicCoverage
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from resources.models import Resource, Version, Visibility
from resources.services.resources import resource_dir
from tests.e2e.checks import NARROW, WIDE, assert_page_ok
from tests.e2e.conftest import log_in
from tests.factories import ResourceFactory, UserFactory
from tests.resources.portal.conftest import fake_published

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DWC = "http://rs.tdwg.org/dwc/terms/"
COLUMNS = ("eventDate", "decimalLatitude", "decimalLongitude", "kingdom", "phylum", "class")
BELGIUM = [(50.85, 4.35), (51.22, 4.40), (50.63, 5.57), (51.05, 3.72), (50.45, 3.95)]
EXTENT = (3.72, 50.45, 5.57, 51.22)  # west, south, east, north


def _meta() -> str:
    fields = "".join(
        '<field index="%d" term="%s%s"/>' % (n + 1, DWC, term) for n, term in enumerate(COLUMNS)
    )
    return (
        '<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">'
        '<core encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" '
        'ignoreHeaderLines="1" rowType="%sOccurrence"><files><location>occurrence.txt'
        '</location></files><id index="0"/>%s</core></archive>' % (DWC, fields)
    )


def _occurrences(places: list[tuple[float, float]]) -> list[str]:
    classes = ["Amphibia", "Aves", "Insecta"]
    return [
        "O%d\t%d-%02d-10\t%s\t%s\tAnimalia\tChordata\t%s"
        % (n, 2001 + n % 3, 1 + n % 12, lat, lon, classes[n % 3])
        for n, (lat, lon) in enumerate(places)
    ]


def published_at(places: list[tuple[float, float]], title: str) -> Resource:
    """A public resource whose archive holds one occurrence at each (latitude, longitude)."""
    resource = fake_published(Visibility.PUBLIC, title=title)
    lines = ["id\t" + "\t".join(COLUMNS), *_occurrences(places)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("meta.xml", _meta())
        zf.writestr("occurrence.txt", "\n".join(lines) + "\n")
        zf.writestr("eml.xml", b"<eml/>")
    (resource_dir(resource) / "dwca-1.0.zip").write_bytes(buffer.getvalue())
    Version.objects.filter(resource=resource).update(
        archive_size=len(buffer.getvalue()),
        records=len(places),
        counts={"occurrence.txt": len(places)},
    )
    return resource


def _map_view(page) -> tuple[list[float], float, float]:
    element = page.locator("#landing-map[data-ready]")
    expect(element).to_be_visible(timeout=20_000)  # a busy test machine is slow
    bounds = [float(v) for v in element.get_attribute("data-bounds").split(",")]
    return (
        bounds,
        float(element.get_attribute("data-zoom")),
        float(element.get_attribute("data-extent-zoom")),
    )


def _canvas_drawn(page, test_id: str) -> None:
    canvas = page.get_by_test_id(test_id)
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50, (test_id, box)


def _first_month(page) -> str:
    """The first label of the month chart, once drawn."""
    chart = "window.Chart && Chart.getChart(document.querySelector('[data-chart=months]'))"
    page.wait_for_function(chart, timeout=20_000)
    return page.evaluate("(%s).data.labels[0]" % chart)


def test_the_map_fits_a_national_dataset_and_the_charts_are_drawn(page, data_dir, live_server):
    resource = published_at(BELGIUM, "Frogs of Belgium")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.set_viewport_size(WIDE)
    page.goto("/resource?r=%s" % resource.shortname)
    bounds, zoom, extent_zoom = _map_view(page)
    west, south, east, north = EXTENT
    assert bounds[0] <= west and bounds[1] <= south and bounds[2] >= east and bounds[3] >= north
    assert zoom >= extent_zoom - 1 and zoom >= 6, (zoom, extent_zoom)  # a country, not a world
    expect(page.locator("#landing-map .map-dot")).to_have_count(len(BELGIUM))
    expect(page.locator("#landing-map[data-outlines-loaded]")).to_have_count(1, timeout=20_000)
    expect(page.get_by_test_id("map-caption")).to_contain_text("5 locations")
    expect(page.get_by_test_id("map-caption")).to_contain_text("50.45° and 51.22°")

    for chart in ("year-chart", "month-chart", "taxa-chart"):
        _canvas_drawn(page, chart)
    taxa = page.get_by_test_id("taxa-chart")
    expect(taxa).to_have_attribute("data-rank", "class")  # the first rank with several names
    page.get_by_label("Rank", exact=True).select_option("kingdom")
    expect(taxa).to_have_attribute("data-rank", "kingdom")
    expect(taxa).to_have_attribute("aria-label", re.compile(r"rank Kingdom \(1 of 1 names\)"))
    assert_page_ok(page, "landing page at 1280 px")
    assert any("vendor/world-atlas/countries-50m" in url for url in asked)
    assert [url for url in asked if not url.startswith(live_server.url)] == []  # no CDN

    assert _first_month(page) == "Jan"

    page.set_viewport_size(NARROW)
    page.get_by_label("Language").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert _first_month(page) == "janv."  # month names in the page's language
    bounds, zoom, extent_zoom = _map_view(page)
    assert bounds[0] <= west and bounds[2] >= east and zoom >= extent_zoom - 1
    _canvas_drawn(page, "year-chart")
    assert_page_ok(page, "landing page at 390 px")


def test_many_locations_are_clustered_on_the_configured_tiles(page, data_dir, settings):
    # a tile "server" of this site (the CSP allows only it): any image will do
    settings.MAP_TILE_URL = "/static/vendor/leaflet/images/layers.png?{z}/{x}/{y}"
    settings.MAP_TILE_ATTRIBUTION = "Test tiles"
    grid = [(-40 + 8 * (n // 15), -100 + 12 * (n % 15)) for n in range(150)]
    resource = published_at(grid, "Birds of the world")
    page.set_viewport_size(WIDE)
    page.goto("/resource?r=%s" % resource.shortname)
    _map_view(page)
    expect(page.locator("#landing-map .marker-cluster").first).to_be_visible(timeout=20_000)
    assert page.locator("#landing-map .map-dot").count() < len(grid)
    expect(page.locator("#landing-map img.leaflet-tile-loaded").first).to_be_attached(
        timeout=20_000
    )
    expect(page.locator("#landing-map .leaflet-control-attribution")).to_contain_text("Test tiles")
    assert_page_ok(page, "landing page with clustered locations")


def test_the_preview_maps_the_metadata_bounding_boxes(page, data_dir):
    manager = UserFactory(role=Role.MANAGER)
    resource = ResourceFactory(
        title="Lakes of the Ardennes", creator=manager, visibility=Visibility.PUBLIC
    )
    doc = metadata_get(resource)
    box = BoundingBox(west="4.8", east="6.4", south="49.5", north="50.6")
    doc.geographic_coverages = [GeographicCoverage("Ardennes", box)]
    metadata_save(resource, doc)
    log_in(page, manager.email)
    page.goto("/resource/preview?r=%s" % resource.shortname)
    bounds, zoom, extent_zoom = _map_view(page)
    assert bounds[0] <= 4.8 and bounds[1] <= 49.5 and bounds[2] >= 6.4 and bounds[3] >= 50.6
    assert zoom >= extent_zoom - 1 and zoom >= 6, (zoom, extent_zoom)
    expect(page.locator("#landing-map path.map-box")).to_have_count(1)
    expect(page.get_by_test_id("map-caption")).to_contain_text("bounding boxes of the metadata")
    assert_page_ok(page, "preview at 1280 px")

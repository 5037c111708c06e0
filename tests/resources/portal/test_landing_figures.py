"""The landing page's map and charts: their data in the page, the tile layer, the text that
says where the data are without JavaScript, and nothing of a private resource."""

from __future__ import annotations

import json
import re

import pytest

from metadata.eml.model import BoundingBox, GeographicCoverage
from metadata.services.documents import metadata_get, metadata_save
from resources.models import Visibility
from tests.factories import ResourceFactory

from .conftest import client_for, document, fake_published

pytestmark = pytest.mark.django_db
TILES = "https://tile.example.org/{z}/{x}/{y}.png"


def _script(html: str, element_id: str) -> dict:
    found = re.search(r'<script id="%s" type="application/json">(.*?)</script>' % element_id, html)
    assert found, element_id
    return json.loads(found.group(1))


def test_the_landing_page_carries_the_data_of_its_map_and_charts(client, data_dir):
    resource = fake_published(Visibility.PUBLIC, records=4)
    html = client.get("/resource?r=%s" % resource.shortname).content.decode()
    shown = _script(html, "landing-map-data")
    # the fake archive's rows lie at latitudes 50.1 to 53.1, longitudes 10.2 to 13.2
    assert shown["extent"] == [10.2, 50.1, 13.2, 53.1] and len(shown["points"]) == 4
    assert shown["tiles"] is None
    charts = _script(html, "landing-chart-data")
    assert charts["years"]["labels"] == ["2010", "2011", "2012", "2013"]
    assert charts["months"][4] == 4  # every row is of May
    assert "vendor/leaflet/leaflet.js" in html and "vendor/chart.js/chart.umd.min.js" in html
    caption = re.sub(r"\s+", " ", html.split('data-testid="map-caption">')[1].split("</")[0])
    assert "4 locations" in caption and "50.10° and 53.10°" in caption


def test_the_map_has_the_configured_tile_layer(client, data_dir, settings):
    settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION = TILES, "© Example"
    resource = fake_published(Visibility.PUBLIC)
    html = client.get("/resource?r=%s" % resource.shortname).content.decode()
    assert _script(html, "landing-map-data")["tiles"] == {"url": TILES, "attribution": "© Example"}


def test_the_preview_maps_the_metadata_boxes_only(data_dir):
    resource = ResourceFactory(title="Lakes")
    doc = metadata_get(resource)
    doc.geographic_coverages = [
        GeographicCoverage("Lakes", BoundingBox(west="2.5", east="6.4", south="49.5", north="51.5"))
    ]
    metadata_save(resource, doc)
    html = client_for(resource.creator).get("/resource/preview?r=%s" % resource.shortname)
    html = html.content.decode()
    shown = _script(html, "landing-map-data")
    assert shown["extent"] == [2.5, 49.5, 6.4, 51.5] and shown["points"] == []
    assert "The bounding boxes of the metadata lie between latitudes 49.50°" in html
    assert 'id="landing-chart-data"' not in html


def test_a_page_with_nothing_to_map_loads_no_map_library(client, data_dir):
    resource = ResourceFactory(title="Lakes")
    doc = document("Lakes")
    metadata_save(resource, doc)
    html = client_for(resource.creator).get("/resource/preview?r=%s" % resource.shortname)
    html = html.content.decode()
    assert 'id="landing-map"' not in html and "vendor/leaflet" not in html


def test_no_one_else_sees_the_locations_of_a_private_resource(client, data_dir):
    resource = fake_published(Visibility.PRIVATE, title="Secret bats")
    response = client.get("/resource?r=%s" % resource.shortname)
    assert response.status_code in (403, 404)
    assert b"landing-map-data" not in response.content and b"10.2" not in response.content

"""Markup in titles, abstracts, contact names and keywords is shown, never run."""

from __future__ import annotations

import json
import re

import pytest
import rdflib
from lxml import etree

from metadata.eml.model import Agent, KeywordSet
from resources.models import Visibility

from .conftest import document, fake_published

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp; ]]> </title>"


@pytest.fixture
def hostile(data_dir):
    doc = document(
        "T " + PAYLOAD,
        abstract=["A " + PAYLOAD],
        contacts=[
            Agent(given_name="C " + PAYLOAD, sur_name="S " + PAYLOAD, emails=["x@example.org"])
        ],
        creators=[Agent(given_name="Cr " + PAYLOAD, sur_name="Frog")],
        keyword_sets=[KeywordSet(keywords=["K " + PAYLOAD])],
    )
    return fake_published(
        Visibility.PUBLIC, title="T " + PAYLOAD, doc=doc, change_summary="V " + PAYLOAD
    )


def test_the_landing_page_shows_the_payloads_escaped(hostile, client):
    html = client.get("/resource?r=%s" % hostile.shortname).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    for prefix in ("T ", "A ", "C ", "S ", "K ", "V "):
        assert prefix + "&lt;script&gt;alert(1)&lt;/script&gt;" in html, prefix
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in ld and json.loads(ld)["name"] == "T " + PAYLOAD


def test_the_home_page_shows_the_title_escaped(hostile, client):
    html = client.get("/").content.decode()
    assert "<script>alert(1)" not in html and "T &lt;script&gt;" in html


def test_rss_is_well_formed_and_carries_the_payload_as_text(hostile, client):
    root = etree.fromstring(client.get("/rss.do").content)
    item = root.find("channel/item")
    assert item.findtext("title") == "T %s - Version 1.0" % PAYLOAD
    assert item.findtext("description") == "V " + PAYLOAD
    assert item.findtext("{http://ipt.gbif.org/}eml").endswith("/eml.do?r=" + hostile.shortname)


def test_sitemap_is_well_formed(hostile, client):
    root = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations[-1].endswith("/resource?r=" + hostile.shortname)


def test_dcat_parses_as_turtle_with_the_payload_as_literals(hostile, client):
    graph = rdflib.Graph().parse(data=client.get("/dcat").content.decode(), format="turtle")
    titles = {str(o) for o in graph.objects(None, rdflib.URIRef("http://purl.org/dc/terms/title"))}
    assert "T " + PAYLOAD in titles
    keywords = {
        str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#keyword"))
    }
    assert keywords == {"K " + PAYLOAD}


def test_the_inventory_is_json_with_the_title_intact(hostile, client):
    data = json.loads(client.get("/inventory/v2/dataset").content)
    assert data["resources"][0]["title"] == "T " + PAYLOAD

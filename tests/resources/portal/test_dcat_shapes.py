"""``/dcat`` conforms to the DCAT-AP constraints on the classes it writes (pySHACL against
tests/data/dcat/dcat-ap-feed.shapes.ttl): valid ``xsd:dateTime`` values and IANA media-type
IRIs among them."""

from __future__ import annotations

import re
import uuid

import pytest
import rdflib
from pyshacl import validate

from metadata.eml.model import Agent
from publisher.models import Organisation
from publisher.services.installation import installation_cache_clear, installation_settings_row
from resources.models import Visibility
from tests.conftest import TEST_DATA

from .conftest import document, fake_published

pytestmark = pytest.mark.django_db

SHAPES = TEST_DATA / "dcat" / "dcat-ap-feed.shapes.ttl"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
ZIP = rdflib.URIRef("https://www.iana.org/assignments/media-types/application/zip")


def conformance(turtle: str) -> tuple[bool, str]:
    data = rdflib.Graph().parse(data=turtle, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _graph, text = validate(data, shacl_graph=shapes)
    return bool(conforms), text


@pytest.fixture(autouse=True)
def _lexical_forms_kept(monkeypatch):
    """rdflib rewrites typed literals to their canonical form when parsing by default,
    which would hide an invalid lexical form (a time without seconds) from the shapes."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


@pytest.fixture
def hosted(db):
    organisation = Organisation.objects.create(
        key=uuid.UUID("f9b67ad0-9c9b-11d9-b9db-b8a03c50a862"), name="Pond Museum", token="x"
    )
    row = installation_settings_row()
    row.hosting_organisation = organisation
    row.save()
    installation_cache_clear()
    yield organisation
    installation_cache_clear()


@pytest.fixture
def catalogue(data_dir, hosted, client) -> str:
    contact = Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])
    fake_published(Visibility.PUBLIC, title="Ponds", doc=document("Ponds", contacts=[contact]))
    fake_published(Visibility.REGISTERED, title="Frogs")
    return client.get("/dcat").content.decode()


def test_dcat_conforms_to_the_dcat_ap_shapes(catalogue):
    conforms, report = conformance(catalogue)
    assert conforms, report


def test_dcat_dates_are_valid_date_times_and_media_types_iana_iris(catalogue):
    graph = rdflib.Graph().parse(data=catalogue, format="turtle")
    dates = list(graph.objects(None, DCT.issued)) + list(graph.objects(None, DCT.modified))
    assert dates and all(d.datatype == rdflib.XSD.dateTime for d in dates)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", str(d)) for d in dates)
    assert set(graph.objects(None, DCAT.mediaType)) == {ZIP}


def test_dcat_names_the_hosting_organisation_as_the_catalogue_publisher(catalogue):
    graph = rdflib.Graph().parse(data=catalogue, format="turtle")
    [publisher] = [
        o for s, o in graph.subject_objects(DCT.publisher) if str(s).endswith("#Catalog")
    ]
    assert str(publisher).endswith("/f9b67ad0-9c9b-11d9-b9db-b8a03c50a862#Organization")
    name = graph.value(publisher, rdflib.FOAF.name)
    assert str(name) == "Pond Museum"


DATE_TIME = re.compile(r'"(\d{4}-\d\d-\d\dT\d\d:\d\d):\d\d([^"]*)"\^\^xsd:dateTime')


def without_seconds(turtle: str) -> str:
    return DATE_TIME.sub(r'"\1\2"^^xsd:dateTime', turtle, count=1)


def media_type_as_text(turtle: str) -> str:
    return turtle.replace("dcat:mediaType <%s>" % ZIP, 'dcat:mediaType "application/zip"')


@pytest.mark.parametrize("spoil", [without_seconds, media_type_as_text])
def test_the_shapes_reject_what_the_feed_used_to_write(catalogue, spoil):
    spoilt = spoil(catalogue)
    assert spoilt != catalogue
    assert not conformance(spoilt)[0]

"""The schema.org ``Dataset`` of a landing page: identifiers (DOI, GBIF dataset page),
ORCID and ROR ``@id``s, a BCP 47 language and every temporal coverage."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from metadata.eml.model import Agent, Citation, Document, TemporalCoverage, Title, UserId
from resources.models import Visibility
from resources.portal.feeds.jsonld import Published, dataset_jsonld

from .conftest import fake_published

ORCID = "0000-0002-1825-0097"  # ORCID's own example iD (valid check digit)
ROR = "03yrm5c26"  # ROR's example id (valid check digits)
PUBLISHED = Published(url="https://p.org/resource?r=ponds", version="1.0", date_published="2024")


def jsonld(doc: Document, published: Published = PUBLISHED) -> dict:
    return dataset_jsonld(doc, published)


def test_language_is_a_bcp47_tag_not_the_emls_three_letter_code():
    assert jsonld(Document(titles=[Title("Ponds")], language="eng"))["inLanguage"] == "en"
    assert "inLanguage" not in jsonld(Document(titles=[Title("Ponds")], language="english"))


def test_creators_have_their_orcid_and_organisations_their_ror_as_ids():
    ann = Agent(
        given_name="Ann",
        sur_name="Frog",
        organization="Pond Museum",
        user_ids=[UserId("https://orcid.org/", ORCID), UserId("https://ror.org/", ROR)],
    )
    museum = Agent(organization="Pond Museum", user_ids=[UserId("ROR", "https://ror.org/" + ROR)])
    creators = jsonld(Document(titles=[Title("Ponds")], creators=[ann, museum]))["creator"]
    assert creators[0]["@id"] == "https://orcid.org/" + ORCID
    assert creators[0]["affiliation"] == {
        "@id": "https://ror.org/" + ROR,
        "@type": "Organization",
        "name": "Pond Museum",
    }
    assert creators[1] == {
        "@id": "https://ror.org/" + ROR,
        "@type": "Organization",
        "name": "Pond Museum",
    }


def test_an_invalid_orcid_gives_no_id():
    ann = Agent(
        given_name="Ann", sur_name="Frog", user_ids=[UserId("ORCID", "0000-0002-1825-0098")]
    )
    [creator] = jsonld(Document(titles=[Title("Ponds")], creators=[ann]))["creator"]
    assert "@id" not in creator and "identifier" not in creator


def test_every_temporal_coverage_is_given():
    doc = Document(
        titles=[Title("Ponds")],
        temporal_coverages=[
            TemporalCoverage(kind="range", start="2001-04-01", end="2001-09-30"),
            TemporalCoverage(kind="single", start="2005-06-01"),
            TemporalCoverage(kind="range", start="2010-04-01", end="2010-09-30"),
        ],
    )
    assert jsonld(doc)["temporalCoverage"] == [
        "2001-04-01/2001-09-30",
        "2005-06-01",
        "2010-04-01/2010-09-30",
    ]
    doc.temporal_coverages = doc.temporal_coverages[:1]
    assert jsonld(doc)["temporalCoverage"] == "2001-04-01/2001-09-30"


def test_identifiers_are_the_doi_and_the_gbif_dataset_page():
    doc = Document(
        titles=[Title("Ponds")],
        citation=Citation(text="Frog A (2024). Ponds.", identifier="doi:10.15468/abc123"),
        alternate_identifiers=["https://doi.org/10.15468/abc123", "10.5281/zenodo.1", "ponds"],
    )
    key = "cb643105-2e6b-403d-a23b-2c8128d1f97c"
    published = Published(**{**PUBLISHED.__dict__, "gbif_key": key})
    assert jsonld(doc, published)["identifier"] == [
        "https://doi.org/10.15468/abc123",
        "https://doi.org/10.5281/zenodo.1",
        "https://www.gbif.org/dataset/" + key,
    ]


@pytest.mark.django_db
def test_the_landing_page_of_a_registered_resource_names_its_gbif_dataset(data_dir, client):
    resource = fake_published(Visibility.REGISTERED)
    resource.gbif_key = uuid.UUID("cb643105-2e6b-403d-a23b-2c8128d1f97c")
    resource.save(update_fields=["gbif_key"])
    html = client.get("/resource?r=%s" % resource.shortname).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["identifier"] == ["https://www.gbif.org/dataset/" + str(resource.gbif_key)]
    assert data["inLanguage"] == "en"

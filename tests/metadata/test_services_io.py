"""Importing EML into a resource's working metadata, previewing it, and exporting it."""

from __future__ import annotations

import pytest
from lxml import etree

from core.errors import UserError
from metadata.eml.model import Agent, Citation, Licence, Title
from metadata.eml.parse import parse_eml
from metadata.eml.serialize import to_dict
from metadata.eml.validate import validate_xsd
from metadata.models import ResourceMetadata
from metadata.services.coverage import metadata_settings_update
from metadata.services.documents import metadata_get, metadata_record, metadata_save
from metadata.services.io import (
    IMPORT_MAX_BYTES,
    Change,
    metadata_export,
    metadata_import,
    metadata_import_preview,
)
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

EML_DIR = TEST_DATA / "eml"
SAMPLES = sorted(p.name for p in EML_DIR.glob("*.xml"))
SCHEMA_13 = TEST_DATA / "schemas" / "eml-gbif-profile" / "1.3"
EML = b'<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0" packageId="p"><dataset>'
SMALL = (
    EML
    + b"<title>Ponds</title><abstract><para>All the ponds.</para></abstract></dataset></eml:eml>"
)
HOSTILE = {
    "entity-expansion": b'<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b '
    b'"&a;&a;&a;&a;">]>\n' + EML + b"<title>&b;</title></dataset></eml:eml>",
    "external-entity": b'<?xml version="1.0"?>\n<!DOCTYPE eml [<!ENTITY x SYSTEM '
    b'"file:///etc/passwd">]>\n' + EML + b"<title>&x;</title></dataset></eml:eml>",
    "non-eml-root": b"<rss><channel><title>news</title></channel></rss>",
    "malformed": EML + b"\n<title>x</dataset>",
    "not-xml": b"eventID,eventDate\nE1,2024\n",
    "oversize": EML + b"<title>" + b"x" * IMPORT_MAX_BYTES + b"</title></dataset></eml:eml>",
}


@pytest.fixture
def resource(db):
    resource = ResourceFactory(shortname="ponds")
    doc = metadata_get(resource)
    doc.abstract = ["What we had before."]
    metadata_save(resource, doc)
    return resource


@pytest.mark.parametrize("name", SAMPLES)
def test_import_of_each_sample_fills_the_metadata(resource, manager_user, name):
    data = (EML_DIR / name).read_bytes()
    expected = parse_eml(data)

    doc = metadata_import(resource, data=data, user=manager_user, filename=name)

    stored = metadata_get(resource)
    assert stored == doc
    assert stored.title == expected.title != ""
    assert stored.creators == expected.creators
    assert stored.abstract == expected.abstract
    assert stored.short_name == "ponds"
    resource.refresh_from_db()
    assert resource.title == expected.title[:500]
    assert metadata_record(resource).modified_by == manager_user


def test_preview_lists_changed_values_and_stores_nothing(resource):
    before = ResourceMetadata.objects.get(resource=resource).document

    preview = metadata_import_preview(resource, data=SMALL)

    changes = {c.path: c for c in preview.changes}
    assert changes["titles[0].text"].new == "Ponds"
    assert changes["abstract[0]"] == Change("abstract[0]", "What we had before.", "All the ponds.")
    assert "metadata_language" not in changes  # the sample has none: the current one stays
    assert "short_name" not in changes
    assert preview.document.short_name == "ponds"
    assert ResourceMetadata.objects.get(resource=resource).document == before


def test_preview_keeps_long_values_whole(resource):
    text = "word " * 2000
    data = (
        EML
        + b"<title>T</title><abstract><para>"
        + text.strip().encode()
        + b"</para></abstract></dataset></eml:eml>"
    )

    preview = metadata_import_preview(resource, data=data)

    assert {c.path: c.new for c in preview.changes}["abstract[0]"] == text.strip()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_or_invalid_input_is_refused_and_changes_nothing(resource, manager_user, kind):
    before = ResourceMetadata.objects.get(resource=resource).document

    for call in (metadata_import, metadata_import_preview):
        kwargs = {"user": manager_user} if call is metadata_import else {}
        with pytest.raises(UserError) as err:
            call(resource, data=HOSTILE[kind], filename="upload.xml", **kwargs)
        assert err.value.code == "metadata:eml"
        assert "upload.xml" in err.value.message

    assert ResourceMetadata.objects.get(resource=resource).document == before


def test_refusal_names_the_line_lxml_reports(resource, manager_user):
    with pytest.raises(UserError) as err:
        metadata_import(resource, data=HOSTILE["malformed"], user=manager_user)
    assert err.value.details["line"] == 2
    assert "line 2" in err.value.message


def _complete(resource, *, citation: str = ""):
    doc = metadata_get(resource)
    doc.titles = [Title("Amphibians of the ponds")]
    doc.abstract = ["Counts of frogs and toads in ponds."]
    doc.licence = Licence("CC-BY 4.0", "http://creativecommons.org/licenses/by/4.0/legalcode")
    doc.pub_date = "2025-01-01"
    doc.creators = [Agent(given_name="Ada", sur_name="Lovelace", organization="Pond Society")]
    doc.contacts = [Agent(sur_name="Lovelace", emails=["ada@example.org"])]
    doc.citation = Citation(citation, "https://doi.org/10.1234/abcd")
    metadata_save(resource, doc)


def test_export_is_xsd_valid_eml_with_a_stable_package_id(resource):
    _complete(resource)

    first, second = metadata_export(resource), metadata_export(resource)

    assert validate_xsd(first, SCHEMA_13) == []
    package_id = etree.fromstring(first).get("packageId")
    assert package_id == str(metadata_record(resource).package_id)
    assert etree.fromstring(second).get("packageId") == package_id
    other = ResourceFactory()
    assert str(metadata_record(other).package_id) != package_id


def test_export_generates_the_citation_only_when_automatic(resource, manager_user):
    _complete(resource, citation="Entered by hand.")

    generated = parse_eml(metadata_export(resource)).citation
    assert generated.text != "Entered by hand."
    assert "Amphibians of the ponds" in generated.text
    assert generated.identifier == "https://doi.org/10.1234/abcd"

    metadata_settings_update(resource, citation_auto=False, user=manager_user)
    assert parse_eml(metadata_export(resource)).citation.text == "Entered by hand."
    # the working document is never rewritten by the export
    assert metadata_get(resource).citation.text == "Entered by hand."


def test_export_and_import_round_trip(resource, manager_user):
    _complete(resource, citation="Lovelace A (2025). Amphibians of the ponds.")
    metadata_settings_update(resource, citation_auto=False, user=manager_user)
    before = to_dict(metadata_get(resource))

    metadata_import(resource, data=metadata_export(resource), user=manager_user)

    after = to_dict(metadata_get(resource))
    assert after.pop("date_stamp") != ""  # the writer stamps a document that had none
    before.pop("date_stamp")
    assert after == before

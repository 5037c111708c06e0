"""Element-level round trip of the six real EML documents: imported as a user imports them
(the metadata import service), then written as publication writes ``eml.xml``.

Every document is compared as a multiset of ``(element path, normalised text)`` and
``(element path/@attribute, value)`` entries. What is lost or added must be one of the
deliberate changes listed below, each with its reason; anything else fails the test.
Texts are compared with whitespace collapsed and sibling order is not compared (the model
round trip of ``tests/metadata/eml/test_roundtrip.py`` compares lists in order).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pytest
from lxml import etree

from metadata.eml.parse import parse_eml
from metadata.eml.write import write_eml
from metadata.services.coverage import metadata_for_publication
from metadata.services.io import metadata_import
from resources.models import ResourceType
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

EML_DIR = TEST_DATA / "eml"
DOCUMENTS = sorted(p.name for p in EML_DIR.glob("*.xml"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Entry = tuple[str, str]
URL = "https://ipt.example.org/resource?r=doc&v=1.0"
PUBLISHED = date(2026, 12, 6)


def _name(qname: str) -> str:
    if qname == XML_LANG:
        return "xml:lang"
    return etree.QName(qname).localname


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def entries(xml: bytes) -> Counter[Entry]:
    """Every element (path, own text: its text and its children's tails) and attribute
    (path/@name, value) of the document; the root element is ``eml``, names are local (the
    namespace is left out), comments and processing instructions are ignored."""
    found: Counter[Entry] = Counter()

    def walk(el: etree._Element, path: str) -> None:
        own = (el.text or "") + "".join(child.tail or "" for child in el)
        found[(path, _text(own))] += 1
        for name, value in el.attrib.items():
            found[(f"{path}/@{_name(name)}", _text(value))] += 1
        for child in el:
            if isinstance(child.tag, str):
                walk(child, f"{path}/{_name(child.tag)}")

    walk(etree.fromstring(xml), "eml")
    return found


def published(name: str, user) -> bytes:
    """The document imported into a new resource of the type it states, then written as the
    first publication writes it."""
    data = (EML_DIR / name).read_bytes()
    stated = parse_eml(data).dataset_type
    kind = stated if stated in ResourceType.values else ResourceType.SAMPLING_EVENT
    resource = ResourceFactory(shortname="doc-%d" % DOCUMENTS.index(name), type=kind)
    metadata_import(resource, data=data, user=user, filename=name)
    doc = metadata_for_publication(
        resource, version="1.0", publisher="", url=URL, pub_date=PUBLISHED
    )
    return write_eml(doc, package_id=doc.package_id)


def raw_diff(name: str, user) -> tuple[Counter[Entry], Counter[Entry]]:
    """(lost, added): entries of the original not in the publication, and the reverse."""
    before = entries((EML_DIR / name).read_bytes())
    after = entries(published(name, user))
    return before - after, after - before


@dataclass(frozen=True)
class Deliberate:
    """A documented change: an entry ``side`` ("lost" or "added") whose path is ``path`` and
    whose whole text matches ``text``, in the ``documents`` named (all when empty)."""

    side: str
    path: str
    text: str
    reason: str
    documents: tuple[str, ...] = ()

    def covers(self, side: str, name: str, entry: Entry) -> bool:
        """True when this change explains ``entry`` lost or added in document ``name``."""
        return (
            side == self.side
            and entry[0] == self.path
            and re.fullmatch(self.text, entry[1]) is not None
            and (not self.documents or name in self.documents)
        )


TYPE_THESAURUS = "GBIF Dataset Type Vocabulary: http://rs.gbif.org/vocabulary/gbif/"
NO_STATED_TYPE = ("sib-aves-humedales-bogota-spa.eml.xml",)
NO_CITATION = ("ipt-test-event-eml-2.2.0-profile-1.3.eml.xml",)
DELIBERATE = (
    Deliberate(
        "lost", "eml/@packageId", ".+", "the packageId of another installation's dataset version"
    ),
    Deliberate(
        "added",
        "eml/@packageId",
        r"[0-9a-f-]{36}/v1\.0",
        "the resource's own stable UUID with /v<version>, as the IPT writes it",
    ),
    Deliberate("lost", "eml/@schemaLocation", ".+", "the document's own EML and profile version"),
    Deliberate(
        "added",
        "eml/@schemaLocation",
        "https://eml.ecoinformatics.org/eml-2.2.0 "
        r"https://rs\.gbif\.org/schema/eml-gbif-profile/1\.3/eml\.xsd",
        "publication writes EML 2.2.0 in GBIF profile 1.3 only (element namespaces change too)",
    ),
    Deliberate("lost", "eml/dataset/pubDate", ".+", "the date of the imported version"),
    Deliberate("added", "eml/dataset/pubDate", PUBLISHED.isoformat(), "the publication's date"),
    Deliberate(
        "lost",
        "eml/additionalMetadata/metadata/gbif/replaces",
        ".+",
        "names the earlier version at the installation that published it; a first publication "
        "here replaces nothing",
    ),
    Deliberate(
        "added", "eml/dataset/shortName", r"doc-\d", "the resource's short name, as the IPT writes"
    ),
    Deliberate(
        "added",
        "eml/dataset/alternateIdentifier",
        re.escape(URL.split("&v=")[0]),
        "the resource's page comes first among the identifiers, as the IPT adds it",
    ),
    Deliberate(
        "lost",
        "eml/dataset/keywordSet/keywordThesaurus",
        re.escape(TYPE_THESAURUS + "dataset_type.xml"),
        "the dataset type set names the current GBIF vocabulary (dataset_type_2015-07-10.xml)",
    ),
    Deliberate(
        "added",
        "eml/dataset/keywordSet/keywordThesaurus",
        re.escape(TYPE_THESAURUS + "dataset_type_2015-07-10.xml"),
        "the dataset type set names the current GBIF vocabulary (dataset_type_2015-07-10.xml)",
    ),
    Deliberate(
        "added",
        "eml/dataset/keywordSet",
        "",
        "a document that states no dataset type is published with the resource's (#20)",
        NO_STATED_TYPE,
    ),
    Deliberate(
        "added",
        "eml/dataset/keywordSet/keyword",
        "Samplingevent",
        "a document that states no dataset type is published with the resource's (#20)",
        NO_STATED_TYPE,
    ),
    Deliberate(
        "added",
        "eml/additionalMetadata/metadata/gbif/citation",
        r".+ \(2026\)\. .+ Version 1\.0\. Sampling event dataset\. .+",
        "a document without citation keeps automatic citation on: the generated one is written",
        NO_CITATION,
    ),
)


def unexplained(name: str, side: str, found: Counter[Entry]) -> list[Entry]:
    """The entries of ``found`` that no deliberate change explains."""
    return sorted(e for e in found if not any(d.covers(side, name, e) for d in DELIBERATE))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_import_then_publication_changes_only_what_is_deliberate(name, manager_user):
    lost, added = raw_diff(name, manager_user)
    assert unexplained(name, "lost", lost) == []
    assert unexplained(name, "added", added) == []


def test_the_comparison_sees_a_lost_element():
    original = (EML_DIR / DOCUMENTS[0]).read_bytes()
    root = etree.fromstring(original)
    (abstract,) = root.xpath("dataset/abstract")
    abstract.getparent().remove(abstract)
    lost = entries(original) - entries(etree.tostring(root))
    assert unexplained(DOCUMENTS[0], "lost", lost) != []
    assert ("eml/dataset/abstract", "") in lost


def test_six_documents_are_compared():
    assert len(DOCUMENTS) == 6

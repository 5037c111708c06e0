"""The Django-free builders: inventory numbers, RSS, DCAT, RTF, archive summaries."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import rdflib
from lxml import etree

from metadata.eml.model import Document, Title
from resources.portal.feeds.dcat import (
    Catalog,
    Contact,
    DcatDataset,
    build_dcat,
    build_dcat_from_entries,
    dcat_entry,
    dcat_listed,
    iri,
    literal,
)
from resources.portal.feeds.inventory import InventoryItem, inventory_v1, inventory_v2
from resources.portal.feeds.rss import (
    Channel,
    RssItem,
    build_rss,
    build_rss_from_items,
    rss_item_xml,
)
from resources.portal.feeds.rtf import PaperContext, build_rtf, rtf_text
from resources.portal.feeds.summary import ArchiveSummary, summarise_archive

WHEN = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
DWC = "http://rs.tdwg.org/dwc/terms/"


def item(**changes) -> InventoryItem:
    values = dict(
        shortname="ponds",
        title="Ponds",
        resource_type="metadata",
        version="2.10",
        last_published="2026-05-01",
        records=0,
        eml_url="e",
        archive_url="a",
    )
    values.update(changes)
    return InventoryItem(**values)


def test_inventory_writes_the_version_as_the_exact_number():
    assert '"version": 2.10}' in inventory_v2([item()]).decode()
    assert json.loads(inventory_v1([item()]))["registeredResources"][0]["version"] == 2.1


def test_a_metadata_only_resource_has_no_archive_in_inventory_v2():
    (found,) = json.loads(inventory_v2([item()]))["resources"]
    assert found["format"] == "METADATA" and found["archive"] == []
    assert found["additionalProperties"] == {}


def test_a_title_cannot_pose_as_a_version_number():
    text = inventory_v2([item(title="\x00v:1.0")]).decode()
    assert json.loads(text)["resources"][0]["title"] == "\x00v:1.0"


def test_rss_leaves_out_the_archive_of_a_version_without_records():
    channel = Channel(
        title="Node", base_url="https://node.example.org", generator="g", identifier="abc"
    )
    rss = build_rss(
        channel,
        [
            RssItem(
                title="Ponds",
                version="1.0",
                link="l",
                description="d",
                eml_url="e",
                archive_url="",
                published=WHEN,
                guid="uuid/v1.0",
                author="a@example.org (A)",
            )
        ],
    )
    root = etree.fromstring(rss)
    assert root.findtext("channel/{http://ipt.gbif.org/}identifier") == "abc"
    entry = root.find("channel/item")
    assert entry.find("{http://ipt.gbif.org/}dwca") is None
    assert entry.findtext("guid") == "uuid/v1.0"
    assert entry.findtext("pubDate") == "Fri, 01 May 2026 12:30:00 +0000"


def test_a_stored_rss_item_reads_back_as_the_text_it_was_given():
    text = 'Ponds & <lakes> "quoted" \x01line\r\nnext'
    entry = RssItem(
        title=text,
        version="1.0",
        link="https://n.org/resource?r=p&v=1.0",
        description=text,
        eml_url="e",
        archive_url="a",
        published=WHEN,
        guid="g/v1.0",
    )
    stored = rss_item_xml(entry)
    channel = Channel(title="Node", base_url="https://n.org", generator="g")
    rss = build_rss_from_items(channel, [stored, stored], WHEN)
    root = etree.fromstring(rss)
    items = root.findall("channel/item")
    assert len(items) == 2
    assert items[0].findtext("description") == text.replace("\x01", "")
    assert items[0].findtext("link") == "https://n.org/resource?r=p&v=1.0"
    assert items[1].findtext("{http://ipt.gbif.org/}dwca") == "a"
    assert root.findtext("channel/lastBuildDate") == "Fri, 01 May 2026 12:30:00 +0000"
    assert rss == build_rss(channel, [entry, entry])  # the same bytes as built in one go


def dataset(**changes) -> DcatDataset:
    values = dict(
        title="Ponds",
        description="d",
        landing_page="https://n.org/resource?r=p",
        archive_url="https://n.org/archive.do?r=p",
        licence_url="http://creativecommons.org/licenses/by/4.0/legalcode",
        version="1.0",
        issued=WHEN,
        modified=WHEN,
        keywords=["frogs"],
        contacts=[Contact("Ann Frog", "ann@example.org")],
        bbox=(10.0, 50.0, 12.0, 52.0),
        gbif_key="k",
        language="eng",
    )
    values.update(changes)
    return DcatDataset(**values)


def test_dcat_is_valid_turtle_and_skips_datasets_without_a_licence_url():
    turtle = build_dcat(
        Catalog("Node", "About", "https://n.org", issued=WHEN),
        [
            dataset(),
            dataset(title="No licence", licence_url="", landing_page="https://n.org/resource?r=q"),
        ],
    )
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    titles = {str(t) for t in graph.objects(None, rdflib.URIRef("http://purl.org/dc/terms/title"))}
    assert "Ponds" in titles and "No licence" not in titles
    assert (
        rdflib.URIRef("https://n.org/resource?r=p#Dataset"),
        rdflib.RDF.type,
        rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset"),
    ) in graph


def test_dcat_joins_stored_datasets_as_it_builds_them():
    catalog = Catalog("Node", "About", "https://n.org", issued=WHEN, publisher_key="h")
    datasets = [dataset(publisher_key="o", publisher_name="Org"), dataset(has_archive=False)]
    entries = [dcat_entry(d) for d in datasets if dcat_listed(d)]
    assert build_dcat_from_entries(catalog, entries) == build_dcat(catalog, datasets)
    assert not dcat_listed(dataset(licence_url=""))


def test_turtle_escaping():
    assert literal('a"b\\c\nd\x01') == '"a\\"b\\\\c\\nd"'
    assert iri("https://x.org/a b>c") == "<https://x.org/a%20b%3Ec>"


def test_rtf_escapes_braces_and_unicode():
    assert rtf_text("{a}\\ é 😀\n") == "\\{a\\}\\\\ \\u233? \\u-10179?\\u-8704?\\line "
    doc = Document(titles=[Title(text="Étangs {1}")], abstract=["Frogs"])
    rtf = build_rtf(doc, PaperContext("cite", "url", "", "1.0", "2026-05-01"))
    assert rtf.startswith("{\\rtf1") and rtf.isascii() and "\\u201?tangs \\{1\\}" in rtf
    assert rtf.count("{") - rtf.count("\\{") == rtf.count("}") - rtf.count("\\}")


META = """<archive xmlns="http://rs.tdwg.org/dwc/text/">
 <core rowType="%(dwc)sEvent" ignoreHeaderLines="1"><files><location>event.txt</location></files>
  <id index="0"/><field index="1" term="%(dwc)seventDate"/>
  <field index="2" term="%(dwc)sdecimalLatitude"/><field index="3" term="%(dwc)sdecimalLongitude"/>
 </core>
 <extension rowType="%(dwc)sOccurrence" ignoreHeaderLines="1">
  <files><location>occurrence.txt</location></files><coreid index="0"/>
  <field index="1" term="%(dwc)syear"/></extension>
</archive>""" % {"dwc": DWC}


def test_an_archive_summary_counts_years_per_file_and_keeps_rounded_locations(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("meta.xml", META)
        zf.writestr(
            "event.txt",
            "id\tdate\tlat\tlon\nE1\t2020-05-01\t50.04\t10.01\n"
            "E2\t2021\t50.01\t10.04\nE3\t\tbad\t\nE4\t2021-01/2021-02\t91\t0\n",
        )
        zf.writestr("occurrence.txt", "id\tyear\nE1\t\nE1\t1999\nE2\t\nE9\t\n")
    path = tmp_path / "dwca.zip"
    path.write_bytes(buffer.getvalue())
    summary = summarise_archive(path)
    assert summary.years == {
        "event.txt": {2020: 1, 2021: 2},
        "occurrence.txt": {1999: 1, 2020: 1, 2021: 1},
    }
    assert summary.points == [(10.0, 50.0)]


TAXA_META = """<archive xmlns="http://rs.tdwg.org/dwc/text/">
<core rowType="http://rs.tdwg.org/dwc/terms/Event" fieldsTerminatedBy="\\t"
      ignoreHeaderLines="1"><files><location>event.txt</location></files><id index="0"/>
  <field index="1" term="%(dwc)seventDate"/><field index="2" term="%(dwc)sdecimalLatitude"/>
  <field index="3" term="%(dwc)sdecimalLongitude"/><field index="4" term="%(dwc)scountryCode"/>
</core>
<extension rowType="http://rs.tdwg.org/dwc/terms/Occurrence" fieldsTerminatedBy="\\t"
      ignoreHeaderLines="1"><files><location>occurrence.txt</location></files><coreid index="0"/>
  <field index="1" term="%(dwc)skingdom"/><field index="2" term="%(dwc)sfamily"/>
  <field index="3" term="%(dwc)sgenus"/><field index="4" term="%(dwc)sscientificName"/>
</extension>
</archive>""" % {"dwc": DWC}


def test_an_archive_summary_keeps_months_extent_taxa_names_and_countries(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("meta.xml", TAXA_META)
        zf.writestr(
            "event.txt",
            "id\tdate\tlat\tlon\tcc\nE1\t2020-05-01\t50.04\t10.01\tDE\n"
            "E2\t2021-07\t-3.5\t12.25\tDE\nE3\t2021\tbad\t\tFR\n",
        )
        zf.writestr(
            "occurrence.txt",
            "id\tkingdom\tfamily\tgenus\tname\n"
            "E1\tAnimalia\tCulicidae\tAedes\tAedes vexans\n"
            "E2\tAnimalia\tCulicidae\tAedes\tAedes  cinereus\n"
            "E2\tPlantae\t\t\t\n",
        )
    path = tmp_path / "dwca.zip"
    path.write_bytes(buffer.getvalue())
    summary = summarise_archive(path)
    assert summary.months == {"event.txt": {5: 1, 7: 1}, "occurrence.txt": {5: 1, 7: 2}}
    assert summary.extent == [10.01, -3.5, 12.25, 50.04]
    assert summary.taxa == [
        ("Animalia", "", "", "", "Culicidae", 2),
        ("Plantae", "", "", "", "", 1),
    ]
    assert summary.names == [
        "Aedes",
        "Aedes cinereus",
        "Aedes vexans",
        "Animalia",
        "Culicidae",
        "Plantae",
    ]
    assert summary.countries == ["DE", "FR"]
    again = ArchiveSummary.from_dict(summary.to_dict())
    assert again == summary

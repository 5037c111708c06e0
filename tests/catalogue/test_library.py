"""The Django-free catalogue: parsing real definitions, refusing hostile XML, the built-in set."""

from __future__ import annotations

import json
from datetime import date

import pytest

from catalogue import definitions as cat
from catalogue.definitions.builtin import builtin_extensions, builtin_vocabularies, help_texts
from catalogue.definitions.migrate import plan_update
from catalogue.definitions.offer import EVENT, OCCURRENCE, TAXON, is_offered
from catalogue.definitions.registry import latest_by_row_type, parse_extension_listing
from tests.resources.conftest import EXTENSIONS, HUMBOLDT, TEST_DATA, VOCABULARIES

EXTENSION_FILES = sorted(EXTENSIONS.rglob("*.xml"))
VOCABULARY_EXPORTS = TEST_DATA / "vocabularies" / "gbif-vocabulary-server-json"
VOCABULARY_SERVER = "https://api.gbif.org/v1/vocabularies/"
VOCABULARY_FILES = sorted(VOCABULARIES.rglob("*.xml"))
OFFICIAL = {
    "event": "core/dwc_event_2025-07-10.xml",
    "occurrence": "core/dwc_occurrence_2025-07-10.xml",
    "taxon": "core/dwc_taxon_2025-07-10.xml",
    "measurement_or_fact": "extension/dwc/measurements_or_facts_2025-07-10.xml",
    "extended_measurement_or_fact": "extension/obis/extended_measurement_or_fact_2023-08-28.xml",
    "releve": "extension/gbif/1.0/releve_2016-05-10.xml",
    "humboldt": "extension/eco/humboldt_2025-07-10.xml",
    "dna_derived_data": "extension/gbif/1.0/dna_derived_data_2024-07-11.xml",
    "audiovisual": "extension/ac/audiovisual_2026-02-24.xml",
    "resource_relationship": "extension/dwc/resource_relationship_2025-07-10.xml",
    "vernacular_name": "extension/gbif/1.0/vernacularname.xml",
    "distribution": "extension/gbif/1.0/distribution_2022-02-02.xml",
    "references": "extension/gbif/1.0/references.xml",
    "multimedia": "extension/gbif/1.0/multimedia.xml",
    "types_and_specimen": "extension/gbif/1.0/typesandspecimen_2026-05-05.xml",
}
# Links to an older version of a vocabulary the catalogue holds in a newer one (both have
# one URI, so only one can be installed): the built-in links to the newer.
DWC_VOCABULARY = "http://rs.gbif.org/vocabulary/dwc/"
RELINKED = {
    DWC_VOCABULARY + name + "_2022-02-02.xml": DWC_VOCABULARY + name + "_2025-07-10.xml"
    for name in ("establishment_means", "degree_of_establishment", "pathway")
}


def test_reference_data_has_21_extensions_and_66_vocabularies():
    assert (len(EXTENSION_FILES), len(VOCABULARY_FILES)) == (21, 66)


@pytest.mark.parametrize("path", EXTENSION_FILES, ids=lambda p: p.name)
def test_every_official_extension_parses(path):
    extension = cat.parse_extension(path.read_bytes(), source=path.name)
    assert extension.row_type.startswith("http")
    assert extension.properties
    assert all(p.name and p.qual_name for p in extension.properties)


@pytest.mark.parametrize("path", VOCABULARY_FILES, ids=lambda p: p.name)
def test_every_official_vocabulary_parses(path):
    vocabulary = cat.parse_vocabulary(path.read_bytes(), source=path.name)
    assert vocabulary.uri.startswith("http")
    assert vocabulary.concepts
    assert all(c.identifier for c in vocabulary.concepts)


def test_event_core_details_are_read():
    event = cat.parse_extension((EXTENSIONS / OFFICIAL["event"]).read_bytes())
    assert event.row_type == EVENT and event.name == "Event"
    assert event.issued == date(2026, 2, 12)
    for name in (
        "eventID",
        "parentEventID",
        "samplingProtocol",
        "sampleSizeValue",
        "sampleSizeUnit",
    ):
        assert event.get_property("http://rs.tdwg.org/dwc/terms/" + name)
    kind = event.get_property("http://purl.org/dc/elements/1.1/type")
    assert kind.group == "Record-level"
    assert kind.thesaurus == "http://rs.gbif.org/vocabulary/dcterms/type.xml"
    assert kind.text_in("es").label == "Tipo"
    assert kind.text_in("xx").label == kind.label


def test_occurrence_has_198_properties_and_humboldt_names_the_event_core():
    occurrence = cat.parse_extension((EXTENSIONS / OFFICIAL["occurrence"]).read_bytes())
    humboldt = cat.parse_extension(HUMBOLDT.read_bytes())
    assert len(occurrence.properties) == 198
    assert humboldt.subjects == ("dwc:Event",)


def test_vocabulary_labels_and_synonyms_per_language():
    sex = cat.parse_vocabulary((VOCABULARIES / "gbif" / "sex.xml").read_bytes())
    concepts = {c.identifier: c for c in sex.concepts}
    assert sex.uri == "http://rs.gbif.org/vocabulary/gbif/sex"
    assert concepts["female"].label("en") == "female"
    assert concepts["female"].alternatives["en"] == ("♀",)
    assert concepts["hermaphrodite"].alternatives["de"] == ("Zwitter",)


HOSTILE = {
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<extension xmlns="http://rs.gbif.org/extension/" rowType="x" name="x">&lol2;</extension>'
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<extension xmlns="http://rs.gbif.org/extension/" rowType="&secret;" name="x"/>'
    ),
    "external DTD": (
        b'<?xml version="1.0"?><!DOCTYPE extension SYSTEM "http://127.0.0.1:9/evil.dtd">'
        b'<extension xmlns="http://rs.gbif.org/extension/" rowType="x" name="x"/>'
    ),
    "UTF-16 entity": (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
        '<extension xmlns="http://rs.gbif.org/extension/" rowType="x" name="x"/>'
    ).encode("utf-16"),
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_xml_is_refused_with_a_clear_error(data):
    with pytest.raises(cat.CatalogueError) as err:
        cat.parse_extension(data, source="evil.xml")
    assert err.value.code == "extension:hostile"
    assert "evil.xml" in str(err.value) and "DOCTYPE" in str(err.value)


def test_huge_document_is_refused_before_parsing():
    from catalogue.definitions.safexml import MAX_BYTES

    data = b"<extension>" + b" " * (MAX_BYTES + 1) + b"</extension>"
    with pytest.raises(cat.CatalogueError) as err:
        cat.parse_extension(data, source="big.xml")
    assert err.value.code == "extension:too-large"


def test_malformed_xml_error_names_line_and_column():
    data = (
        b'<?xml version="1.0"?>\n<extension xmlns="http://rs.gbif.org/extension/"\n'
        b'  name="x">\n<property name="a"></extension>'
    )
    with pytest.raises(cat.CatalogueError) as err:
        cat.parse_extension(data, source="broken.xml")
    assert err.value.code == "extension:xml"
    assert err.value.line == 4 and err.value.column
    assert str(err.value).startswith("broken.xml, line 4, column")


def test_a_vocabulary_is_not_accepted_as_an_extension():
    data = (VOCABULARIES / "gbif" / "sex.xml").read_bytes()
    with pytest.raises(cat.CatalogueError) as err:
        cat.parse_extension(data, source="sex.xml")
    assert err.value.code == "extension:format"
    assert "<thesaurus>" in str(err.value)


def test_duplicate_term_is_refused():
    data = (
        b'<extension xmlns="http://rs.gbif.org/extension/" rowType="r" name="n" '
        b'namespace="ns/"><property name="a" namespace="ns/"/>'
        b'<property name="a" namespace="ns/"/></extension>'
    )
    with pytest.raises(cat.CatalogueError, match="defined twice"):
        cat.parse_extension(data)


# --- the built-in catalogue agrees with the official definitions --------------------------------


@pytest.mark.parametrize("key", sorted(OFFICIAL))
def test_builtin_extension_agrees_term_for_term_with_the_official_file(key):
    builtin, source = builtin_extensions()[key]
    official = cat.parse_extension((EXTENSIONS / OFFICIAL[key]).read_bytes())
    assert source.endswith(OFFICIAL[key].split("/", 1)[1])
    assert (builtin.row_type, builtin.name, builtin.issued) == (
        official.row_type,
        official.name,
        official.issued,
    )
    assert builtin.subjects == official.subjects

    def facts(extension):
        return [
            (
                p.qual_name,
                p.name,
                p.group,
                p.type,
                p.required,
                RELINKED.get(p.thesaurus, p.thesaurus),
            )
            for p in extension.properties
        ]

    assert facts(builtin) == facts(official)


def test_builtin_help_texts_cover_every_term_in_our_own_words():
    official_text = {}
    for key in OFFICIAL:
        for p in cat.parse_extension((EXTENSIONS / OFFICIAL[key]).read_bytes()).properties:
            official_text[p.qual_name] = (p.description + " " + p.comments).lower()
    texts = help_texts()
    for extension, _source in builtin_extensions().values():
        for prop in extension.properties:
            ours = texts[prop.qual_name]["description"]
            assert ours, prop.qual_name
            assert ours.lower() not in official_text[prop.qual_name], prop.qual_name


def test_builtin_vocabularies_agree_with_the_official_files():
    for vocabulary, source in builtin_vocabularies().values():
        if source.startswith(VOCABULARY_SERVER):
            continue  # compared with the server's export below
        path = VOCABULARIES / source.split("/vocabulary/", 1)[1]
        official = cat.parse_vocabulary(path.read_bytes())
        assert vocabulary.uri == official.uri
        assert [c.identifier for c in vocabulary.concepts] == [
            c.identifier for c in official.concepts
        ]
        # Labels written for this project only add languages the file has no label in.
        shipped = [
            {k: c.labels[k] for k in o.labels}
            for c, o in zip(vocabulary.concepts, official.concepts, strict=True)
        ]
        assert shipped == [c.labels for c in official.concepts]


def test_builtin_event_type_agrees_with_the_vocabulary_server_export():
    vocabulary, source = builtin_vocabularies()["gbif__event_type"]
    export = json.loads((VOCABULARY_EXPORTS / "EventType.json").read_text(encoding="utf-8"))
    concepts = sorted(export["concepts"], key=lambda c: c["key"])
    assert source == vocabulary.uri == VOCABULARY_SERVER + "EventType"
    assert vocabulary.title == export["vocabulary"]["label"]["en"] == "Event Type"
    assert [c.identifier for c in vocabulary.concepts] == [c["name"] for c in concepts]
    assert [c.labels for c in vocabulary.concepts] == [c["label"] for c in concepts]
    assert [c.identifier for c in vocabulary.concepts][:3] == ["Event", "Survey", "SiteVisit"]
    assert len(vocabulary.concepts) == 26


def test_builtin_catalogue_has_the_vocabularies_checks_and_mapping_need():
    uris = {source for _, source in builtin_vocabularies().values()}
    for needed in (
        "dwc/basis_of_record",
        "gbif/occurrence_status",
        "gbif/sex",
        "gbif/life_stage",
        "dwc/establishment_means",
        "gbif/quantity_type",
        "gbif/unit_of_measurement",
        "gbif/dataset_type",
        "gbif/dataset_subtype",
        "gbif/agent_role",
        "eml/update_frequency",
        "iso/639-2",
        "iso/3166-1_alpha2",
    ):
        assert any(needed in uri for uri in uris), needed
    countries = next(v for v, _ in builtin_vocabularies().values() if "3166" in v.uri)
    assert len(countries.concepts) == 250


def test_every_vocabulary_link_of_a_builtin_extension_is_builtin():
    sources = {cat.link_key(source) for _, source in builtin_vocabularies().values()}
    for extension, _ in builtin_extensions().values():
        for prop in extension.properties:
            assert not prop.thesaurus or cat.link_key(prop.thesaurus) in sources, prop.thesaurus


# --- offering, migration planning, the registry listing ------------------------------------------


def _builtin(key):
    return builtin_extensions()[key][0]


def test_extensions_offered_under_the_event_core_follow_subject_keywords():
    offered = {key for key, (ext, _) in builtin_extensions().items() if is_offered(ext, EVENT)}
    assert offered == {
        "occurrence",
        "measurement_or_fact",
        "extended_measurement_or_fact",
        "releve",
        "humboldt",
        "dna_derived_data",
        "audiovisual",
        "resource_relationship",
        "references",
        "multimedia",
    }


def test_taxon_extensions_are_offered_under_the_taxon_core_only_or_everywhere():
    for key in ("vernacular_name", "distribution", "types_and_specimen"):
        assert is_offered(_builtin(key), TAXON) and not is_offered(_builtin(key), EVENT), key
    for key in ("references", "multimedia"):  # their definitions name no core
        assert all(is_offered(_builtin(key), core) for core in (EVENT, OCCURRENCE, TAXON)), key


def test_cores_are_offered_only_where_their_keywords_name_the_core():
    assert not is_offered(_builtin("taxon"), EVENT)
    assert not is_offered(_builtin("event"), OCCURRENCE)
    assert is_offered(_builtin("occurrence"), TAXON)
    assert not is_offered(_builtin("releve"), OCCURRENCE)
    assert is_offered(_builtin("releve"), OCCURRENCE, extra_cores=[OCCURRENCE])


def _edit(extension, *, drop=(), rename=None, issued=date(2030, 1, 1)):
    rename = rename or {}
    props = []
    for p in extension.properties:
        if p.qual_name in drop:
            continue
        if p.qual_name in rename:
            namespace, name = rename[p.qual_name]
            p = cat.Property(
                name=name, namespace=namespace, qual_name=namespace + name, group=p.group
            )
        props.append(p)
    return cat.Extension(
        title=extension.title,
        name=extension.name,
        namespace=extension.namespace,
        row_type=extension.row_type,
        issued=issued,
        properties=tuple(props),
    )


def test_plan_update_finds_removed_renamed_and_added_terms():
    old = _builtin("event")
    dc_type = "http://purl.org/dc/elements/1.1/type"
    rights = "http://purl.org/dc/terms/rights"
    removed = "http://rs.tdwg.org/dwc/terms/fieldNotes"
    new = _edit(old, drop=[removed], rename={dc_type: ("http://purl.org/dc/terms/", "type")})
    old = _edit(old, issued=old.issued)
    old = cat.Extension(
        **{
            **old.__dict__,
            "properties": old.properties
            + (
                cat.Property(
                    name="rights", namespace="http://purl.org/dc/terms/", qual_name=rights
                ),
            ),
        }
    )
    new = cat.Extension(
        **{
            **new.__dict__,
            "properties": new.properties
            + (
                cat.Property(
                    name="license",
                    namespace="http://purl.org/dc/terms/",
                    qual_name="http://purl.org/dc/terms/license",
                ),
                cat.Property(name="brandNew", namespace="x/", qual_name="x/brandNew"),
            ),
        }
    )
    plan = plan_update(old, new)
    assert plan.renamed == {
        dc_type: "http://purl.org/dc/terms/type",
        rights: "http://purl.org/dc/terms/license",
    }
    assert plan.removed == [removed]
    assert plan.added == ["x/brandNew"]
    assert plan.target(removed) is None
    assert (
        plan.target("http://rs.tdwg.org/dwc/terms/eventID")
        == "http://rs.tdwg.org/dwc/terms/eventID"
    )


def test_registry_listing_picks_the_newest_version_per_row_type():
    data = b"""{"extensions": [
      {"url": "http://x/a1.xml", "rowType": "r:A", "issued": "2020-01-01", "isLatest": false},
      {"url": "http://x/a2.xml", "rowType": "r:A", "issued": "2024-01-01", "isLatest": true},
      {"url": "http://x/b.xml", "rowType": "r:B", "title": "B"},
      {"title": "no url"}]}"""
    entries = parse_extension_listing(data)
    assert len(entries) == 3
    latest = latest_by_row_type(entries)
    assert latest["r:A"].url == "http://x/a2.xml"
    assert latest["r:B"].issued_date is None


def test_registry_listing_with_garbage_is_an_error():
    with pytest.raises(cat.CatalogueError) as err:
        parse_extension_listing(b"<html>gateway timeout</html>")
    assert err.value.code == "registry:format"


def test_reference_data_lives_in_the_repository():
    assert TEST_DATA.name == "data" and (TEST_DATA / "PROVENANCE.md").is_file()


def test_builtin_vocabularies_have_distinct_uris():
    uris = [v.uri for v, _ in builtin_vocabularies().values()]
    assert len(uris) == len(set(uris))

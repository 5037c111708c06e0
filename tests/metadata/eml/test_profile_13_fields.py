"""EML 2.2 / profile 1.3 additions: translations, salutation, awards, related projects and
curatorial units are written where the XSD allows them and read back unchanged."""

from __future__ import annotations

from lxml import etree

from metadata.eml.model import (
    Agent,
    Award,
    Collection,
    CuratorialUnit,
    Document,
    KeywordSet,
    Licence,
    LocalText,
    Project,
    Title,
)
from metadata.eml.parse import XML_LANG, parse_eml
from metadata.eml.serialize import from_dict, to_dict
from metadata.eml.validate import validate, validate_xsd
from metadata.eml.write import write_eml
from tests.conftest import TEST_DATA

SCHEMA_13 = TEST_DATA / "schemas/eml-gbif-profile/1.3"
EML = b'<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0" packageId="p" xml:lang="en">'


def base(**values) -> Document:
    ada = Agent(salutation="Dr", given_name="Ada", sur_name="Lovelace", role="pointOfContact")
    return Document(
        **{
            "metadata_language": "en",
            "dataset_type": "occurrence",
            "titles": [Title("Birds")],
            "pub_date": "2024",
            "abstract": ["Counts of birds."],
            "licence": Licence("CC-BY 4.0", "http://creativecommons.org/licenses/by/4.0/legalcode"),
            "creators": [ada],
            "contacts": [ada],
            "date_stamp": "2024-05-01T10:00:00+02:00",
            **values,
        }
    )


def round_trip(doc: Document) -> tuple[Document, etree._Element]:
    data = write_eml(doc, package_id="p")
    assert validate(doc) == []
    assert validate_xsd(data, SCHEMA_13) == []
    return parse_eml(data), etree.fromstring(data)


def test_titles_in_other_languages_follow_the_default_title():
    doc = base(titles=[Title("Oiseaux", "fr"), Title("Birds", "en"), Title("Aves", "es")])
    again, root = round_trip(doc)
    written = [(t.text, t.get(XML_LANG)) for t in root.iterfind("dataset/title")]
    assert written == [("Birds", "en"), ("Oiseaux", "fr"), ("Aves", "es")]
    assert again.title == "Birds" and doc.title == "Birds"
    assert again.titles == [Title("Birds", "en"), Title("Oiseaux", "fr"), Title("Aves", "es")]


def test_abstract_translations_are_sections_with_a_language():
    doc = base(
        abstract=["Counts of birds.", "Twice a year."],
        abstract_translations=[
            LocalText("fr", ["Comptages d'oiseaux."]),
            LocalText("da", ["Fugle.", "To gange."]),
        ],
    )
    again, root = round_trip(doc)
    abstract = root.find("dataset/abstract")
    assert [p.text for p in abstract.findall("para")] == ["Counts of birds.", "Twice a year."]
    assert [s.get(XML_LANG) for s in abstract.findall("section")] == ["fr", "da"]
    assert again.abstract == doc.abstract
    assert again.abstract_translations == doc.abstract_translations


def test_translations_given_as_values_or_paragraphs_with_a_language_are_read():
    data = EML + (
        b"<dataset><title>Birds</title><abstract>"
        b'<para>Counts.<value xml:lang="fr">Comptages.</value></para>'
        b'<para xml:lang="es">Conteos.</para>'
        b"</abstract></dataset></eml:eml>"
    )
    doc = parse_eml(data)
    assert doc.abstract == ["Counts."]
    assert doc.abstract_translations == [
        LocalText("fr", ["Comptages."]),
        LocalText("es", ["Conteos."]),
    ]


def test_keyword_sets_keep_their_order_and_carry_no_language():
    doc = base(keyword_sets=[KeywordSet(["oiseaux"], "N/A"), KeywordSet(["birds"], "GEMET")])
    again, root = round_trip(doc)
    assert root.find("dataset/keywordSet").get(XML_LANG) is None
    assert [k.keywords for k in again.keyword_sets] == [["oiseaux"], ["birds"]]


def test_a_keyword_language_in_plain_eml_is_not_kept():
    data = (
        b'<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0" packageId="p"><dataset>'
        b'<title>T</title><keywordSet><keyword xml:lang="fr">oiseaux</keyword>'
        b"<keywordThesaurus>N/A</keywordThesaurus></keywordSet></dataset></eml:eml>"
    )
    (kws,) = parse_eml(data).keyword_sets
    assert to_dict(kws) == {"keywords": ["oiseaux"], "thesaurus": "N/A"}


def test_a_stored_keyword_language_is_dropped_when_read():
    stored = {"keyword_sets": [{"keywords": ["oiseaux"], "thesaurus": "N/A", "lang": "fr"}]}
    doc = from_dict(stored)
    assert to_dict(doc)["keyword_sets"] == [{"keywords": ["oiseaux"], "thesaurus": "N/A"}]


def test_keyword_set_without_thesaurus_is_written_with_n_a_like_the_ipt():
    root = etree.fromstring(write_eml(base(keyword_sets=[KeywordSet(["birds"])]), package_id="p"))
    assert root.findtext("dataset/keywordSet/keywordThesaurus") == "N/A"


def test_salutation_is_written_in_the_individual_name():
    again, root = round_trip(base())
    name = root.find("dataset/creator/individualName")
    assert [child.tag for child in name] == ["salutation", "givenName", "surName"]
    assert again.creators[0].salutation == "Dr"


def test_awards_and_related_projects_round_trip():
    person = Agent(given_name="Ada", sur_name="Lovelace", role="principalInvestigator")
    award = Award(
        "National Science Foundation",
        ["https://doi.org/10.13039/100000001"],
        "DEB-1234",
        "Bird counts",
        "https://www.nsf.gov/awardsearch/showAward?AWD_ID=1234",
    )
    related = Project(
        title="Atlas 1", identifier="atlas-1", personnel=[person], description=["Earlier."]
    )
    doc = base(
        project=Project(
            title="Atlas",
            identifier="atlas",
            personnel=[person],
            funding=["EU"],
            awards=[award, Award("EU", title="Horizon")],
            study_area="Park",
            design=["Transects."],
            related_projects=[related],
        )
    )
    again, root = round_trip(doc)
    tags = [child.tag for child in root.find("dataset/project")]
    assert tags == [
        "title",
        "personnel",
        "funding",
        "award",
        "award",
        "studyAreaDescription",
        "designDescription",
        "relatedProject",
    ]
    assert again.project == doc.project


def test_related_projects_keep_only_what_the_profile_holds():
    person = Agent(sur_name="Lovelace", role="owner")
    related = Project(title="Atlas 1", personnel=[person], funding=["EU"], study_area="Park")
    again, _root = round_trip(
        base(project=Project(title="Atlas", personnel=[person], related_projects=[related]))
    )
    assert again.project.related_projects == [Project(title="Atlas 1", personnel=[person])]


def test_curatorial_units_are_a_range_or_a_count_with_uncertainty():
    units = [
        CuratorialUnit("Cabinets", start="1", end="10"),
        CuratorialUnit("Drawers", count="50", uncertainty="5"),
    ]
    again, root = round_trip(base(curatorial_units=units))
    written = root.findall("additionalMetadata/metadata/gbif/jgtiCuratorialUnit")
    assert written[0].findtext("jgtiUnitRange/endRange") == "10"
    assert written[1].find("jgtiUnits").get("uncertaintyMeasure") == "5"
    assert again.curatorial_units == units


def test_date_created_is_kept_only_in_the_database():
    again, root = round_trip(base(date_created="2020-01-01"))
    assert b"2020-01-01" not in etree.tostring(root)
    assert again.date_created == ""


def test_collection_identifiers_are_left_out_when_empty():
    again, root = round_trip(base(collections=[Collection("Herbarium")]))
    collection = root.find("additionalMetadata/metadata/gbif/collection")
    assert [child.tag for child in collection] == ["collectionName"]
    assert again.collections == [Collection("Herbarium")]


def test_the_replaced_dataset_is_written_last_as_dc_replaces_and_read_back():
    key = "c47f13c1-7427-45a0-9f12-17d7f8e3f5a4"
    again, root = round_trip(
        base(replaces=key, curatorial_units=[CuratorialUnit("Jars", count="3", uncertainty="0")])
    )
    gbif = root.find("additionalMetadata/metadata/gbif")
    assert gbif[-1].tag == "{http://purl.org/dc/terms/}replaces"
    assert gbif[-1].text == key
    assert again.replaces == key


def test_no_dc_replaces_is_written_when_the_dataset_replaces_none():
    _again, root = round_trip(base())
    assert root.find("additionalMetadata/metadata/gbif/{http://purl.org/dc/terms/}replaces") is None

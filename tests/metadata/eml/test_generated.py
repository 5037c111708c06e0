"""Generated documents that pass validate() are XSD-valid and survive a write/parse trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metadata.eml.model import (
    Agent,
    BoundingBox,
    Citation,
    Document,
    GeographicCoverage,
    KeywordSet,
    Licence,
    Methods,
    Project,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
    Title,
    UserId,
)
from metadata.eml.parse import parse_eml
from metadata.eml.validate import LICENCES, validate, validate_xsd
from metadata.eml.write import write_eml
from tests.conftest import SHARED

SCHEMA_13 = SHARED / "schemas/eml-gbif-profile/1.3"
# Printable text without surrounding whitespace, as the parser strips it.
text = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
texts = st.lists(text, max_size=3)
dates = st.dates().map(lambda d: d.isoformat()).filter(lambda d: len(d) == 10)
coord = st.decimals(-180, 180, places=3).map(str)

agents = st.builds(
    Agent,
    given_name=text,
    sur_name=text,
    organization=st.just("") | text,
    emails=texts,
    delivery_points=texts,
    city=st.just("") | text,
    user_ids=st.lists(st.builds(UserId, directory=text, identifier=text), max_size=2),
)
with_role = st.builds(
    lambda a, r: Agent(**{**a.__dict__, "role": r}), agents, st.sampled_from(["owner", "user"])
)
temporals = st.one_of(
    st.builds(TemporalCoverage, kind=st.just("single"), start=dates),
    st.builds(TemporalCoverage, kind=st.just("range"), start=dates, end=dates),
)
documents = st.builds(
    Document,
    package_id=text,
    metadata_language=st.just("eng"),
    titles=st.lists(st.builds(Title, text=text), min_size=1, max_size=2),
    alternate_identifiers=texts,
    creators=st.lists(agents, min_size=1, max_size=2),
    contacts=st.lists(agents, min_size=1, max_size=2),
    associated_parties=st.lists(with_role, max_size=2),
    pub_date=dates,
    language=text,
    abstract=st.lists(text.filter(lambda t: len(t) >= 5), min_size=1, max_size=3),
    keyword_sets=st.lists(
        st.builds(KeywordSet, keywords=st.lists(text, min_size=1), thesaurus=text), max_size=2
    ),
    licence=st.sampled_from([Licence(code, url) for url, code in LICENCES.items()]),
    geographic_coverages=st.lists(
        st.builds(
            GeographicCoverage,
            description=text,
            bbox=st.builds(BoundingBox, west=coord, east=coord, north=coord, south=coord),
        ),
        max_size=2,
    ),
    temporal_coverages=st.lists(temporals, max_size=2),
    taxonomic_coverages=st.lists(
        st.builds(
            TaxonomicCoverage,
            description=text,
            taxa=st.lists(
                st.builds(Taxon, scientific_name=text, rank=text), min_size=1, max_size=2
            ),
        ),
        max_size=2,
    ),
    methods=st.builds(Methods, steps=st.lists(text, min_size=1, max_size=2), quality_control=texts),
    project=st.builds(
        Project, title=text, personnel=st.lists(with_role, min_size=1, max_size=1), identifier=text
    ),
    date_stamp=st.just("2024-01-01T00:00:00Z"),
    citation=st.builds(Citation, text=text, identifier=text),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_valid_document_is_xsd_valid_and_round_trips(doc):
    assert validate(doc) == []
    data = write_eml(doc, package_id=doc.package_id)
    assert validate_xsd(data, SCHEMA_13) == []
    assert parse_eml(data) == doc

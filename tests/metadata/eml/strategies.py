"""Hypothesis strategies for whole EML documents that the editor's rules accept.

Every model field is covered, in the shapes the profile 1.3 writer keeps: values without
surrounding whitespace (the parser strips it), temporal coverages in EML order, one
paragraph where the profile allows one, and ``date_created`` left empty because profile 1.3
has no place for it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import provisional
from hypothesis import strategies as st

from metadata.eml.model import (
    Agent,
    Award,
    BoundingBox,
    Citation,
    Collection,
    CuratorialUnit,
    Document,
    GeographicCoverage,
    KeywordSet,
    Licence,
    LocalText,
    Maintenance,
    Methods,
    PhysicalData,
    Project,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
    Title,
    UserId,
)
from metadata.eml.validate import LICENCES
from metadata.eml.vocab import DATASET_SUBTYPES, DATASET_TYPES, UPDATE_FREQUENCIES

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
LANGUAGES = ("en", "eng", "fr", "fra", "es", "pt-BR", "da", "zh")
ROLES = ("author", "originator", "metadataProvider", "owner", "pointOfContact", "user")

# Printable text without surrounding whitespace, as the parser strips it.
text = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=20
    )
    .map(str.strip)
    .filter(bool)
)
texts = st.lists(text, max_size=3)
optional = st.just("") | text
one_para = st.lists(text, max_size=1)
dates = st.dates().map(lambda d: d.isoformat())
years = st.integers(1, 9999).map(lambda y: "%04d" % y)
year_dates = dates | years
urls = provisional.urls()
OFFSETS = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30)))
date_stamps = st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)).map(
    lambda d: d.isoformat()
) | st.builds(
    lambda d, tz: d.replace(tzinfo=tz).isoformat(),
    st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)),
    st.sampled_from(OFFSETS),
)
emails = st.emails()
phones = st.from_regex(r"\+?[0-9][0-9 ()/.-]{2,12}[0-9]", fullmatch=True)


def orcid_check(digits: str) -> str:
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def _orcid(digits: str, url: bool) -> str:
    raw = digits + orcid_check(digits)
    bare = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    return "https://orcid.org/" + bare if url else bare


def ror_check(body: str) -> str:
    number = 0
    for char in body:
        number = number * 32 + CROCKFORD.index(char)
    return "%02d" % (98 - (number * 100) % 97)


orcids = st.builds(_orcid, st.from_regex(r"[0-9]{15}", fullmatch=True), st.booleans())
rors = st.from_regex(r"0[0-9a-hjkmnp-tv-z]{6}", fullmatch=True).map(lambda b: b + ror_check(b))
funder_ids = st.one_of(
    st.from_regex(r"(https://doi\.org/)?10\.13039/[0-9]{6,12}", fullmatch=True),
    rors.map(lambda ror: "https://ror.org/" + ror),
)
user_ids = st.one_of(
    st.builds(UserId, directory=st.just("https://orcid.org/"), identifier=orcids),
    st.builds(UserId, directory=st.just("https://ror.org/"), identifier=rors),
    st.builds(UserId, directory=st.just("https://www.wikidata.org/wiki/"), identifier=text),
)


def _agent(sur_name, given_name, salutation, organization, position, **rest) -> Agent:
    """A person (surname, maybe given name and salutation), or an organisation or position."""
    if not (organization or position):
        sur_name = sur_name or "Doe"
    if not sur_name:
        given_name = salutation = ""
    return Agent(
        sur_name=sur_name,
        given_name=given_name,
        salutation=salutation,
        organization=organization,
        position=position,
        **rest,
    )


NO_ROLE = st.just("")


def agents(roles: st.SearchStrategy[str] = NO_ROLE, person: bool = False):
    return st.builds(
        _agent,
        sur_name=text if person else optional,
        given_name=optional,
        salutation=optional,
        organization=optional,
        position=optional,
        delivery_points=texts,
        city=optional,
        administrative_area=optional,
        postal_code=optional,
        country=optional,
        phones=st.lists(phones, max_size=2),
        emails=st.lists(emails, max_size=2),
        online_urls=st.lists(urls, max_size=2),
        user_ids=st.lists(user_ids, max_size=2),
        role=roles,
    )


@st.composite
def titles_and_translations(draw):
    """(metadata language, titles default first, abstract translations in other languages)."""
    language = draw(st.sampled_from(LANGUAGES))
    others = [lang for lang in LANGUAGES if lang != language]
    title_langs = draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
    default = Title(draw(text), draw(st.sampled_from(["", language])))
    titles = [default] + [Title(draw(text), lang) for lang in title_langs]
    abstract_langs = draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
    translations = [
        LocalText(lang, draw(st.lists(text, min_size=1, max_size=2))) for lang in abstract_langs
    ]
    return language, titles, translations


@st.composite
def bboxes(draw):
    north, south = sorted(draw(st.lists(st.decimals(-90, 90, places=4), min_size=2, max_size=2)))
    west = draw(st.decimals(-180, 180, places=3))
    east = draw(st.decimals(-180, 180, places=3))
    return BoundingBox(str(west), str(east), str(south), str(north))


@st.composite
def date_ranges(draw):
    start, end = sorted(draw(st.lists(st.dates(), min_size=2, max_size=2)))
    return TemporalCoverage("range", start=start.isoformat(), end=end.isoformat())


@st.composite
def temporal_lists(draw):
    """Temporal coverages in the order EML holds them: dated ones, formation, living."""
    dated = draw(
        st.lists(
            st.builds(TemporalCoverage, kind=st.just("single"), start=year_dates) | date_ranges(),
            max_size=2,
        )
    )
    formation = draw(
        st.lists(st.builds(TemporalCoverage, kind=st.just("formation"), period=text), max_size=1)
    )
    living = draw(
        st.lists(st.builds(TemporalCoverage, kind=st.just("living"), period=text), max_size=1)
    )
    return dated + formation + living


@st.composite
def curatorial_units(draw):
    unit_type = draw(text)
    if draw(st.booleans()):
        low, high = sorted(draw(st.lists(st.integers(0, 10**6), min_size=2, max_size=2)))
        return CuratorialUnit(unit_type, start=str(low), end=str(high))
    count, uncertainty = draw(st.integers(0, 10**6)), draw(st.integers(0, 1000))
    return CuratorialUnit(unit_type, count=str(count), uncertainty=str(uncertainty))


@st.composite
def methods(draw):
    steps = draw(st.lists(text, max_size=2))
    sampled = draw(st.booleans())
    return Methods(
        steps=steps if steps or not sampled else [draw(text)],
        study_extent=draw(st.lists(text, min_size=1, max_size=2)) if sampled else [],
        sampling_description=[draw(text)] if sampled else [],
        quality_control=draw(texts),
    )


awards = st.builds(
    Award,
    funder_name=text,
    funder_identifiers=st.lists(funder_ids, max_size=2),
    award_number=optional,
    title=text,
    url=st.just("") | urls,
)
related_projects = st.builds(
    Project,
    title=text,
    identifier=optional,
    personnel=st.lists(agents(st.sampled_from(ROLES), person=True), min_size=1, max_size=2),
    description=texts,
)
projects = st.just(Project()) | st.builds(
    Project,
    title=text,
    identifier=optional,
    personnel=st.lists(agents(st.sampled_from(ROLES), person=True), min_size=1, max_size=2),
    description=texts,
    funding=one_para,
    awards=st.lists(awards, max_size=2),
    study_area=optional,
    design=texts,
    related_projects=st.lists(related_projects, max_size=2),
)
maintenances = st.just(Maintenance()) | st.builds(
    Maintenance, description=texts, update_frequency=st.sampled_from(UPDATE_FREQUENCIES)
)
physical = st.builds(
    PhysicalData, name=text, charset=text, format_name=text, format_version=optional, url=urls
)
citations = st.just(Citation()) | st.builds(Citation, text=text, identifier=optional)


@st.composite
def documents(draw):
    """A complete document that the editor's rules accept."""
    language, titles, translations = draw(titles_and_translations())
    return Document(
        package_id=draw(text),
        metadata_language=language,
        titles=titles,
        short_name=draw(optional),
        dataset_type=draw(st.sampled_from(sorted(DATASET_TYPES))),
        dataset_subtype=draw(st.sampled_from(("", *DATASET_SUBTYPES))),
        alternate_identifiers=draw(texts),
        creators=draw(st.lists(agents(), min_size=1, max_size=2)),
        metadata_providers=draw(st.lists(agents(), max_size=2)),
        associated_parties=draw(st.lists(agents(st.sampled_from(ROLES)), max_size=2)),
        contacts=draw(st.lists(agents(), min_size=1, max_size=2)),
        pub_date=draw(year_dates),
        language=draw(optional),
        abstract=draw(st.lists(text.filter(lambda t: len(t) >= 5), min_size=1, max_size=3)),
        abstract_translations=translations,
        keyword_sets=draw(
            st.lists(
                st.builds(
                    KeywordSet, keywords=st.lists(text, min_size=1, max_size=3), thesaurus=text
                ),
                max_size=2,
            )
        ),
        additional_info=draw(one_para),
        licence=draw(st.sampled_from([Licence(code, url) for url, code in LICENCES.items()])),
        distribution_url=draw(st.just("") | urls),
        geographic_coverages=draw(
            st.lists(st.builds(GeographicCoverage, description=text, bbox=bboxes()), max_size=2)
        ),
        temporal_coverages=draw(temporal_lists()),
        taxonomic_coverages=draw(
            st.lists(
                st.builds(
                    TaxonomicCoverage,
                    description=optional,
                    taxa=st.lists(
                        st.builds(Taxon, scientific_name=text, rank=optional, common_name=optional),
                        min_size=1,
                        max_size=2,
                    ),
                ),
                max_size=2,
            )
        ),
        purpose=draw(texts),
        introduction=draw(texts),
        getting_started=draw(texts),
        acknowledgements=draw(texts),
        maintenance=draw(maintenances),
        methods=draw(methods()),
        project=draw(projects),
        date_stamp=draw(date_stamps),
        hierarchy_level=draw(optional),
        citation=draw(citations),
        bibliography=draw(
            st.lists(st.builds(Citation, text=text, identifier=optional), max_size=2)
        ),
        physical_data=draw(st.lists(physical, max_size=2)),
        resource_logo_url=draw(st.just("") | urls),
        collections=draw(
            st.lists(
                st.builds(Collection, name=text, identifier=optional, parent_identifier=optional),
                max_size=2,
            )
        ),
        specimen_preservation_methods=draw(texts),
        curatorial_units=draw(st.lists(curatorial_units(), max_size=2)),
        replaces=draw(optional),
    )

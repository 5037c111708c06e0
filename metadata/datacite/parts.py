"""The parts of a DataCite record (JSON, schema 4.5) that come from the EML document, other
than people: titles, subjects, dates, language, descriptions, rights, geolocations, funding
and the identifiers of related works. Each list item carries the JSON path of its source.
"""

from __future__ import annotations

import math
import re
from functools import cache
from types import ModuleType
from typing import Any

from metadata.eml.citation import type_description
from metadata.eml.identifiers import normalise_doi, normalise_funder_id
from metadata.eml.model import BoundingBox, Document
from metadata.eml.validate.basic import licence_code

from .agents import Item

# Licences the IPT offers: their SPDX identifier and full title (used when EML has no name).
SPDX = {
    "CC0 1.0": ("CC0-1.0", "Creative Commons Zero v1.0 Universal"),
    "CC-BY 4.0": ("CC-BY-4.0", "Creative Commons Attribution 4.0 International"),
    "CC-BY-NC 4.0": (
        "CC-BY-NC-4.0",
        "Creative Commons Attribution Non Commercial 4.0 International",
    ),
}
SPDX_SCHEME_URI = "https://spdx.org/licenses/"
# Methods steps are sent as a Methods description only up to this length: longer protocols
# stay in the EML, which the landing page links to.
METHODS_MAX_CHARS = 4000
# "Name: https://…" thesaurus, as the IPT writes its vocabularies.
_NAMED_URI = re.compile(r"^(?P<name>.*?):\s*(?P<uri>https?://\S+)$")
_NO_THESAURUS = {"", "n/a", "na", "none"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_ISNI = re.compile(r"^(?:https?://isni\.org/isni/)?\d{4} ?\d{4} ?\d{4} ?\d{3}[\dX]$", re.I)
_GRID = re.compile(r"^(?:https?://www\.grid\.ac/institutes/)?grid\.\d+\.[0-9a-f]+$", re.I)


@cache
def _langcodes() -> ModuleType:
    """langcodes, imported on first use (its tables take ~0.1 s to load)."""
    import langcodes

    return langcodes


def language_tag(code: str) -> str:
    """The ISO 639-1 code of an EML language (``eng`` -> ``en``), else its shortest BCP 47
    tag (``gsw``), or "" when ``code`` is not a registered language tag (``lpt1``)."""
    langcodes = _langcodes()
    try:
        tag = str(langcodes.standardize_tag(code.strip(), macro=True))
    except (langcodes.LanguageTagError, ValueError):
        return ""
    if tag in ("und", "zxx", "mis", "mul") or not langcodes.tag_is_valid(tag):
        return ""
    return tag


def _default_title_index(doc: Document) -> int:
    return next(
        (i for i, t in enumerate(doc.titles) if doc.is_default_language(t.lang) and t.text.strip()),
        next((i for i, t in enumerate(doc.titles) if t.text.strip()), 0),
    )


def titles(doc: Document) -> list[Item]:
    """The default title first (language: its own, else the metadata language), then the
    titles in other languages as TranslatedTitle."""
    default = _default_title_index(doc)
    found: list[Item] = []
    for index, title in enumerate(doc.titles):
        text = title.text.strip()
        if not text:
            continue
        item: dict[str, Any] = {"title": text}
        lang = language_tag(title.lang or doc.metadata_language)
        if lang:
            item["lang"] = lang
        if index != default:
            item["titleType"] = "TranslatedTitle"
        found.append((item, "titles[%d]" % index))
    found.sort(key=lambda item: "titleType" in item[0])
    return found


def _scheme(thesaurus: str) -> dict[str, str]:
    value = thesaurus.strip()
    if value.lower() in _NO_THESAURUS:
        return {}
    named = _NAMED_URI.match(value)
    if named and named.group("name").strip():
        return {"subjectScheme": named.group("name").strip(), "schemeUri": named.group("uri")}
    if value.lower().startswith(("http://", "https://")):
        return {"schemeUri": value}
    return {"subjectScheme": value}


def subjects(doc: Document) -> list[Item]:
    """Every keyword, with its thesaurus as subjectScheme (and schemeUri when it names an
    address), in the metadata language."""
    lang = language_tag(doc.metadata_language)
    found: list[Item] = []
    for set_index, keyword_set in enumerate(doc.keyword_sets):
        scheme = _scheme(keyword_set.thesaurus)
        for index, keyword in enumerate(keyword_set.keywords):
            if keyword.strip():
                item = {"subject": keyword.strip(), **scheme, **({"lang": lang} if lang else {})}
                found.append((item, "keyword_sets[%d].keywords[%d]" % (set_index, index)))
    return found


def _date(value: str) -> str:
    value = value.strip()[:10]
    return value if _DATE.match(value) else ""


def dates(doc: Document) -> list[Item]:
    """Created (the EML creation date, else the date stamp), Issued (the publication date of
    this version) and Updated (the same, once the resource was created earlier), and the
    single dates and date ranges of the temporal coverages as Valid, as the IPT does."""
    created = _date(doc.date_created) or _date(doc.date_stamp)
    issued = _date(doc.pub_date)
    found: list[Item] = []
    if created:
        origin = "date_created" if _date(doc.date_created) else "date_stamp"
        found.append(({"date": created, "dateType": "Created"}, origin))
    if issued:
        found.append(({"date": issued, "dateType": "Issued"}, "pub_date"))
        if created and created != issued:
            found.append(({"date": issued, "dateType": "Updated"}, "pub_date"))
    for index, coverage in enumerate(doc.temporal_coverages):
        start, end = _date(coverage.start), _date(coverage.end)
        value = start if coverage.kind == "single" else "%s/%s" % (start, end)
        if start and (coverage.kind == "single" or end):
            found.append(({"date": value, "dateType": "Valid"}, "temporal_coverages[%d]" % index))
    return found


def resource_type(doc: Document) -> dict[str, str]:
    """Dataset, described as GBIF.org names the dataset type ("Sampling event dataset")."""
    return {"resourceTypeGeneral": "Dataset", "resourceType": type_description(doc.dataset_type)}


def _alternate(value: str) -> dict[str, str]:
    doi = normalise_doi(value)
    if doi:
        kind, value = "DOI", doi
    elif value.lower().startswith(("http://", "https://")):
        kind = "URL"
    else:
        kind = "UUID" if _UUID.match(value) else "Local accession number"
    return {"alternateIdentifier": value, "alternateIdentifierType": kind}


def alternate_identifiers(
    doc: Document, *, url: str, gbif_dataset_url: str, doi: str
) -> list[Item]:
    """The resource's address and its GBIF.org page (URL), then the EML alternate
    identifiers (the registry's UUID, older addresses, a DOI GBIF minted), less repeats and
    the record's own DOI."""
    found: list[Item] = []
    seen = {doi.lower()}
    candidates = [(url, "url"), (gbif_dataset_url, "gbif_dataset_url")]
    candidates += [
        (value, "alternate_identifiers[%d]" % index)
        for index, value in enumerate(doc.alternate_identifiers)
    ]
    for value, origin in candidates:
        item = _alternate(value.strip()) if value.strip() else None
        if item and item["alternateIdentifier"].lower() not in seen:
            seen.add(item["alternateIdentifier"].lower())
            found.append((item, origin))
    return found


def bibliography_identifiers(doc: Document) -> list[Item]:
    """Works the EML cites with a DOI or an address, as References (the IPT's relation)."""
    found: list[Item] = []
    for index, citation in enumerate(doc.bibliography):
        identifier = citation.identifier.strip()
        doi = normalise_doi(identifier)
        if doi:
            item = {"relatedIdentifier": doi, "relatedIdentifierType": "DOI"}
        elif identifier.lower().startswith(("http://", "https://")):
            item = {"relatedIdentifier": identifier, "relatedIdentifierType": "URL"}
        else:
            continue
        found.append(({**item, "relationType": "References"}, "bibliography[%d]" % index))
    return found


def rights(doc: Document) -> list[Item]:
    """The licence's name and address, with its SPDX identifier when it is one the IPT
    offers (CC0 1.0, CC-BY 4.0, CC-BY-NC 4.0)."""
    name, url = doc.licence.name.strip(), doc.licence.url.strip()
    spdx = SPDX.get(licence_code(url)) if url else None
    if spdx and not name:
        name = spdx[1]
    if not name:
        return []
    item: dict[str, Any] = {"rights": name}
    if url:
        item["rightsUri"] = url
    if spdx:
        item.update(
            rightsIdentifier=spdx[0], rightsIdentifierScheme="SPDX", schemeUri=SPDX_SCHEME_URI
        )
    return [(item, "licence")]


def _text(paras: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paras if p.strip())


def descriptions(doc: Document) -> list[Item]:
    """The abstract and its translations (Abstract, with languages), and the method steps
    (Methods) when they are short enough to be read in a DOI record."""
    found: list[Item] = []
    abstracts = [(doc.abstract, doc.metadata_language, "abstract")] + [
        (t.paras, t.lang, "abstract_translations[%d]" % i)
        for i, t in enumerate(doc.abstract_translations)
    ]
    for paras, lang, origin in abstracts:
        text = _text(paras)
        if text:
            item = {"description": text, "descriptionType": "Abstract"}
            tag = language_tag(lang or doc.metadata_language)
            found.append(({**item, "lang": tag} if tag else item, origin))
    methods = _text(doc.methods.steps)
    if methods and len(methods) <= METHODS_MAX_CHARS:
        item = {"description": methods, "descriptionType": "Methods"}
        tag = language_tag(doc.metadata_language)
        found.append(({**item, "lang": tag} if tag else item, "methods.steps"))
    return found


def _degrees(value: str) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def geo_box(bbox: BoundingBox) -> dict[str, float] | None:
    """The bounding box as a geoLocationBox when its four sides are numbers, else None
    (range is left to the schema, which reports it)."""
    sides = {
        "westBoundLongitude": _degrees(bbox.west),
        "eastBoundLongitude": _degrees(bbox.east),
        "southBoundLatitude": _degrees(bbox.south),
        "northBoundLatitude": _degrees(bbox.north),
    }
    numbers = {key: value for key, value in sides.items() if value is not None}
    return numbers if len(numbers) == 4 else None


def geo_locations(doc: Document) -> list[Item]:
    """Each geographic coverage: its description as geoLocationPlace, its bounding box."""
    found: list[Item] = []
    for index, coverage in enumerate(doc.geographic_coverages):
        location: dict[str, Any] = {}
        if coverage.description.strip():
            location["geoLocationPlace"] = coverage.description.strip()
        box = geo_box(coverage.bbox)
        if box:
            location["geoLocationBox"] = box
        if location:
            found.append((location, "geographic_coverages[%d]" % index))
    return found


def funder_identifier(value: str) -> dict[str, str]:
    """funderIdentifier and its type: Crossref Funder ID (a 10.13039 DOI), ROR, ISNI, GRID,
    else Other; {} for a blank value."""
    value = value.strip()
    if not value:
        return {}
    canonical = normalise_funder_id(value)
    if canonical:
        kind = "ROR" if canonical.startswith("https://ror.org/") else "Crossref Funder ID"
        return {"funderIdentifier": canonical, "funderIdentifierType": kind}
    kind = "ISNI" if _ISNI.match(value) else "GRID" if _GRID.match(value) else "Other"
    return {"funderIdentifier": value, "funderIdentifierType": kind}


def funding_references(doc: Document) -> list[Item]:
    """The project's awards: funder, its first identifier, award number, title and address."""
    found: list[Item] = []
    for index, award in enumerate(doc.project.awards):
        item: dict[str, Any] = {"funderName": award.funder_name.strip()}
        item.update(funder_identifier(next(iter(award.funder_identifiers), "")))
        for key, value in (("awardNumber", award.award_number), ("awardTitle", award.title)):
            if value.strip():
                item[key] = value.strip()
        if award.url.strip():
            item["awardUri"] = award.url.strip()
        found.append((item, "project.awards[%d]" % index))
    return found

"""Coverage inferred from the mapped data, and the document as it is published.

Inference reads the output rows of the Event, Occurrence and Taxon mappings through the
mapping engine (the rows the archive will hold) with constant memory: a running bounding
box, a running date range and capped taxon counters. The last result is kept on the
resource's metadata record; publication infers afresh.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from catalogue.definitions.offer import EVENT, OCCURRENCE, TAXON
from catalogue.models import Extension
from core.errors import UserError
from core.jobs import JobParams
from core.models import Job
from core.services.jobs import job_create
from metadata import error_codes as codes
from metadata.eml.identifiers import doi_equal, doi_url
from metadata.eml.model import (
    BoundingBox,
    Document,
    GeographicCoverage,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
)
from metadata.models import COVERAGE_PARTS, CoverageMode, ResourceMetadata
from publisher.models import User
from resources.mapping import MappingError
from resources.models import Resource
from resources.services.companion_data import data_resource
from resources.services.mappings import row_type_rows
from resources.services.publication.protected import (
    policy_method_step,
    protected_files,
    publication_policy,
    published_rows,
)
from resources.services.sources import user_error
from resources.sources.errors import SourceError

from .citations import CitationContext, citation_apply
from .coverage_scan import (
    EVENT_DATE,
    LATITUDE,
    LONGITUDE,
    RANKS,
    SCIENTIFIC_NAME,
    YEAR,
    BoxScan,
    DateScan,
    TaxaScan,
)
from .documents import metadata_get, metadata_record, published_dataset_type
from .related import with_companion_note

logger = logging.getLogger(__name__)

METADATA_INFER = "metadata-infer"
PROGRESS_EVERY = 1000
PLACE_TYPES = (EVENT, OCCURRENCE)
TAXON_TYPES = (OCCURRENCE, TAXON)
TAXON_TERMS = {SCIENTIFIC_NAME} | {"http://rs.tdwg.org/dwc/terms/" + r for r in RANKS}
NOTES = {
    "mappings:none": gettext_lazy("Nothing is mapped yet."),
    "geographic:not-mapped": gettext_lazy("decimalLatitude and decimalLongitude are not mapped."),
    "geographic:no-valid-data": gettext_lazy("No row has valid coordinates."),
    "temporal:not-mapped": gettext_lazy("Neither eventDate nor year is mapped."),
    "temporal:no-valid-data": gettext_lazy("No row has a valid date."),
    "taxonomic:not-mapped": gettext_lazy("No taxon name or higher taxon is mapped."),
    "taxonomic:no-valid-data": gettext_lazy("No row names a taxon."),
    "taxonomic:limit-exceeded": gettext_lazy(
        "More than 100 different values of %(rank)s: only the most frequent are kept."
    ),
}


@dataclass
class InferredCoverage:
    """Coverage computed from the data: bounding box, date range, most frequent taxa.

    ``rows`` counts the rows read per row type, ``coordinates`` and ``dates`` the rows that
    had valid ones; ``notes`` holds stable codes explaining what could not be inferred
    (``geographic:not-mapped``, ``taxonomic:limit-exceeded:family``...).
    """

    computed_at: str = ""
    bbox: dict[str, float] | None = None
    start: str = ""
    end: str = ""
    taxa: list[dict] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    coordinates: int = 0
    dates: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The JSON stored on the metadata record and returned by the API."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict | None) -> InferredCoverage:
        """Rebuild a stored result (unknown keys are ignored; nothing stored: empty)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})


def note_message(code: str) -> str:
    """The translated explanation of a note code."""
    base, _sep, rank = code.partition(":limit-exceeded:")
    if rank:
        return str(NOTES["taxonomic:limit-exceeded"]) % {"rank": rank}
    return str(NOTES.get(base, code))


def _guarded(rows: Iterable) -> Iterator:
    try:
        yield from rows
    except MappingError as exc:
        raise UserError(
            exc.template, code=exc.code, details=exc.details, params=exc.params
        ) from exc
    except SourceError as exc:
        raise user_error(exc) from exc


def _notes(mapped: dict[str, bool], box: BoxScan, dates: DateScan, taxa: TaxaScan) -> list:
    if not mapped["any"]:
        return ["mappings:none"]
    notes = []
    for part, found in (("geographic", box.count), ("temporal", dates.count)):
        if not mapped[part]:
            notes.append(part + ":not-mapped")
        elif not found:
            notes.append(part + ":no-valid-data")
    if not mapped["taxonomic"]:
        notes.append("taxonomic:not-mapped")
    elif not taxa.top():
        notes.append("taxonomic:no-valid-data")
    notes += ["taxonomic:limit-exceeded:" + rank for rank in sorted(taxa.overflow)]
    return notes


def _row_sources(resource: Resource) -> Iterator[tuple[str, list[str], Iterable]]:
    """(row type, terms, rows) of each data file coverage is inferred from: the mapped rows,
    or under a sensitivity policy the rows as the archive publishes them (generalised
    places and names, withheld records), so the EML gives away nothing the data do not."""
    if publication_policy(resource) is not None:
        files, _found = protected_files(resource)
        for file in files:
            if file.row_type in (EVENT, OCCURRENCE, TAXON):
                yield file.row_type, file.terms, published_rows(file)
        return
    resource = data_resource(resource)  # a companion's data are its original's
    extensions = Extension.objects.filter(
        row_type__in=(EVENT, OCCURRENCE, TAXON),
        mappings__resource=resource,
        mappings__source__isnull=False,
    ).distinct()
    for extension in extensions.order_by("pk"):
        terms, rows = row_type_rows(resource, extension)
        yield extension.row_type, terms, rows


def _scan(resource: Resource, progress: Callable[[int], None] | None) -> InferredCoverage:
    box, dates, taxa = BoxScan(), DateScan(), TaxaScan()
    mapped = {"any": False, "geographic": False, "temporal": False, "taxonomic": False}
    counts: dict[str, int] = {}
    done = 0
    for row_type, terms, rows in _row_sources(resource):
        geo = row_type in PLACE_TYPES and {LATITUDE, LONGITUDE} <= set(terms)
        when = row_type in PLACE_TYPES and bool({EVENT_DATE, YEAR} & set(terms))
        what = row_type in TAXON_TYPES and bool(TAXON_TERMS & set(terms))
        mapped["any"] = True
        mapped["geographic"] |= geo
        mapped["temporal"] |= when
        mapped["taxonomic"] |= what
        count = 0
        for row in _guarded(rows):
            if geo:
                box.add(row.values.get(LATITUDE, ""), row.values.get(LONGITUDE, ""))
            if when:
                dates.add(row.values)
            if what:
                taxa.add(row.values)
            count += 1
            if progress and (done + count) % PROGRESS_EVERY == 0:
                progress(done + count)
        counts[row_type] = counts.get(row_type, 0) + count
        done += count
    return InferredCoverage(
        computed_at=timezone.now().isoformat(),
        bbox={"west": box.west, "east": box.east, "north": box.north, "south": box.south}
        if box.count
        else None,
        start=dates.start.isoformat() if dates.start else "",
        end=dates.end.isoformat() if dates.end else "",
        taxa=[{"scientific_name": n, "rank": r, "rows": c} for n, r, c in taxa.top()],
        rows=counts,
        coordinates=box.count,
        dates=dates.count,
        notes=_notes(mapped, box, dates, taxa),
    )


def coverage_infer(
    resource: Resource, *, progress: Callable[[int], None] | None = None
) -> InferredCoverage:
    """Infer geographic, temporal and taxonomic coverage from the mapped data and keep the
    result on the resource's metadata record (``inferred``).

    ``progress`` is called with the number of rows read so far. Unreadable sources or broken
    mappings raise ``UserError`` and keep the previous result.
    """
    record = metadata_record(resource)
    inferred = _scan(resource, progress)
    ResourceMetadata.objects.filter(pk=record.pk).update(inferred=inferred.to_json())
    logger.info("Coverage of resource %s inferred from %s", resource.pk, inferred.rows)
    return inferred


def coverage_last(resource: Resource) -> InferredCoverage:
    """The last inferred coverage (empty, with no ``computed_at``, when never inferred)."""
    return InferredCoverage.from_json(metadata_record(resource).inferred)


@dataclass(frozen=True)
class CoverageInferParams(JobParams):
    """The resource whose coverage the ``metadata-infer`` job infers."""

    resource: int


def coverage_infer_start(*, resource: Resource, user: User | None) -> Job:
    """Start a background ``metadata-infer`` job (big data takes a while to read)."""
    params = CoverageInferParams(resource=resource.pk)
    return job_create(
        kind=METADATA_INFER, created_by=user, target=resource, params=params.to_json()
    )


def _number(value: float) -> str:
    return repr(float(value))


def coverage_replace(
    doc: Document, inferred: InferredCoverage, parts: Iterable[str] = COVERAGE_PARTS
) -> Document:
    """``doc`` with each coverage of ``parts`` (geographic, temporal, taxonomic) that could be
    inferred replaced by the inferred one; entered descriptions are kept, the other coverages
    and those that could not be inferred stay as entered."""
    parts = set(parts)
    if "geographic" in parts and inferred.bbox:
        entered = doc.geographic_coverages[0].description if doc.geographic_coverages else ""
        box = BoundingBox(**{side: _number(v) for side, v in inferred.bbox.items()})
        description = entered or _("The area covered by the coordinates in the data.")
        doc.geographic_coverages = [GeographicCoverage(description, box)]
    if "temporal" in parts and inferred.start:
        if inferred.start == inferred.end:
            doc.temporal_coverages = [TemporalCoverage("single", start=inferred.start)]
        else:
            doc.temporal_coverages = [TemporalCoverage("range", inferred.start, inferred.end)]
    if "taxonomic" in parts and inferred.taxa:
        entered = doc.taxonomic_coverages[0].description if doc.taxonomic_coverages else ""
        taxa = [Taxon(t["scientific_name"], t["rank"]) for t in inferred.taxa]
        doc.taxonomic_coverages = [TaxonomicCoverage(entered, taxa)]
    return doc


def coverage_modes(resource: Resource) -> dict[str, str]:
    """The published mode (entered or inferred) of each coverage, by part."""
    record = metadata_record(resource)
    return {part: getattr(record, part + "_coverage_mode") for part in COVERAGE_PARTS}


def metadata_for_publication(
    resource: Resource, *, version: str, publisher: str, url: str, pub_date: date, doi: str = ""
) -> Document:
    """The document to publish as ``version``: the working metadata with ``pub_date``, the
    packageId ``<uuid>/v<version>``, the resource's dataset type (``published_dataset_type``),
    the generated citation when ``citation_auto`` (year of ``pub_date``; identifier: the
    citation identifier, else ``url``) and each coverage whose mode is "inferred" inferred
    afresh from the data.

    With the resource's ``doi`` (issue #23), as the IPT writes it: the packageId is the DOI,
    the citation identifier its https://doi.org/ URL, which is also the second alternate
    identifier; a different identifier the manager had entered is kept as an alternate one.

    A resource with an access-limited companion, and the companion, say so in the additional
    information (``metadata.services.related``)."""
    record = metadata_record(resource)
    doc = metadata_get(resource)
    doc.pub_date = pub_date.isoformat()
    doc.package_id = f"{record.package_id}/v{version}"
    doc.alternate_identifiers = _with_resource_url(doc.alternate_identifiers, resource, url)
    if doi:
        _with_doi(doc, doi)
    doc.dataset_type = published_dataset_type(resource)
    doc.additional_info = with_companion_note(doc.additional_info, resource)
    context = CitationContext(version, publisher, pub_date.year, url)
    doc = citation_apply(resource, doc, context=context)
    inferred = [p for p, mode in coverage_modes(resource).items() if mode == CoverageMode.INFERRED]
    if inferred:
        doc = coverage_replace(doc, coverage_infer(resource), inferred)
    step = policy_method_step(resource)
    if step:
        doc.methods.steps.append(step)
    return doc


def _with_doi(doc: Document, doi: str) -> None:
    link = doi_url(doi)
    entered = doc.citation.identifier.strip()
    if entered and not doi_equal(entered, doi):
        doc.alternate_identifiers.append(entered)
    doc.citation.identifier = link
    doc.package_id = doi
    others = [i for i in doc.alternate_identifiers if not doi_equal(i, doi)]
    doc.alternate_identifiers = [*others[:1], link, *others[1:]]


def _with_resource_url(identifiers: list[str], resource: Resource, url: str) -> list[str]:
    """The resource's page URL first (as the IPT adds it), replacing one written under an
    earlier base URL, so a changed base URL reaches the EML at the next publication."""
    page = url.split("&v=", 1)[0]
    pattern = re.compile(r"/resource(?:\.do)?\?r=%s$" % re.escape(resource.shortname))
    kept = [i for i in identifiers if i != page and not pattern.search(i)]
    return [page, *kept]


def _checked_mode(field: str, mode: str) -> str:
    if mode not in CoverageMode.values:
        raise UserError(
            gettext_noop("Unknown coverage mode %(mode)s."),
            params={"mode": mode},
            code=codes.METADATA_SETTINGS,
            details={"field": field, "allowed": list(CoverageMode.values)},
        )
    return mode


@transaction.atomic
def metadata_settings_update(
    resource: Resource,
    *,
    citation_auto: bool | None = None,
    coverage_mode: str | None = None,
    geographic_coverage_mode: str | None = None,
    temporal_coverage_mode: str | None = None,
    taxonomic_coverage_mode: str | None = None,
    user: User | None,
) -> ResourceMetadata:
    """Switch the generated citation and the published mode (entered or inferred) of each
    coverage; ``coverage_mode`` sets all three (exports made before each coverage had its
    own). Arguments left None are unchanged; an unknown mode is a ``UserError``."""
    record = metadata_record(resource)
    given = {
        "geographic": geographic_coverage_mode,
        "temporal": temporal_coverage_mode,
        "taxonomic": taxonomic_coverage_mode,
    }
    for part in COVERAGE_PARTS:
        field, mode = part + "_coverage_mode", given[part]
        if mode is not None:
            setattr(record, field, _checked_mode(field, mode))
        elif coverage_mode is not None:
            setattr(record, field, _checked_mode("coverage_mode", coverage_mode))
    if citation_auto is not None:
        record.citation_auto = bool(citation_auto)
    record.modified_by = user
    fields = [p + "_coverage_mode" for p in COVERAGE_PARTS]
    record.save(update_fields=["citation_auto", *fields, "modified_by", "modified"])
    return record

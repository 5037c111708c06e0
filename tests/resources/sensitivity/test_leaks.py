"""Issue 24 end to end, on real data: the exotic mosquito surveillance of Belgium (Event core,
Occurrence extension, events with coordinates and localities). Two taxa are declared
sensitive, the resource is published publicly, and every published output is searched for
what the policy protects: the original coordinates and localities of the events holding an
occurrence of the taxon whose coordinates are generalised, and the full name of the taxon
whose identification is generalised. The originals are read from the source files here.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.test import Client
from dwca.read import DwCAReader

from catalogue.models import Extension
from core.jobs.executor import execute
from core.models import JobStatus
from metadata.models import CoverageMode
from metadata.services.coverage import metadata_settings_update
from metadata.services.documents import metadata_get, metadata_save, metadata_validate
from metadata.services.io import metadata_import
from resources.models import Resource, Version, VersionFacts, Visibility
from resources.portal.documents import version_document, version_summary
from resources.sensitivity.edits import year_month
from resources.services.mappings import mapping_create
from resources.services.publication import version_path
from resources.services.publication.start import validation_start
from resources.services.publication.validation import latest_validation
from resources.services.resources import resource_create
from resources.services.sensitivity import policy_update
from resources.services.visibility import resource_visibility_change
from tests.conftest import TEST_DATA
from tests.resources.publication.conftest import add_sources, publish_inline, valid_metadata

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"
ARCHIVE = (
    TEST_DATA
    / "datasets"
    / "event"
    / "exotic-mosquito-surveillance-belgium"
    / "dwca-exotic-mosquito-surveillance-belgium.zip"
)
PLACE_TAXON = "Aedes koreicus"  # coordinates to the 0.1° grid (the default action)
NAME_TAXON = "Anopheles plumbeus"  # identification generalised to the genus
POLICY = {
    "default": {"kind": "coordinates", "grid": "0.1"},
    "taxa": [
        {"name": PLACE_TAXON},
        {"name": NAME_TAXON, "action": {"kind": "identification", "rank": "genus"}},
    ],
}
SHORTNAME = "mosquitoes"
NUMBER = r"(?<![\d.]){}(?!\d)"  # a coordinate as written, not part of a longer number


# --- the source, read independently of the engine ----------------------------------------------


def _table(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class Source:
    """The two data files of the real archive, and what the policy should protect in them."""

    files: dict[str, bytes]
    events: dict[str, dict[str, str]] = field(default_factory=dict)
    occurrences: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls) -> Source:
        with zipfile.ZipFile(ARCHIVE) as zf:
            files = {name: zf.read(name) for name in ("event.txt", "occurrence.txt", "eml.xml")}
        source = cls(files)
        source.events = {e["id"]: e for e in _table(files["event.txt"])}
        source.occurrences = _table(files["occurrence.txt"])
        return source

    def holding(self, name: str) -> set[str]:
        """Ids of the events holding an occurrence of ``name``."""
        return {o["id"] for o in self.occurrences if o["scientificName"] == name}

    def sensitive_places(self) -> set[tuple[str, str]]:
        """(latitude, longitude) as written of the events holding the place taxon, and of its
        occurrences that give their own."""
        places = {
            (self.events[i]["decimalLatitude"], self.events[i]["decimalLongitude"])
            for i in self.holding(PLACE_TAXON)
        }
        places |= {
            (o["decimalLatitude"], o["decimalLongitude"])
            for o in self.occurrences
            if o["scientificName"] == PLACE_TAXON and o["decimalLatitude"]
        }
        return places

    def sensitive_coordinates(self) -> set[str]:
        return {value for place in self.sensitive_places() for value in place if value}

    def sensitive_localities(self) -> set[str]:
        return {
            self.events[i]["locality"].strip()
            for i in self.holding(PLACE_TAXON)
            if self.events[i]["locality"].strip()
        }

    def counts(self) -> dict[str, tuple[int, int]]:
        """(generalised, withheld) per taxon: every occurrence of the place taxon is
        generalised; one of the name taxon is withheld only when it gives no genus."""
        place = [o for o in self.occurrences if o["scientificName"] == PLACE_TAXON]
        named = [o for o in self.occurrences if o["scientificName"] == NAME_TAXON]
        with_genus = sum(1 for o in named if o["genus"].strip())
        return {
            PLACE_TAXON: (len(place), 0),
            NAME_TAXON: (with_genus, len(named) - with_genus),
        }


@pytest.fixture
def manager(manager_user):
    return manager_user


@pytest.fixture(scope="module")
def source() -> Source:
    found = Source.read()
    # The test means something only if the taxa are spread over several events.
    assert len(found.holding(PLACE_TAXON)) > 5 and len(found.holding(NAME_TAXON)) > 5
    assert found.sensitive_localities()
    return found


def _resource(
    manager, source: Source, *, separate_events: bool = False, default: dict | None = None
) -> Resource:
    resource = resource_create(shortname=SHORTNAME, creator=manager, title="Exotic mosquitoes")
    add_sources(resource, {n: source.files[n] for n in ("event.txt", "occurrence.txt")})
    sources = {s.filename: s for s in resource.sources.all()}
    for name, row_type in (("event.txt", "Event"), ("occurrence.txt", "Occurrence")):
        extension = Extension.objects.get(row_type=DWC + row_type)
        mapping_create(resource=resource, source=sources[name], extension=extension)
    metadata_import(resource, data=source.files["eml.xml"], user=manager)
    valid_metadata(resource)
    doc = metadata_get(resource)
    doc.pub_date = ""
    metadata_save(resource, doc)
    assert metadata_validate(resource) == []
    metadata_settings_update(resource, coverage_mode=CoverageMode.INFERRED, user=manager)
    policy_update(
        resource=resource,
        user=manager,
        data={
            **POLICY,
            "separate_events": separate_events,
            "default": default or POLICY["default"],
        },
    )
    resource_visibility_change(resource=resource, user=manager, visibility=Visibility.PUBLIC)
    return resource


def _published(resource: Resource, manager) -> Version:
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message)
    resource.refresh_from_db()
    return resource.versions.get()


def _body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def _zip_members(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist()}


def _outputs(version: Version) -> dict[str, str]:
    """Everything published of ``version`` that anyone may read, as text."""
    client = Client()
    r = SHORTNAME
    found = {
        "archive.do/" + name: text
        for name, text in _zip_members(_body(client.get("/archive.do", {"r": r}))).items()
    }
    package = _zip_members(_body(client.get("/datapackage.do", {"r": r})))
    assert {"event.csv", "occurrence.csv", "datapackage.json"} <= set(package)
    found.update({"datapackage.do/" + name: text for name, text in package.items()})
    for url in (
        "/eml.do?r=%s" % r,
        "/rtf.do?r=%s" % r,
        "/resource?r=%s" % r,
        "/resource?r=%s&v=1.0" % r,
        "/resource/citation?r=%s&format=csl" % r,
        "/publicationlog.do?r=%s" % r,
        "/rss.do",
        "/rss?r=%s" % r,
        "/dcat",
        "/inventory/dataset",
        "/inventory/v2/dataset",
        "/sitemap.xml",
        "/?q=Anopheles",
        "/?q=koreicus",
    ):
        found[url] = _body(client.get(url)).decode("utf-8", "replace")
    summary = version_summary(version)
    assert summary is not None and summary.points
    found["portal summary"] = json.dumps(summary.to_dict(), ensure_ascii=False)
    found["search facts"] = VersionFacts.objects.get(version=version).text
    eml = version_path(version, "eml")
    assert eml is not None
    found["eml file"] = eml.read_text(encoding="utf-8")
    return found


def _leaks(outputs: dict[str, str], numbers: set[str], texts: set[str]) -> list[str]:
    """``where: what`` for each original value found in an output (entities and escapes of
    pages and feeds undone first)."""
    patterns = {n: re.compile(NUMBER.format(re.escape(n))) for n in numbers}
    found = []
    for where, raw in outputs.items():
        text = html.unescape(raw)
        low = text.casefold()
        found += ["%s: %s" % (where, n) for n, p in patterns.items() if p.search(text)]
        found += ["%s: %s" % (where, t) for t in texts if t.casefold() in low]
    return found


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "default",
    [
        POLICY["default"],
        {"kind": "fields", "fields": ["locality", "decimalLatitude", "decimalLongitude"]},
    ],
    ids=["coordinates", "fields"],
)
def test_no_published_output_gives_away_a_sensitive_place_or_name(
    manager, data_dir, source, default
):
    version = _published(_resource(manager, source, default=default), manager)
    outputs = _outputs(version)

    coordinates = source.sensitive_coordinates()
    localities = source.sensitive_localities()
    assert len(coordinates) > 10 and len(outputs) > 15
    names = {NAME_TAXON, NAME_TAXON.split()[1]}  # the epithet alone names it too
    assert _leaks(outputs, coordinates, localities | names) == []
    # The search finds the resource by what is published, not by the withheld name.
    listed = 'href="/resource?r=%s"' % SHORTNAME
    assert listed in outputs["/?q=Anopheles"] and listed in outputs["/?q=koreicus"]
    assert listed not in _body(Client().get("/?q=plumbeus")).decode()
    # The scan can find what it looks for: the source itself is full of it.
    original = {"source/" + n: d.decode("utf-8") for n, d in source.files.items()}
    assert _leaks(original, coordinates, localities | names)


def test_events_without_a_sensitive_occurrence_keep_full_precision(manager, data_dir, source):
    version = _published(_resource(manager, source), manager)
    events = _events_published(version)

    places = source.sensitive_places()
    localities = {t.casefold() for t in source.sensitive_localities()}
    touched = source.holding(PLACE_TAXON)
    apart = [
        e
        for i, e in source.events.items()
        if i not in touched
        and (e["decimalLatitude"], e["decimalLongitude"]) not in places
        and e["locality"].strip().casefold() not in localities
        and e["decimalLatitude"]
    ]
    assert len(apart) > 100
    kept = [e for e in apart if _place(events[e["id"]]) == _place(e)]
    assert len(kept) == len(apart)
    assert all(not events[e["id"]]["dataGeneralizations"] for e in apart)
    # The events of the place taxon are generalised, and say so.
    for event_id in touched:
        published = events[event_id]
        assert _place(published) not in places, event_id
        assert published["dataGeneralizations"].startswith("Sensitive species:")


def _place(row: dict[str, str]) -> tuple[str, str]:
    return row["decimalLatitude"], row["decimalLongitude"]


def _events_published(version: Version) -> dict[str, dict[str, str]]:
    archive = version_path(version, "archive")
    assert archive is not None
    with zipfile.ZipFile(archive) as zf:
        return {e["id"]: e for e in _table(zf.read("event.txt"))}


def test_the_report_counts_what_the_source_holds(manager, data_dir, source):
    resource = _resource(manager, source)
    version = _published(resource, manager)

    section = version.report["sensitivity"]
    counts = {t["name"]: (t["generalised"], t["withheld"]) for t in section["taxa"]}
    assert counts == source.counts()
    assert section["occurrences"] == len(source.occurrences)
    assert section["events_direct"] == len(source.holding(PLACE_TAXON))
    assert section["events_generalised"] >= section["events_direct"]
    client = Client()
    client.force_login(manager)
    page = client.get("/manage/resources/%s/versions/1.0/report/" % SHORTNAME)
    assert page.status_code == 200
    card = page.content.decode()
    assert 'data-testid="sensitivity"' in card
    assert "<em>%s</em>" % PLACE_TAXON in card and "<em>%s</em>" % NAME_TAXON in card


def test_a_validation_stores_the_same_section_before_anything_is_published(
    manager, data_dir, source
):
    resource = _resource(manager, source)
    job = validation_start(resource=resource, user=manager, enqueue=False)
    execute(str(job.pk))
    job.refresh_from_db()

    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert not resource.versions.exists()
    validated = latest_validation(resource).report["sensitivity"]
    counts = {t["name"]: (t["generalised"], t["withheld"]) for t in validated["taxa"]}
    assert counts == source.counts()
    published = _published(resource, manager).report["sensitivity"]
    assert {k: v for k, v in validated.items() if k != "seconds"} == {
        k: v for k, v in published.items() if k != "seconds"
    }


def test_the_eml_describes_the_policy_and_its_box_has_no_sensitive_bound(manager, data_dir, source):
    version = _published(_resource(manager, source), manager)
    doc = version_document(version)

    assert doc is not None
    steps = [s for s in doc.methods.steps if s.startswith("Sensitive species:")]
    assert len(steps) == 1 and PLACE_TAXON not in steps[0] and NAME_TAXON not in steps[0]
    assert len(doc.geographic_coverages) == 1
    box = doc.geographic_coverages[0].bbox
    bounds = [float(v) for v in (box.west, box.south, box.east, box.north)]
    originals = {float(v) for v in source.sensitive_coordinates()}
    assert not set(bounds) & originals
    # The box is the data's, inferred: it is within Belgium, not the entered world box.
    assert 2 < bounds[0] < bounds[2] < 7 and 49 < bounds[1] < bounds[3] < 52


def test_separate_events_move_the_sensitive_occurrences_to_generated_events(
    manager, data_dir, source
):
    version = _published(_resource(manager, source, separate_events=True), manager)
    archive = version_path(version, "archive")
    assert archive is not None

    events = _events_published(version)
    with zipfile.ZipFile(archive) as zf:
        occurrences = _table(zf.read("occurrence.txt"))
    touched = source.holding(PLACE_TAXON)
    moved = [o for o in occurrences if o["scientificName"] == PLACE_TAXON]
    assert len(moved) == source.counts()[PLACE_TAXON][0]
    assert all(o["id"].startswith("generalised-") for o in moved)
    assert all(o["eventID"] == o["id"] for o in moved)
    own = {_place(o) for o in source.occurrences if o["scientificName"] == PLACE_TAXON}
    assert ("", "") in own and len(own) > 5  # some give their own place, others do not
    assert not {_place(o) for o in moved} & (own - {("", "")})
    generated = {o["id"] for o in moved}
    assert len(generated) == len(touched)
    places = source.sensitive_places()
    for event_id in generated:
        assert _place(events[event_id]) not in places
        assert not events[event_id]["locality"] and not events[event_id].get("parentEventID")
    # The original events keep their original place; no sensitive occurrence is left there.
    for event_id in touched:
        assert _place(events[event_id]) == _place(source.events[event_id])
        assert not events[event_id]["dataGeneralizations"]
    assert not any(o["id"] in touched and o["scientificName"] == PLACE_TAXON for o in occurrences)
    assert version.report["sensitivity"]["generated_events"] == len(touched)
    with DwCAReader(str(archive)) as dwca:
        core_ids = {row.id for row in dwca}
        linked = sum(len(row.extensions) for row in dwca)
    assert core_ids == set(events)
    assert all(o["id"] in core_ids for o in occurrences)
    assert linked == len(occurrences)


# What a generated event shares with its precise original without giving its place away.
NOT_COMPARED = {"id", "eventID", "decimalLatitude", "decimalLongitude"}
NOT_COMPARED |= {"coordinateUncertaintyInMeters", "dataGeneralizations", "informationWithheld"}


def _as_copied(term: str, value: str) -> str:
    """A precise event's value as its generated copy would give it (dates cut)."""
    return year_month(value) if term == "eventDate" else value


def test_a_generated_event_cannot_be_matched_to_its_precise_original(manager, data_dir, source):
    version = _published(_resource(manager, source, separate_events=True), manager)
    events = _events_published(version).values()
    generated = [e for e in events if e["id"].startswith("generalised-")]
    precise = [e for e in events if not e["id"].startswith("generalised-")]

    def candidates(copy: dict[str, str]) -> list[dict[str, str]]:
        lat, lon = float(copy["decimalLatitude"]), float(copy["decimalLongitude"])
        shared = {k: v for k, v in copy.items() if v and k not in NOT_COMPARED}
        return [
            e
            for e in precise
            if e["decimalLatitude"]
            and abs(float(e["decimalLatitude"]) - lat) <= 0.05
            and abs(float(e["decimalLongitude"]) - lon) <= 0.05
            and all(_as_copied(k, e.get(k, "")) == v for k, v in shared.items())
        ]

    assert len(generated) == len(source.holding(PLACE_TAXON))
    assert all(candidates(e) for e in generated)  # each copies an event in its cell
    assert [e["id"] for e in generated if len(candidates(e)) == 1] == []

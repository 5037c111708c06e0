"""The daily check covers vocabularies: a newer version in the registry is flagged, its page
lists the mappings it affects, and the update installs it, against a local registry."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from catalogue.models import Extension, Origin, RegistryListing, Vocabulary
from catalogue.selectors import vocabulary_for_link
from catalogue.services import vocabularies as service
from catalogue.services.vocabularies import (
    vocabularies_check_updates,
    vocabulary_update,
    vocabulary_update_preview,
)
from core.errors import AppError, UserError
from core.jobs.executor import execute
from core.models import Job
from resources.models import ExtensionMapping, FieldMapping
from tests import fake_http
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"
BASIS = DWC + "basisOfRecord"
BASIS_URI = "http://rs.tdwg.org/dwc/dwctype/"
BASIS_LINK = "http://rs.gbif.org/vocabulary/dwc/basis_of_record_2024-02-19.xml"
NEWER = TEST_DATA / "vocabularies" / "edited" / "basis_of_record_2026-11-30.xml"
SEX_URI = "http://rs.gbif.org/vocabulary/gbif/sex"


class Thesauri(fake_http.FakeServer):
    """The registry's ``/registry/thesauri.json`` and the vocabulary files it lists."""

    MALFORMED: ClassVar[dict[str, tuple[int, bytes, str]]] = {
        "json": (200, b'{"thesauri": [', "application/json"),
        "shape": (200, b'{"extensions": []}', "application/json"),
    }
    FAULTS: ClassVar[tuple[str, ...]] = (*fake_http.FakeServer.FAULTS, *MALFORMED)
    HANG_LIMIT: ClassVar[float] = 5.0

    def _served(self, request: fake_http.Recorded) -> fake_http.Reply:
        if request.path == "/registry/thesauri.json":
            return fake_http.Reply(200, json.dumps(self.listing()).encode(), "application/json")
        if request.path == "/vocabulary/dwc/basis_of_record_2026-11-30.xml":
            return fake_http.Reply(200, NEWER.read_bytes(), "application/xml")
        return fake_http.Reply(404)

    def listing(self) -> dict:
        return {
            "thesauri": [
                {
                    "identifier": BASIS_URI,
                    "title": "Darwin Core Basis of Record Vocabulary",
                    "issued": "2026-11-30",
                    "url": self.url + "/vocabulary/dwc/basis_of_record_2026-11-30.xml",
                },
                {  # the installed version: nothing to do
                    "identifier": SEX_URI,
                    "issued": "2015-02-13",
                    "url": self.url + "/vocabulary/gbif/sex.xml",
                },
                {"identifier": "http://example.org/no-url"},
            ]
        }


@pytest.fixture
def registry(settings):
    server = Thesauri().start()
    settings.VOCABULARIES_REGISTRY_URL = server.url + "/registry/thesauri.json"
    yield server
    server.stop()


@pytest.fixture
def mapped():
    """Two resources mapping basisOfRecord: one translates a value to MachineObservation
    (removed by the newer version), the other fixes the value at it."""
    occurrence = Extension.objects.get(row_type=DWC + "Occurrence")
    translated = ExtensionMapping.objects.create(
        resource=ResourceFactory(shortname="pond-survey"), extension=occurrence
    )
    FieldMapping.objects.create(
        mapping=translated,
        term=BASIS,
        column="basis",
        translations={"camera": "MachineObservation", "seen": "HumanObservation"},
    )
    fixed = ExtensionMapping.objects.create(
        resource=ResourceFactory(shortname="trap-line"), extension=occurrence
    )
    FieldMapping.objects.create(mapping=fixed, term=BASIS, constant="Machine observation")
    return translated, fixed


def _basis() -> Vocabulary:
    return Vocabulary.objects.get(uri=BASIS_URI)


def _identifiers(vocabulary: Vocabulary) -> list[str]:
    return list(vocabulary.concepts.values_list("identifier", flat=True))


def test_the_check_flags_a_newer_vocabulary_and_reads_it(registry):
    assert vocabularies_check_updates() == {"listed": 2, "updates": 1, "error": False}
    basis = _basis()
    assert basis.update_available and str(basis.latest_issued) == "2026-11-30"
    assert basis.latest_url.endswith("/basis_of_record_2026-11-30.xml")
    assert not Vocabulary.objects.get(uri=SEX_URI).update_available
    assert "MachineObservation" in _identifiers(basis)  # nothing installed yet
    vocabularies_check_updates()  # the same version again is not downloaded again
    assert len(registry.calls("GET", "/vocabulary/")) == 1


def test_the_preview_names_the_mappings_the_update_affects(registry, mapped):
    vocabularies_check_updates()
    preview = vocabulary_update_preview(_basis())
    assert preview["removed_concepts"] == ["MachineObservation"]
    assert preview["added_concepts"] == ["SensorObservation"]
    translated, fixed = mapped
    assert preview["mappings"] == [
        {
            "resource": "pond-survey",
            "mapping": translated.pk,
            "extension": "Darwin Core Occurrence",
            "term": BASIS,
            "translations": [
                {
                    "value": "camera",
                    "target": "MachineObservation",
                    "concept": "MachineObservation",
                    "now": "",
                }
            ],
            "values": [],
        },
        {
            "resource": "trap-line",
            "mapping": fixed.pk,
            "extension": "Darwin Core Occurrence",
            "term": BASIS,
            "translations": [],
            "values": [
                {
                    "field": "constant",
                    "value": "Machine observation",
                    "concept": "MachineObservation",
                    "now": "",
                }
            ],
        },
    ]


def test_the_update_installs_the_new_concepts_and_keeps_the_report(registry, mapped):
    vocabularies_check_updates()
    report = vocabulary_update(vocabulary=_basis())
    basis = _basis()
    assert str(basis.issued) == "2026-11-30" and basis.origin == Origin.REGISTRY
    assert "SensorObservation" in _identifiers(basis)
    assert "MachineObservation" not in _identifiers(basis)
    assert not basis.update_available and basis.latest_preview == {}
    assert report["from_issued"] == "2024-02-19" and report["to_issued"] == "2026-11-30"
    assert [m["resource"] for m in report["mappings"]] == ["pond-survey", "trap-line"]
    assert basis.last_update_report == report
    # The Occurrence core's thesaurus link still finds it.
    assert vocabulary_for_link(BASIS_LINK) == basis
    with pytest.raises(UserError) as err:
        vocabulary_update(vocabulary=basis)
    assert err.value.code == "vocabulary:no-update"


@pytest.mark.parametrize(
    "fault",
    [
        ("5xx", {"status": 503}, "503"),
        ("json", {}, "invalid JSON"),
        ("shape", {}, "no 'thesauri' list"),
        ("hang", {}, "127.0.0.1"),
    ],
    ids=lambda f: f[0],
)
def test_a_failing_registry_leaves_the_vocabularies_as_they_are(registry, monkeypatch, fault):
    vocabularies_check_updates()  # an update is known before the registry fails
    mode, options, reported = fault
    monkeypatch.setattr(service, "LISTING_TIMEOUT", 1.0)
    registry.fault(mode, "GET", "/registry/thesauri.json", **options)
    assert vocabularies_check_updates() == {"listed": 0, "updates": 0, "error": True}
    registry.release()
    basis = _basis()
    assert str(basis.issued) == "2024-02-19" and "MachineObservation" in _identifiers(basis)
    assert basis.update_available  # the last good answer still stands
    listing = RegistryListing.objects.get(kind="vocabularies")
    assert reported in listing.error
    assert len(listing.entries) == 2  # the last good list; its entry without a URL is skipped


def test_a_newer_version_that_cannot_be_read_is_tried_again_at_the_next_check(
    registry, admin_client
):
    registry.fault("5xx", "GET", "/vocabulary/", status=502, times=1)
    vocabularies_check_updates()
    basis = _basis()
    assert basis.update_available and "502" in vocabulary_update_preview(basis)["error"]
    page = admin_client.get("/admin/vocabularies/%d/" % basis.pk).content.decode()
    assert 'data-testid="preview-error"' in page
    vocabularies_check_updates()
    assert vocabulary_update_preview(_basis())["removed_concepts"] == ["MachineObservation"]


def test_an_update_whose_file_fails_changes_nothing(registry):
    vocabularies_check_updates()
    registry.fault("5xx", "GET", "/vocabulary/", status=502)
    with pytest.raises(AppError):
        vocabulary_update(vocabulary=_basis())
    registry.clear_faults()
    registry.fault("json", "GET", "/vocabulary/")  # not XML at all
    with pytest.raises(UserError):
        vocabulary_update(vocabulary=_basis())
    basis = _basis()
    assert str(basis.issued) == "2024-02-19" and basis.update_available
    assert "MachineObservation" in _identifiers(basis)


def test_a_file_of_another_vocabulary_is_refused(registry):
    vocabularies_check_updates()
    basis = _basis()
    basis.latest_url = registry.url + "/vocabulary/gbif/sex.xml"
    basis.save()
    sex = (TEST_DATA / "vocabularies" / "vocabulary" / "gbif" / "sex.xml").read_bytes()
    registry._served = lambda request: fake_http.Reply(200, sex, "application/xml")
    with pytest.raises(UserError) as err:
        vocabulary_update(vocabulary=basis)
    assert err.value.code == "vocabulary:mismatch"
    assert "MachineObservation" in _identifiers(_basis())


def test_the_check_job_covers_vocabularies(registry, settings):
    settings.EXTENSIONS_REGISTRY_URL = registry.url + "/registry/extensions.json"  # 404
    job = Job.objects.create(kind="extensions-check")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result["vocabularies"] == {"listed": 2, "updates": 1, "error": False}
    assert job.result["error"] is True


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admins_see_the_update_and_the_affected_mappings_before_applying(
    registry, mapped, admin_client
):
    vocabularies_check_updates()
    basis = _basis()
    listing = admin_client.get("/admin/extensions/").content.decode()
    assert 'data-uri="%s"' % BASIS_URI in listing
    assert "/admin/vocabularies/%d/" % basis.pk in listing
    page = admin_client.get("/admin/vocabularies/%d/" % basis.pk).content.decode()
    assert 'data-testid="update-button"' in page
    assert "<code>MachineObservation</code>" in page and "<code>SensorObservation</code>" in page
    assert "pond-survey" in page and "trap-line" in page
    assert "<code>camera</code> → <code>MachineObservation</code>" in page
    assert "Constant <code>Machine observation</code>" in page


def test_the_update_job_applies_it_and_reports_the_affected_mappings(
    registry, mapped, admin_client
):
    vocabularies_check_updates()
    basis = _basis()
    response = admin_client.post("/admin/vocabularies/%d/update/" % basis.pk)
    job = Job.objects.get(kind="vocabulary-update")
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error_message
    report = job.result["report"]
    assert report["removed_concepts"] == ["MachineObservation"]
    assert [(m["resource"], m["term"]) for m in report["mappings"]] == [
        ("pond-survey", BASIS),
        ("trap-line", BASIS),
    ]
    job_page = admin_client.get("/jobs/%s/" % job.pk).content.decode()
    assert "updated to the version issued 2026-11-30. Mapped terms affected: 2." in job_page
    assert 'href="/admin/vocabularies/%d/"' % basis.pk in job_page
    page = admin_client.get("/admin/vocabularies/%d/" % basis.pk).content.decode()
    assert 'data-testid="update-report"' in page and "update-button" not in page


def test_only_admins_manage_vocabularies(registry, client, manager_user):
    vocabularies_check_updates()
    pk = _basis().pk
    client.force_login(manager_user)
    assert client.get("/admin/vocabularies/%d/" % pk).status_code in (302, 403)
    assert client.post("/admin/vocabularies/%d/update/" % pk).status_code in (302, 403)
    assert not Job.objects.filter(kind="vocabulary-update").exists()
    client.logout()
    assert client.get("/admin/vocabularies/%d/" % pk).status_code in (302, 403)


def test_the_command_checks_and_updates_vocabularies(registry, mapped, settings, capsys):
    from django.core.management import call_command

    settings.EXTENSIONS_REGISTRY_URL = registry.url + "/registry/extensions.json"  # 404
    call_command("extensions", "check")
    assert "2 vocabularies listed, 1 with a newer version" in capsys.readouterr().out
    call_command("extensions", "update-vocabularies", SEX_URI)
    assert "MachineObservation" in _identifiers(_basis())  # not the URI asked for
    call_command("extensions", "update-vocabularies")
    out = capsys.readouterr().out
    assert "Updated Darwin Core Basis of Record Vocabulary (issued 2026-11-30)" in out
    assert "review the values of %s in pond-survey" % BASIS in out
    assert "SensorObservation" in _identifiers(_basis())

"""Installing, updating with migration and removing extensions, against the database."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from catalogue.models import Extension, ExtensionProperty, Origin, Vocabulary
from catalogue.selectors import extensions_for_core, vocabulary_for_link
from catalogue.services.install import (
    catalogue_ensure_builtin,
    extension_install_from_bytes,
    extension_install_from_url,
    extension_remove,
    extension_set_extra_cores,
)
from catalogue.services.sync import extension_update, extensions_available, extensions_check_updates
from core.errors import AppError, UserError
from resources.models import ExtensionMapping, FieldMapping
from tests.factories import ResourceFactory
from tests.resources.conftest import EXTENSIONS, HUMBOLDT, VOCABULARIES

pytestmark = pytest.mark.django_db

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
HUMBOLDT_ROW = "http://rs.tdwg.org/eco/terms/Event"
ECO = "http://rs.tdwg.org/eco/terms/"


def _terms(row_type):
    return list(Extension.objects.get(row_type=row_type).properties.values_list("name", flat=True))


def test_fresh_instance_has_the_builtin_catalogue_without_network():
    assert Extension.objects.count() == 15
    assert Vocabulary.objects.count() == 53
    event_type = Vocabulary.objects.get(uri="https://api.gbif.org/v1/vocabularies/EventType")
    assert event_type.origin == Origin.BUILTIN and event_type.concepts.count() == 26
    event_terms = _terms(EVENT)
    for name in (
        "eventID",
        "parentEventID",
        "samplingProtocol",
        "sampleSizeValue",
        "sampleSizeUnit",
    ):
        assert name in event_terms
    assert len(_terms(DWC + "Occurrence")) == 198
    assert set(Extension.objects.values_list("origin", flat=True)) == {Origin.BUILTIN}


def test_ensure_builtin_is_idempotent():
    assert catalogue_ensure_builtin() == {"extensions": 0, "vocabularies": 0}
    Extension.objects.get(row_type=HUMBOLDT_ROW).delete()
    assert catalogue_ensure_builtin() == {"extensions": 1, "vocabularies": 0}


def test_installing_the_official_humboldt_file_replaces_the_builtin_with_translations():
    result = extension_install_from_bytes(
        data=HUMBOLDT.read_bytes(), source=HUMBOLDT.name, origin=Origin.FILE
    )
    extension = result.extension
    assert result.created is False
    assert extension.origin == Origin.FILE
    assert extension.properties.count() == 57
    assert Extension.objects.filter(row_type=HUMBOLDT_ROW).count() == 1
    official = extension.properties.get(qual_name=ECO + "siteCount")
    assert official.description and official.translations is not None


def test_installing_the_same_version_again_is_refused():
    extension_install_from_bytes(data=HUMBOLDT.read_bytes(), source="h.xml", origin=Origin.FILE)
    with pytest.raises(UserError) as err:
        extension_install_from_bytes(data=HUMBOLDT.read_bytes(), source="h.xml", origin=Origin.FILE)
    assert err.value.code == "extension:not-newer"
    assert "issued 2026-02-12" in err.value.message


@pytest.mark.parametrize(
    "data, code",
    [
        (
            b"<extension xmlns='http://rs.gbif.org/extension/' rowType='x' name='x'><property",
            "extension:xml",
        ),
        (b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>", "extension:hostile"),
        (
            b"<extension xmlns='http://rs.gbif.org/extension/' rowType='r:new' name='n'/>",
            "extension:format",
        ),
    ],
)
def test_bad_definition_fails_with_a_message_and_changes_nothing(data, code):
    before = (Extension.objects.count(), ExtensionProperty.objects.count())
    with pytest.raises(UserError) as err:
        extension_install_from_bytes(data=data, source="upload.xml", origin=Origin.FILE)
    assert err.value.code == code
    assert "upload.xml" in err.value.message
    assert (Extension.objects.count(), ExtensionProperty.objects.count()) == before


def _newer_event_definition(tmp_path) -> bytes:
    """The official Event core, issued later, with fieldNotes removed and dc:type renamed
    to dcterms:type."""
    text = (EXTENSIONS / "core" / "dwc_event_2025-07-10.xml").read_text("utf-8")
    text = text.replace("dc:issued='2026-02-12'", "dc:issued='2031-01-01'")
    start = text.index("<property group='Event' name='fieldNotes'")
    end = text.index("</property>", start) + len("</property>")
    text = text[:start] + text[end:]
    text = text.replace(
        "name='type' thesaurus='http://rs.gbif.org/vocabulary/dcterms/type.xml' "
        "namespace='http://purl.org/dc/elements/1.1/' "
        "qualName='http://purl.org/dc/elements/1.1/type'",
        "name='type' thesaurus='http://rs.gbif.org/vocabulary/dcterms/type.xml' "
        "namespace='http://purl.org/dc/terms/' qualName='http://purl.org/dc/terms/type'",
    )
    assert "fieldNotes'" not in text and "qualName='http://purl.org/dc/terms/type'" in text
    return text.encode("utf-8")


def _event_mapping():
    resource = ResourceFactory(shortname="pond-survey")
    mapping = ExtensionMapping.objects.create(
        resource=resource, extension=Extension.objects.get(row_type=EVENT)
    )
    for term in (DWC + "eventID", DWC + "fieldNotes", "http://purl.org/dc/elements/1.1/type"):
        FieldMapping.objects.create(mapping=mapping, term=term, column=term.rsplit("/", 1)[-1])
    return mapping


def test_update_unmaps_removed_terms_and_repoints_renamed_ones(tmp_path):
    mapping = _event_mapping()
    result = extension_install_from_bytes(
        data=_newer_event_definition(tmp_path), source="event-2031.xml", origin=Origin.FILE
    )
    report = result.report
    assert result.created is False
    assert [e["term"] for e in report["unmapped"]] == [DWC + "fieldNotes"]
    assert report["unmapped"][0]["resource"] == "pond-survey"
    assert report["renamed"] == [
        {
            "resource": "pond-survey",
            "mapping": mapping.pk,
            "term": "http://purl.org/dc/elements/1.1/type",
            "new_term": "http://purl.org/dc/terms/type",
        }
    ]
    assert set(mapping.fields.values_list("term", "column")) == {
        (DWC + "eventID", "eventID"),
        ("http://purl.org/dc/terms/type", "type"),
    }
    extension = Extension.objects.get(row_type=EVENT)
    assert str(extension.issued) == "2031-01-01"
    assert extension.last_update_report["unmapped"][0]["term"] == DWC + "fieldNotes"
    assert not extension.properties.filter(name="fieldNotes").exists()


def test_remove_is_refused_while_a_mapping_uses_the_extension():
    _event_mapping()
    extension = Extension.objects.get(row_type=EVENT)
    with pytest.raises(UserError) as err:
        extension_remove(extension=extension)
    assert err.value.code == "extension:in-use"
    assert "pond-survey" in err.value.message
    assert Extension.objects.filter(row_type=EVENT).exists()


def test_remove_of_an_unused_extension_deletes_its_terms():
    extension = Extension.objects.get(row_type=HUMBOLDT_ROW)
    extension_remove(extension=extension)
    assert not Extension.objects.filter(row_type=HUMBOLDT_ROW).exists()
    assert not ExtensionProperty.objects.filter(extension_id=extension.pk).exists()
    assert any(e["row_type"] == HUMBOLDT_ROW and e["builtin"] for e in extensions_available())


def test_offered_extensions_follow_keywords_and_the_admin_setting():
    under_event = {e.row_type for e in extensions_for_core(EVENT)}
    assert HUMBOLDT_ROW in under_event and DWC + "Occurrence" in under_event
    assert DWC + "Taxon" not in under_event
    releve = Extension.objects.get(row_type="http://rs.gbif.org/terms/1.0/Releve")
    assert releve not in extensions_for_core(DWC + "Occurrence")
    extension_set_extra_cores(extension=releve, cores=[DWC + "Occurrence"])
    assert releve in extensions_for_core(DWC + "Occurrence")
    with pytest.raises(UserError):
        extension_set_extra_cores(extension=releve, cores=["http://example.org/NotACore"])


def test_vocabulary_links_resolve_across_http_and_https():
    assert vocabulary_for_link("https://rs.gbif.org/vocabulary/dna/lib_layout.xml")
    assert vocabulary_for_link("http://rs.gbif.org/vocabulary/gbif/sex").title
    assert vocabulary_for_link("http://example.org/unknown.xml") is None


# --- over real HTTP --------------------------------------------------------------------------


def test_install_from_url_fetches_the_definition_and_its_missing_vocabularies(http_server):
    permit = (EXTENSIONS / "extension" / "ggbn" / "permit_2022-08-08.xml").read_text("utf-8")
    vocab_url = http_server.serve(
        "/vocabulary/permit_status.xml", (VOCABULARIES / "ggbn" / "permit_status.xml").read_bytes()
    )
    permit = permit.replace("http://rs.gbif.org/vocabulary/ggbn/permit_status.xml", vocab_url)
    url = http_server.serve("/extension/permit.xml", permit.encode("utf-8"))
    result = extension_install_from_url(url=url)
    assert result.created and result.extension.origin == Origin.URL
    assert result.extension.source_url == url
    assert result.report["vocabularies"].get(vocab_url) == "installed"
    assert vocabulary_for_link(vocab_url).concepts.exists()


def test_install_from_url_reports_http_errors_clearly(http_server):
    with pytest.raises(UserError) as err:
        extension_install_from_url(url=http_server.url("/missing.xml"))
    assert err.value.code == "fetch:not-found" and "404" in err.value.message
    http_server.serve("/down.xml", b"oops", status=503)
    with pytest.raises(AppError) as err:
        extension_install_from_url(url=http_server.url("/down.xml"))
    assert err.value.code == "fetch:server-error"


def test_install_from_url_refuses_other_schemes():
    with pytest.raises(UserError) as err:
        extension_install_from_url(url="file:///etc/passwd")
    assert err.value.code == "fetch:scheme"


def test_update_check_flags_newer_versions_and_update_installs_them(
    http_server, settings, tmp_path
):
    _event_mapping()
    newer = http_server.serve("/core/event-2031.xml", _newer_event_definition(tmp_path))
    listing = {
        "extensions": [
            {
                "url": newer,
                "rowType": EVENT,
                "title": "Darwin Core Event",
                "issued": "2031-01-01",
                "isLatest": True,
            },
            {
                "url": http_server.url("/old.xml"),
                "rowType": DWC + "Occurrence",
                "issued": "2001-01-01",
            },
            {
                "url": http_server.url("/new.xml"),
                "rowType": "http://example.org/New",
                "title": "Brand new",
                "issued": "2030-01-01",
            },
        ]
    }
    settings.EXTENSIONS_REGISTRY_URL = http_server.serve(
        "/registry/extensions.json", json.dumps(listing).encode(), content_type="application/json"
    )
    assert extensions_check_updates() == {"listed": 3, "updates": 1, "error": False}
    event = Extension.objects.get(row_type=EVENT)
    assert event.update_available and str(event.latest_issued) == "2031-01-01"
    assert not Extension.objects.get(row_type=DWC + "Occurrence").update_available
    assert [e["title"] for e in extensions_available()] == ["Brand new"]

    result = extension_update(extension=event)
    event.refresh_from_db()
    assert str(event.issued) == "2031-01-01" and event.origin == Origin.REGISTRY
    assert not event.update_available
    assert result.report["unmapped"][0]["term"] == DWC + "fieldNotes"


def test_update_check_survives_an_unreachable_registry(settings):
    settings.EXTENSIONS_REGISTRY_URL = "http://127.0.0.1:9/registry/extensions.json"
    outcome = extensions_check_updates()
    assert outcome["error"] is True and outcome["updates"] == 0
    assert Extension.objects.count() == 15
    assert len(extensions_available()) == 0  # every built-in is installed


def test_extensions_command_lists_installs_and_refuses(tmp_path, capsys):
    call_command("extensions", "list", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert {r["row_type"] for r in rows} >= {EVENT, HUMBOLDT_ROW}
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<nope")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="extension:xml"):
        call_command("extensions", "install", str(bad))
    call_command("extensions", "install", str(HUMBOLDT))
    assert "Updated Humboldt" in capsys.readouterr().out


def test_a_removed_builtin_can_be_installed_again():
    from catalogue.services.install import extension_install_builtin

    extension_remove(extension=Extension.objects.get(row_type=HUMBOLDT_ROW))
    result = extension_install_builtin(key="humboldt")
    assert result.created and result.extension.origin == Origin.BUILTIN
    assert result.extension.properties.count() == 57
    with pytest.raises(UserError):
        extension_install_builtin(key="nope")


def test_extensions_check_job_records_the_outcome(settings):
    from core.jobs.executor import execute
    from tests.factories import JobFactory

    settings.EXTENSIONS_REGISTRY_URL = "http://127.0.0.1:9/extensions.json"
    settings.VOCABULARIES_REGISTRY_URL = "http://127.0.0.1:9/thesauri.json"
    job = JobFactory(kind="extensions-check")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result == {
        "listed": 0,
        "updates": 0,
        "error": True,
        "vocabularies": {"listed": 0, "updates": 0, "error": True},
    }


def test_a_definition_error_is_shown_in_the_readers_language():
    data = b"<vocabulary xmlns='http://rs.gbif.org/extension/'/>"
    with pytest.raises(UserError) as err:
        extension_install_from_bytes(data=data, source="upload.xml", origin=Origin.FILE)
    assert err.value.message.startswith("upload.xml, line 1: this is not an extension definition")
    with translation.override("es"):
        spanish = err.value.localized_message()
    assert spanish.startswith("upload.xml, línea 1: esto no es una definición de extensión")
    assert "<vocabulary>" in spanish and err.value.code == "extension:format"

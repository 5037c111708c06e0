"""Catalogue pages: anyone reads extensions and vocabularies, admins install and remove them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalogue.models import Extension, ExtensionProperty, Origin, RegistryListing, Vocabulary
from core.models import Job
from publisher.models import Role
from resources.models import ExtensionMapping
from tests.conftest import HUMBOLDT
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

HUMBOLDT_ROW_TYPE = "http://rs.tdwg.org/eco/terms/Event"
EVENT = "http://rs.tdwg.org/dwc/terms/Event"
OCCURRENCE = "http://rs.tdwg.org/dwc/terms/Occurrence"
ESTABLISHMENT_MEANS = "http://rs.gbif.org/vocabulary/dwc/establishment_means/"

HOSTILE_XML = b"""<?xml version="1.0"?>
<!DOCTYPE extension [<!ENTITY lol "lol">]>
<extension xmlns="http://rs.gbif.org/extension/" name="X" rowType="http://example.org/X">
  <property name="a" namespace="http://example.org/" label="&lol;"/>
</extension>"""
MALFORMED_XML = b"""<?xml version="1.0"?>
<extension xmlns="http://rs.gbif.org/extension/" name="X" rowType="http://example.org/X">
  <property name="a" namespace="http://example.org/"
</extension>"""
SCRIPT_XML = b"""<?xml version="1.0"?>
<extension xmlns="http://rs.gbif.org/extension/" xmlns:dc="http://purl.org/dc/terms/"
    name="Evil" rowType="http://example.org/terms/Evil" namespace="http://example.org/terms/"
    dc:title="Evil &lt;b&gt;bold&lt;/b&gt;" dc:issued="2024-01-01"
    dc:description="&lt;script&gt;alert('description')&lt;/script&gt;"
    dc:relation="javascript:alert(1)">
  <property name="evilTerm" namespace="http://example.org/terms/" group="&lt;i&gt;Group&lt;/i&gt;"
      label="&lt;img src=x onerror=alert(1)&gt;" thesaurus="javascript:alert(2)"
      dc:description="&lt;script&gt;alert('term')&lt;/script&gt;"
      examples="`&lt;script&gt;x&lt;/script&gt;`"/>
</extension>"""

ADMIN_GET_URLS = ["/admin/extensions/", "/admin/extensions/{pk}/"]
ADMIN_POST_URLS = [
    "/admin/extensions/install/",
    "/admin/extensions/check/",
    "/admin/extensions/{pk}/update/",
    "/admin/extensions/{pk}/remove/",
    "/admin/extensions/{pk}/cores/",
]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _extension(row_type: str) -> Extension:
    return Extension.objects.get(row_type=row_type)


def _upload(client, content: bytes, name: str = "definition.xml"):
    upload = SimpleUploadedFile(name, content, content_type="application/xml")
    return client.post("/admin/extensions/install/", {"file": upload}, follow=True)


def _upload_humboldt(client):
    return _upload(client, HUMBOLDT.read_bytes(), HUMBOLDT.name)


def _terms(response) -> list[str]:
    return re.findall(r'data-testid="term" data-name="([^"]+)"', response.content.decode())


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/extensions/", "/extensions/{pk}/", "/vocabularies/", "/vocabularies/{vocabulary}/"]
)
def test_anonymous_reads_extension_and_vocabulary_pages(client, path):
    url = path.format(pk=_extension(EVENT).pk, vocabulary=Vocabulary.objects.first().pk)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER, Role.PUBLISHER])
def test_non_admins_are_refused_on_every_admin_extension_url(client, role):
    client.force_login(UserFactory(role=role))
    pk = _extension(EVENT).pk
    for path in ADMIN_GET_URLS:
        assert client.get(path.format(pk=pk)).status_code == 403, path
    for path in ADMIN_POST_URLS:
        assert client.post(path.format(pk=pk)).status_code == 403, path
    assert Extension.objects.filter(pk=pk).exists()


def test_anonymous_is_sent_to_login_from_every_admin_extension_url(client):
    pk = _extension(EVENT).pk
    for path in ADMIN_GET_URLS:
        response = client.get(path.format(pk=pk))
        assert response.status_code == 302 and response.url.startswith("/login/"), path
    for path in ADMIN_POST_URLS:
        response = client.post(path.format(pk=pk))
        assert response.status_code == 302 and response.url.startswith("/login/"), path


def test_admins_see_the_extensions_link_in_the_navigation(admin_client, client):
    assert 'href="/admin/extensions/"' in admin_client.get("/").content.decode()


def test_the_extensions_link_is_hidden_from_anonymous_users(client):
    assert 'href="/admin/extensions/"' not in client.get("/").content.decode()


# --- the admin list -------------------------------------------------------------------------


def test_admin_list_shows_installed_extensions_with_origin_and_counts(admin_client):
    page = admin_client.get("/admin/extensions/").content.decode()
    assert page.count('data-testid="installed-extension"') == Extension.objects.count()
    assert "Humboldt Ecological Inventory" in page
    assert "Built-in" in page


def test_admin_list_offers_a_removed_builtin_and_installs_it_again(admin_client):
    _extension(HUMBOLDT_ROW_TYPE).delete()
    page = admin_client.get("/admin/extensions/").content.decode()
    assert 'data-testid="available-extension"' in page
    assert 'name="builtin" value="humboldt"' in page

    response = admin_client.post("/admin/extensions/install/", {"builtin": "humboldt"}, follow=True)

    assert "Humboldt Ecological Inventory was installed" in response.content.decode()
    assert _extension(HUMBOLDT_ROW_TYPE).properties.count() == 57


def test_admin_list_offers_registry_entries_that_are_not_installed(admin_client):
    url = "https://rs.gbif.org/extension/dwc/ChronometricAge_2024-03-11.xml"
    RegistryListing.objects.create(
        kind="extensions",
        entries=[
            {
                "url": url,
                "row_type": "http://rs.tdwg.org/chrono/terms/ChronometricAge",
                "title": "Chronometric Age",
                "issued": "2024-03-11",
                "is_latest": True,
                "description": "Ages of material.",
            },
            {
                "url": "https://example.org/event.xml",
                "row_type": EVENT,
                "title": "Event",
                "issued": "2026-02-12",
                "is_latest": True,
                "description": "",
            },
        ],
    )

    page = admin_client.get("/admin/extensions/").content.decode()

    assert page.count('data-testid="available-extension"') == 1
    assert "Chronometric Age" in page
    assert 'name="url" value="%s"' % url in page


def test_check_for_updates_starts_a_background_job(admin_client):
    from core.models import Job

    response = admin_client.post("/admin/extensions/check/")
    job = Job.objects.get(kind="extensions-check")
    assert response.status_code == 302
    assert response["Location"] == "/jobs/%s/" % job.pk


def test_update_available_notice_is_shown_with_an_update_button(admin_client):
    extension = _extension(HUMBOLDT_ROW_TYPE)
    extension.latest_issued = date(2030, 1, 1)
    extension.latest_url = "https://rs.gbif.org/extension/eco/humboldt_2030-01-01.xml"
    extension.save()

    listing = admin_client.get("/admin/extensions/").content.decode()
    manage = admin_client.get("/admin/extensions/%d/" % extension.pk).content.decode()

    assert 'Update available: <time datetime="2030-01-01">1 Jan 2030</time>' in listing
    assert 'data-testid="update-button"' in manage


def test_update_queues_an_extension_update_job(admin_client):
    extension = _extension(HUMBOLDT_ROW_TYPE)
    extension.latest_issued, extension.latest_url = date(2030, 1, 1), "https://example.org/h.xml"
    extension.save()

    response = admin_client.post("/admin/extensions/%d/update/" % extension.pk)

    job = Job.objects.get(kind="extension-update")
    assert job.params == {"extension": extension.pk}
    assert response.url == "/jobs/%s/" % job.pk


def test_update_without_a_newer_version_is_refused(admin_client):
    extension = _extension(HUMBOLDT_ROW_TYPE)
    response = admin_client.post("/admin/extensions/%d/update/" % extension.pk, follow=True)
    assert "No newer version of Humboldt Ecological Inventory is known" in (
        response.content.decode()
    )
    assert not Job.objects.exists()


def test_install_from_url_queues_an_extension_install_job(admin_client):
    url = "https://rs.gbif.org/extension/eco/humboldt_2025-07-10.xml"
    response = admin_client.post("/admin/extensions/install/", {"url": url})
    job = Job.objects.get(kind="extension-install")
    assert job.params == {"url": url}
    assert response.url == "/jobs/%s/" % job.pk


def test_install_from_a_non_http_url_is_refused(admin_client):
    response = admin_client.post("/admin/extensions/install/", {"url": "file:///etc/passwd"})
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert not Job.objects.exists()


def test_update_report_is_shown_on_the_extension_admin_page(admin_client):
    extension = _extension(HUMBOLDT_ROW_TYPE)
    extension.last_update_report = {
        "from_issued": "2024-01-01",
        "to_issued": "2025-07-10",
        "added_terms": ["http://x/new"],
        "renamed": [
            {
                "resource": "birds",
                "mapping": 1,
                "term": "http://x/old",
                "new_term": "http://x/renamed",
            }
        ],
        "unmapped": [{"resource": "bats", "mapping": 2, "term": "http://x/gone"}],
    }
    extension.save()

    page = admin_client.get("/admin/extensions/%d/" % extension.pk).content.decode()

    assert 'data-testid="update-report"' in page
    for text in ("2024-01-01", "http://x/new", "http://x/renamed", "bats", "http://x/gone"):
        assert text in page


def test_admin_sets_extra_cores(admin_client):
    extension = _extension("http://rs.gbif.org/terms/1.0/Releve")
    admin_client.post("/admin/extensions/%d/cores/" % extension.pk, {"cores": [OCCURRENCE]})
    extension.refresh_from_db()
    assert extension.extra_cores == [OCCURRENCE]


# --- installing from a file -----------------------------------------------------------------


def test_uploading_humboldt_replaces_the_builtin_with_the_official_translations(admin_client):
    assert _extension(HUMBOLDT_ROW_TYPE).origin == Origin.BUILTIN

    response = _upload_humboldt(admin_client)

    extension = _extension(HUMBOLDT_ROW_TYPE)
    assert extension.origin == Origin.FILE
    assert extension.properties.count() == 57
    assert "Humboldt Ecological Inventory was updated" in response.content.decode()
    assert "Uploaded file" in response.content.decode()
    identified_by = extension.properties.get(name="identifiedBy")
    assert identified_by.translations["es"]["label"] == "Identificado por"


def test_detail_page_shows_spanish_labels_of_an_uploaded_definition(admin_client):
    _upload_humboldt(admin_client)
    extension = _extension(HUMBOLDT_ROW_TYPE)

    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/extensions/%d/" % extension.pk)
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/extensions/%d/" % extension.pk)

    assert 'lang="es">Identificado por</a>' in spanish.content.decode()
    assert "Una lista (concatenada y separada) de nombres" in spanish.content.decode()
    assert "Identificado por" not in english.content.decode()
    assert ">Identified By</a>" in english.content.decode()


def test_language_chosen_with_setlang_applies_and_base_language_is_used(admin_client):
    _upload_humboldt(admin_client)
    extension = _extension(HUMBOLDT_ROW_TYPE)
    reader = Client()
    reader.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})

    page = reader.get("/extensions/%d/" % extension.pk).content.decode()

    assert 'lang="zh">鑑定者</a>' in page


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (MALFORMED_XML, "not well-formed XML"),
        (HOSTILE_XML, "DOCTYPE and ENTITY declarations are not accepted"),
        (b"<thesaurus xmlns='http://rs.gbif.org/thesaurus/'/>", "this is not an extension"),
    ],
)
def test_a_bad_upload_shows_the_problem_and_changes_nothing(admin_client, content, problem):
    properties, extensions = ExtensionProperty.objects.count(), Extension.objects.count()

    response = _upload(admin_client, content, "broken.xml")

    page = response.content.decode()
    assert response.status_code == 200
    assert "broken.xml" in page and problem in page
    assert 'class="field-error"' in page
    assert ExtensionProperty.objects.count() == properties
    assert Extension.objects.count() == extensions


def test_an_older_definition_is_refused_with_the_services_message(admin_client):
    _upload_humboldt(admin_client)
    response = _upload_humboldt(admin_client)
    assert "Only a newer version can replace it" in response.content.decode()
    assert _extension(HUMBOLDT_ROW_TYPE).origin == Origin.FILE


def test_hostile_text_of_an_uploaded_definition_is_escaped(admin_client):
    _upload(admin_client, SCRIPT_XML, "evil.xml")
    extension = _extension("http://example.org/terms/Evil")

    pages = [
        admin_client.get("/extensions/%d/" % extension.pk).content.decode(),
        admin_client.get("/admin/extensions/%d/" % extension.pk).content.decode(),
        admin_client.get("/admin/extensions/").content.decode(),
        admin_client.get("/extensions/").content.decode(),
    ]

    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b>bold</b>" not in page
        assert 'href="javascript:' not in page
    detail = pages[0]
    assert "&lt;script&gt;alert(&#x27;description&#x27;)&lt;/script&gt;" in detail
    assert "&lt;script&gt;alert(&#x27;term&#x27;)&lt;/script&gt;" in detail
    assert "&lt;i&gt;Group&lt;/i&gt;" in detail


def test_search_query_is_escaped(client):
    pk = _extension(EVENT).pk
    page = client.get("/extensions/%d/" % pk, {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


# --- removing -------------------------------------------------------------------------------


def test_removing_an_extension_used_by_a_mapping_is_refused_with_the_message(admin_client):
    extension = _extension(HUMBOLDT_ROW_TYPE)
    ExtensionMapping.objects.create(
        resource=ResourceFactory(shortname="bird-survey"), extension=extension
    )

    response = admin_client.post("/admin/extensions/%d/remove/" % extension.pk, follow=True)

    page = response.content.decode()
    assert "Humboldt Ecological Inventory is used by the mappings of bird-survey" in page
    assert "msg-error" in page
    assert Extension.objects.filter(pk=extension.pk).exists()


def test_removing_an_unused_extension_deletes_it(admin_client):
    extension = _extension(HUMBOLDT_ROW_TYPE)
    response = admin_client.post("/admin/extensions/%d/remove/" % extension.pk, follow=True)
    assert "Humboldt Ecological Inventory was removed." in response.content.decode()
    assert not Extension.objects.filter(pk=extension.pk).exists()


# --- extension detail -----------------------------------------------------------------------


def test_event_core_lists_its_terms_grouped_in_definition_order(client):
    response = client.get("/extensions/%d/" % _extension(EVENT).pk)
    terms = _terms(response)
    page = response.content.decode()
    for name in (
        "eventID",
        "parentEventID",
        "samplingProtocol",
        "sampleSizeValue",
        "sampleSizeUnit",
    ):
        assert name in terms
    assert terms.index("eventID") < terms.index("parentEventID")
    groups = re.findall(r'<section class="card term-group" id="([^"]+)"', page)
    assert groups[:3] == ["group-record-level", "group-event", "group-location"]


def test_event_terms_show_type_required_flag_examples_and_vocabulary_link(client):
    page = client.get("/extensions/%d/" % _extension(EVENT).pk).content.decode()
    assert "<code>string</code>" in page
    assert 'data-testid="vocabulary-link"' in page
    assert 'class="examples"' in page


def test_occurrence_core_shows_198_terms(client):
    response = client.get("/extensions/%d/" % _extension(OCCURRENCE).pk)
    assert len(_terms(response)) == 198
    assert "<span data-shown>198</span> of 198 terms" in response.content.decode()


def test_search_narrows_the_terms_to_matching_ones(client):
    response = client.get("/extensions/%d/" % _extension(EVENT).pk, {"q": "sampleSize"})
    terms = _terms(response)
    assert terms == ["sampleSizeValue", "sampleSizeUnit"]
    assert "<span data-shown>2</span> of 97 terms match" in response.content.decode()


def test_search_without_matches_says_so(client):
    response = client.get("/extensions/%d/" % _extension(EVENT).pk, {"q": "zzzzqqq"})
    assert _terms(response) == []
    assert 'data-testid="no-terms"' in response.content.decode()


def test_linked_vocabulary_points_to_our_vocabulary_page(client):
    occurrence = _extension(OCCURRENCE)
    vocabulary = Vocabulary.objects.get(uri=ESTABLISHMENT_MEANS)
    page = client.get("/extensions/%d/" % occurrence.pk).content.decode()
    assert 'href="/vocabularies/%d/"' % vocabulary.pk in page


def test_unknown_extension_is_404(client):
    assert client.get("/extensions/999999/").status_code == 404


# --- vocabularies ---------------------------------------------------------------------------


def test_vocabulary_list_shows_installed_vocabularies(client):
    page = client.get("/vocabularies/").content.decode()
    assert page.count('data-testid="vocabulary-row"') == Vocabulary.objects.count()
    assert "Darwin Core Establishment Means Vocabulary" in page


def test_vocabulary_page_shows_concepts_labels_per_language_and_synonyms(client):
    vocabulary = Vocabulary.objects.get(uri=ESTABLISHMENT_MEANS)
    page = client.get("/vocabularies/%d/" % vocabulary.pk).content.decode()
    assert page.count('data-testid="concept"') == 7
    assert "<code>native</code>" in page
    assert "native (indigenous)" in page
    assert 'lang="es">nativo (autóctono)</span>' in page
    assert "Indigenous, Native" in page
    assert "Autóctona, Nativa" in page
    assert "http://rs.tdwg.org/dwcem/values/e001" in page


def test_vocabulary_page_labels_concepts_in_the_ui_language(client):
    vocabulary = Vocabulary.objects.get(uri=ESTABLISHMENT_MEANS)
    page = (
        Client(HTTP_ACCEPT_LANGUAGE="es").get("/vocabularies/%d/" % vocabulary.pk).content.decode()
    )
    assert '<strong lang="es" data-testid="concept-label">nativo (autóctono)</strong>' in page


def test_vocabulary_page_falls_back_to_english_labels(client):
    vocabulary = Vocabulary.objects.get(uri=ESTABLISHMENT_MEANS)
    page = (
        Client(HTTP_ACCEPT_LANGUAGE="ja").get("/vocabularies/%d/" % vocabulary.pk).content.decode()
    )
    assert '<strong lang="en" data-testid="concept-label">native (indigenous)</strong>' in page


def test_vocabulary_search_matches_synonyms(client):
    vocabulary = Vocabulary.objects.get(uri=ESTABLISHMENT_MEANS)
    page = client.get("/vocabularies/%d/" % vocabulary.pk, {"q": "reintroduced"}).content
    assert page.decode().count('data-testid="concept"') == 1

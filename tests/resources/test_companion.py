"""The access-limited companion (issue #24): one action creates a private resource that
publishes the original's records without the sensitivity policy, seen only by its managers
and the readers they name; the two documents point at each other."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from core.errors import UserError
from metadata.eml.validate import validate_xsd
from metadata.eml.write import write_eml
from metadata.services.coverage import metadata_for_publication
from metadata.services.documents import metadata_get
from metadata.services.related import precise_data_note
from publisher.models import Role
from resources.models import ExtensionMapping, Resource, Source, Visibility
from resources.services.companions import (
    companion_create,
    companion_reader_add,
    companion_reader_remove,
    data_resource,
)
from resources.services.publication.files import version_path
from resources.services.publication.start import publication_problems
from resources.services.resources import resource_add_manager
from resources.services.visibility import resource_public_from_set, resource_visibility_change
from tests.conftest import TEST_DATA
from tests.factories import UserFactory
from tests.resources.portal.conftest import client_for, fake_version, publish_in_state
from tests.resources.publication.conftest import make_resource, publish_inline

pytestmark = pytest.mark.django_db

SCHEMA_13 = TEST_DATA / "schemas/eml-gbif-profile/1.3"
PRECISE = "ponds-precise"
TITLE = "Pond survey (precise data, access-limited)"


@pytest.fixture
def original(data_dir, manager_user):
    resource = make_resource(manager_user)
    publish_in_state(resource, manager_user, Visibility.PUBLIC)
    return resource


@pytest.fixture
def companion(original):
    companion = companion_create(resource=original, user=original.creator)
    fake_version(companion, visibility=Visibility.PRIVATE)  # a version without publishing
    return companion


@pytest.fixture
def people(companion):
    """Everyone who might look at the companion, by role."""
    co_manager = UserFactory(role=Role.MANAGER)
    resource_add_manager(resource=companion, user=co_manager)
    reader = UserFactory(role=Role.USER)
    companion_reader_add(resource=companion, user=companion.creator, email=reader.email)
    return {
        "anonymous": None,
        "plain": UserFactory(role=Role.USER),
        "other_manager": UserFactory(role=Role.MANAGER),
        "creator": companion.creator,
        "co_manager": co_manager,
        "reader": reader,
        "admin": UserFactory(role=Role.ADMIN),
    }


SEES = ("creator", "co_manager", "reader", "admin")
PAGES = (
    "/resource?r=%s" % PRECISE,
    "/resource?r=%s&v=1.0" % PRECISE,
    "/archive.do?r=%s" % PRECISE,
    "/eml.do?r=%s" % PRECISE,
    "/eml.do?r=%s&v=1.0" % PRECISE,
    "/resource/citation?r=%s&format=ris" % PRECISE,
)
LISTINGS = ("/", "/?q=precise", "/rss.do", "/dcat", "/sitemap.xml", "/inventory/v2/dataset")


def text_of(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8", errors="replace")


# --- creating ---------------------------------------------------------------------------------


def test_the_companion_is_private_and_shares_the_originals_data_without_copies(original):
    sources, mappings = Source.objects.count(), ExtensionMapping.objects.count()
    companion = companion_create(resource=original, user=original.creator)
    assert companion.shortname == PRECISE
    assert companion.visibility == Visibility.PRIVATE
    assert companion.companion_of == original and original.companion == companion
    assert companion.type == original.type and companion.creator == original.creator
    assert (Source.objects.count(), ExtensionMapping.objects.count()) == (sources, mappings)
    assert not companion.sources.exists() and not companion.mappings.exists()
    assert data_resource(companion) == original and data_resource(original) == original
    publication_problems(companion)  # the original's core mapping counts for the companion


def test_the_companion_copies_the_metadata_under_its_own_title(original):
    companion = companion_create(resource=original, user=original.creator)
    doc = metadata_get(companion)
    assert doc.title == TITLE and companion.title == TITLE
    assert doc.abstract == metadata_get(original).abstract
    assert doc.alternate_identifiers == [] and doc.citation.identifier == ""
    assert metadata_get(original).title == "Pond survey"  # the original's is untouched


def test_the_companion_has_the_same_managers(original):
    co_manager = UserFactory(role=Role.MANAGER)
    resource_add_manager(resource=original, user=co_manager)
    companion = companion_create(resource=original, user=co_manager)
    assert list(companion.managers.all()) == [co_manager]
    assert companion.creator == original.creator


def test_a_taken_short_name_gets_a_number(original, manager_user):
    Resource.objects.create(shortname=PRECISE, creator=manager_user)
    companion = companion_create(resource=original, user=original.creator)
    assert companion.shortname == PRECISE + "-2"


@pytest.mark.parametrize("case", ["companion", "second", "stranger"])
def test_companion_create_refuses(original, case):
    companion = companion_create(resource=original, user=original.creator)
    target, user = {
        "companion": (companion, original.creator),
        "second": (original, original.creator),
        "stranger": (original, UserFactory(role=Role.MANAGER)),
    }[case]
    codes = {
        "companion": "companion:of-companion",
        "second": "companion:exists",
        "stranger": "companion:forbidden",
    }
    with pytest.raises(UserError) as caught:
        companion_create(resource=target, user=user)
    assert caught.value.code == codes[case]
    assert Resource.objects.filter(companion_of__isnull=False).count() == 1


def test_the_companion_cannot_become_public(companion):
    for change in (
        lambda: resource_visibility_change(
            resource=companion, user=companion.creator, visibility=Visibility.PUBLIC
        ),
        lambda: resource_public_from_set(
            resource=companion, user=companion.creator, public_from=date(2099, 1, 1)
        ),
    ):
        with pytest.raises(UserError) as caught:
            change()
        assert caught.value.code == "companion:private"
    companion.refresh_from_db()
    assert companion.visibility == Visibility.PRIVATE and companion.public_from is None


# --- readers ----------------------------------------------------------------------------------


def test_readers_are_named_by_e_mail_and_removed(companion):
    reader = UserFactory(role=Role.USER, email="reader@example.org")
    assert companion_reader_add(
        resource=companion, user=companion.creator, email=" READER@example.org"
    )
    assert list(companion.readers.all()) == [reader]
    companion_reader_remove(resource=companion, user=companion.creator, reader=reader)
    assert not companion.readers.exists()


def test_readers_must_have_an_account_and_belong_to_a_companion(companion, original):
    with pytest.raises(UserError) as caught:
        companion_reader_add(resource=companion, user=companion.creator, email="no@example.org")
    assert caught.value.code == "companion:reader-unknown"
    someone = UserFactory()
    with pytest.raises(UserError) as caught:
        companion_reader_add(resource=original, user=original.creator, email=someone.email)
    assert caught.value.code == "companion:not-companion"
    with pytest.raises(UserError) as caught:
        companion_reader_add(resource=companion, user=someone, email=someone.email)
    assert caught.value.code == "companion:forbidden"
    assert not companion.readers.exists() and not original.readers.exists()


# --- who sees it ------------------------------------------------------------------------------


def test_pages_and_files_answer_managers_and_readers_only(people):
    for role, user in people.items():
        client = client_for(user)
        for url in PAGES:
            response = client.get(url)
            if role in SEES:
                assert response.status_code == 200, (role, url)
            else:
                assert response.status_code == 404, (role, url)
                assert TITLE not in text_of(response), (role, url)


def test_the_companion_is_in_no_listing_for_anyone(people):
    for role, user in people.items():
        client = client_for(user)
        for url in LISTINGS:
            response = client.get(url)
            assert response.status_code == 200, url
            assert PRECISE not in text_of(response), (role, url)
        private = text_of(client.get("/inventory/v2/dataset?status=PRIVATE"))
        assert (PRECISE in private) is (role in ("creator", "co_manager", "admin")), role


def test_the_api_answers_managers_only(people, companion):
    urls = [
        reverse("api-resource-detail", kwargs={"shortname": PRECISE}),
        reverse("api-version-archive", kwargs={"shortname": PRECISE, "label": "1.0"}),
        reverse("api-version-eml", kwargs={"shortname": PRECISE, "label": "1.0"}),
    ]
    for role, user in people.items():
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            if role in ("creator", "co_manager", "admin"):
                assert response.status_code == 200, (role, url)
            else:
                assert response.status_code in (401, 404), (role, url)
        listing = client.get(reverse("api-resource-list"))
        if user is not None:
            seen = PRECISE in text_of(listing)
            assert seen is (role in ("creator", "co_manager", "admin")), role


def test_readers_see_the_page_but_not_its_management(people, companion):
    reader = client_for(people["reader"])
    page = text_of(reader.get("/resource?r=%s" % PRECISE))
    assert 'data-testid="companion-of-note"' in page
    assert 'data-testid="notice-private"' not in page  # the managers' notices
    assert reader.get(reverse("resource-overview", args=[PRECISE])).status_code == 404
    assert reader.get("/resource/preview?r=%s" % PRECISE).status_code == 404


def test_a_removed_reader_no_longer_sees_it(people, companion):
    reader = people["reader"]
    companion_reader_remove(resource=companion, user=companion.creator, reader=reader)
    assert client_for(reader).get("/archive.do?r=%s" % PRECISE).status_code == 404


# --- pages ------------------------------------------------------------------------------------


def test_the_create_button_makes_the_companion_and_opens_it(original):
    client = client_for(original.creator)
    overview = text_of(client.get(reverse("resource-overview", args=["ponds"])))
    assert 'data-testid="companion-create"' in overview
    response = client.post(reverse("companion-create", args=["ponds"]))
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("resource-overview", args=[PRECISE]) + "#companion"
    )
    page = text_of(client.get(response["Location"]))
    assert 'data-testid="companion-of"' in page and 'data-testid="reader-form"' in page
    assert 'id="sources"' not in page
    overview = text_of(client.get(reverse("resource-overview", args=["ponds"])))
    assert 'data-testid="companion-link"' in overview
    assert 'data-testid="companion-create"' not in overview


def test_only_managers_may_press_the_button(original):
    for user in (UserFactory(role=Role.MANAGER), UserFactory(role=Role.USER)):
        response = client_for(user).post(reverse("companion-create", args=["ponds"]))
        assert response.status_code == 404
    assert client_for(None).post(reverse("companion-create", args=["ponds"])).status_code == 302
    assert not Resource.objects.filter(companion_of=original).exists()


def test_the_button_refuses_get():
    assert client_for(None).get(reverse("companion-create", args=["ponds"])).status_code == 405


def test_managers_add_and_remove_readers_on_the_page(companion):
    client = client_for(companion.creator)
    reader = UserFactory(email="reader@example.org")
    url = reverse("companion-readers", args=[PRECISE])
    assert client.post(url, {"email": "reader@example.org"}).status_code == 302
    assert list(companion.readers.all()) == [reader]
    unknown = client.post(url, {"email": "nobody@example.org"})
    assert unknown.status_code == 400
    assert "nobody@example.org" in text_of(unknown)
    assert client.post(url, {"remove": reader.pk}).status_code == 302
    assert not companion.readers.exists()
    stranger = client_for(UserFactory(role=Role.MANAGER)).post(url, {"email": reader.email})
    assert stranger.status_code == 404 and not companion.readers.exists()


def test_the_public_landing_page_says_precise_data_exist_without_naming_the_companion(companion):
    page = text_of(client_for(None).get("/resource?r=ponds"))
    assert precise_data_note() in page.replace("&#x27;", "'")
    assert PRECISE not in page


def test_the_landing_page_says_it_once_when_the_eml_says_it_too(companion, manager_user):
    original = companion.companion_of
    job = publish_inline(original, manager_user)  # its EML now carries the note
    assert job.status == "succeeded", job.error_message
    page = text_of(client_for(None).get("/resource?r=ponds")).replace("&#x27;", "'")
    assert page.count(precise_data_note()) == 1


# --- EML --------------------------------------------------------------------------------------


def _published_eml(resource) -> bytes:
    doc = metadata_for_publication(
        resource,
        version="1.0",
        publisher="",
        url="https://ipt.example.org/resource?r=%s&v=1.0" % resource.shortname,
        pub_date=date(2026, 12, 7),
    )
    return write_eml(doc, package_id=doc.package_id)


def test_both_documents_name_each_other_and_stay_valid(original, companion):
    public = _published_eml(original)
    precise = _published_eml(companion)
    assert validate_xsd(public, SCHEMA_13) == []
    assert validate_xsd(precise, SCHEMA_13) == []
    assert precise_data_note().encode() in public.replace(b"&#x27;", b"'")
    assert PRECISE.encode() not in public  # no address the public cannot open
    assert b"/resource?r=ponds" in precise and b"precise data of Pond survey" in precise


def test_the_next_publication_of_the_original_carries_the_note(original, companion):
    job = publish_inline(original, original.creator)
    assert job.status == "succeeded", job.error_message
    eml = version_path(original.versions.order_by("-major", "-minor").first(), "eml")
    data = eml.read_bytes()
    assert precise_data_note().encode() in data.replace(b"&#x27;", b"'")
    assert validate_xsd(data, SCHEMA_13) == []


def test_a_resource_without_companion_has_no_note(original):
    assert b"access-limited" not in _published_eml(original)


def test_publishing_the_companion_writes_the_originals_records(companion):
    job = publish_inline(companion, companion.creator)
    assert job.status == "succeeded", job.error_message
    version = companion.versions.order_by("-major", "-minor").first()
    assert version.label == "1.1" and version.records == original_records(companion)


def original_records(companion) -> int:
    return companion.companion_of.versions.order_by("-major", "-minor").first().records


def test_deleting_the_original_deletes_the_companion_and_its_files(companion):
    from resources.services.resources import resource_delete, resource_dir

    folder = resource_dir(companion)
    assert folder.exists()
    resource_delete(resource=companion.companion_of, user=companion.creator)
    assert not Resource.objects.filter(shortname__in=["ponds", PRECISE]).exists()
    assert not folder.exists()


def test_a_companion_takes_no_sources_or_mappings_of_its_own(companion, manager_user):
    from catalogue.models import Extension
    from core.errors import UserError
    from resources.jobs.sources import source_fetch_start, source_ingest_start
    from resources.services.mappings import mapping_create

    original = companion.companion_of
    with pytest.raises(UserError) as caught:
        source_ingest_start(
            resource=companion, user=manager_user, staged={"files": []}, enqueue=False
        )
    assert caught.value.code == "companion:sources"
    with pytest.raises(UserError):
        source_fetch_start(resource=companion, user=manager_user, url="https://example.org/a.csv")
    with pytest.raises(UserError):
        mapping_create(
            resource=companion,
            source=original.sources.first(),
            extension=Extension.objects.get(row_type=original.mappings.first().extension.row_type),
        )
    assert not companion.sources.exists() and not companion.mappings.exists()

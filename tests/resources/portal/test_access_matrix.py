"""Every public address and every API read endpoint of a resource, in each visibility state,
for each kind of viewer: the right status, and nothing of a hidden resource in the body.

New URL patterns must be added to the tables here (a test checks that none is missing).
"""

from __future__ import annotations

import gzip

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import Job, JobStatus
from publisher.models import Role
from resources.models import Validation, Visibility
from resources.services.mappings import template_save
from resources.services.publication import PUBLISH
from resources.services.publication.run import failed_flagged_path
from resources.services.publication.validation import validation_flagged_path
from resources.services.resources import resource_add_manager, resource_dir
from resources.services.sensitivity import policy_update
from tests.factories import UserFactory
from tests.resources.publication.conftest import OCCURRENCE

from .conftest import client_for, make_resource, publish_in_state

pytestmark = pytest.mark.django_db

TITLE = "Pond survey"
ROLES = ("anonymous", "plain", "other_manager", "creator", "co_manager", "admin")
ALLOWED = ("creator", "co_manager", "admin")
STATES = (Visibility.PRIVATE, Visibility.PUBLIC, Visibility.REGISTERED, Visibility.DELETED)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)

# Pages and files of one resource, by URL name: the addresses asked for.
RESOURCE_URLS = {
    "portal-archive": ["/archive.do?r=ponds", "/archive?r=ponds", "/archive.do?r=ponds&v=1.0"],
    "portal-datapackage": ["/datapackage.do?r=ponds", "/datapackage?r=ponds&v=1.0"],
    "portal-eml": ["/eml.do?r=ponds", "/eml?r=ponds&v=1.0"],
    "portal-metadata": ["/metadata.do?r=ponds"],
    "portal-rtf": ["/rtf.do?r=ponds&v=1.0", "/rtf?r=ponds"],
    "portal-logo": ["/logo.do?r=ponds"],
    "portal-publication-log": ["/publicationlog.do?r=ponds"],
    "portal-resource": [
        "/resource?r=ponds",
        "/resource.do?r=ponds",
        "/resource?id=ponds",
        "/resource?r=ponds&v=1.0",
    ],
    "portal-citation": [
        "/resource/citation?r=ponds&format=bibtex",
        "/resource/citation?r=ponds&v=1.0&format=ris",
        "/resource/citation?r=ponds&format=csl",
    ],
}
PREVIEW = "/resource/preview?r=ponds"
# Listings: does the resource appear, by state (and role for the managers' statuses)?
FEEDS = {
    "portal-rss": ["/rss.do", "/rss?r=ponds"],
    "portal-dcat": ["/dcat", "/dcat.do"],
    "portal-sitemap": ["/sitemap.xml"],
    "portal-inventory-v2": ["/inventory/v2/dataset", "/inventory/v2/dataset.do"],
    "home": ["/", "/?q=pond", "/?sort=title"],
}
NOT_RESOURCE_PAGES = {"home.do", "about.do", "resource-visibility"}  # redirects; POST form


def role_users(resource) -> dict:
    creator = resource.creator
    co_manager = UserFactory(role=Role.PUBLISHER)
    resource_add_manager(resource=resource, user=co_manager)
    return {
        "anonymous": None,
        "plain": UserFactory(role=Role.USER),
        "other_manager": UserFactory(role=Role.MANAGER),
        "creator": creator,
        "co_manager": co_manager,
        "admin": UserFactory(role=Role.ADMIN),
    }


@pytest.fixture(params=STATES)
def world(request, data_dir, manager):
    resource = make_resource(manager)
    # A sensitivity policy (naming a taxon the data lack), so that its API answers too.
    policy_update(resource=resource, user=manager, data={"taxa": [{"name": "Lynx lynx"}]})
    publish_in_state(resource, manager, request.param)
    (resource_dir(resource) / "logo.png").write_bytes(PNG)
    resource.refresh_from_db()
    assert resource.visibility == request.param
    return request.param, resource, role_users(resource)


def expected_page_status(state: str, role: str) -> int:
    if role in ALLOWED or state in (Visibility.PUBLIC, Visibility.REGISTERED):
        return 200
    return 410 if state == Visibility.DELETED else 404


def text_of(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8", errors="replace")


def test_pages_and_files_answer_by_visibility_and_role(world):
    state, resource, users = world
    for role, user in users.items():
        client = client_for(user)
        for urls in RESOURCE_URLS.values():
            for url in urls:
                response = client.get(url)
                wanted = expected_page_status(state, role)
                assert response.status_code == wanted, (state, role, url)
                if wanted != 200 and state != Visibility.DELETED:
                    assert TITLE not in text_of(response), (state, role, url)


def test_the_preview_is_for_the_resources_managers_only(world):
    state, resource, users = world
    for role, user in users.items():
        response = client_for(user).get(PREVIEW)
        if role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        elif role in ALLOWED:
            assert response.status_code == 200, role
        else:
            assert response.status_code == (410 if state == Visibility.DELETED else 404), role
            if state != Visibility.DELETED:  # the tombstone of a once-public resource has it
                assert TITLE not in text_of(response)


def test_feeds_list_the_resource_only_while_it_is_public(world):
    state, resource, users = world
    visible = state in (Visibility.PUBLIC, Visibility.REGISTERED)
    for role, user in users.items():
        client = client_for(user)
        for urls in FEEDS.values():
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, url
                content = text_of(response)
                assert ("ponds" in content) is visible, (state, role, url)
                if "sitemap" not in url:  # addresses only
                    assert (TITLE in content) is visible, (state, role, url)
        v1 = text_of(client.get("/inventory/dataset"))
        assert ("ponds" in v1) is (state == Visibility.REGISTERED), (state, role)


def test_inventory_statuses_show_private_and_deleted_resources_to_their_managers(world):
    state, resource, users = world
    for role, user in users.items():
        client = client_for(user)
        for status in STATES:
            content = text_of(client.get("/inventory/v2/dataset?status=" + status.upper()))
            listed = status == state and (
                role in ALLOWED or status in (Visibility.PUBLIC, Visibility.REGISTERED)
            )
            assert ("ponds" in content) is listed, (state, role, status)
            assert (TITLE in content) is listed, (state, role, status)


def api_urls(resource) -> dict[str, str]:
    mapping = resource.mappings.get(extension__row_type=OCCURRENCE)
    source = resource.sources.order_by("pk").first()
    args = {"shortname": resource.shortname}
    return {
        "api-resource-detail": reverse("api-resource-detail", kwargs=args),
        "api-source-list": reverse("api-source-list", kwargs=args),
        "api-source-detail": reverse("api-source-detail", kwargs={**args, "name": source.name}),
        "api-source-preview": reverse("api-source-preview", kwargs={**args, "name": source.name}),
        "api-source-derive": reverse("api-source-derive", kwargs={**args, "name": source.name}),
        "api-mapping-list": reverse("api-mapping-list", kwargs=args),
        "api-sensitivity": reverse("api-sensitivity", kwargs=args),
        "api-mapping-detail": reverse("api-mapping-detail", kwargs={**args, "pk": mapping.pk}),
        "api-mapping-preview": reverse("api-mapping-preview", kwargs={**args, "pk": mapping.pk}),
        "api-mapping-checks": reverse("api-mapping-checks", kwargs={**args, "pk": mapping.pk}),
        "api-mapping-translations": reverse(
            "api-mapping-translations", kwargs={**args, "pk": mapping.pk}
        )
        + "?term=http%3A%2F%2Frs.tdwg.org%2Fdwc%2Fterms%2FbasisOfRecord",
        "api-archive-preview": reverse("api-archive-preview", kwargs=args)
        + "?row_type="
        + OCCURRENCE,
        "api-version-list": reverse("api-version-list", kwargs=args),
        "api-version-detail": reverse("api-version-detail", kwargs={**args, "label": "1.0"}),
        "api-version-flagged": reverse("api-version-flagged", kwargs={**args, "label": "1.0"}),
        "api-metadata": reverse("api-metadata", kwargs=args),
        "api-metadata-validation": reverse("api-metadata-validation", kwargs=args),
        "api-metadata-inferred": reverse("api-metadata-inferred", kwargs=args),
        "api-metadata-citation": reverse("api-metadata-citation", kwargs=args),
        "api-metadata-settings": reverse("api-metadata-settings", kwargs=args),
        "api-resource-registration": reverse("api-resource-registration", kwargs=args),
        "api-resource-visibility": reverse("api-resource-visibility", kwargs=args),
        "api-manager-list": reverse("api-manager-list", kwargs=args),
        "api-publication-settings": reverse("api-publication-settings", kwargs=args),
        "api-version-archive": reverse("api-version-archive", kwargs={**args, "label": "1.0"}),
        "api-version-eml": reverse("api-version-eml", kwargs={**args, "label": "1.0"}),
        "api-attempt-flagged": reverse(
            "api-attempt-flagged", kwargs={**args, "job_id": _failed_attempt(resource).pk}
        ),
        "api-resource-export": reverse("api-resource-export", kwargs=args),
        "api-resource-networks": reverse("api-resource-networks", kwargs=args),
        "api-resource-doi": reverse("api-resource-doi", kwargs=args),
        **_validation_urls(resource),
    }


def _validation_urls(resource) -> dict[str, str]:
    """A latest validation with its flagged rows kept, as a validation leaves them."""
    validation, _created = Validation.objects.update_or_create(
        resource=resource, defaults={"flagged_name": "flagged-x.tsv.gz", "report": {"ok": True}}
    )
    path = validation_flagged_path(validation)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(b"file\tline\n"))
    args = {"shortname": resource.shortname}
    return {
        "api-validation": reverse("api-validation", kwargs=args),
        "api-validation-flagged": reverse("api-validation-flagged", kwargs=args),
    }


def _failed_attempt(resource) -> Job:
    """A failed publication with its flagged rows kept, as the publication leaves them."""
    job = Job.objects.create(kind=PUBLISH, status=JobStatus.FAILED, target=resource)
    path = failed_flagged_path(resource, job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(b"file\tline\n"))
    return job


def test_api_read_endpoints_answer_only_the_resources_managers(world):
    state, resource, users = world
    for role, user in users.items():
        client = client_for(user)
        for name, url in api_urls(resource).items():
            response = client.get(url)
            if role in ALLOWED:
                assert response.status_code == 200, (state, role, name)
            else:
                wanted = 401 if role == "anonymous" else 404
                assert response.status_code == wanted, (state, role, name)
                assert TITLE not in text_of(response), (state, role, name)
        listing = client.get(reverse("api-resource-list"))
        if role == "anonymous":
            assert listing.status_code == 401
        else:
            assert listing.status_code == 200
            assert ("ponds" in text_of(listing)) is (role in ALLOWED), (state, role)


def test_shared_contacts_and_templates_of_a_resource_reach_others_only_once_public(world):
    """The people of a resource's metadata and the templates saved from its mappings are
    listed to its managers always, to other managers only while a public version shows."""
    state, resource, users = world
    template_save(resource=resource, name="Ponds template", by=resource.creator)
    for role, user in users.items():
        client = client_for(user)
        contacts = client.get(reverse("api-contact-list"))
        templates = client.get(reverse("api-template-list"))
        if role in ("anonymous", "plain"):
            wanted = 401 if role == "anonymous" else 403
            assert (contacts.status_code, templates.status_code) == (wanted, wanted), role
            continue
        seen = role in ALLOWED or state in (Visibility.PUBLIC, Visibility.REGISTERED)
        assert ("ann@example.org" in text_of(contacts)) is seen, (state, role)
        assert ("Ponds template" in text_of(templates)) is seen, (state, role)


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _reads_a_resource(route: str, pattern: URLPattern) -> bool:
    view = getattr(pattern.callback, "view_class", None)
    return "shortname" in route and view is not None and hasattr(view, "get")


def test_every_api_read_endpoint_of_a_resource_is_in_the_matrix():
    routes = dict(_patterns(get_resolver()))
    names = {p.name for route, p in routes.items() if _reads_a_resource(route, p)}
    listed = {
        "api-resource-detail",
        "api-source-list",
        "api-source-detail",
        "api-source-preview",
        "api-source-derive",
        "api-mapping-list",
        "api-mapping-detail",
        "api-mapping-preview",
        "api-mapping-checks",
        "api-mapping-translations",
        "api-archive-preview",
        "api-version-list",
        "api-version-detail",
        "api-version-flagged",
        "api-metadata",
        "api-metadata-validation",
        "api-metadata-inferred",
        "api-metadata-citation",
        "api-metadata-settings",
        "api-resource-registration",
        "api-resource-visibility",
        "api-manager-list",
        "api-publication-settings",
        "api-version-archive",
        "api-version-eml",
        "api-attempt-flagged",
        "api-resource-export",
        "api-validation",
        "api-validation-flagged",
        "api-resource-networks",
        "api-resource-doi",
        "api-sensitivity",
    }
    assert names == listed


def test_every_public_address_is_in_the_matrix():
    from resources.portal import urls

    names = {p.name for p in urls.urlpatterns if p.name} - NOT_RESOURCE_PAGES
    covered = set(RESOURCE_URLS) | set(FEEDS) | {"portal-preview", "portal-inventory"}
    assert names <= covered, names - covered


def test_a_resource_deleted_while_private_keeps_its_title_off_the_tombstone(data_dir, manager):
    from resources.services.visibility import resource_withdraw

    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PRIVATE)
    resource_withdraw(resource=resource, user=manager)
    response = client_for(None).get("/resource?r=ponds")
    assert response.status_code == 410
    assert "ponds" in text_of(response) and TITLE not in text_of(response)


# --- the access-limited companion (issue #24) -------------------------------------------------

COMPANION_SEES = (*ALLOWED, "reader")


@pytest.fixture
def companion_world(data_dir, manager):
    """The public pond survey and its private companion (a version published privately), with
    every kind of viewer and a reader the managers named."""
    from resources.services.companions import companion_create, companion_reader_add

    from .conftest import fake_version

    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PUBLIC)
    companion = companion_create(resource=resource, user=manager)
    fake_version(companion, visibility=Visibility.PRIVATE)
    (resource_dir(companion) / "logo.png").write_bytes(PNG)
    users = role_users(companion)
    users["reader"] = UserFactory(role=Role.USER)
    companion_reader_add(resource=companion, user=manager, email=users["reader"].email)
    return companion, users


def _of_companion(url: str, companion) -> str:
    return url.replace("=ponds", "=" + companion.shortname)


def test_the_companion_answers_its_managers_and_readers_only(companion_world):
    companion, users = companion_world
    for role, user in users.items():
        client = client_for(user)
        for name, urls in RESOURCE_URLS.items():
            for url in urls:
                if name in ("portal-publication-log", "portal-datapackage"):
                    continue  # a version faked without a publication has no log, no package
                response = client.get(_of_companion(url, companion))
                wanted = 200 if role in COMPANION_SEES else 404
                assert response.status_code == wanted, (role, url)
                if wanted == 404:
                    assert companion.title not in text_of(response), (role, url)


def test_the_companion_is_in_no_feed_and_its_api_is_for_managers(companion_world):
    companion, users = companion_world
    for role, user in users.items():
        client = client_for(user)
        for urls in FEEDS.values():
            for url in urls:
                assert companion.shortname not in text_of(client.get(url)), (role, url)
        detail = client.get(
            reverse("api-resource-detail", kwargs={"shortname": companion.shortname})
        )
        wanted = 200 if role in ALLOWED else (401 if role == "anonymous" else 404)
        assert detail.status_code == wanted, role

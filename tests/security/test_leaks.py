"""What one user must not learn of another's work (issue #16): the people entered in a
private resource's metadata, the mapping templates saved from it, and the unpublished
working title of a public resource on any public surface."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from metadata.eml.model import Agent
from metadata.models import ContactCopy, SharedContact
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from resources.models import MappingTemplate, Version, Visibility
from resources.services.mappings import template_save
from resources.services.visibility import resource_withdraw
from tests.factories import ResourceFactory, UserFactory
from tests.metadata.test_pages_editor import form_data, page
from tests.resources.portal.conftest import make_resource, publish_in_state

pytestmark = pytest.mark.django_db

SECRET = Agent(
    given_name="Zed",
    sur_name="Hidden",
    emails=["zed@private.example.org"],
    phones=["+41 555 0101"],
    delivery_points=["1 Secret Lane"],
)
PUBLISHED_TITLE = "Alpha newts census"
DRAFT_TITLE = "Bravo unpublished draft"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def stranger(db):
    return UserFactory(role=Role.MANAGER)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _set_title(resource, title: str, user=None) -> None:
    doc = metadata_get(resource)
    doc.titles[0].text = title
    metadata_save(resource, doc, user=user)


# --- shared contacts (item 2) ------------------------------------------------------------------


@pytest.fixture
def private_contact(owner):
    resource = ResourceFactory(shortname="secret-ponds", creator=owner)
    doc = metadata_get(resource)
    doc.contacts = [SECRET]
    metadata_save(resource, doc, user=owner)
    return SharedContact.objects.get(label="Zed Hidden")


def _api_contacts(user) -> str:
    response = api(user).get("/api/v1/contacts/", {"page_size": 100})
    assert response.status_code == 200
    return response.content.decode()


def test_contacts_of_a_private_resource_are_hidden_from_other_managers(
    private_contact, owner, stranger, admin_user
):
    assert "zed@private.example.org" not in _api_contacts(stranger)
    assert "Secret Lane" not in _api_contacts(stranger)
    assert "zed@private.example.org" in _api_contacts(owner)
    assert "zed@private.example.org" in _api_contacts(admin_user)


def test_the_contact_picker_neither_suggests_nor_fills_a_private_contact(private_contact, stranger):
    ResourceFactory(shortname="mine", creator=stranger)
    client = browser(stranger)
    url = reverse("metadata-contact-suggest", args=["mine"])
    response = client.get(url, {"contacts[0].__contact": "zed"})
    assert response.status_code == 200
    assert "Zed" not in response.content.decode()
    edit = reverse("metadata-edit", args=["mine", "contacts"])
    data = form_data(client.get(edit))
    data["op"] = ["add:contacts"]
    data = form_data(client.post(edit, data))
    data["op"] = ["pick:contacts[0]:%d" % private_contact.pk]
    filled = page(client.post(edit, data)).xpath('//input[@name="contacts[0].sur_name"]/@value')
    assert filled in ([], [""])


def test_contacts_of_a_published_public_version_are_offered_to_every_manager(
    data_dir, owner, stranger
):
    resource = make_resource(owner)
    assert "ann@example.org" not in _api_contacts(stranger)  # private and unpublished
    publish_in_state(resource, owner, Visibility.PUBLIC)
    assert "ann@example.org" in _api_contacts(stranger)


# --- one person in a public and in a private resource (item 2) -----------------------------

PAT_PUBLIC = Agent(given_name="Pat", sur_name="Shared", emails=["pat@shared.example.org"])
PAT_PRIVATE = Agent(
    given_name="Pat",
    sur_name="Shared",
    emails=["pat@shared.example.org"],
    phones=["+41 555 0199"],
    position="Undercover ranger",
)
PHONE = "+41 555 0199"


def _name_in(resource, agent: Agent, user) -> None:
    doc = metadata_get(resource)
    doc.contacts = [*doc.contacts, agent]
    metadata_save(resource, doc, user=user)


@pytest.fixture
def pat_in_public_and_private(data_dir, owner, stranger):
    """Pat published without a phone in ``owner``'s public resource, then entered with a phone
    and a position in ``stranger``'s private one."""
    public = make_resource(owner)
    _name_in(public, PAT_PUBLIC, owner)
    publish_in_state(public, owner, Visibility.PUBLIC)
    _name_in(ResourceFactory(shortname="secret-ponds", creator=stranger), PAT_PRIVATE, stranger)
    assert PHONE in str(SharedContact.objects.get(key="email:pat@shared.example.org").agent)
    return SharedContact.objects.get(key="email:pat@shared.example.org")


def _pat_in_api(user, query: str = "") -> str:
    response = api(user).get("/api/v1/contacts/", {"page_size": 100, "q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_shared_person_shows_others_only_the_values_of_resources_they_may_see(
    pat_in_public_and_private, owner, stranger, admin_user
):
    third = UserFactory(role=Role.MANAGER)
    for user in (owner, third):
        body = _pat_in_api(user, "pat")
        assert "pat@shared.example.org" in body
        assert PHONE not in body and "Undercover" not in body
        assert "pat@shared.example.org" not in _pat_in_api(user, "undercover")
    assert PHONE in _pat_in_api(stranger, "undercover")
    assert PHONE in _pat_in_api(admin_user, "pat")


def test_picking_a_shared_person_fills_only_the_values_others_may_see(
    pat_in_public_and_private, stranger
):
    third = UserFactory(role=Role.MANAGER)
    ResourceFactory(shortname="mine", creator=third)
    client = browser(third)
    url = reverse("metadata-contact-suggest", args=["mine"])
    suggested = client.get(url, {"contacts[0].__contact": "pat"}).content.decode()
    assert "Pat Shared" in suggested
    assert "Pat" not in client.get(url, {"contacts[0].__contact": "undercover"}).content.decode()
    edit = reverse("metadata-edit", args=["mine", "contacts"])
    data = form_data(client.get(edit))
    data["op"] = ["add:contacts"]
    data = form_data(client.post(edit, data))
    data["op"] = ["pick:contacts[0]:%d" % pat_in_public_and_private.pk]
    filled = page(client.post(edit, data))
    assert filled.xpath('//input[@name="contacts[0].sur_name"]/@value') == ["Shared"]
    values = " ".join(filled.xpath("//input/@value"))
    assert "555 0199" not in values and "Undercover" not in values


def test_the_migration_fills_what_each_origin_said_about_a_contact(
    pat_in_public_and_private, owner, stranger
):
    ContactCopy.objects.all().delete()
    _migration("metadata", "0004_contact_copies").copies_from_documents(django_apps, None)
    copies = ContactCopy.objects.filter(contact=pat_in_public_and_private)
    published = copies.get(published=True)
    assert published.resource.creator == owner and PHONE not in str(published.agent)
    assert PHONE in str(copies.get(published=False, resource__creator=stranger).agent)
    assert PHONE not in _pat_in_api(owner, "pat")
    assert PHONE in _pat_in_api(stranger, "pat")


# --- mapping templates (item 2) ----------------------------------------------------------------


def _api_templates(user) -> list[str]:
    response = api(user).get("/api/v1/mapping-templates/")
    assert response.status_code == 200
    return [t["name"] for t in response.json()]


def test_templates_of_a_private_resource_are_hidden_from_other_managers(
    data_dir, owner, stranger, admin_user
):
    resource = make_resource(owner)
    template = template_save(resource=resource, name="Secret ponds", by=owner)
    assert "Secret ponds" not in _api_templates(stranger)
    assert "Secret ponds" in _api_templates(owner)
    assert "Secret ponds" in _api_templates(admin_user)
    ResourceFactory(shortname="mine", creator=stranger)
    applied = api(stranger).post(
        "/api/v1/mapping-templates/%d/apply" % template.pk, {"resource": "mine"}, format="json"
    )
    assert applied.status_code == 404
    picker = browser(stranger).get(reverse("mapping-templates", args=["mine"]))
    assert "Secret ponds" not in picker.content.decode()
    chosen = browser(stranger).post(
        reverse("mapping-templates", args=["mine"]), {"template": template.pk}
    )
    assert chosen.status_code == 400


def test_templates_of_a_published_public_resource_are_offered_to_every_manager(
    data_dir, owner, stranger
):
    resource = make_resource(owner)
    publish_in_state(resource, owner, Visibility.PUBLIC)
    template_save(resource=resource, name="Public ponds", by=owner)
    assert MappingTemplate.objects.get(name="Public ponds").resource == resource
    assert "Public ponds" in _api_templates(stranger)


# --- draft titles on public surfaces (item 5) --------------------------------------------------


@pytest.fixture
def public_with_draft(data_dir, owner):
    """Published public with title A, then the working title changed to B, unpublished."""
    resource = make_resource(owner)
    _set_title(resource, PUBLISHED_TITLE, owner)
    publish_in_state(resource, owner, Visibility.PUBLIC)
    _set_title(resource, DRAFT_TITLE, owner)
    resource.refresh_from_db()
    assert resource.title == DRAFT_TITLE  # the working title did change
    cache.clear()
    return resource


SURFACES = (
    "/",
    "/?q=newts",
    "/?sort=title",
    "/inventory/v2/dataset",
    "/rss.do",
    "/rss?r=ponds",
    "/dcat",
    "/resource?r=ponds",  # with its JSON-LD
    "/resource?r=ponds&v=1.0",
    "/eml.do?r=ponds",
)


def test_anonymous_sees_only_the_published_title_on_every_public_surface(public_with_draft):
    client = Client()
    for url in SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode()
        assert PUBLISHED_TITLE in body, url
        assert DRAFT_TITLE not in body, url
    assert DRAFT_TITLE not in client.get("/sitemap.xml").content.decode()


def test_the_draft_title_finds_nothing_in_the_public_search(public_with_draft):
    assert "?r=ponds" not in Client().get("/", {"q": "bravo"}).content.decode()


def test_the_registered_inventory_shows_only_the_published_title(data_dir, owner):
    resource = make_resource(owner)
    _set_title(resource, PUBLISHED_TITLE, owner)
    publish_in_state(resource, owner, Visibility.REGISTERED)
    _set_title(resource, DRAFT_TITLE, owner)
    cache.clear()
    body = Client().get("/inventory/dataset").content.decode()
    assert PUBLISHED_TITLE in body and DRAFT_TITLE not in body


def test_the_tombstone_shows_the_published_title_not_the_draft(public_with_draft, owner):
    resource_withdraw(resource=public_with_draft, user=owner)
    response = Client().get("/resource?r=ponds")
    assert response.status_code == 410
    body = response.content.decode()
    assert PUBLISHED_TITLE in body and DRAFT_TITLE not in body


# --- short names (item 13) ---------------------------------------------------------------------


def test_a_private_short_name_answers_taken_and_nothing_more(owner, stranger):
    """Short names are unique, so a private one is "taken"; the answer is the same as for a
    public one and names only what the asker typed: no title, owner, case or visibility."""
    ResourceFactory(shortname="secret-ponds", title="Zed's hidden survey", creator=owner)
    ResourceFactory(shortname="open-ponds", visibility=Visibility.PUBLIC, creator=owner)
    answers = {}
    for typed in ("SECRET-Ponds", "OPEN-Ponds"):
        response = api(stranger).post("/api/v1/resources/", {"shortname": typed}, format="json")
        assert response.status_code == 400
        answers[typed] = response.json()
    for typed, body in answers.items():
        assert body["code"] == "resource:shortname-taken"
        assert body["message"] == "The short name %s is taken; choose another." % typed
        assert not body.get("details")
        assert "hidden" not in str(body) and owner.email not in str(body)


# --- existing installations: the migrations fill what the rules read ---------------------------


def _migration(app: str, name: str):
    return importlib.import_module("%s.migrations.%s" % (app, name))


def test_the_migrations_fill_published_titles_and_contact_origins(data_dir, owner, stranger):
    resource = make_resource(owner)
    _set_title(resource, PUBLISHED_TITLE, owner)
    publish_in_state(resource, owner, Visibility.PUBLIC)
    _set_title(resource, DRAFT_TITLE, owner)
    private_only = ResourceFactory(shortname="secret-ponds", creator=owner)
    doc = metadata_get(private_only)
    doc.contacts = [SECRET]
    metadata_save(private_only, doc, user=owner)
    Version.objects.update(title="")  # as before the migrations
    for contact in SharedContact.objects.all():
        contact.resources.clear()
        contact.published_in.clear()
    _migration("resources", "0012_version_title").titles_from_published_eml(django_apps, None)
    _migration("metadata", "0003_contact_origins").origins_from_documents(django_apps, None)
    assert resource.versions.get().title == PUBLISHED_TITLE
    assert "ann@example.org" in _api_contacts(stranger)
    assert "zed@private.example.org" not in _api_contacts(stranger)
    assert "zed@private.example.org" in _api_contacts(owner)


def test_contacts_of_a_privately_published_version_stay_hidden_once_public(
    data_dir, owner, stranger
):
    resource = make_resource(owner)
    doc = metadata_get(resource)
    doc.contacts = [*doc.contacts, SECRET]
    metadata_save(resource, doc, user=owner)
    publish_in_state(resource, owner, Visibility.PRIVATE)  # Zed published, but privately
    doc.contacts = doc.contacts[:1]
    metadata_save(resource, doc, user=owner)
    publish_in_state(resource, owner, Visibility.PUBLIC)  # the public version lacks Zed
    assert "ann@example.org" in _api_contacts(stranger)
    assert "zed@private.example.org" not in _api_contacts(stranger)

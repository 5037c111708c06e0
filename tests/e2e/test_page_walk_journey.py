"""An admin walks through every kind of page of the product, then a visitor walks the public
ones, at 1280 px and at 390 px: every page fits the window and axe-core finds no serious or
critical accessibility violation on it.

The walk collects the problems of all pages before failing, so one run shows everything to
fix. Pages are visited by address: other journeys test how people get there.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from catalogue.models import Extension, Vocabulary
from core.models import Job
from publisher.models import Role
from publisher.services.accounts import email_change_token
from publisher.services.installation import installation_settings_update
from publisher.services.organisations import organisation_add
from resources.models import Resource, Visibility
from resources.services.resources import resource_create
from resources.services.visibility import resource_withdraw
from tests.e2e.checks import WIDTHS, assert_page_ok
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.registry_server import RegistryServer
from tests.resources.portal.conftest import fake_published, fake_version, publish_in_state
from tests.resources.publication.conftest import EVENT, make_resource, publish_inline
from workflows.bulk import bulk_publish_start
from workflows.versions import version_delete

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOKEN = "pond-token"
API_DOCS = "/api/v1/docs/"
NOT_FOUND = "/no/such/page/"
DELETED_VERSION = "/resource?r=ponds&v=1.2"
METADATA_SECTIONS = ("basic", "contacts", "geocoverage", "taxcoverage", "keywords", "project")


@pytest.fixture
def registry():
    server = RegistryServer()
    server.add_network("Amphibian Network")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def product(data_dir, registry) -> dict:
    """A resource with sources, mappings, metadata and two published versions; a draft with
    nothing; a withdrawn one; an organisation; and the addresses that need their ids."""
    admin = UserFactory(role=Role.ADMIN, email="admin@example.org")
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    installation_settings_update(registry_environment="custom", registry_custom_url=registry.url)
    organisation = organisation_add(
        key=registry.add_organisation("Pond Society", token=TOKEN), token=TOKEN
    )
    ponds = make_resource(admin, "ponds")
    publish_in_state(ponds, admin, Visibility.PUBLIC)
    publish_inline(ponds, admin, change_summary="Second release")
    fake_version(ponds, "1.2")  # deleted: its landing page answers 410, the history says why
    version_delete(version=ponds.versions.get(label="1.2"), by=admin, reason="Leaked data.")
    resource_create(shortname="draft", creator=admin, title="Draft survey")
    gone = fake_published(Visibility.PUBLIC, title="Withdrawn survey")
    Resource.objects.filter(pk=gone.pk).update(shortname="withdrawn")
    gone.refresh_from_db()
    resource_withdraw(resource=gone, user=gone.creator)
    return {
        "mapping": ponds.mappings.get(extension__row_type=EVENT).pk,
        "job": Job.objects.filter(target_id=str(ponds.pk)).latest("created_at").pk,
        "extension": Extension.objects.get(row_type=EVENT).pk,
        "vocabulary": _vocabulary_with_an_update(),
        "organisation": organisation.pk,
        "admin": admin.pk,
        "manager": manager.pk,
        "email_token": email_change_token(user=admin, new_email="new.admin@example.org"),
        "bulk": bulk_publish_start(resources=[ponds], user=admin, enqueue=False).pk,
    }


def _vocabulary_with_an_update() -> int:
    """The first vocabulary, offered a newer version without its first concept (its page
    shows the update preview)."""
    vocabulary = Vocabulary.objects.order_by("pk").first()
    concepts = [{"identifier": c.identifier} for c in vocabulary.concepts.all()[1:]]
    vocabulary.latest_issued = date(2030, 1, 1)
    vocabulary.latest_url = "https://rs.gbif.org/vocabulary/newer.xml"
    vocabulary.latest_preview = {"concepts": concepts}
    vocabulary.save()
    return vocabulary.pk


def admin_pages(ids: dict) -> list[str]:
    ponds = "/manage/resources/ponds/"
    mapping = "%smappings/%s/" % (ponds, ids["mapping"])
    return [
        "/",
        "/?q=pond",
        "/?q=nothing+matches+this",
        "/about/",
        "/account/",
        "/account/token/",
        "/account/password/",
        "/account/email/",
        "/account/email/confirm/%s/" % ids["email_token"],
        "/manage/",
        "/manage/resources/new/",
        "/manage/resources/import/",
        ponds,
        ponds + "edit/",
        ponds + "sources/event/",
        ponds + "sources/event/derive/",
        ponds + "mappings/new/",
        ponds + "mappings/templates/",
        mapping,
        mapping + "preview/",
        *["%smetadata/%s/" % (ponds, section) for section in METADATA_SECTIONS],
        ponds + "metadata/import/",
        "/manage/resources/draft/",
        "/manage/resources/draft/metadata/keywords/",
        ponds + "publication/settings/",
        ponds + "versions/",
        ponds + "versions/1.0/report/",
        ponds + "versions/1.1/delete/",
        ponds + "sensitivity/",
        ponds + "republish/",
        "/jobs/%s/" % ids["job"],
        "/resource?r=ponds",
        "/resource?r=ponds&v=1.0",
        DELETED_VERSION,
        "/resource/preview?r=ponds",
        "/resource?r=draft",
        "/admin/bulk/",
        "/admin/bulk/?changed=1",
        "/admin/bulk/%s/" % ids["bulk"],
        "/admin/users/",
        "/admin/users/new/",
        "/admin/users/%s/" % ids["admin"],
        "/admin/users/%s/delete/" % ids["manager"],
        "/admin/organisations/",
        "/admin/organisations/new/",
        "/admin/organisations/%s/" % ids["organisation"],
        "/admin/taxon-lists/",
        "/admin/taxon-lists/new/",
        "/admin/settings/",
        "/admin/status/",
        "/admin/registration/",
        "/admin/registration/networks/",
        "/admin/extensions/",
        "/admin/extensions/%s/" % ids["extension"],
        "/admin/vocabularies/%s/" % ids["vocabulary"],
        "/extensions/",
        "/extensions/%s/" % ids["extension"],
        "/vocabularies/",
        "/vocabularies/%s/" % ids["vocabulary"],
        API_DOCS,
        NOT_FOUND,
    ]


def anonymous_pages(ids: dict) -> list[str]:
    return [
        "/",
        "/?q=pond",
        "/about/",
        "/login/",
        "/password/reset/",
        "/password/reset/sent/",
        "/password/reset/MQ/no-such-token/",
        "/password/reset/done/",
        "/resource?r=ponds",
        "/resource?r=withdrawn",
        DELETED_VERSION,
        "/extensions/",
        "/extensions/%s/" % ids["extension"],
        "/vocabularies/",
        "/vocabularies/%s/" % ids["vocabulary"],
        API_DOCS,
        NOT_FOUND,
    ]


def _check(page, where: str, problems: list[str]) -> None:
    try:
        assert_page_ok(page, where)
    except AssertionError as problem:
        problems.append(str(problem))


def _walk(page, paths: list[str], problems: list[str]) -> None:
    """Visit each path; a withdrawn resource answers 410 (its tombstone), NOT_FOUND 404."""
    for path in paths:
        response = page.goto(path)
        status = response.status if response else None
        gone = "withdrawn" in path or path == DELETED_VERSION
        expected = 404 if path == NOT_FOUND else 410 if gone else 200
        if status != expected:
            problems.append("%s answered %s, not %s" % (path, status, expected))
        if path == API_DOCS:  # Swagger UI draws the operations once it has read the schema
            page.locator(".opblock").first.wait_for()
        _check(page, path, problems)


def _metadata_error(page, problems: list[str]) -> None:
    """The basic section of the draft, saved without a title: its validation error shown."""
    page.goto("/manage/resources/draft/metadata/basic/")
    page.locator(".md-form input[name='titles[0].text']").fill("")
    page.get_by_test_id("metadata-save").click()
    expect(page.locator(".field-error", has_text="A title is required.")).to_be_visible()
    _check(page, "the basic metadata with an error", problems)


def _forbidden(page, problems: list[str]) -> None:
    """A manager opening the administration: the 403 page."""
    log_in(page, "manager@example.org")
    response = page.goto("/admin/users/")
    assert response is not None and response.status == 403
    _check(page, "403 page", problems)
    page.get_by_role("button", name="Log out").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_window_and_passes_axe(page, product, width):
    page.set_viewport_size(WIDTHS[width])
    problems: list[str] = []
    log_in(page, "admin@example.org")
    _walk(page, admin_pages(product), problems)
    _metadata_error(page, problems)
    page.get_by_role("button", name="Log out").click()
    _forbidden(page, problems)
    _walk(page, anonymous_pages(product), problems)
    assert problems == [], "At %s px:\n\n%s" % (width, "\n\n".join(problems))


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page):
    page.goto("/about/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # shown once focused
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


@pytest.mark.parametrize("language", ["ru", "ja"])
def test_dated_pages_fit_a_narrow_window_in_other_languages(page, live_server, product, language):
    """Dates in the page's language are longer (Russian) or in another script (Japanese)."""
    page.set_viewport_size(WIDTHS["390"])
    log_in(page, "admin@example.org")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    problems: list[str] = []
    _walk(page, ["/manage/", "/manage/resources/ponds/", "/resource?r=ponds"], problems)
    _walk(page, ["/admin/extensions/", "/manage/resources/ponds/versions/"], problems)
    expect(page.locator("html")).to_have_attribute("lang", language)
    # Russian dates read "6 декабря 2026 г. 10:56", Japanese ones "2026年12月6日10:56".
    dated = page.get_by_test_id("versions").locator("time").first
    expect(dated).to_contain_text({"ru": " г. ", "ja": "年"}[language])
    assert problems == [], "In %s:\n\n%s" % (language, "\n\n".join(problems))

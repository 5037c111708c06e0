"""A manager publishes in Japanese and in Spanish from login to landing page, and the main
pages are walked in French, Portuguese, Russian and Traditional Chinese: every page says
``<html lang>`` in the language asked for and shows no English interface string (a msgid that
the language translates), only data, names and standard term names.

The browser asks for the language as a visitor's would, through Accept-Language. Every page
is checked before the test fails, so one run lists all the strings left in English. Buttons
and fields are found by name and test id, never by their (translated) text.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Concept, Extension, ExtensionProperty, Vocabulary
from metadata.eml.validate import SECTIONS
from publisher.models import Role
from resources.models import Resource, Visibility
from resources.services.demo import DEMO_DIR
from tests.e2e.checks import WIDTHS
from tests.e2e.conftest import CSP_LISTENER, csp_violations
from tests.e2e.untranslated import untranslated
from tests.factories import PASSWORD, UserFactory
from tests.resources.portal.conftest import publish_in_state
from tests.resources.publication.conftest import EVENT, make_resource, valid_metadata

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The words do not depend on the window: the wide run of CI is enough.
    pytest.mark.skipif(
        os.environ.get("E2E_WIDTH", "1280") != "1280", reason="languages: wide run only"
    ),
]

# The browser locale that asks for each interface language.
LOCALES = {
    "es": "es-ES",
    "fr": "fr-FR",
    "pt": "pt-BR",
    "ru": "ru-RU",
    "zh-hant": "zh-TW",
    "ja": "ja-JP",
}
JOB_TIMEOUT = 60_000
SUCCEEDED = re.compile(r"\bbadge-succeeded\b")


def standard_names() -> frozenset[str]:
    """What the installed extensions and vocabularies call their terms and concepts: names
    of a standard, not interface strings, even where one equals a msgid ("Year", "Text")."""
    names: set[str] = set()
    for name, label, translations in ExtensionProperty.objects.values_list(
        "name", "label", "translations"
    ):
        names.update([name, label, *_strings(translations)])
    names.update(Extension.objects.values_list("title", flat=True))
    names.update(Vocabulary.objects.values_list("title", flat=True))
    for identifier, labels in Concept.objects.values_list("identifier", "labels"):
        names.update([identifier, *_strings(labels)])
    return frozenset(name for name in names if name)


def _strings(value) -> list[str]:
    """The strings of a JSON value: a dict of labels by language, or lists of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


class Walk:
    """A browser page in one language that records what each visited page leaves in English."""

    def __init__(self, page, language: str):
        self.page = page
        self.language = language
        self.names = standard_names()
        self.found: list[str] = []

    def check(self, label: str = "") -> None:
        page = self.page
        page.wait_for_load_state("load")
        where = "%s %s" % (page.url, label) if label else page.url
        lang = page.locator("html").get_attribute("lang")
        if lang != self.language:
            self.found.append('%s: <html lang="%s">, not %s' % (where, lang, self.language))
        self.found.extend(
            "%s: %s" % (where, text) for text in untranslated(page, self.language, self.names)
        )

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, "%s answered %s" % (path, response)
        self.check()

    def assert_clean(self) -> None:
        assert self.found == [], "In %s, %d English strings:\n%s" % (
            self.language,
            len(self.found),
            "\n".join(self.found),
        )


@pytest.fixture
def in_language(browser, live_server):
    """Opens a page whose browser asks for a language; checks its CSP at the end."""
    opened = []

    def open_page(language: str) -> Walk:
        context = browser.new_context(
            base_url=live_server.url, locale=LOCALES[language], viewport=WIDTHS["1280"]
        )
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.set_default_timeout(30_000)
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        opened.append((context, page, console))
        return Walk(page, language)

    yield open_page
    for context, page, console in opened:
        violations = csp_violations(page, console)
        context.close()
        assert violations == [], "The Content Security Policy blocked: %s" % violations


def _log_in(walk: Walk, email: str) -> None:
    page = walk.page
    walk.visit("/")
    page.locator('a[href^="/login/"]').first.click()
    walk.check()
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('main form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/manage/$"))
    walk.check()


def _log_out(walk: Walk) -> None:
    walk.page.locator('form[action$="/logout/"] button').click()
    walk.page.wait_for_load_state("load")


def _wait_for_job(walk: Walk, label: str) -> None:
    status = walk.page.get_by_test_id("job-status").first
    expect(status).to_have_class(SUCCEEDED, timeout=JOB_TIMEOUT)
    walk.check(label)


def _create_and_upload(walk: Walk) -> Resource:
    page = walk.page
    page.get_by_test_id("resource-new").click()
    walk.check()
    page.locator('input[name="shortname"]').fill("ponds")
    page.locator('input[name="title"]').fill("Pond survey")
    page.locator('main form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/$"))
    walk.check("new resource")
    page.wait_for_load_state("load")  # the deferred upload script attached
    page.get_by_test_id("upload-form").locator('input[type="file"]').set_input_files(
        str(DEMO_DIR / "event.csv")
    )
    page.get_by_test_id("upload-form").locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"\?job=[0-9a-f-]+"))
    _wait_for_job(walk, "upload")
    return Resource.objects.get(shortname="ponds")


def _map_event_core(walk: Walk, resource: Resource) -> None:
    page = walk.page
    page.get_by_test_id("mapping-new").click()
    walk.check()
    source = resource.sources.get(name="event")
    form = page.get_by_test_id("mapping-new-form")
    form.locator('select[name="source"]').select_option(str(source.pk))
    extension = Extension.objects.get(row_type=EVENT)
    form.locator('select[name="extension"]').select_option(str(extension.pk))
    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/mappings/\d+/$"))
    walk.check("mapped automatically")
    page.locator('#mapping-form button[type="submit"]').last.click()
    expect(page.locator(".msg-success")).to_be_visible()
    walk.check("mapping saved")
    page.get_by_test_id("preview-link").click()
    expect(page.get_by_test_id("mapping-preview")).to_be_visible()
    walk.check("preview")


def _metadata(walk: Walk, resource: Resource) -> None:
    """The editor's sections, once the metadata is complete; the basic one saved."""
    valid_metadata(resource)
    for section in SECTIONS:
        walk.visit("/manage/resources/ponds/metadata/%s/" % section)
    walk.visit("/manage/resources/ponds/metadata/basic/")
    walk.page.get_by_test_id("metadata-save").click()
    expect(walk.page.locator(".msg-success")).to_be_visible()
    walk.check("metadata saved")


def _validate_and_publish(walk: Walk) -> None:
    page = walk.page
    walk.visit("/manage/resources/ponds/#publication")
    page.get_by_test_id("make-public").click()
    walk.check("made public")
    page.get_by_test_id("validate").click()
    _wait_for_job(walk, "validated")
    confirm = page.locator('input[name="warnings_read"]')
    if confirm.count():
        confirm.check()
    page.get_by_test_id("publish").click()
    _wait_for_job(walk, "published")
    walk.visit("/manage/resources/ponds/versions/")
    walk.visit("/manage/resources/ponds/versions/1.0/report/")


@pytest.mark.integration
@pytest.mark.parametrize("language", ["ja", "es"])
def test_manager_publishes_in_the_language_and_meets_no_english(
    in_language, celery_worker_process, language
):
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    walk = in_language(language)
    _log_in(walk, "manager@example.org")
    resource = _create_and_upload(walk)
    _map_event_core(walk, resource)
    _metadata(walk, resource)
    _validate_and_publish(walk)
    walk.visit("/manage/resources/ponds/")
    walk.visit("/resource?r=ponds")
    _log_out(walk)
    walk.check("logged out")
    for path in ("/", "/about/", "/resource?r=ponds"):
        walk.visit(path)
    walk.assert_clean()


@pytest.mark.parametrize("language", ["fr", "pt", "ru", "zh-hant"])
def test_main_pages_show_no_english_in_the_language(in_language, data_dir, language):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = make_resource(manager, "ponds")
    publish_in_state(resource, manager, Visibility.PUBLIC)
    mapping = resource.mappings.get(extension__row_type=EVENT)
    walk = in_language(language)
    _log_in(walk, "manager@example.org")
    walk.visit("/manage/resources/ponds/")
    walk.visit("/manage/resources/ponds/mappings/%s/" % mapping.pk)
    walk.visit("/resource?r=ponds")
    walk.assert_clean()

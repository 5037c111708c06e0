"""Darwin Core in the user's language: the built-in catalogue ships the official definitions'
term translations and labels written for this project, and the pages show them."""

# The fixtures come from the mapping pages' tests; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest
from django.utils import translation

from catalogue import definitions as cat
from catalogue.definitions.builtin import builtin_extensions, builtin_vocabularies, written_labels
from catalogue.models import Concept, Extension, ExtensionProperty
from catalogue.services.install import catalogue_refresh_builtin_texts
from catalogue.terms import term_label, term_texts, ui_languages
from tests.catalogue.test_library import OFFICIAL
from tests.resources.conftest import EXTENSIONS
from tests.resources.test_mapping_help import _popover
from tests.resources.test_mapping_pages import (  # noqa: F401 (fixtures)
    _url,
    client,
    creator,
    event_mapping,
    events,
    resource,
)

UI_LANGUAGES = ("es", "fr", "pt", "ru", "zh-hant", "ja")
# Extensions a sampling-event dataset uses: every term has a label in each UI language.
SAMPLING_EVENT = (
    "event",
    "occurrence",
    "measurement_or_fact",
    "extended_measurement_or_fact",
    "releve",
    "humboldt",
)
DC_TYPE = "http://purl.org/dc/elements/1.1/type"


@pytest.mark.parametrize("key", sorted(OFFICIAL))
def test_builtin_translations_are_the_official_files_translations(key):
    builtin, _source = builtin_extensions()[key]
    official = cat.parse_extension((EXTENSIONS / OFFICIAL[key]).read_bytes())
    written = written_labels()
    for prop in official.properties:
        shipped = {t.lang: t for t in builtin.get_property(prop.qual_name).translations}
        for t in prop.translations:
            mine = shipped[t.lang]
            assert (mine.description, mine.comments) == (t.description, t.comments)
            # A written label only fills a language the official file leaves unlabelled.
            expected = t.label or written.get(prop.qual_name, {}).get(t.lang, "")
            assert mine.label == expected, (prop.qual_name, t.lang)


def test_extended_mof_shares_the_official_mof_translations():
    emof, _source = builtin_extensions()["extended_measurement_or_fact"]
    mof, _source = builtin_extensions()["measurement_or_fact"]
    prop = emof.get_property("http://rs.tdwg.org/dwc/terms/measurementType")
    assert prop.translations == mof.get_property(prop.qual_name).translations
    assert prop.text_in("es").label == "Tipo de medida"


def _installed(key: str) -> list[ExtensionProperty]:
    definition, _source = builtin_extensions()[key]
    return list(Extension.objects.get(row_type=definition.row_type).properties.all())


@pytest.mark.django_db
@pytest.mark.parametrize("key", SAMPLING_EVENT)
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_sampling_event_term_has_a_label_in_each_ui_language(key, lang):
    with translation.override(lang):
        langs = ui_languages()
    unlabelled = [p.name for p in _installed(key) if not term_texts(p, langs)["lang"]]
    assert unlabelled == []


@pytest.mark.django_db
def test_traditional_chinese_pages_use_the_zh_translations():
    prop = next(p for p in _installed("event") if p.name == "datasetName")
    with translation.override("zh-hant"):
        assert term_label(prop) == "資料集名稱"
    with translation.override("en"):
        assert term_label(prop) == prop.label == "Dataset Name"


@pytest.mark.django_db
def test_the_mapping_page_shows_term_labels_in_the_ui_language(client, event_mapping):
    url = _url("mapping-edit", "ponds", event_mapping.pk)
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    row = re.search(r'data-term="type".*?</tr>', spanish, re.S)
    assert row is not None
    assert '<span title="%s">Tipo</span>' % DC_TYPE in row[0]
    popover = _popover(spanish, "type")
    assert 'lang="es">La naturaleza o género del recurso.</p>' in popover
    assert 'data-testid="in-english"' not in popover
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span title="%s">Type</span>' % DC_TYPE in english


@pytest.mark.django_db
def test_a_definition_without_translation_is_shown_in_english_and_says_so(client, event_mapping):
    prop = event_mapping.extension.properties.get(name="eventDate")
    assert "ja" not in prop.translations or not prop.translations["ja"].get("description")
    url = _url("mapping-edit", "ponds", event_mapping.pk)
    popover = _popover(client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode(), "eventDate")
    assert 'data-testid="in-english"' in popover
    definition = re.search(r'<p data-testid="term-definition" lang="en">(.*?)</p>', popover, re.S)
    assert definition is not None and definition[1].startswith(prop.description[:40])
    french = _popover(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode(), "eventDate")
    assert 'data-testid="in-english"' not in french
    assert '<p data-testid="term-definition" lang="fr">' in french


@pytest.mark.django_db
def test_the_extension_page_shows_terms_in_the_ui_language(client):
    event = Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event")
    html = client.get("/extensions/%d/" % event.pk, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="ru">Тип</a>' in html


@pytest.mark.django_db
def test_installed_builtin_extensions_get_the_shipped_translations():
    event = Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event")
    ExtensionProperty.objects.filter(extension=event).update(translations={})
    changed = catalogue_refresh_builtin_texts()
    assert changed == event.properties.count()
    assert event.properties.get(qual_name=DC_TYPE).translations["es"]["label"] == "Tipo"
    assert catalogue_refresh_builtin_texts() == 0


# Vocabularies the metadata editor offers as drop-downs: every concept is labelled in each UI
# language (the official files lack some languages; the rest are written for this project).
EDITOR_VOCABULARIES = (
    "eml__update_frequency",
    "gbif__agent_role",
    "gbif__preservation_method",
    "gbif__rank_2015-04-24",
    "gbif__dataset_type",
    "gbif__dataset_subtype",
)


@pytest.mark.parametrize("key", EDITOR_VOCABULARIES)
def test_every_editor_vocabulary_concept_has_a_label_in_each_ui_language(key):
    vocabulary, _source = builtin_vocabularies()[key]
    unlabelled = [
        (c.identifier, lang)
        for c in vocabulary.concepts
        for lang in ("es", "fr", "pt", "ru", "zh", "ja")
        if not c.labels.get(lang)
    ]
    assert unlabelled == []


@pytest.mark.django_db
def test_installed_builtin_vocabularies_get_the_written_concept_labels():
    frequency = builtin_vocabularies()["eml__update_frequency"][0]
    concepts = Concept.objects.filter(vocabulary__uri=frequency.uri)
    for concept in concepts:
        concept.labels = {"en": concept.labels["en"]}
    Concept.objects.bulk_update(concepts, ["labels"])
    assert catalogue_refresh_builtin_texts() == len(concepts)
    daily = Concept.objects.get(vocabulary__uri=frequency.uri, identifier="daily")
    assert daily.labels["ja"] == "毎日" and daily.labels["es"] == "Diario"

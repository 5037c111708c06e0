"""Checks of the basic and additional pages: titles, description, licence, languages, dates."""

from __future__ import annotations

from ..model import Document
from ..vocab import DATASET_SUBTYPES, DATASET_TYPES, UPDATE_FREQUENCIES
from .agents import URL_FORMAT
from .base import Issues, gettext_noop
from .formats import blank, is_datetime, is_http_url, is_language, is_year_date

LICENCES = {
    "http://creativecommons.org/publicdomain/zero/1.0/legalcode": "CC0 1.0",
    "http://creativecommons.org/licenses/by/4.0/legalcode": "CC-BY 4.0",
    "http://creativecommons.org/licenses/by-nc/4.0/legalcode": "CC-BY-NC 4.0",
}
MIN_ABSTRACT_CHARS = 5
LANGUAGE_FORMAT = gettext_noop("Use a language code such as en, fra or pt-BR.")
YEAR_DATE_FORMAT = gettext_noop("Enter the date as YYYY or YYYY-MM-DD.")


def _normalise_url(url: str) -> str:
    return url.strip().replace("https://", "http://").rstrip("/")


def licence_code(url: str) -> str:
    """The short code (e.g. ``CC-BY 4.0``) of a licence URL the IPT offers, else ""."""
    wanted = _normalise_url(url)
    for known, code in LICENCES.items():
        if wanted in (known, known.removesuffix("/legalcode")):
            return code
    return ""


def _titles(issues: Issues, doc: Document) -> None:
    if all(blank(t.text) for t in doc.titles):
        issues.add("titles", gettext_noop("A title is required."))
        return
    seen: set[str] = set()
    for index, title in enumerate(doc.titles):
        if blank(title.text):
            issues.add(f"titles[{index}].text", gettext_noop("Enter the title or remove it."))
        if title.lang and not is_language(title.lang):
            issues.add(f"titles[{index}].lang", LANGUAGE_FORMAT)
        key = "" if doc.is_default_language(title.lang) else title.lang
        if key in seen:
            issues.add(f"titles[{index}].lang", gettext_noop("Give one title per language."))
        seen.add(key)


def _abstract(issues: Issues, doc: Document) -> None:
    if len(" ".join(doc.abstract).strip()) < MIN_ABSTRACT_CHARS:
        issues.add("abstract", gettext_noop("A description of at least 5 characters is required."))
    seen = {doc.metadata_language, ""}
    for index, translation in enumerate(doc.abstract_translations):
        path = f"abstract_translations[{index}]"
        if blank(translation.lang):
            issues.add(path + ".lang", gettext_noop("Give the language of this translation."))
        elif not is_language(translation.lang):
            issues.add(path + ".lang", LANGUAGE_FORMAT)
        elif translation.lang in seen:
            issues.add(
                path + ".lang",
                gettext_noop(
                    "Give one translation per language, other than the metadata language."
                ),
            )
        seen.add(translation.lang)
        if all(blank(p) for p in translation.paras):
            issues.add(path + ".paras", gettext_noop("Enter the translated description."))


def _licence(issues: Issues, doc: Document) -> None:
    if blank(doc.licence.url):
        issues.add("licence.url", gettext_noop("A licence is required."))
    elif not licence_code(doc.licence.url):
        issues.add(
            "licence.url", gettext_noop("Choose CC0 1.0, CC BY 4.0 or CC BY-NC 4.0 as licence.")
        )


def _languages_and_types(issues: Issues, doc: Document) -> None:
    if blank(doc.metadata_language):
        issues.add("metadata_language", gettext_noop("The metadata language is required."))
    elif not is_language(doc.metadata_language):
        issues.add("metadata_language", LANGUAGE_FORMAT)
    if blank(doc.dataset_type):
        issues.add("dataset_type", gettext_noop("The dataset type is required."))
    elif doc.dataset_type not in DATASET_TYPES:
        issues.add("dataset_type", gettext_noop("Choose a dataset type from the list."))
    if doc.dataset_subtype and doc.dataset_subtype not in DATASET_SUBTYPES:
        issues.add("dataset_subtype", gettext_noop("Choose a dataset subtype from the list."))
    frequency = doc.maintenance.update_frequency
    if frequency and frequency not in UPDATE_FREQUENCIES:
        issues.add(
            "maintenance.update_frequency",
            gettext_noop("Choose an update frequency from the list."),
        )


def _additional(issues: Issues, doc: Document) -> None:
    if blank(doc.pub_date):
        issues.add("pub_date", gettext_noop("A publication date is required."))
    elif not is_year_date(doc.pub_date):
        issues.add("pub_date", YEAR_DATE_FORMAT)
    if doc.date_stamp and not is_datetime(doc.date_stamp):
        issues.add(
            "date_stamp", gettext_noop("Enter a date and time such as 2024-05-01T12:00:00Z.")
        )
    if doc.date_created and not (is_year_date(doc.date_created) or is_datetime(doc.date_created)):
        issues.add("date_created", gettext_noop("Enter a date such as 2024-05-01."))
    for index, identifier in enumerate(doc.alternate_identifiers):
        if blank(identifier):
            issues.add(
                f"alternate_identifiers[{index}]",
                gettext_noop("Enter the identifier or remove it."),
            )
    for name in ("resource_logo_url", "distribution_url"):
        value = getattr(doc, name)
        if not blank(value) and not is_http_url(value):
            issues.add(name, URL_FORMAT)


def check_basic(issues: Issues, doc: Document) -> None:
    """Title, description, licence, languages, type and the additional page's values."""
    _titles(issues, doc)
    _abstract(issues, doc)
    _licence(issues, doc)
    _languages_and_types(issues, doc)
    _additional(issues, doc)

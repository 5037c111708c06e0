"""Choice lists of the editor: GBIF/EML vocabularies (built in, no network), languages,
licences and user-id directories, labelled in the current UI language."""

from __future__ import annotations

from django.conf.locale import LANG_INFO
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from catalogue.definitions.builtin import builtin_vocabularies
from core.names import country_name, language_name
from metadata.eml.model import TEMPORAL_KINDS

# The IPT's three licences (licenses.properties): URL, short label, name stored in the EML.
LICENCES = (
    (
        "http://creativecommons.org/publicdomain/zero/1.0/legalcode",
        "CC0 1.0",
        "Public Domain (CC0 1.0)",
    ),
    (
        "http://creativecommons.org/licenses/by/4.0/legalcode",
        "CC BY 4.0",
        "Creative Commons Attribution (CC-BY) 4.0 License",
    ),
    (
        "http://creativecommons.org/licenses/by-nc/4.0/legalcode",
        "CC BY-NC 4.0",
        "Creative Commons Attribution Non Commercial (CC-BY-NC) 4.0 License",
    ),
)
LICENCE_HELP = {
    LICENCES[0][0]: gettext_lazy("No rights reserved: anyone may use the data for any purpose."),
    LICENCES[1][0]: gettext_lazy("Anyone may use the data if they credit you."),
    LICENCES[2][0]: gettext_lazy(
        "Anyone may use the data for non-commercial purposes, with credit."
    ),
}
# UserDirectories.properties of the IPT (3.3.3), directory URL -> label.
DIRECTORIES = (
    ("https://orcid.org/", "ORCID"),
    ("https://ror.org/", "ROR"),
    ("http://www.researcherid.com/rid/", "ResearcherID"),
    ("https://scholar.google.com/citations?user=", "Google Scholar"),
    ("http://www.linkedin.com/profile/view?id=", "LinkedIn"),
    ("https://www.wikidata.org/wiki/", "Wikidata"),
)
LANGUAGE_CODES = (
    "en",
    "es",
    "fr",
    "pt",
    "de",
    "nl",
    "da",
    "no",
    "sv",
    "fi",
    "is",
    "it",
    "pl",
    "ca",
    "et",
    "ru",
    "zh",
    "ja",
)
DATASET_TYPES = (
    ("sampling-event", gettext_lazy("Sampling event")),
    ("occurrence", gettext_lazy("Occurrence")),
    ("checklist", gettext_lazy("Checklist")),
    ("metadata", gettext_lazy("Metadata only")),
    ("other", gettext_lazy("Other")),
)


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def vocabulary(key: str) -> list[tuple[str, str]]:
    """(identifier, label) of a built-in vocabulary's concepts."""
    found = builtin_vocabularies().get(key)
    if found is None:  # pragma: no cover - the built-in set is fixed
        return []
    lang = _lang()
    return [(c.identifier, c.label(lang)) for c in found[0].concepts]


def dataset_types() -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in DATASET_TYPES]


def dataset_subtypes() -> list[tuple[str, str]]:
    return vocabulary("gbif__dataset_subtype")


def update_frequencies() -> list[tuple[str, str]]:
    return vocabulary("eml__update_frequency")


def agent_roles() -> list[tuple[str, str]]:
    return vocabulary("gbif__agent_role")


def preservation_methods() -> list[tuple[str, str]]:
    return vocabulary("gbif__preservation_method")


def ranks() -> list[tuple[str, str]]:
    return vocabulary("gbif__rank_2015-04-24")


def countries() -> list[tuple[str, str]]:
    """ISO 3166-1 countries, named in the page's language (CLDR) where it names them."""
    return sorted(
        (
            (code, country_name(code, label.title()))
            for code, label in vocabulary("iso__3166-1_alpha2")
        ),
        key=lambda pair: pair[1],
    )


def languages() -> list[tuple[str, str]]:
    """A short list of ISO 639-1 codes; other codes go into the free-text input."""
    return [
        (
            code,
            "%s (%s)" % (language_name(code, _(LANG_INFO.get(code, {}).get("name", code))), code),
        )
        for code in LANGUAGE_CODES
    ]


def licences() -> list[tuple[str, str, str]]:
    return list(LICENCES)


def directories() -> list[tuple[str, str]]:
    return list(DIRECTORIES)


def temporal_kinds() -> list[tuple[str, str]]:
    labels = {
        "single": _("Single date"),
        "range": _("Date range"),
        "formation": _("Formation period"),
        "living": _("Living time period"),
    }
    return [(kind, labels[kind]) for kind in TEMPORAL_KINDS]

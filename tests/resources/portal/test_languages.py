"""Language codes for the feeds: EML's ISO 639-2 codes as BCP 47 tags and ISO 639-1 IRIs."""

from __future__ import annotations

import pytest

from resources.portal.feeds.dcat import language_iri
from resources.portal.feeds.languages import bcp47, iso639_1


@pytest.mark.parametrize(
    "code, tag, two",
    [
        ("eng", "en", "en"),
        ("ger", "de", "de"),  # bibliographic 639-2 code
        ("dan", "da", "da"),
        ("en_US", "en-US", "en"),
        ("haw", "haw", ""),  # no 639-1 code
        ("english", "", ""),
        ("", "", ""),
    ],
)
def test_codes_become_bcp47_tags_and_two_letter_codes(code, tag, two):
    assert (bcp47(code), iso639_1(code)) == (tag, two)


def test_dcat_language_iri_takes_three_letter_codes():
    assert language_iri("dan") == "<http://id.loc.gov/vocabulary/iso639-1/da>"
    assert language_iri("haw") == ""

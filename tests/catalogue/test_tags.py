"""Row types are shown by name: the installed extension's, else the URI's last segment."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from catalogue.templatetags.catalogue_tags import readable_segment, row_type_name


def _render(row_type: str) -> str:
    template = Template("{% load catalogue_tags %}{{ row_type|row_type_name }}")
    return template.render(Context({"row_type": row_type}))


@pytest.mark.django_db
def test_an_installed_row_type_is_named_by_its_extension_name():
    assert _render("http://rs.tdwg.org/dwc/terms/Occurrence") == "Occurrence"
    assert _render("http://rs.tdwg.org/dwc/terms/MeasurementOrFact") == "Measurement Or Facts"


@pytest.mark.django_db
def test_an_unknown_row_type_is_named_by_its_last_segment_in_words():
    assert row_type_name("http://example.org/terms/MeasurementOrFact") == "Measurement Or Fact"


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        ("http://rs.gbif.org/terms/1.0/DNADerivedData", "DNA Derived Data"),
        ("http://example.org/ns#sampleEvent", "Sample Event"),
        ("urn:x:Taxon/", "Taxon"),
        ("http://example.org/Relevé_plot", "Relevé Plot"),
        ("---", "---"),
    ],
)
def test_readable_segment_splits_camel_case_words(uri, name):
    assert readable_segment(uri) == name


def test_an_empty_row_type_has_no_name():
    assert row_type_name("") == ""

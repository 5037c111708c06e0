"""Generated documents: what validate() accepts the 1.3 XSD accepts, and survives a round trip.

The first property builds documents covering every model field within the editor's rules.
The second damages such documents at random (a value replaced by a troublesome one, a list
emptied, an empty row added): whenever validate() still finds nothing, the XSD must agree.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metadata.eml.model import Document
from metadata.eml.parse import parse_eml
from metadata.eml.serialize import from_dict, to_dict
from metadata.eml.validate import validate, validate_xsd
from metadata.eml.write import write_eml
from tests.conftest import TEST_DATA

from .strategies import documents

SCHEMA_13 = TEST_DATA / "schemas/eml-gbif-profile/1.3"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TROUBLE = (
    "", " ", "x", "abc", "0", "-1", "1.5", "1e3", "NaN", "200", "-91", "91", "1999", "0000",
    "2021-02-29", "2024-13-01", "2024-05", "2024-05-01T25:00:00", "12:00", "x@", "a@b.c",
    "http://a b", "http://[x", "ftp://example.org", "www.example.org", "https://example.org/%zz",
    "0000-0002-1825-0097", "0000-0002-1825-0098", "03yrm5c26", "03yrm5c27", "\x01", "\ufffe",
    "eng", "en-", "Samplingevent", "unknown", "weekly2", "  padded  ",
)  # fmt: skip


def _paths(value, path=""):
    """(path, value) of every string and list in a to_dict() tree."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        yield path, value
        for index, item in enumerate(value):
            yield from _paths(item, f"{path}[{index}]")
    else:
        yield path, value


def _set(tree, path, value):
    """Set the value at a to_dict() path such as ``contacts[0].emails[1]``."""
    parts = path.replace("[", ".[").split(".")
    node = tree
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    if last.startswith("["):
        node[int(last[1:-1])] = value
    else:
        node[last] = value


@st.composite
def damaged(draw):
    """A valid document with one to three random changes (shape kept JSON-valid)."""
    tree = to_dict(draw(documents()))
    for _ in range(draw(st.integers(1, 3))):
        path, value = draw(st.sampled_from([p for p in _paths(tree) if p[0]]))
        if isinstance(value, list):
            action = draw(st.sampled_from(["clear", "append"]))
            if action == "clear":  # an empty list of either kind stays empty
                value.clear()
            elif value and isinstance(value[0], dict):
                value.append({})
            elif value:
                value.append(draw(st.sampled_from(TROUBLE)))
        else:
            _set(tree, path, draw(st.sampled_from(TROUBLE)))
    return from_dict(tree)


def expected_after_round_trip(doc: Document) -> Document:
    """What the parser gives back: fields profile 1.3 cannot hold are empty."""
    return replace(doc, date_created="")


@SETTINGS
@given(documents())
def test_generated_valid_document_is_xsd_valid_and_round_trips(doc):
    assert validate(doc) == []
    data = write_eml(doc, package_id=doc.package_id)
    assert validate_xsd(data, SCHEMA_13) == []
    assert parse_eml(data) == expected_after_round_trip(doc)


@SETTINGS
@given(documents())
def test_generated_document_survives_the_json_form(doc):
    assert from_dict(to_dict(doc)) == doc


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_document_that_validate_accepts_is_never_rejected_by_the_xsd(doc):
    issues = validate(doc)
    if not issues:
        assert validate_xsd(write_eml(doc, package_id="p"), SCHEMA_13) == []
    for issue in issues:
        assert issue.section and issue.field

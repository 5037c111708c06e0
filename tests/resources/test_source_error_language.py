"""A reader's error reaches people translated first and filled in after (#22)."""

from __future__ import annotations

import pickle
from dataclasses import asdict
from unittest import mock

import pytest

from resources.services.sources import user_error
from resources.sources.analyse import _ragged
from resources.sources.errors import SourceError
from resources.views.sources import _problem

TEMPLATE = "Sheet %(sheet)r holds no data after the skipped rows."


def _error() -> SourceError:
    return SourceError(TEMPLATE, code="source:empty", file="a.xlsx", line=3, params={"sheet": "S"})


def test_the_english_text_is_filled_in_as_before():
    exc = _error()

    assert exc.message == TEMPLATE % {"sheet": "S"}
    assert str(exc) == "a.xlsx, line 3: " + exc.message
    assert str(user_error(exc)) == str(exc)


def test_the_template_is_translated_when_the_message_is_shown():
    error = user_error(_error())

    with mock.patch("core.errors.gettext", side_effect=lambda text: "[es] " + text):
        shown = error.localized_message()

    # Each piece went through the catalogue: the "where: what" frame, the line, the message.
    assert shown == "[es] a.xlsx, [es] line 3: [es] " + _error().message
    assert error.code == "source:empty"


def test_a_source_error_keeps_its_template_and_params_through_pickling():
    again = pickle.loads(pickle.dumps(_error()))  # noqa: S301 - our own bytes

    assert (again.template, again.params, again.message) == (
        TEMPLATE,
        {"sheet": "S"},
        _error().message,
    )


def test_an_analysis_problem_keeps_its_template_and_is_shown_translated():
    stored = asdict(_ragged(7, 3, 4))

    with mock.patch("resources.views.sources._", side_effect=lambda text: "[es] " + text):
        shown = _problem(stored)

    assert stored["message"].startswith("This row has 3 values where the header has 4 columns.")
    assert shown["message"] == "[es] " + stored["message"]
    assert _problem({"code": "source:ragged", "message": "Old."}) == {
        "code": "source:ragged",
        "message": "Old.",
    }


def test_a_missing_column_names_what_names_it_in_one_translatable_sentence():
    from django.utils import translation

    from resources.mapping.engine import MappingError, compile_mapping
    from resources.mapping.model import Filter, MappingSpec
    from resources.services.mappings import _mapping_error

    spec = MappingSpec(row_type="r", id_column="a", filters=[Filter(column="gone", op="equals")])
    with pytest.raises(MappingError) as caught:
        compile_mapping(spec, ["a", "b"])
    assert "named by a filter" in str(caught.value) and "'gone'" in str(caught.value)
    error = _mapping_error(caught.value)
    with translation.override("es"):
        assert "indicada por un filtro" in error.localized_message()

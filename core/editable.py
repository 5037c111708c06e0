"""Fields a person may edit, declared once (issue #15).

The model field declares a field's type, length, label, help text, choices and default; an
``EDITABLE`` tuple beside the model's services declares which of its fields a person may
edit, in which order. Forms, API serializers, command-line arguments, export and import take
their field lists from the tuple and the rest from the model field through these helpers, so
that no field is spelled out again with its own copy of a limit.

What these helpers make checks a value's type, length and choices, never the model's other
validators or its uniqueness: the services check those and answer with their own error codes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

FormClass = TypeVar("FormClass", bound="type[Any]")


def model_field(model: type[models.Model], name: str) -> Any:
    """The model's field called ``name``."""
    return model._meta.get_field(name)


def max_length(model: type[models.Model], name: str) -> int | None:
    """The longest text the model field holds (None: no limit)."""
    return getattr(model_field(model, name), "max_length", None)


def fitted(model: type[models.Model], **values: Any) -> dict[str, Any]:
    """``values`` with each text cut to its model field's ``max_length``: for text copied from
    elsewhere (the GBIF registry, an export, an IPT's files) that is kept even when too long."""
    return {name: _cut(value, max_length(model, name)) for name, value in values.items()}


def _cut(value: Any, limit: int | None) -> Any:
    return value[:limit] if isinstance(value, str) and limit is not None else value


def values_of(model: type[models.Model], names: Iterable[str], data: Mapping) -> dict[str, Any]:
    """The values of ``names`` in ``data`` (a document being imported): the model field's
    default where one is missing or null, each cut to the model field's ``max_length``."""
    found = {name: data.get(name) for name in names}
    return fitted(
        model,
        **{
            name: model_field(model, name).get_default() if value is None else value
            for name, value in found.items()
        },
    )


# --- forms ----------------------------------------------------------------------------------


def form_field(model: type[models.Model], name: str, **overrides: Any) -> forms.Field:
    """The form field the model field makes (label, help text, max_length, choices, required
    unless it may be blank, its default as initial), with ``overrides`` for what only the
    form knows (widget, a stricter ``required``)."""
    return model_field(model, name).formfield(**overrides)


def form_fields(
    model: type[models.Model], names: Iterable[str], **overrides: dict
) -> Callable[[FormClass], FormClass]:
    """Class decorator: the form gets ``form_field(model, name, **overrides[name])`` for each
    of ``names``, in this order, before the fields it declares itself (``field_order`` moves
    them). It stays a plain ``Form``: unlike a ``ModelForm``, it runs none of the model's
    validators and no uniqueness check."""

    def decorate(form_class: FormClass) -> FormClass:
        made = {name: form_field(model, name, **overrides.get(name, {})) for name in names}
        fields = {**made, **form_class.declared_fields}
        form_class.declared_fields = form_class.base_fields = fields
        return form_class

    return decorate


# --- API serializers ------------------------------------------------------------------------


def input_kwargs(
    model: type[models.Model],
    names: Iterable[str],
    *,
    optional: Iterable[str] = (),
    **overrides: dict,
) -> dict[str, dict]:
    """``Meta.extra_kwargs`` for a ``ModelSerializer`` that reads ``names`` of ``model``.

    None of the model's validators run (the service checks them, uniqueness included). A field
    the model lets be blank, or gives a default, may be left out and takes the model's
    default; one in ``optional`` may be left out and stays out (the service decides).
    ``overrides[name]`` come last.
    """
    optional = set(optional)
    found = {}
    for name in names:
        field = model_field(model, name)
        kwargs: dict[str, Any] = {"validators": []}
        if name in optional:
            kwargs["required"] = False
        elif field.blank or field.has_default():
            kwargs["default"] = field.get_default()
        found[name] = {**kwargs, **overrides.get(name, {})}
    return found


# --- command line ---------------------------------------------------------------------------


def add_arguments(
    parser: argparse.ArgumentParser,
    model: type[models.Model],
    names: Iterable[str],
    *,
    positional: Iterable[str] = (),
    helps: Mapping[str, str] | None = None,
) -> None:
    """An argument per field of ``names``: ``--keep-cached`` for ``keep_cached`` (a flag for a
    boolean), or a positional argument for those in ``positional``. The model field gives the
    choices, the default, the longest value and the help (``helps`` says it better for a
    command); a value that does not fit is a usage error."""
    helps = helps or {}
    positional = set(positional)
    for name in names:
        field = model_field(model, name)
        text = str(helps.get(name) or field.help_text or capfirst(field.verbose_name))
        if name in positional:
            parser.add_argument(name, help=text, **_argument(field))
            continue
        flag = "--" + name.replace("_", "-")
        if isinstance(field, models.BooleanField):
            action = "store_true" if not field.get_default() else argparse.BooleanOptionalAction
            parser.add_argument(flag, action=action, default=field.get_default(), help=text)
            continue
        default = field.get_default()
        if default:
            text += " " + _("Default: %(default)s.")  # argparse fills it in
        parser.add_argument(flag, default=default, help=text, **_argument(field))


def _argument(field: Any) -> dict[str, Any]:
    if field.choices:
        return {"choices": [value for value, _label in field.choices]}
    if field.max_length is not None:
        return {"type": _fitting(field.max_length)}
    return {}


def _fitting(limit: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > limit:
            raise argparse.ArgumentTypeError(
                _("%(count)d characters; at most %(limit)d fit.")
                % {"count": len(value), "limit": limit}
            )
        return value

    return parse

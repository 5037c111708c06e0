"""An organisation's editable fields are declared once (issue #15): ``EDITABLE`` beside its
services says which, the model field says how long, with which label and default. Each test
here fails when a form, serializer or the import gets its own copy again."""

from __future__ import annotations

import uuid

import pytest
from django.utils.text import capfirst

from core.editable import max_length, model_field
from publisher.api.registry_serializers import OrganisationCreateSerializer, OrganisationSerializer
from publisher.forms_registry import (
    OrganisationAddForm,
    OrganisationEditForm,
    OrganisationManualForm,
)
from publisher.models import Organisation
from publisher.services.organisations import (
    EDITABLE,
    PORTABLE,
    TOKEN_MAX_LENGTH,
    organisation_import,
)

ADDING = [OrganisationAddForm, OrganisationManualForm]


@pytest.mark.parametrize("form", ADDING)
def test_the_forms_that_add_an_organisation_ask_key_token_and_the_editable_fields(form):
    assert list(form().fields) == ["key", "token", *EDITABLE]


def test_the_edit_form_has_the_editable_fields_then_a_new_token():
    assert list(OrganisationEditForm().fields) == [*EDITABLE, "token"]


def test_the_api_reads_key_token_and_the_editable_fields():
    assert list(OrganisationCreateSerializer().fields) == ["key", "token", *EDITABLE]


def test_the_api_shows_the_editable_fields():
    fields = list(OrganisationSerializer().fields)
    start = fields.index(EDITABLE[0])
    assert fields[start : start + len(EDITABLE)] == list(EDITABLE)


@pytest.mark.parametrize("form", [*ADDING, OrganisationEditForm])
@pytest.mark.parametrize("name", EDITABLE)
def test_the_form_fields_are_the_model_fields(form, name):
    field, declared = form().fields[name], model_field(Organisation, name)
    assert field.label == capfirst(declared.verbose_name)
    assert getattr(field, "max_length", None) == declared.max_length
    assert not field.required  # the model lets each be blank or gives a default


def test_the_serializer_takes_lengths_and_defaults_from_the_model(monkeypatch):
    form = OrganisationCreateSerializer(data={"key": str(uuid.uuid4()), "token": "t"})
    assert form.is_valid(), form.errors
    assert form.validated_data["alias"] == ""
    assert form.validated_data["can_publish"] is model_field(Organisation, "can_publish").default
    monkeypatch.setattr(model_field(Organisation, "alias"), "max_length", 7)
    assert OrganisationCreateSerializer().fields["alias"].max_length == 7


def test_the_token_has_one_limit_in_forms_and_api():
    assert OrganisationAddForm().fields["token"].max_length == TOKEN_MAX_LENGTH
    assert OrganisationEditForm().fields["token"].max_length == TOKEN_MAX_LENGTH
    assert OrganisationCreateSerializer().fields["token"].max_length == TOKEN_MAX_LENGTH


@pytest.mark.django_db
def test_an_imported_organisation_is_cut_to_the_model_lengths():
    values = {name: "x" * 1000 for name in PORTABLE if name != "contact_email"}
    organisation = organisation_import(key=str(uuid.uuid4()), **values)
    for name in values:
        assert len(getattr(organisation, name)) == max_length(Organisation, name), name

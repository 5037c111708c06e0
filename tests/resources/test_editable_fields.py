"""A resource's and a source's editable fields are declared once (issue #15): the EDITABLE
list beside their services says which, the model field says how long, with which label, help
text and choices. Each test here fails when a form, serializer, command or the export gets its
own copy again."""

from __future__ import annotations

import uuid

import pytest
from django.utils.text import capfirst

from core.editable import max_length, model_field, values_of
from publisher.models import Organisation
from publisher.services.organisations import PORTABLE
from resources.api.resource_serializers import (
    ResourceCreateSerializer,
    ResourceSerializer,
    ResourceUpdateSerializer,
    SourceCreateSerializer,
)
from resources.forms.resources import (
    ResourceDeleteForm,
    ResourceForm,
    ResourceImportForm,
    SourceSqlForm,
    SourceUploadForm,
    SourceUrlForm,
)
from resources.models import Resource, ResourceType, Source, SourceKind
from resources.services.exporting import resource_document
from resources.services.resources import EDITABLE
from resources.services.sources import EDITABLE as SOURCE_EDITABLE
from tests.factories import ResourceFactory

RESOURCE_SERIALIZERS = [ResourceCreateSerializer, ResourceUpdateSerializer]


# --- which fields ----------------------------------------------------------------------------


def test_the_resource_form_has_the_editable_fields_in_their_order():
    assert list(ResourceForm().fields) == list(EDITABLE)


@pytest.mark.parametrize("serializer", RESOURCE_SERIALIZERS)
def test_the_resource_input_serializers_have_the_editable_fields(serializer):
    assert list(serializer().fields) == list(EDITABLE)


def test_the_resource_response_starts_with_the_editable_fields():
    assert list(ResourceSerializer().fields)[: len(EDITABLE)] == list(EDITABLE)


def test_the_source_serializer_reads_the_editable_fields_besides_file_and_sql_url():
    assert list(SourceCreateSerializer().fields) == ["file", *SOURCE_EDITABLE, "sql_url"]


def test_resource_create_takes_the_editable_fields_as_arguments():
    from resources.management.commands.resource_create import Command

    parser = Command().create_parser("manage.py", "resource_create")
    dests = [action.dest for action in parser._actions]
    assert [name for name in dests if name in EDITABLE] == list(EDITABLE)


def test_source_add_takes_the_source_editable_fields_as_options():
    from resources.management.commands.source_add import Command

    parser = Command().create_parser("manage.py", "source_add")
    dests = [action.dest for action in parser._actions]
    assert [name for name in dests if name in SOURCE_EDITABLE] == list(SOURCE_EDITABLE)


@pytest.mark.django_db
def test_the_export_writes_the_editable_fields_of_the_resource_and_its_sources():
    resource = ResourceFactory(title="Ponds", type=ResourceType.OCCURRENCE)
    Source.objects.create(
        resource=resource, name="events", kind=SourceKind.URL, url="https://example.org/e.csv"
    )
    document = resource_document(resource, sources={}, versions={})
    part = document["resource"]
    assert list(part)[: len(EDITABLE)] == list(EDITABLE)
    assert {name: part[name] for name in EDITABLE} == {
        "shortname": resource.shortname,
        "title": "Ponds",
        "type": "occurrence",
    }
    (source,) = document["sources"]
    assert list(source)[: len(SOURCE_EDITABLE)] == list(SOURCE_EDITABLE)
    assert source["url"] == "https://example.org/e.csv" and source["keep_cached"] is False


@pytest.mark.django_db
def test_the_export_writes_the_portable_fields_of_the_publishing_organisation():
    organisation = Organisation.objects.create(key=uuid.uuid4(), name="Frogs", alias="F")
    resource = ResourceFactory(organisation=organisation)
    part = resource_document(resource, sources={}, versions={})["resource"]["organisation"]
    assert list(part) == ["key", *PORTABLE]


def test_an_import_takes_the_model_defaults_and_cuts_to_the_model_lengths():
    limit = max_length(Resource, "title")
    found = values_of(Resource, ["title", "type"], {"title": "x" * (limit + 10)})
    assert found == {"title": "x" * limit, "type": ResourceType.SAMPLING_EVENT}


# --- how each field is made: from the model field ------------------------------------------


@pytest.mark.parametrize("name", EDITABLE)
def test_the_resource_form_fields_are_the_model_fields(name):
    field, declared = ResourceForm().fields[name], model_field(Resource, name)
    assert field.label == capfirst(declared.verbose_name)
    assert field.help_text == declared.help_text
    if declared.choices:  # a choice's length is the choices'
        assert list(field.choices) == list(declared.choices)
    else:
        assert field.max_length == declared.max_length


@pytest.mark.parametrize("serializer", RESOURCE_SERIALIZERS)
@pytest.mark.parametrize("name", EDITABLE)
def test_the_resource_serializer_fields_are_the_model_fields(serializer, name):
    field, declared = serializer().fields[name], model_field(Resource, name)
    if declared.choices:
        assert list(field.choices) == [value for value, _label in declared.choices]
    else:
        assert field.max_length == declared.max_length


@pytest.mark.parametrize("serializer", RESOURCE_SERIALIZERS)
def test_a_longer_title_on_the_model_is_a_longer_title_in_the_api(serializer, monkeypatch):
    monkeypatch.setattr(model_field(Resource, "title"), "max_length", 1234)
    assert serializer().fields["title"].max_length == 1234


def test_every_form_naming_a_resource_takes_the_short_name_length_of_the_model():
    limit = max_length(Resource, "shortname")
    assert ResourceImportForm().fields["shortname"].max_length == limit
    assert ResourceDeleteForm(resource=Resource()).fields["confirm"].max_length == limit


def test_the_source_forms_take_their_fields_from_the_model():
    url, keep = SourceUrlForm().fields["url"], SourceUrlForm().fields["keep_cached"]
    assert url.max_length == max_length(Source, "url") and url.required
    assert keep.help_text == model_field(Source, "keep_cached").help_text
    sql = SourceSqlForm().fields
    assert sql["name"].max_length == max_length(Source, "name")
    assert sql["url"].max_length == max_length(Source, "sql_url_redacted")
    assert sql["query"].label == capfirst(model_field(Source, "sql_query").verbose_name)
    assert sql["query"].required
    assert SourceUploadForm().fields["replace"].max_length == max_length(Source, "name")


def test_the_source_serializer_takes_its_lengths_from_the_model(monkeypatch):
    fields = SourceCreateSerializer().fields
    assert fields["url"].max_length == max_length(Source, "url")
    assert fields["sql_url"].max_length == max_length(Source, "sql_url_redacted")
    monkeypatch.setattr(model_field(Source, "name"), "max_length", 77)
    assert SourceCreateSerializer().fields["name"].max_length == 77


# --- what the API still checks and says ------------------------------------------------------


def test_the_input_serializers_leave_the_short_name_checks_to_the_service():
    # Neither the model's pattern nor its uniqueness: the service answers with its codes.
    assert ResourceCreateSerializer(data={"shortname": "a b"}).is_valid()


def test_a_title_longer_than_the_model_allows_is_refused_with_the_usual_message():
    limit = max_length(Resource, "title")
    form = ResourceCreateSerializer(data={"shortname": "ponds", "title": "x" * (limit + 1)})
    assert not form.is_valid()
    assert form.errors == {"title": ["Ensure this field has no more than %d characters." % limit]}


def test_create_defaults_are_the_model_defaults():
    form = ResourceCreateSerializer(data={"shortname": "ponds"})
    assert form.is_valid()
    assert form.validated_data == {
        "shortname": "ponds",
        "title": "",
        "type": ResourceType.SAMPLING_EVENT,
    }
    assert ResourceUpdateSerializer(data={}).is_valid()

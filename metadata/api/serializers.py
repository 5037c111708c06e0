"""Shapes of the metadata API for the OpenAPI schema and for responses.

The document itself is parsed by ``metadata_from_json`` (stable ``metadata:shape`` errors);
the serializers generated here from the EML model only describe it in the schema.
"""

from __future__ import annotations

import dataclasses
import typing

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from metadata.eml import model
from metadata.eml.model import Agent, Document
from metadata.models import ContactKind, CoverageMode, ResourceMetadata, SharedContact
from metadata.selectors import contact_shown
from metadata.services.contacts import contact_as_agent
from metadata.services.coverage import note_message
from metadata.services.documents import validation_sections

_BUILT: dict[type, type[serializers.Serializer]] = {}


def _field(hint, stack: tuple[type, ...]) -> serializers.Field:
    if hint is str:
        return serializers.CharField(required=False, allow_blank=True)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        if isinstance(item, type) and dataclasses.is_dataclass(item) and item not in stack:
            return model_serializer(item, stack)(many=True, required=False)
        if dataclasses.is_dataclass(item):  # a nesting the profile stops at one level
            return serializers.ListField(child=serializers.DictField(), required=False)
        return serializers.ListField(child=_field(item, stack), required=False)
    return model_serializer(hint, stack)(required=False)


def model_serializer(cls: type, stack: tuple[type, ...] = ()) -> type[serializers.Serializer]:
    """A serializer class (named ``Eml<Class>``) describing the JSON of an EML model class."""
    if cls not in _BUILT:
        hints = typing.get_type_hints(cls, vars(model))
        attrs = {f.name: _field(hints[f.name], (*stack, cls)) for f in dataclasses.fields(cls)}
        attrs["__doc__"] = cls.__doc__
        _BUILT[cls] = type("Eml" + cls.__name__, (serializers.Serializer,), attrs)
    return _BUILT[cls]


DocumentSerializer = model_serializer(Document)
AgentSerializer = model_serializer(Agent)


class IssueSerializer(serializers.Serializer):
    """One validation problem; the message is translated into the request's language."""

    section = serializers.CharField()
    field = serializers.CharField()
    message = serializers.SerializerMethodField()

    def get_message(self, issue) -> str:
        return _(issue.message)


class ValidationSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    issues = IssueSerializer(many=True)
    sections = serializers.DictField(child=serializers.ChoiceField(["valid", "invalid"]))

    @staticmethod
    def of(issues) -> dict:
        return ValidationSerializer(
            {"valid": not issues, "issues": issues, "sections": validation_sections(issues)}
        ).data


class InferredTaxonSerializer(serializers.Serializer):
    scientific_name = serializers.CharField()
    rank = serializers.CharField(allow_blank=True)
    rows = serializers.IntegerField(help_text="Rows naming this taxon")


class NoteSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class InferredSerializer(serializers.Serializer):
    """Coverage inferred from the mapped data (``computed_at`` empty: never inferred)."""

    computed_at = serializers.CharField(allow_blank=True)
    bbox = serializers.DictField(
        child=serializers.FloatField(), allow_null=True, help_text="west, east, north, south"
    )
    start = serializers.CharField(allow_blank=True)
    end = serializers.CharField(allow_blank=True)
    taxa = InferredTaxonSerializer(many=True)
    rows = serializers.DictField(child=serializers.IntegerField(), help_text="Per row type")
    coordinates = serializers.IntegerField(help_text="Rows with valid coordinates")
    dates = serializers.IntegerField(help_text="Rows with a valid date")
    notes = serializers.SerializerMethodField()

    @extend_schema_field(NoteSerializer(many=True))
    def get_notes(self, inferred) -> list[dict]:
        return [{"code": code, "message": note_message(code)} for code in inferred.notes]


class ContactSerializer(serializers.ModelSerializer):
    """A shared contact: a person or organisation from any resource's metadata."""

    agent = serializers.SerializerMethodField()

    class Meta:
        model = SharedContact
        fields = ["id", "kind", "label", "agent", "modified"]
        read_only_fields = fields

    def to_representation(self, instance):
        return super().to_representation(contact_shown(instance))  # only what the user may see

    @extend_schema_field(AgentSerializer)
    def get_agent(self, contact) -> dict:
        return dataclasses.asdict(contact_as_agent(contact))


class ContactFilterSerializer(serializers.Serializer):
    """Query parameters of the contact list."""

    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=("Words matched in name, e-mail, organisation, position or identifiers"),
    )
    kind = serializers.ChoiceField(ContactKind.choices, required=False)


class SettingsSerializer(serializers.ModelSerializer):
    """How the metadata is published: generated citation, and for each coverage the entered
    or the inferred one (``coverage_mode``, write-only, sets all three)."""

    citation_auto = serializers.BooleanField(required=False)
    coverage_mode = serializers.ChoiceField(
        CoverageMode.choices,
        required=False,
        write_only=True,
        help_text="Sets the mode of all three coverages.",
    )
    geographic_coverage_mode = serializers.ChoiceField(CoverageMode.choices, required=False)
    temporal_coverage_mode = serializers.ChoiceField(CoverageMode.choices, required=False)
    taxonomic_coverage_mode = serializers.ChoiceField(CoverageMode.choices, required=False)

    class Meta:
        model = ResourceMetadata
        fields = [
            "citation_auto",
            "coverage_mode",
            "geographic_coverage_mode",
            "temporal_coverage_mode",
            "taxonomic_coverage_mode",
            "package_id",
            "modified",
        ]
        read_only_fields = ["package_id", "modified"]

"""Shapes of the catalogue endpoints."""

from __future__ import annotations

from rest_framework import serializers

from catalogue.models import Concept, Extension, ExtensionProperty, Vocabulary


class ExtensionSummarySerializer(serializers.ModelSerializer):
    property_count = serializers.IntegerField(read_only=True)
    update_available = serializers.BooleanField(read_only=True)

    class Meta:
        model = Extension
        fields = [
            "id",
            "title",
            "name",
            "namespace",
            "row_type",
            "issued",
            "subjects",
            "extra_cores",
            "is_core",
            "origin",
            "source_url",
            "description",
            "property_count",
            "update_available",
            "latest_issued",
            "installed_at",
            "updated_at",
        ]
        read_only_fields = fields


class PropertySerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionProperty
        fields = [
            "name",
            "namespace",
            "qual_name",
            "group",
            "type",
            "required",
            "thesaurus",
            "label",
            "description",
            "comments",
            "examples",
            "translations",
        ]
        read_only_fields = fields


class ExtensionSerializer(ExtensionSummarySerializer):
    """An extension with all its terms in definition order."""

    properties = PropertySerializer(many=True, read_only=True)
    last_update_report = serializers.JSONField(read_only=True)

    class Meta(ExtensionSummarySerializer.Meta):
        fields = [*ExtensionSummarySerializer.Meta.fields, "last_update_report", "properties"]
        read_only_fields = fields


class ExtensionInstallSerializer(serializers.Serializer):
    """Install from an uploaded definition (``file``) or from a ``url`` (a background job)."""

    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, max_length=500)

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("url")):
            raise serializers.ValidationError("Give either a file or a url.")
        return attrs


class InstallResultSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    report = serializers.JSONField()
    extension = ExtensionSerializer()


class VocabularySummarySerializer(serializers.ModelSerializer):
    concept_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Vocabulary
        fields = [
            "id",
            "uri",
            "source_url",
            "title",
            "description",
            "issued",
            "origin",
            "concept_count",
        ]
        read_only_fields = fields


class ConceptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Concept
        fields = ["identifier", "uri", "description", "labels", "alternatives"]
        read_only_fields = fields


class VocabularySerializer(VocabularySummarySerializer):
    concepts = ConceptSerializer(many=True, read_only=True)

    class Meta(VocabularySummarySerializer.Meta):
        fields = [*VocabularySummarySerializer.Meta.fields, "concepts"]
        read_only_fields = fields

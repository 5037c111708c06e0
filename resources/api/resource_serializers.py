"""Shapes of the resource and source endpoints."""

from __future__ import annotations

from rest_framework import serializers

from resources.models import Resource, ResourceType, Source


class ResourceSerializer(serializers.ModelSerializer):
    creator = serializers.SlugRelatedField(slug_field="email", read_only=True)
    managers = serializers.SlugRelatedField(slug_field="email", many=True, read_only=True)
    sources = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = ["shortname", "title", "type", "creator", "managers", "published_at",
                  "created", "modified", "sources"]
        read_only_fields = ["creator", "managers", "published_at", "created", "modified",
                            "sources"]

    def get_sources(self, resource) -> list[str]:
        return [s.name for s in resource.sources.all()]


class ResourceCreateSerializer(serializers.Serializer):
    shortname = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    type = serializers.ChoiceField(choices=ResourceType.choices,
                                   default=ResourceType.SAMPLING_EVENT)


class ResourceUpdateSerializer(serializers.Serializer):
    shortname = serializers.CharField(max_length=100, required=False)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=ResourceType.choices, required=False)


class SourceSerializer(serializers.ModelSerializer):
    """A source with its reading options and analysis; SQL credentials never appear."""

    class Meta:
        model = Source
        fields = ["name", "kind", "filename", "size", "sha256", "spec", "url", "keep_cached",
                  "fetched_at", "sql_url_redacted", "sql_query", "analysis", "analysed_at",
                  "column_changes", "log", "created", "modified"]
        read_only_fields = fields


class SourceCreateSerializer(serializers.Serializer):
    """One of: uploaded ``file``/``files`` (multipart), a ``url``, or an ``sql`` definition."""

    file = serializers.FileField(required=False, allow_empty_file=True)
    url = serializers.URLField(required=False, max_length=1000)
    keep_cached = serializers.BooleanField(required=False, default=False)
    name = serializers.CharField(required=False, max_length=100)
    sql_url = serializers.CharField(required=False, max_length=1000)
    sql_query = serializers.CharField(required=False)

    def validate(self, attrs):
        given = [k for k in ("file", "url", "sql_query") if attrs.get(k)]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of file, url or sql_query.")
        if attrs.get("sql_query") and not (attrs.get("sql_url") and attrs.get("name")):
            raise serializers.ValidationError("An SQL source needs name, sql_url and sql_query.")
        return attrs


class SourceUpdateSerializer(serializers.Serializer):
    """Replace the data (``file`` or, for URL sources, ``refetch``) or change ``spec``."""

    file = serializers.FileField(required=False, allow_empty_file=True)
    spec = serializers.JSONField(required=False)

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("spec")):
            raise serializers.ValidationError("Give either a file or a spec.")
        return attrs


class PreviewSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField())

"""Shapes of the resource and source endpoints."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.editable import input_kwargs, max_length
from publisher.models import User
from resources.models import Resource, ResourceType, Source, Visibility
from resources.selectors import resource_current_doi
from resources.services.resources import EDITABLE as RESOURCE_EDITABLE
from resources.services.sources import EDITABLE as SOURCE_EDITABLE
from resources.services.sources import source_date_formats_detected


class ResourceSerializer(serializers.ModelSerializer):
    """A resource: what it is, who manages it, who may see it, and its sources' names."""

    creator = serializers.SlugRelatedField(slug_field="email", read_only=True)
    managers = serializers.SlugRelatedField(slug_field="email", many=True, read_only=True)
    visibility_pending = serializers.ChoiceField(
        Visibility.choices,
        allow_blank=True,
        read_only=True,
        help_text="The visibility the next publication applies; empty: no change waits",
    )
    sources = serializers.SerializerMethodField()
    doi = serializers.SerializerMethodField(
        help_text='The current DOI, without https://doi.org/ ("" none); GET …/doi tells more'
    )

    class Meta:
        model = Resource
        fields = [
            *RESOURCE_EDITABLE,
            "creator",
            "managers",
            "published_at",
            "visibility",
            "visibility_pending",
            "public_from",
            "gbif_key",
            "doi",
            "created",
            "modified",
            "sources",
        ]
        read_only_fields = [
            "creator",
            "managers",
            "published_at",
            "visibility",
            "visibility_pending",
            "public_from",
            "gbif_key",
            "doi",
            "created",
            "modified",
            "sources",
        ]

    def get_doi(self, resource) -> str:
        return resource_current_doi(resource)

    def get_sources(self, resource) -> list[str]:
        return [s.name for s in resource.sources.all()]


class ResourceFilterSerializer(serializers.Serializer):
    """Query parameters of the resource list."""

    type = serializers.ChoiceField(ResourceType.choices, required=False)
    visibility = serializers.ChoiceField(Visibility.choices, required=False)
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words found in the short name or title"
    )


# The fields, their limits and their defaults come from the model (core.editable); the
# service checks the short name and answers with its own error codes.
class ResourceCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = list(RESOURCE_EDITABLE)
        extra_kwargs = input_kwargs(Resource, RESOURCE_EDITABLE)


class ResourceUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = list(RESOURCE_EDITABLE)
        extra_kwargs = input_kwargs(Resource, RESOURCE_EDITABLE, optional=RESOURCE_EDITABLE)


class SourceSerializer(serializers.ModelSerializer):
    """A source with its reading options and analysis; SQL credentials never appear.
    ``date_formats_detected`` names, per column whose samples look like dates in a local
    format, that format (a value for ``date_format``)."""

    date_format = serializers.ChoiceField(
        choices=Source._meta.get_field("date_format").choices, allow_blank=True, read_only=True
    )
    date_formats_detected = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "name",
            "kind",
            "filename",
            "size",
            "sha256",
            "spec",
            "url",
            "keep_cached",
            "fetched_at",
            "sql_url_redacted",
            "sql_query",
            "date_format",
            "date_formats_detected",
            "analysis",
            "analysed_at",
            "column_changes",
            "log",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_date_formats_detected(self, source) -> dict[str, str]:
        return source_date_formats_detected(source)


class SourceChangeSerializer(serializers.Serializer):
    """Options changed without a new analysis: ``date_format`` ("" for none); one left out
    stays as it is."""

    date_format = serializers.ChoiceField(
        choices=Source._meta.get_field("date_format").choices,
        allow_blank=True,
        required=False,
        help_text=str(Source._meta.get_field("date_format").help_text),
    )


class SourceCreateSerializer(serializers.ModelSerializer):
    """One of: uploaded ``file``/``files`` (multipart), a ``url``, or an ``sql`` definition."""

    file = serializers.FileField(required=False, allow_empty_file=True)
    url = serializers.URLField(required=False, max_length=max_length(Source, "url"))
    sql_url = serializers.CharField(
        required=False, max_length=max_length(Source, "sql_url_redacted")
    )

    class Meta:
        model = Source
        fields = ["file", *SOURCE_EDITABLE, "sql_url"]
        # Which fields a source needs depends on its kind (validate); a name left out is
        # the file's.
        extra_kwargs = input_kwargs(
            Source,
            SOURCE_EDITABLE,
            optional=["name", "sql_query"],
            sql_query={"allow_blank": False},
        )

    def validate(self, attrs):
        given = [k for k in ("file", "url", "sql_query") if attrs.get(k)]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of file, url or sql_query."))
        if attrs.get("sql_query") and not (attrs.get("sql_url") and attrs.get("name")):
            raise serializers.ValidationError(_("An SQL source needs name, sql_url and sql_query."))
        return attrs


class SourceUpdateSerializer(serializers.Serializer):
    """Replace the data (``file`` or, for URL sources, ``refetch``) or change ``spec``."""

    file = serializers.FileField(required=False, allow_empty_file=True)
    spec = serializers.JSONField(required=False)

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("spec")):
            raise serializers.ValidationError(_("Give either a file or a spec."))
        return attrs


class PreviewSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField())


class VisibilitySerializer(serializers.ModelSerializer):
    """Who may see the resource now, the change waiting for the next publication, the day a
    private resource becomes public on its own, and its GBIF key once registered."""

    visibility_pending = serializers.ChoiceField(
        Visibility.choices,
        allow_blank=True,
        read_only=True,
        help_text="The visibility the next publication applies; empty: no change waits",
    )

    class Meta:
        model = Resource
        fields = ["visibility", "visibility_pending", "public_from", "gbif_key"]
        read_only_fields = fields


class VisibilityChangeSerializer(serializers.Serializer):
    """Ask for private or public (after the first publication this waits for the next one),
    and/or set or clear (null) the day a private resource becomes public."""

    visibility = serializers.ChoiceField([Visibility.PRIVATE, Visibility.PUBLIC], required=False)
    public_from = serializers.DateField(required=False, allow_null=True)


class ManagerSerializer(serializers.Serializer):
    """A user who manages the resource: its creator or an invited co-manager."""

    email = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    creator = serializers.BooleanField()


class ManagerAddSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="E-mail of an active user with manager rights")

    def validate_email(self, email: str) -> User:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise serializers.ValidationError(
                _("No active user has the e-mail %(email)s.") % {"email": email}
            )
        return user

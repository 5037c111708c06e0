"""Events derived from a flat source: the suggested split, what a split gives, and the
mappings made from it (``resources.services.derive``). Managers of the resource only."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from resources.services.derive import derive_apply, derive_suggest, derive_tally, split_from

from .mapping_serializers import MappingSerializer
from .mapping_views import _mapping_body
from .resource_views import ERRORS, _resource, _source

_COLUMNS = serializers.DictField(child=serializers.CharField())


class SplitSerializer(serializers.Serializer):
    """How a flat source becomes events and occurrences."""

    key = serializers.ListField(
        child=serializers.CharField(), help_text="Columns that identify an event"
    )
    template = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The eventID composed from the key, e.g. {site}:{eventDate} (empty: the key "
        "columns joined with ':')",
    )
    event = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Event-level columns: column -> Event term",
    )
    occurrence = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Occurrence-level columns: column -> Occurrence term",
    )
    parent_key = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="A coarser part of the key that makes parent events (e.g. the site)",
    )
    parent = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Columns of the parent events: column -> Event term",
    )
    parent_template = serializers.CharField(
        required=False, allow_blank=True, help_text="The parent events' id from parent_key"
    )
    occurrence_id = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="occurrenceID template, when no column holds one",
    )
    on_conflict = serializers.ChoiceField(
        choices=["first", "block"],
        required=False,
        help_text="Rows of one event that disagree: keep the first row's values, or block",
    )


class ConflictSerializer(serializers.Serializer):
    event = serializers.CharField(help_text="Id of the event whose rows disagree")
    first_line = serializers.IntegerField(help_text="Line of the event's first row")
    line = serializers.IntegerField(help_text="Line of the row that disagrees")
    column = serializers.CharField(help_text="The first column they disagree on")


class CountsSerializer(serializers.Serializer):
    """What a split gives over the first 50 000 rows of the source."""

    rows = serializers.IntegerField(help_text="Rows read")
    events = serializers.IntegerField()
    parents = serializers.IntegerField(help_text="Parent events (0 without parent_key)")
    occurrences = serializers.IntegerField()
    conflicts = serializers.IntegerField(help_text="Events whose rows disagree")
    conflict_lines = ConflictSerializer(many=True, help_text="Up to 20 conflicting events")
    capped = serializers.BooleanField(help_text="Only the first 50 000 rows were read")


class SuggestionSerializer(serializers.Serializer):
    """The suggested split (null when no column identifies an event), what it gives, and the
    terms auto-mapping finds for the columns."""

    split = SplitSerializer(allow_null=True)
    counts = CountsSerializer(allow_null=True)
    columns = serializers.ListField(child=serializers.CharField())
    event_terms = serializers.DictField(
        child=serializers.CharField(), help_text="Column -> Event term"
    )
    occurrence_terms = serializers.DictField(
        child=serializers.CharField(), help_text="Column -> Occurrence term"
    )


class DeriveRequest(serializers.Serializer):
    split = SplitSerializer()
    apply = serializers.BooleanField(
        required=False,
        default=False,
        help_text="false: count what the split gives; true: replace the source's mappings "
        "by the split's",
    )


EXAMPLE = OpenApiExample(
    "Visits under sites",
    value={
        "split": {
            "key": ["site", "eventDate"],
            "event": {"eventDate": "http://rs.tdwg.org/dwc/terms/eventDate"},
            "occurrence": {"scientificName": "http://rs.tdwg.org/dwc/terms/scientificName"},
            "parent_key": ["site"],
            "parent": {"site": "http://rs.tdwg.org/dwc/terms/locationID"},
            "occurrence_id": "{site}:{eventDate}:{scientificName}",
            "on_conflict": "first",
        },
        "apply": False,
    },
    request_only=True,
)


class DeriveView(APIView):
    """GET: the suggested split of a flat source; POST: count what a split gives, or (with
    ``apply``) replace the source's mappings by parent-event, event and occurrence mappings
    (the resource becomes a sampling-event resource)."""

    @extend_schema(
        operation_id="resources_sources_derive_retrieve",
        responses={200: SuggestionSerializer, **ERRORS},
    )
    def get(self, request, shortname, name):
        source = _source(_resource(request, shortname), name)
        return Response(derive_suggest(source))

    @extend_schema(
        operation_id="resources_sources_derive_create",
        request=DeriveRequest,
        responses={200: CountsSerializer, 201: MappingSerializer(many=True), **ERRORS},
        examples=[EXAMPLE],
    )
    def post(self, request, shortname, name):
        resource = _resource(request, shortname)
        source = _source(resource, name)
        form = DeriveRequest(data=request.data)
        form.is_valid(raise_exception=True)
        split = split_from(form.validated_data["split"])
        if not form.validated_data["apply"]:
            return Response(derive_tally(source, split))
        created = derive_apply(resource=resource, source=source, split=split)
        return Response([_mapping_body(m) for m in created], status=status.HTTP_201_CREATED)

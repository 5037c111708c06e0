"""The sensitivity policy of a resource: its managers read, replace and remove it.

The body is the engine's JSON form of a policy (``resources.sensitivity.policy``) with
``lists``, the ids of the shared lists it subscribes to. The services check it and name the
field they refuse (``taxa[3].action.grid``)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from resources.sensitivity.policy import KINDS, RANKS
from resources.services.sensitivity import policy_delete, policy_json, policy_update

from .resource_views import ERRORS, _resource


class ActionSerializer(serializers.Serializer):
    """What publication does to a sensitive record."""

    kind = serializers.ChoiceField(choices=list(KINDS))
    grid = serializers.CharField(
        required=False, help_text="coordinates: 0.01, 0.1 or 1 (degrees), <N>km, decimals:<k>"
    )
    rank = serializers.ChoiceField(
        choices=list(RANKS), required=False, help_text="identification: genus when absent"
    )
    fields = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="fields: terms to withhold"
    )


class TaxonSerializer(serializers.Serializer):
    """A sensitive taxon; without ``action`` the policy's default applies."""

    name = serializers.CharField(max_length=500)
    rank = serializers.CharField(required=False)
    synonyms = serializers.ListField(child=serializers.CharField(), required=False)
    action = ActionSerializer(required=False)


class PolicySerializer(serializers.Serializer):
    """A resource's sensitivity policy."""

    default = ActionSerializer()
    separate_events = serializers.BooleanField(
        help_text="Sensitive occurrences go under a generated, generalised event"
    )
    taxa = TaxonSerializer(many=True)
    lists = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the shared lists subscribed to"
    )


EXAMPLE = OpenApiExample(
    "A policy",
    value={
        "default": {"kind": "coordinates", "grid": "0.1"},
        "separate_events": False,
        "taxa": [
            {"name": "Lynx lynx", "rank": "species", "synonyms": ["Felis lynx"]},
            {"name": "Aquila chrysaetos", "action": {"kind": "withhold"}},
        ],
        "lists": [],
    },
)


class SensitivityView(APIView):
    """The resource's sensitivity policy; 404 also when it has none."""

    @extend_schema(
        operation_id="resources_sensitivity_retrieve",
        responses={200: PolicySerializer, **ERRORS},
    )
    def get(self, request, shortname):
        data = policy_json(_resource(request, shortname))
        if data is None:
            raise Http404
        return Response(data)

    @extend_schema(
        operation_id="resources_sensitivity_update",
        request=PolicySerializer,
        responses={200: PolicySerializer, **ERRORS},
        examples=[EXAMPLE],
    )
    def put(self, request, shortname):
        resource = _resource(request, shortname)
        policy_update(resource=resource, user=request.user, data=request.data)
        return Response(policy_json(resource))

    @extend_schema(operation_id="resources_sensitivity_destroy", responses={204: None, **ERRORS})
    def delete(self, request, shortname):
        resource = _resource(request, shortname)
        if not policy_delete(resource=resource, user=request.user):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)

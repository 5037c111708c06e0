"""Shapes of the organisation and GBIF registration endpoints."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import JobSerializer
from core.editable import input_kwargs
from publisher.models import Organisation
from publisher.services.organisations import EDITABLE, TOKEN_MAX_LENGTH


class OrganisationSerializer(serializers.ModelSerializer):
    """An associated organisation; its token never leaves the server."""

    class Meta:
        model = Organisation
        fields = [
            "key",
            "name",
            *EDITABLE,
            "homepage_url",
            "node_name",
            "contact_name",
            "contact_email",
            "created",
        ]
        read_only_fields = fields


# The editable fields as the model declares them (core.editable).
class OrganisationCreateSerializer(serializers.ModelSerializer):
    key = serializers.UUIDField()
    token = serializers.CharField(
        write_only=True, max_length=TOKEN_MAX_LENGTH, trim_whitespace=True
    )

    class Meta:
        model = Organisation
        fields = ["key", "token", *EDITABLE]
        extra_kwargs = input_kwargs(Organisation, EDITABLE)


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    """Where a resource stands with GBIF, and whether you may register it now."""

    registered = serializers.BooleanField()
    key = serializers.CharField(allow_blank=True)
    registered_at = serializers.DateTimeField(allow_null=True)
    organisation = OrganisationSerializer(allow_null=True)
    gbif_url = serializers.CharField(allow_blank=True)
    problems = ProblemSerializer(many=True)
    refusal = serializers.CharField(allow_blank=True)
    may_register = serializers.BooleanField()
    retrying = serializers.BooleanField()
    last_job = JobSerializer(allow_null=True)
    deregistration = serializers.CharField(
        allow_blank=True,
        help_text='"pending" until the registry confirmed the deletion of the dataset, '
        '"failed" when it did not (retry with POST …/deregister); "" otherwise.',
    )


class RegisterRequestSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Key of the publishing organisation, when not chosen yet.",
    )


class OrganisationChoiceSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(
        allow_null=True, help_text="Key of the publishing organisation."
    )


class NetworkSerializer(serializers.Serializer):
    """A GBIF network, as the registry lists it."""

    key = serializers.CharField()
    name = serializers.CharField(allow_blank=True)

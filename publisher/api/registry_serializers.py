"""Shapes of the organisation and GBIF registration endpoints."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import JobSerializer
from publisher.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    """An associated organisation; its token never leaves the server."""

    class Meta:
        model = Organisation
        fields = [
            "key",
            "name",
            "alias",
            "can_publish",
            "homepage_url",
            "node_name",
            "contact_name",
            "contact_email",
            "created",
        ]
        read_only_fields = fields


class OrganisationCreateSerializer(serializers.Serializer):
    key = serializers.UUIDField()
    token = serializers.CharField(write_only=True, max_length=200, trim_whitespace=True)
    alias = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    can_publish = serializers.BooleanField(required=False, default=True)


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

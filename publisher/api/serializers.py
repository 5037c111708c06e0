"""Request and response shapes of the installation-side endpoints."""

from __future__ import annotations

from rest_framework import serializers

from publisher.models import User


class SelfCheckRequestSerializer(serializers.Serializer):
    steps = serializers.IntegerField(min_value=1, max_value=1000, default=20)
    delay = serializers.FloatField(min_value=0, max_value=5, default=0.1)


class MeSerializer(serializers.ModelSerializer):
    has_manager_rights = serializers.BooleanField(read_only=True)
    has_registration_rights = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "role",
            "has_manager_rights",
            "has_registration_rights",
        ]
        read_only_fields = fields


class ApiRootSerializer(serializers.Serializer):
    """The API version and the addresses of its main collections."""

    version = serializers.CharField()
    schema = serializers.URLField()
    docs = serializers.URLField()
    jobs = serializers.URLField()
    me = serializers.URLField()
    resources = serializers.URLField()
    contacts = serializers.URLField()
    extensions = serializers.URLField()
    vocabularies = serializers.URLField()
    organisations = serializers.URLField()

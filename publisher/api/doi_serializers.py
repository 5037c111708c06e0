"""Shapes of the DOI endpoint (issue #23)."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import JobSerializer
from resources.models import DoiStatus


class DoiSerializer(serializers.Serializer):
    """One DOI of the resource."""

    doi = serializers.CharField()
    url = serializers.CharField(help_text="https://doi.org/ followed by the DOI")
    status = serializers.ChoiceField(
        DoiStatus.choices,
        help_text="reserving, reserved and deleting before a published version carries it; "
        "registered after",
    )
    datacite_state = serializers.CharField(
        allow_blank=True,
        help_text='What DataCite last answered: draft, registered or findable ("" before)',
    )
    target_url = serializers.CharField(allow_blank=True, help_text="Where the DOI resolves to")
    versions = serializers.ListField(
        child=serializers.CharField(), help_text="The versions that carry it"
    )
    current = serializers.BooleanField(help_text="The DOI of the newest version carrying one")
    reserved_at = serializers.DateTimeField()
    registered_at = serializers.DateTimeField(allow_null=True)


class DoiStateSerializer(serializers.Serializer):
    """The resource's DOIs and what the caller may do about them."""

    current = serializers.CharField(allow_blank=True, help_text='The current DOI ("" none)')
    reserved = serializers.CharField(
        allow_blank=True, help_text='The DOI reserved and not yet registered ("" none)'
    )
    dois = DoiSerializer(many=True)
    prefix = serializers.CharField(
        allow_blank=True,
        help_text='The prefix of the installation\'s DataCite account ("" when none is active)',
    )
    refusal = serializers.CharField(
        allow_blank=True, help_text='Why you may not reserve or delete DOIs ("" when you may)'
    )
    next_version = serializers.CharField(
        allow_blank=True,
        help_text='The version the publication that registers the reserved DOI makes ("" none)',
    )
    registers_next = serializers.BooleanField(
        help_text="The next publication registers the reserved DOI (false while the resource "
        "is not public)"
    )
    last_job = JobSerializer(allow_null=True)


class DoiReserveSerializer(serializers.Serializer):
    doi = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A DOI you already have under the account's prefix; empty: a new one",
    )

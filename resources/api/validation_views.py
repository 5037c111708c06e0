"""Validation endpoints: validate (a background job), the latest validation and its flagged
rows. Whoever may publish the resource may validate it; others get 404 so that private
short names do not leak."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.downloads import DownloadMixin
from core.api.serializers import JobSerializer
from resources.models import Validation
from resources.services.publication.start import validation_start
from resources.services.publication.validation import latest_validation, validation_flagged_path

from . import examples as ex
from .publication_views import _download, _file_responses
from .resource_views import ERRORS, _accepted, _resource


class ValidateRequestSerializer(serializers.Serializer):
    drop_orphans = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Check as a publication with drop_orphans would: leave out extension rows "
        "whose core record does not exist instead of counting them as blocking.",
    )


class ResourceValidationSerializer(serializers.ModelSerializer):
    """The latest validation: when, by whom, its blocking and warned row counts, the records
    per file and the report (the same report a published version keeps)."""

    validated_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    ok = serializers.BooleanField(read_only=True)

    class Meta:
        model = Validation
        fields = [
            "validated_at",
            "validated_by",
            "job",
            "ok",
            "errors",
            "warnings",
            "counts",
            "report",
            "flagged_name",
        ]
        read_only_fields = fields


class ValidateView(APIView):
    """Validate the resource as it would be published, without publishing: 202 with the job
    to follow (``GET /api/v1/jobs/<id>/``); its report then is the latest validation."""

    @extend_schema(
        request=ValidateRequestSerializer,
        responses={202: JobSerializer, **ERRORS},
        examples=ex.VALIDATE,
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        form = ValidateRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        job = validation_start(resource=resource, user=request.user, **form.validated_data)
        return _accepted(request, job)


def _validation(request, shortname: str) -> Validation:
    validation = latest_validation(_resource(request, shortname))
    if validation is None:
        raise Http404
    return validation


class ValidationDetailView(APIView):
    """The resource's latest validation (404 before the first one)."""

    @extend_schema(responses={200: ResourceValidationSerializer, **ERRORS})
    def get(self, request, shortname):
        return Response(ResourceValidationSerializer(_validation(request, shortname)).data)


class ValidationFlaggedView(DownloadMixin, APIView):
    """Every row the latest validation flagged (gzipped TSV: file, source, line, check, term,
    value, message)."""

    @extend_schema(responses=_file_responses("application/gzip"))
    def get(self, request, shortname):
        validation = _validation(request, shortname)
        return _download(validation_flagged_path(validation), "application/gzip")

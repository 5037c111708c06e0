"""Publication endpoints: publish (a background job), versions, flagged rows. Managers of
the resource and admins only; others get 404 so that private short names do not leak."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from publisher.api.serializers import JobSerializer
from resources.models import Version
from resources.services.publication import resource_publish, version_path

from .resource_views import ERRORS, _accepted, _resource


class PublishRequestSerializer(serializers.Serializer):
    change_summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10_000
    )
    drop_orphans = serializers.BooleanField(required=False, default=False)


class VersionSerializer(serializers.ModelSerializer):
    """A published version: what it holds, who published it and when."""

    version = serializers.CharField(source="label", read_only=True)
    published_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    has_archive = serializers.BooleanField(read_only=True)
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)

    class Meta:
        model = Version
        fields = [
            "version",
            "published_at",
            "published_by",
            "change_summary",
            "records",
            "counts",
            "archive_name",
            "archive_size",
            "archive_sha256",
            "has_archive",
            "eml_name",
            "visibility",
            "auto",
            "job",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    """A version with its publication report."""

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "report", "flagged_name"]
        read_only_fields = fields


def _version(resource, label: str) -> Version:
    version = resource.versions.select_related("published_by").filter(label=label).first()
    if version is None:
        raise Http404
    return version


class PublishView(APIView):
    """Publish the next version: 202 with the job to follow (``GET /api/v1/jobs/<id>/``)."""

    @extend_schema(request=PublishRequestSerializer, responses={202: JobSerializer, **ERRORS})
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        form = PublishRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        job = resource_publish(resource, user=request.user, **form.validated_data)
        return _accepted(request, job)


class VersionListView(APIView):
    """The resource's published versions, newest first."""

    @extend_schema(responses={200: VersionSerializer(many=True), **ERRORS})
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        versions = resource.versions.select_related("published_by").order_by("-major", "-minor")
        return Response(VersionSerializer(versions, many=True).data)


class VersionDetailView(APIView):
    """One version with its counts per file and its publication report."""

    @extend_schema(responses={200: VersionDetailSerializer, **ERRORS})
    def get(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        return Response(VersionDetailSerializer(version).data)


class VersionFlaggedView(APIView):
    """Every row a check flagged in this version (gzipped TSV: file, source, line, check,
    term, value, message)."""

    @extend_schema(
        responses={
            (200, "application/gzip"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such version or file"),
        }
    )
    def get(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        path = version_path(version, "flagged")
        if path is None or not path.exists():
            raise Http404
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=path.name, content_type="application/gzip"
        )

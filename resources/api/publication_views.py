"""Publication endpoints: publish (a background job), versions and their files, flagged
rows, publication settings. Managers of the resource and admins only; others get 404 so
that private short names do not leak."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.downloads import DownloadMixin
from core.api.serializers import ErrorSerializer, JobSerializer
from core.errors import UserError
from resources import error_codes as codes
from resources.models import PublicationSettings, Version
from resources.portal import links
from resources.services.publication import (
    latest_version,
    publication_settings,
    publication_settings_update,
    publish_jobs,
    resource_publish,
    version_path,
)
from resources.services.publication.removal import REASON_MAX
from resources.services.publication.run import failed_flagged_path
from resources.services.publication.schedule import EDITABLE, LIMITS
from resources.services.publication.store import CHANGE_SUMMARY_MAX, version_change_summary_set
from workflows.versions import version_delete

from . import examples as ex
from .resource_views import ERRORS, _accepted, _resource


class PublishRequestSerializer(serializers.Serializer):
    change_summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10_000
    )
    drop_orphans = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Leave out orphan rows: extension rows whose core id is not in the core. Without "
            "it they block the publication (check orphan-row); with it they are left out "
            "and listed in the report (orphan-row-dropped)."
        ),
    )


class DatapackageSerializer(serializers.Serializer):
    """The Darwin Core Data Package published beside the archive (DwC-DP 1.0)."""

    url = serializers.URLField(help_text="Its public download (datapackage.do).")
    size = serializers.IntegerField(help_text="In bytes.")
    sha256 = serializers.CharField()


class VersionSerializer(serializers.ModelSerializer):
    """A published version: what it holds, who published it and when."""

    version = serializers.CharField(source="label", read_only=True)
    published_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    has_archive = serializers.BooleanField(read_only=True)
    datapackage = serializers.SerializerMethodField(
        help_text="The Darwin Core Data Package beside the archive; null when it has none."
    )
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)

    @extend_schema_field(DatapackageSerializer(allow_null=True))
    def get_datapackage(self, version: Version) -> dict | None:
        if not version.has_datapackage:
            return None
        url = links.absolute("datapackage.do", version.resource.shortname, version.label)
        return {
            "url": url,
            "size": version.datapackage_size,
            "sha256": version.datapackage_sha256,
        }

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
            "datapackage",
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
    version = (
        resource.versions.select_related("published_by", "resource").filter(label=label).first()
    )
    if version is None:
        _raise_if_gone(resource, label)
        raise Http404
    return version


def _raise_if_gone(resource, label: str) -> None:
    """410 ``version:gone`` for a deleted version, with when, by whom and why."""
    gone = Version.all_objects.filter(resource=resource, label=label, deleted_at__isnull=False)
    tombstone = gone.select_related("deleted_by").first()
    if tombstone is None:
        return
    current = latest_version(resource)
    raise UserError(
        gettext_noop("Version %(version)s was deleted."),
        params={"version": label},
        code=codes.VERSION_GONE,
        details=DeletedVersionSerializer(
            {"version": tombstone, "current": current.label if current else ""}
        ).data,
    )


class DeletedVersionSerializer(serializers.Serializer):
    """What is kept of a deleted version: when, by whom and why, and the current version."""

    version = serializers.CharField(source="version.label")
    deleted_at = serializers.DateTimeField(source="version.deleted_at")
    deleted_by = serializers.EmailField(source="version.deleted_by.email", default="")
    reason = serializers.CharField(source="version.deleted_reason")
    current = serializers.CharField()


class VersionDeleteSerializer(serializers.Serializer):
    """Why the version is deleted (required; kept in the version history)."""

    reason = serializers.CharField(max_length=REASON_MAX)


class PublishView(APIView):
    """Publish the next version: 202 with the job to follow (``GET /api/v1/jobs/<id>/``)."""

    @extend_schema(
        request=PublishRequestSerializer,
        responses={202: JobSerializer, **ERRORS},
        examples=ex.PUBLISH,
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        form = PublishRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        job = resource_publish(resource=resource, user=request.user, **form.validated_data)
        return _accepted(request, job)


class VersionListView(generics.ListAPIView):
    """The resource's published versions, newest first, a page at a time."""

    serializer_class = VersionSerializer

    @extend_schema(responses={200: VersionSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        resource = _resource(self.request, self.kwargs["shortname"])
        return resource.versions.select_related("published_by", "resource").order_by(
            "-major", "-minor"
        )


class VersionChangeSerializer(serializers.Serializer):
    """What may change in a published version: its change summary."""

    change_summary = serializers.CharField(allow_blank=True, max_length=CHANGE_SUMMARY_MAX)


class VersionDetailView(APIView):
    """One version with its counts per file and its publication report; PATCH replaces its
    change summary."""

    @extend_schema(responses={200: VersionDetailSerializer, **ERRORS})
    def get(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        return Response(VersionDetailSerializer(version).data)

    @extend_schema(
        request=VersionChangeSerializer, responses={200: VersionDetailSerializer, **ERRORS}
    )
    def patch(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        form = VersionChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        version = version_change_summary_set(
            version=version, summary=form.validated_data["change_summary"]
        )
        return Response(VersionDetailSerializer(version).data)

    @extend_schema(
        request=VersionDeleteSerializer,
        responses={200: DeletedVersionSerializer, 409: ErrorSerializer, **ERRORS},
    )
    def delete(self, request, shortname, label):
        """Delete the version (admins): its files are removed, its addresses answer 410
        Gone; the reason is required (JSON body or ``?reason=``)."""
        resource = _resource(request, shortname)
        version = _version(resource, label)
        data = request.data or {"reason": request.query_params.get("reason", "")}
        form = VersionDeleteSerializer(data=data)
        form.is_valid(raise_exception=True)
        tombstone = version_delete(
            version=version, by=request.user, reason=form.validated_data["reason"]
        )
        current = latest_version(resource)
        body = {"version": tombstone, "current": current.label if current else ""}
        return Response(DeletedVersionSerializer(body).data)


def _download(path, content_type: str) -> FileResponse:
    if path is None or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type
    )


def _file_responses(media_type: str) -> dict:
    return {
        (200, media_type): OpenApiTypes.BINARY,
        **{(code, "application/json"): response for code, response in ERRORS.items()},
        (404, "application/json"): OpenApiResponse(
            ErrorSerializer, description="No such version or file"
        ),
    }


class VersionFlaggedView(DownloadMixin, APIView):
    """Every row a check flagged in this version (gzipped TSV: file, source, line, check,
    term, value, message)."""

    @extend_schema(responses=_file_responses("application/gzip"))
    def get(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        return _download(version_path(version, "flagged"), "application/gzip")


class VersionArchiveView(DownloadMixin, APIView):
    """The version's Darwin Core Archive, as published (404 once the archival mode removed
    it)."""

    @extend_schema(responses=_file_responses("application/zip"))
    def get(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        return _download(version_path(version, "archive"), "application/zip")


class VersionEmlView(DownloadMixin, APIView):
    """The version's EML document, as published."""

    @extend_schema(responses=_file_responses("application/xml"))
    def get(self, request, shortname, label):
        version = _version(_resource(request, shortname), label)
        return _download(version_path(version, "eml"), "application/xml")


class AttemptFlaggedView(DownloadMixin, APIView):
    """The flagged rows of the resource's last failed publication (its job's ``result``
    holds the report)."""

    @extend_schema(responses=_file_responses("application/gzip"))
    def get(self, request, shortname, job_id):
        resource = _resource(request, shortname)
        job = publish_jobs(resource).filter(pk=job_id).first()
        if job is None:
            raise Http404
        return _download(failed_flagged_path(resource, job), "application/gzip")


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d\d:\d\d(:\d\d(\.\d+)?)?$",
        "example": "12:00",
        "description": "HH:MM, in the server time zone",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time without a time zone (JSON Schema's ``time`` format needs one)."""


class PublicationSettingsSerializer(serializers.ModelSerializer):
    """Archival mode and auto-publishing; times are in the server time zone. Changing them
    computes the next automatic publication again and resets the failure count."""

    time = LocalTimeField(required=False)

    class Meta:
        model = PublicationSettings
        fields = [*EDITABLE, "next_publish_at", "consecutive_failures", "modified"]
        read_only_fields = ["next_publish_at", "consecutive_failures", "modified"]
        extra_kwargs = {
            **{name: {"min_value": low, "max_value": high} for name, (low, high) in LIMITS.items()},
            "datapackage": {
                "help_text": (
                    "Publish the data also as a Darwin Core Data Package (DwC-DP 1.0) beside "
                    "the archive. Only sampling-event resources (an Event core) get one."
                )
            },
        }


class PublicationSettingsView(APIView):
    """How the resource's archives are kept and when it is published automatically."""

    @extend_schema(responses={200: PublicationSettingsSerializer, **ERRORS})
    def get(self, request, shortname):
        options = publication_settings(_resource(request, shortname))
        return Response(PublicationSettingsSerializer(options).data)

    @extend_schema(
        request=PublicationSettingsSerializer,
        responses={200: PublicationSettingsSerializer, **ERRORS},
        examples=ex.PUBLICATION_SETTINGS,
    )
    def patch(self, request, shortname):
        resource = _resource(request, shortname)
        form = PublicationSettingsSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        options = publication_settings_update(resource=resource, **form.validated_data)
        return Response(PublicationSettingsSerializer(options).data)

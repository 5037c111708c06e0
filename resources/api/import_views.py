"""Create resources from an archive or IPT folder, and export one as a folder zip."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from core.api.downloads import DownloadMixin
from core.api.serializers import JobSerializer
from core.editable import max_length
from core.permissions import has_manager_rights
from resources.models import Resource
from resources.services.exporting import resource_export_file
from resources.services.importing.start import resource_import_start
from resources.services.sources import source_stage_uploads

from .resource_views import ERRORS, PARSERS, _accepted, _refuse_oversized, _resource


class ResourceImportSerializer(serializers.Serializer):
    """A file (multipart) or a URL, and optionally the short name to give."""

    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, max_length=1000)
    shortname = serializers.CharField(
        required=False, max_length=max_length(Resource, "shortname"), allow_blank=True, default=""
    )

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("url")):
            raise serializers.ValidationError(_("Give either file or url."))
        return attrs


class ResourceImportView(APIView):
    """Create resources from a Darwin Core Archive, a zipped IPT resource folder or a zipped
    IPT data directory. Answers 202 with the import job; its result lists the resources
    created and, for each, what could not be imported."""

    parser_classes = PARSERS

    @extend_schema(
        request={
            "multipart/form-data": ResourceImportSerializer,
            "application/json": ResourceImportSerializer,
        },
        responses={202: JobSerializer, **ERRORS},
    )
    def post(self, request):
        if not has_manager_rights(request.user):
            raise PermissionDenied
        _refuse_oversized(request)
        form = ResourceImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        staged = source_stage_uploads(files=[data["file"]]) if data.get("file") else None
        job = resource_import_start(
            user=request.user,
            staged=staged,
            url=data.get("url", ""),
            shortname=data.get("shortname", ""),
        )
        return _accepted(request, job)


class ResourceExportView(DownloadMixin, APIView):
    """The resource as a zipped IPT-layout folder (sources, mappings, metadata, versions)
    that the import reads back."""

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS}
    )
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        path = resource_export_file(resource=resource)
        handle = path.open("rb")
        path.unlink()  # the open handle keeps the data readable until the response is sent
        return FileResponse(
            handle,
            as_attachment=True,
            filename="%s.zip" % shortname,
            content_type="application/zip",
        )

"""Metadata endpoints: a resource's managers read, replace, validate and cite its EML."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.api.parsers import JSONParser
from core.api.serializers import ErrorSerializer, JobSerializer
from core.errors import UserError
from core.permissions import has_manager_rights
from metadata import error_codes as codes
from metadata.eml.serialize import to_dict
from metadata.jobs import metadata_import_inline, metadata_import_start
from metadata.selectors import contact_list_for_user
from metadata.services.citations import citation_render
from metadata.services.coverage import (
    coverage_infer_start,
    coverage_last,
    metadata_settings_update,
)
from metadata.services.documents import (
    metadata_from_json,
    metadata_get,
    metadata_record,
    metadata_save,
    metadata_validate,
)
from metadata.services.io import metadata_export, metadata_import
from resources.selectors import resource_get_for_manager

from . import renderers as r
from . import serializers as s

JSON = "application/json"
XML = "application/xml"
ERRORS = {
    (400, JSON): OpenApiResponse(ErrorSerializer, description="Invalid input"),
    (401, JSON): OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    (403, JSON): OpenApiResponse(ErrorSerializer, description="Not allowed"),
    (404, JSON): OpenApiResponse(ErrorSerializer, description="No such resource you may manage"),
}
PUBLISHABLE = OpenApiExample(
    "A publishable document",
    request_only=True,
    media_type=JSON,
    value={
        "titles": [{"text": "Amphibians of two ponds"}],
        "abstract": ["Amphibians counted at two ponds in spring 2024."],
        "licence": {
            "name": "CC-BY 4.0",
            "url": "http://creativecommons.org/licenses/by/4.0/legalcode",
        },
        "metadata_language": "en",
        "dataset_type": "sampling-event",
        "creators": [{"given_name": "Ann", "sur_name": "Frog", "emails": ["ann@example.org"]}],
        "contacts": [{"given_name": "Ann", "sur_name": "Frog", "emails": ["ann@example.org"]}],
    },
)
DOCUMENT_RESPONSES = {
    (200, JSON): s.DocumentSerializer,
    (200, XML): OpenApiResponse(OpenApiTypes.STR, description="EML 2.2.0, GBIF profile 1.3"),
    **ERRORS,
}


def _resource(request, shortname):
    resource = resource_get_for_manager(user=request.user, shortname=shortname)
    if resource is None:
        raise Http404
    return resource


class MetadataView(r.JsonErrorsMixin, APIView):
    """The working metadata of a resource: JSON of the EML model, or EML with
    ``Accept: application/xml``. PUT replaces it (JSON document, or EML to import)."""

    parser_classes = [JSONParser, r.EmlParser, r.TextXmlEmlParser]
    renderer_classes = [r.SafeJSONRenderer, r.EmlRenderer]
    content_negotiation_class = r.FormatNegotiation

    def _document(self, request, resource) -> Response:
        if request.accepted_renderer.format == "xml":
            return Response(metadata_export(resource), content_type=XML)
        return Response(to_dict(metadata_get(resource)))

    @extend_schema(operation_id="resources_metadata_retrieve", responses=DOCUMENT_RESPONSES)
    def get(self, request, shortname):
        return self._document(request, _resource(request, shortname))

    @extend_schema(
        operation_id="resources_metadata_update",
        request={JSON: s.DocumentSerializer, XML: OpenApiTypes.STR},
        responses={**DOCUMENT_RESPONSES, (202, JSON): JobSerializer},
        examples=[PUBLISHABLE],
    )
    def put(self, request, shortname):
        """A JSON document replaces the metadata as given (the short name stays the
        resource's); an EML body is imported, by a background job when it is larger than
        ``EML_IMPORT_INLINE_BYTES`` (202 with the job; follow it at its Location). Check the
        result at ``metadata/validation``."""
        resource = _resource(request, shortname)
        if not int(request.META.get("CONTENT_LENGTH") or 0):
            raise UserError(
                _("Send the metadata in the request body."),
                code=codes.METADATA_SHAPE,
                details={"field": ""},
            )
        if isinstance(request.data, bytes) and not metadata_import_inline(len(request.data)):
            job = metadata_import_start(
                resource=resource,
                user=request.user,
                data=request.data,
                filename=r.body_filename(request),
                apply=True,
            )
            location = reverse("api-job-detail", args=[job.pk], request=request)
            request.accepted_renderer, request.accepted_media_type = r.SafeJSONRenderer(), JSON
            return Response(
                JobSerializer(job).data,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": location},
            )
        if isinstance(request.data, bytes):
            metadata_import(
                resource, data=request.data, user=request.user, filename=r.body_filename(request)
            )
        else:
            metadata_save(resource, metadata_from_json(request.data), user=request.user)
        return self._document(request, resource)


class ValidationView(APIView):
    """Whether the metadata can be published: the issues, and every editor section's state."""

    renderer_classes = [r.SafeJSONRenderer]

    @extend_schema(responses={200: s.ValidationSerializer, **ERRORS})
    def get(self, request, shortname):
        return Response(s.ValidationSerializer.of(metadata_validate(_resource(request, shortname))))


class InferredView(APIView):
    """Coverage inferred from the mapped data: GET the last result, POST to infer again
    (a background job; follow it at its Location, its result is the coverage)."""

    renderer_classes = [r.SafeJSONRenderer]

    @extend_schema(responses={200: s.InferredSerializer, **ERRORS})
    def get(self, request, shortname):
        return Response(s.InferredSerializer(coverage_last(_resource(request, shortname))).data)

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS})
    def post(self, request, shortname):
        job = coverage_infer_start(resource=_resource(request, shortname), user=request.user)
        location = reverse("api-job-detail", args=[job.pk], request=request)
        return Response(
            JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
        )


class CitationView(r.JsonErrorsMixin, APIView):
    """The resource citation as plain text, BibTeX, RIS or CSL-JSON (``?format=``)."""

    renderer_classes = r.CITATION_RENDERERS
    content_negotiation_class = r.CitationNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format", str, enum=["text", "bibtex", "ris", "csl"], description="Default: text"
            )
        ],
        responses={
            (200, "text/plain"): OpenApiTypes.STR,
            (200, "application/x-bibtex"): OpenApiTypes.STR,
            (200, "application/x-research-info-systems"): OpenApiTypes.STR,
            (200, "application/vnd.citationstyles.csl+json"): OpenApiResponse(
                {"type": "array", "items": {"type": "object", "additionalProperties": True}},
                description="A list holding one CSL-JSON item",
            ),
            **ERRORS,
        },
    )
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        return Response(citation_render(resource, fmt=request.accepted_renderer.format))


class SettingsView(APIView):
    """Publication settings of the metadata: generated citation, entered or inferred coverage."""

    parser_classes = [JSONParser]
    renderer_classes = [r.SafeJSONRenderer]

    @extend_schema(responses={200: s.SettingsSerializer, **ERRORS})
    def get(self, request, shortname):
        return Response(s.SettingsSerializer(metadata_record(_resource(request, shortname))).data)

    @extend_schema(request=s.SettingsSerializer, responses={200: s.SettingsSerializer, **ERRORS})
    def patch(self, request, shortname):
        resource = _resource(request, shortname)
        form = s.SettingsSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        record = metadata_settings_update(resource, user=request.user, **form.validated_data)
        return Response(s.SettingsSerializer(record).data)


class ContactListView(generics.ListAPIView):
    """People and organisations saved in the metadata of resources the user manages or in
    published public versions, for reuse (managers only), by name, a page at a time."""

    renderer_classes = [r.SafeJSONRenderer]
    serializer_class = s.ContactSerializer

    @extend_schema(
        operation_id="contacts_list",
        parameters=[s.ContactFilterSerializer],
        responses={200: s.ContactSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        if not has_manager_rights(request.user):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = s.ContactFilterSerializer(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        return contact_list_for_user(
            user=self.request.user,
            query=form.validated_data.get("q", ""),
            kind=form.validated_data.get("kind", ""),
        )

"""Catalogue endpoints: read by anyone, changed by admins."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from catalogue.jobs import extension_install_start, extension_update_start
from catalogue.models import ExtensionProperty, Origin
from catalogue.selectors import extensions_list, vocabularies_list
from catalogue.services.install import extension_install_from_bytes, extension_remove
from core.api.parsers import JSONParser
from core.api.serializers import ErrorSerializer, JobSerializer
from core.permissions import is_admin

from . import serializers as s

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input or definition"),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Admins only"),
    404: OpenApiResponse(ErrorSerializer, description="Not installed"),
}


def _require_admin(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated
    if not is_admin(request.user):
        raise PermissionDenied


def _job_accepted(request, job) -> Response:
    location = reverse("api-job-detail", args=[job.pk], request=request)
    return Response(
        JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
    )


class ExtensionListView(generics.ListAPIView):
    """Installed extensions (cores included). POST installs one (admins)."""

    permission_classes = [AllowAny]
    serializer_class = s.ExtensionSummarySerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return extensions_list()

    @extend_schema(
        request={
            "multipart/form-data": s.ExtensionInstallSerializer,
            "application/json": s.ExtensionInstallSerializer,
        },
        responses={
            201: s.InstallResultSerializer,
            200: s.InstallResultSerializer,
            202: JobSerializer,
            **ERRORS,
        },
    )
    def post(self, request):
        """Install from an uploaded file (answered at once: 201 new, 200 updated) or from a
        URL (202 with a background job to follow)."""
        _require_admin(request)
        form = s.ExtensionInstallSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if url := form.validated_data.get("url"):
            job = extension_install_start(url=url, user=request.user)
            return _job_accepted(request, job)
        upload = form.validated_data["file"]
        result = extension_install_from_bytes(
            data=upload.read(), source=upload.name, origin=Origin.FILE, by=request.user
        )
        body = {
            "created": result.created,
            "report": result.report,
            "extension": s.ExtensionSerializer(_with_terms(result.extension.pk)).data,
        }
        return Response(body, status=201 if result.created else 200)


def _with_terms(pk):
    queryset = extensions_list().prefetch_related(
        Prefetch("properties", queryset=ExtensionProperty.objects.order_by("position"))
    )
    return get_object_or_404(queryset, pk=pk)


class ExtensionDetailView(generics.GenericAPIView):
    """One extension with all its terms. DELETE removes it (admins; 400 while mapped)."""

    permission_classes = [AllowAny]
    serializer_class = s.ExtensionSerializer

    def get(self, request, pk):
        return Response(s.ExtensionSerializer(_with_terms(pk)).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, pk):
        _require_admin(request)
        extension_remove(extension=get_object_or_404(extensions_list(), pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExtensionUpdateView(generics.GenericAPIView):
    """Update to the newer version found by the last registry check (admins; a job)."""

    serializer_class = JobSerializer

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS})
    def post(self, request, pk):
        _require_admin(request)
        extension = get_object_or_404(extensions_list(), pk=pk)
        job = extension_update_start(extension=extension, user=request.user)
        return _job_accepted(request, job)


class VocabularyListView(generics.ListAPIView):
    """Installed vocabularies."""

    permission_classes = [AllowAny]
    serializer_class = s.VocabularySummarySerializer

    def get_queryset(self):
        return vocabularies_list()


class VocabularyDetailView(generics.RetrieveAPIView):
    """One vocabulary with its concepts, labels per language and synonyms."""

    permission_classes = [AllowAny]
    serializer_class = s.VocabularySerializer

    def get_queryset(self):
        return vocabularies_list().prefetch_related("concepts")

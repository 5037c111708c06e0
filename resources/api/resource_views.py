"""Resource and source endpoints: managers of a resource only."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.api.parsers import JSONParser
from core.api.serializers import ErrorSerializer, JobSerializer
from core.permissions import has_manager_rights
from core.uploads import refused_upload
from resources.jobs.sources import (
    source_analyse_start,
    source_fetch_start,
    source_ingest_start,
)
from resources.selectors import (
    resource_get_for_manager,
    resources_filter,
    resources_for_manager,
    with_current_doi,
)
from resources.services.resources import resource_create, resource_update
from resources.services.sources import (
    source_add_sql,
    source_date_format_set,
    source_delete,
    source_preview,
    source_stage_uploads,
)
from workflows.resources import resource_delete

from . import examples as ex
from . import resource_serializers as s

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="No such resource you may manage"),
}
PARSERS = [MultiPartParser, FormParser, JSONParser]


def _resource(request, shortname):
    resource = resource_get_for_manager(user=request.user, shortname=shortname)
    if resource is None:
        raise Http404
    return resource


def _source(resource, name):
    source = resource.sources.filter(name=name).first()
    if source is None:
        raise Http404
    return source


def _refuse_oversized(request) -> None:
    """An upload the size limit stopped: say so, before the missing file confuses anyone."""
    _ = request.data  # the body is parsed lazily; the handler runs while parsing
    if refused := refused_upload(request):
        source_stage_uploads(files=[], refused=refused)


def _accepted(request, job) -> Response:
    location = reverse("api-job-detail", args=[job.pk], request=request)
    return Response(
        JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
    )


class ResourceListView(generics.ListAPIView):
    """Resources you manage (all for admins), a page at a time, most recently changed first;
    POST creates one."""

    serializer_class = s.ResourceSerializer

    @extend_schema(
        parameters=[s.ResourceFilterSerializer],
        responses={200: s.ResourceSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = s.ResourceFilterSerializer(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        filters = form.validated_data
        resources = resources_filter(
            resources_for_manager(user=self.request.user),
            type=filters.get("type", ""),
            visibility=filters.get("visibility", ""),
            search=filters.get("q", ""),
        )
        resources = with_current_doi(resources.prefetch_related("sources", "managers"))
        return resources.order_by("-modified", "pk")

    @extend_schema(
        request=s.ResourceCreateSerializer,
        responses={201: s.ResourceSerializer, **ERRORS},
        examples=ex.RESOURCE_CREATE,
    )
    def post(self, request):
        if not has_manager_rights(request.user):
            raise PermissionDenied
        form = s.ResourceCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        resource = resource_create(creator=request.user, **form.validated_data)
        return Response(s.ResourceSerializer(resource).data, status=status.HTTP_201_CREATED)


class ResourceDetailView(APIView):
    """One resource you manage: read, change (PATCH) or delete."""

    @extend_schema(responses={200: s.ResourceSerializer, **ERRORS})
    def get(self, request, shortname):
        return Response(s.ResourceSerializer(_resource(request, shortname)).data)

    @extend_schema(
        request=s.ResourceUpdateSerializer, responses={200: s.ResourceSerializer, **ERRORS}
    )
    def patch(self, request, shortname):
        resource = _resource(request, shortname)
        form = s.ResourceUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        resource = resource_update(resource=resource, **form.validated_data)
        return Response(s.ResourceSerializer(resource).data)

    @extend_schema(responses={204: None, 202: JobSerializer, **ERRORS})
    def delete(self, request, shortname):
        """204 once deleted; 202 with the deregistration job for a resource registered with
        GBIF: it is withdrawn now and deleted once the registry confirmed. A resource with a
        registered DOI is withdrawn instead (204; its pages answer 410 with its DOI)."""
        job = resource_delete(resource=_resource(request, shortname), user=request.user)
        if job is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        location = reverse("api-job-detail", args=[job.pk], request=request)
        return Response(
            JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
        )


class SourceListView(APIView):
    """The resource's sources; POST adds files (multipart), a URL or an SQL query."""

    parser_classes = PARSERS

    @extend_schema(responses={200: s.SourceSerializer(many=True), **ERRORS})
    def get(self, request, shortname):
        return Response(
            s.SourceSerializer(_resource(request, shortname).sources.all(), many=True).data
        )

    @extend_schema(
        request={
            "multipart/form-data": s.SourceCreateSerializer,
            "application/json": s.SourceCreateSerializer,
        },
        responses={202: JobSerializer, 201: s.SourceSerializer, **ERRORS},
    )
    def post(self, request, shortname):
        """Files and URLs are analysed by a background job (202, follow it); an SQL source
        is checked at once (201) and then fully analysed in the background."""
        resource = _resource(request, shortname)
        _refuse_oversized(request)
        form = s.SourceCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if data.get("sql_query"):
            source = source_add_sql(
                resource=resource, name=data["name"], url=data["sql_url"], query=data["sql_query"]
            )
            source_analyse_start(source=source, user=request.user)
            return Response(s.SourceSerializer(source).data, status=status.HTTP_201_CREATED)
        if data.get("url"):
            job = source_fetch_start(
                resource=resource,
                user=request.user,
                url=data["url"],
                keep_cached=data["keep_cached"],
            )
            return _accepted(request, job)
        staged = source_stage_uploads(
            files=request.FILES.getlist("file"), refused=refused_upload(request)
        )
        job = source_ingest_start(resource=resource, user=request.user, staged=staged)
        return _accepted(request, job)


class SourceDetailView(APIView):
    """One source: read it, replace its data or change its reading options (PUT), delete."""

    parser_classes = PARSERS

    @extend_schema(responses={200: s.SourceSerializer, **ERRORS})
    def get(self, request, shortname, name):
        return Response(s.SourceSerializer(_source(_resource(request, shortname), name)).data)

    @extend_schema(
        request={
            "multipart/form-data": s.SourceUpdateSerializer,
            "application/json": s.SourceUpdateSerializer,
        },
        responses={202: JobSerializer, **ERRORS},
    )
    def put(self, request, shortname, name):
        """A new file replaces the data, keeping the mappings (columns added and removed are
        reported, mappings to removed columns flagged); a spec re-analyses the source."""
        resource = _resource(request, shortname)
        source = _source(resource, name)
        _refuse_oversized(request)
        form = s.SourceUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if form.validated_data.get("spec"):
            job = source_analyse_start(
                source=source, user=request.user, spec=form.validated_data["spec"]
            )
            return _accepted(request, job)
        staged = source_stage_uploads(
            files=request.FILES.getlist("file"), refused=refused_upload(request)
        )
        job = source_ingest_start(
            resource=resource, user=request.user, staged=staged, replace=source
        )
        return _accepted(request, job)

    @extend_schema(request=s.SourceChangeSerializer, responses={200: s.SourceSerializer, **ERRORS})
    def patch(self, request, shortname, name):
        """Change the options that need no new analysis: ``date_format`` (how the source
        writes dates; mapped date terms are then published as ISO 8601)."""
        source = _source(_resource(request, shortname), name)
        form = s.SourceChangeSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        if "date_format" in form.validated_data:
            source_date_format_set(source=source, date_format=form.validated_data["date_format"])
        return Response(s.SourceSerializer(source).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, shortname, name):
        source_delete(source=_source(_resource(request, shortname), name))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourcePreviewView(APIView):
    """The first rows of a source (default 10, at most 1000), with their line numbers."""

    @extend_schema(
        parameters=[OpenApiParameter("rows", int, description="1 to 1000")],
        responses={200: s.PreviewSerializer, **ERRORS},
    )
    def get(self, request, shortname, name):
        source = _source(_resource(request, shortname), name)
        try:
            rows = int(request.query_params.get("rows", 10))
        except ValueError:
            rows = 10
        return Response(source_preview(source, rows=rows))

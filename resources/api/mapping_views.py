"""Mapping endpoints: a resource's managers map its sources to extensions."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue.models import Extension
from core.permissions import has_manager_rights
from resources.selectors import mapping_template_list_for_user
from resources.services.mapping_checks import mapping_checks
from resources.services.mappings import (
    archive_preview,
    mapping_create,
    mapping_definition,
    mapping_delete,
    mapping_preview,
    mapping_propose,
    mapping_update,
    template_apply,
    template_save,
    translation_set,
    translation_values,
)

from . import examples as ex
from . import mapping_serializers as s
from .resource_views import ERRORS, _resource, _source


def _mapping_body(mapping) -> dict:
    return {
        "id": mapping.pk,
        "row_type": mapping.extension.row_type,
        "extension": mapping.extension.title,
        "source": mapping.source.name if mapping.source else None,
        "position": mapping.position,
        **mapping_definition(mapping),
    }


def _extension(row_type: str) -> Extension:
    extension = Extension.objects.filter(row_type=row_type).first()
    if extension is None:
        raise Http404
    return extension


def _mapping(request, shortname, pk):
    resource = _resource(request, shortname)
    return get_object_or_404(resource.mappings.select_related("extension", "source"), pk=pk)


def _parsed(serializer_class, request):
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data


class MappingListView(APIView):
    """The resource's mappings; POST creates one (auto-mapped unless fields are given)."""

    @extend_schema(
        operation_id="resources_mappings_list",
        responses={200: s.MappingSerializer(many=True), **ERRORS},
    )
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        mappings = resource.mappings.select_related("extension", "source")
        return Response([_mapping_body(m) for m in mappings])

    @extend_schema(
        request=s.MappingRequest,
        responses={201: s.MappingSerializer, **ERRORS},
        examples=ex.MAPPING_CREATE,
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        data = _parsed(s.MappingRequest, request)
        definition = None
        if "fields" in data:
            keys = ("id_column", "id_template", "derive_events", "on_conflict", "fields", "filters")
            definition = {k: data.get(k) for k in keys}
            definition["filters"] = definition["filters"] or []
        mapping = mapping_create(
            resource=resource,
            source=_source(resource, data["source"]),
            extension=_extension(data["row_type"]),
            definition=definition,
        )
        return Response(_mapping_body(mapping), status=status.HTTP_201_CREATED)


class MappingAutomapView(APIView):
    """What auto-mapping would make of a source for a row type (nothing is saved)."""

    @extend_schema(
        request=s.AutomapRequest,
        responses={200: s.AutomapSerializer, **ERRORS},
        examples=ex.AUTOMAP,
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        data = _parsed(s.AutomapRequest, request)
        return Response(
            mapping_propose(
                resource=resource,
                source=_source(resource, data["source"]),
                extension=_extension(data["row_type"]),
            )
        )


class MappingDetailView(APIView):
    """One mapping; PUT replaces id column, fields and filters (checked, all or nothing)."""

    @extend_schema(responses={200: s.MappingSerializer, **ERRORS})
    def get(self, request, shortname, pk):
        return Response(_mapping_body(_mapping(request, shortname, pk)))

    @extend_schema(
        request=s.DefinitionRequest,
        responses={200: s.MappingSerializer, **ERRORS},
        examples=ex.DEFINITION,
    )
    def put(self, request, shortname, pk):
        mapping = _mapping(request, shortname, pk)
        mapping = mapping_update(mapping=mapping, definition=_parsed(s.DefinitionRequest, request))
        return Response(_mapping_body(mapping))

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, shortname, pk):
        mapping_delete(mapping=_mapping(request, shortname, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MappingPreviewView(APIView):
    """The first output rows (default 100, at most 1000), made by the archive's own engine."""

    @extend_schema(
        parameters=[OpenApiParameter("rows", int, description="1 to 1000")],
        responses={200: s.MappingPreviewSerializer, **ERRORS},
    )
    def get(self, request, shortname, pk):
        try:
            rows = int(request.query_params.get("rows", 100))
        except ValueError:
            rows = 100
        return Response(mapping_preview(_mapping(request, shortname, pk), rows=rows))


class ArchivePreviewView(APIView):
    """The first rows of one archive file (all mappings of ``row_type`` concatenated)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("row_type", str, required=True, examples=ex.ROW_TYPE),
            OpenApiParameter("rows", int, description="1 to 1000"),
        ],
        responses={200: s.ArchivePreviewSerializer, **ERRORS},
    )
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        extension = _extension(request.query_params.get("row_type", ""))
        try:
            rows = int(request.query_params.get("rows", 100))
        except ValueError:
            rows = 100
        return Response(archive_preview(resource, extension, rows=rows))


class MappingChecksView(APIView):
    """What breaks a rule in the mapped values, by the rules publication applies: every row
    of sources up to 100 000 rows, else the first 100 000 (``scope`` says which)."""

    @extend_schema(responses={200: s.ChecksSerializer, **ERRORS})
    def get(self, request, shortname, pk):
        return Response(mapping_checks(_mapping(request, shortname, pk)))


class TranslationView(APIView):
    """Distinct values of a mapped term with counts and vocabulary matches; PUT sets the
    translations. ``term`` is the term's qualified name (URL-encoded)."""

    @extend_schema(
        parameters=[OpenApiParameter("term", str, required=True, examples=ex.TERM)],
        responses={200: s.TranslationValuesSerializer, **ERRORS},
    )
    def get(self, request, shortname, pk):
        mapping = _mapping(request, shortname, pk)
        return Response(translation_values(mapping, request.query_params.get("term", "")))

    @extend_schema(
        parameters=[OpenApiParameter("term", str, required=True, examples=ex.TERM)],
        request=s.TranslationRequest,
        examples=ex.TRANSLATIONS,
        responses={200: s.TranslationsSerializer, **ERRORS},
    )
    def put(self, request, shortname, pk):
        mapping = _mapping(request, shortname, pk)
        data = _parsed(s.TranslationRequest, request)
        field = translation_set(
            mapping=mapping,
            term=request.query_params.get("term", ""),
            translations=data["translations"],
        )
        return Response({"term": field.term, "translations": field.translations})


class TemplateListView(APIView):
    """Mapping templates the user may see (saved from resources they manage or from
    published public ones); POST saves a resource's mappings under a name."""

    @extend_schema(responses={200: s.TemplateSerializer(many=True), **ERRORS})
    def get(self, request):
        if not has_manager_rights(request.user):
            raise PermissionDenied
        return Response(
            [
                {"id": t.pk, "name": t.name, "mappings": t.mappings}
                for t in mapping_template_list_for_user(user=request.user)
            ]
        )

    @extend_schema(
        request=s.TemplateRequest,
        responses={201: s.TemplateSerializer, **ERRORS},
        examples=ex.TEMPLATE_SAVE,
    )
    def post(self, request):
        data = _parsed(s.TemplateRequest, request)
        resource = _resource(request, data["resource"])
        template = template_save(resource=resource, name=data["name"], by=request.user)
        return Response(
            {"id": template.pk, "name": template.name, "mappings": template.mappings},
            status=status.HTTP_201_CREATED,
        )


class TemplateApplyView(APIView):
    """Create the template's mappings on a resource (sources matched by name or ``sources``)."""

    @extend_schema(
        request=s.ApplyRequest,
        responses={201: s.MappingSerializer(many=True), **ERRORS},
        examples=ex.TEMPLATE_APPLY,
    )
    def post(self, request, pk):
        template = get_object_or_404(mapping_template_list_for_user(user=request.user), pk=pk)
        data = _parsed(s.ApplyRequest, request)
        resource = _resource(request, data["resource"])
        created = template_apply(template=template, resource=resource, sources=data["sources"])
        return Response([_mapping_body(m) for m in created], status=status.HTTP_201_CREATED)

"""The DOI endpoint of a resource (issue #23): read its DOIs, reserve one, delete the
reserved one. The services check the rights (403 ``doi:forbidden``) and say why they
refuse."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.api.serializers import ErrorSerializer, JobSerializer
from publisher.selectors_dois import doi_status
from publisher.services.dois import doi_delete_start, doi_reserve_start
from resources.selectors import resource_get_for_manager

from . import doi_serializers as s
from .registry_views import ERRORS

CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="A DOI or DOI job is in the way")}


def _resource(request, shortname):
    resource = resource_get_for_manager(user=request.user, shortname=shortname)
    if resource is None:
        raise Http404
    return resource


def _accepted(request, job) -> Response:
    return Response(
        JobSerializer(job).data,
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": reverse("api-job-detail", args=[job.pk], request=request)},
    )


class ResourceDoiView(APIView):
    """The resource's DOIs (any of its managers). POST reserves a DOI, DELETE deletes the
    reserved one: 202 with the DataCite job to follow; publishers (managers with
    registration rights) and admins only. The next public publication registers a
    reserved DOI and becomes the next major version."""

    @extend_schema(responses={200: s.DoiStateSerializer, **ERRORS})
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        return Response(s.DoiStateSerializer(doi_status(resource=resource, user=request.user)).data)

    @extend_schema(
        request=s.DoiReserveSerializer, responses={202: JobSerializer, **ERRORS, **CONFLICT}
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        form = s.DoiReserveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        doi = form.validated_data["doi"]
        job = doi_reserve_start(resource=resource, user=request.user, doi=doi)
        return _accepted(request, job)

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS, **CONFLICT})
    def delete(self, request, shortname):
        job = doi_delete_start(resource=_resource(request, shortname), user=request.user)
        return _accepted(request, job)

"""Organisations and GBIF registration endpoints."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

import publisher.error_codes as codes
from core.api.serializers import ErrorSerializer, JobSerializer
from core.errors import UserError
from core.permissions import has_manager_rights, has_registration_rights, is_admin
from publisher.models import Organisation
from publisher.selectors_registration import registration_status
from publisher.services.organisations import organisation_add
from publisher.services.registration import (
    dataset_adopt_start,
    dataset_network_start,
    dataset_networks,
    dataset_register_start,
    networks_list,
    registration_refusal,
    resource_organisation_set,
)
from resources.selectors import resource_get_for_manager
from workflows.resources import resource_deregister_retry

from . import registry_serializers as s

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input or refused"),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="No such resource you may manage"),
}
UNAVAILABLE = {503: OpenApiResponse(ErrorSerializer, description="The registry is unavailable")}


def _resource(request, shortname):
    resource = resource_get_for_manager(user=request.user, shortname=shortname)
    if resource is None:
        raise Http404
    return resource


def _organisation(key) -> Organisation | None:
    if key is None:
        return None
    organisation = Organisation.objects.filter(key=key).first()
    if organisation is None:
        raise UserError(
            _("No associated organisation has this key."),
            code=codes.REGISTRATION_ORGANISATION,
            details={"key": str(key)},
        )
    return organisation


class OrganisationListView(APIView):
    """Organisations associated with the installation (managers); POST associates one
    (admins) once the registry accepted its token."""

    @extend_schema(responses={200: s.OrganisationSerializer(many=True), **ERRORS})
    def get(self, request):
        if not has_manager_rights(request.user):
            raise PermissionDenied
        organisations = Organisation.objects.order_by("name")
        return Response(s.OrganisationSerializer(organisations, many=True).data)

    @extend_schema(
        request=s.OrganisationCreateSerializer,
        responses={201: s.OrganisationSerializer, **ERRORS, **UNAVAILABLE},
    )
    def post(self, request):
        if not is_admin(request.user):
            raise PermissionDenied
        form = s.OrganisationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organisation = organisation_add(
            **{**form.validated_data, "key": str(form.validated_data["key"])}
        )
        return Response(s.OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class ResourceRegisterView(APIView):
    """Register the resource with GBIF: 202 with the job to follow. Publishers and admins
    only (others get 403 ``registration:forbidden`` saying why); unmet preconditions are a
    400 with the first one's code, ``details`` listing them all."""

    @extend_schema(request=s.RegisterRequestSerializer, responses={202: JobSerializer, **ERRORS})
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        refusal = registration_refusal(request.user, resource)
        if refusal:
            raise UserError(refusal, code=codes.REGISTRATION_FORBIDDEN)
        form = s.RegisterRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organisation = _organisation(form.validated_data["organisation"])
        job = dataset_register_start(
            resource=resource, user=request.user, organisation=organisation
        )
        return Response(
            JobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("api-job-detail", args=[job.pk], request=request)},
        )


class ResourceAdoptView(APIView):
    """Check the registry and adopt: after a registration whose outcome is unknown
    (``registry:outcome-unknown``), look through GBIF's API v1 for the dataset it may have
    created and adopt it (202 with the job). The job fails with ``registration:not-found``
    when GBIF has none; the resource may then be registered again. Same rights and
    preconditions as registering."""

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS})
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        refusal = registration_refusal(request.user, resource)
        if refusal:
            raise UserError(refusal, code=codes.REGISTRATION_FORBIDDEN)
        job = dataset_adopt_start(resource=resource, user=request.user)
        return Response(
            JobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("api-job-detail", args=[job.pk], request=request)},
        )


class ResourceRegistrationView(APIView):
    """The resource's GBIF registration: key, organisation, what is missing, the last
    registry job. PATCH chooses the publishing organisation."""

    @extend_schema(responses={200: s.RegistrationSerializer, **ERRORS})
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        return Response(_status(resource, request.user))

    @extend_schema(
        request=s.OrganisationChoiceSerializer, responses={200: s.RegistrationSerializer, **ERRORS}
    )
    def patch(self, request, shortname):
        resource = _resource(request, shortname)
        form = s.OrganisationChoiceSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        resource_organisation_set(
            resource=resource,
            user=request.user,
            organisation=_organisation(form.validated_data["organisation"]),
        )
        return Response(_status(resource, request.user))


def _status(resource, user) -> dict:
    current = registration_status(resource=resource, user=user)
    return s.RegistrationSerializer(
        {
            "registered": current.registered,
            "key": current.key,
            "registered_at": current.registered_at,
            "organisation": current.organisation,
            "gbif_url": current.gbif_url,
            "problems": [{"code": p.code, "message": p.message} for p in current.problems],
            "refusal": current.refusal,
            "may_register": current.may_register,
            "retrying": current.retrying,
            "last_job": current.last_job,
            "deregistration": current.deregistration,
        }
    ).data


def _accepted(request, job) -> Response:
    return Response(
        JobSerializer(job).data,
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": reverse("api-job-detail", args=[job.pk], request=request)},
    )


class ResourceDeregisterView(APIView):
    """Retry the failed GBIF deregistration of a withdrawn or deleted resource: 202 with
    the job (400 ``registration:deregister-nothing`` when none failed)."""

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS})
    def post(self, request, shortname):
        job = resource_deregister_retry(resource=_resource(request, shortname), user=request.user)
        return _accepted(request, job)


class NetworkListView(APIView):
    """The GBIF networks the registry offers (managers with registration rights and
    admins); the registry is given 5 seconds (503 ``registry:unreachable`` after)."""

    @extend_schema(responses={200: s.NetworkSerializer(many=True), **ERRORS, **UNAVAILABLE})
    def get(self, request):
        if not has_registration_rights(request.user):
            raise PermissionDenied
        networks = networks_list()
        return Response(s.NetworkSerializer(networks, many=True).data)


class ResourceNetworkListView(APIView):
    """The GBIF networks the resource's dataset belongs to, read from the registry (empty
    when it is not registered)."""

    @extend_schema(responses={200: s.NetworkSerializer(many=True), **ERRORS, **UNAVAILABLE})
    def get(self, request, shortname):
        networks = dataset_networks(_resource(request, shortname))
        return Response(s.NetworkSerializer(networks, many=True).data)


class ResourceNetworkView(APIView):
    """POST adds the registered resource to the network, DELETE removes it: 202 with the
    registry job. Managers with registration rights and admins only."""

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS})
    def post(self, request, shortname, network_key):
        return self._change(request, shortname, network_key, "add")

    @extend_schema(request=None, responses={202: JobSerializer, **ERRORS})
    def delete(self, request, shortname, network_key):
        return self._change(request, shortname, network_key, "remove")

    def _change(self, request, shortname, network_key, action) -> Response:
        job = dataset_network_start(
            resource=_resource(request, shortname),
            user=request.user,
            network_key=network_key,
            action=action,
        )
        return _accepted(request, job)

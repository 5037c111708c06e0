"""Who may see and who manages a resource: visibility, withdrawal, co-managers. Managers of
the resource and admins only; others get 404 so that private short names do not leak."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import JobSerializer
from resources.services.publication.public import resource_publish_public
from resources.services.resources import resource_add_manager, resource_remove_manager
from resources.services.visibility import (
    resource_public_from_set,
    resource_visibility_change,
)
from workflows.resources import resource_restore, resource_withdraw

from . import examples as ex
from . import resource_serializers as s
from .resource_views import ERRORS, _accepted, _resource


class VisibilityView(APIView):
    """Who may see the resource. PATCH asks for private or public and sets the day a
    private resource becomes public; after the first publication a change of visibility
    waits for the next publication (``visibility_pending``), as in the IPT."""

    @extend_schema(responses={200: s.VisibilitySerializer, **ERRORS})
    def get(self, request, shortname):
        return Response(s.VisibilitySerializer(_resource(request, shortname)).data)

    @extend_schema(
        request=s.VisibilityChangeSerializer,
        responses={200: s.VisibilitySerializer, **ERRORS},
        examples=ex.VISIBILITY_CHANGE,
    )
    def patch(self, request, shortname):
        resource = _resource(request, shortname)
        form = s.VisibilityChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        with transaction.atomic():  # both changes or neither
            if "visibility" in data:
                resource_visibility_change(
                    resource=resource, user=request.user, visibility=data["visibility"]
                )
            if "public_from" in data:
                resource_public_from_set(
                    resource=resource, user=request.user, public_from=data["public_from"]
                )
        return Response(s.VisibilitySerializer(resource).data)


class PublishPublicRequestSerializer(serializers.Serializer):
    change_summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10_000,
        help_text='Added to the version\'s change summary, after "Made public."',
    )


class PublishPublicView(APIView):
    """Make a private resource public and publish its next version now, in one step: 202
    with the publication job to follow (``GET /api/v1/jobs/<id>/``). Once the job succeeded,
    anyone gets its landing page and archive. Refused for a resource that is public already
    (``visibility:not-private``), registered or deleted; nothing changes when the
    publication cannot start."""

    @extend_schema(
        request=PublishPublicRequestSerializer,
        responses={202: JobSerializer, **ERRORS},
        examples=ex.PUBLISH_PUBLIC,
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        form = PublishPublicRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        job = resource_publish_public(resource=resource, user=request.user, **form.validated_data)
        return _accepted(request, job)


class WithdrawView(APIView):
    """Withdraw (delete) the resource: its public pages and files answer 410 Gone; nothing
    is removed, so it can be restored. A registered resource is deleted from GBIF too."""

    @extend_schema(request=None, responses={200: s.VisibilitySerializer, **ERRORS})
    def post(self, request, shortname):
        resource = resource_withdraw(resource=_resource(request, shortname), user=request.user)
        return Response(s.VisibilitySerializer(resource).data)


class RestoreView(APIView):
    """Bring a withdrawn resource back, as private."""

    @extend_schema(request=None, responses={200: s.VisibilitySerializer, **ERRORS})
    def post(self, request, shortname):
        resource = resource_restore(resource=_resource(request, shortname), user=request.user)
        return Response(s.VisibilitySerializer(resource).data)


def _manager_body(user, resource) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "creator": user.pk == resource.creator_id,
    }


class ManagerListView(APIView):
    """The resource's creator and co-managers; POST invites a co-manager by e-mail (a user
    with manager rights)."""

    @extend_schema(responses={200: s.ManagerSerializer(many=True), **ERRORS})
    def get(self, request, shortname):
        resource = _resource(request, shortname)
        users = [resource.creator, *resource.managers.order_by("email")]
        return Response([_manager_body(u, resource) for u in users])

    @extend_schema(
        request=s.ManagerAddSerializer,
        responses={201: s.ManagerSerializer, **ERRORS},
        examples=ex.MANAGER_ADD,
    )
    def post(self, request, shortname):
        resource = _resource(request, shortname)
        form = s.ManagerAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = form.validated_data["email"]
        resource_add_manager(resource=resource, user=user)
        return Response(_manager_body(user, resource), status=status.HTTP_201_CREATED)


class ManagerDetailView(APIView):
    """Remove a co-manager (the creator cannot be removed)."""

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, shortname, email):
        resource = _resource(request, shortname)
        user = resource.managers.filter(email__iexact=email).first()
        if user is None:
            raise Http404
        resource_remove_manager(resource=resource, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

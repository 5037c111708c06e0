"""Installation-side endpoints: who am I, jobs, and the self-check job."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core import __version__
from core import error_codes as core_codes
from core.api.serializers import ErrorSerializer, JobFilterSerializer, JobSerializer
from core.errors import UserError
from core.models import Job
from core.permissions import may_cancel_job, may_start_selfcheck
from core.selectors import job_get_for_user, jobs_filter, jobs_for_user, jobs_of_target
from core.services.jobs import job_cancel
from publisher.jobs.selfcheck import selfcheck_start
from resources.selectors import resource_get_for_manager

from .serializers import ApiRootSerializer, MeSerializer, SelfCheckRequestSerializer

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="Not found or not visible to you"),
}


class ApiRootView(APIView):
    """Entry point: the API version and links to its main collections."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: ApiRootSerializer})
    def get(self, request):
        return Response(
            {
                "version": __version__,
                "schema": reverse("api-schema", request=request),
                "docs": reverse("api-docs", request=request),
                "jobs": reverse("api-job-list", request=request),
                "me": reverse("api-me", request=request),
                "resources": reverse("api-resource-list", request=request),
                "contacts": reverse("api-contact-list", request=request),
                "extensions": reverse("api-extension-list", request=request),
                "vocabularies": reverse("api-vocabulary-list", request=request),
                "organisations": reverse("api-organisation-list", request=request),
            }
        )


class MeView(APIView):
    """The authenticated user and their rights."""

    @extend_schema(responses={200: MeSerializer, **ERRORS})
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class JobListView(generics.ListAPIView):
    """Jobs you started (every job for admins), newest first, a page at a time. With
    ``resource``: every job about that resource you manage, whoever started it."""

    serializer_class = JobSerializer

    @extend_schema(
        parameters=[JobFilterSerializer],
        responses={200: JobSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = JobFilterSerializer(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        filters = form.validated_data
        return jobs_filter(
            self._jobs(filters.get("resource", "")),
            status=filters.get("status", ""),
            kind=filters.get("kind", ""),
        )

    def _jobs(self, shortname: str):
        user = self.request.user
        if not shortname:
            return jobs_for_user(user=user)
        resource = resource_get_for_manager(user=user, shortname=shortname)
        return jobs_of_target(target=resource) if resource else Job.objects.none()


def _job_or_404(request, job_id):
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


class JobDetailView(APIView):
    """One job's status, phase, progress, last log lines and result."""

    @extend_schema(responses={200: JobSerializer, **ERRORS})
    def get(self, request, job_id):
        return Response(JobSerializer(_job_or_404(request, job_id)).data)


class JobCancelView(APIView):
    """Cancel a pending or running job; a finished job answers 409."""

    @extend_schema(request=None, responses={200: JobSerializer, 409: ErrorSerializer, **ERRORS})
    def post(self, request, job_id):
        job = _job_or_404(request, job_id)
        if not may_cancel_job(request.user, job):
            raise PermissionDenied
        if not job_cancel(job=job):
            raise UserError(
                _("The job has already finished."),
                code=core_codes.JOB_FINISHED,
                details={"status": job.status},
            )
        return Response(JobSerializer(job).data)


class SelfCheckView(APIView):
    """Start a self-check job (admins): the worker checks database, storage and itself."""

    @extend_schema(
        request=SelfCheckRequestSerializer,
        responses={202: JobSerializer, 400: ErrorSerializer, **ERRORS},
    )
    def post(self, request):
        if not may_start_selfcheck(request.user):
            raise PermissionDenied
        params = SelfCheckRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        job = selfcheck_start(user=request.user, **params.validated_data)
        headers = {"Location": reverse("api-job-detail", args=[job.pk], request=request)}
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers=headers)


class NotFoundView(APIView):
    """Any path under /api/v1/ that no endpoint serves: 404 in the API's error shape."""

    permission_classes = [AllowAny]
    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise Http404

    def get(self, request, *args, **kwargs):
        raise Http404

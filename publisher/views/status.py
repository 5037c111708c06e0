"""The health check (``/health``, and the IPT's ``/api/health``) and the admins' status page."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.health import health_checks, health_details
from core.views.decorators import admin_required


@never_cache
@require_safe
def health(request):
    """200 ``{"status": "ok"}``, or 503 with the names of the failed checks and nothing else:
    anyone may call it, so it tells no versions or internals (those are on the status page)."""
    failed = [check.name for check in health_checks() if not check.ok]
    if failed:
        return JsonResponse({"status": "error", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@admin_required
def status(request):
    """Versions, checks, queues, last jobs, disk and workers, for admins."""
    return render(request, "installation/status.html", health_details())

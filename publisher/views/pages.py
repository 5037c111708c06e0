"""Home, about and the manage dashboard."""

from __future__ import annotations

from django.shortcuts import render

from publisher import permissions
from publisher.forms import SelfCheckForm
from publisher.selectors import jobs_for_user
from resources.selectors import resources_for_manager, resources_public

from .decorators import manager_required


def home(request):
    """Public landing page: the installation's public resources."""
    return render(request, "pages/home.html", {"resources": resources_public()})


def about(request):
    return render(request, "pages/about.html")


@manager_required
def dashboard(request):
    """Where managers start: their resources and their recent background jobs."""
    context = {
        "resources": resources_for_manager(user=request.user),
        "jobs": jobs_for_user(user=request.user)[:10],
        "may_selfcheck": permissions.may_start_selfcheck(request.user),
        "selfcheck_form": SelfCheckForm(),
    }
    return render(request, "pages/dashboard.html", context)

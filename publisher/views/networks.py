"""GBIF networks: the registry's list (administrators) and a registered resource's
networks, with add and remove (managers with registration rights). Registry reads wait
at most ``READ_TIMEOUT`` seconds; the changes run as registry jobs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import PublisherError, UserError
from core.views.decorators import admin_required, login_required
from core.views.helpers import found_or_404
from publisher.services.installation import installation_settings
from publisher.services.registration import (
    dataset_network_start,
    dataset_networks,
    networks_list,
)
from publisher.services.registration.networks import READ_TIMEOUT
from resources.permissions import may_register_resource
from resources.selectors import resource_get_for_manager


def _slow(exc: PublisherError) -> str:
    return _("%(error)s (The page waits %(seconds)d seconds for the registry.)") % {
        "error": exc.localized_message(),
        "seconds": READ_TIMEOUT,
    }


@admin_required
def network_list(request):
    """The networks the registry offers."""
    networks, error = [], ""
    try:
        networks = networks_list()
    except PublisherError as exc:
        error = _slow(exc)
    context = {
        "networks": networks,
        "error": error,
        "registry_url": installation_settings().registry_url,
    }
    return render(request, "registry/networks.html", context)


@login_required
def resource_networks(request, shortname):
    """The registered resource's networks; POST ``action`` add/remove with ``network``
    queues the registry job and follows it on the overview."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    if not resource.gbif_key:
        raise Http404
    may_change = may_register_resource(request.user, resource)
    if request.method == "POST":
        try:
            job = dataset_network_start(
                resource=resource,
                user=request.user,
                network_key=request.POST.get("network", ""),
                action=request.POST.get("action", ""),
            )
        except UserError as exc:
            messages.error(request, exc.localized_message())
            return redirect(request.path)
        overview = reverse("resource-overview", args=[resource.shortname])
        return redirect("%s?job=%s#registration" % (overview, job.pk))
    current, offered, error = [], [], ""
    try:
        current = dataset_networks(resource)
        if may_change:
            joined = {network.key for network in current}
            offered = [n for n in networks_list() if n.key not in joined]
    except PublisherError as exc:
        error = _slow(exc)
    context = {
        "resource": resource,
        "current": current,
        "offered": offered,
        "may_change": may_change,
        "error": error,
    }
    return render(request, "registry/resource_networks.html", context)

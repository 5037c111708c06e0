"""Admin pages: the installation settings and the installation's GBIF registration."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.models import Job
from core.views.decorators import admin_required
from publisher.error_codes import REGISTRY_OUTCOME_UNKNOWN
from publisher.forms_registry import (
    InstallationDetailsForm,
    InstallationRegisterForm,
    InstallationSettingsForm,
)
from publisher.services.installation import (
    EDITABLE,
    installation_settings,
    installation_settings_row,
    installation_settings_update,
)
from publisher.services.registration import (
    installation_adopt_start,
    installation_jobs,
    installation_register_start,
    installation_update_start,
)


@admin_required
def settings_edit(request):
    """The settings an admin may change in the browser (stored in the database)."""
    row = installation_settings_row()
    form = InstallationSettingsForm(
        request.POST or None, initial={name: getattr(row, name) for name in EDITABLE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            installation_settings_update(**form.cleaned_data)
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("installation-settings")
    return render(
        request, "installation/settings.html", {"form": form, "current": installation_settings()}
    )


def _shown_job(request) -> Job | None:
    try:
        job_id = uuid.UUID(request.GET.get("job", ""))
    except ValueError:
        return installation_jobs().first()
    return installation_jobs().filter(pk=job_id).first()


@admin_required
def registration(request):
    """Register the installation (first time) or update its registration."""
    current = installation_settings()
    form_class = InstallationDetailsForm if current.is_registered else InstallationRegisterForm
    initial = {
        "title": current.title,
        "description": current.description,
        "contact_name": current.contact_name,
        "contact_email": current.contact_email or current.email,
    }
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        start = installation_update_start if current.is_registered else installation_register_start
        try:
            job = start(user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            return redirect("%s?job=%s" % (request.path, job.pk))
    context = {
        "form": form,
        "current": current,
        "job": _shown_job(request),
        "hosting": installation_settings_row().hosting_organisation,
        "may_adopt": _may_adopt(current),
    }
    return render(request, "installation/registration.html", context)


def _may_adopt(current) -> bool:
    """The last registration of the installation ended with an unknown outcome."""
    last = installation_jobs().first()
    return bool(
        not current.is_registered
        and last is not None
        and last.status == "failed"
        and last.error_code == REGISTRY_OUTCOME_UNKNOWN.code
    )


@require_POST
@admin_required
def registration_adopt(request):
    """Check the registry and adopt the installation an uncertain registration created."""
    try:
        job = installation_adopt_start(user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect("installation-registration")
    return redirect("%s?job=%s" % (reverse("installation-registration"), job.pk))

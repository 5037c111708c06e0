"""The signed-in user's own account: profile, password, e-mail address and API token; and
the password reset for those who forgot theirs."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

import publisher.error_codes as codes
from core import permissions
from core.crypto import decrypt, encrypt
from core.errors import UserError
from core.views.decorators import login_required
from publisher.forms import AccountForm, EmailChangeForm, PasswordResetRequestForm
from publisher.selectors import NOTIFY_FIELDS
from publisher.services.accounts import (
    email_change_check,
    email_change_confirm,
    email_change_request,
    password_reset_completed,
    password_reset_request,
)
from publisher.services.users import (
    token_regenerate,
    token_revoke,
    tokens_of,
    user_set_language,
    user_set_notifications,
    user_update_profile,
)


class LoginView(auth_views.LoginView):
    """Log in by e-mail; without a ``next`` page, managers go to their dashboard, users home."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if permissions.has_manager_rights(self.request.user):
            return resolve_url("dashboard")
        return resolve_url("home")


@login_required
def account(request):
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language or get_language(),
        **{field: getattr(user, field) for field in NOTIFY_FIELDS.values()},
    }
    form = AccountForm(request.POST or None, initial=initial)
    if not user.is_admin:  # only admins get the digest
        del form.fields["notify_digest"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A form without the field (older pages, scripts) leaves the language as it is.
        user_update_profile(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"] or None,
        )
        # Unchecked boxes are absent from a POST: each switch is saved as the form shows it.
        switches = {t: data[f] for t, f in NOTIFY_FIELDS.items() if f in form.fields}
        user_set_notifications(user=user, **switches)
        messages.success(request, _("Your account was saved."))
        return redirect("account")
    return render(request, "account/account.html", {"form": form})


@require_POST
def language_set(request):
    """The language menu: Django's ``set_language`` (the cookie, back to the page) and, for
    a signed-in user, the saved language their pages and e-mails use from now on."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


@login_required
def token(request):
    """Shows whether the user has an API token; a new one is shown once, right after creation."""
    new_token = request.session.pop("new_api_token", None)
    context = {
        "has_token": tokens_of(request.user).exists(),
        "new_token": decrypt(new_token) if new_token else None,
    }
    return render(request, "account/token.html", context)


@require_POST
@login_required
def token_create(request):
    # Kept for the next page only, and encrypted: sessions live in the database.
    request.session["new_api_token"] = encrypt(token_regenerate(user=request.user))
    return redirect("account-token")


@require_POST
@login_required
def token_delete(request):
    token_revoke(user=request.user)
    messages.info(request, _("Your API token was revoked."))
    return redirect("account-token")


def _client_ip(request) -> str:
    """The client's address as django-axes sees it (the same proxy settings)."""
    return get_client_ip_address(request) or ""


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link: the same answer whether or not the address has an account;
    the mail is sent by a worker; too many requests (per address, per client) are refused."""

    form_class = PasswordResetRequestForm  # type: ignore[assignment]

    def form_valid(self, form):
        try:
            password_reset_request(
                email=form.cleaned_data["email"], client_ip=_client_ip(self.request)
            )
        except UserError as exc:
            form.add_error(None, exc.localized_message())
            response = self.form_invalid(form)
            response.status_code = codes.ACCOUNT_RATE_LIMIT.status
            return response
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page behind the reset link; a new password also lifts a login lock-out."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset_completed(user=form.user)
        return response


_EMAIL_CHANGE_FIELDS = {
    codes.ACCOUNT_PASSWORD.code: "password",
    codes.ACCOUNT_RATE_LIMIT.code: None,
}


@login_required
def email_change(request):
    """Ask to log in with another address: a link goes to it, the address changes once the
    link is opened."""
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_email = email_change_request(
                user=request.user,
                new_email=form.cleaned_data["new_email"],
                password=form.cleaned_data["password"],
                client_ip=_client_ip(request),
            )
        except UserError as exc:
            form.add_error(_EMAIL_CHANGE_FIELDS.get(exc.code, "new_email"), exc.localized_message())
        else:
            messages.info(
                request,
                _("We sent a link to %(email)s; your address changes once you open it.")
                % {"email": new_email},
            )
            return redirect("account")
    return render(request, "account/email_change.html", {"form": form})


def email_change_confirm_view(request, token):
    """The link of the confirmation mail: shows the change and, on POST, makes it (a GET
    changes nothing, so that a mail scanner opening the link does not confirm it)."""
    try:
        _user, new_email = email_change_check(token=token)
        if request.method == "POST":
            email_change_confirm(token=token)
    except UserError as exc:
        context = {"error": exc.localized_message()}
        return render(request, "account/email_change_confirm.html", context, status=400)
    if request.method == "POST":
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": new_email})
        return redirect("account" if request.user.is_authenticated else "login")
    return render(request, "account/email_change_confirm.html", {"new_email": new_email})

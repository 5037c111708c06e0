"""Admin pages to create, edit, deactivate and delete users and set their roles."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import UserError
from core.views.decorators import admin_required
from publisher.forms import UserCreateForm, UserDeleteForm, UserEditForm
from publisher.models import User
from publisher.selectors import users_list
from publisher.services.users import user_create, user_update
from workflows.users import user_delete_with_handover


@admin_required
def user_list(request):
    search = request.GET.get("q", "").strip()
    return render(request, "users/list.html", {"users": users_list(search=search), "q": search})


@admin_required
def user_new(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(**form.cleaned_data)
        except UserError as exc:
            form.add_error(
                "password" if exc.code == "user:password" else "email", exc.localized_message()
            )
        else:
            messages.success(request, _("User %(email)s was created.") % {"email": user.email})
            return redirect("user-list")
    return render(request, "users/form.html", {"form": form, "creating": True})


@admin_required
def user_edit(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "is_active": user.is_active,
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_update(user=user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            messages.success(request, _("User %(email)s was saved.") % {"email": user.email})
            return redirect("user-list")
    return render(request, "users/form.html", {"form": form, "edited": user})


@admin_required
def user_delete(request, user_id):
    """Delete a user after choosing who takes over their resources."""
    user = get_object_or_404(User, pk=user_id)
    form = UserDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete_with_handover(
                user=user, successor=form.cleaned_data["successor"], by=request.user
            )
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            messages.success(request, _("User %(email)s was deleted.") % {"email": user.email})
            return redirect("user-list")
    return render(request, "users/delete.html", {"form": form, "deleted": user})

"""Django admin registrations (a fallback for admins; the product pages are primary)."""

from django.contrib import admin

from publisher.models import InstallationSettings, Organisation, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    exclude = ["password", "groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined", "is_superuser"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Read-only: organisations are added through /admin/organisations/ (token checked)."""

    list_display = ["name", "alias", "key", "can_publish"]
    exclude = ["token"]
    readonly_fields = [f.name for f in Organisation._meta.fields if f.name != "token"]

    def has_add_permission(self, request):
        return False


@admin.register(InstallationSettings)
class InstallationSettingsAdmin(admin.ModelAdmin):
    """Read-only: the settings page is /admin/settings/."""

    exclude = ["registry_password"]
    readonly_fields = [
        f.name for f in InstallationSettings._meta.fields if f.name != "registry_password"
    ]

    def has_add_permission(self, request):
        return False

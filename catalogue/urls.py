"""Pages of the catalogue: lists and details for everyone, management for admins."""

from django.urls import path

from catalogue import views as catalogue

urlpatterns = [
    path("extensions/", catalogue.extension_list, name="extension-list"),
    path("extensions/<int:pk>/", catalogue.extension_detail, name="extension-detail"),
    path("vocabularies/", catalogue.vocabulary_list, name="vocabulary-list"),
    path("vocabularies/<int:pk>/", catalogue.vocabulary_detail, name="vocabulary-detail"),
    path("admin/extensions/", catalogue.extension_admin, name="extension-admin"),
    path("admin/extensions/install/", catalogue.extension_install_view, name="extension-install"),
    path("admin/extensions/check/", catalogue.extensions_check_view, name="extension-check"),
    path("admin/extensions/<int:pk>/", catalogue.extension_manage, name="extension-manage"),
    path(
        "admin/extensions/<int:pk>/update/",
        catalogue.extension_update_view,
        name="extension-update",
    ),
    path(
        "admin/extensions/<int:pk>/remove/",
        catalogue.extension_remove_view,
        name="extension-remove",
    ),
    path(
        "admin/extensions/<int:pk>/cores/", catalogue.extension_cores_view, name="extension-cores"
    ),
    path("admin/vocabularies/<int:pk>/", catalogue.vocabulary_manage, name="vocabulary-manage"),
    path(
        "admin/vocabularies/<int:pk>/update/",
        catalogue.vocabulary_update_view,
        name="vocabulary-update",
    ),
]

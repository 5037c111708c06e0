"""API endpoints of the catalogue: read by anyone, changed by admins."""

from django.urls import path

from . import views

urlpatterns = [
    path("extensions/", views.ExtensionListView.as_view(), name="api-extension-list"),
    path("extensions/<int:pk>/", views.ExtensionDetailView.as_view(), name="api-extension-detail"),
    path(
        "extensions/<int:pk>/update/",
        views.ExtensionUpdateView.as_view(),
        name="api-extension-update",
    ),
    path("vocabularies/", views.VocabularyListView.as_view(), name="api-vocabulary-list"),
    path(
        "vocabularies/<int:pk>/", views.VocabularyDetailView.as_view(), name="api-vocabulary-detail"
    ),
]

from django.urls import path

from . import views

_METADATA = "resources/<str:shortname>/metadata"
urlpatterns = [
    path(_METADATA, views.MetadataView.as_view(), name="api-metadata"),
    path(_METADATA + "/validation", views.ValidationView.as_view(), name="api-metadata-validation"),
    path(_METADATA + "/inferred", views.InferredView.as_view(), name="api-metadata-inferred"),
    path(_METADATA + "/citation", views.CitationView.as_view(), name="api-metadata-citation"),
    path(_METADATA + "/settings", views.SettingsView.as_view(), name="api-metadata-settings"),
    path("contacts/", views.ContactListView.as_view(), name="api-contact-list"),
]

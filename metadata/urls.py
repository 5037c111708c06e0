"""Pages of the metadata editor, under a resource's management URL."""

from django.urls import path

from metadata.views import editor, extras, logo, transfer

_METADATA = "manage/resources/<str:shortname>/metadata/"
urlpatterns = [
    path(_METADATA, editor.metadata_index, name="metadata-index"),
    path(_METADATA + "import/", transfer.metadata_import_view, name="metadata-import"),
    path(_METADATA + "eml.xml", transfer.metadata_download, name="metadata-download"),
    path(_METADATA + "contacts/suggest/", extras.contact_suggest, name="metadata-contact-suggest"),
    path(_METADATA + "coverage/infer/", extras.coverage_infer_view, name="metadata-infer"),
    path(_METADATA + "logo/", logo.logo_upload, name="metadata-logo"),
    path(_METADATA + "logo/remove/", logo.logo_remove, name="metadata-logo-remove"),
    path(_METADATA + "<str:section>/", editor.metadata_edit, name="metadata-edit"),
]

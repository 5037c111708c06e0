from django.urls import path, re_path

from . import resource_views as rv
from . import views

urlpatterns = [
    path("resources/", rv.ResourceListView.as_view(), name="api-resource-list"),
    path("resources/<str:shortname>/", rv.ResourceDetailView.as_view(),
         name="api-resource-detail"),
    path("resources/<str:shortname>/sources/", rv.SourceListView.as_view(),
         name="api-source-list"),
    path("resources/<str:shortname>/sources/<str:name>/", rv.SourceDetailView.as_view(),
         name="api-source-detail"),
    re_path(r"^resources/(?P<shortname>[^/]+)/sources/(?P<name>[^/]+)/preview/?$",
            rv.SourcePreviewView.as_view(), name="api-source-preview"),
    path("extensions/", views.ExtensionListView.as_view(), name="api-extension-list"),
    path("extensions/<int:pk>/", views.ExtensionDetailView.as_view(),
         name="api-extension-detail"),
    path("extensions/<int:pk>/update/", views.ExtensionUpdateView.as_view(),
         name="api-extension-update"),
    path("vocabularies/", views.VocabularyListView.as_view(), name="api-vocabulary-list"),
    path("vocabularies/<int:pk>/", views.VocabularyDetailView.as_view(),
         name="api-vocabulary-detail"),
]

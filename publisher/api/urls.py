from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import doi_views, registry_views, token_views, views

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("tokens/", token_views.TokenListView.as_view(), name="api-token-list"),
    path("tokens/current/", token_views.TokenCurrentView.as_view(), name="api-token-current"),
    path("tokens/<str:key>/", token_views.TokenDetailView.as_view(), name="api-token-detail"),
    path("jobs/", views.JobListView.as_view(), name="api-job-list"),
    path("jobs/selfcheck/", views.SelfCheckView.as_view(), name="api-selfcheck"),
    path("jobs/<uuid:job_id>/", views.JobDetailView.as_view(), name="api-job-detail"),
    path("jobs/<uuid:job_id>/cancel/", views.JobCancelView.as_view(), name="api-job-cancel"),
    path(
        "organisations/",
        registry_views.OrganisationListView.as_view(),
        name="api-organisation-list",
    ),
    path(
        "resources/<str:shortname>/register",
        registry_views.ResourceRegisterView.as_view(),
        name="api-resource-register",
    ),
    path(
        "resources/<str:shortname>/register/adopt",
        registry_views.ResourceAdoptView.as_view(),
        name="api-resource-register-adopt",
    ),
    path(
        "resources/<str:shortname>/registration",
        registry_views.ResourceRegistrationView.as_view(),
        name="api-resource-registration",
    ),
    path(
        "resources/<str:shortname>/deregister",
        registry_views.ResourceDeregisterView.as_view(),
        name="api-resource-deregister",
    ),
    path(
        "resources/<str:shortname>/doi",
        doi_views.ResourceDoiView.as_view(),
        name="api-resource-doi",
    ),
    path("networks/", registry_views.NetworkListView.as_view(), name="api-network-list"),
    path(
        "resources/<str:shortname>/networks",
        registry_views.ResourceNetworkListView.as_view(),
        name="api-resource-networks",
    ),
    path(
        "resources/<str:shortname>/networks/<str:network_key>",
        registry_views.ResourceNetworkView.as_view(),
        name="api-resource-network",
    ),
    path("", include("resources.api.urls")),
    path("", include("catalogue.api.urls")),
    path("", include("metadata.api.urls")),
    re_path(r"", views.NotFoundView.as_view()),  # last: unrouted API paths answer JSON 404
]

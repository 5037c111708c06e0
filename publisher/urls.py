"""URL map. IPT-compatible harvest URLs join here as later issues add them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from publisher.views import (
    accounts,
    bulk,
    dois,
    favicon,
    installation,
    jobs,
    networks,
    organisations,
    pages,
    registration,
    status,
    users,
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("about/", pages.about, name="about"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("health", status.health, name="health"),
    path("api/health", status.health, name="api-health"),  # the IPT's path
    path("manage/", pages.dashboard, name="dashboard"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", accounts.account, name="account"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/email/", accounts.email_change, name="account-email"),
    path(
        "account/email/confirm/<str:token>/",
        accounts.email_change_confirm_view,
        name="account-email-confirm",
    ),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/token/", accounts.token, name="account-token"),
    path("account/token/new/", accounts.token_create, name="account-token-create"),
    path("account/token/delete/", accounts.token_delete, name="account-token-delete"),
    path("admin/bulk/", bulk.bulk_work, name="bulk-work"),
    path("admin/bulk/<uuid:job_id>/", bulk.bulk_run, name="bulk-run"),
    path("admin/bulk/<uuid:job_id>/items/", bulk.bulk_run_items, name="bulk-run-items"),
    path("admin/users/", users.user_list, name="user-list"),
    path("admin/users/new/", users.user_new, name="user-new"),
    path("admin/users/<int:user_id>/", users.user_edit, name="user-edit"),
    path("admin/users/<int:user_id>/delete/", users.user_delete, name="user-delete"),
    path("admin/settings/", installation.settings_edit, name="installation-settings"),
    path("admin/status/", status.status, name="installation-status"),
    path("admin/registration/", installation.registration, name="installation-registration"),
    path("admin/registration/networks/", networks.network_list, name="network-list"),
    path(
        "admin/registration/adopt/",
        installation.registration_adopt,
        name="installation-adopt",
    ),
    path("admin/organisations/", organisations.organisation_list, name="organisation-list"),
    path("admin/organisations/new/", organisations.organisation_new, name="organisation-new"),
    path(
        "admin/organisations/<int:pk>/", organisations.organisation_edit, name="organisation-edit"
    ),
    path(
        "admin/organisations/<int:pk>/doi/",
        organisations.organisation_doi,
        name="organisation-doi",
    ),
    path(
        "admin/organisations/<int:pk>/delete/",
        organisations.organisation_delete,
        name="organisation-delete",
    ),
    path(
        "manage/resources/<str:shortname>/registration/organisation/",
        registration.resource_organisation,
        name="resource-organisation",
    ),
    path(
        "manage/resources/<str:shortname>/registration/register/",
        registration.resource_register,
        name="resource-register",
    ),
    path(
        "manage/resources/<str:shortname>/registration/deregister-retry/",
        registration.resource_deregister_retry_view,
        name="resource-deregister-retry",
    ),
    path(
        "manage/resources/<str:shortname>/registration/networks/",
        networks.resource_networks,
        name="resource-networks",
    ),
    path(
        "manage/resources/<str:shortname>/registration/adopt/",
        registration.resource_register_adopt,
        name="resource-register-adopt",
    ),
    path(
        "manage/resources/<str:shortname>/doi/reserve/",
        dois.resource_doi_reserve,
        name="resource-doi-reserve",
    ),
    path(
        "manage/resources/<str:shortname>/doi/delete/",
        dois.resource_doi_delete,
        name="resource-doi-delete",
    ),
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/selfcheck/", jobs.selfcheck_start, name="selfcheck-start"),
    path("jobs/<uuid:job_id>/", jobs.job_detail, name="job-detail"),
    path("jobs/<uuid:job_id>/progress/", jobs.job_progress, name="job-progress"),
    path("jobs/<uuid:job_id>/cancel/", jobs.job_cancel_view, name="job-cancel"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("catalogue.urls")),
    path("", include("resources.urls")),
    path("", include("metadata.urls")),
    path("", include("resources.portal.urls")),
    path("i18n/setlang/", accounts.language_set, name="set_language"),
    path("api/v1/", include("publisher.api.urls")),
    path("django-admin/", admin.site.urls),
]

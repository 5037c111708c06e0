"""The Django admin view of jobs (read-only: jobs change only through their methods)."""

from django.contrib import admin

from core.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "status",
        "phase",
        "progress_done",
        "progress_total",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Job._meta.fields]

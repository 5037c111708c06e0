"""Shapes every app's API shares: a job's state, the job-list filter and the error body."""

from __future__ import annotations

from rest_framework import serializers

from core.models import Job, JobStatus


class JobSerializer(serializers.ModelSerializer):
    """A job's observable state, as shown by the progress display."""

    percent = serializers.IntegerField(allow_null=True, read_only=True)
    log_tail = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    target = serializers.SerializerMethodField()
    waits_for_worker = serializers.BooleanField(
        read_only=True,
        help_text="True while the job is pending or running and no worker is running.",
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "phase",
            "progress_done",
            "progress_total",
            "percent",
            "heartbeat_at",
            "error_code",
            "error_message",
            "result",
            "log_tail",
            "target",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "attempts",
            "worker",
            "waits_for_worker",
        ]
        read_only_fields = fields

    def get_log_tail(self, job: Job) -> list[str]:
        return job.log_tail(20)

    def get_target(self, job: Job) -> dict | None:
        if job.target_type_id is None:
            return None
        return {"type": job.target_type.model, "id": job.target_id}


class JobFilterSerializer(serializers.Serializer):
    """Query parameters of the job list."""

    status = serializers.ChoiceField(JobStatus.choices, required=False)
    kind = serializers.CharField(
        required=False, max_length=64, help_text="A job kind, such as resource-publish"
    )
    resource = serializers.CharField(
        required=False, max_length=100, help_text="Short name of a resource you manage"
    )


class ErrorSerializer(serializers.Serializer):
    """The shape of every error response."""

    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True)

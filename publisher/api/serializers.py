"""Request and response shapes of the installation-side endpoints."""

from __future__ import annotations

from rest_framework import serializers

from publisher.models import Job, JobStatus, User


class JobSerializer(serializers.ModelSerializer):
    """A job's observable state, as shown by the progress display."""

    percent = serializers.IntegerField(allow_null=True, read_only=True)
    log_tail = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    target = serializers.SerializerMethodField()

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


class SelfCheckRequestSerializer(serializers.Serializer):
    steps = serializers.IntegerField(min_value=1, max_value=1000, default=20)
    delay = serializers.FloatField(min_value=0, max_value=5, default=0.1)


class MeSerializer(serializers.ModelSerializer):
    has_manager_rights = serializers.BooleanField(read_only=True)
    has_registration_rights = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "role",
            "has_manager_rights",
            "has_registration_rights",
        ]
        read_only_fields = fields


class ApiRootSerializer(serializers.Serializer):
    """The API version and the addresses of its main collections."""

    version = serializers.CharField()
    schema = serializers.URLField()
    docs = serializers.URLField()
    jobs = serializers.URLField()
    me = serializers.URLField()
    resources = serializers.URLField()
    contacts = serializers.URLField()
    extensions = serializers.URLField()
    vocabularies = serializers.URLField()
    organisations = serializers.URLField()


class ErrorSerializer(serializers.Serializer):
    """The shape of every error response."""

    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True)

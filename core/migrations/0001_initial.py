"""The Job model moved here from ``publisher``; its table and rows stay where they are."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_to_core(apps, schema_editor):
    """Jobs and permissions keep pointing at the same content type, now labelled ``core``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="publisher", model="job").update(app_label="core")


def content_type_to_publisher(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model="job").update(app_label="publisher")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("publisher", "0002_installation_settings_organisations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(db_index=True, max_length=64, verbose_name='kind')),
                        ('target_id', models.CharField(blank=True, default='', max_length=64)),
                        ('params', models.JSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='pending', max_length=16, verbose_name='status')),
                        ('phase', models.CharField(blank=True, default='', max_length=64, verbose_name='phase')),
                        ('progress_done', models.BigIntegerField(default=0)),
                        ('progress_total', models.BigIntegerField(blank=True, null=True)),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                        ('error_code', models.CharField(blank=True, default='', max_length=64)),
                        ('error_message', models.TextField(blank=True, default='')),
                        ('log', models.TextField(blank=True, default='')),
                        ('result', models.JSONField(blank=True, default=dict)),
                        ('celery_task_id', models.CharField(blank=True, default='', max_length=255)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='jobs', to=settings.AUTH_USER_MODEL)),
                        ('target_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'publisher_job',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['status', 'heartbeat_at'], name='publisher_j_status_1790c2_idx'), models.Index(fields=['target_type', 'target_id', 'kind'], name='publisher_j_target__0accb5_idx')],
                    },
                ),            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_publisher),
    ]

"""The catalogue models moved here from ``resources``; their tables and rows stay where they
are (each model names its old table)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("extension", "extensionproperty", "vocabulary", "concept", "registrylisting")


def content_types_to_catalogue(apps, schema_editor):
    """Jobs and permissions keep pointing at the same content types, now labelled ``catalogue``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="resources", model__in=MODELS).update(
        app_label="catalogue"
    )


def content_types_to_resources(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="catalogue", model__in=MODELS).update(
        app_label="resources"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("resources", "0008_version_job_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RegistryListing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=32, unique=True)),
                        ('entries', models.JSONField(blank=True, default=list)),
                        ('fetched_at', models.DateTimeField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                    ],
                    options={
                        'db_table': 'resources_registrylisting',
                    },
                ),
                migrations.CreateModel(
                    name='Vocabulary',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uri', models.CharField(max_length=500, unique=True)),
                        ('source_url', models.CharField(blank=True, db_index=True, max_length=500)),
                        ('title', models.CharField(max_length=255)),
                        ('description', models.TextField(blank=True)),
                        ('issued', models.DateField(blank=True, null=True)),
                        ('origin', models.CharField(choices=[('builtin', 'Built-in'), ('registry', 'GBIF registry'), ('url', 'URL'), ('file', 'Uploaded file')], max_length=16)),
                        ('installed_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name_plural': 'vocabularies',
                        'db_table': 'resources_vocabulary',
                        'ordering': ['title'],
                    },
                ),
                migrations.CreateModel(
                    name='Extension',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('row_type', models.CharField(max_length=255, unique=True, verbose_name='row type')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('namespace', models.CharField(blank=True, max_length=255, verbose_name='namespace')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('link', models.CharField(blank=True, max_length=500)),
                        ('issued', models.DateField(blank=True, null=True, verbose_name='issued')),
                        ('subjects', models.JSONField(blank=True, default=list)),
                        ('extra_cores', models.JSONField(blank=True, default=list)),
                        ('is_core', models.BooleanField(default=False)),
                        ('origin', models.CharField(choices=[('builtin', 'Built-in'), ('registry', 'GBIF registry'), ('url', 'URL'), ('file', 'Uploaded file')], max_length=16)),
                        ('source_url', models.CharField(blank=True, max_length=500, verbose_name='source')),
                        ('latest_issued', models.DateField(blank=True, null=True)),
                        ('latest_url', models.CharField(blank=True, max_length=500)),
                        ('last_update_report', models.JSONField(blank=True, default=dict)),
                        ('installed_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('installed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'resources_extension',
                        'ordering': ['-is_core', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='ExtensionProperty',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField()),
                        ('name', models.CharField(max_length=100)),
                        ('namespace', models.CharField(max_length=255)),
                        ('qual_name', models.CharField(max_length=255)),
                        ('group', models.CharField(blank=True, max_length=100)),
                        ('type', models.CharField(default='string', max_length=32)),
                        ('required', models.BooleanField(default=False)),
                        ('thesaurus', models.CharField(blank=True, max_length=500)),
                        ('label', models.CharField(blank=True, max_length=255)),
                        ('description', models.TextField(blank=True)),
                        ('comments', models.TextField(blank=True)),
                        ('examples', models.TextField(blank=True)),
                        ('translations', models.JSONField(blank=True, default=dict)),
                        ('extension', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='properties', to='catalogue.extension')),
                    ],
                    options={
                        'db_table': 'resources_extensionproperty',
                        'ordering': ['extension', 'position'],
                        'constraints': [models.UniqueConstraint(fields=('extension', 'qual_name'), name='unique_term')],
                    },
                ),
                migrations.CreateModel(
                    name='Concept',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField()),
                        ('identifier', models.CharField(max_length=255)),
                        ('uri', models.CharField(blank=True, max_length=500)),
                        ('description', models.TextField(blank=True)),
                        ('labels', models.JSONField(blank=True, default=dict)),
                        ('alternatives', models.JSONField(blank=True, default=dict)),
                        ('vocabulary', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='concepts', to='catalogue.vocabulary')),
                    ],
                    options={
                        'db_table': 'resources_concept',
                        'ordering': ['vocabulary', 'position'],
                        'constraints': [models.UniqueConstraint(fields=('vocabulary', 'identifier'), name='unique_concept')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_catalogue, content_types_to_resources),
    ]

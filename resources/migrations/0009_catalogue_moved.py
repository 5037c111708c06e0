"""The catalogue models now live in ``catalogue`` (same tables); ``resources`` forgets them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('resources', '0008_version_job_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='concept',
                    name='vocabulary',
                ),
                migrations.RemoveField(
                    model_name='extension',
                    name='installed_by',
                ),
                migrations.RemoveField(
                    model_name='extensionproperty',
                    name='extension',
                ),
                migrations.AlterField(
                    model_name='extensionmapping',
                    name='extension',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mappings', to='catalogue.extension'),
                ),
                migrations.DeleteModel(
                    name='RegistryListing',
                ),
                migrations.DeleteModel(
                    name='Concept',
                ),
                migrations.DeleteModel(
                    name='Vocabulary',
                ),
                migrations.DeleteModel(
                    name='ExtensionProperty',
                ),
                migrations.DeleteModel(
                    name='Extension',
                ),
            ],
            database_operations=[],
        ),
    ]

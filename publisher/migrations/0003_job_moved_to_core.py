"""The Job model now lives in ``core`` (same table); ``publisher`` forgets it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("publisher", "0002_installation_settings_organisations"),
        ("core", "0001_initial"),
        ("resources", "0008_version_job_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Job")],
            database_operations=[],
        ),
    ]

import logging

from django.conf import settings
from django.db import migrations, models

logger = logging.getLogger(__name__)


def titles_from_published_eml(apps, schema_editor):
    """Fill the title of existing versions from the EML each published (public pages must
    not fall back to the working title)."""
    from metadata.eml.parse import EmlError, parse_eml

    Version = apps.get_model("resources", "Version")
    for version in Version.objects.exclude(eml_name="").only("pk", "resource_id", "eml_name"):
        path = settings.DATA_DIR / "resources" / str(version.resource_id) / version.eml_name
        try:
            title = parse_eml(path.read_bytes(), source=path.name).title.strip()
        except (OSError, EmlError):
            logger.warning("No title read for version %s", version.pk)
            continue
        Version.objects.filter(pk=version.pk).update(title=title[:500])


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0011_labels_and_help_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="version",
            name="title",
            field=models.CharField(blank=True, max_length=500, verbose_name="title"),
        ),
        migrations.RunPython(titles_from_published_eml, migrations.RunPython.noop),
    ]

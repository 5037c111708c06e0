"""A stable EML packageId per resource and a search text for shared contacts.

Existing rows get one UUID each (a callable default on AddField would give them all the
same value), then the column becomes unique.
"""

import uuid

from django.db import migrations, models


def _fill(apps, schema_editor):
    ResourceMetadata = apps.get_model("metadata", "ResourceMetadata")
    for record in ResourceMetadata.objects.filter(package_id__isnull=True):
        record.package_id = uuid.uuid4()
        record.save(update_fields=["package_id"])
    SharedContact = apps.get_model("metadata", "SharedContact")
    for contact in SharedContact.objects.all():
        contact.search = " ".join((contact.label, contact.key)).lower()
        contact.save(update_fields=["search"])


class Migration(migrations.Migration):

    dependencies = [
        ("metadata", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="resourcemetadata",
            name="package_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="sharedcontact",
            name="search",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resourcemetadata",
            name="package_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

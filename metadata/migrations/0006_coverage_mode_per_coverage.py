"""One coverage mode per coverage (geographic, temporal, taxonomic), each starting with the
single mode the resource had."""

from django.db import migrations, models

PARTS = ("geographic", "temporal", "taxonomic")
CHOICES = [("entered", "As entered"), ("inferred", "Inferred from the data")]


def _field(label: str) -> models.CharField:
    return models.CharField(choices=CHOICES, default="entered", max_length=16, verbose_name=label)


def split_mode(apps, schema_editor):
    """Every coverage keeps the mode the resource had for all three."""
    ResourceMetadata = apps.get_model("metadata", "ResourceMetadata")
    # "entered" is the new fields' default: only "inferred" needs copying.
    ResourceMetadata.objects.filter(coverage_mode="inferred").update(
        **{part + "_coverage_mode": "inferred" for part in PARTS}
    )


def join_modes(apps, schema_editor):
    """Back to one mode: inferred when any coverage was inferred."""
    ResourceMetadata = apps.get_model("metadata", "ResourceMetadata")
    inferred = models.Q()
    for part in PARTS:
        inferred |= models.Q(**{part + "_coverage_mode": "inferred"})
    ResourceMetadata.objects.filter(inferred).update(coverage_mode="inferred")


class Migration(migrations.Migration):
    dependencies = [
        ("metadata", "0005_contact_identifiers"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name="resourcemetadata",
                name=part + "_coverage_mode",
                field=_field("published %s coverage" % part),
            )
            for part in PARTS
        ),
        migrations.RunPython(split_mode, join_modes),
        migrations.RemoveField(model_name="resourcemetadata", name="coverage_mode"),
    ]

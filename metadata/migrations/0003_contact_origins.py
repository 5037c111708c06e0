import logging

from django.conf import settings
from django.db import migrations, models

logger = logging.getLogger(__name__)
VISIBLE = ("public", "registered")


def _agents(doc):
    from metadata.services.contacts import contact_keys, document_agents

    return [keys for keys in map(contact_keys, document_agents(doc)) if keys]


def _link(SharedContact, field: str, resource_id: int, doc) -> None:
    for keys in _agents(doc):
        contact = SharedContact.objects.filter(key__in=keys).first()
        if contact is not None:
            getattr(contact, field).add(resource_id)


def origins_from_documents(apps, schema_editor):
    """Record which resources named the contacts remembered so far: those whose working
    metadata names them, and those whose public versions published them."""
    from metadata.eml.parse import EmlError, parse_eml
    from metadata.eml.serialize import ShapeError, from_dict

    SharedContact = apps.get_model("metadata", "SharedContact")
    ResourceMetadata = apps.get_model("metadata", "ResourceMetadata")
    Version = apps.get_model("resources", "Version")
    for record in ResourceMetadata.objects.all():
        try:
            _link(SharedContact, "resources", record.resource_id, from_dict(record.document))
        except ShapeError:
            logger.warning("Metadata of resource %s not read", record.resource_id)
    for version in Version.objects.filter(visibility__in=VISIBLE).exclude(eml_name=""):
        path = settings.DATA_DIR / "resources" / str(version.resource_id) / version.eml_name
        try:
            doc = parse_eml(path.read_bytes(), source=path.name)
        except (OSError, EmlError):
            logger.warning("Published EML of version %s not read", version.pk)
            continue
        _link(SharedContact, "published_in", version.resource_id, doc)


class Migration(migrations.Migration):
    dependencies = [
        ("metadata", "0002_package_id_and_contact_search"),
        ("resources", "0012_version_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="sharedcontact",
            name="published_in",
            field=models.ManyToManyField(blank=True, related_name="+", to="resources.resource"),
        ),
        migrations.AddField(
            model_name="sharedcontact",
            name="resources",
            field=models.ManyToManyField(blank=True, related_name="+", to="resources.resource"),
        ),
        migrations.RunPython(origins_from_documents, migrations.RunPython.noop),
    ]

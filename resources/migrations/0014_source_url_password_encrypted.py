"""URL sources keep their password encrypted, apart from the (masked) address."""

from django.db import migrations, models


def move_passwords_out(apps, schema_editor):
    """Existing addresses with a password (sources, and the jobs that downloaded them): mask
    it and store it encrypted."""
    from core.crypto import encrypt
    from core.urlauth import url_password_split

    Source = apps.get_model("resources", "Source")
    for source in Source.objects.filter(url__contains="@").only("pk", "url"):
        masked, password = url_password_split(source.url)
        if password:
            Source.objects.filter(pk=source.pk).update(
                url=masked, url_password_encrypted=encrypt(password)
            )
    Job = apps.get_model("core", "Job")
    for job in Job.objects.filter(kind="source-fetch"):
        plain = job.params.get("url") or ""
        masked, password = url_password_split(plain)
        if password:
            job.params = {**job.params, "url": masked, "url_password_encrypted": encrypt(password)}
            job.log = job.log.replace(plain, masked)
            job.save(update_fields=["params", "log"])


class Migration(migrations.Migration):
    dependencies = [("resources", "0013_template_resource"), ("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="source",
            name="url_password_encrypted",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(move_passwords_out, migrations.RunPython.noop),
    ]

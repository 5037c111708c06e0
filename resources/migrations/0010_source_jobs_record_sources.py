"""Source jobs now record the sources they are about in their params: ``source`` (the source
replaced or analysed) and ``sources`` (those an ingest created). Jobs queued before get them
from what the resource overview used to read: the name of the replaced source and the
sources listed in the result. Nothing else changes."""

from django.db import migrations

SOURCE_JOBS = ("source-ingest", "source-fetch", "source-analyse")  # as when written


def recorded_sources(params: dict, result: dict, ids_by_name: dict[str, int]) -> dict:
    """The ``source``/``sources`` entries a job queued before this migration lacks."""
    if params.get("source") or params.get("sources"):
        return {}
    created = [s["id"] for s in (result or {}).get("sources", []) if s.get("id")]
    if params.get("replace"):
        source = ids_by_name.get(params["replace"]) or (created[0] if created else None)
        return {"source": source} if source else {}
    return {"sources": created} if created else {}


def record_sources(apps, schema_editor):
    Job = apps.get_model("core", "Job")
    Source = apps.get_model("resources", "Source")
    names: dict[str, dict[str, int]] = {}
    jobs = Job.objects.filter(kind__in=SOURCE_JOBS).exclude(target_id="")
    for job in jobs.only("params", "result", "target_id"):
        if job.target_id not in names:
            rows = Source.objects.filter(resource_id=job.target_id).values_list("name", "pk")
            names[job.target_id] = dict(rows)
        missing = recorded_sources(job.params, job.result, names[job.target_id])
        if missing:
            Job.objects.filter(pk=job.pk).update(params={**job.params, **missing})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("resources", "0009_catalogue_moved"),
    ]

    operations = [migrations.RunPython(record_sources, migrations.RunPython.noop)]

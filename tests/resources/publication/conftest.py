"""A small sampling-event resource with real CSV sources, mappings and valid metadata."""

from __future__ import annotations

import shutil

import pytest

from catalogue.models import Extension
from core.jobs.executor import execute
from core.models import Job
from metadata.eml.model import Agent, Licence
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from resources.models import Resource
from resources.services.demo import DEMO_DIR
from resources.services.mappings import mapping_create
from resources.services.publication import resource_publish
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest, staging_dir
from tests.factories import UserFactory

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
OCCURRENCE = DWC + "Occurrence"


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


def add_sources(resource: Resource, files: dict[str, bytes]) -> None:
    folder = staging_dir()
    staged = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        staged.append({"path": str(folder / name), "filename": name})
    sources_ingest(resource=resource, staged={"folder": str(folder), "files": staged})


def valid_metadata(resource: Resource) -> None:
    doc = metadata_get(resource)
    doc.abstract = ["Amphibians counted at two ponds (synthetic data)."]
    doc.licence = Licence(
        name="CC-BY 4.0", url="http://creativecommons.org/licenses/by/4.0/legalcode"
    )
    doc.contacts = [Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])]
    doc.creators = [Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])]
    metadata_save(resource, doc)


def make_resource(manager, shortname: str = "ponds") -> Resource:
    """The demo pond survey: event core and occurrence extension, mapped automatically."""
    resource = resource_create(shortname=shortname, creator=manager, title="Pond survey")
    add_sources(
        resource, {name: (DEMO_DIR / name).read_bytes() for name in ("event.csv", "occurrence.csv")}
    )
    sources = {s.name: s for s in resource.sources.all()}
    mapping_create(
        resource=resource, source=sources["event"], extension=Extension.objects.get(row_type=EVENT)
    )
    mapping_create(
        resource=resource,
        source=sources["occurrence"],
        extension=Extension.objects.get(row_type=OCCURRENCE),
    )
    valid_metadata(resource)
    return resource


@pytest.fixture
def resource(manager, data_dir):
    return make_resource(manager)


def publish_inline(resource: Resource, user, **options) -> Job:
    """Publish in this process, as a worker would."""
    job = resource_publish(resource=resource, user=user, enqueue=False, **options)
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def demo_copy(tmp_path, name: str):
    target = tmp_path / name
    shutil.copy(DEMO_DIR / name, target)
    return target

"""Running the management commands as scripts do: output captured, JSON parsed, exit codes."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from metadata.eml.model import Agent, Licence
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from resources.models import Resource
from resources.services.demo import DEMO_DIR
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest, staging_dir
from tests.conftest import TEST_DATA
from tests.factories import UserFactory

EML_DIR = TEST_DATA / "eml"
# A real sampling-event EML that validates (GBIF profile 1.3 via the INBO IPT).
EML = EML_DIR / "inbo-meetnetten-ephippiger-samplingevent.eml.xml"


@dataclass
class Outcome:
    """What a command printed and the exit status it would have had."""

    out: str
    err: str
    status: int

    @property
    def body(self) -> dict:
        return json.loads(self.out)


def cli(*args: str) -> Outcome:
    """Run a command through ``call_command``; a ``CommandError`` becomes its exit status."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return Outcome(out.getvalue(), err.getvalue() + str(exc), exc.returncode)
    return Outcome(out.getvalue(), err.getvalue(), 0)


@pytest.fixture(autouse=True)
def data_dir(data_dir):
    """Every command runs against a fresh, empty DATA_DIR."""
    return data_dir


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


@pytest.fixture
def outsider(db):
    """A manager who does not manage the test resources."""
    return UserFactory(role=Role.MANAGER, email="outsider@example.org")


@pytest.fixture
def csvs(tmp_path) -> dict[str, str]:
    """The demo pond survey's two CSV files, as a user has them on disk."""
    paths = {}
    for name in ("event.csv", "occurrence.csv"):
        target = tmp_path / name
        target.write_bytes((DEMO_DIR / name).read_bytes())
        paths[name] = str(target)
    return paths


@pytest.fixture
def ponds(manager) -> Resource:
    return resource_create(shortname="ponds", creator=manager, title="Pond survey")


@pytest.fixture
def ponds_with_sources(ponds, csvs) -> Resource:
    folder = staging_dir()
    staged = []
    for name, path in csvs.items():
        (folder / name).write_bytes(Path(path).read_bytes())
        staged.append({"path": str(folder / name), "filename": name})
    sources_ingest(resource=ponds, staged={"folder": str(folder), "files": staged})
    return ponds


def describe(resource: Resource) -> None:
    """Metadata that validates, so that the resource can be published."""
    doc = metadata_get(resource)
    doc.abstract = ["Amphibians counted at two ponds (synthetic data)."]
    doc.licence = Licence(
        name="CC-BY 4.0", url="http://creativecommons.org/licenses/by/4.0/legalcode"
    )
    doc.contacts = [Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])]
    doc.creators = [Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])]
    metadata_save(resource, doc)


def add_source(resource: Resource, filename: str, text: str) -> None:
    """Add a small CSV source directly through the service."""
    folder = staging_dir()
    (folder / filename).write_text(text)
    sources_ingest(
        resource=resource,
        staged={
            "folder": str(folder),
            "files": [{"path": str(folder / filename), "filename": filename}],
        },
    )

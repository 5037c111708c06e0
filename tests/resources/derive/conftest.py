"""A resource whose one source is the flat pond survey (one row per species per visit)."""

from __future__ import annotations

import pytest

from resources.models import Resource
from resources.services.resources import resource_create
from tests.conftest import TEST_DATA

from ..publication.conftest import add_sources

FLAT = TEST_DATA / "datasets" / "flat" / "pond-survey-flat.csv"


@pytest.fixture
def flat(manager_user, data_dir) -> Resource:
    resource = resource_create(shortname="flat", creator=manager_user, title="Flat pond survey")
    add_sources(resource, {"survey.csv": FLAT.read_bytes()})
    return resource

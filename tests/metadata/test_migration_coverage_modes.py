"""The migration that gave each coverage its own mode keeps every resource's single mode."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from metadata.models import ResourceMetadata
from tests.factories import ResourceFactory

BEFORE = [("metadata", "0005_contact_identifiers")]
AFTER = [("metadata", "0006_coverage_mode_per_coverage")]
MODES = ("geographic_coverage_mode", "temporal_coverage_mode", "taxonomic_coverage_mode")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_coverage_starts_with_the_mode_the_resource_had():
    inferred, entered = ResourceFactory(shortname="inferred"), ResourceFactory(shortname="entered")
    old = _migrate(BEFORE).get_model("metadata", "ResourceMetadata")
    old.objects.create(resource_id=inferred.pk, coverage_mode="inferred")
    old.objects.create(resource_id=entered.pk, coverage_mode="entered")
    _migrate(AFTER)
    by_resource = {r.resource_id: r for r in ResourceMetadata.objects.all()}
    assert [getattr(by_resource[inferred.pk], m) for m in MODES] == ["inferred"] * 3
    assert [getattr(by_resource[entered.pk], m) for m in MODES] == ["entered"] * 3

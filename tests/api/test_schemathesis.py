"""Schema-driven testing: schemathesis fuzzes every operation of the OpenAPI schema over
real HTTP and finds no server error, no undocumented status code or content type, and no
response that breaks the schema.

The schema is generated at import (the same generator serves ``/api/v1/schema/``), so that
each operation is its own test with a fresh database: a manager (with an API token) who owns
a small published resource ``ponds``, so that the path parameters point at real objects and
the operations have something to work on; the request examples of the schema
(``resources/api/examples.py``) start the fuzzing from realistic bodies. Background jobs are
created but not queued (there is no worker here; what a job does is tested with the jobs).
The manager's run covers every operation (admin-only ones answer 403); the admin-only
operations run again as an admin, all but associating an organisation, which asks the real
GBIF registry to check a token (tested against a local registry in tests/publisher/registry).
"""

from __future__ import annotations

import json
import re

import hypothesis
import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catalogue.models import Extension, Vocabulary
from core.models import Job
from publisher.models import Role
from resources.services.mappings import template_save
from tests.factories import UserFactory, api_token
from tests.resources.publication.conftest import make_resource, publish_inline

pytestmark = [pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 10,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "with-security-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
    }
)


def _openapi() -> dict:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(_openapi(), config=CONFIG)


class Seed:
    """What the path parameters of each operation point at."""

    def __init__(self, token: str, resource, job: Job, template_id: int, co_manager: str):
        mappings = {m.extension.row_type.rsplit("/", 1)[-1]: m for m in resource.mappings.all()}
        event = mappings["Event"]
        self.token = token
        self.values = {
            "shortname": resource.shortname,
            "name": "event",
            "label": "1.0",
            "job_id": str(job.pk),
            "email": co_manager,
        }
        # ``{id}`` means a different object on each path.
        self.ids = [
            (r"/mappings/\{id\}", event.pk),
            (r"/mapping-templates/\{id\}", template_id),
            (r"/extensions/\{id\}", event.extension_id),
            (r"/vocabularies/\{id\}", _vocabulary_id()),
        ]

    def path_parameters(self, path: str, given: dict) -> dict:
        values = {name: self.values[name] for name in given if name in self.values}
        if "id" in given:
            values["id"] = next(pk for pattern, pk in self.ids if re.search(pattern, path))
        return {**given, **values}


def _vocabulary_id() -> int:
    return Vocabulary.objects.order_by("pk").values_list("pk", flat=True).first() or 1


@pytest.fixture
def no_queue(monkeypatch):
    monkeypatch.setattr("core.services.jobs._enqueue", lambda job, queue: None)


@pytest.fixture
def seed(token_manager, data_dir, no_throttling, no_queue):
    manager, token = token_manager
    resource = make_resource(manager)
    co_manager = UserFactory(role=Role.MANAGER, email="co@example.org")
    resource.managers.add(co_manager)
    UserFactory(role=Role.MANAGER, email="colleague@example.org")  # the examples invite them
    job = publish_inline(resource, manager)
    assert job.status == "succeeded", job.error_message
    template = template_save(resource=resource, name="ponds", by=manager)
    return Seed(token, resource, job, template.pk, co_manager.email)


@schema.parametrize()
# Deterministic, no example database; each example is a round trip to a server, and the seed
# fixture is made once per operation on purpose, hence no deadline and no health checks.
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_api_answers_within_its_schema(case, seed, live_server):
    if case.path_parameters:
        case.path_parameters = seed.path_parameters(case.operation.path, case.path_parameters)
    case.call_and_validate(
        base_url=live_server.url, checks=CHECKS, headers={"Authorization": "Token " + seed.token}
    )


ADMIN_ONLY = schema.include(
    path_regex=r"^/api/v1/(extensions/|jobs/selfcheck/)", method=["POST", "DELETE"]
)


@pytest.fixture
def admin_seed(data_dir, no_throttling, no_queue, transactional_db):
    admin = UserFactory(role=Role.ADMIN)
    event = Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event")
    return api_token(admin), event.pk


@ADMIN_ONLY.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_admin_operations_answer_within_their_schema(case, admin_seed, live_server):
    token, extension_id = admin_seed
    if "id" in case.path_parameters:
        case.path_parameters = {**case.path_parameters, "id": extension_id}
    case.call_and_validate(
        base_url=live_server.url, checks=CHECKS, headers={"Authorization": "Token " + token}
    )

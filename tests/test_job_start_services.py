"""Every job kind has one start service beside its kind constant, with typed params
(STYLE.md, "Where logic lives").

1. Each registered kind is listed below with its start service, defined in the module that
   also defines the kind's name.
2. ``job_create(`` is called only in ``core`` and in those start services: views, API views,
   commands and other services call the start service. The calls are read from the source,
   and the rule is checked on a small tree made to break it too.
3. Each kind's params dataclass stores the same JSON it reads back.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalogue.jobs import ExtensionInstallParams, ExtensionsCheckParams, ExtensionUpdateParams
from core.jobs import JobParams, kinds
from core.notifications import NotificationParams
from metadata.jobs import MetadataImportParams
from metadata.services.coverage import CoverageInferParams
from publisher.jobs.selfcheck import SelfcheckParams
from publisher.services.dois import DoiParams, DoiSyncParams
from publisher.services.registration.datasets import DatasetDeregisterParams, DatasetParams
from publisher.services.registration.installation import (
    InstallationRegisterParams,
    InstallationUpdateParams,
)
from publisher.services.registration.networks import DatasetNetworkParams
from resources.jobs.publication import PortalSummaryParams
from resources.jobs.sources import SourceAnalyseParams, SourceFetchParams, SourceIngestParams
from resources.services.importing.start import ResourceImportParams
from resources.services.publication.start import PublishParams, ValidateParams
from tests.test_layering import APPS, ROOT, app, module_name
from workflows.bulk import BulkPublishParams

REGISTRATION = "publisher.services.registration"
START_SERVICES = {
    "source-ingest": "resources.jobs.sources:source_ingest_start",
    "source-fetch": "resources.jobs.sources:source_fetch_start",
    "source-analyse": "resources.jobs.sources:source_analyse_start",
    "resource-import": "resources.services.importing.start:resource_import_start",
    "resource-publish": "resources.services.publication.start:resource_publish",
    "resource-validate": "resources.services.publication.start:validation_start",
    "portal-summary": "resources.jobs.publication:portal_summary_start",
    "metadata-infer": "metadata.services.coverage:coverage_infer_start",
    "metadata-import": "metadata.jobs:metadata_import_start",
    "extension-install": "catalogue.jobs:extension_install_start",
    "extension-update": "catalogue.jobs:extension_update_start",
    "extensions-check": "catalogue.jobs:extensions_check_start",
    "vocabulary-update": "catalogue.jobs:vocabulary_update_start",
    "selfcheck": "publisher.jobs.selfcheck:selfcheck_start",
    "registry-installation-register": REGISTRATION + ".installation:installation_register_start",
    "registry-installation-update": REGISTRATION + ".installation:installation_update_start",
    "registry-dataset-register": REGISTRATION + ".datasets:dataset_register_start",
    "registry-dataset-update": REGISTRATION + ".datasets:dataset_update_queue",
    "registry-dataset-deregister": REGISTRATION + ".datasets:dataset_deregister_queue",
    "registry-dataset-network": REGISTRATION + ".networks:dataset_network_start",
    "doi-reserve": "publisher.services.dois.reserve:doi_reserve_start",
    "doi-delete": "publisher.services.dois.reserve:doi_delete_start",
    "doi-sync": "publisher.services.dois.sync:doi_sync_queue",
    "notification-send": "core.notifications:notification_send_start",
    "bulk-publish": "workflows.bulk:bulk_publish_start",
}


@dataclass(frozen=True)
class Call:
    module: str
    function: str  # the enclosing function ("" at module level)
    line: int


def job_create_calls(root: Path = ROOT) -> list[Call]:
    """Every call of ``job_create`` in the apps under ``root`` (migrations left out)."""
    found = []
    for name in APPS:
        for path in sorted((root / name).rglob("*.py")):
            if "migrations" not in path.parts:
                tree = ast.parse(path.read_text(encoding="utf-8"))
                found += _calls(tree, module_name(path, root), "")
    return found


def _calls(node: ast.AST, module: str, function: str) -> list[Call]:
    found = []
    for child in ast.iter_child_nodes(node):
        inside = function
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            inside = child.name
        elif isinstance(child, ast.Call) and _called_name(child.func) == "job_create":
            found.append(Call(module, function, child.lineno))
        found += _calls(child, module, inside)
    return found


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def stray_job_creates(calls: list[Call]) -> list[Call]:
    """Calls outside ``core`` and the start services."""
    allowed = {tuple(target.split(":")) for target in START_SERVICES.values()}
    return [c for c in calls if app(c.module) != "core" and (c.module, c.function) not in allowed]


def _start_service(kind: str):
    module, function = START_SERVICES[kind].split(":")
    return importlib.import_module(module), function


# --- 1. one start service per kind, beside the kind's name --------------------------------------


def test_every_registered_kind_has_a_start_service():
    registered = {name for name in kinds() if not name.startswith("test-")}
    assert registered == set(START_SERVICES)


@pytest.mark.parametrize("kind", sorted(START_SERVICES))
def test_the_start_service_sits_beside_the_kind_constant(kind):
    module, function = _start_service(kind)
    assert callable(getattr(module, function))
    assert kind in {value for value in vars(module).values() if isinstance(value, str)}


# --- 2. job_create is called only by the start services ---------------------------------------


def test_the_apps_call_job_create_only_in_start_services():
    calls = job_create_calls()
    assert {(c.module, c.function) for c in calls if app(c.module) != "core"}
    stray = ["%s:%d in %s()" % (c.module, c.line, c.function) for c in stray_job_creates(calls)]
    assert stray == [], "call the kind's start service instead (START_SERVICES)"


def test_a_view_that_calls_job_create_is_caught(tmp_path):
    files = {
        "resources/jobs/sources.py": (
            "def source_ingest_start(*, resource):\n    return job_create(kind='x')\n"
        ),
        "resources/views/sources.py": (
            "from core.services import jobs\n\ndef upload(request):\n"
            "    return jobs.job_create(kind='source-ingest')\n"
        ),
        "core/services/jobs.py": "def job_create(**kw):\n    pass\n\njob_create(kind='y')\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    calls = job_create_calls(tmp_path)
    assert len(calls) == 3
    assert stray_job_creates(calls) == [Call("resources.views.sources", "upload", 4)]


# --- 3. typed params: the JSON stored is the JSON read -------------------------------------------

STAGED = {
    "folder": "/data/tmp/s1",
    "files": [{"path": "/data/tmp/s1/0-a.csv", "filename": "a.csv"}],
}
PARAMS = [
    NotificationParams(template="t", groups={"fr": ["a@example.org"]}, context={"n": 1}),
    SourceIngestParams(resource=1, staged=STAGED),
    SourceIngestParams(resource=1, staged=STAGED, replace="events", source=7),
    SourceFetchParams(resource=1, url="https://example.org/a.csv", keep_cached=True),
    SourceFetchParams(resource=1, url="https://example.org/a.csv", replace="events", source=7),
    SourceAnalyseParams(source=7),
    SourceAnalyseParams(source=7, spec={"text": {"header": 1, "delimiter": ";"}}),
    ResourceImportParams(user=3, shortname="ponds", staged=STAGED),
    ResourceImportParams(user=3, url="https://ipt.example.org/archive.do?r=ponds"),
    ResourceImportParams(user=3, path="/srv/ipt/resources"),
    PublishParams(resource=1, version="1.2", change_summary="New sites", drop_orphans=True),
    PublishParams(resource=1, version="2.0", auto=True),
    ValidateParams(resource=1, drop_orphans=True),
    PortalSummaryParams(version=12),
    CoverageInferParams(resource=1),
    MetadataImportParams(resource=1, folder="/data/tmp/eml-import-1", filename="eml.xml"),
    MetadataImportParams(resource=1, folder="/data/tmp/eml-import-1", filename="a.xml", apply=True),
    ExtensionInstallParams(url="https://rs.gbif.org/extension/eco/humboldt_2025-07-10.xml"),
    ExtensionUpdateParams(extension=4),
    ExtensionsCheckParams(),
    SelfcheckParams(),
    SelfcheckParams(steps=3, delay=0.0),
    InstallationUpdateParams(
        title="Node", description="", contact_name="Ana", contact_email="a@example.org"
    ),
    InstallationRegisterParams(
        title="Node",
        description="d",
        contact_name="Ana",
        contact_email="a@example.org",
        organisation=2,
        password="gAAAA-encrypted",
    ),
    DatasetParams(resource=1),
    DatasetDeregisterParams(resource=1, key="8f1c-key", organisation=2, shortname="ponds"),
    DatasetNetworkParams(resource=1, network="2b7c-network", action="add"),
    DoiParams(doi=3),
    DoiSyncParams(resource=1),
    BulkPublishParams(resources=[1, 2, 3], concurrency=2, change_summary="Yearly update"),
]


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: type(p).__name__)
def test_params_survive_a_json_round_trip(params):
    stored = json.loads(json.dumps(params.to_json()))
    assert type(params).from_json(stored) == params


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: type(p).__name__)
def test_params_are_frozen(params):
    assert isinstance(params, JobParams)
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.extra = 1


def test_optional_params_not_given_are_not_stored():
    assert SelfcheckParams().to_json() == {}
    assert SourceIngestParams(resource=1, staged=STAGED).to_json() == {
        "resource": 1,
        "staged": STAGED,
    }
    assert ResourceImportParams(user=3, url="https://x.org/a.zip").to_json() == {
        "user": 3,
        "shortname": "",
        "url": "https://x.org/a.zip",
    }


def test_keys_recorded_later_are_ignored_when_reading():
    stored = {"resource": 1, "staged": STAGED, "sources": [5, 6]}
    assert SourceIngestParams.from_json(stored) == SourceIngestParams(resource=1, staged=STAGED)


def test_a_missing_required_key_is_refused():
    with pytest.raises(TypeError):
        PortalSummaryParams.from_json({})

"""Ports and processes: the web port and the worker threads come from the environment, and
web, worker and beat run as one unprivileged user in the image."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_the_procfile_reads_the_port_and_the_worker_threads_from_the_environment():
    processes = _procfile()
    assert "--bind 127.0.0.1:${PORT:-8000} " in processes["web"]
    assert "--concurrency ${WORKER_CONCURRENCY:-2} " in processes["worker"]
    assert "--concurrency ${REGISTRY_WORKER_CONCURRENCY:-2} " in processes["registry"]


def test_make_run_passes_the_port_and_prints_the_admin_address():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") : makefile.index("\ntest:")]
    assert "honcho start -f Procfile -p $(PORT)" in run
    assert "http://127.0.0.1:$(PORT)/login/" in run
    assert re.search(r"^export PORT WORKER_CONCURRENCY$", makefile, re.M)


def test_compose_listens_on_port_and_runs_every_service_as_the_image_user():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    web = services["web"]
    assert web["environment"]["PORT"] == "${PORT:-8000}"
    assert '--bind "0.0.0.0:$${PORT}"' in web["command"][-1]
    assert web["ports"] == ["${WEB_PORT:-8000}:${PORT:-8000}"]
    assert "/health" in web["healthcheck"]["test"][-1]
    assert services["worker"]["command"][-1] == "${WORKER_CONCURRENCY:-2}"
    assert not [name for name, service in services.items() if "user" in service]


def test_the_image_runs_as_an_unprivileged_user_with_an_owner_only_data_dir():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert users == ["app"]
    assert "chmod 0700 /data" in dockerfile
    assert '--bind \\"0.0.0.0:${PORT}\\"' in dockerfile

"""Registry jobs run on their own queue: a registry that hangs never delays a publication."""

from __future__ import annotations

import socket
import threading

import pytest

from core.jobs import QUEUE_JOBS, QUEUE_REGISTRY, get_kind, kinds
from core.models import Job, JobStatus
from core.services.jobs import job_cancel
from publisher.jobs import registration as registration_jobs
from publisher.models import InstallationSettings
from publisher.services.registration import datasets, networks
from publisher.services.registration import installation as install
from resources.services.publication import PUBLISH
from resources.services.publication.start import resource_publish
from tests.conftest import wait_for
from tests.publisher.registry.conftest import published

REGISTRY_KINDS = {
    install.INSTALLATION_REGISTER,
    install.INSTALLATION_UPDATE,
    datasets.DATASET_REGISTER,
    datasets.DATASET_UPDATE,
    datasets.DATASET_DEREGISTER,
    networks.DATASET_NETWORK,
}


class HangingServer:
    """Accepts connections and reads requests, but never answers until closed."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d/" % self.sock.getsockname()[1]

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()


def test_every_registry_job_kind_runs_on_the_registry_queue():
    assert {name for name, kind in kinds().items() if kind.queue == QUEUE_REGISTRY} >= (
        REGISTRY_KINDS
    )
    assert get_kind(PUBLISH).queue == QUEUE_JOBS
    # A kind added beside the registration kinds calls the registry too.
    beside = {
        k.queue for k in kinds().values() if k.runner.__module__ == registration_jobs.__name__
    }
    assert beside == {QUEUE_REGISTRY}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_publication_runs_while_every_registry_job_hangs(
    make_worker, monkeypatch, admin_user, installation, organisation
):
    resource = published(admin_user, organisation=organisation)
    hang = HangingServer()
    try:
        # The registry "moves" under the registered installation (the service refuses that).
        InstallationSettings.objects.filter(pk=1).update(registry_custom_url=hang.url)
        monkeypatch.setenv("REGISTRY_TIMEOUT", "300")  # read by the workers started below
        make_worker("registry", queues=QUEUE_REGISTRY, pool="threads")
        make_worker("jobs", queues=QUEUE_JOBS, pool="threads")
        update = install.installation_update_start(
            user=admin_user,
            title="Pond IPT",
            description="Publishes pond surveys.",
            contact_name="Ann Admin",
            contact_email="ann@example.org",
        )
        wait_for(lambda: hang.connections, timeout=60)
        publication = resource_publish(resource=resource, user=admin_user)
        wait_for(lambda: Job.objects.get(pk=publication.pk).is_final, timeout=120)
        publication.refresh_from_db()
        update.refresh_from_db()
        assert publication.status == JobStatus.SUCCEEDED, publication.error_message
        assert update.status == JobStatus.RUNNING
        job_cancel(job=update)
    finally:
        hang.close()

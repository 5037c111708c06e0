"""The broker survives many concurrent producers: nothing lost, nothing twice, worker alive.

The stress test runs on the configured broker: the embedded default (``core.broker``), and
Redis in CI's second run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path
from queue import Empty

import pytest
from django.conf import settings
from kombu import Connection
from kombu.transport.virtual import BrokerState

from core import broker
from publisher.celery import app
from tests.conftest import ROOT, wait_for

PRODUCERS = 4
MESSAGES = 2000
QUEUE = "stress"
WORKER_THREADS = 8
# A producer process: the web, the CLI or beat queueing jobs (ids of jobs that do not exist, so
# that the worker's run is a single lookup and the test measures the broker).
PRODUCE = """
import sys, uuid, django
django.setup()
from core.tasks import run_job
for _ in range(int(sys.argv[1])):
    print(run_job.apply_async(args=[str(uuid.uuid4())], queue=sys.argv[2]).id, flush=True)
"""
SUCCEEDED = re.compile(r"Task publisher\.tasks\.run_job\[([0-9a-f-]+)\] succeeded")

embedded_only = pytest.mark.skipif(
    not settings.EMBEDDED_BROKER, reason="the embedded broker is not the configured one"
)


@pytest.fixture(autouse=True)
def _fresh_broker_state(monkeypatch):
    """kombu keeps the declared bindings of a filesystem transport in a class attribute, as if
    one process used one folder: a binding declared in another test's folder would be taken
    as already written to this test's folder, and messages routed nowhere."""
    monkeypatch.setattr(broker.Transport, "global_state", BrokerState())


def _connection(tmp_path: Path, *, create: bool = True) -> Connection:
    folders = {sub: tmp_path / sub for sub in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir(exist_ok=not create)
    return Connection(
        transport=broker.Transport,
        transport_options={
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
        },
    )


@embedded_only
def test_the_embedded_broker_url_uses_the_atomic_transport():
    with app.connection_for_write() as conn:
        assert isinstance(conn.transport, broker.Transport)


def test_a_message_being_written_is_invisible_to_readers(tmp_path, monkeypatch):
    with _connection(tmp_path) as conn:
        queue = conn.SimpleQueue(QUEUE)
        seen_while_writing = []
        rename = os.replace

        def replace_after_a_read(src, dst):
            with contextlib.suppress(Empty):
                seen_while_writing.append(queue.get(block=False).payload)
            rename(src, dst)

        monkeypatch.setattr(broker.os, "replace", replace_after_a_read)
        queue.put({"n": 1})
        assert seen_while_writing == []
        assert queue.get(timeout=1).payload == {"n": 1}
        assert list((tmp_path / "processed").iterdir()) == []  # read, then removed
        queue.close()


def _put_many(folder: str, numbers: range) -> None:
    with _connection(Path(folder), create=False) as conn:
        queue = conn.SimpleQueue(QUEUE)
        for number in numbers:
            queue.put({"n": number})
        queue.close()


def test_a_reader_polling_hard_sees_every_message_of_four_writers_once(tmp_path):
    share = MESSAGES // PRODUCERS
    _connection(tmp_path).close()
    writers = [
        multiprocessing.get_context("fork").Process(
            target=_put_many, args=(str(tmp_path), range(i * share, (i + 1) * share))
        )
        for i in range(PRODUCERS)
    ]
    for writer in writers:
        writer.start()
    seen = []
    with _connection(tmp_path, create=False) as conn:
        queue = conn.SimpleQueue(QUEUE)
        while len(seen) < MESSAGES and (
            any(w.is_alive() for w in writers) or queue.qsize()  # a JSONDecodeError fails here
        ):
            with contextlib.suppress(Empty):
                message = queue.get(block=False)
                seen.append(message.payload["n"])
                message.ack()
        queue.close()
    assert all(w.join(30) is None and w.exitcode == 0 for w in writers)
    assert sorted(seen) == list(range(MESSAGES))


def _producer(count: int, worker_env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", PRODUCE, str(count), QUEUE],
        cwd=ROOT,
        env=worker_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_four_producers_and_a_worker_lose_and_duplicate_nothing(make_worker):
    worker = make_worker("stress", queues=QUEUE, pool="threads", concurrency=WORKER_THREADS)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DATA_DIR=str(settings.DATA_DIR))
    producers = [_producer(MESSAGES // PRODUCERS, env) for _ in range(PRODUCERS)]
    sent = []
    for producer in producers:
        out, err = producer.communicate(timeout=120)
        assert producer.returncode == 0, err
        sent.extend(out.split())
    assert len(set(sent)) == MESSAGES
    wait_for(
        lambda: worker.proc.poll() is not None or len(SUCCEEDED.findall(worker.log())) >= MESSAGES,
        timeout=120,
        interval=1,
    )
    done = SUCCEEDED.findall(worker.log())
    assert set(done) == set(sent)  # none lost
    assert len(done) == len(set(done))  # none twice
    assert worker.proc.poll() is None, worker.log()[-3000:]
    assert "Unrecoverable error" not in worker.log()


def test_half_written_messages_of_dead_writers_are_swept_once_old(tmp_path):
    old, fresh = tmp_path / ("1_a.jobs.msg" + broker.PARTIAL_SUFFIX), tmp_path / "2_b.jobs.msg.part"
    old.write_bytes(b'{"bo')
    fresh.write_bytes(b'{"bo')
    os.utime(old, (0, 0))
    message = tmp_path / "3_c.jobs.msg"
    message.write_bytes(b"{}")
    assert broker.partials_sweep(tmp_path, max_age=3600) == [old.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, message.name]

"""Many producers, one consumer, on an embedded broker: throughput and correctness.

``--producers`` processes put ``--messages`` messages in total on one queue through kombu
while this process consumes them; the run reports messages lost, duplicated, unreadable
(the ``JSONDecodeError`` that killed the worker) and the consumed messages per second:

    .venv/bin/python benchmarks/broker_stress.py --transport filesystem   # kombu's own
    .venv/bin/python benchmarks/broker_stress.py --transport atomic       # core.broker
    .venv/bin/python benchmarks/broker_stress.py --transport sqlalchemy   # needs SQLAlchemy

Each run uses a fresh temporary folder (the SQLite file of the SQLAlchemy transport too).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kombu import Connection  # noqa: E402

QUEUE = "stress"
IDLE_AFTER_PRODUCERS = 10.0  # seconds without a message once every producer finished


def connection(transport: str, folder: Path) -> Connection:
    """A kombu connection to the embedded broker ``transport`` kept in ``folder``."""
    if transport == "sqlalchemy":
        return Connection("sqla+sqlite:///%s" % (folder / "broker.sqlite3"))
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(exist_ok=True)
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "store_processed": False,
        "control_folder": str(folder / "control"),
    }
    name = "core.broker:Transport" if transport == "atomic" else "filesystem"
    return Connection(transport=name, transport_options=options)


def produce(transport: str, folder: str, ids: range) -> None:
    with connection(transport, Path(folder)) as conn:
        queue = conn.SimpleQueue(QUEUE)
        for number in ids:
            queue.put({"id": number})
        queue.close()


def consume(transport: str, folder: Path, total: int, producers: list) -> dict:
    seen: list[int] = []
    errors = 0
    with connection(transport, folder) as conn:
        queue = conn.SimpleQueue(QUEUE)
        idle_since = None
        while len(seen) < total:
            try:
                message = queue.get(timeout=0.5)
            except Empty:
                if all(not p.is_alive() for p in producers):
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since > IDLE_AFTER_PRODUCERS:
                        break
                continue
            except ValueError:  # JSONDecodeError: a message read before it was written
                errors += 1
                continue
            idle_since = None
            seen.append(message.payload["id"])
            message.ack()
        queue.close()
    return {"seen": seen, "errors": errors}


def run(transport: str, producers: int, messages: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="broker-stress-") as tmp:
        folder = Path(tmp)
        connection(transport, folder).close()
        share = messages // producers
        procs = [
            multiprocessing.Process(
                target=produce, args=(transport, tmp, range(i * share, (i + 1) * share))
            )
            for i in range(producers)
        ]
        started = time.perf_counter()
        for proc in procs:
            proc.start()
        outcome = consume(transport, folder, share * producers, procs)
        elapsed = time.perf_counter() - started
        for proc in procs:
            proc.join()
    seen = outcome["seen"]
    return {
        "transport": transport,
        "consumed": len(seen),
        "lost": share * producers - len(set(seen)),
        "duplicated": len(seen) - len(set(seen)),
        "unreadable": outcome["errors"],
        "seconds": round(elapsed, 2),
        "per_second": round(len(seen) / elapsed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transport", choices=["filesystem", "atomic", "sqlalchemy"])
    parser.add_argument("--producers", type=int, default=4)
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    print(run(args.transport, args.producers, args.messages))


if __name__ == "__main__":
    main()

"""Time the public listing and the inventories with many public resources.

Creates ``--resources`` public resources (all registered, the inventory's worst case) with
one version each in
a throwaway data directory (SQLite unless DATABASE_URL is set: then use a scratch database),
then requests each page ``--runs`` times in process through Django's test client and prints
the median wall time with an empty cache (the first request after any change: the feeds and
inventories are cached until something changes) and with the cache filled, and the number
of SQL queries of an uncached request:

    .venv/bin/python benchmarks/portal_speed.py --resources 10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="portal-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "publisher.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from publisher.models import Role, User  # noqa: E402
from resources.models import Resource, Version, Visibility  # noqa: E402

PAGES = (
    "/",
    "/?q=dataset+00042",
    "/?sort=title&page=50",
    "/?sort=records",
    "/inventory/dataset",
    "/inventory/v2/dataset",
)


def populate(count: int) -> None:
    creator = User.objects.create_user(
        email="bench@example.org", password="x" * 12, role=Role.MANAGER
    )
    now = timezone.now()
    Resource.objects.bulk_create(
        (
            Resource(
                shortname="bench-%05d" % n,
                title="Benchmark dataset %05d" % n,
                creator=creator,
                published_at=now,
                visibility=Visibility.REGISTERED,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    ids = Resource.objects.order_by("pk").values_list("pk", flat=True)
    Version.objects.bulk_create(
        (
            Version(
                resource_id=pk,
                major=1,
                minor=0,
                label="1.0",
                records=n * 7,
                counts={"event.txt": n, "occurrence.txt": n * 7},
                visibility=Visibility.PUBLIC,
                published_at=now - timezone.timedelta(minutes=n),
            )
            for n, pk in enumerate(ids)
        ),
        batch_size=2000,
    )


def _timed(client: Client, url: str) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    cold, warm = [], []
    for _ in range(runs):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            elapsed, response = _timed(client, url)
        count = len(queries.captured_queries)
        cold.append(elapsed)
        warm.append(_timed(client, url)[0])
    return statistics.median(cold), statistics.median(warm), count, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest
    populate(args.resources)
    client = Client(HTTP_HOST="localhost")
    print("%d public resources, %s, %d runs each" % (args.resources, connection.vendor, args.runs))
    print("%-28s %9s %9s %8s %10s" % ("page", "cold ms", "warm ms", "queries", "bytes"))
    for url in PAGES:
        cold, warm, queries, size = measure(client, url, args.runs)
        print("%-28s %9.1f %9.1f %8d %10d" % (url, cold * 1000, warm * 1000, queries, size))


if __name__ == "__main__":
    main()

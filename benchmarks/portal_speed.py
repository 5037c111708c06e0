"""Time every public page and feed with many public resources.

Creates ``--resources`` public resources (all registered, the inventory's worst case, half
with a publishing organisation) with one version each in a throwaway data directory (SQLite
unless DATABASE_URL is set: then use a scratch database), each version with its EML on disk
as the publication writes it (a real EML from tests/data/eml/ with the title and packageId
changed). The first RSS request renders and stores every version's feed entries, as each
publication would have: its time is printed once. Then each page is requested ``--runs``
times in process through Django's test client, and the median wall time printed:

- cold: with an empty cache (the cache server restarted, or a new file cache);
- changed: after an edit of another resource (what the feeds see after any edit);
- warm: the same request again;

with the number of SQL queries of a cold and of a warm request:

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

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from lxml import etree  # noqa: E402

from metadata.models import ResourceMetadata  # noqa: E402
from publisher.models import Organisation, Role, User  # noqa: E402
from resources.models import Resource, Version, Visibility  # noqa: E402
from resources.services.resources import resource_dir, resource_update  # noqa: E402

PAGES = (
    "/",
    "/?q=dataset+00042",
    "/?sort=title&page=50",
    "/?sort=records",
    "/rss.do",
    "/dcat",
    "/inventory/dataset",
    "/inventory/v2/dataset",
    "/sitemap.xml",
    "/resource?r=bench-00042",
)
EML = ROOT / "tests" / "data" / "eml" / "ntnu-lepidurus-arcticus-survey-2013.eml.xml"


def eml_template() -> bytes:
    """The real EML with placeholders for its title and packageId."""
    root = etree.fromstring(EML.read_bytes())
    root.set("packageId", "@PACKAGE@")
    root.find("dataset/title").text = "@TITLE@"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def write_emls(versions: list[Version]) -> None:
    template = eml_template()
    for version in versions:
        folder = resource_dir(version.resource)
        folder.mkdir(parents=True, exist_ok=True)
        eml = template.replace(b"@TITLE@", version.title.encode()).replace(
            b"@PACKAGE@", b"bench-%d/v1.0" % version.resource_id
        )
        (folder / version.eml_name).write_bytes(eml)


def populate(count: int) -> None:
    creator = User.objects.create_user(
        email="bench@example.org", password="x" * 12, role=Role.MANAGER
    )
    organisation = Organisation.objects.create(
        key="00000000-0000-0000-0000-000000000001", name="Benchmark society", token="t"
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
                organisation=organisation if n % 2 else None,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    resources = list(Resource.objects.order_by("pk"))
    ResourceMetadata.objects.bulk_create(
        (ResourceMetadata(resource=r) for r in resources), batch_size=2000
    )
    versions = Version.objects.bulk_create(
        (
            Version(
                resource=resource,
                major=1,
                minor=0,
                label="1.0",
                title="Benchmark dataset %05d" % n,
                records=n * 7,
                counts={"event.txt": n, "occurrence.txt": n * 7},
                visibility=Visibility.PUBLIC,
                eml_name="eml-1.0.xml",
                published_at=now - timezone.timedelta(minutes=n),
            )
            for n, resource in enumerate(resources)
        ),
        batch_size=2000,
    )
    write_emls(versions)


def _timed(client: Client, url: str) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response


def _queries(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        elapsed, _response = _timed(client, url)
    return elapsed, len(queries.captured_queries)


def measure(client: Client, url: str, runs: int, other: Resource) -> dict:
    cold, changed, warm = [], [], []
    for n in range(runs):
        cache.clear()
        elapsed, cold_queries = _queries(client, url)
        cold.append(elapsed)
        resource_update(resource=other, title="Edited %d" % n)  # another resource
        changed.append(_timed(client, url)[0])
        elapsed, warm_queries = _queries(client, url)
        warm.append(elapsed)
    return {
        "cold": statistics.median(cold) * 1000,
        "changed": statistics.median(changed) * 1000,
        "warm": statistics.median(warm) * 1000,
        "cold_queries": cold_queries,
        "warm_queries": warm_queries,
        "bytes": len(_timed(client, url)[1].content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest
    populate(args.resources)
    client = Client(HTTP_HOST="localhost")
    first = _timed(client, "/rss.do")[0]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print("%d public resources, %s, %s" % (args.resources, connection.vendor, backend))
    print("first /rss.do, rendering every version's entries: %.1f s" % first)
    print("%d runs each; median ms; queries cold/warm" % args.runs)
    other = Resource.objects.get(shortname="bench-00007")
    head = ("page", "cold ms", "changed ms", "warm ms", "queries", "bytes")
    print("%-24s %9s %10s %9s %8s %9s" % head)
    for url in PAGES:
        m = measure(client, url, args.runs, other)
        queries = "%d/%d" % (m["cold_queries"], m["warm_queries"])
        row = (url, m["cold"], m["changed"], m["warm"], queries, m["bytes"])
        print("%-24s %9.1f %10.1f %9.1f %8s %9d" % row)


if __name__ == "__main__":
    main()

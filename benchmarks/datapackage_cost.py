"""What the Darwin Core Data Package costs a publication: ``manage.py publish`` of the same
data with the DwC-DP on and off, in interleaved rounds.

    python benchmarks/generate_tsv.py --events 100000 --occurrences 1000000 --out /tmp/tsv1m
    python benchmarks/datapackage_cost.py --data /tmp/tsv1m --rounds 3

The throw-away installation is set up as publish.py does (event.tsv and occurrence.tsv added
as sources and auto-mapped: an Event core with an Occurrence extension). Each round publishes
once with the resource's "publish a Darwin Core Data Package" setting on and once with it off
(the order reversed every other round; the setting changed between the two, unmeasured), each
as a whole command: wall time, CPU seconds, the peak RSS of the largest process (``wait4``)
and the peak summed RSS of the process tree. Prints the medians, the differences, the
package's tables and size, and the load average before each round.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import publish  # noqa: E402

ROW_TYPES = {"event.tsv": publish.DWC + "Event", "occurrence.tsv": publish.DWC + "Occurrence"}


def setting_set(on: bool) -> None:
    """(Runs in a child process with the benchmark's environment.) Turn the resource's
    DwC-DP setting on or off."""
    import django

    django.setup()
    from resources.models import Resource
    from resources.services.publication.schedule import publication_settings_update

    resource = Resource.objects.get(shortname=publish.SHORTNAME)
    publication_settings_update(resource=resource, datapackage=on)


def package_size(env: dict[str, str]) -> int:
    """The size of the newest version's package (0: none)."""
    code = (
        "import django; django.setup();"
        "from resources.models import Version;"
        "print(Version.objects.order_by('-published_at').first().datapackage_size)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True
    ).stdout
    return int(out.decode().strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="event.tsv and occurrence.tsv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--setting-only", choices=("on", "off"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setting_only is not None:
        setting_set(args.setting_only == "on")
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="datapackage-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = publish.installation_create(work, args.data, ROW_TYPES)

    def setting(name: str) -> None:
        subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--setting-only", name],
            env=env,
            cwd=ROOT,
            check=True,
        )

    found: dict = {}

    def read_package(name: str) -> None:
        if name == "on":
            found["report"] = publish.latest_report(env, "datapackage", {})
            found["bytes"] = package_size(env)

    runs, loads, _last = publish.interleaved(
        [sys.executable, *publish.PUBLISH],
        {"on": env, "off": env},
        args.rounds,
        prepare=setting,
        after=read_package,
    )
    medians = publish.medians(runs)
    on, off = medians["on"], medians["off"]
    summary = {
        "median": medians,
        "extra_wall_s": round(on["wall_s"] - off["wall_s"], 2),
        "extra_wall_percent": round(100 * (on["wall_s"] / off["wall_s"] - 1), 1),
        "extra_cpu_s": round(on["cpu_s"] - off["cpu_s"], 2),
        "extra_max_rss_mb": round(on["max_rss_mb"] - off["max_rss_mb"], 1),
        "extra_tree_rss_mb": round(on["tree_rss_mb"] - off["tree_rss_mb"], 1),
        "package": found,
        "loads": loads,
        "rounds": runs,
    }
    publish.summary_out(summary, args.json)


if __name__ == "__main__":
    main()

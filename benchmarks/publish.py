"""Publish a generated sampling-event dataset through the real pipeline and measure it.

    python benchmarks/publish.py --events 100000 --occurrences 1000000

Steps: generate the CSVs (benchmarks/generate.py); in a throw-away DATA_DIR and SQLite
database, create a resource, add the three files as sources, auto-map them (Event core,
Occurrence, Extended MeasurementOrFact) and give it valid metadata; then time
``manage.py publish <shortname> --inline`` in its own process — the worker's code path (the
job executor and publication runner), without the broker round trip — and read its peak RSS
from the kernel. Finally, in the same run, time ``zip -6`` (and zlib level 6 in-process) on
the archive's own data files, the floor any archive writer compressing at level 6 has.

    python benchmarks/publish.py --events 20000 --occurrences 200000 --validate-rounds 3

With ``--validate-rounds N``, after that first publication, N rounds time ``manage.py
validate`` against ``manage.py publish`` of the same data (both ``--inline``), alternating
which goes first in each round so that neither always runs with a warmer cache. Each
command is measured whole: wall time, the peak RSS of its largest process (``wait4``, the
deflate child included) and the peak of the summed RSS of its process tree (sampled every
50 ms from ``/proc``). Prints the medians and every round.

For the scale runs (1M events, 10M or 100M occurrences, no MoF file) generate once and reuse
the data with ``--data``; ``--no-floor`` skips timing ``zip -6`` on the archive's files:

    python benchmarks/publish.py --data <folder> --no-mof --no-floor --workdir <folder>
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHORTNAME = "bench"
EMAIL = "bench@example.org"  # the commands act as this user (--user)
DWC = "http://rs.tdwg.org/dwc/terms/"
ROW_TYPES = {
    "event.csv": DWC + "Event",
    "occurrence.csv": DWC + "Occurrence",
    "mof.csv": "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact",
}
PUBLISH = ["manage.py", "publish", SHORTNAME, "--inline", "--json", "--user", EMAIL]


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "publisher.settings",
            "DATA_DIR": str(work / "var"),
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "CELERY_BROKER_URL": "memory://",
            "DEBUG": "false",
        }
    )
    return env


def setup(data: Path, row_types: dict[str, str] = ROW_TYPES) -> None:
    """(Runs in a child process with the benchmark's environment.) Create the resource from
    the files of ``data`` named in ``row_types``, each mapped to the extension of its row
    type."""
    import django

    django.setup()
    from catalogue.models import Extension
    from metadata.services.demo import demo_metadata_ensure
    from publisher.models import User
    from resources.services.mappings import mapping_create
    from resources.services.resources import resource_create
    from resources.services.sources import sources_ingest, staging_dir

    user = User.objects.create_user(email=EMAIL, password="bench-password-1", role="admin")
    resource = resource_create(
        shortname=SHORTNAME, creator=user, title="Benchmark sampling-event dataset"
    )
    folder = staging_dir()
    files = []
    for name in row_types:
        os.link(data / name, folder / name) if _same_fs(data, folder) else shutil.copy(
            data / name, folder / name
        )
        files.append({"path": str(folder / name), "filename": name})
    sources_ingest(resource=resource, staged={"folder": str(folder), "files": files})
    for name, row_type in row_types.items():
        mapping_create(
            resource=resource,
            source=resource.sources.get(filename=name),
            extension=Extension.objects.get(row_type=row_type),
        )
    demo_metadata_ensure(resource=resource, user=user)


PACKAGES = ("core", "publisher", "catalogue", "resources", "metadata", "workflows")


def installation_create(work: Path, data: Path, row_types: dict[str, str] = ROW_TYPES) -> dict:
    """Migrate a throw-away installation in ``work`` and add the resource (in a child
    process); the environment its commands run with."""
    env = _env(work)
    python = sys.executable
    # Compiled modules, as pip leaves an installed package (dwcahandler's) and as make
    # install and the Docker image leave this project: with PYTHONDONTWRITEBYTECODE set,
    # every command would otherwise compile the project's ~500 modules (~0.1 s) anew.
    subprocess.run([python, "-m", "compileall", "-q", *PACKAGES, "manage.py"], cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    print("adding sources, mappings and metadata", flush=True)
    subprocess.run(
        [python, __file__, "--setup-only", str(data), "--row-types", json.dumps(row_types)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    return env


def job_seconds(job: dict) -> float | None:
    """The seconds between a job's start and finish (``--json`` output of a command)."""
    if not (job.get("started_at") and job.get("finished_at")):
        return None
    started = datetime.fromisoformat(job["started_at"].replace("Z", "+00:00"))
    return (
        datetime.fromisoformat(job["finished_at"].replace("Z", "+00:00")) - started
    ).total_seconds()


def archive_path(work: Path, version: dict) -> Path:
    """The archive a publication (``version`` from ``publish --json``) wrote."""
    return work / "var" / "resources" / "1" / version.get("archive_name", "dwca-1.0.zip")


def _count_rows(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh) - 1


def _same_fs(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


def _run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a child process."""
    wall, rss, _tree, out, _cpu = run_tree_measured(cmd, env)
    return wall, rss, out


def _tree_rss_kb(pid: int) -> int:
    """The summed RSS (kB) of ``pid`` and all its descendants, now (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    stack.extend(int(child) for child in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue  # the process ended while we looked
    return total


def run_tree_measured(
    cmd: list[str],
    env: dict[str, str] | None,
    *,
    interval: float = 0.05,
    log: Path | None = None,
    cwd: Path = ROOT,
) -> tuple[float, float, float, str, float]:
    """Wall seconds, peak RSS of the largest process (MB, from ``wait4``: children it waited
    for included), peak summed RSS of the process tree (MB, sampled every ``interval``
    seconds), stdout and CPU seconds (user + system, from ``wait4``: of the process and the
    descendants waited for) of ``cmd`` run in ``cwd``. stderr goes to ``log`` (shown on
    failure), else nowhere."""
    err = open(log, "wb") if log else None  # noqa: SIM115 (closed below)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=err or subprocess.DEVNULL, cwd=cwd
    )
    peak = {"kb": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            peak["kb"] = max(peak["kb"], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read().decode()
    done.set()
    sampler.join()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if err:
        err.close()
    if os.waitstatus_to_exitcode(status) != 0:
        tail = log.read_text(errors="replace")[-4000:] if log else ""
        raise SystemExit(f"{' '.join(cmd)[:500]} failed:\n{out}\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, peak["kb"] / 1024, out, cpu


def latest_report(env: dict[str, str], key: str, default: object = None) -> object:
    """The section ``key`` of the newest version's report, read in a child process with the
    benchmark's environment."""
    code = (
        "import django, json, sys; django.setup();"
        "from resources.models import Version;"
        "v = Version.objects.order_by('-published_at').first();"
        "print(json.dumps(v.report.get(sys.argv[1], %r)))" % (default,)
    )
    out = subprocess.run(
        [sys.executable, "-c", code, key], env=env, cwd=ROOT, check=True, capture_output=True
    ).stdout
    return json.loads(out.decode().strip().splitlines()[-1])


def load_average(label: str) -> list[float]:
    """The load average now, printed with ``label``."""
    load = [round(x, 2) for x in os.getloadavg()]
    print(f"{label}: load average {load}", flush=True)
    return load


def interleaved(
    command: list[str],
    envs: dict[str, dict[str, str]],
    rounds: int,
    prepare: Callable[[str], None] | None = None,
    after: Callable[[str], None] | None = None,
) -> tuple[dict[str, list[dict]], list[list[float]], dict[str, dict]]:
    """Run ``command`` once per way (its environment in ``envs``) and round, the order of the
    ways reversed every other round, ``prepare(way)`` before each and ``after(way)`` after
    (both unmeasured). Gives per way
    every measurement (wall, CPU, largest process, process tree), the load before each round
    and at the end, and each way's last JSON output."""
    runs: dict[str, list[dict]] = {name: [] for name in envs}
    loads, last = [], {}
    for round_ in range(rounds):
        loads.append(load_average(f"round {round_ + 1}/{rounds}"))
        order = list(envs) if round_ % 2 == 0 else list(reversed(envs))
        for name in order:
            if prepare is not None:
                prepare(name)
            wall, rss, tree, out, cpu = run_tree_measured(command, envs[name])
            last[name] = json.loads(out)
            assert last[name]["ok"] is True, out
            runs[name].append(
                {
                    "wall_s": round(wall, 2),
                    "cpu_s": round(cpu, 2),
                    "tree_rss_mb": round(tree, 1),
                    "max_rss_mb": round(rss, 1),
                }
            )
            print(f"  {name}: {runs[name][-1]}", flush=True)
            if after is not None:
                after(name)
    loads.append(load_average("end"))
    return runs, loads, last


def summary_out(summary: dict, path: Path | None) -> None:
    """Print ``summary`` but its rounds; write all of it to ``path`` when given."""
    print(json.dumps({k: v for k, v in summary.items() if k != "rounds"}, indent=1))
    if path is not None:
        path.write_text(json.dumps(summary, indent=1))


def medians(runs: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    return {
        name: {k: round(statistics.median(r[k] for r in measured), 2) for k in measured[0]}
        for name, measured in runs.items()
        if measured
    }


def validate_vs_publish(env: dict[str, str], rounds: int) -> dict:
    """Time ``validate`` and ``publish`` of the same resource, interleaved, ``rounds`` times
    each (the order alternates per round); the medians and every measurement."""
    python = sys.executable
    commands = {
        name: [python, "manage.py", name, SHORTNAME, "--inline", "--json", "--user", EMAIL]
        for name in ("validate", "publish")
    }
    runs: dict[str, list[dict]] = {"validate": [], "publish": []}
    for round_ in range(rounds):
        order = ["validate", "publish"] if round_ % 2 == 0 else ["publish", "validate"]
        for name in order:
            print(f"round {round_ + 1}/{rounds}: {name}", flush=True)
            wall, rss, tree, out, _cpu = run_tree_measured(commands[name], env)
            assert json.loads(out)["ok"] is True, out
            runs[name].append(
                {
                    "wall_s": round(wall, 2),
                    "peak_rss_mb": round(rss, 1),
                    "tree_rss_mb": round(tree, 1),
                }
            )
    medians = {
        name: {
            key: round(statistics.median(r[key] for r in measured), 2)
            for key in ("wall_s", "peak_rss_mb", "tree_rss_mb")
        }
        for name, measured in runs.items()
    }
    return {
        "median": medians,
        "validate_over_publish_wall": round(
            medians["validate"]["wall_s"] / medians["publish"]["wall_s"], 3
        ),
        "rounds": runs,
    }


def compression_floor(archive: Path, scratch: Path) -> tuple[float, float, int]:
    """Seconds ``zip -6`` and zlib level 6 need for the archive's data files, and their size."""
    out = scratch / "unzipped"
    out.mkdir()
    with zipfile.ZipFile(archive) as zf:
        names = [n for n in zf.namelist() if n.endswith(".txt")]
        zf.extractall(out, names)
    size = sum((out / n).stat().st_size for n in names)
    zip_seconds = float("nan")
    if shutil.which("zip"):
        start = time.perf_counter()
        subprocess.run(["zip", "-q", "-6", str(scratch / "floor.zip"), *names], cwd=out, check=True)
        zip_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for name in names:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        with open(out / name, "rb") as fh:
            while chunk := fh.read(1 << 20):
                compressor.compress(chunk)
        compressor.flush()
    zlib_seconds = time.perf_counter() - start
    return zip_seconds, zlib_seconds, size


def _rounded(seconds: float) -> float | None:
    """Two decimals, or None for what was not measured (NaN)."""
    return round(seconds, 2) if seconds == seconds else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: a temp dir)")
    parser.add_argument("--data", type=Path, help="reuse the CSVs generate.py wrote here")
    parser.add_argument(
        "--validate-rounds",
        type=int,
        default=0,
        help="then time validate against publish, interleaved, this many rounds each",
    )
    parser.add_argument(
        "--no-mof", action="store_true", help="publish the events and occurrences only"
    )
    parser.add_argument(
        "--no-floor", action="store_true", help="skip timing zip -6 on the archive's files"
    )
    parser.add_argument("--setup-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--row-types", type=json.loads, default=ROW_TYPES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    row_types = {n: t for n, t in ROW_TYPES.items() if not (args.no_mof and n == "mof.csv")}
    if args.setup_only:
        setup(args.setup_only, args.row_types)
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="publish-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    from benchmarks.generate import generate

    if args.data:
        data = args.data
        rows = {name: _count_rows(data / name) for name in row_types}
    else:
        data = work / "data"
        print(
            f"generating {args.events} events, {args.occurrences} occurrences in {data}", flush=True
        )
        rows = generate(data, events=args.events, occurrences=args.occurrences)
        rows = {name: count for name, count in rows.items() if name in row_types}
    env = installation_create(work, data, row_types)
    print("publishing", flush=True)
    wall, rss, tree, out, _cpu = run_tree_measured([sys.executable, *PUBLISH], env)
    result = json.loads(out)
    version = result.get("version") or {}
    job = job_seconds(result.get("job") or {})
    archive = archive_path(work, version)
    zip_seconds = zlib_seconds = float("nan")  # not measured
    data_bytes = 0
    if not args.no_floor:
        zip_seconds, zlib_seconds, data_bytes = compression_floor(archive, work)
    total_rows = sum(rows.values())
    print(
        json.dumps(
            {
                "rows": rows,
                "records_per_file": version.get("counts"),
                "publish_wall_s": round(wall, 2),
                "job_s": job,
                "rows_per_s": round(total_rows / (job or wall)),
                "peak_rss_mb": round(rss, 1),
                "tree_rss_mb": round(tree, 1),
                "archive_mb": round(archive.stat().st_size / 2**20, 1),
                "data_files_mb": round(data_bytes / 2**20, 1) if data_bytes else None,
                "zip_6_s": _rounded(zip_seconds),
                "zlib_6_s": _rounded(zlib_seconds),
                "job_over_zip": _rounded((job or wall) / zip_seconds),
            },
            indent=2,
        )
    )
    if args.validate_rounds:
        print(json.dumps(validate_vs_publish(env, args.validate_rounds), indent=2))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

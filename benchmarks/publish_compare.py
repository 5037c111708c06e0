"""Time manage.py publish against zip -6, zip -1 and dwcahandler in interleaved rounds.

Whole commands, on the same data.

    python benchmarks/publish_compare.py --events 100000 --occurrences 1000000 --rounds 2
    python benchmarks/generate_tsv.py --events 100000 --occurrences 1000000 --out /tmp/tsv1m
    python benchmarks/publish_compare.py --data /tmp/tsv1m --rounds 3 --json /tmp/compare.json
    python benchmarks/publish_compare.py --generator csv --data /tmp/pb1m/data

The data comes from benchmarks/generate_tsv.py (``--generator tsv``, the default: event.tsv
and occurrence.tsv) or benchmarks/generate.py (``csv``: event.csv, occurrence.csv, mof.csv),
generated into the work folder or reused from ``--data``. The throw-away installation is set
up once as publish.py does (its ``installation_create``: the files added as sources,
auto-mapped, with valid metadata) and published once; the data files of that archive are
unzipped once. Then each round measures, in an order reversed every other round:

- ``project``: ``manage.py publish bench --inline --json``, a real publication every round
  (a manual publication always makes a new version; the script checks that it did);
- ``zip-6`` and ``zip-1``: ``zip -q -6`` / ``zip -q -1`` of the unzipped data files (the
  ``.txt`` members of the project's archive) into a fresh file;
- ``dwcahandler``: DwcaHandler.create_dwca (dwcahandler 1.1.5, its own venv, see
  dwcahandler_compare.py) building an archive from the same input files.

Each is measured as a whole command: wall time; CPU seconds (user + system from ``wait4``:
the process and every descendant it waited for, steadier than wall time on a shared
machine); the peak summed RSS of its process tree (VmRSS of the process and all its
descendants from ``/proc``, sampled every 25 ms: ``wait4`` leaves out the deflate child's
memory unless the parent waits for it); the ``wait4`` peak RSS of its largest process (which
has this script's own RSS as a floor: Linux keeps the high-water mark of the memory a child
was forked with, so read zip's from the tree column); the archive's size; and as "job" the
project's job (started_at to finished_at in its ``--json`` output) and dwcahandler's
create_dwca call. The load average is printed before each round and at the end: wall times
mean little on a busy machine. Prints a table of medians and min-max with the ratios;
``--json`` writes every measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import dwcahandler_compare as dwcah  # noqa: E402
from benchmarks import publish  # noqa: E402

TOOLS = ("project", "zip-6", "zip-1", "dwcahandler")
LAYOUTS = {"tsv": dwcah.TSV_LAYOUT, "csv": dwcah.CSV_LAYOUT}
ROW_TYPES = {"EVENT": publish.DWC + "Event", "OCCURRENCE": publish.DWC + "Occurrence"}
ROW_TYPES["EXTENDED_MEASUREMENT_OR_FACT"] = publish.ROW_TYPES["mof.csv"]
INTERVAL = 0.025  # seconds between RSS samples


def _generate(kind: str, out: Path, events: int, occurrences: int) -> None:
    if kind == "tsv":
        from benchmarks.generate_tsv import generate
    else:
        from benchmarks.generate import generate
    print(f"generating {events} events, {occurrences} occurrences ({kind}) in {out}", flush=True)
    generate(out, events=events, occurrences=occurrences)


def _mb(size: int) -> float:
    return round(size / 2**20, 1)


class Compare:
    """The commands of one comparison and their measurements."""

    def __init__(self, work: Path, data: Path, layout: tuple, venv: Path | None):
        self.work, self.data, self.layout = work, data, layout
        self.dwcah_python = dwcah.ensure_venv(venv) if venv else None
        row_types = {name: ROW_TYPES[kind] for name, kind, _keys in layout}
        self.env = publish.installation_create(work, data, row_types)
        self.labels: list[str] = []
        self.unzipped = work / "unzipped"
        self.runs: dict[str, list[dict]] = {tool: [] for tool in self.tools}

    @property
    def tools(self) -> tuple[str, ...]:
        return TOOLS if self.dwcah_python else TOOLS[:3]

    def first_publication(self) -> dict:
        """Publish once (not counted) and unzip the archive's data files for the zip runs."""
        print("first publication", flush=True)
        first = self.project()
        shutil.rmtree(self.unzipped, ignore_errors=True)
        self.unzipped.mkdir()
        with zipfile.ZipFile(first.pop("archive")) as zf:
            self.members = [n for n in zf.namelist() if n.endswith(".txt")]
            zf.extractall(self.unzipped, self.members)
        return first

    def project(self) -> dict:
        wall, rss, tree, out, cpu = publish.run_tree_measured(
            [sys.executable, *publish.PUBLISH], self.env, interval=INTERVAL
        )
        result = json.loads(out)
        version = result.get("version") or {}
        label = version.get("version")
        if not result.get("ok") or result["job"]["result"].get("skipped") or not label:
            raise SystemExit(f"the publication made no new version: {out[:2000]}")
        if label in self.labels:
            raise SystemExit(f"version {label} was published before")
        self.labels.append(label)
        archive = publish.archive_path(self.work, version)
        with zipfile.ZipFile(archive) as zf:
            data_bytes = sum(i.compress_size for i in zf.infolist() if i.filename.endswith(".txt"))
        return {
            "wall_s": wall,
            "cpu_s": cpu,
            "job_s": publish.job_seconds(result["job"]),
            "tree_rss_mb": tree,
            "wait4_rss_mb": rss,
            "archive_mb": _mb(archive.stat().st_size),
            "data_members_mb": _mb(data_bytes),
            "version": label,
            "records": version.get("records"),
            "archive": archive,
        }

    def zip(self, level: int) -> dict:
        output = self.work / f"zip-{level}.zip"
        output.unlink(missing_ok=True)
        cmd = ["zip", "-q", f"-{level}", str(output), *self.members]
        wall, rss, tree, _out, cpu = publish.run_tree_measured(
            cmd, None, interval=INTERVAL, cwd=self.unzipped
        )
        return {
            "wall_s": wall,
            "cpu_s": cpu,
            "tree_rss_mb": tree,
            "wait4_rss_mb": rss,
            "archive_mb": _mb(output.stat().st_size),
        }

    def dwcahandler(self) -> dict:
        output = self.work / "dwcahandler.zip"
        output.unlink(missing_ok=True)
        assert self.dwcah_python is not None
        cmd = dwcah.child_command(self.dwcah_python, self.data, output, layout=self.layout)
        wall, rss, tree, out, cpu = publish.run_tree_measured(
            cmd, None, interval=INTERVAL, log=self.work / "dwcahandler.log"
        )
        child = json.loads(out.strip().splitlines()[-1])
        return {
            "wall_s": wall,
            "cpu_s": cpu,
            "job_s": child["create_dwca_s"],  # the create_dwca call, imports left out
            "tree_rss_mb": tree,
            "wait4_rss_mb": rss,
            "archive_mb": _mb(output.stat().st_size),
        }

    def measure(self, tool: str) -> dict:
        if tool == "project":
            run = self.project()
            run.pop("archive")
            return run
        if tool == "dwcahandler":
            return self.dwcahandler()
        return self.zip(int(tool.split("-")[1]))

    def rounds(self, count: int) -> list[list[float]]:
        """Run ``count`` rounds; the load averages before each and at the end."""
        loads = []
        for round_ in range(count):
            order = self.tools if round_ % 2 == 0 else self.tools[::-1]
            loads.append(_load(f"round {round_ + 1}/{count}"))
            for tool in order:
                run = self.measure(tool)
                shown = {k: round(v, 2) if isinstance(v, float) else v for k, v in run.items()}
                print(f"  {tool}: {shown}", flush=True)
                self.runs[tool].append(shown)
        loads.append(_load("end"))
        return loads


def _load(when: str) -> list[float]:
    load = [round(x, 2) for x in os.getloadavg()]
    print(f"{when}: load average {load[0]} {load[1]} {load[2]}", flush=True)
    return load


def summary(runs: dict[str, list[dict]]) -> dict:
    """Median, min and max of each measurement of each tool, and the ratios."""
    stats: dict[str, dict] = {}
    for tool, measured in runs.items():
        stats[tool] = {}
        for key in ("wall_s", "cpu_s", "job_s", "tree_rss_mb", "wait4_rss_mb", "archive_mb"):
            values = [r[key] for r in measured if r.get(key) is not None]
            if values:
                stats[tool][key] = {
                    "median": round(statistics.median(values), 2),
                    "min": min(values),
                    "max": max(values),
                }

    def median(tool: str, key: str) -> float | None:
        return stats.get(tool, {}).get(key, {}).get("median")

    def ratio(a: float | None, b: float | None) -> float | None:
        return round(a / b, 2) if a and b else None

    return {
        "stats": stats,
        "ratios": {
            "project_over_zip6_wall": ratio(median("project", "wall_s"), median("zip-6", "wall_s")),
            "project_job_over_zip6_wall": ratio(
                median("project", "job_s"), median("zip-6", "wall_s")
            ),
            "project_over_zip6_cpu": ratio(median("project", "cpu_s"), median("zip-6", "cpu_s")),
            "project_over_zip1_wall": ratio(median("project", "wall_s"), median("zip-1", "wall_s")),
            "dwcahandler_over_project_wall": ratio(
                median("dwcahandler", "wall_s"), median("project", "wall_s")
            ),
            "dwcahandler_over_project_cpu": ratio(
                median("dwcahandler", "cpu_s"), median("project", "cpu_s")
            ),
            "project_over_zip6_archive": ratio(
                median("project", "archive_mb"), median("zip-6", "archive_mb")
            ),
        },
    }


def table(result: dict) -> str:
    """The summary as a plain-text table."""
    stats = result["stats"]

    def cell(tool: str, key: str) -> str:
        s = stats[tool].get(key)
        if not s:
            return "-"
        return f"{s['median']:.2f} ({s['min']:.2f}-{s['max']:.2f})"

    header = (
        f"{'tool':<12} {'wall s':<20} {'CPU s':<20} {'job s':<20} {'tree RSS MB':<24} "
        f"{'wait4 RSS MB':<24} archive MB"
    )
    lines = [header, "-" * len(header)]
    for tool in stats:
        lines.append(
            f"{tool:<12} {cell(tool, 'wall_s'):<20} {cell(tool, 'cpu_s'):<20} "
            f"{cell(tool, 'job_s'):<20} "
            f"{cell(tool, 'tree_rss_mb'):<24} {cell(tool, 'wait4_rss_mb'):<24} "
            f"{stats[tool]['archive_mb']['median']}"
        )
    lines.append("")
    lines.extend(f"{name}: {value}" for name, value in result["ratios"].items())
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences", type=int, default=1_000_000)
    parser.add_argument("--generator", choices=sorted(LAYOUTS), default="tsv")
    parser.add_argument("--data", type=Path, help="reuse the files the generator wrote here")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: a temp dir)")
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dwcahandler-venv",
        help="venv for dwcahandler, created if missing (default: %(default)s)",
    )
    parser.add_argument("--no-dwcahandler", action="store_true", help="leave dwcahandler out")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args()
    if not shutil.which("zip"):
        raise SystemExit("zip is not installed")
    layout = LAYOUTS[args.generator]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="publish-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    data = args.data.resolve() if args.data else work / "data"
    if not args.data:
        _generate(args.generator, data, args.events, args.occurrences)
    missing = [name for name, _kind, _keys in layout if not (data / name).exists()]
    if missing:
        raise SystemExit(f"{data} lacks {', '.join(missing)}")
    inputs = {name: _mb((data / name).stat().st_size) for name, _kind, _keys in layout}
    print(f"input (MB): {inputs}", flush=True)
    compare = Compare(work, data, layout, None if args.no_dwcahandler else args.venv)
    first = compare.first_publication()
    loads = compare.rounds(args.rounds)
    result = summary(compare.runs)
    print(table(result))
    report = {
        "generator": args.generator,
        "input_mb": inputs,
        "first_publication": {k: v for k, v in first.items() if k != "archive"},
        "load_averages": loads,
        **result,
        "rounds": compare.runs,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""What ``manage.py backup`` and ``restore`` cost on an installation holding a large
published resource, beside the naive copy they replace (``tar`` of ``DATA_DIR``, which is
not consistent while the instance writes: README, "Backups").

    python benchmarks/generate_tsv.py --events 100000 --occurrences 1000000 --out /tmp/tsv1m
    python benchmarks/backup_cost.py --data /tmp/tsv1m --rounds 3

The throw-away installation (SQLite, embedded broker) is set up as publish.py does and
published once. Each round then runs, interleaved (the order reversed every other round),
``manage.py backup`` and ``tar -cf`` of the same ``DATA_DIR``, and restores each into a new
folder: ``manage.py restore`` (checksums checked first) and ``tar -xf``. Each is a whole
command: wall time, CPU seconds, the peak RSS of the largest process and of the process
tree. Prints the medians, the sizes and the load average before each round.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import publish  # noqa: E402

ROW_TYPES = {"event.tsv": publish.DWC + "Event", "occurrence.tsv": publish.DWC + "Occurrence"}


def measured(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    wall, rss, tree, _out, cpu = publish.run_tree_measured(cmd, env)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "max_rss_mb": round(rss, 1),
        "tree_rss_mb": round(tree, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="event.tsv and occurrence.tsv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--json", type=Path, help="write every measurement here")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="backup-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = publish.installation_create(work, args.data, ROW_TYPES)
    subprocess.run([sys.executable, *publish.PUBLISH], env=env, cwd=ROOT, check=True)
    data_dir = Path(env["DATA_DIR"])
    python = sys.executable
    runs: dict[str, list[dict]] = {"backup": [], "tar": [], "restore": [], "untar": []}
    sizes: dict[str, int] = {}
    loads = []
    for round_ in range(args.rounds):
        loads.append(publish.load_average(f"round {round_ + 1}/{args.rounds}"))
        order = ["backup", "tar"] if round_ % 2 == 0 else ["tar", "backup"]
        for way in order:
            target = work / ("copy.%s" % way)
            target.unlink(missing_ok=True)
            if way == "backup":
                cmd = [python, "manage.py", "backup", str(target)]
            else:
                cmd = ["tar", "-cf", str(target), "-C", str(data_dir), "."]
            runs[way].append(measured(cmd, env))
            sizes[way] = target.stat().st_size
            print(f"  {way}: {runs[way][-1]}", flush=True)
        for way, back in (("restore", "backup"), ("untar", "tar")):
            fresh = work / ("fresh-%s" % way)
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir()
            target = work / ("copy.%s" % back)
            if way == "restore":
                fresh_env = dict(env, DATA_DIR=str(fresh))
                fresh_env["DATABASE_URL"] = "sqlite:///%s/db.sqlite3" % fresh
                # the same key, so that the stored secrets decrypt (README, "Backups")
                fresh_env["SECRET_KEY"] = (data_dir / "secret_key").read_text().strip()
                cmd = [python, "manage.py", "restore", str(target)]
            else:
                fresh_env, cmd = env, ["tar", "-xf", str(target), "-C", str(fresh)]
            runs[way].append(measured(cmd, fresh_env))
            print(f"  {way}: {runs[way][-1]}", flush=True)
    loads.append(publish.load_average("end"))
    summary = {
        "median": publish.medians(runs),
        "bytes": sizes,
        "data_dir_bytes": sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file()),
        "loads": loads,
        "rounds": runs,
    }
    publish.summary_out(summary, args.json)


if __name__ == "__main__":
    main()

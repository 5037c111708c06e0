"""Import a published archive and an exported resource folder again, and measure both.

    python benchmarks/import_speed.py --events 100000 --occurrences 1000000

Steps: run benchmarks/publish.py's set-up and publication (generated CSVs, Event core with
Occurrence and Extended MeasurementOrFact) in a throw-away DATA_DIR; then, each in its own
process, time and take the peak RSS of:
- ``manage.py resource_import dwca-1.0.zip --shortname fromdwca --inline`` (a Darwin Core
  Archive: unpack, add and analyse every data file, map from meta.xml, import the EML);
- ``manage.py resource_export bench`` (the folder zip: sources, mappings, metadata, version);
- ``manage.py resource_import bench.zip --shortname fromfolder --inline`` (that folder zip).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.publish import SHORTNAME, _env, _run_measured  # noqa: E402


def _step(name: str, cmd: list[str], env: dict) -> dict:
    wall, rss, out = _run_measured([sys.executable, "manage.py", *cmd, "--json"], env)
    body = json.loads(out)
    print("%s: %.2f s, %.0f MB" % (name, wall, rss), flush=True)
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(rss, 1), "result": body}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: a temp dir)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    from benchmarks.generate import generate

    rows = generate(work / "data", events=args.events, occurrences=args.occurrences)
    env = _env(work)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [python, str(ROOT / "benchmarks" / "publish.py"), "--setup-only", str(work / "data")],
        env=env,
        cwd=ROOT,
        check=True,
    )
    published = _step("publish", ["publish", SHORTNAME, "--inline"], env)
    archive = work / "var" / "resources" / "1" / "dwca-1.0.zip"
    results = {
        "rows": rows,
        "archive_mb": round(archive.stat().st_size / 2**20, 1),
        "publish": published,
    }
    results["import_dwca"] = _step(
        "import dwca", ["resource_import", str(archive), "--shortname", "fromdwca", "--inline"], env
    )
    folder = work / "bench.zip"
    results["export"] = _step("export", ["resource_export", SHORTNAME, "-o", str(folder)], env)
    results["import_folder"] = _step(
        "import folder",
        ["resource_import", str(folder), "--shortname", "fromfolder", "--inline"],
        env,
    )
    for key in ("publish", "import_dwca", "export", "import_folder"):
        results[key].pop("result")
    print(json.dumps(results, indent=2))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""What a sensitivity policy costs a publication: ``manage.py publish`` of the same data with
and without a policy, in interleaved rounds.

    python benchmarks/generate_tsv.py --events 100000 --occurrences 1000000 --out /tmp/tsv1m
    python benchmarks/sensitivity_cost.py --data /tmp/tsv1m --rounds 3 --fraction 0.01

The throw-away installation is set up as publish.py does (event.tsv and occurrence.tsv added
as sources and auto-mapped). The sensitive taxa are names of occurrence.tsv, taken in a
fixed random order until their records reach ``--fraction`` of the occurrences; the policy
generalises their coordinates to 0.1° (the default action). Each round publishes once with
the policy and once without (the order reversed every other round; the policy is set or
removed between the two, unmeasured; ``--separate-events`` moves the sensitive occurrences to
generated events instead), each as a whole command: wall time, CPU seconds, the
peak summed RSS of the process tree. Prints the medians, the difference, the policy's first
passes as the report gives them (rows read, seconds) and the load average before each round.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import publish  # noqa: E402

ROW_TYPES = {"event.tsv": publish.DWC + "Event", "occurrence.tsv": publish.DWC + "Occurrence"}


def sensitive_names(occurrences: Path, fraction: float) -> tuple[list[str], int, int]:
    """Names whose records together reach ``fraction`` of the rows; (names, their records,
    all records)."""
    with occurrences.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        at = next(reader).index("scientificName")
        counts = Counter(row[at] for row in reader)
    total = sum(counts.values())
    names = sorted(counts)
    random.Random(24).shuffle(names)
    chosen, covered = [], 0
    for name in names:
        if covered >= fraction * total:
            break
        chosen.append(name)
        covered += counts[name]
    return chosen, covered, total


def policy_set(names_file: str, separate: bool = False) -> None:
    """(Runs in a child process with the benchmark's environment.) Give the resource the
    policy naming the taxa of ``names_file`` (JSON), or remove it when the file is ""."""
    import django

    django.setup()
    from publisher.models import User
    from resources.models import Resource
    from resources.services.sensitivity import policy_delete, policy_update

    resource = Resource.objects.get(shortname=publish.SHORTNAME)
    user = User.objects.get(email=publish.EMAIL)
    if not names_file:
        policy_delete(resource=resource, user=user)
        return
    names = json.loads(Path(names_file).read_text())
    policy_update(
        resource=resource,
        user=user,
        data={
            "taxa": [{"name": n} for n in names],
            "default": {"kind": "coordinates", "grid": "0.1"},
            "separate_events": separate,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="event.tsv and occurrence.tsv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fraction", type=float, default=0.01)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument(
        "--separate-events",
        action="store_true",
        help="publish the sensitive occurrences under generated events",
    )
    parser.add_argument("--policy-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.policy_only is not None:
        policy_set(args.policy_only, args.separate_events)
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sensitivity-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    names, covered, total = sensitive_names(args.data / "occurrence.tsv", args.fraction)
    print(f"{len(names)} sensitive taxa: {covered} of {total} occurrences", flush=True)
    names_file = work / "names.json"
    names_file.write_text(json.dumps(names))
    env = publish.installation_create(work, args.data, ROW_TYPES)
    python = sys.executable

    def policy(on: bool) -> None:
        subprocess.run(
            [
                python,
                __file__,
                "--data",
                str(args.data),
                "--policy-only",
                str(names_file) if on else "",
                *(["--separate-events"] if args.separate_events else []),
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )

    command = [python, *publish.PUBLISH]
    report: dict = {}

    def read_report(name: str) -> None:
        if name == "policy":
            report.update(publish.latest_report(env, "sensitivity", {}))  # type: ignore[arg-type]

    runs, loads, _last = publish.interleaved(
        command,
        {"policy": env, "plain": env},
        args.rounds,
        prepare=lambda name: policy(name == "policy"),
        after=read_report,
    )
    medians = publish.medians(runs)
    summary = {
        "taxa": len(names),
        "sensitive_records": covered,
        "occurrences": total,
        "median": medians,
        "extra_wall_s": round(medians["policy"]["wall_s"] - medians["plain"]["wall_s"], 2),
        "extra_cpu_s": round(medians["policy"]["cpu_s"] - medians["plain"]["cpu_s"], 2),
        "first_passes": {k: report.get(k) for k in ("rows_read", "seconds")},
        "report": {k: v for k, v in report.items() if k != "taxa"},
        "loads": loads,
        "rounds": runs,
    }
    publish.summary_out(summary, args.json)


if __name__ == "__main__":
    main()

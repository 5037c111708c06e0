"""What deriving events from a flat table costs: ``manage.py publish`` of one flat table
split by the publication (parent sites, visits, occurrences) against the same data split
beforehand into event and occurrence files (what a publisher does by hand today), in
interleaved rounds.

    python benchmarks/derive_events.py --rows 10000000 --events 1000000 --rounds 1
    python benchmarks/derive_events.py --rows 1000000 --events 100000 --rounds 3

The flat table has ``--rows`` rows, one per species per visit: ``--events`` visits of
``--events / 10`` sites, in visit order (as a field sheet is typed; ``--shuffle`` mixes the
rows, the worst order for the first-row cache), with site, date, protocol, effort,
coordinates and locality repeated on each row. The split tables hold the same values. Each
round publishes both installations as whole commands: wall time, CPU seconds, the peak
summed RSS of the process tree and the peak RSS of its largest process. Prints the medians,
the load average before each round and the derived counts of the report.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import publish  # noqa: E402

FLAT = ["site", "eventDate", "samplingProtocol", "sampleSizeValue", "sampleSizeUnit"]
FLAT += ["decimalLatitude", "decimalLongitude", "locality", "countryCode"]
FLAT += ["scientificName", "individualCount", "basisOfRecord"]
SPECIES = ["Species %04d" % i for i in range(2000)]
SPLIT = {
    "key": ["site", "eventDate"],
    "parent_key": ["site"],
    "parent": {
        c: publish.DWC + t
        for c, t in {
            "site": "locationID",
            "decimalLatitude": "decimalLatitude",
            "decimalLongitude": "decimalLongitude",
            "locality": "locality",
            "countryCode": "countryCode",
        }.items()
    },
    "event": {
        c: publish.DWC + c
        for c in ("eventDate", "samplingProtocol", "sampleSizeValue", "sampleSizeUnit")
    },
    "occurrence": {
        c: publish.DWC + c for c in ("scientificName", "individualCount", "basisOfRecord")
    },
    "occurrence_id": "{site}:{eventDate}:{scientificName}",
}


def generate(folder: Path, rows: int, events: int, shuffle: bool) -> None:
    """flat.tsv, and event.tsv + occurrence.tsv holding the same data split."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(25)
    sites = max(1, events // 10)
    per_event = max(1, rows // events)
    places = []
    held: list[str] = []  # the flat rows, when they are shuffled
    with (
        (folder / "event.tsv").open("w") as ev,
        (folder / "occurrence.tsv").open("w") as occ,
        (folder / "flat.tsv").open("w") as flat,
    ):
        ev.write("eventID\tparentEventID\teventDate\tsamplingProtocol\tsampleSizeValue\t")
        ev.write("sampleSizeUnit\tlocationID\tdecimalLatitude\tdecimalLongitude\tlocality\t")
        ev.write("countryCode\n")
        occ.write("occurrenceID\teventID\tscientificName\tindividualCount\tbasisOfRecord\n")
        flat.write("\t".join(FLAT) + "\n")
        for site in range(sites):
            place = ("%.4f" % rng.uniform(40, 60), "%.4f" % rng.uniform(-10, 30))
            place += ("Site %d near the river" % site, "DE")
            places.append(place)
            ev.write("S%d\t\t\t\t\t\tS%d\t%s\n" % (site, site, "\t".join(place)))
        made = 0
        for event in range(events):
            site = event % sites
            date = "2024-%02d-%02d" % (1 + event // sites % 12, 1 + event // sites // 12 % 28)
            visit = (date, "pitfall trap, 48 h", "48", "hour")
            event_id = "S%d:%s" % (site, date)
            ev.write("%s\tS%d\t%s\t\t\t\t\t\n" % (event_id, site, "\t".join(visit)))
            count = per_event if event < events - 1 else rows - made
            lines = []
            for name in rng.sample(SPECIES, min(count, len(SPECIES))):
                number = str(rng.randint(1, 30))
                cells = ("S%d" % site, *visit, *places[site], name, number, "HumanObservation")
                lines.append("\t".join(cells) + "\n")
                occ.write(
                    "%s:%s\t%s\t%s\t%s\tHumanObservation\n"
                    % (event_id, name, event_id, name, number)
                )
            made += len(lines)
            if shuffle:
                held.extend(lines)
            else:
                flat.writelines(lines)
        if shuffle:
            rng.shuffle(held)
            flat.writelines(held)


def derive_setup() -> None:
    """(Runs in a child process with the benchmark's environment.) Map the flat source as
    events derived from it, with the benchmark's split."""
    import django

    django.setup()
    from resources.models import Resource
    from resources.services.derive import derive_apply, split_from

    resource = Resource.objects.get(shortname=publish.SHORTNAME)
    derive_apply(resource=resource, source=resource.sources.get(), split=split_from(SPLIT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shuffle", action="store_true", help="rows in random order")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--data", type=Path, help="the tables a run before generated (kept)")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--derive-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.derive_only:
        derive_setup()
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="derive-bench-"))
    data = args.data or work / "data"
    if args.data is None:
        print(f"generating {args.rows} rows, {args.events} events in {data}", flush=True)
        generate(data, args.rows, args.events, args.shuffle)
    envs = {
        "derived": publish.installation_create(
            work / "derived", data, {"flat.tsv": publish.DWC + "Occurrence"}
        ),
        "split": publish.installation_create(
            work / "split",
            data,
            {"event.tsv": publish.DWC + "Event", "occurrence.tsv": publish.DWC + "Occurrence"},
        ),
    }
    subprocess.run(
        [sys.executable, __file__, "--derive-only"], env=envs["derived"], cwd=ROOT, check=True
    )
    command = [sys.executable, *publish.PUBLISH]
    runs, loads, last = publish.interleaved(command, envs, args.rounds)
    counts = {
        name: out.get("counts") or out.get("version", {}).get("counts")
        for name, out in last.items()
    }
    summary = {
        "rows": args.rows,
        "events": args.events,
        "shuffled": args.shuffle,
        "flat_mb": round((data / "flat.tsv").stat().st_size / 1e6, 1),
        "median": publish.medians(runs),
        "counts": counts,
        "derived_events": publish.latest_report(envs["derived"], "derived_events", []),
        "loads": loads,
        "rounds": runs,
    }
    publish.summary_out(summary, args.json)


if __name__ == "__main__":
    main()

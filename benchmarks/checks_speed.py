"""Time the per-row publication checks (``resources.quality.rows.RowChecks.check``).

Builds realistic mapped rows for an Event core and an Occurrence extension: event dates
drawn from a few thousand (days, months, years, date-times and intervals, with matching
year/month/day), random coordinates, value/unit pairs, vocabulary terms and about 1 % of
rows with a problem. ``--rows`` distinct rows are made in untimed chunks and checked while
fresh, as the archive builder does. Time is CPU time of this process (steadier than wall
time on a shared machine); the average per row of the fastest run is printed:

    .venv/bin/python benchmarks/checks_speed.py --rows 1000000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resources.dwca.model import ArchiveFile  # noqa: E402
from resources.quality.rows import DWC, EVENT, OCCURRENCE, RowChecks  # noqa: E402

Timing = tuple[float, float]  # µs/row of check and of check_cells
CHUNK = 256  # rows made, then checked: the builder checks a row right after making it
STATUS = ("present", "absent")
UNITS = ("square metre", "minute", "trap night", "litre")


def event_dates(rng: random.Random, count: int) -> list[tuple[str, str, str, str]]:
    """(eventDate, year, month, day) combinations as publishers write them."""
    out = []
    start = date(1990, 1, 1)
    for _ in range(count):
        day = start + timedelta(days=rng.randrange(12_000))
        kind = rng.random()
        if kind < 0.6:
            out.append((day.isoformat(), str(day.year), str(day.month), str(day.day)))
        elif kind < 0.75:
            out.append(
                (
                    day.isoformat() + "T%02d:%02d:00Z" % (rng.randrange(24), rng.randrange(60)),
                    str(day.year),
                    str(day.month),
                    str(day.day),
                )
            )
        elif kind < 0.9:
            end = day + timedelta(days=rng.randrange(1, 20))
            out.append(("%s/%s" % (day.isoformat(), end.isoformat()), str(day.year), "", ""))
        else:
            out.append((day.isoformat()[:7], str(day.year), str(day.month), ""))
    return out


def terms(**values: str) -> dict[str, str]:
    """A mapped row: values by Darwin Core term URI."""
    return {DWC + name: value for name, value in values.items()}


def random_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def event_row(rng: random.Random, dates: list, parents: list[str]) -> dict[str, str]:
    event_date, year, month, day = rng.choice(dates)
    return terms(
        eventID=random_id(rng),
        parentEventID=rng.choice(parents) if rng.random() < 0.3 else "",
        eventDate=event_date,
        year=year,
        month=month,
        day=day,
        samplingProtocol="Pitfall trap",
        sampleSizeValue=str(rng.randint(1, 50)),
        sampleSizeUnit=rng.choice(UNITS) if rng.random() >= 0.01 else "",
        decimalLatitude="%.5f" % rng.uniform(-60, 70),
        decimalLongitude="%.5f" % rng.uniform(-180, 180),
        locality="Site 12",
        countryCode="DK",
    )


def occurrence_row(rng: random.Random) -> dict[str, str]:
    count = rng.randint(0, 30)
    return terms(
        occurrenceID=random_id(rng),
        basisOfRecord="HumanObservation",
        scientificName="Aus bus Smith, 1900",
        kingdom="Animalia",
        individualCount=str(count),
        organismQuantity=str(count),
        organismQuantityType="individuals",
        occurrenceStatus=STATUS[count == 0] if rng.random() >= 0.01 else "presnt",
        recordedBy="Ana Silva",
    )


def time_checks(file: ArchiveFile, make: Callable[[], dict[str, str]], rows: int) -> Timing:
    """Average CPU microseconds per row of ``check`` (values by term) and ``check_cells``
    (values in term order, as ``Mapper.cells`` yields them) over ``rows`` distinct rows,
    made in untimed chunks and checked while fresh, as the archive builder does."""
    by_term, by_position = RowChecks(file), RowChecks(file)
    spent, flagged, done = [0.0, 0.0], [0, 0], 0
    while done < rows:
        chunk = [make() for _ in range(min(CHUNK, rows - done))]
        cells = [tuple(values[term] for term in file.terms) for values in chunk]
        for n, (check, inputs) in enumerate(
            ((by_term.check, chunk), (by_position.check_cells, cells))
        ):
            began = time.process_time()
            flagged[n] += sum(1 for values in inputs if check(values))  # type: ignore[arg-type]
            spent[n] += time.process_time() - began
        done += len(chunk)
    print(
        "  %d rows, %d flagged; CPU: %.2f s check, %.2f s check_cells" % (rows, flagged[0], *spent)
    )
    return spent[0] / rows * 1e6, spent[1] / rows * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest counts")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - reproducible data, not secrets
    dates = event_dates(rng, 3_000)
    parents = [random_id(rng) for _ in range(2_000)]
    event = ArchiveFile(
        EVENT,
        "event.txt",
        list(event_row(rng, dates, parents)),
        [],
        core=True,
        vocabularies={DWC + "countryCode": frozenset({"dk", "se", "no"})},
        required=frozenset({DWC + "eventID", DWC + "eventDate"}),
    )
    occurrence = ArchiveFile(
        OCCURRENCE,
        "occurrence.txt",
        list(occurrence_row(rng)),
        [],
        vocabularies={DWC + "occurrenceStatus": frozenset(STATUS)},
        required=frozenset({DWC + "scientificName"}),
    )
    makers = (
        ("event core", event, lambda: event_row(rng, dates, parents)),
        ("occurrence extension", occurrence, lambda: occurrence_row(rng)),
    )
    for name, file, make in makers:
        print("%s: %d checks active" % (name, len(RowChecks(file).active)))
        runs = [time_checks(file, make, args.rows) for _ in range(args.repeat)]
        print(
            "  µs/row, fastest of %d runs: check %.3f, check_cells %.3f"
            % (len(runs), min(r[0] for r in runs), min(r[1] for r in runs))
        )


if __name__ == "__main__":
    main()

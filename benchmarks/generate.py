"""Generate a high-entropy sampling-event dataset as three CSV files.

event.csv (13 columns, UUID ids, a third of the events children of another), occurrence.csv
(11 columns, ~20 000 taxon names) and mof.csv (3 measurements per event). Deterministic for
a given seed. Used by ``publish.py``; runnable alone:

    python benchmarks/generate.py --events 100000 --occurrences 1000000 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import csv
import random
import uuid
from pathlib import Path

SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ne",
    "su",
    "ra",
    "te",
    "vo",
    "xi",
    "pu",
    "gra",
    "stro",
    "phy",
    "lla",
    "cus",
    "ae",
    "um",
    "is",
    "ops",
    "ella",
    "ides",
    "ina",
    "osa",
)
PROTOCOLS = (
    "Pitfall trap",
    "Transect walk",
    "Point count",
    "Sweep net",
    "Light trap",
    "Camera trap",
    "Quadrat 1 m2",
    "Kick sample",
    "Mist net",
    "eDNA water sample",
)
RECORDERS = [
    f"{g} {s}"
    for g in ("Ana", "Bo", "Chen", "Dana", "Emil", "Fatou", "Gus", "Hana")
    for s in ("Moreau", "Silva", "Okafor", "Larsen", "Ito", "Novak", "Reyes")
]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def taxon_names(rng: random.Random, count: int = 20_000) -> list[tuple[str, str, str]]:
    """``count`` (scientificName, family, kingdom) triples."""
    families = [_word(rng, 3).capitalize() + "idae" for _ in range(600)]
    names = []
    for _ in range(count):
        genus = _word(rng, 3).capitalize()
        names.append(
            (
                f"{genus} {_word(rng, 3)} {_word(rng, 2).capitalize()}, {rng.randint(1758, 2024)}",
                rng.choice(families),
                rng.choice(("Animalia", "Plantae", "Fungi")),
            )
        )
    return names


EVENT_COLUMNS = [
    "eventID",
    "parentEventID",
    "eventDate",
    "year",
    "month",
    "day",
    "samplingProtocol",
    "sampleSizeValue",
    "sampleSizeUnit",
    "decimalLatitude",
    "decimalLongitude",
    "locality",
    "countryCode",
]
OCCURRENCE_COLUMNS = [
    "occurrenceID",
    "eventID",
    "basisOfRecord",
    "scientificName",
    "kingdom",
    "family",
    "individualCount",
    "organismQuantity",
    "organismQuantityType",
    "occurrenceStatus",
    "recordedBy",
]
MOF_COLUMNS = ["eventID", "measurementID", "measurementType", "measurementValue", "measurementUnit"]


def generate(out: Path, *, events: int, occurrences: int, seed: int = 42) -> dict[str, int]:
    """Write the three files into ``out``; returns rows per file."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(events)]
    taxa = taxon_names(rng)
    with open(out / "event.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(EVENT_COLUMNS)
        for i, event_id in enumerate(ids):
            parent = ids[rng.randrange(i)] if i and rng.random() < 0.3 else ""
            year, month, day = rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)
            writer.writerow(
                [
                    event_id,
                    parent,
                    f"{year}-{month:02d}-{day:02d}",
                    year,
                    month,
                    day,
                    rng.choice(PROTOCOLS),
                    rng.randint(1, 500),
                    "square metre",
                    f"{rng.uniform(-60, 75):.5f}",
                    f"{rng.uniform(-180, 180):.5f}",
                    f"{_word(rng, 2).capitalize()} {rng.choice(('creek', 'ridge', 'marsh'))} "
                    f"{rng.randint(1, 999)}, {_word(rng, 3).capitalize()}",
                    rng.choice(("NO", "DK", "BE", "CO", "GL")),
                ]
            )
    with open(out / "occurrence.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(OCCURRENCE_COLUMNS)
        for _ in range(occurrences):
            name, family, kingdom = rng.choice(taxa)
            count = rng.randint(0, 40)
            writer.writerow(
                [
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    rng.choice(ids),
                    "HumanObservation",
                    name,
                    kingdom,
                    family,
                    count,
                    count,
                    "individuals",
                    "present" if count else "absent",
                    rng.choice(RECORDERS),
                ]
            )
    with open(out / "mof.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(MOF_COLUMNS)
        for event_id in ids:
            for kind, unit, low, high in (
                ("water temperature", "°C", -2, 30),
                ("pH", "", 4, 9),
                ("depth", "m", 0, 40),
            ):
                writer.writerow(
                    [
                        event_id,
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        kind,
                        f"{rng.uniform(low, high):.2f}",
                        unit,
                    ]
                )
    return {"event.csv": events, "occurrence.csv": occurrences, "mof.csv": 3 * events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.out, events=args.events, occurrences=args.occurrences, seed=args.seed))


if __name__ == "__main__":
    main()

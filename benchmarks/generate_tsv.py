"""Generate a field-export-like sampling-event dataset as two TSV files (event, occurrence).

Independent of ``generate.py``, on purpose: a second kind of data.

    python benchmarks/generate_tsv.py --events 100000 --occurrences 1000000 --out /tmp/tsv1m

event.tsv and occurrence.tsv, tab-separated with Darwin Core term names as headers (so the
project's auto-mapping and dwcahandler both take them as they are). The data is built to
compress and deduplicate badly, unlike tidy generated data:

- a three-level hierarchy through parentEventID: sites (a date range over a season, eventType
  Survey) -> visits (a time interval ``2019-05-03T08:15/2019-05-03T11:40`` or a single day,
  SiteVisit) -> samples (a date, a date-time or a short interval, Sample); every occurrence
  belongs to a sample or, now and then, straight to a visit;
- UUID ids for sites and visits, random 64-bit hex ids for samples and occurrences, drawn in
  no order;
- coordinates with 5 or 6 decimals jittered around each site, several protocols, efforts,
  habitats, sample sizes and units, country codes, remarks of varying length;
- thousands of scientific names with authorship built from syllables, under a generated
  kingdom..genus classification, at species, subspecies, genus and family rank;
- recordedBy with one to three names joined by `` | ``, present and absent occurrences with
  individualCount and organismQuantity/Type.

About 170 bytes an occurrence row and 200 an event row: 100 000 events and 1 000 000
occurrences make 188 MB (180 MiB), written in about 10 s.
Deterministic for a given seed (the ``random`` module, seeded); written in batches of lines.
"""

from __future__ import annotations

import argparse
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

EVENT_COLUMNS = (
    "eventID",
    "parentEventID",
    "eventType",
    "eventDate",
    "year",
    "month",
    "day",
    "samplingProtocol",
    "sampleSizeValue",
    "sampleSizeUnit",
    "samplingEffort",
    "habitat",
    "locality",
    "countryCode",
    "decimalLatitude",
    "decimalLongitude",
    "coordinateUncertaintyInMeters",
    "eventRemarks",
)
OCCURRENCE_COLUMNS = (
    "occurrenceID",
    "eventID",
    "basisOfRecord",
    "occurrenceStatus",
    "individualCount",
    "organismQuantity",
    "organismQuantityType",
    "scientificName",
    "taxonRank",
    "kingdom",
    "phylum",
    "class",
    "order",
    "family",
    "genus",
    "recordedBy",
    "occurrenceRemarks",
)
# Lower-case consonant-vowel syllables and Latin endings: names come out pronounceable and
# varied, like real ones.
ONSETS = ("b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "ph", "tr")
VOWELS = ("a", "e", "i", "o", "u", "y", "ae", "ei")
ENDINGS = ("us", "a", "um", "is", "ella", "ina", "ops", "ax", "odes", "ia")
AUTHORS = (
    "L.",
    "Linnaeus",
    "Fabricius",
    "Müller",
    "Say",
    "Walker",
    "Meigen",
    "Schrank",
    "Kirby",
    "Latreille",
    "Thunb.",
    "DC.",
    "Pers.",
    "Fr.",
    "Nees",
    "Ehrenb.",
    "Bory",
    "Hübner",
    "Westwood",
    "O.F. Müll.",
)
KINGDOMS = ("Animalia", "Plantae", "Fungi", "Chromista")
SITES_PER_COUNTRY = {  # country code: (latitude range, longitude range)
    "NO": ((58.0, 71.0), (5.0, 30.0)),
    "SE": ((55.5, 68.0), (11.5, 23.0)),
    "DK": ((54.6, 57.7), (8.1, 12.6)),
    "FI": ((60.0, 69.5), (21.0, 31.0)),
    "CO": ((-4.0, 12.0), (-78.0, -67.0)),
    "PE": ((-18.0, 0.0), (-81.0, -69.0)),
    "KE": ((-4.5, 4.5), (34.0, 41.5)),
    "AU": ((-38.0, -12.0), (115.0, 150.0)),
    "CA": ((43.0, 68.0), (-135.0, -60.0)),
    "BE": ((49.6, 51.4), (2.6, 6.3)),
}
PROTOCOLS = (
    "pitfall trap",
    "transect walk",
    "point count 10 min",
    "sweep net, 50 sweeps",
    "light trap (MV 125 W)",
    "camera trap",
    "vegetation quadrat",
    "kick sample",
    "mist net",
    "eDNA water filtration",
    "Malaise trap",
    "soil core 10 cm",
)
SIZE_UNITS = ("square metre", "metre", "litre", "hour", "trap-nights", "hectare")
EFFORTS = ("1 observer", "2 observers", "3 traps", "5 traps x 7 days", "40 min", "2 h", "1 day")
HABITATS = (
    "boreal forest",
    "mixed deciduous woodland",
    "wet meadow",
    "raised bog",
    "alpine heath",
    "coastal dune",
    "river margin",
    "paramo grassland",
    "cloud forest",
    "savanna",
    "agricultural field edge",
    "urban park",
)
QUANTITY_TYPES = ("individuals", "% biomass", "Braun-Blanquet Scale", "% coverage")
BRAUN_BLANQUET = ("r", "+", "1", "2", "3", "4", "5")
BASES = ("HumanObservation", "MachineObservation", "MaterialSample", "PreservedSpecimen")
WORDS = (
    "cloudy",
    "wind",
    "rain",
    "overnight",
    "trap",
    "damaged",
    "flooded",
    "partly",
    "recheck",
    "identification",
    "uncertain",
    "photo",
    "voucher",
    "kept",
    "juvenile",
    "near",
    "edge",
    "track",
    "grazed",
    "recently",
    "burnt",
)
BATCH = 20_000  # lines per write


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))


def _names(rng: random.Random, count: int, syllables: tuple[int, int], suffix: str) -> list[str]:
    """``count`` distinct capitalised names ending in ``suffix``."""
    names: set[str] = set()
    while len(names) < count:
        names.add((_word(rng, rng.randint(*syllables)) + suffix).capitalize())
    return sorted(names)


def _authorship(rng: random.Random) -> str:
    first = rng.choice(AUTHORS)
    author = f"{first} & {rng.choice(AUTHORS)}" if rng.random() < 0.15 else first
    text = f"{author}, {rng.randint(1758, 2023)}" if rng.random() < 0.7 else author
    return f"({text})" if rng.random() < 0.3 else text


def taxa(rng: random.Random, species: int = 12_000) -> list[tuple[str, ...]]:
    """``species`` names and a quarter as many at other ranks, each with its classification:
    (scientificName, taxonRank, kingdom, phylum, class, order, family, genus)."""
    parent: dict[str, str] = {}  # a name of each rank -> the name of the rank above it
    phyla = _names(rng, 24, (1, 2), "a")
    parent.update((name, rng.choice(KINGDOMS)) for name in phyla)
    classes = _names(rng, 90, (2, 2), "a")
    parent.update((name, rng.choice(phyla)) for name in classes)
    orders = _names(rng, 400, (2, 2), "ales")
    parent.update((name, rng.choice(classes)) for name in orders)
    families = _names(rng, 1600, (2, 2), "idae")
    parent.update((name, rng.choice(orders)) for name in families)
    genera = _names(rng, max(species // 3, 10), (2, 3), "")
    parent.update((name, rng.choice(families)) for name in genera)
    rows: list[tuple[str, ...]] = []
    for index in range(species + species // 4):
        genus = genera[index % len(genera)]
        family = parent[genus]
        order = parent[family]
        klass = parent[order]
        phylum = parent[klass]
        roll = rng.random()
        if roll < 0.8:
            name, rank = f"{genus} {_word(rng, rng.randint(2, 3))}", "species"
            if roll < 0.05:
                name, rank = f"{name} {_word(rng, 3)}", "subspecies"
        elif roll < 0.95:
            name, rank = genus, "genus"
        else:
            name, rank = family, "family"
        rows.append(
            (
                f"{name} {_authorship(rng)}",
                rank,
                parent[phylum],
                phylum,
                klass,
                order,
                family,
                genus,
            )
        )
    return rows


def _people(rng: random.Random, count: int = 300) -> list[str]:
    """Recorders, written as field exports do: ``Surname, I.`` or ``Given Surname``."""
    people = []
    for _ in range(count):
        surname = _word(rng, 2).capitalize()
        given = _word(rng, 1).capitalize()
        people.append(f"{surname}, {given[0]}." if rng.random() < 0.7 else f"{given} {surname}")
    return people


def _remark(rng: random.Random, empty: float, most: int) -> str:
    if rng.random() < empty:
        return ""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, most))).capitalize()


def _write(path: Path, columns: tuple[str, ...], rows: Iterator[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(columns) + "\n")
        batch: list[str] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                fh.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            fh.write("\n".join(batch) + "\n")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class _Site:
    id: str
    code: str
    lat: float
    lon: float
    year: int
    months: tuple[int, int]
    habitat: str
    locality: str


class _Events:
    """The event rows and the ids occurrences link to (samples, and visits)."""

    def __init__(self, rng: random.Random, count: int):
        self.rng = rng
        self.sites = max(count // 25, 1)
        self.visits = max(count // 5, 1)
        self.samples = max(count - self.sites - self.visits, 0)
        self.visit_ids: list[str] = []
        self.sample_ids: list[str] = []

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def rows(self) -> Iterator[str]:
        rng = self.rng
        countries = list(SITES_PER_COUNTRY)
        sites: list[_Site] = []
        for _ in range(self.sites):
            code = rng.choice(countries)
            (lat0, lat1), (lon0, lon1) = SITES_PER_COUNTRY[code]
            year, start = rng.randint(2005, 2025), rng.randint(3, 6)
            end = start + rng.randint(1, 4)
            kind = rng.choice(("creek", "ridge", "marsh", "bog", "plot"))
            place = f"{_word(rng, 2).capitalize()} {kind}"
            site = _Site(
                id=self._uuid(),
                code=code,
                lat=rng.uniform(lat0, lat1),
                lon=rng.uniform(lon0, lon1),
                year=year,
                months=(start, end),
                habitat=rng.choice(HABITATS),
                locality=f"{place} {rng.randint(1, 99)}, {_word(rng, 3).capitalize()}",
            )
            sites.append(site)
            yield "\t".join(
                (
                    site.id,
                    "",
                    "Survey",
                    f"{year}-{start:02d}-01/{year}-{end:02d}-28",
                    str(year),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    site.habitat,
                    site.locality,
                    code,
                    f"{site.lat:.5f}",
                    f"{site.lon:.5f}",
                    str(rng.choice((100, 250, 1000, 5000))),
                    _remark(rng, 0.5, 12),
                )
            )
        visits: list[tuple[str, _Site, str, int, int]] = []
        for _ in range(self.visits):
            site = rng.choice(sites)
            visit_id = self._uuid()
            self.visit_ids.append(visit_id)
            year = site.year
            month = rng.randint(*site.months)
            day = rng.randint(1, 26)
            date = f"{year}-{month:02d}-{day:02d}"
            roll = rng.random()
            if roll < 0.6:
                start = rng.randint(5 * 60, 20 * 60)
                event_date = f"{date}T{_hhmm(start)}/{date}T{_hhmm(start + rng.randint(20, 230))}"
                day_text = str(day)
            elif roll < 0.7:
                event_date = f"{date}/{year}-{month:02d}-{day + rng.randint(1, 2):02d}"
                day_text = ""
            else:
                event_date, day_text = date, str(day)
            visits.append((visit_id, site, date, month, day))
            protocol = rng.choice(PROTOCOLS)
            yield "\t".join(
                (
                    visit_id,
                    site.id,
                    "SiteVisit",
                    event_date,
                    str(year),
                    str(month),
                    day_text,
                    protocol,
                    "",
                    "",
                    rng.choice(EFFORTS),
                    site.habitat,
                    site.locality,
                    site.code,
                    f"{site.lat:.5f}",
                    f"{site.lon:.5f}",
                    str(rng.choice((10, 30, 50, 100, 250))),
                    _remark(rng, 0.6, 10),
                )
            )
        for _ in range(self.samples):
            visit_id, site, date, month, day = rng.choice(visits)
            sample_id = f"{rng.getrandbits(64):016x}"
            self.sample_ids.append(sample_id)
            roll = rng.random()
            minute = rng.randint(5 * 60, 22 * 60)
            if roll < 0.5:
                event_date = f"{date}T{_hhmm(minute)}"
            elif roll < 0.7:
                event_date = f"{date}T{_hhmm(minute)}/{date}T{_hhmm(minute + rng.randint(5, 90))}"
            else:
                event_date = date
            unit = rng.choice(SIZE_UNITS)
            size = rng.randint(1, 500) if rng.random() < 0.7 else round(rng.uniform(0.1, 50), 2)
            yield "\t".join(
                (
                    sample_id,
                    visit_id,
                    "Sample",
                    event_date,
                    str(site.year),
                    str(month),
                    str(day),
                    rng.choice(PROTOCOLS),
                    str(size),
                    unit,
                    rng.choice(EFFORTS) if rng.random() < 0.5 else "",
                    site.habitat,
                    site.locality,
                    site.code,
                    f"{site.lat + rng.uniform(-0.01, 0.01):.6f}",
                    f"{site.lon + rng.uniform(-0.01, 0.01):.6f}",
                    str(rng.randint(1, 60)),
                    _remark(rng, 0.8, 8),
                )
            )


def _occurrences(rng: random.Random, count: int, events: _Events) -> Iterator[str]:
    names = ["\t".join(row) for row in taxa(rng)]
    people = _people(rng)
    samples, visits = events.sample_ids or events.visit_ids, events.visit_ids
    random_ = rng.random
    for _ in range(count):
        event_id = (
            samples[int(random_() * len(samples))] if random_() < 0.93 else rng.choice(visits)
        )
        roll = random_()
        basis = BASES[0] if roll < 0.7 else BASES[1 + int(random_() * 3)]
        status, count_text, quantity, kind = "absent", "0", "", ""
        if random_() < 0.85:
            status, number, roll = "present", str(rng.randint(1, 60)), random_()
            if roll < 0.6:  # a count alone
                count_text = number
            elif roll < 0.8:  # a count given twice, as field forms do
                count_text, quantity, kind = number, number, QUANTITY_TYPES[0]
            else:  # a cover or biomass value, no count
                kind = rng.choice(QUANTITY_TYPES[1:])
                braun, count_text = kind.startswith("Braun"), ""
                quantity = rng.choice(BRAUN_BLANQUET) if braun else f"{random_() * 100:.1f}"
        recorders = " | ".join(rng.sample(people, 1 + int(random_() ** 3 * 3)))
        yield (
            f"{rng.getrandbits(64):016x}\t{event_id}\t{basis}\t{status}\t{count_text}\t"
            f"{quantity}\t{kind}\t{names[int(random_() * len(names))]}\t{recorders}\t"
            f"{_remark(rng, 0.93, 6)}"
        )


def generate(out: Path, *, events: int, occurrences: int, seed: int = 7) -> dict[str, int]:
    """Write event.tsv and occurrence.tsv into ``out``; returns the rows per file."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    built = _Events(rng, events)
    _write(out / "event.tsv", EVENT_COLUMNS, built.rows())
    _write(out / "occurrence.tsv", OCCURRENCE_COLUMNS, _occurrences(rng, occurrences, built))
    return {"event.tsv": built.sites + built.visits + built.samples, "occurrence.tsv": occurrences}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.out, events=args.events, occurrences=args.occurrences, seed=args.seed))


if __name__ == "__main__":
    main()

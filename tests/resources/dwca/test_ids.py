"""Id sets beyond the in-memory bound: sorted runs on disk, merged, give the same answers as
the sets held in memory."""

from __future__ import annotations

import numpy as np
import pytest

from resources.dwca.ids import IdCollector, SortedIds, Spill, distinct, vanished

BOUND = 1000


def _hashes(seed: int, count: int, *, pool: int) -> np.ndarray:
    """``count`` hashes drawn from ``pool`` distinct ones (so some repeat, in any run), the
    first and the largest 64-bit values among them."""
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 2**64 - 1, size=pool, dtype=np.uint64, endpoint=True)
    values[:2] = (0, 2**64 - 1)
    return values[rng.integers(0, pool, size=count)]


def _collect(hashes: np.ndarray, spill: Spill | None, **kwargs) -> IdCollector:
    collector = IdCollector(spill, **kwargs)
    for start in range(0, len(hashes), 97):  # chunks of rows, a checkpoint after each
        for value in hashes[start : start + 97].tolist():
            collector.append(value)
        collector.checkpoint()
    return collector


@pytest.fixture
def spill(tmp_path):
    return Spill(tmp_path / "spill", bound=BOUND)


@pytest.mark.parametrize(("count", "pool"), [(0, 2), (1, 2), (999, 5000), (9_500, 7_000)])
def test_a_spilled_set_has_the_same_duplicates_as_in_memory(spill, count, pool):
    hashes = _hashes(count, count, pool=pool)
    memory = _collect(hashes, None).finish()
    collector = _collect(hashes, spill)
    assert len(collector) == count
    assert collector.spilled is (count > BOUND)
    merged = collector.finish()

    assert merged.on_file is (count > BOUND)
    assert len(merged) == len(memory) == count
    np.testing.assert_array_equal(merged.hashes, memory.hashes)
    np.testing.assert_array_equal(merged.duplicates, memory.duplicates)
    assert merged.duplicate_rows == memory.duplicate_rows
    assert distinct(merged) == len(np.unique(hashes))


def test_repeats_across_runs_are_counted_once_per_repeat(spill):
    hashes = np.tile(np.arange(1, 601, dtype=np.uint64), 5)  # 600 ids, each in several runs
    merged = _collect(hashes, spill).finish()
    assert merged.on_file
    assert merged.duplicate_rows == 2400
    np.testing.assert_array_equal(merged.duplicates, np.arange(1, 601, dtype=np.uint64))


def test_the_duplicates_kept_are_capped_but_not_their_count(tmp_path):
    hashes = np.repeat(np.arange(1, 2001, dtype=np.uint64), 2)
    merged = _collect(hashes, Spill(tmp_path, bound=BOUND, duplicates_cap=150)).finish()
    assert merged.duplicate_rows == 2000
    np.testing.assert_array_equal(merged.duplicates, np.arange(1, 151, dtype=np.uint64))


def test_contains_on_disk_answers_as_in_memory(spill):
    hashes = _hashes(7, 20_000, pool=15_000)
    memory = _collect(hashes, None).finish()
    merged = _collect(hashes, spill).finish()
    assert merged.on_file
    queries = np.concatenate(
        [_hashes(8, 6000, pool=6000), hashes[::3], np.array([0, 2**64 - 1], dtype=np.uint64)]
    )
    found = merged.contains(queries)
    np.testing.assert_array_equal(found, memory.contains(queries))
    assert found.any() and not found.all()


def test_save_on_disk_writes_the_same_npy_and_load_reads_it(spill, tmp_path):
    hashes = _hashes(3, 4321, pool=4000)
    memory = _collect(hashes, None).finish()
    merged = _collect(hashes, spill).finish()
    memory.save(tmp_path / "memory.npy")
    merged.save(tmp_path / "spilled.npy")
    assert (tmp_path / "spilled.npy").read_bytes() == (tmp_path / "memory.npy").read_bytes()
    loaded = SortedIds.load(tmp_path / "spilled.npy")
    assert loaded.on_file
    np.testing.assert_array_equal(loaded.hashes, np.load(tmp_path / "memory.npy"))
    np.testing.assert_array_equal(loaded.contains(hashes), np.ones(len(hashes), dtype=bool))


@pytest.mark.parametrize("previous_count", [0, 3, 2500, 12_000])
def test_vanished_by_streaming_merge_counts_as_a_set_difference(spill, tmp_path, previous_count):
    previous = _hashes(11, previous_count, pool=max(previous_count, 2))
    current = np.concatenate([previous[: previous_count // 2], _hashes(12, 5000, pool=5000)])
    _collect(previous, spill).finish().save(tmp_path / "previous.npy")
    expected = len(set(previous.tolist()) - set(current.tolist()))

    loaded = SortedIds.load(tmp_path / "previous.npy")
    assert vanished(loaded, _collect(current, spill).finish()) == expected
    assert vanished(loaded, _collect(current, None).finish()) == expected


def test_runs_are_deleted_after_finish_and_the_merged_set_on_close(spill):
    collector = _collect(_hashes(5, 3500, pool=3000), spill)
    assert len(list(spill.directory.glob("*.run"))) == 3
    merged = collector.finish()
    assert [p.suffix for p in spill.directory.iterdir()] == [".ids"]
    merged.close()
    assert not list(spill.directory.iterdir())


def test_close_deletes_the_runs_of_an_unfinished_collector(spill):
    collector = _collect(_hashes(5, 3500, pool=3000), spill, keep_order=True)
    assert list(spill.directory.iterdir())
    collector.close()
    assert not list(spill.directory.iterdir())


def test_in_order_of_a_spilled_collector_reads_its_order_file(spill):
    hashes = _hashes(9, 2600, pool=2000)
    ordered = _collect(hashes, spill, keep_order=True)
    assert ordered.spilled
    np.testing.assert_array_equal(ordered.in_order(), hashes)
    unordered = _collect(hashes, spill)
    with pytest.raises(RuntimeError, match="keep_order"):
        unordered.in_order()


DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT_TERMS = [DWC + "eventID", DWC + "parentEventID", DWC + "eventDate"]
OCCURRENCE_TERMS = [DWC + "occurrenceID", DWC + "basisOfRecord", DWC + "scientificName"]


def _dataset(events: int, occurrences: int, *, seed: int) -> list:
    """An Event core and an Occurrence extension with every cross-row problem: repeated and
    case-differing ids, unknown and looping parents, orphans, missing occurrenceIDs."""
    from resources.dwca.model import ArchiveFile, Part

    rng = np.random.default_rng(seed)
    event_rows = []
    for i in range(events):
        event_id = f"e{i}" if i % 400 else f"e{i // 2}"  # a few repeated ids
        event_id = f"E{i - 1}" if i % 333 == 5 else event_id  # and case variants
        parent = f"e{rng.integers(0, events)}" if i % 3 == 0 else ""
        parent = "nowhere" if i % 701 == 0 else parent
        event_rows.append((i + 2, event_id, (event_id, parent, "2020-05-01")))
    occurrence_rows = []
    for i in range(occurrences):
        core = f"e{rng.integers(0, events + 20)}"  # some orphans
        occ = f"o{rng.integers(0, occurrences * 2)}" if i % 50 else ""
        occ = occ.upper() if i % 97 == 1 else occ
        occurrence_rows.append((i + 2, core, (occ, "HumanObservation", "Puma concolor")))
    return [
        ArchiveFile(
            DWC + "Event",
            "event.txt",
            EVENT_TERMS,
            [Part("events.csv", lambda: iter(event_rows))],
            core=True,
        ),
        ArchiveFile(
            DWC + "Occurrence",
            "occurrence.txt",
            OCCURRENCE_TERMS,
            [Part("occ.csv", lambda: iter(occurrence_rows))],
        ),
    ]


def _publish(workdir, files, **options):
    from resources.dwca.build import build_archive
    from resources.dwca.model import BuildOptions

    return build_archive(
        workdir=workdir,
        files=files,
        eml=b"<?xml version='1.0' encoding='UTF-8'?><eml/>",
        options=BuildOptions(**options),
        progress=lambda phase, done, total: None,
    )


@pytest.mark.parametrize("drop_orphans", [False, True])
def test_a_build_that_spills_reports_as_one_in_memory(tmp_path, drop_orphans):
    import gzip

    previous = _publish(tmp_path / "v1", _dataset(2000, 6000, seed=1))
    results = {}
    for name, bound in (("memory", 10**9), ("spilled", 300)):
        results[name] = _publish(
            tmp_path / name,
            _dataset(2500, 9000, seed=2),
            drop_orphans=drop_orphans,
            ids_in_memory=bound,
            previous_ids=previous.ids,
            previous_archive=previous.archive,
            previous_counts=previous.counts,
        )
        assert not (tmp_path / name / "ids-spill").exists()
    memory, spilled = results["memory"], results["spilled"]
    checks = {c["check"] for c in memory.report["checks"] if c["count"]}
    assert {
        "core-id-duplicate",
        "core-id-case-duplicate",
        "parent-event-unknown",
        "occurrence-id-duplicate",
        "occurrence-id-case-duplicate",
        "occurrence-id-vanished",
        "orphan-row-dropped" if drop_orphans else "orphan-row",
    } <= checks
    assert spilled.report == memory.report
    assert spilled.ok == memory.ok and spilled.counts == memory.counts
    assert spilled.ids.read_bytes() == memory.ids.read_bytes()
    with gzip.open(spilled.flagged) as got, gzip.open(memory.flagged) as expected:
        assert got.read() == expected.read()

"""The test suite needs nothing outside the repository: its reference data is in tests/data.

Three checks, each with a test showing it can fail:

- no code or test script names the old reference-data folder beside the checkout;
- every path a test module builds from the data constants (``TEST_DATA / "eml" / ...``) exists;
- the file list of tests/data/PROVENANCE.md names exactly the files under tests/data.

The parametrised tests that glob the data ("every archive under datasets/") would quietly
shrink if a folder went missing, so the dataset folders they iterate are pinned here too.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from tests.conftest import EXTENSIONS, ROOT, TEST_DATA, VOCABULARIES

# Built from pieces so that this file does not match its own patterns.
_SHARED = "shared"
OUTSIDE = re.compile(
    r"\.\./" + _SHARED + r"\b"  # a path beside the checkout
    r"|" + _SHARED + r"/data\b"  # the old data folder spelt as one string
    r"""|["']""" + _SHARED + r"""["']\s*/\s*["']data["']"""  # ... or joined with /
)
SCANNED = ("tests", "publisher", "resources", "metadata", "benchmarks", "examples")
SCRIPTS = ("Makefile", ".ci/run")
# The archives the dataset tests iterate over, by kind (a lost folder must fail a test).
DATASETS = {
    "event": [
        "exotic-mosquito-surveillance-belgium",
        "formica-veg-releve",
        "ipt-test-event",
        "lepidurus-arcticus-ne-greenland-2013",
        "mgnify-MGYS00002488",
        "nsbs-north-sea-benthos-survey",
        "sib-aves-humedales-bogota",
        "synthetic-ala-event-hierarchy-dr18391",
        "vertnet-ipt-event-test",
    ],
    "occurrence": ["canadensys-megachile-chomskyi", "modirisk-monitoring-2"],
    "extension-samples": ["humboldt-broke-west-fish"],
    "source-templates": ["ipt-excel-templates"],
}


def outside_references(root: Path = ROOT) -> list[str]:
    """``file:line`` of every mention of the old data folder in code, tests and CI scripts."""
    files = [p for top in SCANNED for p in sorted((root / top).rglob("*.py"))]
    files += [root / name for name in SCRIPTS if (root / name).is_file()]
    found = []
    for path in files:
        if ".venv" in path.parts or (root / "tests" / "data") in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append("%s:%d" % (path.relative_to(root), number))
    return found


def _joined(node: ast.expr, constants: dict[str, object]) -> Path | None:
    """The path ``NAME / "a" / "b"`` stands for, when NAME is a data path constant."""
    parts = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
            return None
        parts.append(node.right.value)
        node = node.left
    if not isinstance(node, ast.Name) or not node.id.isupper():
        return None
    base = constants.get(node.id)
    if not isinstance(base, Path) or not base.is_relative_to(TEST_DATA):
        return None
    return base.joinpath(*reversed(parts))


def _paths_in(value: object) -> list[Path]:
    """Paths under tests/data held by a module constant (also inside lists and tuples)."""
    if isinstance(value, Path):
        return [value] if value.is_relative_to(TEST_DATA) else []
    if isinstance(value, (list, tuple)):
        return [p for item in value for p in _paths_in(item)]
    return []


def missing_data_paths(module_name: str) -> list[str]:
    """Paths under tests/data that ``module_name`` names, as constants or joined with /,
    which do not exist."""
    module = importlib.import_module(module_name)
    constants = vars(module)
    paths = [p for name, value in constants.items() if name.isupper() for p in _paths_in(value)]
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    inner = {
        id(node.left)
        for node in ast.walk(tree)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and id(node) not in inner:  # whole joins only
            path = _joined(node, constants)
            if path is not None:
                paths.append(path)
    return sorted({str(p.relative_to(TEST_DATA)) for p in paths if not p.exists()})


def modules_under_tests() -> list[str]:
    """Every test module, conftest and helper under tests/, as importable names."""
    names = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if (ROOT / "tests" / "data") in path.parents:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def provenance_mismatches(data: Path = TEST_DATA) -> list[str]:
    """Differences between the files under ``data`` and the file list of its PROVENANCE.md:
    "unlisted: PATH" for a file the list lacks, "absent: PATH" for a listed file not there."""
    provenance = (data / "PROVENANCE.md").read_text(encoding="utf-8")
    listing = provenance.partition("\n## File list\n")[2]
    listed = set(re.findall(r"^\| `([^`]+)` \|", listing, flags=re.MULTILINE))
    present = {
        p.relative_to(data).as_posix()
        for p in data.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.md"
    }
    return sorted(
        ["unlisted: " + p for p in present - listed] + ["absent: " + p for p in listed - present]
    )


def test_nothing_names_the_data_folder_beside_the_checkout():
    assert outside_references() == []


def test_the_check_finds_a_mention_of_the_folder_beside_the_checkout(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(
        'DATA = ROOT.parent / "%s" / "data"\n' % _SHARED, encoding="utf-8"
    )
    (tmp_path / "Makefile").write_text("test:\n\tls ../%s/data\n" % _SHARED, encoding="utf-8")
    assert outside_references(tmp_path) == ["tests/conftest.py:1", "Makefile:2"]


def test_the_data_constants_point_into_the_repository():
    assert TEST_DATA == ROOT / "tests" / "data"
    assert EXTENSIONS.is_relative_to(TEST_DATA) and VOCABULARIES.is_relative_to(TEST_DATA)
    assert EXTENSIONS.is_dir() and VOCABULARIES.is_dir()


@pytest.mark.parametrize("module_name", modules_under_tests())
def test_every_data_path_a_test_names_exists(module_name):
    assert missing_data_paths(module_name) == []


def test_the_check_finds_a_data_path_that_does_not_exist(tmp_path, monkeypatch):
    (tmp_path / "fake_data_module.py").write_text(
        "from tests.conftest import TEST_DATA\n"
        'GONE = TEST_DATA / "eml" / "no-such.eml.xml"\n'
        "def use():\n"
        '    return TEST_DATA / "datasets" / "nowhere" / "meta.xml"\n',
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert missing_data_paths("fake_data_module") == [
        "datasets/nowhere/meta.xml",
        "eml/no-such.eml.xml",
    ]


@pytest.mark.parametrize("kind", sorted(DATASETS))
def test_the_datasets_the_tests_iterate_are_all_there(kind):
    folders = sorted(p.name for p in (TEST_DATA / "datasets" / kind).iterdir() if p.is_dir())
    assert folders == DATASETS[kind]


def test_every_data_file_has_its_provenance():
    assert provenance_mismatches() == []


def test_the_check_finds_a_data_file_missing_from_the_provenance(tmp_path):
    (tmp_path / "eml").mkdir()
    (tmp_path / "eml" / "a.xml").write_text("<a/>")
    (tmp_path / "eml" / "b.xml").write_text("<b/>")
    (tmp_path / "PROVENANCE.md").write_text(
        "| `eml/a.xml` | not the list |\n\n## File list\n\n| file | bytes |\n|---|---|\n"
        "| `eml/b.xml` | 4 |\n| `eml/c.xml` | 4 |\n"
    )
    assert provenance_mismatches(tmp_path) == ["absent: eml/c.xml", "unlisted: eml/a.xml"]

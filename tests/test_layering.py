"""Django-free library packages must import no django, rest_framework or celery.

A package declares itself Django-free with ``DJANGO_FREE = True`` in its ``__init__.py``
(see STYLE.md: extension catalogue, DwC-A reader/writer, mapping engine, EML library).
Each one is imported in a fresh interpreter that refuses the forbidden packages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("django", "rest_framework", "celery")
APPS = ("publisher", "resources", "metadata")

GUARD = """
import importlib.abc, sys
FORBIDDEN = {forbidden!r}
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in FORBIDDEN:
            raise ImportError("Django-free package imported " + name)
sys.meta_path.insert(0, Refuse())
import pkgutil, importlib
pkg = importlib.import_module({package!r})
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
"""


def django_free_packages(root: Path = ROOT) -> list[str]:
    found = []
    for app in APPS:
        for init in sorted((root / app).rglob("__init__.py")):
            if "DJANGO_FREE = True" in init.read_text(encoding="utf-8"):
                found.append(".".join(init.parent.relative_to(root).parts))
    return found


def import_isolated(package: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    code = GUARD.format(forbidden=FORBIDDEN, package=package)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("package", django_free_packages() or ["<none yet>"])
def test_django_free_package_imports_no_framework(package):
    if package == "<none yet>":
        pytest.skip("no Django-free package declared yet")
    result = import_isolated(package)
    assert result.returncode == 0, result.stderr


def test_guard_catches_a_package_that_imports_django(tmp_path):
    pkg = tmp_path / "publisher" / "badlib"
    pkg.mkdir(parents=True)
    (tmp_path / "publisher" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("DJANGO_FREE = True\n")
    (pkg / "helpers.py").write_text("from django.conf import settings\n")
    assert django_free_packages(tmp_path) == ["publisher.badlib"]
    result = import_isolated("publisher.badlib", cwd=tmp_path)
    assert result.returncode != 0
    assert "Django-free package imported django" in result.stderr


def test_guard_accepts_a_clean_package(tmp_path):
    pkg = tmp_path / "metadata" / "cleanlib"
    pkg.mkdir(parents=True)
    (tmp_path / "metadata" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("DJANGO_FREE = True\nimport json\n")
    result = import_isolated("metadata.cleanlib", cwd=tmp_path)
    assert result.returncode == 0, result.stderr

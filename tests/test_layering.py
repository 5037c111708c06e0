"""The architecture's rules, enforced (CONTRIBUTING.md, "Layers").

1. Django-free library packages import no django, rest_framework or celery. A package declares
   itself Django-free with ``DJANGO_FREE = True`` in its ``__init__.py``; each one is imported
   in a fresh interpreter that refuses the forbidden packages.

2. Dependencies between the apps point one way::

    core  <-  publisher's base (users, organisations, installation settings), catalogue
          <-  resources, metadata  <-  GBIF registration  <-  workflows
          <-  pages, API, commands (of any app)

Every ``import`` in the apps is read from the source, including those inside functions (a
cycle closed by a late import is still a cycle). Each rule below is checked twice: on the
tree, and on a small tree made to break it, so a rule that cannot fail is caught too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("django", "rest_framework", "celery")
APPS = ("core", "publisher", "catalogue", "resources", "metadata", "workflows")

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


def strict_modules(pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """The modules ``[tool.mypy]`` checks with the flags of ``--strict``."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["mypy"]
    return {
        module
        for override in config.get("overrides", [])
        if override.get("disallow_untyped_defs")
        for module in override["module"]
    }


def test_mypy_checks_every_django_free_package_strictly():
    strict = strict_modules()
    missing = [p for p in django_free_packages() if {p, p + ".*"} - strict]
    assert missing == []


def test_strict_list_check_catches_a_missing_package(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.mypy]\n[[tool.mypy.overrides]]\nmodule = ["a", "a.*"]\n'
        "disallow_untyped_defs = true\n"
    )
    assert strict_modules(pyproject) == {"a", "a.*"}
    assert "core.xmlsafe" not in strict_modules(pyproject)


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


# --- app dependency rules ------------------------------------------------------------------
# What resources, metadata and catalogue may use of publisher: the installation side that
# does not know resources (accounts, organisations, installation settings, and the client of
# GBIF's registry that organisations are checked with).
PUBLISHER_BASE = (
    "publisher.error_codes",
    "publisher.models",
    "publisher.registry",
    "publisher.services.registry_calls",
    "publisher.selectors",
    "publisher.services.users",
    "publisher.services.organisations",
    "publisher.services.installation",
    "publisher.services.notifications",
)
# GBIF registration: on top of resources; nothing below it imports it.
REGISTRATION = (
    "publisher.services.registration",
    "publisher.selectors_registration",
    "publisher.jobs",
    "publisher.forms_registry",
)
# Modules that present: pages, API, commands, template tags, URL confs. Only these may call
# the workflows layer, and no module may import another app's presentation.
PRESENTATION_PARTS = {"views", "api", "management", "templatetags", "urls"}


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (the longest prefix that is a module of the tree)
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_imports(root: Path = ROOT) -> list[Import]:
    """Every import between modules of the apps under ``root`` (migrations left out)."""
    files = {
        module_name(p, root): p
        for app in APPS
        if (root / app).is_dir()
        for p in (root / app).rglob("*.py")
        if "migrations" not in p.parts
    }
    found = []
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, package, files):
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.append(Import(name, target, node.lineno))
    return found


def _targets(node: ast.AST, package: str, modules: dict[str, Path]) -> list[str]:
    """What ``node`` imports: for ``from pkg import name``, the module ``pkg.name`` when there
    is one (the package itself is not what is used), else ``pkg``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        names = ["%s.%s" % (base, alias.name) for alias in node.names]
        return [name if name in modules else base for name in names]
    return []


def app(module: str) -> str:
    return module.split(".")[0]


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def presents(module: str) -> bool:
    return any(p in PRESENTATION_PARTS or p.startswith("forms") for p in module.split(".")[1:])


# --- the rules: each returns the imports that break it ----------------------------------------


def core_imports_no_app(imports: list[Import]) -> list[Import]:
    return [i for i in imports if app(i.source) == "core" and app(i.target) != "core"]


def catalogue_imports_only_core(imports: list[Import]) -> list[Import]:
    return [
        i
        for i in imports
        if app(i.source) == "catalogue" and app(i.target) not in ("core", "catalogue")
    ]


def publisher_base_imports_only_core(imports: list[Import]) -> list[Import]:
    return [
        i
        for i in imports
        if within(i.source, PUBLISHER_BASE)
        and not (app(i.target) == "core" or within(i.target, PUBLISHER_BASE))
    ]


def lower_apps_use_only_publisher_base(imports: list[Import]) -> list[Import]:
    """resources, metadata and catalogue use publisher's base only: never registration,
    its pages, API, commands or settings."""
    return [
        i
        for i in imports
        if app(i.source) in ("resources", "metadata", "catalogue")
        and app(i.target) == "publisher"
        and not within(i.target, PUBLISHER_BASE)
    ]


def nothing_below_registration_imports_it(imports: list[Import]) -> list[Import]:
    return [
        i
        for i in imports
        if app(i.source) in ("core", "catalogue", "resources", "metadata")
        and within(i.target, REGISTRATION)
    ]


def only_presentation_calls_workflows(imports: list[Import]) -> list[Import]:
    return [
        i
        for i in imports
        if app(i.target) == "workflows" and app(i.source) != "workflows" and not presents(i.source)
    ]


def no_app_imports_another_apps_presentation(imports: list[Import]) -> list[Import]:
    """Pages of one app do not borrow helpers from another app's pages (core.views holds the
    shared ones; a public selector of another app is fine). The project's URL conf and API
    root include the apps' URL confs."""
    allowed = {"publisher.urls", "publisher.api.urls"}
    return [
        i
        for i in imports
        if app(i.source) != app(i.target)
        and app(i.target) != "core"
        and presents(i.target)
        and i.source not in allowed
        and not (i.target.endswith(".urls") and i.source in allowed)
    ]


def cross_app_cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of modules of more than one app that import each other in a ring."""
    graph: dict[str, set[str]] = defaultdict(set)
    for i in imports:
        graph[i.source].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    rings: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            ring = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                ring.append(w)
                if w == v:
                    break
            if len({app(m) for m in ring}) > 1:
                rings.append(sorted(ring))

    for v in list(graph):
        if v not in index:
            visit(v)
    return rings


RULES = [
    core_imports_no_app,
    catalogue_imports_only_core,
    publisher_base_imports_only_core,
    lower_apps_use_only_publisher_base,
    nothing_below_registration_imports_it,
    only_presentation_calls_workflows,
    no_app_imports_another_apps_presentation,
]


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return read_imports()


def test_the_tree_has_imports_to_check(imports):
    edges = {(app(i.source), app(i.target)) for i in imports}
    assert ("resources", "core") in edges and ("workflows", "resources") in edges


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_the_apps_keep_the_rule(imports, rule):
    broken = ["%s:%d imports %s" % (i.source, i.line, i.target) for i in rule(imports)]
    assert broken == [], rule.__doc__ or rule.__name__


def test_no_ring_of_imports_spans_two_apps(imports):
    assert cross_app_cycles(imports) == []


# --- each rule fails on a tree that breaks it --------------------------------------------------

BREAKERS = {
    "core_imports_no_app": ("core/helpers.py", "from resources.models import Resource\n"),
    "catalogue_imports_only_core": ("catalogue/store.py", "import metadata.eml\n"),
    "publisher_base_imports_only_core": ("publisher/models/x.py", "from resources import models\n"),
    "lower_apps_use_only_publisher_base": ("metadata/services.py", "import publisher.cli\n"),
    "nothing_below_registration_imports_it": (
        "resources/services/run.py",
        "def f():\n    from publisher.services.registration import queue\n",
    ),
    "only_presentation_calls_workflows": (
        "resources/services/run.py",
        "from workflows.resources import resource_delete\n",
    ),
    "no_app_imports_another_apps_presentation": (
        "metadata/views/editor.py",
        "from resources.views.resources import resource_or_404\n",
    ),
}
SKELETON = [
    "core/models.py",
    "publisher/cli.py",
    "publisher/models/__init__.py",
    "publisher/services/registration/__init__.py",
    "resources/models.py",
    "resources/views/resources.py",
    "metadata/eml/__init__.py",
    "workflows/resources.py",
]


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for rel in SKELETON:
        files.setdefault(rel, "")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        for parent in path.relative_to(root).parents:
            if parent != Path("."):
                (root / parent / "__init__.py").touch()
    return root


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_each_rule_catches_a_tree_that_breaks_it(tmp_path, rule):
    rel, text = BREAKERS[rule.__name__]
    imports = read_imports(make_tree(tmp_path, {rel: text}))
    assert rule(imports) != []


def test_a_late_import_that_closes_a_ring_is_caught(tmp_path):
    tree = make_tree(
        tmp_path,
        {
            "resources/services.py": "def f():\n    from publisher.services import registration\n",
            "publisher/services/registration/__init__.py": "from resources import services\n",
        },
    )
    rings = cross_app_cycles(read_imports(tree))
    assert rings == [["publisher.services.registration", "resources.services"]]

"""Every package of the project is compiled where it is installed: by ``make install``, by
the Docker image and by the publication benchmark (which compares against a pip-installed,
compiled tool). A package left out is compiled again at every start of every command when
PYTHONDONTWRITEBYTECODE is set, as it is in the image."""

from __future__ import annotations

import re
import tomllib

from benchmarks.publish import PACKAGES
from tests.conftest import ROOT


def _project_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = config["tool"]["setuptools"]["packages"]["find"]["include"]
    return {name.rstrip("*") for name in found}


def test_make_install_the_image_and_the_benchmark_compile_every_package():
    packages = _project_packages()
    assert {"core", "resources", "workflows"} <= packages
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^PACKAGES := (.+)$", makefile, re.M)
    assert listed is not None and set(listed.group(1).split()) == packages
    assert "compileall -q $(PACKAGES) manage.py" in makefile
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    line = re.search(r"python -m compileall -q (.+)$", dockerfile, re.M)
    assert line is not None and set(line.group(1).split()) == packages | {"manage.py"}
    assert set(PACKAGES) == packages

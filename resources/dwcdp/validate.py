"""Validate a DwC-DP zip with frictionless, offline.

frictionless (the Frictionless Data project's own validator) checks the descriptor against
the package's profile, which it fetches by URL with ``$ref``s to the Data Package schema, and
the rows against each table schema. Here every URL it asks for is answered from the copies
shipped in ``schemas/`` (``schemas.local_copy``) and any other is refused, so validation needs
no network and cannot be made to fetch anything.

Rows are read from the zip a table at a time, up to ``rows`` per table (the builder's own
checks have seen every row: keys by their hashes, typed values one by one). Primary and
foreign keys, which frictionless checks in memory, are left to the builder unless ``keys``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import requests

from .schemas import local_copy

ROWS = 1_000  # rows per table frictionless reads when publishing (the builder sees all)
KEY_ERRORS = ("primary-key", "foreign-key")


class _Offline(requests.adapters.BaseAdapter):
    """Answers the profile's URLs from the shipped copies; refuses every other URL."""

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        response = requests.Response()
        response.url = request.url
        response.request = request
        copy = local_copy(request.url or "")
        if copy is None:
            response.status_code = 404
            response.reason = "not shipped: no network is used"
            response.raw = io.BytesIO(b"")
            return response
        response.status_code = 200
        response.raw = io.BytesIO(copy.read_bytes())
        return response

    def close(self) -> None:
        pass


def offline_session() -> requests.Session:
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, _Offline())
    return session


def validate_package(path: Path, *, rows: int | None = ROWS, keys: bool = False) -> list[str]:
    """frictionless's findings on the DwC-DP zip at ``path``, one line each: the descriptor
    as stored against the profile, then each table's first ``rows`` rows against its schema.
    With ``keys``, the whole package as unzipped, keys included (small packages: tests)."""
    from frictionless import Checklist, FrictionlessException, Package, Resource, validate

    with zipfile.ZipFile(path) as zf, system_offline():
        descriptor = json.loads(zf.read("datapackage.json"))
        try:
            found = [
                "datapackage.json: %s" % error.note
                for error in Package.metadata_validate(descriptor)
            ]
        except FrictionlessException as exc:
            return ["datapackage.json: %s" % exc.error.note]
        if found:
            return found
        if keys:
            return _whole(zf)
        checklist = Checklist(skip_errors=list(KEY_ERRORS))
        for resource in _inline(descriptor, zf, rows)["resources"]:
            report = validate(Resource.from_descriptor(resource), checklist=checklist)
            found.extend(_lines(resource.get("name", ""), report))
    return found


def _whole(zf: zipfile.ZipFile) -> list[str]:
    """Unzip and validate the package from its files, as ``frictionless validate`` does."""
    from frictionless import system, validate

    with tempfile.TemporaryDirectory() as folder:
        zf.extractall(folder)
        with system.use_context(trusted=True):  # its own files, in a folder of its own
            report = validate(str(Path(folder) / "datapackage.json"))
    return [line for task in report.tasks for line in _lines(task.name, task)] + [
        error.message for error in report.errors
    ]


def _lines(table: str, report: Any) -> list[str]:
    errors = report.errors if hasattr(report, "errors") else []
    if hasattr(report, "tasks"):
        errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    out = []
    for error in errors:
        row = getattr(error, "row_number", None)
        name = getattr(error, "field_name", None)
        where = ", ".join(part for part in ("row %s" % row if row else "", name or "") if part)
        out.append("%s%s: %s" % (table, " (%s)" % where if where else "", error.message))
    return out


def system_offline() -> Any:
    """frictionless's context in which every URL is answered from the shipped copies."""
    from frictionless import system

    return system.use_context(http_session=offline_session(), trusted=False)


def _inline(descriptor: dict[str, Any], zf: zipfile.ZipFile, rows: int | None) -> dict[str, Any]:
    """The descriptor with each table's rows inline (header and up to ``rows`` rows), read
    from the zip, so that frictionless reads no file."""
    out = dict(descriptor)
    resources = []
    for resource in descriptor.get("resources", []):
        resource = dict(resource)
        member = resource.pop("path", None)
        if member:
            resource["data"] = list(_rows(zf, member, rows))
            # keys are the builder's: frictionless needs the whole package for them
            resource["schema"] = {
                k: v
                for k, v in resource["schema"].items()
                if k not in ("foreignKeys", "primaryKey")
            }
            resource.pop("format", None)
            resource.pop("mediatype", None)
            resource.pop("encoding", None)
        resources.append(resource)
    out["resources"] = resources
    return out


def _rows(zf: zipfile.ZipFile, member: str, rows: int | None) -> Iterator[list[str]]:
    with zf.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        reader = csv.reader(text)
        yield from islice(reader, None if rows is None else rows + 1)


CHILD_TIMEOUT = 900  # seconds a validation may take before the package is refused


class Validator:
    """frictionless in a fresh interpreter: its libraries (some 20 MB) never load into the
    publication's process, and a failure of the validator is a finding, not a failed
    publication. Started ahead (``Validator()``), the child imports frictionless while the
    publication finishes its checks; ``validate(path)`` then hands it the package."""

    def __init__(self, rows: int = ROWS) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "resources.dwcdp.validate", "--serve", "--rows", str(rows)],
            cwd=Path(__file__).resolve().parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def validate(self, path: Path) -> list[str]:
        try:
            out, err = self.process.communicate(
                str(path).encode("utf-8") + b"\n", timeout=CHILD_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return ["the validation did not finish within %d s" % CHILD_TIMEOUT]
        if self.process.returncode != 0:
            tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            return ["the validator failed: %s" % tail[0][:500]]
        found: list[str] = json.loads(out)
        return found

    def close(self) -> None:
        """Let an unused child go (it ends at the end of its input)."""
        if self.process.poll() is None:
            self.process.communicate(b"", timeout=CHILD_TIMEOUT)


def validate_in_child(path: Path, started: Validator | None = None) -> list[str]:
    """``validate_package`` of ``path`` in a child process: ``started``, or a new one."""
    return (started or Validator()).validate(path)


def main() -> None:
    parser = argparse.ArgumentParser(description="Validate a DwC-DP zip with frictionless.")
    parser.add_argument("path", type=Path, nargs="?", help="the zip (else read from stdin)")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--keys", action="store_true")
    parser.add_argument("--serve", action="store_true", help="import first, then read the path")
    args = parser.parse_args()
    if args.serve:
        import frictionless  # noqa: F401  (loaded while the publication finishes)

        line = sys.stdin.readline().strip()
        if not line:
            return
        args.path = Path(line)
    print(json.dumps(validate_package(args.path, rows=args.rows, keys=args.keys)))


if __name__ == "__main__":
    main()

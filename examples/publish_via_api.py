#!/usr/bin/env python3
"""Publish a small sampling-event dataset from nothing, over the REST API only.

Standard library only (Python 3.10+), so it runs anywhere. Steps: create the resource, make
it public, upload an event and an occurrence file, auto-map them to the Event core and the
Occurrence extension, check the mappings, translate a few values, write the metadata (JSON)
and check that it validates, publish and follow the job, list the versions, download the
archive and verify it, and print the public ``archive.do`` address.

    PUBLISHER_URL=http://127.0.0.1:8000 PUBLISHER_TOKEN=<key> python examples/publish_via_api.py

The token is on your account page (a user with manager rights). Any failure ends the script
with exit status 1 and the API's error message.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE = DWC + "Event", DWC + "Occurrence"
FINAL = {"succeeded", "failed", "cancelled"}

EVENTS_CSV = """\
eventID,parentEventID,eventDate,decimalLatitude,decimalLongitude,countryCode,samplingProtocol,sampleSizeValue,sampleSizeUnit
POND-1,,2024-04-12/2024-05-10,52.5123,13.3901,DE,visual encounter survey,,
POND-1-V1,POND-1,2024-04-12,52.5123,13.3901,DE,visual encounter survey,30,minute
POND-1-V2,POND-1,2024-05-10,52.5123,13.3901,DE,visual encounter survey,30,minute
POND-2-V1,,2024-04-13,52.4987,13.4112,DE,dip netting,20,minute
"""
OCCURRENCES_CSV = """\
eventID,occurrenceID,basisOfRecord,scientificName,individualCount,occurrenceStatus
POND-1-V1,POND-1-V1:RANATEMP,human observation,Rana temporaria,3,present
POND-1-V1,POND-1-V1:BUFOBUFO,human observation,Bufo bufo,0,absent
POND-1-V2,POND-1-V2:RANATEMP,human observation,Rana temporaria,5,present
POND-1-V2,POND-1-V2:LISSVULG,human observation,Lissotriton vulgaris,2,present
POND-2-V1,POND-2-V1:BUFOBUFO,human observation,Bufo bufo,7,present
"""
TRANSLATIONS = {DWC + "basisOfRecord": {"human observation": "HumanObservation"}}


def metadata(title: str) -> dict:
    """The EML document as the API's JSON (see /api/v1/docs/ for every field)."""
    person = {
        "given_name": "Ann",
        "sur_name": "Frog",
        "organization": "Pond Society",
        "emails": ["ann.frog@example.org"],
    }
    return {
        "titles": [{"text": title}],
        "abstract": ["Amphibians counted at two ponds in spring 2024 (synthetic data)."],
        "licence": {
            "name": "CC-BY 4.0",
            "url": "http://creativecommons.org/licenses/by/4.0/legalcode",
        },
        "metadata_language": "en",
        "dataset_type": "sampling-event",
        "creators": [person],
        "contacts": [person],
        "metadata_providers": [person],
    }


class ApiError(Exception):
    """An answer of the API that is not a success, with its error code and message."""

    def __init__(self, status: int, body: object):
        self.status = status
        self.body = body if isinstance(body, dict) else {"message": str(body)}
        super().__init__(self.describe())

    def describe(self) -> str:
        text = "HTTP %d %s: %s" % (
            self.status,
            self.body.get("code", "error"),
            self.body.get("message", ""),
        )
        if self.body.get("details"):
            text += "\n" + json.dumps(self.body["details"], indent=2, ensure_ascii=False)
        return text


class Client:
    """A tiny client of /api/v1/: JSON in and out, token authentication."""

    def __init__(self, base_url: str, token: str):
        if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise SystemExit("error: the base URL must start with http:// or https://")
        self.base_url = base_url.rstrip("/")
        self.token = token

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + "/api/v1/" + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body=None,
        data: bytes | None = None,
        content_type: str = "",
    ) -> tuple[int, bytes, str]:
        headers = {"Authorization": "Token " + self.token, "Accept": "application/json"}
        if json_body is not None:
            data, content_type = json.dumps(json_body).encode(), "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        # Only http(s): the base URL was checked when the client was made.
        request = urllib.request.Request(  # noqa: S310
            self.url(path),
            data=data,
            method=method,
            headers=headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                return response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")[:500]
            raise ApiError(exc.code, body) from None

    def call(self, method: str, path: str, body=None) -> dict | list | None:
        _status, raw, _type = self.request(method, path, json_body=body)
        return json.loads(raw) if raw else None

    def get(self, path: str):
        return self.call("GET", path)

    def upload(self, path: str, files: dict[str, str]) -> dict:
        """POST files as multipart/form-data, each in a ``file`` field."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, text in files.items():
            parts.append(
                (
                    '--%s\r\nContent-Disposition: form-data; name="file"; '
                    'filename="%s"\r\nContent-Type: text/csv\r\n\r\n' % (boundary, name)
                ).encode()
                + text.encode("utf-8")
                + b"\r\n"
            )
        data = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        _status, raw, _type = self.request(
            "POST", path, data=data, content_type="multipart/form-data; boundary=" + boundary
        )
        return json.loads(raw)


def say(text: str) -> None:
    print(text, flush=True)


def follow(client: Client, job: dict, *, timeout: float, what: str) -> dict:
    """Poll the job until it ends, printing its phase and progress; its final state."""
    deadline, shown = time.monotonic() + timeout, None
    while True:
        job = client.get("jobs/%s/" % job["id"])
        state = (job["status"], job["phase"], job["percent"])
        if state != shown:
            percent = "" if job["percent"] is None else " %3d %%" % job["percent"]
            say("  %s: %s%s %s" % (what, job["status"], percent, job["phase"] or ""))
            shown = state
        if job["status"] in FINAL:
            break
        if time.monotonic() > deadline:
            raise SystemExit("error: %s did not finish within %d s" % (what, timeout))
        time.sleep(0.5)
    if job["status"] != "succeeded":
        lines = "\n".join("    " + line for line in job.get("log_tail") or [])
        raise SystemExit(
            "error: %s %s: %s %s\n%s"
            % (what, job["status"], job["error_code"], job["error_message"], lines)
        )
    return job


def create_resource(client: Client, shortname: str, title: str, replace: bool) -> dict:
    if replace:
        try:
            client.call("DELETE", "resources/%s/" % shortname)
            say("Deleted the existing resource %s." % shortname)
        except ApiError as exc:
            if exc.status != 404:
                raise
    resource = client.call(
        "POST", "resources/", {"shortname": shortname, "title": title, "type": "sampling-event"}
    )
    say("Created the resource %s." % resource["shortname"])
    # Before the first publication a visibility change applies at once, so version 1.0 is
    # published public; afterwards it would wait for the next publication.
    visibility = client.call(
        "PATCH", "resources/%s/visibility" % shortname, {"visibility": "public"}
    )
    say("Visibility: %s." % visibility["visibility"])
    return resource


def add_sources(client: Client, shortname: str, timeout: float) -> list[str]:
    job = client.upload(
        "resources/%s/sources/" % shortname,
        {"events.csv": EVENTS_CSV, "occurrences.csv": OCCURRENCES_CSV},
    )
    follow(client, job, timeout=timeout, what="reading the sources")
    sources = client.get("resources/%s/sources/" % shortname)
    for source in sources:
        analysis = source.get("analysis") or {}
        say(
            "  source %s: %s rows, columns %s"
            % (
                source["name"],
                analysis.get("row_count", "?"),
                ", ".join(analysis.get("columns", [])),
            )
        )
    return [source["name"] for source in sources]


def map_source(client: Client, shortname: str, source: str, row_type: str) -> dict:
    """Show what auto-mapping proposes, then create the mapping it makes."""
    base = "resources/%s/mappings/" % shortname
    proposal = client.call("POST", base + "automap", {"source": source, "row_type": row_type})
    say(
        "  %s -> %s: %d columns mapped, unmapped: %s"
        % (
            source,
            row_type.rsplit("/", 1)[-1],
            len(proposal["mapped"]),
            ", ".join(proposal["unmapped"]) or "none",
        )
    )
    return client.call("POST", base, {"source": source, "row_type": row_type})


def check_mapping(client: Client, shortname: str, mapping: dict) -> None:
    """Translate the values the vocabulary knows under another spelling, then refuse to go
    on while a required term is unmapped, a value is outside its vocabulary or a value
    breaks a rule that would block publication."""
    base = "resources/%s/mappings/%d/" % (shortname, mapping["id"])
    mapped = {rule["term"] for rule in mapping["fields"]}
    for term, translations in TRANSLATIONS.items():
        if term in mapped:
            query = urllib.parse.urlencode({"term": term})
            client.call("PUT", base + "translations?" + query, {"translations": translations})
    checks = client.get(base + "checks")
    blocking = [
        entry
        for found in checks["terms"].values()
        for entry in found
        if entry["severity"] == "error"
    ]
    if checks["required_unmapped"] or checks["vocabulary_problems"] or blocking:
        raise SystemExit(
            "error: mapping %s of %s has problems:\n%s"
            % (mapping["row_type"], mapping["source"], json.dumps(checks, indent=2))
        )
    preview = client.get(base + "preview?rows=2")
    terms = [term.rsplit("/", 1)[-1] for term in preview["terms"]]
    first = dict(zip(terms, preview["rows"][0]["values"], strict=True))
    say("  %s: no problems; first row %s" % (mapping["source"], first))


def describe(client: Client, shortname: str, title: str) -> None:
    client.call("PUT", "resources/%s/metadata" % shortname, metadata(title))
    validation = client.get("resources/%s/metadata/validation" % shortname)
    if not validation["valid"]:
        issues = "\n".join("  %(section)s/%(field)s: %(message)s" % i for i in validation["issues"])
        raise SystemExit("error: the metadata does not validate:\n" + issues)
    say("Metadata saved; it validates.")


def publish(client: Client, shortname: str, timeout: float) -> dict:
    job = client.call(
        "POST",
        "resources/%s/publish" % shortname,
        {"change_summary": "First version, published over the API."},
    )
    job = follow(client, job, timeout=timeout, what="publishing")
    versions = client.get("resources/%s/versions/" % shortname)
    say(
        "Versions: %s"
        % ", ".join("%(version)s (%(records)s records)" % v for v in versions["results"])
    )
    return versions["results"][0]


def verify_archive(client: Client, shortname: str, version: dict) -> bytes:
    """Download the archive and check it holds meta.xml, the EML and every row."""
    path = "resources/%s/versions/%s/archive" % (shortname, version["version"])
    _status, data, _type = client.request("GET", path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for required in ("meta.xml", "eml.xml"):
            if required not in names:
                raise SystemExit("error: the archive has no %s (it has %s)" % (required, names))
        for name, expected in version["counts"].items():
            lines = archive.read(name).decode("utf-8").splitlines()
            if len(lines) - 1 != expected:
                raise SystemExit(
                    "error: %s has %d rows, the version says %d" % (name, len(lines) - 1, expected)
                )
    expected_rows = {
        "event.txt": EVENTS_CSV.count("\n") - 1,
        "occurrence.txt": OCCURRENCES_CSV.count("\n") - 1,
    }
    if version["counts"] != expected_rows:
        raise SystemExit(
            "error: expected rows %s, published %s" % (expected_rows, version["counts"])
        )
    say(
        "Archive %s: %d bytes, rows %s; meta.xml and eml.xml present."
        % (version["archive_name"], len(data), version["counts"])
    )
    return data


def run(args: argparse.Namespace) -> None:
    client = Client(args.base_url, args.token)
    me = client.get("me/")
    if not me["has_manager_rights"]:
        raise SystemExit("error: %s has no manager rights" % me["email"])
    say("Signed in as %s." % me["email"])
    shortname = args.shortname
    create_resource(client, shortname, args.title, args.replace)
    sources = add_sources(client, shortname, args.timeout)
    say("Mapping:")
    event_source = next(s for s in sources if s.startswith("event"))
    occurrence_source = next(s for s in sources if s.startswith("occurrence"))
    for source, row_type in ((event_source, EVENT), (occurrence_source, OCCURRENCE)):
        check_mapping(client, shortname, map_source(client, shortname, source, row_type))
    describe(client, shortname, args.title)
    version = publish(client, shortname, args.timeout)
    verify_archive(client, shortname, version)
    visibility = client.get("resources/%s/visibility" % shortname)
    say("Visibility: %s." % visibility["visibility"])
    say(
        "Published version %s: %s/archive.do?r=%s"
        % (version["version"], client.base_url, urllib.parse.quote(shortname))
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base-url",
        default=os.environ.get("PUBLISHER_URL"),
        help="the installation's address (env PUBLISHER_URL)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("PUBLISHER_TOKEN"),
        help="your API token (env PUBLISHER_TOKEN)",
    )
    parser.add_argument(
        "--shortname",
        default="ponds-via-api",
        help="short name of the resource to create (default: %(default)s)",
    )
    parser.add_argument("--title", default="Amphibians of two ponds (published over the API)")
    parser.add_argument(
        "--replace", action="store_true", help="delete a resource of that short name first"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="seconds to wait for each background job (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if not args.base_url or not args.token:
        parser.error("give --base-url and --token (or PUBLISHER_URL and PUBLISHER_TOKEN)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        run(args)
    except ApiError as exc:
        print("error: " + exc.describe(), file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print("error: cannot reach %s: %s" % (args.base_url, exc), file=sys.stderr)
        return 1
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())

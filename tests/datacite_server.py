"""A small DataCite that speaks the REST API for DOIs, for tests and demos (not product).

It follows DataCite's public documentation and its server's observable behaviour:

- ``GET /dois/{doi}``, ``POST /dois``, ``PUT /dois/{doi}``, ``DELETE /dois/{doi}``, the DOI's
  ``/`` literal in the path, DOI names matched without regard to case and answered in lower
  case; JSON:API bodies (``application/vnd.api+json``), the XML base64 in ``attributes.xml``;
- HTTP Basic auth per repository (``add_repository``): 401 ``Bad credentials.`` for a wrong
  or missing password on a write, 403 for a DOI under a prefix the repository does not own;
  anyone may read a findable DOI, only its repository a draft or registered one (404 else);
- states ``draft`` -> ``registered``/``findable`` through the ``event`` attribute
  (``register``: draft to registered; ``publish``: draft or registered to findable; ``hide``:
  findable to registered). As DataCite's state machine, an event that does not apply to the
  state is ignored without error. A registered or findable DOI needs a ``url`` and XML
  metadata: else 422 ``{"errors": [{"source": "url", "title": "Can't be blank"}]}``;
- the XML received is checked against the DataCite 4.5 schema (``schema_messages``): 422
  with the schema's messages. (DataCite checks it only for registered and findable DOIs;
  this server checks it in every state, so that a bad record shows at the first call);
- 201 on create, 200 on update, 204 on deleting a draft; 405 ``Method not allowed`` for
  deleting any other; 404 for an unknown DOI; 422 ``This DOI has already been taken`` for a
  create of an existing one. A PUT to an unknown DOI creates it (201), as DataCite's does.

Every request is recorded (method, path, headers, raw body, status; 0 when no reply was
sent). ``go_down`` simulates an outage (``"503"`` answers 503, ``"refuse"`` closes the
socket) until ``come_back``; ``fault`` breaks one route in one of the ways ``FAULTS`` lists;
``release`` lets hanging requests go on; ``sequence`` lists (method, path, status).

Run it by hand for a demo: ``python -m tests.datacite_server`` prints its URL and a
repository's id, password and prefix.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from lxml import etree

from metadata.datacite.validate import validate_datacite

JSONAPI = "application/vnd.api+json"
KERNEL = "http://datacite.org/schema/kernel-4"
SCHEMA_LOCATION = "http://schema.datacite.org/meta/kernel-4.5/metadata.xsd"
DOI_NAME = re.compile(r"^10\.\d{4,5}/[-._;()/:a-zA-Z0-9*~$=]+$")
URL = re.compile(r"^(ftp|http|https)://\S+")
HANG_LIMIT = 60.0  # seconds a hanging request waits for ``release`` at most
# What ``fault`` can do to a route: "5xx" (nothing is done; the status given), "5xx-after"
# (the work is done, then the status given), "hang" (no reply until released, then served),
# "lost" (the work is done, then the connection is dropped without a reply), "malformed"
# (the work is done, then a 200 that is no JSON:API document).
FAULTS = ("5xx", "5xx-after", "hang", "lost", "malformed")
MAINTENANCE = b"<html><body><h1>DataCite is under maintenance</h1></body></html>"
DEMO_PASSWORD = "demo-password"
TRANSITIONS = {  # event -> {from state: to state}; any other state ignores the event
    "register": {"draft": "registered"},
    "publish": {"draft": "findable", "registered": "findable"},
    "hide": {"findable": "registered"},
}
TITLES = {
    400: "You need to provide a payload following the JSONAPI spec",
    401: "Bad credentials.",
    403: "You are not authorized to access this resource.",
    404: "The resource you are looking for doesn't exist.",
    405: "Method not allowed",
}
BLANK = "Can't be blank"


@dataclass
class Recorded:
    """One request as DataCite received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0

    @property
    def username(self) -> str | None:
        return (_credentials(self.headers) or (None, None))[0]

    @property
    def attributes(self) -> dict:
        """``data.attributes`` of the JSON:API body ({} when there is none)."""
        try:
            return json.loads(self.body)["data"]["attributes"] or {}
        except (ValueError, KeyError, TypeError):
            return {}


class Refused(Exception):
    """The request is answered ``status`` with the JSON:API ``errors`` given."""

    def __init__(self, status: int, errors: list[dict] | None = None):
        super().__init__(status)
        self.status = status
        self.errors = errors or [{"status": str(status), "title": TITLES.get(status, "Error")}]


@dataclass
class Reply:
    status: int
    body: bytes = b""
    ctype: str = JSONAPI
    drop: bool = False  # close the connection without answering
    allow: str = ""


@dataclass
class Fault:
    """One route broken in one way (see ``FAULTS``), ``times`` more times (None: always)."""

    mode: str
    method: str
    prefix: str
    status: int = 500
    times: int | None = None

    def matches(self, req: Recorded) -> bool:
        return req.method == self.method and req.path.startswith(self.prefix)


def schema_messages(xml: bytes) -> list[str]:
    """What the DataCite 4.5 schema says against ``xml`` (empty when valid), as the
    product's validator words it."""
    return validate_datacite(xml)


class DataCiteServer:
    """DataCite's repositories and DOIs, and the server."""

    def __init__(self, validator: Callable[[bytes], list[str]] = schema_messages):
        self.repositories: dict[str, dict] = {}
        self.records: dict[str, dict] = {}  # by lower-case DOI name
        self.requests: list[Recorded] = []
        self.validator = validator
        self.down = ""
        self.faults: list[Fault] = []
        self.released = threading.Event()
        self.lock = threading.RLock()
        self.port = 0
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- set-up ---------------------------------------------------------------------------

    def add_repository(
        self, repository_id: str, password: str = DEMO_PASSWORD, prefixes: tuple[str, ...] = ()
    ) -> str:
        """A repository (e.g. ``"GBIF.TEST"``) that may create DOIs under ``prefixes``."""
        self.repositories[repository_id.upper()] = {
            "id": repository_id.upper(),
            "password": password,
            "prefixes": tuple(prefixes) or ("10.80%03d" % len(self.repositories),),
        }
        return repository_id.upper()

    # --- serving ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def start(self) -> DataCiteServer:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_port
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; hanging requests are let go."""
        self.release()
        self._close()

    def _close(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def go_down(self, mode: str = "503") -> None:
        """``"503"``: answer Service Unavailable; ``"refuse"``: stop listening."""
        self.down = mode
        if mode == "refuse":
            self._close()

    def come_back(self) -> None:
        if self.down == "refuse":
            self.start()  # the same port: clients configured with the URL keep working
        self.down = ""

    def fault(
        self,
        mode: str,
        method: str,
        prefix: str = "/dois",
        *,
        status: int = 500,
        times: int | None = None,
    ) -> Fault:
        """Break the route ``method`` + path ``prefix`` in the way ``mode`` names
        (``FAULTS``) for the next ``times`` requests (None: until ``clear_faults``)."""
        if mode not in FAULTS:
            raise ValueError("unknown fault %r, expected one of %s" % (mode, ", ".join(FAULTS)))
        if mode == "hang":
            self.released.clear()
        broken = Fault(mode, method.upper(), prefix, status, times)
        with self.lock:
            self.faults.append(broken)
        return broken

    def clear_faults(self) -> None:
        """Every route answers normally again; hanging requests go on."""
        with self.lock:
            self.faults.clear()
        self.release()

    def release(self) -> None:
        """Let the hanging requests go on (they are then served as usual)."""
        self.released.set()

    # --- inspection ---------------------------------------------------------------------------

    def calls(self, method: str, prefix: str = "/dois") -> list[Recorded]:
        """The recorded requests with ``method`` whose path starts with ``prefix``."""
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def sequence(self, prefix: str = "/") -> list[tuple[str, str, int]]:
        """(method, path, status) of each request whose path starts with ``prefix``, in
        order; status 0 when no reply was sent (dropped or still hanging)."""
        return [(r.method, r.path, r.status) for r in self.requests if r.path.startswith(prefix)]

    def doi(self, name: str) -> dict:
        """The DOI ``name`` as stored: ``doi``, ``repository``, ``state``, ``url``, ``xml``
        (bytes or None) and the ``relatedIdentifiers`` of its XML (KeyError when unknown)."""
        record = dict(self.records[name.strip().lower()])
        record["relatedIdentifiers"] = related_identifiers(record["xml"])
        return record

    def dois(self, state: str = "") -> list[str]:
        """The names of the DOIs held (in ``state`` when given), in creation order."""
        return [n for n, r in self.records.items() if not state or r["state"] == state]

    # --- DataCite's behaviour ---------------------------------------------------------------

    def handle(self, request: Recorded) -> Reply:
        with self.lock:
            self.requests.append(request)
            if self.down:
                return Reply(503, MAINTENANCE, "text/html")
            broken = self._fault_for(request)
        if broken is not None and broken.mode == "hang":
            self.released.wait(HANG_LIMIT)  # outside the lock: other routes keep answering
        with self.lock:
            if broken is not None and broken.mode == "5xx":
                return _error_reply(Refused(broken.status, [_error(broken.status, "Error")]))
            reply = self._served(request)
            if broken is None or broken.mode == "hang" or reply.status >= 300:
                return reply
            if broken.mode == "lost":
                return Reply(0, drop=True)
            if broken.mode == "5xx-after":
                return Reply(broken.status, MAINTENANCE, "text/html")
            return Reply(200, MAINTENANCE, "text/html")  # "malformed"

    def _fault_for(self, request: Recorded) -> Fault | None:
        for broken in self.faults:
            if broken.matches(request) and broken.times != 0:
                if broken.times is not None:
                    broken.times -= 1
                return broken
        return None

    def _served(self, request: Recorded) -> Reply:
        try:
            return self._route(request)
        except Refused as refused:
            return _error_reply(refused)

    def _route(self, req: Recorded) -> Reply:
        if req.path == "/dois" and req.method == "POST":
            return self._create(req, self._authenticate(req), _attributes(req))
        match = re.fullmatch(r"/dois/(.+)", req.path)
        if match is None:
            raise Refused(404)
        name = unquote(match.group(1)).strip().lower()
        if req.method == "GET":
            return self._show(req, name)
        repository = self._authenticate(req)
        if req.method == "PUT":
            return self._update(req, repository, name)
        if req.method == "DELETE":
            return self._destroy(repository, name)
        raise Refused(405)

    def _authenticate(self, req: Recorded, *, required: bool = True) -> dict | None:
        """The repository whose credentials came with ``req``; 401 when they are wrong, or
        missing where ``required``."""
        credentials = _credentials(req.headers)
        if credentials is None:
            if required:
                raise Refused(401)
            return None
        repository = self.repositories.get(credentials[0].upper())
        if repository is None or repository["password"] != credentials[1]:
            raise Refused(401)
        return repository

    def _authorise(self, repository: dict, name: str) -> None:
        """403 unless ``name`` is under one of ``repository``'s prefixes."""
        if name.split("/", 1)[0] not in repository["prefixes"]:
            raise Refused(403)

    def _show(self, req: Recorded, name: str) -> Reply:
        repository = self._authenticate(req, required=False)
        record = self.records.get(name)
        if record is None:
            raise Refused(404)
        if record["state"] != "findable" and (
            repository is None or repository["id"] != record["repository"]
        ):
            raise Refused(404)
        return _record_reply(200, record)

    def _create(self, req: Recorded, repository: dict | None, attributes: dict) -> Reply:
        assert repository is not None
        name = str(attributes.get("doi") or "").strip().lower()
        if not name and attributes.get("prefix"):
            name = "%s/%s" % (attributes["prefix"], secrets.token_hex(4))
        if not DOI_NAME.match(name):
            raise Refused(422, [_error(422, "Is invalid", source="doi", uid=name)])
        self._authorise(repository, name)
        if name in self.records:
            raise Refused(
                422, [_error(422, "This DOI has already been taken", source="doi", uid=name)]
            )
        return self._save(_new_record(name, repository), attributes, status=201)

    def _update(self, req: Recorded, repository: dict | None, name: str) -> Reply:
        assert repository is not None
        record = self.records.get(name)
        if record is None:  # PUT creates an unknown DOI, as DataCite's does
            if not DOI_NAME.match(name):
                raise Refused(404)
            self._authorise(repository, name)
            return self._save(_new_record(name, repository), _attributes(req), status=201)
        self._authorise(repository, name)
        return self._save(record, _attributes(req), status=200)

    def _destroy(self, repository: dict | None, name: str) -> Reply:
        assert repository is not None
        record = self.records.get(name)
        if record is None:
            raise Refused(404)
        self._authorise(repository, name)
        if record["state"] != "draft":
            raise Refused(405)
        del self.records[name]
        return Reply(204)

    def _save(self, record: dict, attributes: dict, *, status: int) -> Reply:
        """Apply ``attributes`` to a copy of ``record``, validate, then store: a refused
        request changes nothing."""
        changed = dict(record)
        if "url" in attributes:
            changed["url"] = str(attributes["url"] or "")
        if "xml" in attributes:
            changed["xml"] = _decoded_xml(attributes["xml"], record["doi"])
        event = attributes.get("event")
        if event is not None:
            if event not in TRANSITIONS:
                raise Refused(422, [_error(422, "Is not included in the list", source="event")])
            changed["state"] = TRANSITIONS[event].get(changed["state"], changed["state"])
        problems = self._problems(changed)
        if problems:
            raise Refused(422, problems)
        now = _now()
        changed["updated"] = now
        if changed["state"] != "draft" and not changed.get("registered"):
            changed["registered"] = now
        self.records[changed["doi"]] = changed
        return _record_reply(status, changed)

    def _problems(self, record: dict) -> list[dict]:
        uid, problems = record["doi"], []
        if record["url"] and not URL.match(record["url"]):
            problems.append(_error(422, "URL is not valid", source="url", uid=uid))
        if record["xml"] is not None:
            problems += [
                _error(422, m, source="xml", uid=uid) for m in self.validator(record["xml"])
            ]
        if record["state"] != "draft":
            if not record["url"]:
                problems.append(_error(422, BLANK, source="url", uid=uid))
            if record["xml"] is None:
                problems.append(_error(422, BLANK, source="xml", uid=uid))
        return problems


def related_identifiers(xml: bytes | None) -> list[dict[str, str]]:
    """The ``relatedIdentifier`` elements of DataCite XML: value, type and relation."""
    if not xml:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return []
    return [
        {
            "relatedIdentifier": (element.text or "").strip(),
            "relatedIdentifierType": element.get("relatedIdentifierType", ""),
            "relationType": element.get("relationType", ""),
        }
        for element in root.iter("{%s}relatedIdentifier" % KERNEL)
    ]


def sample_xml(doi: str, *, title: str = "Pond survey", related: tuple[str, ...] = ()) -> bytes:
    """A small DataCite 4.5 record for ``doi`` that the schema accepts; the ``related`` DOIs
    are listed as ``IsNewVersionOf``."""
    links = "".join(
        '<relatedIdentifier relatedIdentifierType="DOI" relationType="IsNewVersionOf">%s'
        "</relatedIdentifier>" % other
        for other in related
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<resource xmlns="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' % KERNEL,
        ' xsi:schemaLocation="%s %s">' % (KERNEL, SCHEMA_LOCATION),
        '<identifier identifierType="DOI">%s</identifier>' % doi.upper(),
        "<creators><creator><creatorName>Pond Society</creatorName></creator></creators>",
        "<titles><title>%s</title></titles>" % title,
        "<publisher>Pond Society</publisher><publicationYear>2026</publicationYear>",
        '<resourceType resourceTypeGeneral="Dataset">Sampling event</resourceType>',
        "<relatedIdentifiers>%s</relatedIdentifiers>" % links if links else "",
        "</resource>",
    ]
    return "".join(parts).encode("utf-8")


def _new_record(name: str, repository: dict) -> dict:
    now = _now()
    return {
        "doi": name,
        "repository": repository["id"],
        "state": "draft",
        "url": "",
        "xml": None,
        "created": now,
        "updated": now,
        "registered": None,
    }


def _attributes(req: Recorded) -> dict:
    """``data.attributes`` of a JSON:API body; 400 when the body is none."""
    try:
        document = json.loads(req.body)
    except ValueError:
        raise Refused(400) from None
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("attributes", {}), dict):
        raise Refused(400)
    return data.get("attributes") or {}


def _decoded_xml(value: object, uid: str) -> bytes | None:
    if value is None or value == "":
        return None
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise Refused(422, [_error(422, "Is not valid Base64", source="xml", uid=uid)]) from None


def _credentials(headers: dict[str, str]) -> tuple[str, str] | None:
    header = headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        username, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return username, password


def _error(status: int, title: str, *, source: str = "", uid: str = "") -> dict:
    """One JSON:API error as DataCite writes it: a validation error names its ``source``
    (and the DOI as ``uid``), any other its ``status``."""
    if not source:
        return {"status": str(status), "title": title}
    return (
        {"source": source, "uid": uid, "title": title}
        if uid
        else {"source": source, "title": title}
    )


def _error_reply(refused: Refused) -> Reply:
    body = json.dumps({"errors": refused.errors}).encode()
    allow = "HEAD, GET, POST, PATCH, PUT, OPTIONS" if refused.status == 405 else ""
    return Reply(refused.status, body, "application/json; charset=utf-8", allow=allow)


def _record_reply(status: int, record: dict) -> Reply:
    prefix, _, suffix = record["doi"].partition("/")
    xml = record["xml"]
    attributes = {
        "doi": record["doi"],
        "prefix": prefix,
        "suffix": suffix,
        "identifiers": [],
        "url": record["url"] or None,
        "xml": base64.b64encode(xml).decode("ascii") if xml is not None else None,
        "state": record["state"],
        "isActive": record["state"] == "findable",
        "created": record["created"],
        "registered": record["registered"],
        "updated": record["updated"],
    }
    document = {
        "data": {
            "id": record["doi"],
            "type": "dois",
            "attributes": attributes,
            "relationships": {
                "client": {"data": {"id": record["repository"].lower(), "type": "clients"}}
            },
        }
    }
    return Reply(status, json.dumps(document).encode(), "application/vnd.api+json; charset=utf-8")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _handler(server: DataCiteServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = Recorded(
                method=self.command,
                path=urlsplit(self.path).path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            reply = server.handle(request)
            request.status = reply.status
            if reply.drop:  # the work is done, the reply never leaves
                self.close_connection = True
                return
            self.send_response(reply.status)
            if reply.status != 204:
                self.send_header("Content-Type", reply.ctype)
            if reply.allow:
                self.send_header("Allow", reply.allow)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve  # noqa: N815

        def log_message(self, *args):
            pass

    return Handler


if __name__ == "__main__":  # pragma: no cover - a demo aid
    import time

    demo = DataCiteServer()
    repository = demo.add_repository("DEMO.REPO", DEMO_PASSWORD, ("10.80001",))
    demo.start()
    print(
        "datacite: %s\nrepository: %s\npassword: %s\nprefix: 10.80001"
        % (demo.url, repository, DEMO_PASSWORD)
    )
    while True:
        time.sleep(3600)

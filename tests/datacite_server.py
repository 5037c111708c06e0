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

Every request is recorded (method, path, query, headers, raw body, status; 0 when no reply was
sent). ``go_down`` simulates an outage (``"503"`` answers 503, ``"refuse"`` closes the
socket) until ``come_back``; ``fault`` breaks one route in one of the ways ``FAULTS`` lists;
``release`` lets hanging requests go on; ``sequence`` lists (method, path, status). That
machinery is ``tests.fake_http``'s, shared with the registry server.

Run it by hand for a demo: ``python -m tests.datacite_server`` prints its URL and a
repository's id, password and prefix.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote

from lxml import etree

from metadata.datacite.validate import validate_datacite
from tests import fake_http
from tests.fake_http import basic_credentials

JSONAPI = "application/vnd.api+json"
KERNEL = "http://datacite.org/schema/kernel-4"
SCHEMA_LOCATION = "http://schema.datacite.org/meta/kernel-4.5/metadata.xsd"
DOI_NAME = re.compile(r"^10\.\d{4,5}/[-._;()/:a-zA-Z0-9*~$=]+$")
URL = re.compile(r"^(ftp|http|https)://\S+")
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
class Recorded(fake_http.Recorded):
    """One request as DataCite received it."""

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
class Reply(fake_http.Reply):
    ctype: str = JSONAPI


def schema_messages(xml: bytes) -> list[str]:
    """What the DataCite 4.5 schema says against ``xml`` (empty when valid), as the
    product's validator words it."""
    return validate_datacite(xml)


class DataCiteServer(fake_http.FakeServer):
    """DataCite's repositories and DOIs, and the server."""

    RECORDED = Recorded
    METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
    # What ``fault`` can do to a route (see ``tests.fake_http``): "malformed" does the work,
    # then answers a 200 that is no JSON:API document.
    FAULTS = ("5xx", "5xx-after", "hang", "lost", "malformed")
    MALFORMED = {"malformed": (200, MAINTENANCE, "text/html")}
    HANG_LIMIT = 60.0
    PREFIX = "/dois"
    FAULT_STATUS = 500

    def __init__(self, validator: Callable[[bytes], list[str]] = schema_messages):
        super().__init__()
        self.repositories: dict[str, dict] = {}
        self.records: dict[str, dict] = {}  # by lower-case DOI name
        self.validator = validator

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

    # --- inspection ---------------------------------------------------------------------------

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

    def _unavailable(self) -> Reply:
        return Reply(503, MAINTENANCE, "text/html")

    def _failed(self, status: int) -> Reply:
        return _error_reply(Refused(status, [_error(status, "Error")]))

    def _failed_after(self, status: int) -> Reply:
        return Reply(status, MAINTENANCE, "text/html")

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
        credentials = basic_credentials(req.headers)
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
        return Reply(204, ctype="")  # no body, so no Content-Type

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
    headers = {"Allow": "HEAD, GET, POST, PATCH, PUT, OPTIONS"} if refused.status == 405 else {}
    return Reply(refused.status, body, "application/json; charset=utf-8", headers=headers)


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

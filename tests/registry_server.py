"""A small GBIF registry that speaks the legacy IPT API, for tests and demos (not product).

It follows ``registry-harvest-contract.md`` §A: the paths under ``/registry/``, the legacy
authorization filter (preemptive Basic auth, UUID principals looked up as organisation then
installation, ``organisationKey`` must match the principal, 401 without a challenge), the
controllers' validations (400 with an empty body for a missing or invalid contact, an
unknown organisation or installation), their status codes (201 + ``<iptEntityResponse>``
for registrations, 204 for updates, 200 for deletions) and ``Cache-Control: no-cache``.

Like the real registry, a dataset update changes only type, subtype, installation and
endpoints (the rest comes from the EML after a crawl), the ``IPT__`` prefix is stripped only on
``/validation`` paths, and an installation cannot be registered without a password.

It also serves the GBIF API v1 reads a client uses to look a registration up (§A.7, no auth):
``/v1/dataset/{key}``, ``/v1/installation/{key}``, ``/v1/organization/{key}/publishedDataset``,
``/v1/organization/{key}/installation`` and ``/v1/installation/{key}/dataset`` (paging
envelope ``offset, limit, endOfRecords, count, results``; deleted entities are not listed).

Every request is recorded (method, path, query, headers, raw body, parsed form, status; 0 when
no reply was sent). ``go_down`` simulates an outage: ``"503"`` answers every request with 503,
``"refuse"`` closes the listening socket (connection refused) until ``come_back``. ``fault``
breaks one route (method + path prefix) in one of the ways ``FAULTS`` lists; ``release`` lets
hanging requests go on; ``sequence`` lists (method, path, status) for test reports. That
machinery is ``tests.fake_http``'s, shared with the DataCite server.

Run it by hand for a demo: ``python -m tests.registry_server`` prints its URL and the key
and token of a demo organisation.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs

from tests import fake_http

ARCHIVE_TYPES = (
    "DWC-ARCHIVE-CHECKLIST",
    "DWC_ARCHIVE_CHECKLIST",
    "DWC-ARCHIVE-OCCURRENCE",
    "DWC_ARCHIVE_OCCURRENCE",
    "DWC-ARCHIVE-SAMPLING-EVENT",
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CONTACT_TYPES = {
    "administrative": "ADMINISTRATIVE_POINT_OF_CONTACT",
    "technical": "TECHNICAL_POINT_OF_CONTACT",
}
TEST_DOI_PREFIX = "10.21373"
V1_LIMIT = 20
DEMO_TOKEN = "s3cret-token"  # the shared token of organisations added without one


@dataclass
class Recorded(fake_http.Recorded):
    """One request as the registry received it, with its form when the body is one."""

    form: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        if not self.form and "x-www-form-urlencoded" in self.headers.get("content-type", ""):
            self.form = parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    def field(self, name: str) -> str | None:
        """The single value of form field ``name`` (None when absent)."""
        values = self.form.get(name)
        return values[0] if values else None


class Refused(Exception):
    """The legacy filter or a controller refuses the request with ``status``."""

    def __init__(self, status: int, body: bytes = b"", ctype: str = "text/plain"):
        super().__init__(status)
        self.status, self.body, self.ctype = status, body, ctype


@dataclass
class Reply(fake_http.Reply):
    ctype: str = "application/xml"


class RegistryServer(fake_http.FakeServer):
    """The registry's state (organisations, installations, datasets, networks) and server."""

    RECORDED = Recorded
    HEADERS = {"Cache-Control": "no-cache"}
    # What ``fault`` can do to a route (see ``tests.fake_http``): "truncated", "html" and
    # "keyless" do the work, then answer a malformed 2xx.
    FAULTS = ("hang", "lost", "truncated", "html", "keyless", "5xx", "5xx-after")
    MALFORMED = {
        "truncated": (201, b"<iptEntityResponse><key>", "application/xml"),
        "html": (200, b"<html><body><h1>Service maintenance</h1></body></html>", "text/html"),
        "keyless": (201, b"<iptEntityResponse></iptEntityResponse>", "application/xml"),
    }
    HANG_LIMIT = 120.0

    def __init__(self):
        super().__init__()
        self.organisations: dict[str, dict] = {}
        self.installations: dict[str, dict] = {}
        self.datasets: dict[str, dict] = {}
        self.networks: dict[str, dict] = {}

    # --- set-up ---------------------------------------------------------------------------

    def add_organisation(
        self,
        name: str,
        token: str = DEMO_TOKEN,
        *,
        key: str = "",
        contact_email: str = "node@example.org",
    ) -> str:
        key = key or str(uuid.uuid4())
        self.organisations[key] = {
            "key": key,
            "name": name,
            "token": token,
            "nameLanguage": "en",
            "homepageURL": "https://example.org/" + key[:8],
            "description": "About " + name,
            "descriptionLanguage": "en",
            "nodeKey": str(uuid.uuid4()),
            "nodeName": "Test node",
            "nodeContactEmail": "helpdesk@example.org",
            "primaryContactType": "administrative",
            "primaryContactName": "Pat Contact",
            "primaryContactEmail": contact_email,
            "primaryContactAddress": "",
            "primaryContactPhone": "",
            "primaryContactDescription": "",
        }
        return key

    def add_dataset(
        self,
        organisation: str,
        *,
        installation: str = "",
        title: str = "Old",
        key: str = "",
        endpoints: list[dict] | None = None,
    ) -> str:
        """A dataset registered earlier (by another installation, e.g. before a migration);
        ``endpoints`` as ``[{"type": "DWC_ARCHIVE", "url": ...}]``."""
        key = key or str(uuid.uuid4())
        self.datasets[key] = {
            "organisation": organisation,
            "installation": installation,
            "title": title,
            "fields": {"name": title},
            "endpoints": list(endpoints or []),
            "type": "METADATA",
            "deleted": False,
            "doi": TEST_DOI_PREFIX + "/old",
        }
        return key

    def add_network(self, name: str) -> str:
        key = str(uuid.uuid4())
        self.networks[key] = {"key": key, "title": name, "datasets": set()}
        return key

    # --- inspection ---------------------------------------------------------------------------

    def live_datasets(self, organisation: str = "") -> list[str]:
        """Keys of the datasets not deleted (of ``organisation`` when given)."""
        return [
            k
            for k, d in self.datasets.items()
            if not d["deleted"] and (not organisation or d["organisation"] == organisation)
        ]

    # --- the registry's behaviour ---------------------------------------------------------

    def _served(self, request: Recorded) -> Reply:
        try:
            return self._route(request)
        except Refused as refused:
            return Reply(refused.status, refused.body, refused.ctype)

    def _route(self, req: Recorded) -> Reply:
        extra = self._route_issue18(req)
        if extra is not None:
            return extra
        path = req.path
        if path.startswith("/v1/") and req.method == "GET":
            return self._v1(req, path[len("/v1/") :])
        if not path.startswith("/registry/"):
            raise Refused(404)
        rest = path[len("/registry/") :]
        if req.method == "GET":
            return self._get(req, rest)
        principal = self._authenticate(req)
        if req.method == "POST":
            return self._post(req, rest, principal)
        if req.method == "DELETE":
            return self._delete(req, rest, principal)
        raise Refused(405)

    # GET ----------------------------------------------------------------------------------

    def _get(self, req: Recorded, rest: str) -> Reply:
        if rest == "organisation.json":
            orgs = sorted(self.organisations.values(), key=lambda o: o["name"].lower())
            return _json([{"key": o["key"], "name": o["name"]} for o in orgs])
        if rest == "network.json":
            return _json([{"key": k, "name": n["title"]} for k, n in self.networks.items()])
        match = re.fullmatch(r"organisation/([^/.]+)(\.json)?", rest)
        if match:
            return self._organisation(req, match.group(1), bool(match.group(2)))
        match = re.fullmatch(r"resource/([^/]+)/belongs/organisation/([^/]+)", rest)
        if match:
            return self._belongs(*match.groups())
        match = re.fullmatch(r"resource/([^/]+)/networks", rest)
        if match:
            return _json(
                [
                    {"key": k, "title": n["title"]}
                    for k, n in self.networks.items()
                    if match.group(1) in n["datasets"]
                ]
            )
        raise Refused(404)

    def _organisation(self, req: Recorded, key: str, as_json: bool) -> Reply:
        if req.query.get("op") == ["login"]:
            principal = self._authenticate(req)
            if principal["key"] != key:
                raise Refused(401)
            return Reply(200, b"", "text/plain")
        org = self.organisations.get(key)
        if org is None:
            raise Refused(404)
        public = {k: v for k, v in org.items() if k != "token"}
        if as_json:
            return _json(public)
        xml = "".join("<%s>%s</%s>" % (k, v, k) for k, v in public.items())
        return Reply(200, ("<organisation>%s</organisation>" % xml).encode())

    def _belongs(self, dataset_key: str, organisation_key: str) -> Reply:
        dataset = self.datasets.get(dataset_key)
        if dataset is None or organisation_key not in self.organisations:
            body = json.dumps({"code": 404, "message": "Not found"}).encode()
            raise Refused(404, body, "application/json")
        return Reply(
            200,
            b"true" if dataset["organisation"] == organisation_key else b"false",
            "application/json",
        )

    # The legacy authorization filter ------------------------------------------------------

    def _authenticate(self, req: Recorded) -> dict:
        """The organisation or installation the Basic credentials name (401 otherwise)."""
        header = req.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            raise Refused(401)
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except ValueError as exc:
            raise Refused(400) from exc
        if ":" not in decoded:
            raise Refused(400)
        username, password = decoded.split(":", 1)
        if "/validation" in req.path:  # the validator service's principals only
            username = username.removeprefix("IPT__")
        try:
            uuid.UUID(username)
        except ValueError as exc:
            raise Refused(401) from exc
        org = self.organisations.get(username)
        if org is not None:
            if org["token"] != password:
                raise Refused(401)
            return {"kind": "organisation", "key": username}
        installation = self.installations.get(username)
        if installation is not None and installation["password"] == password:
            return {"kind": "installation", "key": username}
        raise Refused(401)

    def _organisation_param(self, req: Recorded) -> str | None:
        return req.field("organisationKey") or (req.query.get("organisationKey") or [None])[0]

    def _authorise_register(self, req: Recorded, principal: dict) -> str:
        org_key = self._organisation_param(req)
        if not org_key or org_key not in self.organisations or org_key != principal["key"]:
            raise Refused(401, b"Request to register not authorized")
        return org_key

    def _authorise_dataset(self, req: Recorded, principal: dict, key: str) -> dict:
        dataset = self.datasets.get(key)
        if dataset is None or dataset["organisation"] != principal["key"]:
            raise Refused(401, b"Request to modify dataset not authorized")
        org_key = self._organisation_param(req)
        if org_key is not None and org_key != principal["key"]:
            raise Refused(401)
        return dataset

    # POST / DELETE ----------------------------------------------------------------------------

    def _post(self, req: Recorded, rest: str, principal: dict) -> Reply:
        if rest == "ipt/register":
            return self._installation_register(req, self._authorise_register(req, principal))
        match = re.fullmatch(r"ipt/update/([^/]+)", rest)
        if match:
            if match.group(1) not in self.installations or match.group(1) != principal["key"]:
                raise Refused(401)
            return self._installation_update(req, match.group(1))
        if rest == "ipt/resource":
            return self._dataset_register(req, self._authorise_register(req, principal))
        match = re.fullmatch(r"ipt/resource/([^/]+)", rest)
        if match:
            dataset = self._authorise_dataset(req, principal, match.group(1))
            return self._dataset_update(req, dataset, principal["key"])
        match = re.fullmatch(r"resource/([^/]+)/network/([^/]+)", rest)
        if match:
            self._authorise_dataset(req, principal, match.group(1))
            self._network(match.group(2))["datasets"].add(match.group(1))
            return Reply(204)
        raise Refused(404)

    def _delete(self, req: Recorded, rest: str, principal: dict) -> Reply:
        match = re.fullmatch(r"ipt/resource/([^/]+)", rest)
        if match:
            self._authorise_dataset(req, principal, match.group(1))["deleted"] = True
            return Reply(200, b"", "text/plain")
        match = re.fullmatch(r"resource/([^/]+)/network/([^/]+)", rest)
        if match:
            self._authorise_dataset(req, principal, match.group(1))
            self._network(match.group(2))["datasets"].discard(match.group(1))
            return Reply(204)
        raise Refused(404)

    def _network(self, key: str) -> dict:
        if key not in self.networks:
            raise Refused(404)
        return self.networks[key]

    # The controllers -------------------------------------------------------------------------

    def _installation_register(self, req: Recorded, org_key: str) -> Reply:
        _contact(req)
        if not (req.field("wsPassword") or "").strip():
            raise Refused(400)  # an installation nobody could authenticate as
        key = str(uuid.uuid4())
        self.installations[key] = {
            "organisation": org_key,
            "password": req.field("wsPassword") or "",
            "fields": _single(req.form),
            "type": "IPT_INSTALLATION",
            "endpoints": _feed(req),
            "deleted": False,
        }
        return _created(key)

    def _installation_update(self, req: Recorded, key: str) -> Reply:
        _contact(req)
        org_key = req.field("organisationKey")
        if org_key not in self.organisations:
            raise Refused(400)
        installation = self.installations[key]
        installation.update(organisation=org_key, fields=_single(req.form), endpoints=_feed(req))
        return Reply(204)

    def _dataset_register(self, req: Recorded, org_key: str) -> Reply:
        contact = _contact(req)
        if not (req.field("name") or "").strip():
            raise Refused(400)
        installation = self._installation_of(req, org_key)
        key = str(uuid.uuid4())
        self.datasets[key] = {
            "organisation": org_key,
            "installation": installation,
            "title": req.field("name") or "",
            "fields": _single(req.form),
            "contact": contact,
            "deleted": False,
            "license": "UNSPECIFIED",
            "doi": req.field("doi") or "%s/%s" % (TEST_DOI_PREFIX, key[:8]),
            **_endpoints(req),
        }
        return _created(key)

    def _dataset_update(self, req: Recorded, dataset: dict, org_key: str) -> Reply:
        """Only type, subtype, installation, publishing organisation (the principal) and
        endpoints change: title, description, contacts and DOI come from the EML on the next
        crawl (contract §A.4.7)."""
        _contact(req)
        dataset["installation"] = self._installation_of(req, org_key)
        dataset["organisation"] = org_key
        if req.field("subtype") is not None:
            dataset["fields"]["subtype"] = req.field("subtype")
        else:
            dataset["fields"].pop("subtype", None)
        dataset.update(_endpoints(req))
        return Reply(204)

    # GBIF API v1 reads ---------------------------------------------------------------------

    def _v1(self, req: Recorded, rest: str) -> Reply:
        match = re.fullmatch(r"dataset/([^/]+)", rest)
        if match:
            dataset = self.datasets.get(match.group(1))
            if dataset is None:
                raise Refused(404)
            return _json(_v1_dataset(match.group(1), dataset))
        match = re.fullmatch(r"installation/([^/]+)", rest)
        if match:
            installation = self.installations.get(match.group(1))
            if installation is None:
                raise Refused(404)
            return _json(_v1_installation(match.group(1), installation))
        match = re.fullmatch(
            r"(organization|installation)/([^/]+)/(publishedDataset|dataset)", rest
        )
        if match and (match.group(1), match.group(3)) in (
            ("organization", "publishedDataset"),
            ("installation", "dataset"),
        ):
            owner = "organisation" if match.group(1) == "organization" else "installation"
            found = [
                _v1_dataset(k, d)
                for k, d in self.datasets.items()
                if d[owner] == match.group(2) and not d["deleted"]
            ]
            return _json(_page(req, found))
        match = re.fullmatch(r"organization/([^/]+)/installation", rest)
        if match:
            found = [
                _v1_installation(k, i)
                for k, i in self.installations.items()
                if i["organisation"] == match.group(1) and not i.get("deleted")
            ]
            return _json(_page(req, found))
        raise Refused(404)

    def _installation_of(self, req: Recorded, org_key: str) -> str:
        """``iptKey`` when it names an installation, else the organisation's only one."""
        ipt_key = req.field("iptKey") or ""
        if ipt_key in self.installations:
            return ipt_key
        own = [k for k, i in self.installations.items() if i["organisation"] == org_key]
        if len(own) != 1:
            raise Refused(400)
        return own[0]

    # --- deletion as GBIF answers it, API v1 dataset reads, one-off faults (issue #18 #2-3) --
    # The real filter finds a deleted dataset no longer modifiable: a second DELETE (or any
    # write) gets 401; ``GET /v1/dataset/{key}`` (``_v1``) shows ``deleted``.
    # ``fail_next(method, prefix, status)`` answers the next matching request with ``status``.

    def fail_next(self, method: str, prefix: str, status: int) -> None:
        """Answer the next ``method`` request whose path starts with ``prefix`` with
        ``status`` (recorded like any other), then behave again."""
        self.one_off_faults = [*getattr(self, "one_off_faults", []), (method, prefix, status)]

    def sequence_lines(self) -> list[str]:
        """The recorded requests as ``METHOD path status`` lines."""
        return ["%s %s %d" % (r.method, r.path, r.status) for r in self.requests]

    def _route_issue18(self, req: Recorded) -> Reply | None:
        for fault in getattr(self, "one_off_faults", []):
            method, prefix, status = fault
            if req.method == method and req.path.startswith(prefix):
                self.one_off_faults.remove(fault)
                return Reply(status, b"", "text/plain")
        match = re.fullmatch(r"/registry/(ipt/resource|resource)/([^/]+)(/.*)?", req.path)
        if match and req.method in ("POST", "DELETE"):
            dataset = self.datasets.get(match.group(2))
            if dataset is not None and dataset["deleted"]:
                return Reply(401, b"Request to modify dataset not authorized", "text/plain")
        return None


def _v1_dataset(key: str, dataset: dict) -> dict:
    """The fields of gbif-api's ``Dataset`` a client needs (``deleted`` a timestamp or null)."""
    return {
        "key": key,
        "title": dataset.get("title") or dataset["fields"].get("name", ""),
        "type": dataset.get("type"),
        "publishingOrganizationKey": dataset["organisation"],
        "installationKey": dataset["installation"] or None,
        "doi": dataset.get("doi"),
        "license": dataset.get("license", "UNSPECIFIED"),
        "endpoints": [{"type": e["type"], "url": e["url"]} for e in dataset["endpoints"]],
        "deleted": _deleted(dataset),
    }


def _v1_installation(key: str, installation: dict) -> dict:
    """gbif-api's ``Installation`` without the password (it is never serialised)."""
    return {
        "key": key,
        "organizationKey": installation["organisation"],
        "type": installation["type"],
        "title": installation["fields"].get("name", ""),
        "description": installation["fields"].get("description", ""),
        "disabled": False,
        "endpoints": [{"type": e["type"], "url": e["url"]} for e in installation["endpoints"]],
        "deleted": _deleted(installation),
    }


def _deleted(entity: dict) -> str | None:
    if not entity.get("deleted"):
        return None
    return entity.setdefault("deleted_at", datetime.now(UTC).isoformat(timespec="seconds"))


def _page(req: Recorded, results: list[dict]) -> dict:
    offset = int((req.query.get("offset") or ["0"])[0])
    limit = int((req.query.get("limit") or [str(V1_LIMIT)])[0])
    return {
        "offset": offset,
        "limit": limit,
        "endOfRecords": offset + limit >= len(results),
        "count": len(results),
        "results": results[offset : offset + limit],
    }


def _single(form: dict[str, list[str]]) -> dict[str, str]:
    return {name: values[0] for name, values in form.items()}


def _contact(req: Recorded) -> dict:
    """The primary contact; a missing type or invalid e-mail leaves none, which is a 400."""
    kind = CONTACT_TYPES.get((req.field("primaryContactType") or "").lower())
    email = req.field("primaryContactEmail") or ""
    if kind is None or not EMAIL.match(email):
        raise Refused(400)
    return {"type": kind, "email": email, "name": req.field("primaryContactName") or ""}


def _pairs(req: Recorded) -> list[tuple[str, str]]:
    types = (req.field("serviceTypes") or "").split("|")
    urls = (req.field("serviceURLs") or req.field("serviceUrls") or "").split("|")
    return list(zip(types, urls, strict=False))


def _feed(req: Recorded) -> list[dict]:
    return [{"type": "FEED", "url": url} for kind, url in _pairs(req) if kind == "RSS"]


def _endpoints(req: Recorded) -> dict:
    """Endpoints and dataset type derived from serviceTypes/serviceURLs (LegacyDataset)."""
    endpoints: list[dict] = []
    for kind, url in _pairs(req):
        if kind == "EML" and not any(e["type"] == "EML" for e in endpoints):
            endpoints.append({"type": "EML", "url": url})
        elif kind in ARCHIVE_TYPES and not any(e["type"] == "DWC_ARCHIVE" for e in endpoints):
            endpoints.append({"type": "DWC_ARCHIVE", "url": url})
    return {"endpoints": endpoints, "type": _dataset_type(req.field("serviceTypes") or "")}


def _dataset_type(types: str) -> str | None:
    if "CHECKLIST" in types or "COLDP" in types:
        return "CHECKLIST"
    if "OCCURRENCE" in types or "CAMTRAP" in types:
        return "OCCURRENCE"
    if "DWC-ARCHIVE-SAMPLING-EVENT" in types:
        return "SAMPLING_EVENT"
    if types == "DWC-DP":
        return None
    return "METADATA"


def _created(key: str) -> Reply:
    body = "<iptEntityResponse><key>%s</key></iptEntityResponse>" % key
    return Reply(201, body.encode())


def _json(data) -> Reply:
    return Reply(200, json.dumps(data).encode(), "application/json")


if __name__ == "__main__":  # pragma: no cover - a demo aid
    import time

    demo = RegistryServer()
    org = demo.add_organisation("Demo Organisation", token="demo-token")
    demo.start()
    print("registry: %s\norganisation key: %s\ntoken: demo-token" % (demo.url, org))
    while True:
        time.sleep(3600)

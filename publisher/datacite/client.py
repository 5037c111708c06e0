"""HTTP client of DataCite's REST API for DOIs (``{base}/dois`` and ``{base}/dois/{doi}``).

Follows DataCite's public documentation: HTTP Basic auth with the repository id and its
password, sent with every request (drafts and registered DOIs are shown only to their
repository); JSON:API bodies ``{"data": {"type": "dois", "attributes": {...}}}`` with the
content type ``application/vnd.api+json``; the DataCite XML base64-encoded in
``attributes.xml``; a DOI's ``/`` kept literal in the path. Writes never follow redirects,
replies are read up to ``MAX_BODY``, and the password appears in no log line, error or repr.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from typing import Any
from urllib.parse import quote

import requests
from urllib3.exceptions import NewConnectionError, ProxyError

from .errors import (
    TAKEN,
    DataCiteBadResponse,
    DataCiteConflict,
    DataCiteError,
    DataCiteInvalid,
    DataCiteNotAuthorised,
    DataCiteNotFound,
    DataCiteUnreachable,
    gettext_noop,
)
from .record import DoiRecord, parse_errors, parse_record

logger = logging.getLogger(__name__)

PRODUCTION_URL = "https://api.datacite.org"
TEST_URL = "https://api.test.datacite.org"
DEFAULT_TIMEOUT = 30.0
MAX_BODY = 16 * 1024 * 1024  # one DOI record with its XML: a few hundred kB at most
JSONAPI = "application/vnd.api+json"
EVENTS = ("publish", "register", "hide")
# DataCite's own check of a DOI name (validates_format_of :doi), prefix "10.<digits>".
DOI_NAME = re.compile(r"^10\.\d{4,9}/[-._;()/:a-zA-Z0-9*~$=]+$")


class DataCiteClient:
    """The DOI calls of one DataCite repository. Every method raises a ``DataCiteError``
    subclass on failure (see ``errors``); none retries, callers decide."""

    def __init__(
        self,
        base_url: str,
        repository_id: str,
        password: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        user_agent: str = "sampling-event-publisher",
    ):
        self.base_url = base_url.rstrip("/")
        self.repository_id = repository_id.strip()
        self._password = password
        self.timeout = timeout
        self.user_agent = user_agent
        self.session = session or requests.Session()

    def __repr__(self) -> str:
        return "DataCiteClient(%r, %r)" % (self.base_url, self.repository_id)

    def get(self, doi: str) -> DoiRecord | None:
        """``GET /dois/{doi}``: the DOI as DataCite holds it, or None when DataCite knows no
        such DOI (or shows it to no one else: a draft of another repository)."""
        url = self.doi_url(doi)
        try:
            status, body = self._send("GET", url, doi=doi)
        except DataCiteNotFound:
            return None
        return parse_record(body, url=url, status=status)

    def create_draft(self, doi: str) -> DoiRecord:
        """``POST /dois`` with the exact name ``doi`` (never a prefix-only request: a DOI we
        named can be looked up again after a lost reply). Raises ``DataCiteConflict``
        (``reason`` ``"taken"``) when the DOI exists already."""
        url = "%s/dois" % self.base_url
        status, body = self._send("POST", url, doi=doi, attributes={"doi": _checked(doi)})
        return parse_record(body, url=url, status=status)

    def update(
        self,
        doi: str,
        *,
        xml: bytes | None = None,
        url: str | None = None,
        event: str | None = None,
    ) -> DoiRecord:
        """``PUT /dois/{doi}`` with the attributes given: ``xml`` (DataCite XML, sent
        base64-encoded), target ``url`` and a state ``event`` (``publish``: to findable;
        ``register``: draft to registered; ``hide``: findable to registered).

        As DataCite does, an event that does not apply to the DOI's state is ignored without
        error: check the ``state`` of the record returned. DataCite creates the DOI when it
        does not exist (PUT is "create or update"): callers update only DOIs they created."""
        if event is not None and event not in EVENTS:
            raise ValueError("unknown DataCite event %r, expected one of %s" % (event, EVENTS))
        attributes: dict[str, str] = {}
        if xml is not None:
            attributes["xml"] = base64.b64encode(xml).decode("ascii")
        if url is not None:
            attributes["url"] = url
        if event is not None:
            attributes["event"] = event
        target = self.doi_url(doi)
        status, body = self._send("PUT", target, doi=doi, attributes=attributes)
        return parse_record(body, url=target, status=status)

    def delete_draft(self, doi: str) -> bool:
        """``DELETE /dois/{doi}``: True when the draft was deleted, False when DataCite knew
        no such DOI (already deleted). A registered or findable DOI cannot be deleted:
        ``DataCiteConflict`` (``reason`` ``"not-draft"``)."""
        try:
            self._send("DELETE", self.doi_url(doi), doi=doi)
        except DataCiteNotFound:
            return False
        return True

    def doi_url(self, doi: str) -> str:
        """``{base}/dois/{doi}``, the DOI's ``/`` literal and anything else quoted."""
        return "%s/dois/%s" % (self.base_url, quote(_checked(doi), safe="/"))

    # --- transport --------------------------------------------------------------------------

    def _send(
        self, method: str, url: str, *, doi: str, attributes: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """The status and body of a 2xx reply; raises the ``DataCiteError`` the reply (or
        the lack of one) calls for."""
        headers = {
            "Accept": JSONAPI,
            "User-Agent": self.user_agent,
            "Authorization": _basic_auth(self.repository_id, self._password),
        }
        data = None
        if attributes is not None:
            headers["Content-Type"] = JSONAPI
            document = {"data": {"type": "dois", "attributes": attributes}}
            data = json.dumps(document).encode("utf-8")
        try:
            with self.session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=method == "GET",
                stream=True,
            ) as response:
                logger.info("DataCite %s %s: %s", method, url, response.status_code)
                body = _read(response, url)
        except requests.RequestException as exc:
            raise _unreachable(method, url, exc) from exc
        if not 200 <= response.status_code < 300:
            raise self._refusal(method, url, doi, response.status_code, body)
        return response.status_code, body

    def _refusal(self, method: str, url: str, doi: str, status: int, body: bytes) -> DataCiteError:
        errors = parse_errors(body)
        if status == 401:
            return DataCiteNotAuthorised(
                gettext_noop(
                    "DataCite did not accept the repository id %(repository)s and its "
                    "password (401)."
                ),
                {"repository": self.repository_id},
                reason="credentials",
                url=url,
                status=status,
            )
        if status == 403:
            return DataCiteNotAuthorised(
                gettext_noop(
                    "DataCite does not let the repository %(repository)s change %(doi)s (403): "
                    "its prefix is not one of the repository's."
                ),
                {"repository": self.repository_id, "doi": doi},
                reason="prefix",
                url=url,
                status=status,
            )
        if status == 404:
            return DataCiteNotFound(
                gettext_noop("DataCite knows no DOI %(doi)s."), {"doi": doi}, url=url, status=status
            )
        if status == 405 and method == "DELETE":
            return DataCiteConflict(
                gettext_noop(
                    "DataCite refused to delete %(doi)s: only a draft DOI can be deleted, and "
                    "this one is registered or findable."
                ),
                {"doi": doi},
                reason="not-draft",
                errors=errors,
                url=url,
                status=status,
            )
        if status == 422:
            return _unprocessable(doi, errors, url=url, status=status)
        return _other_status(status, errors, url)


def _unprocessable(
    doi: str, errors: tuple[tuple[str, str], ...], *, url: str, status: int
) -> DataCiteError:
    if any(TAKEN in title.lower() for _source, title in errors):
        return DataCiteConflict(
            gettext_noop("The DOI %(doi)s exists already in DataCite."),
            {"doi": doi},
            reason="taken",
            errors=errors,
            url=url,
            status=status,
        )
    return DataCiteInvalid(
        gettext_noop("DataCite refused %(doi)s as invalid: %(errors)s"),
        {"doi": doi, "errors": _listed(errors)},
        errors=errors,
        url=url,
        status=status,
    )


def _other_status(status: int, errors: tuple[tuple[str, str], ...], url: str) -> DataCiteError:
    if 300 <= status < 400:
        return DataCiteBadResponse(
            gettext_noop("DataCite answered a write with a redirect (%(status)s)."),
            {"status": status},
            url=url,
            status=status,
        )
    return DataCiteBadResponse(
        gettext_noop("DataCite answered %(status)s: %(errors)s"),
        {"status": status, "errors": _listed(errors) or "-"},
        url=url,
        status=status,
    )


def _listed(errors: tuple[tuple[str, str], ...]) -> str:
    return "; ".join("%s: %s" % (s, t) if s else t for s, t in errors)


def _checked(doi: str) -> str:
    """``doi`` trimmed, refused (``ValueError``) unless it is a DOI name DataCite accepts
    and has no ``.``/``..`` segment that would change the path."""
    name = doi.strip()
    if not DOI_NAME.match(name) or any(part in (".", "..") for part in name.split("/")):
        raise ValueError("not a DOI name DataCite accepts: %r" % doi)
    return name


def _basic_auth(username: str, password: str) -> str:
    raw = "%s:%s" % (username, password)
    return "Basic " + base64.b64encode(raw.encode("utf-8")).decode("ascii")


def _read(response: requests.Response, url: str) -> bytes:
    body = bytearray()
    for chunk in response.iter_content(64 * 1024):
        body.extend(chunk)
        if len(body) > MAX_BODY:
            raise DataCiteBadResponse(
                gettext_noop("DataCite's reply is larger than %(limit)s bytes."),
                {"limit": MAX_BODY},
                url=url,
                status=response.status_code,
            )
    return bytes(body)


def _unreachable(method: str, url: str, exc: requests.RequestException) -> DataCiteUnreachable:
    """The error for a request that got no reply (only the exception's class is named)."""
    logger.warning("DataCite %s %s failed: %s", method, url, exc.__class__.__name__)
    sent = not _never_sent(exc)
    message = (
        gettext_noop("DataCite at %(url)s did not answer (%(reason)s).")
        if sent
        else gettext_noop("DataCite at %(url)s could not be reached (%(reason)s).")
    )
    return DataCiteUnreachable(
        message, {"url": url, "reason": exc.__class__.__name__}, url=url, sent=sent
    )


def _never_sent(exc: requests.RequestException) -> bool:
    """True when no connection could be opened, so DataCite never saw the request."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    if not isinstance(exc, requests.ConnectionError) or isinstance(exc, requests.ReadTimeout):
        return False
    reason: Any = getattr(exc.args[0] if exc.args else None, "reason", None)
    return isinstance(reason, NewConnectionError | ProxyError)

"""HTTP client of the registry's legacy IPT API (``{registry}/registry/...``).

Behaves toward the registry as the IPT's HTTP client does: Basic credentials sent with the
first request (the registry answers 401 without a challenge), trimmed; form bodies
``application/x-www-form-urlencoded; charset=UTF-8``; any 2xx is success; POST and DELETE
never follow redirects; a 30 s timeout.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import requests
from urllib3.exceptions import NewConnectionError, ProxyError

from .errors import (
    RegistryBadRequest,
    RegistryBadResponse,
    RegistryError,
    RegistryNotAuthorised,
    RegistryOutcomeUnknown,
    RegistryUnreachable,
    gettext_noop,
)
from .forms import DatasetForm, Fields, InstallationForm
from .parse import (
    NetworkBrief,
    OrganisationBrief,
    OrganisationDetail,
    parse_boolean,
    parse_briefs,
    parse_json,
    parse_key,
    parse_organisation,
)
from .v1 import (
    MAX_PAGES,
    PAGE_LIMIT,
    RegisteredDataset,
    RegisteredInstallation,
    parse_dataset,
    parse_installation,
    parse_page,
)

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
MAX_BODY = 32 * 1024 * 1024  # the organisation list is the largest reply (a few MB at most)
FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"


@dataclass(frozen=True)
class Reply:
    """A 2xx answer: its status and body."""

    status: int
    body: bytes


def basic_auth(username: str, password: str) -> str:
    """The ``Authorization`` header value, credentials trimmed and UTF-8 encoded."""
    raw = "%s:%s" % (username.strip(), password.strip())
    return "Basic " + base64.b64encode(raw.encode("utf-8")).decode("ascii")


class RegistryClient:
    """Every legacy call the IPT makes. Methods raise a ``RegistryError`` subclass on
    failure (see ``errors``); none of them retries, callers decide."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        proxy: str = "",
        user_agent: str = "sampling-event-publisher",
        session: requests.Session | None = None,
        api_url: str = "",
    ):
        self.base_url = base_url.rstrip("/")
        self.api_url = api_url.rstrip("/")  # GBIF API v1, e.g. https://api.gbif.org/v1
        self.timeout = timeout
        self.user_agent = user_agent
        self.session = session or requests.Session()
        if proxy:
            self.session.proxies = {"http": proxy, "https": proxy}

    def url(self, path: str) -> str:
        return "%s/registry/%s" % (self.base_url, path)

    # --- organisations ------------------------------------------------------------------

    def organisations(self) -> list[OrganisationBrief]:
        """``GET organisation.json``: every organisation (key, name), no auth."""
        url = self.url("organisation.json")
        return [OrganisationBrief(k, n) for k, n in parse_briefs(self._get(url).body, url=url)]

    def organisation(self, key: str) -> OrganisationDetail:
        """``GET organisation/{key}.json``; an unknown key is a ``RegistryBadResponse``
        with status 404."""
        url = self.url("organisation/%s.json" % _seg(key))
        return parse_organisation(self._get(url).body, url=url)

    def organisation_login(self, key: str, token: str) -> bool:
        """``GET organisation/{key}?op=login`` with ``key:token``: True when the token is
        the organisation's, False when the registry says 401. Other failures raise."""
        try:
            self._get(
                self.url("organisation/%s" % _seg(key)), params={"op": "login"}, auth=(key, token)
            )
        except RegistryNotAuthorised:
            return False
        return True

    # --- the installation -----------------------------------------------------------------

    def installation_register(self, form: InstallationForm, *, token: str) -> str:
        """``POST ipt/register`` as the hosting organisation; returns the installation key."""
        return self._register(self.url("ipt/register"), form.fields(register=True), token, form)

    def installation_update(self, key: str, form: InstallationForm, *, password: str) -> None:
        """``POST ipt/update/{key}`` as the installation itself (key + ``wsPassword``)."""
        self._post(
            self.url("ipt/update/%s" % _seg(key)), form.fields(register=False), auth=(key, password)
        )

    # --- datasets ---------------------------------------------------------------------------

    def dataset_register(self, form: DatasetForm, *, token: str) -> str:
        """``POST ipt/resource`` as the publishing organisation; returns the dataset key."""
        return self._register(self.url("ipt/resource"), form.fields(register=True), token, form)

    def _register(
        self, url: str, fields: Fields, token: str, form: DatasetForm | InstallationForm
    ) -> str:
        """POST a registration and read its key. Raises ``RegistryOutcomeUnknown`` whenever
        the registry may have created the entity without the key coming back; other
        failures (refused connection, 400, 401, other 4xx) certainly created nothing."""
        try:
            reply = self._post(url, fields, auth=(form.organisation_key, token))
            return parse_key(reply.body, url=url)
        except RegistryError as exc:
            unknown = outcome_unknown(exc)
            if unknown is None:
                raise
            raise unknown from exc

    def dataset_update(self, key: str, form: DatasetForm, *, token: str) -> None:
        """``POST ipt/resource/{key}``: endpoints (and type) are replaced by those sent."""
        self._post(
            self.url("ipt/resource/%s" % _seg(key)),
            form.fields(register=False),
            auth=(form.organisation_key, token),
        )

    def dataset_delete(self, key: str, *, organisation_key: str, token: str) -> None:
        """``DELETE ipt/resource/{key}`` (a logical deletion in the registry)."""
        self._send(
            "DELETE", self.url("ipt/resource/%s" % _seg(key)), auth=(organisation_key, token)
        )

    def dataset_belongs(self, key: str, organisation_key: str) -> bool | None:
        """``GET resource/{key}/belongs/organisation/{org}``: True/False, or None when the
        registry knows no such dataset or organisation (404)."""
        url = self.url("resource/%s/belongs/organisation/%s" % (_seg(key), _seg(organisation_key)))
        try:
            return parse_boolean(self._get(url).body, url=url)
        except RegistryBadResponse as exc:
            if exc.status == 404:
                return None
            raise

    # --- networks ---------------------------------------------------------------------------

    def networks(self) -> list[NetworkBrief]:
        """``GET network.json``: the networks a dataset may join."""
        url = self.url("network.json")
        return [NetworkBrief(k, n) for k, n in parse_briefs(self._get(url).body, url=url)]

    def dataset_networks(self, key: str) -> list[dict[str, Any]]:
        """``GET resource/{key}/networks``: the dataset's networks (registry objects)."""
        url = self.url("resource/%s/networks" % _seg(key))
        data = parse_json(self._get(url).body, url=url)
        if not isinstance(data, list):
            raise RegistryBadResponse(
                gettext_noop("The registry's list is not a JSON array."), url=url
            )
        return [entry for entry in data if isinstance(entry, dict)]

    def dataset_network_add(
        self, key: str, network_key: str, *, organisation_key: str, token: str
    ) -> None:
        self._send("POST", self._network_url(key, network_key), auth=(organisation_key, token))

    def dataset_network_remove(
        self, key: str, network_key: str, *, organisation_key: str, token: str
    ) -> None:
        self._send("DELETE", self._network_url(key, network_key), auth=(organisation_key, token))

    def _network_url(self, key: str, network_key: str) -> str:
        return self.url("resource/%s/network/%s" % (_seg(key), _seg(network_key)))

    # --- GBIF API v1 reads --------------------------------------------------------------------

    def v1_dataset(self, key: str) -> RegisteredDataset | None:
        """``GET {api}/dataset/{key}``; None when the registry knows no such dataset (404)."""
        url = self._v1_url("dataset/%s" % _seg(key))
        try:
            return parse_dataset(parse_json(self._get(url).body, url=url), url=url)
        except RegistryBadResponse as exc:
            if exc.status == 404:
                return None
            raise

    def v1_installation(self, key: str) -> RegisteredInstallation | None:
        """``GET {api}/installation/{key}``; None when unknown (404)."""
        url = self._v1_url("installation/%s" % _seg(key))
        try:
            return parse_installation(parse_json(self._get(url).body, url=url), url=url)
        except RegistryBadResponse as exc:
            if exc.status == 404:
                return None
            raise

    def v1_organisation_datasets(self, key: str) -> list[RegisteredDataset]:
        """``GET {api}/organization/{key}/publishedDataset``, every page (deleted ones are
        not listed)."""
        path = "organization/%s/publishedDataset" % _seg(key)
        return [parse_dataset(e, url=path) for e in self._v1_pages(path)]

    def v1_installation_datasets(self, key: str) -> list[RegisteredDataset]:
        """``GET {api}/installation/{key}/dataset``, every page."""
        path = "installation/%s/dataset" % _seg(key)
        return [parse_dataset(e, url=path) for e in self._v1_pages(path)]

    def v1_organisation_installations(self, key: str) -> list[RegisteredInstallation]:
        """``GET {api}/organization/{key}/installation``, every page."""
        path = "organization/%s/installation" % _seg(key)
        return [parse_installation(e, url=path) for e in self._v1_pages(path)]

    def _v1_url(self, path: str) -> str:
        if not self.api_url:
            raise RegistryBadResponse(gettext_noop("No GBIF API v1 URL is configured."), url=path)
        return "%s/%s" % (self.api_url, path)

    def _v1_pages(self, path: str) -> list[Any]:
        url, found = self._v1_url(path), []
        for page in range(MAX_PAGES):
            params = {"offset": str(page * PAGE_LIMIT), "limit": str(PAGE_LIMIT)}
            results, last = parse_page(parse_json(self._get(url, params=params).body, url=url))
            found.extend(results)
            if last or not results:
                break
        return found

    # --- transport --------------------------------------------------------------------------

    def _get(
        self, url: str, *, params: dict[str, str] | None = None, auth: tuple[str, str] | None = None
    ) -> Reply:
        return self._send("GET", url, params=params, auth=auth)

    def _post(self, url: str, form: Fields, *, auth: tuple[str, str]) -> Reply:
        return self._send("POST", url, form=form, auth=auth)

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        form: Fields | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Reply:
        headers = {"User-Agent": self.user_agent, "Accept": "application/xml, application/json"}
        if auth is not None:
            headers["Authorization"] = basic_auth(*auth)
        body = None
        if form is not None:
            headers["Content-Type"] = FORM_TYPE
            body = urlencode(form, encoding="utf-8").encode("ascii")
        try:
            with self.session.request(
                method,
                url,
                params=params,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=method == "GET",
                stream=True,
            ) as response:
                logger.info("Registry %s %s: %s", method, url, response.status_code)
                _check(response.status_code, url)
                return Reply(response.status_code, _read(response, url))
        except requests.RequestException as exc:
            logger.warning("Registry %s %s failed: %s", method, url, exc.__class__.__name__)
            sent = not never_sent(exc)
            message = (
                "The registry at %s did not answer (%s)."
                if sent
                else "The registry at %s could not be reached (%s)."
            )
            raise RegistryUnreachable(
                message % (url, exc.__class__.__name__), url=url, sent=sent
            ) from exc


def never_sent(exc: requests.RequestException) -> bool:
    """True when no connection could be opened, so the registry certainly never saw the
    request: refused, DNS failure, connect timeout, TLS handshake or proxy failure. A read
    timeout or a connection dropped after sending may have been processed."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    if not isinstance(exc, requests.ConnectionError) or isinstance(exc, requests.ReadTimeout):
        return False
    reason = getattr(exc.args[0] if exc.args else None, "reason", None)
    return isinstance(reason, NewConnectionError | ProxyError)


def outcome_unknown(exc: RegistryError) -> RegistryOutcomeUnknown | None:
    """The uncertainty a register call's failure leaves, or None when it certainly created
    nothing. A 5xx counts as uncertain: the registry creates the dataset (and mints its DOI)
    before it adds the contact and endpoints, in separate steps, so a 500 may follow a
    creation, and a 502/504 from GBIF's proxies says nothing about what the backend did."""
    if isinstance(exc, RegistryUnreachable):
        if not exc.sent:
            return None
        situation, text = "no-reply", "No reply came back after the request was sent."
    elif isinstance(exc, RegistryBadResponse) and exc.status is not None and exc.status >= 500:
        situation, text = "server-error", "The registry answered %d." % exc.status
    elif isinstance(exc, RegistryBadResponse) and (exc.status is None or exc.status < 300):
        situation, text = "malformed", "The registry's reply had no usable key."
    else:
        return None
    return RegistryOutcomeUnknown(text, situation=situation, url=exc.url, status=exc.status)


def _seg(value: str) -> str:
    """A path segment, quoted so that a key can never change the path."""
    return quote(str(value).strip(), safe="")


def _check(status: int, url: str) -> None:
    if 200 <= status < 300:
        return
    if status == 400:
        raise RegistryBadRequest(
            gettext_noop("The registry refused the request as invalid (400)."),
            url=url,
            status=status,
        )
    if status == 401:
        raise RegistryNotAuthorised(
            gettext_noop("The registry did not accept the credentials (401)."),
            url=url,
            status=status,
        )
    raise RegistryBadResponse("The registry answered %d." % status, url=url, status=status)


def _read(response: requests.Response, url: str) -> bytes:
    body = bytearray()
    for chunk in response.iter_content(64 * 1024):
        body.extend(chunk)
        if len(body) > MAX_BODY:
            raise RegistryBadResponse(
                gettext_noop("The registry's reply is too large."),
                url=url,
                status=response.status_code,
            )
    return bytes(body)

"""Fetching documents from other servers with limits, for services that need it.

Every fetch a user can steer goes through here, and reaches only public addresses (issue
#16): the host is resolved once, each address is checked (``core.netpolicy``) and the
connection goes to the checked address, with the Host header, TLS server name and
certificate check still on the name. Redirects are followed here, each one checked again.
An administrator allows internal ranges with ``FETCH_ALLOWED_NETWORKS``.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import __version__, netpolicy
from core import error_codes as codes
from core.errors import AppError, UserError
from core.transactions import network_call_check

logger = logging.getLogger(__name__)

USER_AGENT = "sampling-event-publisher/%s" % __version__
CHUNK = 64 * 1024
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)


def fetch_bytes(url: str, *, max_bytes: int, timeout: float = 30.0) -> bytes:
    """GET ``url`` and return the body, at most ``max_bytes``.

    A bad address, an internal address, a 4xx answer or an oversized body is a
    ``UserError`` (fix the URL); a network failure, timeout or 5xx answer an ``AppError``
    (try again later).
    """
    response, url = _get(url, timeout)
    try:
        _check_status(url, response.status)
        return _read_limited(url, response, max_bytes)
    except urllib3.exceptions.HTTPError as exc:
        raise _unreachable(url, exc) from exc
    finally:
        response.release_conn()


def fetch_to_file(
    url: str,
    dest,
    *,
    max_bytes: int,
    timeout: float = 60.0,
    progress=None,
    refuse_html: bool = True,
    auth: tuple[str, str] | None = None,
) -> dict:
    """GET ``url`` into the file ``dest`` in chunks; returns content type and size.

    An HTML answer is refused when ``refuse_html`` (a data URL that returns a web page is
    almost always a login or error page). ``progress(bytes_so_far, total_or_None)`` is
    called as data arrives. ``auth`` (user, password) is sent as basic auth, so that
    credentials never need to be part of ``url`` (nor of the messages that name it).
    """
    response, url = _get(url, timeout, auth=auth)
    try:
        _check_status(url, response.status)
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if refuse_html and ctype in ("text/html", "application/xhtml+xml"):
            raise UserError(
                gettext_noop(
                    "%(url)s returned a web page (%(type)s), not data. Check that the address "
                    "downloads the file itself and needs no login."
                ),
                params={"url": url, "type": ctype},
                code=codes.FETCH_HTML,
                details={"url": url},
            )
        return _write_limited(url, response, dest, max_bytes, progress) | {"type": ctype}
    except urllib3.exceptions.HTTPError as exc:
        raise _unreachable(url, exc) from exc
    finally:
        response.release_conn()


def _get(
    url: str, timeout: float, *, auth: tuple[str, str] | None = None
) -> tuple[urllib3.BaseHTTPResponse, str]:
    """The answer to GET ``url`` after at most MAX_REDIRECTS redirects, each one checked,
    and the address that answered. ``auth`` goes only to the origin of ``url`` (a redirect to
    another server does not get the credentials, as in browsers and requests)."""
    network_call_check("A download")
    origin = urlsplit(url)[:2]
    for _hop in range(MAX_REDIRECTS + 1):
        send = auth if auth is not None and urlsplit(url)[:2] == origin else None
        response = _get_once(url, timeout, auth=send)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response, url
        response.close()
        url = urljoin(url, location)
    raise UserError(
        gettext_noop("%(url)s redirects more than %(n)d times; give the final address."),
        params={"url": url, "n": MAX_REDIRECTS},
        code=codes.FETCH_REDIRECTS,
        details={"url": url},
    )


def _get_once(
    url: str, timeout: float, *, auth: tuple[str, str] | None = None
) -> urllib3.BaseHTTPResponse:
    """One GET, without following redirects, on a connection to a checked address."""
    _check_scheme(url)
    parts = urlsplit(url)
    try:
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:  # a port that is not a number
        raise _bad_address(url) from exc
    if not host:
        raise _bad_address(url)
    addresses = _checked_addresses(url, host, port)
    target = parts.path or "/"
    target += "?" + parts.query if parts.query else ""
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": USER_AGENT}
    if auth is not None:
        headers.update(urllib3.util.make_headers(basic_auth="%s:%s" % auth))
    for index, address in enumerate(addresses):
        pool = _pool(parts.scheme, host, address, port, timeout)
        try:
            return pool.urlopen(
                "GET",
                target,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.NewConnectionError as exc:
            if index == len(addresses) - 1:  # try the next address, as browsers do
                raise _unreachable(url, exc) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise _unreachable(url, exc) from exc
    raise _unreachable(url, OSError("no address"))


def _pool(scheme: str, host: str, address, port: int, timeout: float):
    """A connection pool to ``address`` that speaks to it as ``host`` (SNI, certificate)."""
    limits = urllib3.Timeout(connect=10, read=timeout)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            port,
            timeout=limits,
            maxsize=1,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=host,
            assert_hostname=host,
        )
    return urllib3.HTTPConnectionPool(str(address), port, timeout=limits, maxsize=1, retries=False)


def _checked_addresses(url: str, host: str, port: int) -> list[netpolicy.Address]:
    """The addresses of ``host``, resolved once; refused when any of them is internal."""
    try:
        addresses = netpolicy.resolve(host, port)
    except OSError as exc:
        raise _unreachable(url, exc) from exc
    allowed = netpolicy.networks(settings.FETCH_ALLOWED_NETWORKS)
    blocked = [a for a in addresses if netpolicy.refused(a, allowed)]
    if blocked or not addresses:
        logger.warning("Refused to fetch %s: %s is internal", url, blocked)
        raise UserError(
            gettext_noop(
                "%(url)s points to an internal address (%(address)s), which this server does "
                "not contact. If the data is on your institution's own network, ask the "
                "administrator to add its address range to FETCH_ALLOWED_NETWORKS."
            ),
            params={"url": url, "address": ", ".join(str(a) for a in blocked)},
            code=codes.FETCH_ADDRESS_REFUSED,
            details={"url": url},
        )
    return addresses


def _bad_address(url: str) -> UserError:
    return UserError(
        gettext_noop("%(url)s is not a valid http or https address."),
        params={"url": url},
        code=codes.FETCH_SCHEME,
        details={"url": url},
    )


def _write_limited(url: str, response, dest, max_bytes: int, progress) -> dict:
    size = 0
    with open(dest, "wb") as out:
        for chunk, size, total in _limited_chunks(url, response, max_bytes):
            out.write(chunk)
            if progress:
                progress(size, total)
    return {"size": size}


def _check_scheme(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise UserError(
            _("Only http and https addresses can be fetched."),
            code=codes.FETCH_SCHEME,
            details={"url": url},
        )


def _unreachable(url: str, exc: Exception) -> AppError:
    logger.warning("Fetching %s failed: %s", url, exc.__class__.__name__)
    return AppError(
        gettext_noop("%(url)s could not be reached (%(error)s)."),
        params={"url": url, "error": exc.__class__.__name__},
        code=codes.FETCH_UNREACHABLE,
        details={"url": url},
    )


def _check_status(url: str, status: int) -> None:
    if status >= 500:
        raise AppError(
            gettext_noop("%(url)s answered with server error %(status)d."),
            params={"url": url, "status": status},
            code=codes.FETCH_SERVER_ERROR,
            details={"url": url, "status": status},
        )
    if status >= 400:
        raise UserError(
            gettext_noop("%(url)s answered %(status)d."),
            params={"url": url, "status": status},
            code=codes.FETCH_NOT_FOUND if status == 404 else codes.FETCH_REFUSED,
            details={"url": url, "status": status},
        )


def _read_limited(url: str, response, max_bytes: int) -> bytes:
    return b"".join(chunk for chunk, _size, _total in _limited_chunks(url, response, max_bytes))


def _limited_chunks(url: str, response, max_bytes: int):
    """The body's chunks with the bytes read so far and the declared size (or None);
    ``fetch:too-large`` as soon as the declared or the read size passes ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    total = int(declared) if declared and declared.isdigit() else None
    if total is not None and total > max_bytes:
        raise _too_large(url, max_bytes)
    size = 0
    for chunk in response.stream(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        yield chunk, size, total


def _too_large(url: str, max_bytes: int) -> UserError:
    return UserError(
        gettext_noop("%(url)s is larger than %(limit)d bytes."),
        params={"url": url, "limit": max_bytes},
        code=codes.FETCH_TOO_LARGE,
        details={"url": url},
    )

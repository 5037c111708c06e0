"""Fetching documents from other servers with limits, for services that need it."""

from __future__ import annotations

import logging

import requests
from django.utils.translation import gettext as _

from core import __version__
from core import error_codes as codes
from core.errors import AppError, UserError

logger = logging.getLogger(__name__)

USER_AGENT = "sampling-event-publisher/%s" % __version__
CHUNK = 64 * 1024


def fetch_bytes(url: str, *, max_bytes: int, timeout: float = 30.0) -> bytes:
    """GET ``url`` and return the body, at most ``max_bytes``.

    A bad address, 4xx answer or oversized body is a ``UserError`` (fix the URL); a network
    failure, timeout or 5xx answer an ``AppError`` (try again later).
    """
    _check_scheme(url)
    try:
        with requests.get(
            url, stream=True, timeout=(10, timeout), headers={"User-Agent": USER_AGENT}
        ) as response:
            _check_status(url, response.status_code)
            return _read_limited(url, response, max_bytes)
    except requests.RequestException as exc:
        raise _unreachable(url, exc) from exc


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
    _check_scheme(url)
    try:
        with requests.get(
            url,
            stream=True,
            timeout=(10, timeout),
            headers={"User-Agent": USER_AGENT},
            auth=auth,
        ) as response:
            _check_status(url, response.status_code)
            ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if refuse_html and ctype in ("text/html", "application/xhtml+xml"):
                raise UserError(
                    _(
                        "%(url)s returned a web page (%(type)s), not data. Check that the address "
                        "downloads the file itself and needs no login."
                    )
                    % {"url": url, "type": ctype},
                    code=codes.FETCH_HTML,
                    details={"url": url},
                )
            return _write_limited(url, response, dest, max_bytes, progress) | {"type": ctype}
    except requests.RequestException as exc:
        raise _unreachable(url, exc) from exc


def _write_limited(url: str, response, dest, max_bytes: int, progress) -> dict:
    declared = response.headers.get("Content-Length")
    total = int(declared) if declared and declared.isdigit() else None
    if total is not None and total > max_bytes:
        raise _too_large(url, max_bytes)
    size = 0
    with open(dest, "wb") as out:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(url, max_bytes)
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
        _("%(url)s could not be reached (%(error)s).")
        % {"url": url, "error": exc.__class__.__name__},
        code=codes.FETCH_UNREACHABLE,
        details={"url": url},
    )


def _check_status(url: str, status: int) -> None:
    if status >= 500:
        raise AppError(
            _("%(url)s answered with server error %(status)d.") % {"url": url, "status": status},
            code=codes.FETCH_SERVER_ERROR,
            details={"url": url, "status": status},
        )
    if status >= 400:
        raise UserError(
            _("%(url)s answered %(status)d.") % {"url": url, "status": status},
            code=codes.FETCH_NOT_FOUND if status == 404 else codes.FETCH_REFUSED,
            details={"url": url, "status": status},
        )


def _read_limited(url: str, response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url, max_bytes)
    body = bytearray()
    for chunk in response.iter_content(CHUNK):
        body.extend(chunk)
        if len(body) > max_bytes:
            raise _too_large(url, max_bytes)
    return bytes(body)


def _too_large(url: str, max_bytes: int) -> UserError:
    return UserError(
        _("%(url)s is larger than %(limit)d bytes.") % {"url": url, "limit": max_bytes},
        code=codes.FETCH_TOO_LARGE,
        details={"url": url},
    )

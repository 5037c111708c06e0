"""Serving published files as harvesters expect: validators, 304, single ranges, HEAD.

``Last-Modified`` is the file's modification time in whole seconds (as the IPT) and the
``ETag`` is built from that time and the size the way nginx builds it, so that answers stay
the same when ``FILE_SENDER`` hands the file to nginx or Apache (X-Accel-Redirect /
X-Sendfile), which then also take care of ranges.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
UNSATISFIABLE = (-1, -1)


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive ``(first, last)`` byte positions a ``Range`` header asks for.

    None means "send the whole file" (no header, a syntax error, several ranges, or a unit
    other than bytes: all allowed to be ignored); ``UNSATISFIABLE`` a range that starts
    beyond the end (answer 416).
    """
    match = _RANGE.match(header.replace(" ", "").strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":  # the last n bytes
        count = int(last)
        return UNSATISFIABLE if count == 0 or size == 0 else (max(0, size - count), size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None  # invalid: ignored
    if start >= size:
        return UNSATISFIABLE
    return start, size - 1 if last == "" else min(int(last), size - 1)


def _if_range_allows(request, etag: str, last_modified: int) -> bool:
    """A range is served only while ``If-Range`` (if sent) still names this file."""
    value = request.headers.get("If-Range", "").strip()
    if not value:
        return True
    if value.startswith(('"', "W/")):
        return value == etag  # strong comparison: a weak validator never matches
    return parse_http_date_safe(value) == last_modified


def _validators(path: Path) -> tuple[int, int, str]:
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise Http404 from exc
    last_modified = int(stat.st_mtime)
    return stat.st_size, last_modified, '"%x-%x"' % (last_modified, stat.st_size)


def _headers(response: HttpResponse, *, etag: str, last_modified: int) -> HttpResponse:
    response["Last-Modified"] = http_date(last_modified)
    response["ETag"] = etag
    response["Accept-Ranges"] = "bytes"
    return response


def serve_file(
    request, path: Path, *, content_type: str, filename: str, attachment: bool = True
) -> HttpResponse:
    """Answer GET/HEAD for ``path``: 304 when the client's copy is current, 206 for one
    satisfiable range, 416 for one that is not, else 200 with the file streamed (or handed
    to the front server)."""
    size, last_modified, etag = _validators(path)
    template = _headers(HttpResponse(), etag=etag, last_modified=last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=template
    )
    if conditional is not template:  # 304 (or 412 for If-Match / If-Unmodified-Since)
        return conditional
    wanted = None
    if request.method == "GET" and _if_range_allows(request, etag, last_modified):
        wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = "bytes */%d" % size
        return _headers(response, etag=etag, last_modified=last_modified)
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
    elif settings.FILE_SENDER != "none":
        response = _front_server(path, content_type)
    elif wanted is not None:
        response = _partial(path, wanted, size, content_type)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return _headers(response, etag=etag, last_modified=last_modified)


def _partial(path: Path, wanted: tuple[int, int], size: int, content_type: str):
    first, last = wanted
    response = StreamingHttpResponse(
        _read(path, first, last - first + 1), status=206, content_type=content_type
    )
    response["Content-Range"] = "bytes %d-%d/%d" % (first, last, size)
    response["Content-Length"] = str(last - first + 1)
    return response


def _read(path: Path, offset: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(offset)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                return
            length -= len(block)
            yield block


def _front_server(path: Path, content_type: str) -> HttpResponse:
    """An empty answer telling nginx (X-Accel-Redirect) or Apache (X-Sendfile) to send the
    file; they answer ranges themselves."""
    response = HttpResponse(content_type=content_type)
    if settings.FILE_SENDER == "nginx":
        relative = path.resolve().relative_to(settings.DATA_DIR.resolve()).as_posix()
        prefix = settings.FILE_SENDER_NGINX_PREFIX.rstrip("/")
        response["X-Accel-Redirect"] = prefix + "/" + quote(relative)
    else:
        response["X-Sendfile"] = str(path.resolve())
    return response


def serve_generated(
    request,
    build: Callable[[], bytes],
    *,
    source: Path,
    content_type: str,
    filename: str,
    attachment: bool = True,
    variant: str = "",
) -> HttpResponse:
    """Answer GET/HEAD with a document made from ``source`` (the RTF of an EML file): the
    validators are the source's, so that an unchanged source gives 304 without building;
    ``variant`` (a language) tells apart documents made differently from one source."""
    _size, last_modified, etag = _validators(source)
    suffix = "-".join(p for p in (filename.rsplit(".", 1)[-1], variant) if p)
    etag = etag[:-1] + '-%s"' % suffix  # not the source's own ETag
    template = _headers(HttpResponse(), etag=etag, last_modified=last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=template
    )
    if conditional is not template:
        return conditional
    content = build()
    response = HttpResponse(b"" if request.method == "HEAD" else content, content_type=content_type)
    response["Content-Length"] = str(len(content))
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response = _headers(response, etag=etag, last_modified=last_modified)
    del response["Accept-Ranges"]
    return response

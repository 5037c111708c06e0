"""Refusing oversized uploads while they arrive, not after they filled the disk."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

REFUSED = "publisher.upload_refused"


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a request once one file passes ``SOURCE_MAX_BYTES``.

    The name of the refused file is left in ``request.META[REFUSED]`` so that the view can
    say which file was too large (the file itself never reaches the view).
    """

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = start + len(raw_data)
        if self.received > settings.SOURCE_MAX_BYTES:
            self.request.META[REFUSED] = self.file_name
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def refused_upload(request) -> str | None:
    """The name of a file the size limit refused during this request, if any."""
    return request.META.get(REFUSED)

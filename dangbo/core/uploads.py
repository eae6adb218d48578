"""The first upload handler: a file larger than DANGBO_UPLOAD_MAX_MB is dropped as it arrives.

Django's handlers keep a small file in memory and stream a larger one to a temporary file; neither
has a cap. This one, placed before them (config/settings.py FILE_UPLOAD_HANDLERS), refuses a request
whose declared length is over the cap before any of its file is kept, and stops keeping a file once
its bytes pass the cap (a missing or false Content-Length). The request's other fields (the CSRF
token) are still read, so the page can answer with a message: `upload_refusal(request)` tells it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from dangbo.core.text import format_number

_ATTRIBUTE = "_dangbo_upload_refusal"
FORM_BYTES = 64 * 1024  # what a form's other fields and the multipart headers may add to the file


def max_upload_bytes() -> int:
    return int(settings.DANGBO_UPLOAD_MAX_MB) * 1024 * 1024


def upload_refusal(request: HttpRequest) -> str | None:
    """The Vietnamese reason a file of this request was dropped, or None."""
    return getattr(request, _ATTRIBUTE, None)


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.limit = max_upload_bytes()
        self.too_large = content_length > self.limit + FORM_BYTES
        self.received = 0
        return None

    def _refuse(self) -> None:
        if self.request is not None:
            setattr(
                self.request,
                _ATTRIBUTE,
                f"Tệp “{self.file_name or ''}” lớn quá {format_number(self.limit // (1024 * 1024))} MB, "
                "giới hạn của một lần tải lên; tệp không được nhận.",
            )
        raise SkipFile()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

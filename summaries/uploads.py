"""An upload handler that measures each file while it streams in and drops it past the size limit.

Django reads multipart bodies chunk by chunk; refusing here means an oversized file is never held
whole in memory or on disk. The refusal is remembered on the request so the page can say which file
was too large and by how much.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on to the storing handlers until a file is too big, and
    skips every file after the first MAX_FILES_PER_SUBMISSION (counted in `request.excess_uploads`)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = settings.SUMMARIES_MAX_UPLOAD_BYTES
        self.files = 0
        if request is not None and not hasattr(request, "oversized_uploads"):
            # Our own attributes on the request, read back by submitter.submitter_intake.
            request.oversized_uploads = []  # type: ignore[attr-defined]  # ours, not an HttpRequest field
            request.excess_uploads = 0  # type: ignore[attr-defined]  # ours, not an HttpRequest field

    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: dict[str, bytes] | None = None,
    ) -> None:
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.files += 1
        if self.files > settings.SUMMARIES_MAX_FILES_PER_SUBMISSION:
            if self.request is not None:
                self.request.excess_uploads += 1  # type: ignore[attr-defined]  # set in __init__
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        received = start + len(raw_data)
        if received > self.limit:
            if self.request is not None:
                self.request.oversized_uploads.append((self.file_name, received))  # type: ignore[attr-defined]  # set in __init__
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

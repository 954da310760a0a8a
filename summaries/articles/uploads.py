"""Upload handlers: one measures each file while it streams in and drops it past the size limit; one keeps
what does not fit in memory in a temporary file that has no name on disk.

Django reads multipart bodies chunk by chunk; refusing here means an oversized file is never held
whole in memory or on disk. The refusal is remembered on the request so the page can say which file
was too large and by how much.
"""

import tempfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
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


class UnnamedTemporaryFile(UploadedFile):
    """An upload kept in a temporary file that is unlinked from the moment it exists (`O_TMPFILE` on
    Linux): when the process dies mid-request, even by SIGKILL, the kernel takes the space back. Django's
    own named temporary file stayed behind in /tmp whenever the web server was stopped during an upload.
    Nothing here needs the file's path (stored uploads are copied, the sandbox reads the bytes)."""

    def __init__(
        self,
        name: str | None,
        content_type: str | None,
        size: int,
        charset: str | None,
        content_type_extra: dict | None = None,
    ) -> None:
        file = tempfile.TemporaryFile(suffix=".upload", dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 (open while the request holds it)
        super().__init__(file, name, content_type, size, charset, content_type_extra)


class UnnamedTemporaryFileUploadHandler(FileUploadHandler):
    """Django's TemporaryFileUploadHandler (last in FILE_UPLOAD_HANDLERS: what memory does not take), with
    an UnnamedTemporaryFile in place of a named one."""

    file: UnnamedTemporaryFile

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = UnnamedTemporaryFile(self.file_name, self.content_type, 0, self.charset, self.content_type_extra)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()

"""summaries/articles/uploads.py: files too big for memory go to a temporary file without a name."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from summaries.articles.uploads import UnnamedTemporaryFile


def test_a_file_bigger_than_memory_takes_arrives_whole_in_an_unnamed_file(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = os.urandom(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 12345)
    request = RequestFactory().post("/", {"files": SimpleUploadedFile("big.pdf", content, "application/pdf")})
    upload = request.FILES["files"]
    assert isinstance(upload, UnnamedTemporaryFile) and not hasattr(upload, "temporary_file_path")
    assert (upload.name, upload.size, upload.read()) == ("big.pdf", len(content), content)
    assert list(tmp_path.iterdir()) == []  # never a name on disk, even while it is open


def test_a_small_file_stays_in_memory(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = RequestFactory().post("/", {"files": SimpleUploadedFile("small.txt", b"news", "text/plain")})
    assert request.FILES["files"].read() == b"news" and not isinstance(request.FILES["files"], UnnamedTemporaryFile)

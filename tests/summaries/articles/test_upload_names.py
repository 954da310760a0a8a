"""Uploaded files: whatever a file is called, it is stored under MEDIA_ROOT/originals/<article>/ with a safe name,
never served from MEDIA_URL, and given back to its owner only through the article's own download view.

Names arrive two ways: from a browser's multipart upload (Django already drops any path there) and from the
`summarize` command, whose file names reach the service unchanged. Both are tried.
"""

import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse

from summaries.articles.models import Article
from summaries.articles.submission import articles_submit_batch
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ARTICLE = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة.\n" * 2
MAX_PATH = Article._meta.get_field("original_file").max_length

# (name as sent, the basename it must be stored under)
NAMES = [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\x.txt", "x.txt"),
    ("/etc/absolute.txt", "absolute.txt"),
    ("C:\\Users\\me\\windows.txt", "windows.txt"),
    ("a\x00b\x1f\u202ec.txt", "abc.txt"),
    ("x" * 296 + ".txt", "x" * 40 + ".txt"),
    ("a." * 148 + "txt", "a_" * 19 + "a.txt"),
    ("تقرير الأخبار.txt", "تقرير_الأخبار.txt"),
    ("ع" * 300 + ".txt", "ع" * 40 + ".txt"),
    (".htaccess.txt", "htaccess.txt"),
    ("<script>alert(1)<script>.txt", "scriptalert1script.txt"),
]
IDS = [
    "parent dirs",
    "backslashes",
    "absolute",
    "windows path",
    "control chars",
    "300 chars",
    "300 chars of dots",
    "arabic",
    "300 arabic chars",
    "dotfile",
    "markup",
]


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    """MEDIA_ROOT two folders down a temporary folder, so a file escaping it would still be found."""
    settings.MEDIA_ROOT = tmp_path / "deep" / "media"
    return settings.MEDIA_ROOT


def multipart(name: str, data: bytes) -> dict:
    """A browser's upload body, written out by hand: the test client would strip a path from the name itself."""
    boundary = "----hostile-name-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="language"\r\n\r\nar\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    )
    body = head.encode("utf-8") + data + f"\r\n--{boundary}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def assert_stored_safely(article: Article, media: Path, tmp_path: Path) -> str:
    """The one file written is the original, in the article's own folder, under a name safe on any filesystem."""
    folder = media / "originals" / str(article.pk)
    assert MAX_PATH is not None  # a FileField always has a max_length
    assert files_under(tmp_path) == [folder / Path(article.original_file.name).name]
    assert (
        article.original_file.name.startswith(f"originals/{article.pk}/")
        and len(article.original_file.name) <= MAX_PATH
    )
    basename = Path(article.original_file.name).name
    assert not basename.startswith(".") and len(basename.encode()) <= 255
    assert not any(unicodedata.category(char).startswith(("C", "Z")) for char in basename)
    assert (folder / basename).read_bytes() == ARTICLE.encode()
    return basename


@pytest.mark.parametrize(("name", "stored"), [*NAMES, ("line\nbreak.txt", "linebreak.txt")], ids=[*IDS, "newline"])
def test_command_line_name_is_stored_sanitized(client, media, tmp_path, name, stored):
    """A file name passed straight to the service (as `summarize` does) is reduced to a safe basename, and an
    editor can still download the file."""
    (outcome,) = articles_submit_batch(files=[(name, ARTICLE.encode())], language="ar")
    assert outcome.error is None, outcome.error.message
    article = outcome.submission.article
    assert assert_stored_safely(article, media, tmp_path) == stored
    client.force_login(make_user("editor", editor=True))
    download = client.get(reverse("summaries:article_original", kwargs={"article_id": article.pk}))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment; ")


@pytest.mark.parametrize(("name", "stored"), NAMES, ids=IDS)
def test_browser_upload_is_stored_sanitized_and_only_its_owner_downloads_it(client, media, tmp_path, name, stored):
    """Through the web form: stored safely, absent from MEDIA_URL, and downloadable by its owner as an attachment."""
    response = client.post(reverse("summaries:submit"), **multipart(name, ARTICLE.encode()))
    assert response.status_code == 200
    article = Article.objects.get()
    assert_stored_safely(article, media, tmp_path)
    assert client.get(f"/{settings_media_url()}{article.original_file.name}").status_code == 404
    download = client.get(reverse("summaries:article_original", kwargs={"article_id": article.pk}))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment; ")
    assert b"".join(download.streaming_content) == ARTICLE.encode()


def settings_media_url() -> str:
    from django.conf import settings

    return settings.MEDIA_URL.lstrip("/")


@pytest.mark.parametrize("name", [".htaccess", "../.htaccess", "original", "x.php"])
def test_a_name_without_an_accepted_extension_is_refused_and_nothing_is_written(tmp_path, media, name):
    """`.htaccess` and other names without a text or document extension never reach the disk."""
    (outcome,) = articles_submit_batch(files=[(name, ARTICLE.encode())], language="ar")
    assert outcome.error is not None and outcome.error.code == "unsupported_type"
    assert files_under(tmp_path) == [] and not Article.objects.exists()


def test_media_is_not_served_even_for_an_existing_file(client, media, tmp_path):
    """No route serves MEDIA_URL: a stored original cannot be fetched by its path, only through its article."""
    (outcome,) = articles_submit_batch(files=[("story.txt", ARTICLE.encode())], language="ar")
    path = outcome.submission.article.original_file.name
    assert (media / path).is_file()
    for url in (f"/{settings_media_url()}{path}", f"/{settings_media_url()}", "/media/../" + path):
        assert client.get(url).status_code == 404


def test_media_root_is_outside_the_static_files():
    """The deployed MEDIA_ROOT is not inside STATIC_ROOT, which WhiteNoise serves to anyone."""
    from newsapp import settings as project

    assert not Path(project.MEDIA_ROOT).resolve().is_relative_to(Path(project.STATIC_ROOT).resolve())

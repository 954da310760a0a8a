"""Submissions over a limit get 429 with a clear message; nothing is stored for them."""

import pytest
from django.urls import reverse

from summaries.articles.models import Article
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents signed an agreement on trade and energy in Cairo on Monday. " * 3


def texts(count: int) -> list[str]:
    return [f"Article number {index}. " + ENGLISH for index in range(count)]


@pytest.fixture
def limits(settings):
    settings.SUMMARIES_RATE_LIMIT_PER_IP = (4, 3600)
    settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (2, 3600)
    settings.SUMMARIES_REUSE_DUPLICATES = False
    return settings


def test_the_session_limit_answers_429_and_keeps_the_text(client, limits):
    for text in texts(2):
        assert client.post("/", {"text": text}).status_code == 302
    refused = client.post("/", {"text": "Kept text. " + ENGLISH})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many articles were submitted from this browser: at most 2 per hour." in page
    assert "Try again in 60 minutes." in page
    assert "Kept text." in page  # what was pasted is still in the form
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert Article.objects.count() == 2


def test_the_address_limit_catches_a_client_that_drops_its_cookies(client_factory, limits):
    for text in texts(4):
        assert client_factory().post("/", {"text": text}).status_code == 302
    refused = client_factory().post("/", {"text": ENGLISH})
    assert refused.status_code == 429
    assert "from your network: at most 4 per hour" in refused.content.decode()
    assert Article.objects.count() == 4


def test_each_accepted_file_counts(client, limits):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"a{index}.txt", text.encode()) for index, text in enumerate(texts(2))]
    assert client.post("/", {"files": files}).status_code == 200
    assert client.post("/", {"text": ENGLISH}).status_code == 429


def test_a_batch_beyond_the_limit_takes_what_fits_and_names_the_rest(client, limits):
    """Two places for a paste and three files: the paste and the first file go in, the other two are listed
    by name as not sent, with the time to wait; the next submission is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"a{index}.txt", text.encode()) for index, text in enumerate(texts(3))]
    response = client.post("/", {"files": files, "text": "Pasted too. " + ENGLISH})
    html = response.content.decode()
    assert response.status_code == 200 and Article.objects.count() == 2
    assert html.count('class="outcome accepted"') == 2 and html.count('class="outcome refused"') == 2
    for name in ("a1.txt", "a2.txt"):
        row = html[html.index(f"<bdi>{name}</bdi>") :]
        assert "Not sent: Too many articles were submitted from this browser" in row[: row.index("</li>")]
    assert client.post("/", {"text": ENGLISH}).status_code == 429


def test_signed_in_people_count_per_account_not_per_browser(client, limits):
    """The same policy as the API: an account has its own, larger limit (RATE_LIMIT_PER_USER)."""
    limits.SUMMARIES_RATE_LIMIT_PER_USER = (3, 3600)
    client.force_login(make_user("reporter"))
    for text in texts(3):
        assert client.post("/", {"text": text}).status_code == 302
    refused = client.post("/", {"text": ENGLISH})
    assert refused.status_code == 429
    assert "Too many articles were submitted with this account: at most 3 per hour." in refused.content.decode()


def test_refused_or_invalid_submissions_do_not_count(client, limits):
    for _ in range(3):
        assert client.post("/", {"text": "short"}).status_code == 400
    assert client.post("/", {"text": ENGLISH}).status_code == 302


def test_the_limit_message_is_in_arabic_on_arabic_pages(client, limits):
    client.cookies["django_language"] = "ar"
    for text in texts(2):
        client.post("/", {"text": text})
    refused = client.post("/", {"text": ENGLISH})
    assert refused.status_code == 429
    assert "Too many" not in refused.content.decode() and 'role="alert"' in refused.content.decode()


def test_behind_a_proxy_each_forwarded_address_has_its_own_count(client_factory, limits):
    limits.NUM_PROXIES = 1
    for text in texts(4):
        client_factory().post("/", {"text": text}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_factory().post("/", {"text": ENGLISH}, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client_factory().post("/", {"text": ENGLISH}, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302


@pytest.fixture
def client_factory():
    """A fresh client (no cookies) for every call: a script that never keeps its session."""
    from django.test import Client

    return Client


def test_the_get_page_is_never_limited(client, limits):
    for text in texts(2):
        client.post("/", {"text": text})
    assert client.get(reverse("summaries:submit")).status_code == 200

"""Generated hostile requests to every POST endpoint that takes input: never a 5xx, and a refused request
stores nothing.

Hypothesis builds the bodies: JSON of any shape and depth, raw bytes declared as JSON, form fields of any
text, and files of every accepted type filled with structured garbage (zips holding random XML, PDFs with
random objects and streams, HTML soup) or random bytes.
"""

import io
import json
import zipfile

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from summaries.access.tokens import issue
from summaries.articles.models import Article
from summaries.review.models import ReviewEvent
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_user

pytestmark = pytest.mark.django_db
FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ["", " ", "\u200c" * 50, "\u202e" * 10 + "x", "ا" * 79, "<script>alert(1)</script>" * 5, "\x00" * 20]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=30,
)
deep = st.integers(min_value=100, max_value=20_000).map(lambda depth: "[" * depth + "]" * depth)
json_bodies = json_values.map(json.dumps) | deep | st.binary(max_size=2000).map(lambda data: data.decode("latin-1"))


@st.composite
def docx_files(draw: st.DrawFn) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if draw(st.booleans()):
            archive.writestr("[Content_Types].xml", draw(st.binary(max_size=200)))
        body = draw(
            st.one_of(
                st.binary(max_size=3000),
                st.builds(
                    lambda inner: (
                        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                        + inner
                        + "</w:body></w:document>"
                    ).encode(),
                    st.text(max_size=2000),
                ),
                st.integers(1, 300_000).map(lambda n: b'<w:document xmlns:w="x"><w:body>' + b"<w:p/>" * n),
            )
        )
        archive.writestr(draw(st.sampled_from(["word/document.xml", "word/other.xml"])), body)
    return buffer.getvalue()


pdf_files = st.builds(
    lambda objects, stream: (
        b"%PDF-1.4\n"
        + b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, body) for number, body in enumerate(objects, start=1))
        + b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream\nendobj\n"
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF"
    ),
    st.lists(st.binary(max_size=200), max_size=5),
    st.binary(max_size=2000),
)
html_files = st.one_of(
    st.text(max_size=3000).map(str.encode),
    st.integers(1, 3000).map(lambda depth: ("<div>" * depth + "نص" + "</div>" * depth).encode()),
)
any_bytes = st.binary(max_size=4000)
files = st.one_of(
    st.tuples(st.just("a.docx"), docx_files() | any_bytes),
    st.tuples(st.just("a.pdf"), pdf_files | any_bytes),
    st.tuples(st.sampled_from(["a.html", "a.htm"]), html_files | any_bytes),
    st.tuples(st.sampled_from(["a.txt", "a.md"]), any_bytes),
    st.tuples(texts.map(lambda name: (name or "x")[:80]), any_bytes),
)


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.fixture(autouse=True)
def unlimited(settings):
    """Generated bodies arrive by the hundred: the rate limits would answer them all 429."""
    settings.SUMMARIES_RATE_LIMIT_PER_IP = settings.SUMMARIES_RATE_LIMIT_PER_SESSION = None
    settings.SUMMARIES_RATE_LIMIT_PER_USER = settings.SUMMARIES_RATE_LIMIT_REFUSED = None
    settings.SUMMARIES_EXTRACT_SECONDS = 5


def check(response, before: int) -> None:
    """No server error; a refusal stored no article."""
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert Article.objects.count() == before, response.content[:500]


@FUZZ
@given(body=json_bodies)
def test_api_json_submissions(body):
    before = Article.objects.count()
    check(Client().post("/api/v1/articles/", body, content_type="application/json"), before)


@FUZZ
@given(
    file=files, fields=st.dictionaries(st.sampled_from(["text", "language", "strategy", "length", "force_new"]), texts)
)
def test_api_multipart_submissions(file, fields):
    before = Article.objects.count()
    check(Client().post("/api/v1/articles/", {**fields, "file": upload(*file)}), before)


@FUZZ
@given(
    chosen=st.lists(files, max_size=3),
    fields=st.dictionaries(st.sampled_from(["text", "language", "strategy", "length", "force_new"]), texts),
)
def test_web_form_submissions(chosen, fields):
    before = Article.objects.count()
    response = Client().post("/", {**fields, "files": [upload(*file) for file in chosen]})
    check(response, before)


@pytest.fixture
def editor_world(db):
    editor = make_user("fuzz-editor", editor=True)
    summary = finish(make_article().latest_summary)
    return editor, summary


@FUZZ
@given(body=json_bodies, endpoint=st.sampled_from(["decision", "revisions"]))
def test_api_review_actions(editor_world, body, endpoint):
    editor, summary = editor_world
    client = Client(HTTP_AUTHORIZATION=f"Token {issue(editor).key}")
    events = ReviewEvent.objects.count()
    response = client.post(f"/api/v1/summaries/{summary.pk}/{endpoint}/", body, content_type="application/json")
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert ReviewEvent.objects.count() == events


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["action", "note", "title", "text", "base_revision", "number", "strategy", "length"]), texts
    ),
    route=st.sampled_from(["summary_review", "summary_decide", "summary_restore", "summary_rerun"]),
)
def test_web_review_forms(editor_world, data, route):
    from django.urls import reverse

    editor, summary = editor_world
    client = Client()
    client.force_login(editor)
    runs, events = Summary.objects.count(), ReviewEvent.objects.count()
    response = client.post(reverse(f"summaries:{route}", kwargs={"summary_id": summary.pk}), data)
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert (Summary.objects.count(), ReviewEvent.objects.count()) == (runs, events)


@FUZZ
@given(
    url=st.sampled_from(["/accounts/login/", "/accounts/password_reset/", "/i18n/setlang/"]),
    data=st.dictionaries(st.sampled_from(["username", "password", "email", "language", "next"]), texts),
)
def test_sign_in_password_reset_and_language_forms(url, data):
    assert Client().post(url, data).status_code < 500

"""Hostile user text is shown as text everywhere: escaped, and with its bidi controls kept inside its own element.

One payload set goes into every field a user or an editor controls: the original, the uploaded file's name, the
translation, the machine summary and its sentences, an editor's headline, text and note, the review notes (a
request for changes, a rejection reason, an approval note) and both people's user names. Every page that shows
any of it is then read as a browser would: the markup must arrive escaped (once), and no bidi override or
isolate may reorder text that is not the user's own.
"""

import json
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from summaries.articles.models import Article
from summaries.articles.submission import articles_submit_batch
from summaries.review import decisions as review
from summaries.review.exports import markdown_escape
from summaries.review.models import ReviewEvent
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article, make_user, own

pytestmark = pytest.mark.django_db

# An override, then an isolate opened inside it; neither is closed.
BIDI = "\u202eevil \u2066nested"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
SVG = '"><svg onload=alert(1)>'
HOSTILE = f"{BIDI} {SCRIPT} {IMG} {LINK} {SVG}"
RAW_MARKERS = ("<script>alert", "<img src=x onerror", "<svg onload", 'href="javascript:')
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ARABIC = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة."


def hostile(label: str) -> str:
    """Two lines: the payload, then a line naming the field, so an unclosed control also meets a second line."""
    return f"{HOSTILE}\n{label} {BIDI} end."


FIELDS = {
    "original": f"{hostile('original')}\n{ARABIC}",
    "translation": hostile("translation"),
    "machine summary": hostile("machine summary"),
    "edited summary": hostile("edited summary"),
    "headline": f"{HOSTILE} headline",
    "edit note": f"{HOSTILE} edit note",
    "changes requested": hostile("changes requested"),
    "reject reason": hostile("reject reason"),
    "approve note": hostile("approve note"),
    "sentence": f"{HOSTILE} sentence",
    "issue": f"{HOSTILE} issue",
    "submitter": f"{BIDI}{SCRIPT}{IMG}",
    "editor": f"{BIDI}{SVG}{LINK}",
    "file name": f"{IMG}{SVG}{BIDI}.txt",
}
USER_TEXT = [*FIELDS.values(), *(line for value in FIELDS.values() for line in value.split("\n"))]


@dataclass
class World:
    """An anonymous upload taken through the whole review to publication, and a signed-in submitter's article."""

    article: Article
    summary: Summary
    other: Summary
    submitter: User
    editor: User
    staff: User


@pytest.fixture
def world() -> World:
    editor = make_user(FIELDS["editor"], editor=True)
    submitter = make_user(FIELDS["submitter"])
    (outcome,) = articles_submit_batch(files=[(FIELDS["file name"], FIELDS["original"].encode())], language="ar")
    assert outcome.error is None, outcome.error
    assert outcome.submission is not None
    summary = finish(
        latest_run(outcome.submission.article), text=FIELDS["machine summary"], translation=FIELDS["translation"]
    )
    sentences = FIELDS["original"].split("\n")
    Summary.objects.filter(pk=summary.pk).update(
        source_sentences=sentences,
        translated_sentences=[FIELDS["translation"].split("\n")[0], "", ""],
        grounding={
            "summary": [
                {
                    "text": FIELDS["sentence"],
                    "sources": [0],
                    "scores": [0.2],
                    "support": 0.2,
                    "flagged": True,
                    "issues": [{"kind": "name_added", "value": FIELDS["issue"]}],
                }
            ],
            "translation_scores": [0.2, None, None],
            "translation_flags": [True, False, False],
            "translation_issues": [[{"kind": "name_added", "value": FIELDS["issue"]}], [], []],
        },
    )
    review.summary_edit(
        summary_id=summary.pk,
        editor=editor,
        title=FIELDS["headline"],
        text=FIELDS["edited summary"],
        base_revision=1,
        note=FIELDS["edit note"],
    )
    review.summary_transition(
        summary_id=summary.pk, editor=editor, action="request_changes", note=FIELDS["changes requested"]
    )
    review.summary_reject(summary_id=summary.pk, editor=editor, reason=FIELDS["reject reason"])
    review.summary_transition(summary_id=summary.pk, editor=editor, action="reopen")
    review.summary_approve(summary_id=summary.pk, editor=editor, note=FIELDS["approve note"])
    other = finish(
        latest_run(make_article(source_text=FIELDS["original"], submitted_by=submitter)),
        text=FIELDS["machine summary"],
    )
    summary.refresh_from_db()
    return World(summary.article, summary, other, submitter, editor, make_user("staff", staff=True))


# Elements the HTML rendering rules isolate (`unicode-bidi: isolate`), plus the form controls and the title,
# which the browser draws as boxes of their own.
ISOLATING = {
    "address",
    "blockquote",
    "center",
    "dialog",
    "div",
    "figure",
    "figcaption",
    "footer",
    "form",
    "header",
    "hr",
    "legend",
    "listing",
    "main",
    "p",
    "plaintext",
    "pre",
    "search",
    "summary",
    "xmp",
    "article",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "nav",
    "section",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "dir",
    "dd",
    "dl",
    "dt",
    "menu",
    "ol",
    "ul",
    "li",
    "bdi",
    "output",
    "textarea",
    "option",
    "title",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EMBEDDINGS, ISOLATES, PDF, PDI = set("\u202a\u202b\u202d\u202e"), set("\u2066\u2067\u2068"), "\u202c", "\u2069"


def first_unclosed(text: str) -> int | None:
    """Where the outermost embedding/override/isolate left open at the end of `text` starts (UAX #9 X1-X8)."""
    stack: list[tuple[str, int]] = []
    for position, char in enumerate(text):
        if char in EMBEDDINGS:
            stack.append(("embedding", position))
        elif char in ISOLATES:
            stack.append(("isolate", position))
        elif char == PDF and stack and stack[-1][0] == "embedding":
            stack.pop()
        elif char == PDI and any(kind == "isolate" for kind, _ in stack):
            while stack.pop()[0] != "isolate":
                pass
    return stack[0][1] if stack else None


def is_user_text(text: str) -> bool:
    """Whether this is (part of) a value the test put in, rather than text the page itself says.

    A JSON field shown whole in its own admin box (the grounding data) counts as the user's: nothing else is in it.
    """
    text = text.strip().rstrip("…").strip()
    return not text or any(text in value for value in USER_TEXT) or is_json(text)


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


class BidiSpillFinder(HTMLParser):
    """Text an unclosed control reorders that is not the user's own, up to the end of the nearest isolating element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []
        self.spill_until: int | None = None  # depth at which the element containing the open control closes
        self.spills: list[str] = []
        self.controls = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(
                (tag, tag in ISOLATING or (dict(attrs).get("dir") or "").lower() in {"ltr", "rtl", "auto"})
            )

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break
        if self.spill_until is not None and len(self.open) <= self.spill_until:
            self.spill_until = None

    def handle_data(self, data: str) -> None:
        self.controls += sum(char in EMBEDDINGS | ISOLATES for char in data)
        if self.spill_until is not None and not is_user_text(data):
            self.spills.append(data)
        start = first_unclosed(data)
        if start is None:
            return
        if not (is_user_text(data[start:]) or is_json(data)):
            self.spills.append(data)
        isolating = [depth for depth, (_, isolates) in enumerate(self.open) if isolates]
        self.spill_until = isolating[-1] if isolating else -1


def assert_shown_as_text(html: str) -> None:
    """No raw markup, the markup escaped once, and no bidi control reordering anything but user text."""
    for marker in RAW_MARKERS:
        assert marker not in html, marker
    assert ESCAPED in html and "&amp;lt;" not in html
    finder = BidiSpillFinder()
    finder.feed(html)
    finder.close()
    assert finder.controls, "the payload's bidi controls do not reach the page"
    assert finder.spills == []


def as_role(client: Client, world: World, role: str) -> Client:
    if role == "owner session":
        own(client, world.article)
    elif role != "anonymous":
        client.force_login({"submitter": world.submitter, "editor": world.editor, "staff": world.staff}[role])
    return client


def review_url(name: str, summary: Summary) -> str:
    return reverse(f"summaries:{name}", kwargs={"summary_id": summary.pk})


def admin_url(model: str, row: Model | None = None) -> str:
    if row is None:
        return reverse(f"admin:summaries_{model}_changelist")
    return reverse(f"admin:summaries_{model}_change", args=[row.pk])


# (label, role, url builder)
PAGES = [
    (
        "article page, anonymous owner",
        "owner session",
        lambda w: reverse("summaries:article_detail", kwargs={"article_id": w.article.pk}),
    ),
    (
        "article page, editor",
        "editor",
        lambda w: reverse("summaries:article_detail", kwargs={"article_id": w.article.pk}),
    ),
    (
        "article page, signed-in submitter",
        "submitter",
        lambda w: reverse("summaries:article_detail", kwargs={"article_id": w.other.article_id}),
    ),
    ("your articles, anonymous owner", "owner session", lambda w: reverse("summaries:articles_mine")),
    ("your articles, signed-in submitter", "submitter", lambda w: reverse("summaries:articles_mine")),
    ("review queue", "editor", lambda w: reverse("summaries:review_queue")),
    ("review page", "editor", lambda w: review_url("summary_review", w.summary)),
    ("review page, signed-in submitter's article", "editor", lambda w: review_url("summary_review", w.other)),
    ("revision diff", "editor", lambda w: review_url("summary_diff", w.summary) + "?a=1&b=2"),
    ("published list", "anonymous", lambda w: reverse("summaries:published_list")),
    (
        "published page",
        "anonymous",
        lambda w: reverse("summaries:published_detail", kwargs={"article_id": w.article.pk}),
    ),
    ("admin articles", "staff", lambda w: admin_url("article")),
    ("admin article", "staff", lambda w: admin_url("article", w.article)),
    ("admin summaries", "staff", lambda w: admin_url("summary")),
    ("admin summary with revision and audit inlines", "staff", lambda w: admin_url("summary", w.summary)),
    ("admin revisions", "staff", lambda w: admin_url("summaryrevision")),
    ("admin revision", "staff", lambda w: admin_url("summaryrevision", w.summary.revisions.get(number=2))),
    ("admin audit log", "staff", lambda w: admin_url("reviewevent")),
    (
        "admin audit entry",
        "staff",
        lambda w: admin_url("reviewevent", w.summary.events.get(action=ReviewEvent.Action.REJECT)),
    ),
]


@pytest.mark.parametrize(("label", "role", "url"), PAGES, ids=[page[0] for page in PAGES])
def test_page_shows_hostile_text_as_text(client, world, label, role, url):
    """Every page showing user text escapes its markup and keeps its bidi controls to the user's own text."""
    response = as_role(client, world, role).get(url(world))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_admin_reject_confirmation_shows_hostile_text_as_text(client, world):
    """The admin's reject page lists the selected runs' originals as text."""
    as_role(client, world, "staff")
    response = client.post(
        admin_url("summary"), {"action": "reject_selected", ACTION_CHECKBOX_NAME: [world.other.pk], "index": 0}
    )
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_upload_results_show_a_hostile_file_name_as_text(client):
    """The page listing what happened to each uploaded file shows the file's name as text (a browser's upload
    loses everything up to the last slash and every invisible character on the way in)."""
    upload = SimpleUploadedFile(f"{IMG}{SVG}{BIDI}.txt", FIELDS["original"].encode())
    response = client.post(reverse("summaries:submit"), {"files": [upload], "language": "ar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert all(marker not in html for marker in RAW_MARKERS)
    assert "<bdi>&lt;img src=x onerror=alert(1)&gt;&quot;&gt;&lt;svg onload=alert(1)&gt;evil nested.txt</bdi>" in html


EXPORTS = [
    (
        "result",
        "owner session",
        lambda w, fmt: reverse("summaries:article_result", kwargs={"article_id": w.article.pk, "fmt": fmt}),
    ),
    (
        "published",
        "anonymous",
        lambda w, fmt: reverse("summaries:published_export", kwargs={"article_id": w.article.pk, "fmt": fmt}),
    ),
]


@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
@pytest.mark.parametrize(("label", "role", "url"), EXPORTS, ids=[export[0] for export in EXPORTS])
def test_export_is_a_download_never_a_page(client, world, label, role, url, fmt):
    """Exports are attachments with a non-HTML type the browser may not sniff; the text inside is left as written,
    except in Markdown, where it is escaped so that no markup comes alive in a Markdown viewer."""
    response = as_role(client, world, role).get(url(world, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="summary-{world.article.pk}.{fmt}"'
    assert "html" not in response["Content-Type"] and response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    if fmt == "json":
        data = json.loads(body)
        assert (data["original"], data["translation"], data["title"], data["summary"]) == (
            FIELDS["original"],
            FIELDS["translation"],
            FIELDS["headline"],
            FIELDS["edited summary"],
        )
    elif fmt == "md":
        assert markdown_escape(FIELDS["original"]) in body and markdown_escape(FIELDS["edited summary"]) in body
    else:
        assert FIELDS["original"] in body and FIELDS["edited summary"] in body


def test_original_file_is_a_download_never_a_page(client, world):
    """The uploaded file comes back as an opaque attachment whatever its name, with the name quoted safely."""
    response = as_role(client, world, "owner session").get(
        reverse("summaries:article_original", kwargs={"article_id": world.article.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream" and response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ") and "\n" not in disposition and '"><svg' not in disposition
    assert b"".join(response.streaming_content) == FIELDS["original"].encode()


class TestBidiSpillFinder:
    """The checker itself: it must catch a spill, or the page tests above could not fail."""

    @pytest.mark.parametrize(
        "html",
        [
            f"<p>by {BIDI} at noon</p>",  # template text after an unclosed override in the same element
            f"<p><span>{BIDI}</span> at noon</p>",  # ... or after the inline element holding it
            f"<p>{BIDI}\u202c\u2069 at noon</p>",  # closed in the wrong order: the PDF inside the isolate is ignored
            f"<title>{BIDI} · News summaries</title>",
        ],
    )
    def test_finds_a_spill(self, html):
        finder = BidiSpillFinder()
        finder.feed(html)
        assert finder.spills

    @pytest.mark.parametrize(
        "html",
        [
            f"<p>by {BIDI}\u2069\u202c at noon</p>",
            f"<p>by <bdi>{BIDI}</bdi> at noon</p>",
            f'<p>by <span dir="auto">{BIDI}</span> at noon</p>',
            f"<td>{BIDI}</td><td>at noon</td>",
            f'<div dir="ltr">{HOSTILE}<br>{USER_TEXT[1]}</div><p>at noon</p>',
        ],
    )
    def test_accepts_contained_controls(self, html):
        finder = BidiSpillFinder()
        finder.feed(html)
        assert finder.spills == []

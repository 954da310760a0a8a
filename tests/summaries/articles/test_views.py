"""The pages and the status endpoint, through Django's test client."""

import hashlib
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from summaries.articles.models import Article
from summaries.common.exceptions import ENGINE_MESSAGES, EngineError
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from tests.documents import (
    docx_bytes,
    encrypted_pdf_bytes,
    html_page_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    zip_bomb_docx_bytes,
)
from tests.factories import make_article, own

pytestmark = pytest.mark.django_db


def block(html: str, block_id: str) -> str:
    """The opening tag of the text block with this id."""
    match = re.search(rf'<div class="text-block"[^>]*id="{block_id}"[^>]*>', html)
    assert match, f"no text block {block_id}"
    return match.group(0)


class TestSubmitPage:
    def test_the_limits_are_written_with_each_languages_separators_and_units(self, client, settings):
        settings.SUMMARIES_MAX_ARTICLE_CHARS = 100_000
        settings.SUMMARIES_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
        for language, expected in [("en", "Up to 100,000 characters of text; files up to 10 MiB each.")]:
            client.cookies["django_language"] = language
            assert expected in client.get(reverse("summaries:submit")).content.decode()
        client.cookies["django_language"] = "ar"
        assert "100٬000" in client.get(reverse("summaries:submit")).content.decode()

    def test_page_direction_follows_the_ui_language(self, client):
        english = client.get("/").content.decode()
        assert '<html lang="en" dir="ltr">' in english
        client.cookies["django_language"] = "ar"
        arabic = client.get("/").content.decode()
        assert '<html lang="ar" dir="rtl">' in arabic

    def test_text_area_has_automatic_direction_and_csrf(self, client):
        html = client.get("/").content.decode()
        assert re.search(r'<textarea[^>]*dir="auto"', html)
        assert "csrfmiddlewaretoken" in html

    def test_form_offers_files_language_and_a_fresh_run(self, client):
        html = client.get("/").content.decode()
        assert 'enctype="multipart/form-data"' in html
        assert re.search(r'<input type="file" name="files"[^>]*multiple', html)
        assert '<option value="ar">Arabic (ar)</option>' in html
        assert 'name="force_new"' in html

    def test_posting_an_article_redirects_to_its_uuid_page(self, client, arabic_article):
        response = client.post("/", {"text": arabic_article})
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("summaries:article_detail", kwargs={"article_id": article.pk})
        assert article.summaries.get().status == Summary.Status.QUEUED

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "Paste an article or choose at least one file."),
            ("   \n\t  ", "There is no text in it: it is empty or holds only spaces and invisible marks."),
            (
                "\u200f\u202b\u200e \u2067",
                "There is no text in it: it is empty or holds only spaces and invisible marks.",
            ),
            ("قصير جدا", "The text is too short to summarize: 8 characters; at least 80 are needed."),
            (
                "Le président russe a signé un accord de partenariat stratégique avec son homologue égyptien au Caire.",
                "The text appears to be in French (fr), which cannot be translated here. "
                "Supported languages: English (en), Arabic (ar).",
            ),
            ("1234567890 " * 10, "The language of the text could not be recognised."),
        ],
    )
    def test_bad_text_is_explained_on_the_form_and_nothing_is_stored(self, client, text, message):
        response = client.post("/", {"text": text})
        assert response.status_code == 400
        assert escape(message) in response.content.decode()
        assert Article.objects.count() == 0

    def test_text_over_the_limit_says_limit_and_size(self, client, settings):
        settings.SUMMARIES_MAX_ARTICLE_CHARS = 100
        response = client.post("/", {"text": "The presidents signed an agreement. " * 5})
        assert "The text is too long: 179 characters; the limit is 100." in response.content.decode()
        assert Article.objects.count() == 0

    def test_rejected_text_is_kept_in_the_form(self, client):
        response = client.post("/", {"text": "قصير جدا"})
        assert "قصير جدا</textarea>" in response.content.decode()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class TestUploads:
    def test_each_format_becomes_an_article_with_its_original(self, client, arabic_article):
        paragraphs = [line for line in arabic_article.splitlines() if line.strip()]
        files = [
            upload("a.txt", "\n".join(paragraphs[0:2]).encode("cp1256")),
            upload("b.md", "\n".join(paragraphs[2:4]).encode("iso8859_6")),
            upload("c.docx", docx_bytes(paragraphs[4:6])),
            upload("d.pdf", pdf_bytes(paragraphs[6:8])),
            upload("e.html", html_page_bytes(paragraphs[8:10])),
        ]
        response = client.post("/", {"files": files})
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('class="outcome accepted"') == 5
        articles = {article.original_name: article for article in Article.objects.all()}
        assert set(articles) == {"a.txt", "b.md", "c.docx", "d.pdf", "e.html"}
        assert articles["a.txt"].source_text == "\n".join(paragraphs[0:2])
        assert {article.source_format for article in articles.values()} == {"text", "docx", "pdf", "html"}
        for article in articles.values():
            assert reverse("summaries:article_detail", kwargs={"article_id": article.pk}) in html

    def test_original_file_can_be_downloaded_unchanged(self, client, arabic_article):
        data = arabic_article.encode("cp1256")
        client.post("/", {"files": [upload("original.txt", data)]})
        article = Article.objects.get()
        page = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        download_url = reverse("summaries:article_original", kwargs={"article_id": article.pk})
        assert download_url in page
        response = client.get(download_url)
        assert b"".join(response.streaming_content) == data
        assert response["Content-Disposition"].startswith("attachment")
        assert article.original_sha256 == hashlib.sha256(data).hexdigest() and article.original_size == len(data)

    @pytest.mark.parametrize(
        ("name", "make", "message"),
        [
            (
                "blank.txt",
                lambda: b"  \r\n \xe2\x80\x8f ",
                "There is no text in it: it is empty or holds only spaces and invisible marks.",
            ),
            (
                "app.txt",
                lambda: b"MZ\x90\x00\x03" + bytes(range(256)) * 4,
                "The file does not contain text: it looks like binary data (a program, an image or an archive).",
            ),
            (
                "app.docx",
                lambda: b"MZ\x90\x00\x03" + bytes(256),
                "The file is not a Word document (.docx), although its name says so.",
            ),
            (
                "bomb.docx",
                lambda: zip_bomb_docx_bytes(60 * 1024 * 1024),
                "The Word document would unpack to 60 MiB, more than the 50 MiB allowed; it may be damaged or hostile.",
            ),
            ("noise.pdf", lambda: bytes(range(256)) * 8, "The file is not a PDF, although its name says so."),
            (
                "scan.pdf",
                scanned_pdf_bytes,
                "The PDF has no text layer: it looks like a scanned image. Run it through OCR first, or paste the text.",
            ),
            (
                "locked.pdf",
                lambda: encrypted_pdf_bytes(["نص عربي محمي بكلمة مرور"]),
                "The PDF is protected by a password. Remove the protection and upload it again.",
            ),
            (
                "page.html",
                lambda: b"<html><head><script>x()</script></head><body></body></html>",
                "No article text was found in the web page.",
            ),
            (
                "old.doc",
                lambda: b"\xd0\xcf\x11\xe0",
                "Files of type “.doc” are not accepted. Accepted types: .txt, .md, .docx, .pdf, .html, .htm.",
            ),
        ],
    )
    def test_bad_file_is_refused_with_its_reason_and_nothing_is_stored(self, client, name, make, message):
        response = client.post("/", {"files": [upload(name, make())]})
        html = response.content.decode()
        assert response.status_code == 400
        assert escape(name) in html and "refused" in html
        assert escape(message) in html
        assert Article.objects.count() == 0

    def test_upload_over_the_byte_limit_is_dropped_while_streaming(self, client, settings, arabic_article):
        """The handler stops storing the file past the limit; the user is told the limit."""
        settings.SUMMARIES_MAX_UPLOAD_BYTES = 1000
        response = client.post("/", {"files": [upload("big.txt", arabic_article.encode("utf-8"))]})
        html = response.content.decode()
        assert response.status_code == 400
        assert "big.txt" in html
        assert escape("The file is too large: more than") in html and escape("the limit is 1000 bytes.") in html
        assert Article.objects.count() == 0

    def test_good_and_bad_files_together(self, client, arabic_article):
        response = client.post("/", {"files": [upload("good.txt", arabic_article.encode()), upload("bad.exe", b"MZ")]})
        html = response.content.decode()
        assert response.status_code == 200
        assert "good.txt" in html and "bad.exe" in html
        assert Article.objects.count() == 1

    def test_duplicate_upload_points_to_the_existing_article(self, client, arabic_article):
        client.post("/", {"text": arabic_article})
        first = Article.objects.get()
        response = client.post("/", {"text": arabic_article.replace("\n", "\r\n")})
        assert response["Location"] == reverse("summaries:article_detail", kwargs={"article_id": first.pk})
        assert Article.objects.count() == 1
        client.post("/", {"text": arabic_article, "force_new": "on"})
        assert Article.objects.count() == 2

    def test_language_can_be_chosen(self, client):
        client.post(
            "/",
            {
                "text": "The presidents of Russia and Egypt signed a comprehensive partnership agreement in Moscow today.",
                "language": "ar",
            },
        )
        article = Article.objects.get()
        assert (article.language, article.language_overridden) == ("ar", True)


class TestArticlePage:
    def test_queued_article_shows_progress_and_refreshes_without_javascript(self, client):
        article = make_article()
        own(client, article)
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "Waiting for a worker" in html
        assert "<progress" in html
        assert '<meta http-equiv="refresh"' in html
        assert 'lang="ar" dir="rtl"' in block(html, "original")
        assert 'id="summary"' not in html

    def test_done_article_shows_original_translation_and_summary_with_their_directions(self, client, arabic_article):
        article = make_article(source_text=arabic_article)
        own(client, article)
        summary_process(summary_id=article.latest_summary.pk)
        summary = article.latest_summary
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert '<div class="source" lang="ar" dir="rtl"' in html
        assert '<div class="target" lang="en" dir="ltr"' in html
        assert 'lang="en" dir="ltr"' in block(html, "summary")
        assert escape(summary.summary_text) in re.search(r'id="summary">(.*?)</div>', html, re.S).group(1).replace(
            "<p>", ""
        ).replace("</p>", "")
        # The copy button's source: the whole translation, hidden (it is shown once, aligned).
        assert escape(summary.translation) in re.search(
            r'<pre id="translation" hidden[^>]*>(.*?)</pre>', html, re.S
        ).group(1)
        assert 'http-equiv="refresh"' not in html

    def test_the_news_comes_first_and_the_texts_once(self, client, arabic_article):
        """Headline, source, summary, what to check, then the texts once, side by side, behind a control."""
        article = make_article(source_text=arabic_article)
        Article.objects.filter(pk=article.pk).update(
            origin=Article.Origin.LINK, url="https://example.org/a", headline="عنوان الصفحة", site_name="The Outlet"
        )
        own(client, article)
        summary_process(summary_id=article.latest_summary.pk)
        summary = article.latest_summary
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        content = html[html.index("<main") :]
        order = [
            '<h1><bdi lang="ar" dir="rtl">عنوان الصفحة</bdi></h1>',
            "The Outlet",
            'data-link="source"',
            'id="summary"',
            'class="flags"',
            '<details class="full-texts" id="full-texts">',
        ]
        positions = [content.index(marker) for marker in order]
        assert positions == sorted(positions)
        source, translation = summary.source_sentences[0], summary.translated_sentences[0]
        assert content.count(escape(source)) == 1  # once, in its aligned row: no full original below it
        # Beyond the summary and what to check (which may quote it): once, in its aligned row.
        texts = content[content.index('id="full-texts"') :]
        assert texts.count(escape(translation)) == 1
        assert 'id="original"' not in content and "(generated headline)" not in content

    def test_done_article_shows_grounding_and_aligned_sentences(self, client, arabic_article, settings):
        settings.SUMMARIES_SUPPORT_THRESHOLD = 1.01  # everything below it: every sentence must be flagged
        settings.SUMMARIES_FACT_CHECKER = False  # whose own threshold would decide for the translations
        article = make_article(source_text=arabic_article)
        own(client, article)
        summary_process(summary_id=article.latest_summary.pk)
        summary = article.latest_summary
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert html.count('class="pair flagged"') == len(summary.source_sentences)
        for index, source in enumerate(summary.source_sentences):
            assert f'lang="ar" dir="rtl" tabindex="0" data-pair="{index}">{escape(source)}</div>' in html
        assert html.count('class="grounded flagged"') == len(summary.grounding["summary"]) > 0
        assert "check this" in html
        assert "summaries/js/alignment.js" in html

    def test_user_text_is_escaped(self, client):
        article = make_article(
            source_text="<script>alert('x')</script> هذا نص عربي طويل بما يكفي للاختبار", language="ar"
        )
        own(client, article)
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html

    def test_bidi_controls_are_stored_but_cannot_flip_the_page(self, client):
        """A right-to-left override in the text is kept in the original and closed where it is displayed."""
        text = "قال الرئيس \u202eإن المحادثات كانت مثمرة وبناءة، وأضاف أن البلدين سيعززان التعاون في مجالات عدة"
        client.post("/", {"text": text})
        article = Article.objects.get()
        assert "\u202e" in article.source_text
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "\u202eإن المحادثات كانت مثمرة وبناءة، وأضاف أن البلدين سيعززان التعاون في مجالات عدة\u202c</p>" in html

    def test_failed_article_shows_the_reason(self, client):
        article = make_article(source_text="The presidents of Russia and Egypt signed an agreement.", language="en")
        own(client, article)
        summary_fail(summary_id=article.latest_summary.pk, error=EngineError("timeout"))
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "Processing failed" in html
        assert "Processing took longer than the time limit and was stopped. Try a shorter article." in html

    def test_unknown_article_is_404(self, client):
        assert client.get(reverse("summaries:article_detail", kwargs={"article_id": uuid.uuid4()})).status_code == 404


class TestStatusEndpoint:
    def test_reports_queued_then_done(self, client):
        article = make_article()
        own(client, article)
        url = reverse("summaries:article_status", kwargs={"article_id": article.pk})
        queued = client.get(url).json()
        assert queued["status"] == "queued"
        assert queued["finished"] is False
        assert queued["progress"] == 0
        summary_process(summary_id=article.latest_summary.pk)
        done = client.get(url).json()
        assert done == {
            "status": "done",
            "stage": "",
            "stage_label": "Done",
            "progress": 100,
            "finished": True,
            "error": None,
            "notice": None,
            "indeterminate": False,
            "queue": None,
        }

    def test_queued_run_shows_its_place_and_an_estimate_from_recent_runs(self, client):
        """Two runs ahead in the queue and finished runs taking 60 s each: third in line, about 3 minutes."""
        earlier = [make_article(source_text=f"Earlier article number {n}.", language="en") for n in range(2)]
        article = make_article()
        own(client, article)
        done = make_article(source_text="A finished article.", language="en").latest_summary
        Summary.objects.filter(pk=done.pk).update(
            status=Summary.Status.DONE, duration_seconds=60, finished_at=timezone.now()
        )
        assert all(item.latest_summary.status == Summary.Status.QUEUED for item in earlier)
        shown = client.get(reverse("summaries:article_status", kwargs={"article_id": article.pk})).json()
        assert shown["queue"] == {"position": 3, "estimate_seconds": 180}
        assert shown["stage_label"].startswith("Waiting for a worker: 2 runs ahead in the queue")
        assert "3 minutes" in shown["stage_label"]
        assert shown["indeterminate"] is False

    def test_stage_label_counts_sentences_while_translating(self, client):
        article = make_article()
        own(client, article)
        Summary.objects.filter(article=article).update(
            status=Summary.Status.RUNNING, stage=Summary.Stage.TRANSLATING, progress_done=3, progress_total=10
        )
        status = client.get(reverse("summaries:article_status", kwargs={"article_id": article.pk})).json()
        assert status["stage_label"] == "Translating: 3 of 10 sentences done"
        assert 5 < status["progress"] < 80

    def test_unknown_article_is_404(self, client):
        assert client.get(reverse("summaries:article_status", kwargs={"article_id": uuid.uuid4()})).status_code == 404


class TestArabicInterface:
    def test_arabic_ui_is_translated_and_right_to_left(self, client):
        """The UI language changes labels and page direction; the switch persists in a cookie."""
        response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
        assert response.status_code == 302
        html = client.get("/").content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert "تلخيص مقال إخباري" in html
        assert "ترجمة وتلخيص" in html

    def test_bad_input_is_explained_in_arabic(self, client):
        client.cookies["django_language"] = "ar"
        response = client.post("/", {"text": "قصير جدا"})
        # 3–10 take the plural (أحرف), 11–99 the singular accusative (حرفًا): "8 حرفًا" was wrong
        assert "النص أقصر من أن يُلخَّص: 8 أحرف، ويلزم 80 حرفًا على الأقل." in response.content.decode()
        response = client.post("/", {"text": "هذا النص قصير جدا"})
        assert "النص أقصر من أن يُلخَّص: 17 حرفًا، ويلزم 80 حرفًا على الأقل." in response.content.decode()
        response = client.post("/", {"files": [upload("old.doc", b"\xd0\xcf")]})
        assert escape("الملفات من نوع «\u2066.doc\u2069» غير مقبولة.") in response.content.decode()

    def test_failure_reason_is_shown_in_arabic(self, client):
        article = make_article(source_text="The presidents of Russia and Egypt signed an agreement.", language="en")
        own(client, article)
        summary_fail(summary_id=article.latest_summary.pk, error=EngineError("timeout"))
        client.cookies["django_language"] = "ar"
        with override("ar"):
            arabic = str(ENGINE_MESSAGES["timeout"])
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert arabic.startswith("استغرقت المعالجة") and escape(arabic) in html
        status = client.get(reverse("summaries:article_status", kwargs={"article_id": article.pk})).json()
        assert status["error"] == arabic

    def test_user_text_keeps_its_own_direction_in_the_arabic_ui(self, client):
        client.cookies["django_language"] = "ar"
        article = make_article(source_text="The presidents of Russia and Egypt signed an agreement.", language="en")
        own(client, article)
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert 'lang="en" dir="ltr"' in block(html, "original")


class TestResultTools:
    def done_article(
        self, client, text="The presidents of Russia and Egypt signed a partnership agreement in Cairo today."
    ):
        from tests.factories import finish

        article = make_article(source_text=text, language="en")
        own(client, article)
        finish(article.latest_summary, text="Russia and Egypt signed a deal.", translation="")
        return article

    def test_copy_buttons_point_at_existing_blocks(self, client):
        """Each copy button names the id of a text block on the same page, and starts hidden until the script runs."""
        article = self.done_article(client)
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        targets = re.findall(r'<button type="button" class="copy" data-copy="([a-z]+)" hidden>', html)
        assert targets == ["summary"]
        assert all(f'id="{target}"' in html for target in targets)
        assert "summaries/js/copy.js" in html

    @pytest.mark.parametrize(
        ("fmt", "content_type", "needle"),
        [
            ("txt", "text/plain; charset=utf-8", "Russia and Egypt signed a deal."),
            ("md", "text/markdown; charset=utf-8", "## Summary\n\nRussia and Egypt signed a deal."),
            ("json", "application/json", '"summary": "Russia and Egypt signed a deal."'),
        ],
    )
    def test_result_downloads(self, client, fmt, content_type, needle):
        """The finished result downloads as .txt, .md and .json, as attachments."""
        article = self.done_article(client)
        response = client.get(reverse("summaries:article_result", kwargs={"article_id": article.pk, "fmt": fmt}))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="summary-{article.pk}.{fmt}"'
        assert needle in response.content.decode()

    def test_result_download_needs_access_and_a_finished_run(self, client):
        """Another browser gets 404, and so does a run that has not finished."""
        from django.test import Client

        article = self.done_article(client)
        url = reverse("summaries:article_result", kwargs={"article_id": article.pk, "fmt": "txt"})
        assert Client().get(url).status_code == 404
        queued = make_article()
        own(client, queued)
        assert (
            client.get(reverse("summaries:article_result", kwargs={"article_id": queued.pk, "fmt": "txt"})).status_code
            == 404
        )

    def test_dates_follow_the_ui_language(self, client):
        """The submission date is written with Arabic month names in the Arabic interface."""
        article = self.done_article(client)
        url = reverse("summaries:article_detail", kwargs={"article_id": article.pk})
        month = article.created_at.month
        client.cookies["django_language"] = "ar"
        arabic = client.get(url).content.decode()
        arabic_months = [
            "يناير",
            "فبراير",
            "مارس",
            "إبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ]
        assert arabic_months[month - 1] in arabic


class TestHostileForms:
    def test_more_files_than_allowed_keeps_the_pasted_text_and_says_how_many(self, client, settings, arabic_article):
        settings.SUMMARIES_MAX_FILES_PER_SUBMISSION = 3
        files = [upload(f"{n}.txt", arabic_article.encode()) for n in range(5)]
        response = client.post("/", {"text": "نص ملصوق يبقى في الاستمارة", "files": files})
        assert response.status_code == 400
        html = response.content.decode()
        assert "5 files were sent; at most 3 can be sent at once: choose fewer." in html
        assert "نص ملصوق يبقى في الاستمارة</textarea>" in html
        assert Article.objects.count() == 0

    def test_a_chunked_body_gets_a_page_that_says_why(self, client):
        response = client.post(
            "/", b"", content_type="multipart/form-data; boundary=x", HTTP_TRANSFER_ENCODING="chunked"
        )
        assert response.status_code == 411
        assert "bodies sent in chunks are not accepted" in response.content.decode()

    def test_too_many_files_in_arabic_takes_the_plural_form_of_the_count(self, client, settings, arabic_article):
        settings.SUMMARIES_MAX_FILES_PER_SUBMISSION = 3
        client.cookies["django_language"] = "ar"
        for count, words in [(5, "أُرسلت 5 ملفات"), (12, "أُرسل 12 ملفًا")]:
            files = [upload(f"{n}.txt", arabic_article.encode()) for n in range(count)]
            assert words in client.post("/", {"files": files}).content.decode()


class TestUploadOutcomes:
    """Every file gets its own outcome, whatever the others do; the page's uploader gets them as JSON."""

    def test_an_empty_file_is_one_refused_row_and_the_others_go_in(self, client, arabic_article, settings):
        settings.SUMMARIES_REUSE_DUPLICATES = False
        files = [
            upload("first.txt", arabic_article.encode()),
            upload("empty.txt", b""),
            upload("third.txt", (arabic_article + " ثالثًا.").encode()),
        ]
        response = client.post("/", {"files": files})
        html = response.content.decode()
        assert response.status_code == 200 and Article.objects.count() == 2
        assert html.count('class="outcome accepted"') == 2 and html.count('class="outcome refused"') == 1
        row = html[html.index("<bdi>empty.txt</bdi>") :]
        assert "Refused" in row[: row.index("</li>")] and "empty" in row[: row.index("</li>")]
        assert 'aria-hidden="true">✗' in html and 'aria-hidden="true">✓' in html

    def test_the_uploader_gets_each_outcome_as_json(self, client, arabic_article):
        json_post = {"HTTP_ACCEPT": "application/json"}
        accepted = client.post("/", {"files": [upload("a.txt", arabic_article.encode())]}, **json_post).json()
        (outcome,) = accepted["outcomes"]
        article = Article.objects.get()
        assert outcome == {
            "name": "a.txt",
            "accepted": True,
            "label": "Accepted",
            "message": "Open the article",
            "url": reverse("summaries:article_detail", kwargs={"article_id": article.pk}),
        }
        empty = client.post("/", {"files": [upload("empty.txt", b"")]}, **json_post).json()["outcomes"][0]
        assert (empty["name"], empty["accepted"], empty["label"], empty["url"]) == ("empty.txt", False, "Refused", "")
        assert empty["message"]
        # the submitter's session may open what it sent this way, as with the plain form
        assert client.get(outcome["url"]).status_code == 200

    def test_the_uploader_is_told_the_wait_when_nothing_fits(self, client, settings, arabic_article):
        settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (1, 3600)
        settings.SUMMARIES_REUSE_DUPLICATES = False
        json_post = {"HTTP_ACCEPT": "application/json"}
        assert client.post("/", {"files": [upload("a.txt", arabic_article.encode())]}, **json_post).status_code == 200
        refused = client.post("/", {"files": [upload("b.txt", (arabic_article + " ب").encode())]}, **json_post)
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        assert refused.json()["outcomes"] == [] and "at most 1 per hour" in refused.json()["error"]

    def test_the_form_offers_a_drop_zone_with_a_localized_button(self, client):
        html = client.get("/").content.decode()
        assert "data-drop-zone" in html and '<label class="choose" for="id_files">Choose files</label>' in html
        client.cookies["django_language"] = "ar"
        arabic = client.get("/").content.decode()
        assert '<label class="choose" for="id_files">اختر ملفات</label>' in arabic
        # file extensions are isolated left-to-right runs inside the Arabic help text (".txt" not "txt.")
        assert "(\u2066.txt\u2069 أو \u2066.md\u2069)" in arabic


class TestYourArticles:
    """The list tells articles apart: a title cut at a word with an ellipsis, a preview of what follows,
    the submission time in the article page's format, and each row's state."""

    def test_rows_are_told_apart_and_say_their_state(self, client):
        start = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة والتعاون الاستراتيجي بين البلدين"
        first = make_article(source_text=start + " في موسكو بعد محادثات طويلة.")
        second = make_article(source_text=start + " في القاهرة وسط ترحيب واسع.")
        summary_fail(summary_id=second.latest_summary.pk, error=EngineError("timeout"))
        own(client, first)
        own(client, second)
        html = client.get(reverse("summaries:articles_mine")).content.decode()
        rows = re.findall(r'<li class="article-row">(.*?)</li>', html, re.S)
        assert len(rows) == 2
        titles = [re.search(r'<span class="first-line"[^>]*>(.*?)</span>', row).group(1) for row in rows]
        assert all(title.endswith("…") and not title.endswith(" …") for title in titles)
        previews = [re.search(r'<span class="preview"[^>]*>(.*?)</span>', row).group(1) for row in rows]
        assert previews[0] != previews[1] and "القاهرة" in previews[0] and "موسكو" in previews[1]
        assert 'class="state state-failed">Failed<' in rows[0] and 'class="state state-queued">Queued<' in rows[1]
        assert not any(row.lstrip().startswith("·") for row in rows)
        moment = Article.objects.get(pk=first.pk).created_at
        from django.utils import formats

        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") in rows[1]


class TestSimilarArticlesSection:
    """The article page's "Similar articles": what the viewer may open, each headline in its own direction."""

    @pytest.fixture
    def stories(self, db):
        from summaries.related.matrix import clear_cache
        from summaries.review import decisions as review
        from tests.factories import finish, latest_run, make_user
        from tests.summaries.related.conftest import store_vector, unit

        clear_cache()
        reporter, owner, editor = make_user("reporter"), make_user("owner"), make_user("editor", editor=True)
        base = make_article(source_text="المقال الأصلي " * 10, headline="الأصل", submitted_by=reporter)
        english = make_article(
            source_text="The English coverage. " * 5, language="en", headline="English coverage", submitted_by=owner
        )
        review.summary_approve(summary_id=finish(latest_run(english)).pk, editor=editor)
        mine = make_article(source_text="مقال آخر لي " * 10, headline="مقالي الآخر", submitted_by=reporter)
        secret = make_article(source_text="مقال خاص " * 10, headline="خاص بغيري", submitted_by=owner)
        for article, closeness in ((base, 1.0), (english, 0.95), (mine, 0.9), (secret, 0.97)):
            store_vector(article, unit(closeness, 1 - closeness))
        return {"base": base, "english": english, "mine": mine, "reporter": reporter, "editor": editor}

    def page(self, client, article) -> str:
        response = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk}))
        assert response.status_code == 200
        html = response.content.decode()
        return html[html.index('<section class="similar"') : html.index("</section>", html.index('class="similar"'))]

    def test_the_submitter_sees_published_and_own_similar_articles_only(self, client, stories):
        client.force_login(stories["reporter"])
        html = self.page(client, stories["base"])
        published = reverse("summaries:published_detail", kwargs={"article_id": stories["english"].pk})
        own_page = reverse("summaries:article_detail", kwargs={"article_id": stories["mine"].pk})
        assert f'href="{published}"' in html and f'href="{own_page}"' in html
        assert '<bdi lang="en" dir="ltr">English coverage</bdi>' in html
        assert '<bdi lang="ar" dir="rtl">مقالي الآخر</bdi>' in html
        assert "خاص بغيري" not in html  # someone else's unpublished article: neither linked nor named
        assert html.index("English coverage") < html.index("مقالي الآخر")

    def test_editors_see_every_similar_article(self, client, stories):
        client.force_login(stories["editor"])
        html = self.page(client, stories["base"])
        assert "خاص بغيري" in html and "English coverage" in html and "مقالي الآخر" in html

    def test_the_section_speaks_arabic(self, client, stories, settings):
        client.force_login(stories["reporter"])
        client.cookies["django_language"] = "ar"
        assert "مقالات مشابهة" in self.page(client, stories["base"])
        settings.SUMMARIES_EMBEDDINGS = False
        assert "المقالات المشابهة غير متاحة" in self.page(client, stories["base"])

    def test_an_article_not_processed_yet_says_so(self, client, stories):
        article = make_article(source_text="لم يعالج بعد " * 10, submitted_by=stories["reporter"])
        client.force_login(stories["reporter"])
        assert "Similar articles appear once this article has been processed." in self.page(client, article)

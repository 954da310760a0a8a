"""The public side: approved summaries listed, shown beside the original, and exported."""

import json
import re

import pytest
from django.urls import reverse

from summaries.review import decisions as review
from summaries.review.exports import markdown_escape
from tests.factories import finish, make_article, make_user

pytestmark = pytest.mark.django_db
ORIGINAL = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين."


@pytest.fixture
def approved():
    editor = make_user("editor", editor=True)
    summary = finish(make_article(source_text=ORIGINAL).latest_summary)
    review.summary_edit(
        summary_id=summary.pk, editor=editor, title="Partnership renewed", text="Edited <summary>.", base_revision=1
    )
    return review.summary_approve(summary_id=summary.pk, editor=editor)


def export(client, summary, fmt):
    return client.get(reverse("summaries:published_export", kwargs={"article_id": summary.article_id, "fmt": fmt}))


def test_list_shows_only_approved(client, approved):
    """Pending summaries never appear on the public list."""
    finish(make_article(source_text="مقال لم تتم مراجعته بعد من قبل أي محرر في غرفة الأخبار.").latest_summary)
    html = client.get(reverse("summaries:published_list")).content.decode()
    assert html.count('class="published-item"') == 1 and "Partnership renewed" in html


def test_detail_shows_the_approved_text_and_the_original(client, approved):
    """The approved (edited) summary in English, the original in Arabic, each with its own direction, escaped."""
    html = client.get(
        reverse("summaries:published_detail", kwargs={"article_id": approved.article_id})
    ).content.decode()
    assert re.search(
        r'<div class="text-block" lang="en" dir="ltr" id="summary"><p dir="ltr">Edited &lt;summary&gt;.</p>', html
    )
    assert re.search(r'<div class="text-block" lang="ar" dir="rtl" id="original"><p dir="rtl">وقّع', html)


def test_detail_leads_with_the_headline_and_its_source_and_names_the_language(client, approved):
    """The editors' headline, the outlet with the date and the link, and "Arabic", never the code "ar"."""
    type(approved.article).objects.filter(pk=approved.article_id).update(
        url="https://news.example/a", site_name="Example News", headline="عنوان الصفحة", published_on="2018-10-17"
    )
    url = reverse("summaries:published_detail", kwargs={"article_id": approved.article_id})
    html = client.get(url).content.decode()
    assert '<h1><bdi lang="en" dir="ltr">Partnership renewed</bdi></h1>' in html
    byline = html[html.index('<p class="byline">') : html.index("</p>", html.index('<p class="byline">'))]
    assert "Example News" in byline and "17 October 2018" in byline and 'href="https://news.example/a"' in byline
    assert "عنوان الصفحة" in html  # the page's own headline under the editors'
    assert "Original language: Arabic" in html and "Original language: <bdi>ar" not in html
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar", headers={"Cookie": "django_language=ar"}).content.decode()
    assert "العربية" in arabic


def test_withdrawn_summaries_disappear(client, approved):
    """Withdrawing unpublishes: the page and the exports answer 404."""
    review.summary_transition(summary_id=approved.pk, editor=make_user("other", editor=True), action="withdraw")
    assert (
        client.get(reverse("summaries:published_detail", kwargs={"article_id": approved.article_id})).status_code == 404
    )
    assert export(client, approved, "json").status_code == 404


def test_markdown_export(client, approved):
    """Markdown with the headline, the summary and the original (all escaped: tests/summaries/review/test_exports.py),
    as a download."""
    response = export(client, approved, "md")
    body = response.content.decode()
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="summary-{approved.article_id}.md"'
    assert body.startswith("# Partnership renewed\n")
    assert "## Summary\n\nEdited &lt;summary&gt;.\n\n## Original\n\n" + markdown_escape(ORIGINAL) in body


def test_text_export(client, approved):
    """Plain text: headline, summary, then the original."""
    response = export(client, approved, "txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        response.content.decode()
        == f"Partnership renewed\n\nEdited <summary>.\n\n— Original (Arabic) —\n\n{ORIGINAL}\n"
    )


def test_json_export(client, approved):
    """JSON with the fields a CMS needs, Arabic kept as characters."""
    response = export(client, approved, "json")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert ORIGINAL in response.content.decode()
    assert {
        key: data[key] for key in ["article_id", "title", "summary", "original", "original_language", "revision"]
    } == {
        "article_id": str(approved.article_id),
        "title": "Partnership renewed",
        "summary": "Edited <summary>.",
        "original": ORIGINAL,
        "original_language": "ar",
        "revision": 2,
    }
    assert data["approved_at"]


def test_unknown_export_format_is_404(client, approved):
    """Only md, txt and json exist."""
    assert export(client, approved, "html").status_code == 404


def test_detail_lists_similar_published_articles_only(client, approved):
    """The public page's similar articles: other published articles, never an unpublished one, each linked to
    its public page with its headline in its own language and direction."""
    from summaries.related.matrix import clear_cache
    from tests.summaries.related.conftest import store_vector, unit

    clear_cache()
    editor = make_user("second-editor", editor=True)
    other = make_article(source_text="The English coverage. " * 5, language="en", headline="English coverage")
    review.summary_approve(summary_id=finish(other.latest_summary).pk, editor=editor)
    hidden = make_article(source_text="مقال لم ينشر " * 10, headline="لم ينشر")
    for article, closeness in ((approved.article, 1.0), (other, 0.95), (hidden, 0.99)):
        store_vector(article, unit(closeness, 1 - closeness))
    html = client.get(
        reverse("summaries:published_detail", kwargs={"article_id": approved.article_id})
    ).content.decode()
    section = html[html.index('<section class="similar"') :]
    link = reverse("summaries:published_detail", kwargs={"article_id": other.pk})
    assert f'href="{link}"><bdi lang="en" dir="ltr">English coverage</bdi>' in section
    assert "لم ينشر" not in section
    clear_cache()

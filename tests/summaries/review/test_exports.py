"""Exports are inert: whatever was submitted or typed into a headline, the Markdown renders as text."""

import json

import pytest
from markdown_it import MarkdownIt

from summaries.review import decisions as review
from summaries.review.exports import markdown_code, markdown_escape, summary_export
from tests.factories import finish, make_article, make_user

HOSTILE = [
    '"><img src=x onerror=alert(1)>',
    "[click me](javascript:alert(document.cookie))",
    "![](http://tracker.example/pixel.png)",
    "<script>alert(1)</script>",
    "<https://evil.example/>",
    "# Not a heading\n- not a list\n12. not a list either\n> not a quote\n| a | b |\n|---|---|",
    "**not bold** _not emphasised_ `not code` ~~not struck~~",
    "text &amp; entity &#x3C;b&#x3E;",
]
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def rendered_tags(markdown: str) -> set[str]:
    """The HTML elements a CommonMark renderer (with raw HTML, tables and strikethrough on) makes of it."""
    return (
        {token.tag for token in RENDERER.parse(markdown) if token.tag}
        | {child.tag for token in RENDERER.parse(markdown) for child in token.children or [] if child.tag}
        | {
            "raw-html"
            for token in RENDERER.parse(markdown)
            for child in token.children or []
            if child.type == "html_inline"
        }
        | {"raw-html" for token in RENDERER.parse(markdown) if token.type == "html_block"}
    )


class TestMarkdownEscape:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_text_renders_as_one_plain_paragraph_of_the_same_words(self, text):
        escaped = markdown_escape(text)
        assert rendered_tags(escaped) <= {"p", "br"}
        html = RENDERER.render(escaped)
        assert (
            "<img" not in html
            and "<a " not in html
            and "<script" not in html
            and "javascript:" not in html.split('"')[1::2]
        )

    def test_the_words_survive(self):
        """Rendered and unescaped, the text reads as submitted (apart from line breaks)."""
        import html

        for text in HOSTILE:
            shown = html.unescape(RENDERER.render(markdown_escape(text)).replace("<p>", "").replace("</p>", ""))
            assert " ".join(shown.split()) == " ".join(text.split())

    def test_arabic_and_numbers_are_untouched(self):
        assert markdown_escape("وقّع الرئيسان اتفاقية بنسبة 3.5% في 2019.") == "وقّع الرئيسان اتفاقية بنسبة 3.5% في 2019."

    def test_a_code_span_holds_any_path(self):
        for path in ["/tmp/a_b/مقال.txt", "/tmp/`odd`/x.md", "``/x"]:
            code = [token for token in RENDERER.parse(markdown_code(path))[1].children if token.type == "code_inline"]
            assert [token.content for token in code] == [path]


@pytest.mark.django_db
def test_a_hostile_headline_and_summary_export_inert_markdown():
    editor = make_user("editor", editor=True)
    summary = finish(make_article(source_text="[x](javascript:alert(1)) <img src=x onerror=alert(1)>").latest_summary)
    review.summary_edit(
        summary_id=summary.pk,
        editor=editor,
        title='"><img src=x onerror=alert(1)>',
        text="See [here](javascript:alert(1)) and <script>alert(1)</script>.",
        base_revision=1,
    )
    summary.refresh_from_db()
    markdown = summary_export(summary=summary, fmt="md").content
    assert rendered_tags(markdown) <= {"h1", "h2", "p", "ul", "li", "br"}
    assert markdown.startswith('# "&gt;&lt;img src=x onerror=alert\\(1\\)&gt;\n')


@pytest.mark.django_db
def test_a_links_exports_name_the_page_they_were_read_from():
    """The address is a code span in Markdown (shown exactly, never a live link a page could choose), the
    outlet escaped; the JSON and text carry the page too."""
    summary = finish(make_article().latest_summary)
    hostile = "https://news.example/a?x=[y](javascript:alert(1))"
    type(summary.article).objects.filter(pk=summary.article_id).update(
        url=hostile, final_url=hostile, site_name="<b>Outlet</b>", headline="عنوان"
    )
    summary.refresh_from_db()
    markdown = summary_export(summary=summary, fmt="md").content
    assert f"`{hostile}`" in markdown and "&lt;b&gt;Outlet&lt;/b&gt;" in markdown
    assert rendered_tags(markdown) <= {"h1", "h2", "p", "ul", "li", "br", "code"}
    data = json.loads(summary_export(summary=summary, fmt="json").content)
    assert data["source"] == {
        "url": hostile,
        "final_url": hostile,
        "headline": "عنوان",
        "outlet": "<b>Outlet</b>",
        "published_on": None,
        "fetched_at": None,
    }
    assert f"Source: <b>Outlet</b>: {hostile}" in summary_export(summary=summary, fmt="txt").content


@pytest.mark.django_db
def test_every_export_leads_with_the_headline_and_names_the_source():
    """The page's headline heads each file (the editors' English one when they wrote one); a text without
    either gets one made from the summary, marked as generated; the outlet, link and date come with it."""
    summary = finish(
        make_article(source_text="نص الخبر الأول. ثم نص آخر.").latest_summary, text="Egypt and Russia met."
    )
    type(summary.article).objects.filter(pk=summary.article_id).update(
        url="https://news.example/a", site_name="Example News", headline="بوتين والسيسي", published_on="2018-10-17"
    )
    summary.refresh_from_db()
    markdown = summary_export(summary=summary, fmt="md").content
    assert markdown.startswith("# بوتين والسيسي\n")
    assert "- Outlet: Example News" in markdown and "`https://news.example/a`" in markdown and "2018-10-17" in markdown
    assert "- Original language: Arabic" in markdown  # a name, not the code "ar"
    text = summary_export(summary=summary, fmt="txt").content
    assert "— Original (Arabic) —" in text
    assert text.startswith("بوتين والسيسي\n") and "Source: Example News, 2018-10-17: https://news.example/a" in text
    data = json.loads(summary_export(summary=summary, fmt="json").content)
    assert data["headline"] == {"text": "بوتين والسيسي", "language": "ar", "generated": False}
    assert data["source"]["outlet"] == "Example News" and data["source"]["published_on"] == "2018-10-17"

    type(summary.article).objects.filter(pk=summary.article_id).update(url="", site_name="", headline="")
    summary.refresh_from_db()
    assert summary_export(summary=summary, fmt="md").content.startswith(
        "# Egypt and Russia met. \\(generated headline\\)"
    )
    assert json.loads(summary_export(summary=summary, fmt="json").content)["headline"]["generated"] is True

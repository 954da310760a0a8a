"""Digest exports are inert: hostile headlines, texts, outlet names and addresses come out as text."""

from datetime import date
from html.parser import HTMLParser

import pytest

from summaries.digest.exports import digest_email, digest_export, digest_html, digest_markdown
from summaries.digest.grouping import DigestItem, group_items
from summaries.digest.services import DigestView
from tests.summaries.review.test_exports import HOSTILE, RENDERER, rendered_tags

BASE = "https://news.example.org/"
ARTICLE = "6f1c2b1e-8d1f-4c8e-9a52-0d6b1f3a9e01"


def item(number: int, text: str, *, outlet: str = "Reuters", url: str = "https://example.org/a") -> DigestItem:
    arabic = outlet == "الجزيرة"
    return {
        "summary_id": number,
        "article_id": ARTICLE,
        "headline": text,
        "headline_lang": "en",
        "headline_dir": "ltr",
        "text": text,
        "outlet": outlet,
        "outlet_lang": "ar" if arabic else "",
        "outlet_dir": "rtl" if arabic else "ltr",
        "source_url": url,
        "approved_at": "2026-12-01T08:00:00+00:00",
    }


def view(items: list[DigestItem], introduction: str = "") -> DigestView:
    return DigestView(date(2026, 12, 1), introduction, group_items(items, embed=None, threshold=0.85), None)


class TestMarkdown:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_text_renders_as_text(self, text):
        """Only the digest's own headings, emphasis, paragraphs and links come out of it."""
        markdown = digest_markdown(view=view([item(1, text, outlet=text)], introduction=text), base_url=BASE)
        assert rendered_tags(markdown) <= {"h1", "h2", "h3", "p", "em", "a", "br"}
        links = [
            child.attrGet("href")
            for token in RENDERER.parse(markdown)
            for child in token.children or []
            if child.type == "link_open"
        ]
        assert links == ["https://example.org/a", f"https://news.example.org/published/{ARTICLE}/"]

    def test_hostile_source_addresses_stay_inside_their_link(self):
        """Spaces, brackets and quotes in an address are percent-encoded; the link cannot end early."""
        hostile = 'https://example.org/a b>"<script>)](javascript:alert(1))'
        markdown = digest_markdown(view=view([item(1, "Text.", url=hostile)]), base_url=BASE)
        tokens = [child for token in RENDERER.parse(markdown) for child in token.children or []]
        hrefs = [child.attrGet("href") for child in tokens if child.type == "link_open"]
        assert hrefs[0].startswith("https://example.org/a%20b%3E%22%3Cscript%3E)%5D(javascript:")
        assert "raw-html" not in rendered_tags(markdown)

    def test_groups_and_items_read_in_order(self):
        digest = view([item(1, "One.", outlet="Reuters"), item(2, "Two.", outlet="الجزيرة")], introduction="Hello.")
        markdown = digest_markdown(view=digest, base_url=BASE)
        assert markdown.startswith("# News digest for 2026-12-01\n\nHello.\n\n## Reuters\n\n### One.")
        assert markdown.index("## الجزيرة") > markdown.index("### One.")


def test_each_group_is_named_once_by_its_heading_and_not_again_on_every_item():
    """ "Other sources" (items with no outlet) and an outlet's name head their group once, in every form."""
    from django.template.loader import render_to_string
    from django.utils.translation import override

    digest = view([item(1, "One.", outlet=""), item(2, "Two.", outlet=""), item(3, "Three.", outlet="Reuters")])
    with override("en"):
        for rendered in [
            digest_markdown(view=digest, base_url=BASE),
            digest_html(view=digest, base_url=BASE),
            render_to_string("summaries/includes/digest_groups.html", {"groups": digest.groups}),
        ]:
            assert rendered.count("Other sources") == 1 and rendered.count("Reuters") == 1, rendered


class _Elements(HTMLParser):
    """The start tags of a page, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


class TestHtmlEmail:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_text_is_escaped(self, text):
        """No element or attribute comes from the text: the page has the same tags with or without it, but
        for the paragraphs and line breaks of multi-line text."""
        hostile = digest_html(view=view([item(1, text, outlet=text)], introduction=text), base_url=BASE)
        plain = digest_html(view=view([item(1, "Plain.", outlet="Plain")], introduction="Plain."), base_url=BASE)

        def structure(html: str) -> list[str]:
            return [tag for tag, attrs in elements(html) if tag not in {"br", "p"} or set(attrs) - {"dir"}]

        assert structure(hostile) == structure(plain)
        assert "<script" not in hostile and "<img" not in hostile

    def test_hostile_source_address_stays_in_its_attribute(self):
        html = digest_html(view=view([item(1, "Text.", url='https://example.org/"><script>x</script>')]), base_url=BASE)
        hrefs = [attrs["href"] for tag, attrs in elements(html) if tag == "a"]
        assert hrefs == ['https://example.org/"><script>x</script>', f"https://news.example.org/published/{ARTICLE}/"]
        assert "<script" not in html

    def test_inline_styles_and_own_direction_for_arabic_outlets(self):
        """Self-contained (no style sheet, no external resource); an Arabic outlet is marked ar/rtl, the
        English summary en/ltr."""
        html = digest_html(view=view([item(1, "English text.", outlet="الجزيرة")]), base_url=BASE)
        tags = elements(html)
        assert not [tag for tag, _attrs in tags if tag in {"link", "style", "script", "img"}]
        assert ("bdi", {"lang": "ar", "dir": "rtl"}) in tags
        assert ("div", {"lang": "en", "dir": "ltr", "style": "margin:0 0 4px;"}) in tags

    def test_email_has_markdown_text_and_html_alternative(self):
        digest = view([item(1, "Text.")])
        message = digest_email(view=digest, base_url=BASE, to=["desk@example.org"])
        assert message.body == digest_markdown(view=digest, base_url=BASE)
        assert message.alternatives[0][1] == "text/html"
        assert message.subject == "News digest for 2026-12-01"

    def test_eml_download_is_a_whole_email(self):
        export = digest_export(view=view([item(1, "Text.")]), fmt="eml", base_url=BASE)
        assert export.filename == "digest-2026-12-01.eml" and export.content_type == "message/rfc822"
        assert "multipart/alternative" in export.content and "text/html" in export.content


def test_a_storys_outlets_are_listed_with_the_languages_comma():
    from django.utils.translation import override

    from summaries.digest.exports import group_title

    story = {"kind": "story", "items": [item(1, "One.", outlet="Reuters"), item(2, "Two.", outlet="الجزيرة")]}
    with override("ar"):
        assert group_title(story).endswith("Reuters، الجزيرة")

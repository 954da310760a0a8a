"""Each format checked by its spec's rules, as the W3C feed validator checks them: JSON Feed 1.1 against a
JSON Schema written from the spec; RSS 2.0 and Atom 1.0 (RFC 4287) by their required elements, date
formats, ids and absolute links."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.urls import reverse
from lxml import etree

from tests.summaries.digest_factories import make_approved

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "atom.rng")))  # RFC 4287 Appendix B
ATOM = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC_822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)"
)
RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def one(node, path: str):
    found = node.xpath(path, namespaces=ATOM)
    assert len(found) == 1, f"{path}: {len(found)} found"
    return found[0]


def body(client, fmt: str) -> bytes:
    response = client.get(reverse("summaries:published_feed", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    return response.content


def test_json_feed_meets_the_schema(client, published):
    """Every key, type, URL and date as JSON Feed 1.1 defines it; nothing outside it but `_` extensions."""
    data = json.loads(body(client, "json"))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert len(data["items"]) == 3


def test_the_schema_refuses_what_the_spec_does(client, published):
    """The schema is not a formality: an item with no content, a relative URL or a bad date fails it."""
    data = json.loads(body(client, "json"))
    for broken in (
        {"content_text": None},
        {"url": "/published/x/"},
        {"date_published": "Tue, 01 Dec 2026 08:00:00 +0000"},
        {"newsapp": {}},
    ):
        item = {**data["items"][0], **broken}
        item = {key: value for key, value in item.items() if value is not None}
        item.pop("content_html", None)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**data, "items": [item]}, SCHEMA)


def test_rss_has_what_rss_2_requires(client, published):
    """Channel title, link and description; a self link; each item a title, an absolute link, a permalink
    guid and an RFC 822 date; the source as Dublin Core's source."""
    rss = etree.fromstring(body(client, "rss"))
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = one(rss, "/rss/channel")
    for name in ("title", "link", "description"):
        assert one(channel, name).text
    assert absolute(one(channel, "link").text)
    self_link = one(channel, "a:link[@rel='self']")
    assert self_link.get("href") == "http://testserver/published/feed.rss"
    assert RFC_822.fullmatch(one(channel, "lastBuildDate").text)
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        assert one(item, "title").text and one(item, "description").text
        link = one(item, "link").text
        guid = one(item, "guid")
        assert absolute(link) and guid.text == link and guid.get("isPermaLink") == "true"
        assert RFC_822.fullmatch(one(item, "pubDate").text)
        assert one(item, "category[@domain='urn:ietf:bcp:47']").text in {"ar", "en"}
    sources = rss.xpath("//item/dc:source/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    assert all(absolute(source) for source in sources) and len(sources) == 2


def test_atom_has_what_rfc_4287_requires(client, published):
    """The feed: one id (an absolute IRI), title, updated (RFC 3339), author, a self and an alternate link.
    Each entry: one id, title, updated and published, exactly one alternate link, a summary, all marked
    with their language; every address absolute."""
    feed = etree.fromstring(body(client, "atom"))
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed" and feed.get(XML_LANG) == "en"
    assert absolute(one(feed, "a:id").text) and one(feed, "a:title").text
    assert RFC_3339.fullmatch(one(feed, "a:updated").text)
    assert one(feed, "a:author/a:name").text
    assert one(feed, "a:link[@rel='self']").get("href") == "http://testserver/published/feed.atom"
    assert absolute(one(feed, "a:link[@rel='alternate']").get("href"))
    entries = feed.findall("a:entry", ATOM)
    assert len(entries) == 3
    ids = [one(entry, "a:id").text for entry in entries]
    assert len(set(ids)) == 3 and all(absolute(entry_id) for entry_id in ids)
    for entry in entries:
        assert one(entry, "a:title").get(XML_LANG) in {"ar", "en"}
        assert RFC_3339.fullmatch(one(entry, "a:updated").text)
        assert RFC_3339.fullmatch(one(entry, "a:published").text)
        assert one(entry, "a:summary").get(XML_LANG) == "en"
        alternate = one(entry, "a:link[@rel='alternate']")
        assert alternate.get("type") == "text/html" and absolute(alternate.get("href"))
        assert all(absolute(link.get("href")) for link in entry.findall("a:link", ATOM))
        category = one(entry, "a:category")
        assert category.get("scheme") == "urn:ietf:bcp:47" and category.get("label")


def test_every_atom_feed_is_valid_by_rfc_4287s_schema(client, published):
    """The feed of everything, a followed feed's, an outlet's and an empty one, against Appendix B."""
    urls = [
        reverse("summaries:published_feed", kwargs={"fmt": "atom"}),
        reverse("summaries:published_feed_of_feed", kwargs={"feed_id": published.fed.article.feed_id, "fmt": "atom"}),
        reverse("summaries:published_feed_of_outlet", kwargs={"host": "news.example", "fmt": "atom"}),
    ]
    for url in urls:
        feed = etree.fromstring(client.get(url).content)
        assert ATOM_SCHEMA.validate(feed), (url, ATOM_SCHEMA.error_log)


def test_an_empty_atom_feed_is_valid_too(client):
    feed = etree.fromstring(body(client, "atom"))
    assert ATOM_SCHEMA.validate(feed), ATOM_SCHEMA.error_log


def test_the_atom_schema_refuses_what_rfc_4287_does(client, published):
    """An entry without atom:updated, or with an RFC 822 date, or an atom:feed without an id, fails it."""
    text = body(client, "atom").decode()
    updated = re.search(r"<updated>[^<]+</updated>(?=<summary)", text)
    assert updated
    for broken in (
        text.replace(updated.group(0), "", 1),
        text.replace(updated.group(0), "<updated>Tue, 01 Dec 2026 08:00:00 +0000</updated>", 1),
        re.sub(r"<id>[^<]+</id>", "", text, count=1),
    ):
        assert not ATOM_SCHEMA.validate(etree.fromstring(broken.encode()))


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_hostile_text_stays_text(client, fmt):
    """Markup in a headline or summary is escaped, and characters XML cannot hold are left out, never a 500."""
    make_approved(
        "</description><script>alert(1)</script>\x01\x1f\ufffe",  # no NUL: PostgreSQL stores none
        headline="<b>bold</b>\x07 ]]> &amp;",
        url="https://news.example/h",
    )
    root = etree.fromstring(body(client, fmt))
    assert not root.xpath("//script|//b|//a:script", namespaces=ATOM)
    texts = "".join(root.itertext())
    assert "<b>bold</b> ]]> &amp;" in texts  # a title is text in both formats
    if fmt == "atom":
        assert "</description><script>alert(1)</script>" in texts  # a text summary
    else:  # the description is HTML: the summary's markup reaches it escaped once more
        assert "&lt;/description&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in texts and "<script>" not in texts

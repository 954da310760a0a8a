"""A day's digest as files and as an e-mail: Markdown, and HTML with the Markdown as its plain-text part.

Every piece of submitted or edited text is escaped (exports.markdown_escape, Django's autoescape), and
links carry absolute addresses, since a file or an e-mail is read away from the site.
"""

from collections.abc import Sequence
from urllib.parse import quote

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from summaries.common.formatting import list_text
from summaries.digest.grouping import STORY, DigestGroup, DigestItem
from summaries.digest.services import DigestView
from summaries.review.exports import Export, markdown_escape

FORMATS = ("md", "html", "eml")
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"  # everything else (spaces, <, >, quotes, backslashes) is percent-encoded


def digest_export(*, view: DigestView, fmt: str, base_url: str) -> Export:
    """The digest as a Markdown file, an HTML page or a whole e-mail (.eml); `fmt` must be one of FORMATS."""
    filename = f"digest-{view.day.isoformat()}.{fmt}"
    if fmt == "md":
        return Export(digest_markdown(view=view, base_url=base_url), "text/markdown; charset=utf-8", filename)
    if fmt == "html":
        return Export(digest_html(view=view, base_url=base_url), "text/html; charset=utf-8", filename)
    if fmt == "eml":
        message = digest_email(view=view, base_url=base_url, to=[])
        return Export(message.message().as_string(), "message/rfc822", filename)
    raise ValueError(f"unknown digest format {fmt!r}")


def digest_subject(view: DigestView) -> str:
    return _("News digest for %(day)s") % {"day": view.day.isoformat()}


def digest_markdown(*, view: DigestView, base_url: str) -> str:
    """Headings for groups and headlines, escaped text, and links to the source and to our page."""
    sections = [f"# {markdown_escape(digest_subject(view))}"]
    if view.introduction:
        sections.append(markdown_escape(view.introduction))
    for group in view.groups:
        sections.append(f"## {markdown_escape(group_title(group))}")
        sections += [_item_markdown(item, base_url, in_story=group["kind"] == STORY) for item in group["items"]]
    if not view.groups:
        sections.append(_("No summary was approved on this day."))
    return "\n\n".join(sections) + "\n"


def digest_html(*, view: DigestView, base_url: str) -> str:
    """A self-contained page with inline styles (mail clients drop style sheets), in the active language."""
    language = translation.get_language() or "en"
    context = {
        "view": view,
        "subject": digest_subject(view),
        "groups": [_group_context(group, base_url) for group in view.groups],
        "page_lang": language,
        "page_dir": "rtl" if translation.get_language_bidi() else "ltr",
    }
    return render_to_string("summaries/digest_email.html", context)


def digest_email(*, view: DigestView, base_url: str, to: Sequence[str]) -> EmailMultiAlternatives:
    """The e-mail: the Markdown as its plain-text body, the HTML as the alternative mail clients show."""
    message = EmailMultiAlternatives(
        subject=digest_subject(view), body=digest_markdown(view=view, base_url=base_url), to=list(to)
    )
    message.attach_alternative(digest_html(view=view, base_url=base_url), "text/html")
    return message


def group_title(group: DigestGroup) -> str:
    """A story is named by its outlets ("Reuters, الجزيرة"); an outlet's group by the outlet."""
    if group["kind"] == STORY:
        outlets = dict.fromkeys(item["outlet"] or _("Other sources") for item in group["items"])
        return _("One story, %(count)s outlets: %(outlets)s") % {"count": len(outlets), "outlets": list_text(outlets)}
    return group["outlet"] or _("Other sources")


def article_address(item: DigestItem, base_url: str) -> str:
    """Our public page for the summary's article."""
    return base_url.rstrip("/") + reverse("summaries:published_detail", kwargs={"article_id": item["article_id"]})


def _item_markdown(item: DigestItem, base_url: str, *, in_story: bool) -> str:
    """An item names its outlet only inside a story (several outlets); an outlet's group is titled by it."""
    links = [f"[{_('Summary on our site')}](<{quote(article_address(item, base_url), safe=_URL_SAFE)}>)"]
    if item["source_url"]:
        links.insert(0, f"[{_('Source')}](<{quote(item['source_url'], safe=_URL_SAFE)}>)")
    outlet = [f"*{markdown_escape(item['outlet'])}*"] if in_story and item["outlet"] else []
    return "\n\n".join(
        [f"### {markdown_escape(item['headline'])}", *outlet, markdown_escape(item["text"]), " · ".join(links)]
    )


def _group_context(group: DigestGroup, base_url: str) -> dict[str, object]:
    return {
        "group": group,
        "title": group_title(group),
        "items": [{"item": item, "article_url": article_address(item, base_url)} for item in group["items"]],
    }

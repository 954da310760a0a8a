"""The daily digest: which summaries belong to a day, their groups, and publishing a day for the public.

A day's summaries are those approved during that calendar day in the site's time zone (settings.TIME_ZONE):
approved now and `reviewed_at` inside the day. A summary approved again later (after a withdrawal, or a
newer run approved in its place) moves to the later day. Publishing copies the groups into
`Digest.content`, so the public page keeps showing what was published until an editor publishes again.
"""

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summaries.common.bidi import paragraph_direction, text_direction
from summaries.common.formatting import shorten
from summaries.common.permissions import Account, User, is_editor
from summaries.digest.grouping import DigestGroup, DigestItem, group_items
from summaries.digest.models import Digest
from summaries.engines.embeddings import get_embedder
from summaries.review.models import Review
from summaries.runs.models import Summary

logger = logging.getLogger(__name__)


class DigestError(Exception):
    """A digest action that cannot happen; the message is safe to show an editor."""


@dataclass(frozen=True)
class DigestView:
    """What a page, an export or an e-mail shows for one day: live groups for editors, the snapshot for the public."""

    day: date
    introduction: str
    groups: list[DigestGroup]
    digest: Digest | None

    @property
    def count(self) -> int:
        return sum(len(group["items"]) for group in self.groups)

    @property
    def published(self) -> bool:
        return bool(self.digest and self.digest.published)


def digest_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The day's first instant and the next day's, in the site's time zone (a DST day is 23 or 25 hours)."""
    zone = timezone.get_default_timezone()
    return datetime.combine(day, time.min, tzinfo=zone), datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=zone
    )


def digest_today() -> date:
    """Today in the site's time zone, the editors' page's default day."""
    return timezone.localdate()


def digest_summaries(*, day: date) -> QuerySet[Summary]:
    """The day's approved summaries in the order they were approved."""
    start, end = digest_day_bounds(day)
    return (
        Summary.objects.filter(
            review__state=Review.State.APPROVED, review__reviewed_at__gte=start, review__reviewed_at__lt=end
        )
        .select_related("article", "article__feed", "review")
        .order_by("review__reviewed_at", "pk")
    )


def digest_groups(*, day: date) -> list[DigestGroup]:
    """The day's summaries grouped as they are now: same-story clusters across outlets, then by outlet."""
    items = [digest_item(summary) for summary in digest_summaries(day=day)]
    embedder = get_embedder(settings.SUMMARIES_EMBEDDINGS)
    embed = remembering(embedder) if embedder is not None else None
    return group_items(items, embed=embed, threshold=settings.SUMMARIES_DIGEST_SIMILARITY)


# Vectors of texts embedded before, newest last: the editors' page, its downloads and publishing ask for the
# same day's texts again and again, and each costs about 0.1 s to embed on a CPU. 4,096 vectors of 384
# floats are about 6 MB.
_VECTORS: OrderedDict[str, np.ndarray] = OrderedDict()
_VECTORS_KEPT = 4096


def remembering(embed: Callable[[list[str]], np.ndarray]) -> Callable[[list[str]], np.ndarray]:
    """`embed`, asked only for texts it has not embedded yet in this process."""

    def embed_remembered(texts: list[str]) -> np.ndarray:
        new = [text for text in dict.fromkeys(texts) if text not in _VECTORS]
        if new:
            _VECTORS.update(zip(new, embed(new), strict=True))
        for text in texts:
            _VECTORS.move_to_end(text)
        vectors = np.stack([_VECTORS[text] for text in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
        while len(_VECTORS) > _VECTORS_KEPT:
            _VECTORS.popitem(last=False)
        return vectors

    return embed_remembered


def digest_item(summary: Summary) -> DigestItem:
    """One summary as plain data: the English headline (or the page's own), the text as edited, the outlet."""
    article, review = summary.article, summary.review
    if review.title:
        headline, headline_lang, headline_dir = " ".join(review.title.split()), "en", "ltr"
    elif article.headline:
        headline = " ".join(article.headline.split())
        headline_lang, headline_dir = _lang_dir(headline, article.language)
    else:
        headline, headline_lang, headline_dir = shorten(" ".join(review.text.split()), 100), "en", "ltr"
    outlet = article.outlet
    outlet_lang, outlet_dir = _lang_dir(outlet, article.language)
    return {
        "summary_id": summary.pk,
        "article_id": str(article.pk),
        "headline": headline,
        "headline_lang": headline_lang,
        "headline_dir": headline_dir,
        "text": review.text,
        "outlet": outlet,
        "outlet_lang": outlet_lang,
        "outlet_dir": outlet_dir,
        "source_url": _web_address(article.final_url or article.url),
        "approved_at": review.reviewed_at.isoformat() if review.reviewed_at else "",
    }


def digest_current(*, day: date) -> DigestView:
    """The editors' view of a day: the groups as they are now, with the introduction saved so far."""
    digest = Digest.objects.filter(day=day).first()
    return DigestView(day, digest.introduction if digest else "", digest_groups(day=day), digest)


def digest_published(*, day: date) -> DigestView | None:
    """The public view of a day: the groups as published, or None while the day is not published."""
    digest = Digest.objects.filter(day=day, published=True).first()
    if digest is None:
        return None
    return DigestView(day, digest.introduction, list(digest.content), digest)


def digest_published_list() -> QuerySet[Digest]:
    """Published digests, the newest day first."""
    return Digest.objects.filter(published=True).order_by("-day")


def digest_introduction_save(*, day: date, introduction: str, editor: User) -> Digest:
    """Save a draft introduction. A published day's introduction changes only by publishing again, so the
    public page never shows words nobody published."""
    editor = _require_editor(editor)
    with transaction.atomic():
        digest, _created = Digest.objects.select_for_update().get_or_create(day=day)
        if digest.published:
            raise DigestError(_("This digest is published: publish it again to change its introduction."))
        digest.introduction = introduction.strip()
        digest.save(update_fields=["introduction", "updated_at"])
    logger.info("digest %s: introduction saved by user %s", day, editor.pk)
    return digest


def digest_publish(*, day: date, introduction: str, editor: User) -> Digest:
    """Publish the day as it is now (or again, replacing the earlier snapshot); an empty day is refused."""
    editor = _require_editor(editor)
    groups = digest_groups(day=day)
    if not groups:
        raise DigestError(_("No summary was approved on this day: there is nothing to publish."))
    with transaction.atomic():
        digest, _created = Digest.objects.select_for_update().get_or_create(day=day)
        digest.introduction = introduction.strip()
        digest.content = groups
        digest.published = True
        digest.published_at = timezone.now()
        digest.published_by = editor
        digest.save()
    logger.info("digest %s: published by user %s with %d groups", day, editor.pk, len(groups))
    return digest


def digest_unpublish(*, day: date, editor: User) -> Digest:
    """Take the day's digest off the public site; the snapshot stays until the next publication replaces it."""
    editor = _require_editor(editor)
    with transaction.atomic():
        digest = Digest.objects.select_for_update().filter(day=day, published=True).first()
        if digest is None:
            raise DigestError(_("This digest is not published."))
        digest.published = False
        digest.save(update_fields=["published", "updated_at"])
    logger.info("digest %s: unpublished by user %s", day, editor.pk)
    return digest


def _require_editor(user: User) -> Account:
    """Only editors publish: the views check too, this keeps a command or a later caller honest."""
    if isinstance(user, AnonymousUser) or not is_editor(user):
        raise DigestError(_("Only editors can change digests."))
    return user


def _lang_dir(text: str, language: str) -> tuple[str, str]:
    """`lang` and `dir` for a short label: the article's language when the label is written its way (an
    Arabic outlet name on an Arabic article), otherwise unknown language with the direction of its letters."""
    direction = paragraph_direction(text)
    if direction != "auto" and direction == text_direction(language):
        return language, direction
    return "", direction


def _web_address(url: str) -> str:
    """Only http(s) addresses become links; anything else (set through the ORM, never by a form) is dropped."""
    return url if urlsplit(url).scheme in {"http", "https"} else ""

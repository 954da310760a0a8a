"""Articles as submitted, kept exactly as they arrived, and the submissions counted against the rate limits.

No I/O and no enqueueing here: the intake services create these rows.
"""

import re
import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summaries.articles.naming import HOST_LENGTH
from summaries.common.bidi import balanced_bidi
from summaries.common.formatting import shorten

if TYPE_CHECKING:
    from summaries.runs.models import Summary


def original_file_path(article: "Article", filename: str) -> str:
    """Uploaded originals live under the article's own folder, so two files with one name never clash.

    The sender's name is only a hint: its last part after either slash, in letters, digits, `-` and `_`
    with no dot but the extension's (no hidden files, no traversal, no storage-side renaming into folders),
    and short enough for the column (the name as sent is kept in `original_name` for display).
    """
    name = PurePath(filename.replace("\\", "/"))
    stem = re.sub(r"[^\w-]", "", name.stem.replace(" ", "_").replace(".", "_"))[:40].strip("_") or "original"
    suffix = re.sub(r"[^\w]", "", name.suffix)[:10]
    return f"originals/{article.pk}/{stem}.{suffix}" if suffix else f"originals/{article.pk}/{stem}"


class Article(models.Model):
    """One submitted text, kept exactly as it arrived; the UUID is the unguessable page address."""

    class Origin(models.TextChoices):
        PASTE = "paste", _("Pasted in the browser")
        UPLOAD = "upload", _("Uploaded file")
        COMMAND = "command", _("Command line")
        LINK = "link", _("Link")
        FEED = "feed", _("Feed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source_text = models.TextField(_("original text"))
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639-1 code of the source text."))
    detected_language = models.CharField(
        _("detected language"), max_length=16, blank=True, help_text=_("What the language detector reported.")
    )
    language_confidence = models.FloatField(_("detection confidence"), null=True, blank=True)
    language_overridden = models.BooleanField(_("language chosen by the user"), default=False)
    content_hash = models.CharField(
        _("content hash"), max_length=64, db_index=True, help_text=_("SHA-256 of the normalised text, for duplicates.")
    )
    origin = models.CharField(_("arrived by"), max_length=16, choices=Origin.choices, default=Origin.PASTE)
    source_format = models.CharField(_("format"), max_length=16, default="paste")
    original_file = models.FileField(_("original file"), upload_to=original_file_path, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    original_size = models.PositiveBigIntegerField(_("original file size"), null=True, blank=True)
    original_content_type = models.CharField(_("original file type"), max_length=255, blank=True)
    original_sha256 = models.CharField(_("original file SHA-256"), max_length=64, blank=True)
    # Links and feed entries: the address given, where its redirects ended, when it was fetched, and what the
    # page said of itself (the text arrives in the worker's "fetching" stage; empty until then).
    url = models.URLField(_("link"), max_length=2000, blank=True, db_index=True)
    final_url = models.URLField(_("address after redirects"), max_length=2000, blank=True)
    # The host of final_url, else of url (naming.link_host), written with them: outlets are grouped and their
    # feeds looked up by it without cutting addresses apart in SQL.
    host = models.CharField(_("host"), max_length=HOST_LENGTH, blank=True, db_index=True, editable=False)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    headline = models.CharField(_("page headline"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    published_on = models.DateField(_("date on the page"), null=True, blank=True)
    site_name = models.CharField(_("outlet"), max_length=200, blank=True)
    feed = models.ForeignKey(
        "summaries.Feed",
        verbose_name=_("feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    feed_entry_id = models.CharField(_("feed entry"), max_length=1000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            # One article per feed entry, even when two polls of the feed overlap (feeds/polling.py).
            models.UniqueConstraint(
                fields=["feed", "feed_entry_id"],
                condition=models.Q(feed__isnull=False) & ~models.Q(feed_entry_id=""),
                name="one_article_per_feed_entry",
            )
        ]

    def __str__(self) -> str:
        # A label inside other text (admin titles, links) must not reorder it, nor stop mid-word. A link not
        # fetched yet has no text: its page's headline or, before the fetch, the link itself names it.
        first = self._lines[0] if self._lines else self.headline or self.url
        return balanced_bidi(shorten(first, 80))

    @property
    def _lines(self) -> list[str]:
        return [line for line in self.source_text.strip().splitlines() if line.strip()]

    @property
    def preview(self) -> str:
        """What follows the first line, shortened: it tells apart articles that start alike."""
        first = " ".join(self._lines[0].split()) if self._lines else ""
        title = shorten(first, 80)
        shown = len(title) - 1 if title.endswith("…") else len(title)  # where the title stopped in the line
        rest = " ".join([first[shown:], *self._lines[1:]])
        return balanced_bidi(shorten(rest, 160))

    @property
    def outlet(self) -> str:
        """Who published it, for grouping and credit: the feed's name, the page's site name, or its host."""
        if self.feed_id and self.feed is not None:
            return self.feed.name
        return self.site_name or self.host

    @property
    def latest_summary(self) -> "Summary | None":
        """The newest pipeline run; earlier runs stay as history."""
        return self.summaries.order_by("-created_at").first()


# Origins whose text is read from a page by a worker (the fetching queue), not given by the sender.
FETCHED_ORIGINS = frozenset({Article.Origin.LINK, Article.Origin.FEED})


class SubmissionHit(models.Model):
    """One anonymous submission, counted against a rate limit.

    Kept in the database, not a per-process cache, so every web process sees the same count; the
    client address and session are stored only as keyed hashes.
    """

    class Scope(models.TextChoices):
        IP = "ip", _("address")
        SESSION = "session", _("session")
        USER = "user", _("user")
        REFUSED = "refused", _("refused submissions")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    key = models.CharField(_("key"), max_length=64)
    articles = models.PositiveIntegerField(_("articles"), default=1)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="summaries_hit_lookup")]
        verbose_name = _("submission hit")
        verbose_name_plural = _("submission hits")

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.created_at:%Y-%m-%d %H:%M}"

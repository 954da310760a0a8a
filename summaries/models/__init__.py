"""Articles as submitted, and the pipeline runs (summaries) made from them.

No I/O and no enqueueing here: services create and change these rows.
"""

import re
import uuid
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..bidi import balanced_bidi
from ..formatting import shorten


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
            # One article per feed entry, even when two polls of the feed overlap (services/feeds.py).
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
        return self.site_name or (urlsplit(self.final_url or self.url).hostname or "").removeprefix("www.")

    @property
    def latest_summary(self) -> "Summary | None":
        """The newest pipeline run; earlier runs stay as history."""
        return self.summaries.order_by("-created_at").first()


class SummaryQuerySet(models.QuerySet):
    def unfinished(self) -> "SummaryQuerySet":
        return self.filter(status__in=[Summary.Status.QUEUED, Summary.Status.RUNNING, Summary.Status.WAITING])


class Summary(models.Model):
    """One run of the pipeline over an article: its progress, its outputs, and what produced them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        # The models it needs are not on this machine yet: the key sentences are there, the rest follows
        # by itself when the models arrive (the sweeper queues it again).
        WAITING = "waiting", _("Waiting for the models")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Strategy(models.TextChoices):
        TRANSLATE_SUMMARIZE = "translate-summarize", _("Translate everything, then summarize (abstractive)")
        EXTRACT_TRANSLATE = "extract-translate", _("Faithful: pick the key sentences, translate only those")

    class Length(models.TextChoices):
        SHORT = "short", _("Short (about 3 sentences)")
        MEDIUM = "medium", _("Medium (about 5 sentences)")
        LONG = "long", _("Long (about 8 sentences)")

    class ReviewState(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    class Stage(models.TextChoices):
        """What a running run is doing; empty in every other status (services/lifecycle.py)."""

        NONE = "", _("—")
        FETCHING = "fetching", _("Fetching the page")
        PREPARING = "preparing", _("Preparing the models")
        TRANSLATING = "translating", _("Translating")
        SUMMARIZING = "summarizing", _("Summarizing")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="summaries", verbose_name=_("article"))
    strategy = models.CharField(
        _("strategy"), max_length=32, choices=Strategy.choices, default=Strategy.TRANSLATE_SUMMARIZE
    )
    length = models.CharField(_("length"), max_length=16, choices=Length.choices, default=Length.MEDIUM)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.NONE, blank=True)
    progress_done = models.PositiveIntegerField(_("units done"), default=0)
    progress_total = models.PositiveIntegerField(_("units in total"), default=0)
    error_code = models.CharField(_("error code"), max_length=64, blank=True)
    error_message = models.TextField(
        _("error"), blank=True, help_text=_("In English, for administrators; never a traceback.")
    )
    error_params = models.JSONField(_("error details"), default=dict, blank=True)
    source_sentences = models.JSONField(_("source sentences"), default=list, blank=True)
    translated_sentences = models.JSONField(_("translated sentences"), default=list, blank=True)
    key_sentences = models.JSONField(
        _("key sentences"),
        default=list,
        blank=True,
        help_text=_(
            "Indexes of the source sentences chosen while the models were missing, shown in the original language."
        ),
    )
    waiting_for = models.JSONField(
        _("waiting for models"),
        default=list,
        blank=True,
        help_text=_("The models this run waits for, if any, each with its kind (translation, summarization)."),
    )
    translation = models.TextField(_("English translation"), blank=True)
    summary_text = models.TextField(_("summary"), blank=True)
    translation_model = models.CharField(_("translation model"), max_length=255, blank=True)
    summarization_model = models.CharField(_("summarization model"), max_length=255, blank=True)
    grounding = models.JSONField(
        _("grounding"),
        default=dict,
        blank=True,
        help_text=_("Supporting source sentences and scores per summary sentence; translation scores."),
    )
    timings = models.JSONField(_("stage timings (seconds)"), default=dict, blank=True)
    duration_seconds = models.FloatField(
        _("duration (seconds)"), null=True, blank=True, help_text=_("From a worker taking the run to its result.")
    )
    backend = models.CharField(
        _("backend"), max_length=32, blank=True, help_text=_("What ran the models: ctranslate2, transformers, or both.")
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    delivery_id = models.CharField(
        _("queue message"), max_length=64, blank=True, help_text=_("The message whose worker runs this job.")
    )
    worker = models.CharField(
        _("worker"), max_length=255, blank=True, help_text=_("The Celery node that ran the job last (name@host).")
    )
    send_attempts = models.PositiveIntegerField(
        _("sends"), default=0, help_text=_("Times the job was handed to the queue; it fails after SEND_ATTEMPTS.")
    )
    enqueued_at = models.DateTimeField(
        _("sent to the workers"), null=True, blank=True, help_text=_("Empty while the queue could not be reached.")
    )
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_(
            "Renewed by the worker while the job runs; a job silent for longer than LEASE_SECONDS is sent again."
        ),
    )
    review_state = models.CharField(
        _("review state"), max_length=24, choices=ReviewState.choices, default=ReviewState.PENDING, db_index=True
    )
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("Why it was rejected or what should change; from the last decision.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    title = models.CharField(_("headline"), max_length=300, blank=True)
    current_text = models.TextField(
        _("summary as edited"),
        blank=True,
        help_text=_("The text of the newest revision; the machine output stays in “summary”."),
    )
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_("Number of the newest revision; a save must name it (optimistic locking)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = SummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        permissions = [("review_summary", _("Can review, edit, approve and re-run summaries"))]
        constraints = [
            # What is published for an article must be unambiguous: approving a run withdraws the one
            # approved before it, in the same transaction (services/review.py).
            models.UniqueConstraint(
                fields=["article"], condition=models.Q(review_state="approved"), name="one_approved_summary_per_article"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.article} ({self.review_label})"

    @property
    def review_badge(self) -> str:
        """The state a badge shows: the review state of a finished run; any other run shows its status
        (a failed run is "failed", never "pending review": there is nothing to review)."""
        return self.review_state if self.status == self.Status.DONE else self.status

    @property
    def review_label(self) -> str:
        """The badge's words, in the active language."""
        if self.status == self.Status.DONE:
            return str(self.get_review_state_display())
        return str(self.get_status_display())

    @property
    def text(self) -> str:
        """The summary as it reads now: the newest revision, or the machine output before any."""
        return self.current_text if self.revision else self.summary_text

    @property
    def is_reviewable(self) -> bool:
        """Only a finished run has a summary to review."""
        return self.status == self.Status.DONE

    @property
    def is_editable(self) -> bool:
        """Approved text is what is published and rejected text is closed: reopen or withdraw first."""
        return self.is_reviewable and self.review_state in {
            self.ReviewState.PENDING,
            self.ReviewState.CHANGES_REQUESTED,
        }

    @property
    def is_finished(self) -> bool:
        """Whether the page can stop polling: the run either produced a result or failed for good."""
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def error_text(self) -> str:
        """The failure reason in the active language (the page's), from the stored code and details."""
        from ..exceptions import ALL_MESSAGES, render_message

        if self.error_code in ALL_MESSAGES:
            return render_message(self.error_code, self.error_params)
        return self.error_message

    @property
    def public_error_text(self) -> str:
        """The failure reason for the person who submitted the article: an infrastructure failure is said
        plainly, without the operator's instructions (settings, commands), which staff see in error_text."""
        from ..exceptions import public_message

        if not self.error_code:
            return self.error_text
        return public_message(self.error_code, self.error_params) or self.error_text

    def error_text_for(self, user: object) -> str:
        """What this person is told: staff get the operator's instructions, everyone else the plain words."""
        return self.error_text if getattr(user, "is_staff", False) else self.public_error_text

    @property
    def key_sentence_texts(self) -> list[str]:
        """The key sentences in the original language, in article order."""
        return [self.source_sentences[index] for index in self.key_sentences if index < len(self.source_sentences)]

    @property
    def waiting_model_ids(self) -> list[str]:
        return [model["model"] for model in self.waiting_for]

    @property
    def progress_percent(self) -> int:
        """Overall progress: translation fills the first 80 %, summarizing the rest (by section when a long
        text has several)."""
        if self.status == self.Status.DONE:
            return 100
        if self.stage == self.Stage.SUMMARIZING:
            return 80 + int(15 * self.progress_done / self.progress_total) if self.progress_total > 1 else 85
        if self.stage == self.Stage.TRANSLATING and self.progress_total:
            return 5 + int(75 * self.progress_done / self.progress_total)
        return 0

    @property
    def aligned_sentences(self) -> list[dict[str, object]]:
        """Source sentence, its translation (if any), its translation score and flag, the facts that did not
        match and the words of the translation held responsible (`words`, offsets into `translation`; runs
        from before word checks have none), in article order."""
        scores = self.grounding.get("translation_scores") or []
        flags = self.grounding.get("translation_flags") or []
        issues = self.grounding.get("translation_issues") or []
        words = self.grounding.get("translation_words") or []
        rows = []
        for index, source in enumerate(self.source_sentences):
            rows.append(
                {
                    "index": index,
                    "source": source,
                    "translation": self.translated_sentences[index] if index < len(self.translated_sentences) else "",
                    "score": scores[index] if index < len(scores) else None,
                    "flagged": bool(flags[index]) if index < len(flags) else False,
                    "issues": issues[index] if index < len(issues) else [],
                    "words": (words[index] or []) if index < len(words) else [],
                }
            )
        return rows

    @property
    def summary_sentences(self) -> list[dict[str, object]]:
        """Summary sentences with their supporting source sentences (as 1-based numbers for people) and the
        words held responsible (`words`, offsets into `text`; none for runs from before word checks)."""
        return [
            {
                **sentence,
                "source_numbers": [index + 1 for index in sentence["sources"]],
                "words": sentence.get("words") or [],
            }
            for sentence in self.grounding.get("summary") or []
        ]


class SummaryRevision(models.Model):
    """One saved version of a summary's text; never changed, so the history can be diffed and restored."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("summary"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("headline"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summary_revisions",
        help_text=_("Empty for the pipeline's own output."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["summary", "-number"]
        verbose_name = _("summary revision")
        verbose_name_plural = _("summary revisions")
        constraints = [models.UniqueConstraint(fields=["summary", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.summary_id} r{self.number}"


class ReviewEvent(models.Model):
    """The audit log: who did what to a summary, when, and from which review state to which."""

    class Action(models.TextChoices):
        APPROVE = "approve", pgettext_lazy("audit log action", "Approved")
        REJECT = "reject", pgettext_lazy("audit log action", "Rejected")
        REQUEST_CHANGES = "request_changes", _("Requested changes")
        WITHDRAW = "withdraw", _("Withdrew approval")
        REOPEN = "reopen", _("Reopened for review")
        SUPERSEDE = "supersede", _("Approval passed to a newer run")
        EDIT = "edit", _("Edited the summary")
        RESTORE = "restore", _("Restored a revision")
        RERUN = "rerun", _("Sent the article through the pipeline again")

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="events", verbose_name=_("summary"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_events",
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=24, choices=Summary.ReviewState.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=Summary.ReviewState.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self) -> str:
        return f"{self.summary_id}: {self.action} {self.from_state} → {self.to_state}"


# Newer models live in modules of their own; importing them here registers them with the app.
from .api_tokens import ApiToken  # noqa: E402, F401
from .digests import Digest  # noqa: E402, F401
from .feeds import Feed  # noqa: E402, F401
from .glossary import GlossaryEntry, GlossaryImport, GlossarySuggestion, split_lines  # noqa: E402, F401
from .model_state import ModelState  # noqa: E402, F401
from .throttling import SubmissionHit  # noqa: E402, F401

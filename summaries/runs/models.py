"""The pipeline runs (summaries) made from an article: the job and its outputs. The editorial side (review
state, the text as edited, revisions, events) is review/models.py, one Review per run.

No I/O and no enqueueing here: services create and change these rows (runs/lifecycle.py moves the status).
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from summaries.articles.models import Article


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

    class Stage(models.TextChoices):
        """What a running run is doing; empty in every other status (runs/lifecycle.py)."""

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
    glossary_version = models.CharField(
        _("glossary version"),
        max_length=100,
        blank=True,
        help_text=_("The editors' glossary the run applied; a stored result is reused only under the same one."),
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
    flagged_sentences = models.PositiveIntegerField(
        _("flagged sentences"),
        null=True,
        blank=True,
        help_text=_(
            "Sentences flagged when the run finished, of the checked ones; counted once, for the desk's charts."
        ),
    )
    checked_sentences = models.PositiveIntegerField(_("checked sentences"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = SummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        # The desk's charts (summaries/desk/selectors.py) ask for finished and failed runs by when they ended.
        indexes = [
            models.Index(fields=["status", "finished_at"], name="summaries_run_ended"),
            # ... and whether an article had a run finished before this one (its first is the desk's wait).
            models.Index(fields=["article", "status", "finished_at"], name="summaries_run_article_ended"),
        ]
        permissions = [("review_summary", _("Can review, edit, approve and re-run summaries"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.article} ({self.review_label})"

    @property
    def review_badge(self) -> str:
        """The state a badge shows: the review state of a finished run; any other run shows its status
        (a failed run is "failed", never "pending review": there is nothing to review)."""
        return self.review.state if self.status == self.Status.DONE else self.status

    @property
    def review_label(self) -> str:
        """The badge's words, in the active language."""
        if self.status == self.Status.DONE:
            return str(self.review.get_state_display())
        return str(self.get_status_display())

    @property
    def is_reviewable(self) -> bool:
        """Only a finished run has a summary to review."""
        return self.status == self.Status.DONE

    @property
    def is_finished(self) -> bool:
        """Whether the page can stop polling: the run either produced a result or failed for good."""
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def error_text(self) -> str:
        """The failure reason in the active language (the page's), from the stored code and details."""
        from summaries.common.exceptions import ALL_MESSAGES, render_message

        if self.error_code in ALL_MESSAGES:
            return render_message(self.error_code, self.error_params)
        return self.error_message

    @property
    def public_error_text(self) -> str:
        """The failure reason for the person who submitted the article: an infrastructure failure is said
        plainly, without the operator's instructions (settings, commands), which staff see in error_text."""
        from summaries.common.exceptions import public_message

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

    @property
    def flag_count(self) -> tuple[int, int]:
        """How many sentences are flagged, of how many (see `sentence_flags`). The page and the approval's
        confirmation say it."""
        return sentence_flags(
            source_sentences=self.source_sentences,
            translated_sentences=self.translated_sentences,
            grounding=self.grounding,
        )


def sentence_flags(
    *, source_sentences: list[str], translated_sentences: list[str], grounding: dict[str, Any]
) -> tuple[int, int]:
    """Flagged sentences, of how many: the translated sentences and the summary's, a sentence both (an
    extractive summary's) counted once. The pipeline stores the pair on the run when it finishes, so the
    desk counts them in SQL instead of reading every run's JSON."""
    flags = grounding.get("translation_flags") or []
    flagged: dict[str, bool] = {}
    for index in range(len(source_sentences)):
        translation = translated_sentences[index] if index < len(translated_sentences) else ""
        if translation:
            flagged[str(translation)] = bool(flags[index]) if index < len(flags) else False
    summary = grounding.get("summary") or []
    for sentence in summary:
        text = str(sentence.get("text", ""))
        flagged[text] = flagged.get(text, False) or bool(sentence.get("flagged"))
    return sum(flagged.values()), len(flagged)

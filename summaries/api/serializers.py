"""API shapes. Input serializers check shape only (the services decide what is acceptable, as for the
web form); output serializers describe what the views return, so the OpenAPI schema is exact."""

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from summaries.articles.models import Article
from summaries.common.exceptions import IntakeError
from summaries.common.fact_messages import fact_issue_message, word_flag_message, word_flags
from summaries.engines import facts, readability
from summaries.review.decisions import TRANSITIONS
from summaries.review.exports import FORMATS
from summaries.review.models import SummaryRevision
from summaries.runs.models import Summary
from summaries.runs.selectors import queue_place
from summaries.runs.status import progress_percent, stage_label, waiting_notice


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, for programs: e.g. too_short, conflict, not_found."))
    message = serializers.CharField(help_text=_("For people, in the request's language (Accept-Language)."))
    fields = serializers.DictField(  # type: ignore[assignment]  # SerializerMetaclass pops declared fields off the class
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    base_revision = serializers.IntegerField(
        required=False, help_text=_("409 conflict: the revision the edit was based on.")
    )
    current_revision = serializers.IntegerField(
        required=False, help_text=_("409 conflict: the summary's revision now; send it as base_revision to replace it.")
    )
    current_author = serializers.CharField(
        required=False,
        allow_null=True,
        help_text=_("409 conflict: who saved the current revision; null for the pipeline's text or a deleted account."),
    )
    current_saved_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("409 conflict: when the current revision was saved.")
    )
    retry_after = serializers.IntegerField(required=False, help_text=_("Seconds until a submission fits again (429)."))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class ArticleSubmitSerializer(serializers.Serializer):
    """A pasted text, one uploaded file (multipart) or a link: exactly one of them. What the schema says
    each media type takes (with the limits and languages) is in schema.py."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)
    url = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=8, trim_whitespace=False)
    strategy = serializers.ChoiceField(choices=Summary.Strategy.choices, required=False)
    length = serializers.ChoiceField(choices=Summary.Length.choices, required=False)
    force_new = serializers.BooleanField(required=False, default=False)

    def to_internal_value(self, data: object) -> dict:
        """JSON values of the types the schema names: DRF would read 1 as "1" and "yes" as true."""
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            wrong = [name for name, kind in _JSON_TYPES.items() if not isinstance(data.get(name, kind()), kind)]
            if wrong:
                raise serializers.ValidationError({name: [_("A value of the wrong type.")] for name in wrong})
        return super().to_internal_value(data)

    def validate_text(self, text: str) -> str:
        """As the schema says (schema.py): the limit holds for the text as sent, not only once it is trimmed."""
        if len(text) > settings.SUMMARIES_MAX_ARTICLE_CHARS:
            raise IntakeError("too_long", length=len(text), max=settings.SUMMARIES_MAX_ARTICLE_CHARS)
        return text

    def validate(self, attrs: dict) -> dict:
        if attrs.get("url") and (attrs.get("text") or attrs.get("file")):
            raise serializers.ValidationError(_("Send one of text, a file or a url, not several."), code="both")
        if attrs.get("text") and attrs.get("file"):
            raise serializers.ValidationError(_("Send either text or a file, not both."), code="both")
        return attrs


_JSON_TYPES: dict[str, type] = dict.fromkeys(["text", "url", "language", "strategy", "length"], str) | {
    "force_new": bool
}


class SubmittedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    reused = serializers.BooleanField(help_text=_("The same text was summarized before; this is that article."))
    status_url = serializers.URLField()
    result_url = serializers.URLField(help_text=_("The article's page in the browser."))


class ProgressSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # SerializerMetaclass pops declared fields off the class
    percent = serializers.IntegerField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    queue_position = serializers.IntegerField(
        allow_null=True, help_text=_("While queued: 1 is next. Runs are taken first come, first served.")
    )
    estimate_seconds = serializers.FloatField(
        allow_null=True, help_text=_("While queued: about when the result is there, from recent runs' durations.")
    )


class RunErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ArticleListItemSerializer(serializers.Serializer):
    """One row of the list: the article and its newest run, without the long texts."""

    id = serializers.UUIDField(source="article_id")
    created_at = serializers.DateTimeField(source="article.created_at")
    language = serializers.CharField(source="article.language")
    headline = serializers.SerializerMethodField()
    submitted_by = serializers.CharField(source="article.submitted_by.username", default=None, allow_null=True)
    summary_id = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    review_state = serializers.CharField(source="review.state")
    url = serializers.SerializerMethodField()

    def get_headline(self, run: Summary) -> str:
        """The editors' headline, else the linked page's own, else the text's first line (or the link while
        its page has not been read)."""
        return run.review.title or run.article.headline or str(run.article) or run.article.url

    def get_url(self, run: Summary) -> str:
        return absolute_url(self.context["request"], "api:article_detail", article_id=run.article_id)


class ArticlePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ArticleListItemSerializer(many=True)


class FactIssueSerializer(serializers.Serializer):
    """A fact that does not match between a text and its source."""

    kind = serializers.ChoiceField(choices=[(kind, kind) for kind in (*facts.KINDS, *readability.KINDS)])
    value = serializers.CharField(
        allow_blank=True,
        help_text=_(
            "The number or name concerned; empty for negation. For unreadable text: how many characters could "
            "not be decoded, which control characters, or the repeated words."
        ),
    )
    term = serializers.CharField(required=False, help_text=_("For a glossary term: the Arabic term."))
    message = serializers.SerializerMethodField(help_text=_("For people, in the request's language."))

    def get_message(self, issue: dict) -> str:
        return fact_issue_message(issue)


class WordFlagSerializer(serializers.Serializer):
    """Words of an English sentence that a fact check holds responsible for its flag."""

    start = serializers.IntegerField(help_text=_("Where the words start in the sentence, in Unicode characters."))
    end = serializers.IntegerField(help_text=_("Where the words end (exclusive), in Unicode characters."))
    reason = serializers.CharField(
        help_text=_("Stable, for programs: number, name, antonym, unsupported, negation, date or order.")
    )
    value = serializers.CharField(allow_blank=True, help_text=_("For an antonym: the word the source supports."))
    text = serializers.CharField(help_text=_("The flagged words themselves."))
    message = serializers.CharField(help_text=_("For people, in the request's language."))


class AlignedSentenceSerializer(serializers.Serializer):
    """A source sentence and its translation, with the translation's support score and "check this" flag."""

    index = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # SerializerMetaclass pops declared fields off the class
    translation = serializers.CharField(allow_blank=True)
    score = serializers.FloatField(allow_null=True)
    flagged = serializers.BooleanField()
    issues = FactIssueSerializer(many=True)
    words = WordFlagSerializer(many=True, help_text=_("Offsets into the translation."))


class SummarySentenceSerializer(serializers.Serializer):
    """A summary sentence, the source sentences (0-based indexes) that support it, their scores, and a flag."""

    text = serializers.CharField()
    sources = serializers.ListField(child=serializers.IntegerField())
    scores = serializers.ListField(child=serializers.FloatField())
    support = serializers.FloatField()
    flagged = serializers.BooleanField()
    issues = FactIssueSerializer(many=True, required=False)
    words = WordFlagSerializer(many=True, help_text=_("Offsets into the sentence's text."))


class WaitingSerializer(serializers.Serializer):
    notice = serializers.CharField(help_text=_("Why the run waits, for people, in the request's language."))
    key_sentences = serializers.ListField(
        child=serializers.CharField(), help_text=_("The article's key sentences in its own language, in order.")
    )


class RunSerializer(serializers.Serializer):
    """The newest run of an article: status while it runs, then the result with its grounding."""

    summary_id = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    progress = serializers.SerializerMethodField()
    waiting = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    strategy = serializers.CharField()
    length = serializers.CharField()
    translation = serializers.CharField()
    sentences = serializers.SerializerMethodField()
    title = serializers.CharField(source="review.title")
    summary = serializers.CharField(
        source="review.text", help_text=_("As edited by editors, else the machine summary.")
    )
    summary_sentences = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="review.revision")
    review_state = serializers.CharField(source="review.state")
    reviewed_at = serializers.DateTimeField(source="review.reviewed_at", allow_null=True)
    translation_model = serializers.CharField()
    summarization_model = serializers.CharField()
    timings = serializers.DictField(child=serializers.FloatField())
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    downloads = serializers.SerializerMethodField()

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, run: Summary) -> dict[str, object]:
        place = queue_place(run) if run.status == Summary.Status.QUEUED else None
        return {
            "stage": run.stage,
            "label": stage_label(run, place=place),
            "queue_position": place.position if place else None,
            "estimate_seconds": place.estimate_seconds if place else None,
            "percent": progress_percent(run),
            "done": run.progress_done,
            "total": run.progress_total,
        }

    @extend_schema_field(WaitingSerializer(allow_null=True))
    def get_waiting(self, run: Summary) -> dict[str, object] | None:
        """While the run waits for its models: why, in plain words, and the key sentences of the original."""
        if run.status != Summary.Status.WAITING:
            return None
        return {"notice": waiting_notice(run), "key_sentences": run.key_sentence_texts}

    @extend_schema_field(RunErrorSerializer(allow_null=True))
    def get_error(self, run: Summary) -> dict[str, str] | None:
        if run.status != Summary.Status.FAILED:
            return None
        return {"code": run.error_code or "error", "message": run.error_text_for(self.context["request"].user)}

    @extend_schema_field(AlignedSentenceSerializer(many=True))
    def get_sentences(self, run: Summary) -> list[dict[str, object]]:
        """Source sentence ↔ translation, with the translation's support score and "check this" flag."""
        return [
            {**row, "issues": _issues(row["issues"]), "words": _words(row["translation"], row["words"])}
            for row in run.aligned_sentences
        ]

    @extend_schema_field(SummarySentenceSerializer(many=True))
    def get_summary_sentences(self, run: Summary) -> list[dict[str, object]]:
        """Each summary sentence with the source sentences (0-based indexes) that support it and its score."""
        return [
            {
                **sentence,
                **({"issues": _issues(sentence["issues"])} if "issues" in sentence else {}),
                "words": _words(sentence.get("text", ""), sentence.get("words")),
            }
            for sentence in run.grounding.get("summary") or []
        ]

    @extend_schema_field(serializers.DictField(child=serializers.URLField()))
    def get_downloads(self, run: Summary) -> dict[str, str]:
        """The API's own download addresses (md, txt, json), which answer token clients as the detail does."""
        if run.status != Summary.Status.DONE:
            return {}
        request = self.context["request"]
        return {fmt: absolute_url(request, "api:article_result", article_id=run.article_id, fmt=fmt) for fmt in FORMATS}


class ArticleSourceSerializer(serializers.Serializer):
    """Where an article came from: how it arrived and, for a link or a feed entry, the page it was read from
    (empty, or null, until the worker has fetched it)."""

    origin = serializers.ChoiceField(choices=Article.Origin.choices)
    url = serializers.CharField(help_text=_("The link as given; empty for pasted text and files."))
    final_url = serializers.CharField(help_text=_("Where the link's redirects ended."))
    fetched_at = serializers.DateTimeField(allow_null=True)
    headline = serializers.CharField(help_text=_("The page's own headline, in the article's language."))
    author = serializers.CharField()
    published_on = serializers.DateField(allow_null=True, help_text=_("The date the page gives."))
    outlet = serializers.CharField(help_text=_("The feed's name, the page's site name, or the link's host."))


class ArticleSerializer(ArticleSourceSerializer):
    id = serializers.UUIDField(source="pk")
    created_at = serializers.DateTimeField()
    language = serializers.CharField(help_text=_("Empty while a link's page has not been read."))
    original_name = serializers.CharField()
    text = serializers.CharField(source="source_text")
    submitted_by = serializers.CharField(source="submitted_by.username", default=None, allow_null=True)
    run = serializers.SerializerMethodField()
    result_url = serializers.SerializerMethodField()

    @extend_schema_field(RunSerializer(allow_null=True))
    def get_run(self, article: Article) -> dict | None:
        run = self.context.get("run")
        return RunSerializer(run, context=self.context).data if run is not None else None

    def get_result_url(self, article: Article) -> str:
        return absolute_url(self.context["request"], "summaries:article_detail", article_id=article.pk)


class PageParametersSerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(action, action) for action in TRANSITIONS])
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=_("Required to reject or request changes."),
    )


class EditSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    base_revision = serializers.IntegerField(min_value=0, help_text=_("The revision your text is based on."))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class RevisionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, allow_null=True)

    class Meta:
        model = SummaryRevision
        fields = ["number", "title", "text", "note", "author", "created_at"]


class ReviewRunSerializer(RunSerializer):
    """A run as editors see it: with the machine text, the editors' note, its revisions and the decisions
    they may take now. Submitters get RunSerializer, which, like the article page, shows none of these."""

    article_id = serializers.UUIDField()
    source = ArticleSourceSerializer(source="article")  # type: ignore[assignment]  # SerializerMetaclass pops declared fields off the class
    machine_summary = serializers.CharField(source="summary_text", help_text=_("The pipeline's text, before any edit."))
    review_note = serializers.CharField(
        source="review.note", help_text=_("The last decision's reason or requested changes (editors only).")
    )
    actions = serializers.SerializerMethodField()
    revisions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, run: Summary) -> list[str]:
        """The view decides them (services.review) and passes them in: a serializer only shapes."""
        return [str(transition.action) for transition in self.context["actions"]]

    @extend_schema_field(RevisionSerializer(many=True))
    def get_revisions(self, run: Summary) -> list[dict]:
        revisions = RevisionSerializer(self.context["revisions"], many=True)
        return revisions.data  # type: ignore[return-value]  # many=True builds a ListSerializer: a list, not the stubs' ReturnDict


def _issues(issues: object) -> list[dict[str, object]]:
    """Stored findings with their words for people (FactIssueSerializer's `message`)."""
    if not isinstance(issues, list):
        return []
    return [{**issue, "message": fact_issue_message(issue)} for issue in issues if isinstance(issue, dict)]


def _words(text: object, words: object) -> list[dict[str, object]]:
    """The usable word flags of a sentence (clipped to it, in order) with their words and their reason for
    people, in the request's language (WordFlagSerializer)."""
    return [{**flag, "message": word_flag_message(flag)} for flag in word_flags(str(text), words)]


def absolute_url(request: HttpRequest, name: str, **kwargs: object) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))

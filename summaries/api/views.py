"""API views: thin, like the web views: input shape -> service or selector -> serializer.

Who sees what is decided by the same selectors and permission helpers as the web pages, so the API
never shows an article the page would hide (404 either way) or allows a decision the page refuses.
"""

import uuid

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from summaries.api import schema
from summaries.api import serializers as s
from summaries.api.errors import error_body
from summaries.api.permissions import IsEditor
from summaries.api.schema import filterset_parameters
from summaries.articles import throttle
from summaries.articles.link_submission import link_receive
from summaries.articles.models import Article
from summaries.articles.selectors import article_get_for_user
from summaries.articles.session import remember, session_articles
from summaries.articles.submission import submission_receive
from summaries.articles.submitter import submitter_client, submitter_intake
from summaries.common.exceptions import IntakeError
from summaries.review import decisions as review
from summaries.review.exports import FORMATS, export_response, summary_export
from summaries.review.filters import ApiQueueFilter
from summaries.review.selectors import runs_for_user, summary_revisions
from summaries.runs.models import Summary
from summaries.runs.selectors import summary_get

ERRORS = {
    code: OpenApiResponse(s.ErrorSerializer, description=text)
    for code, text in {
        400: "Invalid input: `code` says what (e.g. too_short, unsupported_type, invalid with `fields`).",
        401: "No or bad credentials (an unknown or revoked token).",
        403: "Signed in, but not allowed (or CSRF failed for a browser session).",
        404: "No such article or run, not yours to see, or a page beyond the last.",
        409: "The summary changed meanwhile (revision conflict) or the decision is not possible in its state.",
        413: "The uploaded file is larger than the limit.",
        415: "The body is neither JSON nor multipart/form-data.",
        429: "Too many submissions; `Retry-After` says when to try again.",
    }.items()
}


DOWNLOADED = "An attachment (Content-Disposition) in the format the address names: md, txt or json."


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class ArticleListCreate(APIView):
    """POST: submit an article (anyone, like the web form). GET: the articles you may see, newest first."""

    def get_permissions(self) -> list:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        operation_id="articles_list",
        parameters=[*filterset_parameters(ApiQueueFilter), s.PageParametersSerializer],
        responses={200: s.ArticlePageSerializer, **_errors(400, 401, 403, 404)},
        description="Editors see every article (each with its newest run), others their own. Filters as on the review queue.",
    )
    def get(self, request: Request) -> Response:
        filters = ApiQueueFilter(request.query_params)
        if not filters.is_valid():
            raise ValidationError({field: list(errors) for field, errors in filters.errors.items()})
        runs = runs_for_user(
            user=request.user, session_articles=session_articles(request), filters=filters.form.cleaned_data
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(runs, request, view=self)
        return paginator.get_paginated_response(
            s.ArticleListItemSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        operation_id="articles_create",
        request={"application/json": schema.ARTICLE_SUBMIT_JSON, "multipart/form-data": schema.ARTICLE_SUBMIT_FORM},
        examples=schema.SUBMIT_EXAMPLES,
        responses={201: s.SubmittedSerializer, 200: s.SubmittedSerializer, **_errors(400, 401, 403, 413, 415, 429)},
        description=(
            "Send exactly one of `text` (JSON or form field), one `file` (multipart: .txt, .md, .docx, .pdf, .html) "
            "or a `url`, checked exactly like the web form. 201 with the new article's addresses; 200 when the same text was "
            "summarized before and that result is reused (unless `force_new`). A `url` is checked for its form "
            "only (400 `link_scheme`, `link_too_long`); a worker then reads the page, and whatever stops it "
            "(`link_not_found`, `link_address`, ...) ends the run failed, with the reason in `run.error`."
        ),
    )
    def post(self, request: Request) -> Response:
        client = submitter_client(request)
        try:
            data = s.ArticleSubmitSerializer(data=request.data)  # parses the body: the upload handler runs here
            data.is_valid(raise_exception=True)
        except Exception:
            throttle.submission_refused(client=client)
            raise
        fields = data.validated_data
        if fields.get("url"):
            return self._post_link(request, client, fields)
        files = [upload for name in request.FILES for upload in request.FILES.getlist(name)]
        intake = submitter_intake(request, text=fields.get("text", ""), files=files)
        try:
            outcomes = submission_receive(
                intake=intake,
                client=client,
                max_files=1,
                user=request.user,
                language=fields.get("language") or None,
                strategy=fields.get("strategy"),
                length=fields.get("length"),
                force_new=fields["force_new"],
            )
        except throttle.Throttled as throttled:
            return _too_many(throttled.refusal)
        submission = outcomes[0].submission
        if submission is None:
            raise outcomes[0].error or IntakeError("no_input")
        remember(request, [submission.article])
        return _submitted(request, submission.article, reused=submission.reused)

    def _post_link(self, request: Request, client: throttle.Client, fields: dict) -> Response:
        """A link: stored and queued at once; a worker reads its page (errors then end the run)."""
        try:
            link = link_receive(
                url=fields["url"],
                client=client,
                user=request.user,
                language=fields.get("language") or None,
                strategy=fields.get("strategy"),
                length=fields.get("length"),
            )
        except throttle.Throttled as throttled:
            return _too_many(throttled.refusal)
        remember(request, [link.article])
        return _submitted(request, link.article, reused=False)


class ArticleDetail(APIView):
    """One article with its newest run: progress while it runs, then translation, summary and grounding."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="articles_retrieve", responses={200: s.ArticleSerializer, **_errors(401, 404)})
    def get(self, request: Request, article_id: uuid.UUID) -> Response:
        article = _article(request, article_id)
        context = {"request": request, "run": article.latest_summary}
        response = Response(s.ArticleSerializer(article, context=context).data)
        response["Cache-Control"] = "no-store"
        return response


class ArticleResult(APIView):
    """The finished run as a file (the web page's downloads), for whoever may see the article: the same
    rule as the detail, so a token client gets what it submitted and nobody else's."""

    permission_classes = [AllowAny]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple:
        """The format is in the address; an Accept header asking for it must not be refused (406), and
        errors are answered as JSON whatever it asks."""
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="articles_result",
        parameters=[OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS))],
        responses={
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description=DOWNLOADED),
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description=DOWNLOADED),
            (200, "application/json"): OpenApiResponse(schema.ResultExportSerializer, description=DOWNLOADED),
            **_errors(401, 404),
        },
        description=(
            "The summary as it reads now (edits included), its English translation and the original, as a "
            "download. The article's `run.downloads` lists these addresses once the run is done; 404 with "
            "code `not_finished` before that."
        ),
    )
    def get(self, request: Request, article_id: uuid.UUID, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            message = _("There is no download in that format; the formats are: %(formats)s.")
            raise NotFound(message % {"formats": ", ".join(FORMATS)}, code="not_found")
        run = _article(request, article_id).latest_summary
        if run is None or run.status != Summary.Status.DONE:
            raise NotFound(_("The article has no finished summary to download (yet)."), code="not_finished")
        response = export_response(summary_export(summary=run, fmt=fmt))
        response["Cache-Control"] = "no-store"
        return response


class SummaryDetail(APIView):
    """A run as editors review it: texts, grounding, revisions and the decisions possible now."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(operation_id="summaries_retrieve", responses={200: s.ReviewRunSerializer, **_errors(401, 403, 404)})
    def get(self, request: Request, summary_id: int) -> Response:
        run = _run(summary_id)
        return Response(s.ReviewRunSerializer(run, context=_review_context(request, run)).data)


class SummaryDecision(APIView):
    """Approve, reject (with a reason), request changes (with a note), withdraw an approval, or reopen."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(
        operation_id="summaries_decide",
        request={"application/json": schema.DECISION},
        responses={200: s.ReviewRunSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def post(self, request: Request, summary_id: int) -> Response:
        decision = s.DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        _run(summary_id)
        review.summary_transition(summary_id=summary_id, editor=request.user, **decision.validated_data)
        run = _run(summary_id)
        return Response(s.ReviewRunSerializer(run, context=_review_context(request, run)).data)


class SummaryRevisions(APIView):
    """Save an edited summary as a new revision; `base_revision` guards against overwriting a colleague."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(
        operation_id="summaries_edit",
        request={"application/json": s.EditSerializer},
        responses={201: s.RevisionSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def post(self, request: Request, summary_id: int) -> Response:
        edit = s.EditSerializer(data=request.data)
        edit.is_valid(raise_exception=True)
        _run(summary_id)
        revision = review.summary_edit(summary_id=summary_id, editor=request.user, **edit.validated_data)
        return Response(s.RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


def _submitted(request: Request, article: Article, *, reused: bool) -> Response:
    """201 with the new article's addresses, or 200 for an earlier one reused."""
    run = article.latest_summary
    if run is None:  # deleted in the moment since it was submitted
        raise NotFound(code="not_found")
    status_url = s.absolute_url(request, "api:article_detail", article_id=article.pk)
    body = {
        "id": article.pk,
        "status": run.status,
        "reused": reused,
        "status_url": status_url,
        "result_url": s.absolute_url(request, "summaries:article_detail", article_id=article.pk),
    }
    code = status.HTTP_200_OK if reused else status.HTTP_201_CREATED
    return Response(s.SubmittedSerializer(body).data, status=code, headers={"Location": status_url})


def _article(request: Request, article_id: uuid.UUID) -> Article:
    """The article if this client may see it; otherwise 404, so "not yours" cannot be told from "missing"."""
    article = article_get_for_user(article_id=article_id, user=request.user, session_articles=session_articles(request))
    if article is None:
        raise NotFound(code="not_found")
    return article


def _run(summary_id: int) -> Summary:
    run = summary_get(summary_id=summary_id)
    if run is None:
        raise NotFound(code="not_found")
    return run


def _review_context(request: Request, run: Summary) -> dict[str, object]:
    """What the review serializer shows besides the run: the decisions this editor can make, the revisions."""
    return {
        "request": request,
        "actions": review.review_actions(summary=run, user=request.user),
        "revisions": summary_revisions(summary=run, oldest_first=True),
    }


def _too_many(refusal: throttle.Refusal) -> Response:
    response = Response(error_body("throttled", refusal.message, retry_after=refusal.retry_after), status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response

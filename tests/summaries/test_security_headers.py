"""Security headers on every kind of response: the Content-Security-Policy (django-csp, from the
CONTENT_SECURITY_POLICY variable), and the nosniff, referrer, framing and opener headers Django's own
middleware sends from settings."""

from collections.abc import Callable

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from newsapp.environment import EnvError, env
from summaries.review import decisions as review
from tests.factories import finish, latest_run, make_article, make_user, own

pytestmark = pytest.mark.django_db


def directives(policy: str) -> dict[str, list[str]]:
    """A policy header as {directive: [sources]}."""
    parsed = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        parsed[name.lower()] = sources
    return parsed


def submit_page(client) -> str:
    return reverse("summaries:submit")


def article_page(client) -> str:
    article = make_article()
    own(client, article)
    return reverse("summaries:article_detail", kwargs={"article_id": article.pk})


def review_page(client) -> str:
    client.force_login(make_user("editor", editor=True))
    summary = finish(latest_run(make_article()))
    return reverse("summaries:summary_review", kwargs={"summary_id": summary.pk})


def admin_page(client) -> str:
    client.force_login(make_user("admin", staff=True))
    return reverse("admin:summaries_summary_changelist")


def missing_page(client) -> str:
    return "/no-such-page/"


def forbidden_page(client) -> str:
    client.force_login(make_user("writer"))
    return reverse("summaries:review_queue")


def json_export(client) -> str:
    editor = make_user("editor", editor=True)
    summary = finish(latest_run(make_article()))
    review.summary_approve(summary_id=summary.pk, editor=editor)
    return reverse("summaries:published_export", kwargs={"article_id": summary.article_id, "fmt": "json"})


def text_export(client) -> str:
    article = make_article()
    finish(latest_run(article))
    own(client, article)
    return reverse("summaries:article_result", kwargs={"article_id": article.pk, "fmt": "txt"})


def health_check(client) -> str:
    return reverse("summaries:healthz")


PAGES: dict[str, tuple[Callable[[object], str], int | None]] = {
    "submit": (submit_page, 200),
    "article": (article_page, 200),
    "review": (review_page, 200),
    "admin": (admin_page, 200),
    "404": (missing_page, 404),
    "403": (forbidden_page, 403),
    "json-export": (json_export, 200),
    "text-export": (text_export, 200),
    "healthz": (health_check, None),  # 200 or 503, depending on whether Redis and a worker answer here
}


@pytest.fixture(params=list(PAGES))
def response(request, client):
    """One response of each kind, fetched the way a browser would."""
    prepare, status = PAGES[request.param]
    response = client.get(prepare(client))
    assert status is None or response.status_code == status
    return response


class TestHeadersOnEveryResponse:
    def test_content_security_policy(self, response, settings):
        """The site's policy is sent, whatever the page, status or content type."""
        assert directives(response["Content-Security-Policy"]) == settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]

    def test_no_content_type_sniffing(self, response):
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_referrer_stays_on_the_site(self, response):
        assert response["Referrer-Policy"] == "same-origin"

    def test_no_framing(self, response):
        """Framing is refused twice: X-Frame-Options for old browsers, frame-ancestors for the rest."""
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]

    def test_cross_origin_opener_isolated(self, response):
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


class TestPolicy:
    def test_scripts_and_styles_only_from_our_own_files(self, settings):
        """No inline script or style, no eval, and nothing from other hosts."""
        policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]

    def test_no_unsafe_sources_anywhere(self, settings):
        """'unsafe-inline', 'unsafe-eval' and 'unsafe-hashes' appear in no directive."""
        sources = {source for values in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values() for source in values}
        assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"}


class TestMiddleware:
    def test_a_response_with_its_own_policy_keeps_it(self, settings):
        """A view that sets a stricter (or different) policy is not overridden."""
        own_policy = HttpResponse(headers={"Content-Security-Policy": "default-src 'none'"})
        middleware = CSPMiddleware(lambda request: own_policy)
        assert middleware(RequestFactory().get("/"))["Content-Security-Policy"] == "default-src 'none'"

    def test_an_empty_setting_sends_no_policy(self, settings):
        settings.CONTENT_SECURITY_POLICY = None
        middleware = CSPMiddleware(lambda request: HttpResponse())
        assert "Content-Security-Policy" not in middleware(RequestFactory().get("/"))


class TestVariable:
    def test_the_header_text_becomes_directives(self, monkeypatch):
        monkeypatch.setenv("CONTENT_SECURITY_POLICY", "default-src 'self'; IMG-SRC 'self' data: ;")
        assert env.policy("CONTENT_SECURITY_POLICY") == {
            "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}
        }

    def test_empty_means_no_policy(self, monkeypatch):
        monkeypatch.setenv("CONTENT_SECURITY_POLICY", "")
        assert env.policy("CONTENT_SECURITY_POLICY") is None

    def test_a_source_without_a_directive_is_refused_by_name(self, monkeypatch):
        monkeypatch.setenv("CONTENT_SECURITY_POLICY", "default-src 'self'; 'self' data:")
        with pytest.raises(EnvError, match="CONTENT_SECURITY_POLICY"):
            env.policy("CONTENT_SECURITY_POLICY")

"""The permission matrix: every page and action × {anonymous, signed-in non-editor, editor, staff}.

Each cell is the exact outcome (status, and where a redirect leads). Forbidden POSTs must change nothing.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone

from summaries.articles.models import Article
from summaries.digest.models import Digest
from summaries.feeds.models import Feed
from summaries.glossary.models import GlossaryEntry, GlossaryImport, GlossarySuggestion
from summaries.review import decisions as review
from summaries.review.models import Review, ReviewEvent, SummaryRevision
from summaries.runs.models import Summary
from summaries.urls import urlpatterns
from summaries.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import finish, latest_run, make_article, make_user

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "user", "editor", "staff"]
LOGIN = "login"  # anonymous visitors are sent to sign in
ADMIN_LOGIN = "admin-login"


@dataclass
class World:
    """A private article owned by someone else (with two revisions), and a published one."""

    private: Summary
    published: Summary
    entry: GlossaryEntry
    suggestion: GlossarySuggestion
    feed: Feed
    digest: Digest
    glossary_import: GlossaryImport
    endpoint: WebhookEndpoint
    delivery: WebhookDelivery


@pytest.fixture
def world(settings) -> World:
    owner = make_user("owner")
    editor = make_user("setup-editor", editor=True)
    private = finish(latest_run(make_article(submitted_by=owner)))
    private.article.original_file.save("story.txt", ContentFile("نص".encode()), save=True)
    review.summary_edit(summary_id=private.pk, editor=editor, title="", text="Second version.", base_revision=1)
    published = finish(
        latest_run(
            make_article(
                source_text="نص منشور عن اتفاقية الشراكة بين البلدين.",
                submitted_by=owner,
                url="https://news.example/story",
            )
        )
    )
    review.summary_approve(summary_id=published.pk, editor=editor)
    private.refresh_from_db()
    entry = GlossaryEntry.objects.create(arabic="السيسي", english="Sisi")
    suggestion = GlossarySuggestion.objects.create(wrong="El-Sisi", english="Sisi", summary=private)
    feed = Feed.objects.create(url="https://news.example/rss", name="شبكة الأخبار")
    digest = Digest.objects.create(day=date(2026, 11, 30), published=True, content=[])
    glossary_import = GlossaryImport.objects.create(file_name="g.csv", fmt="csv", data=b"")
    settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1:*"]  # an endpoint the edit form accepts again
    endpoint = WebhookEndpoint.objects.create(url=WEBHOOK_URL, events=["run.failed"], secret="whsec_c2VjcmV0")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="run.failed", payload="{}", status="failed")
    return World(
        private=private,
        published=published,
        entry=entry,
        suggestion=suggestion,
        feed=feed,
        digest=digest,
        glossary_import=glossary_import,
        endpoint=endpoint,
        delivery=delivery,
    )


WEBHOOK_URL = "http://127.0.0.1:9/hooks"


def webhook_url(name: str, **kwargs: object) -> str:
    return reverse(f"summaries:{name}", kwargs=kwargs)


def glossary_url(name: str, **kwargs: object) -> str:
    return reverse(f"summaries:{name}", kwargs=kwargs)


def login_as(client, role: str) -> None:
    if role != "anonymous":
        client.force_login(make_user(f"the-{role}", editor=role == "editor", staff=role == "staff"))


def outcome(response) -> object:
    """The status, or for a redirect where it leads (login pages named, others as paths)."""
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    if location.startswith(reverse("login")):
        return LOGIN
    return location


def digest_url(name: str, day: date | Callable[[], date], **kwargs: str) -> str:
    shown = day() if callable(day) else day
    return reverse(f"summaries:{name}", kwargs={"day": shown.isoformat(), **kwargs})


TODAY = timezone.localdate


def feed_url(name: str, feed: Feed) -> str:
    return reverse(f"summaries:{name}", kwargs={"feed_id": feed.pk})


def article_url(name: str, summary: Summary) -> str:
    return reverse(f"summaries:{name}", kwargs={"article_id": summary.article_id})


def review_url(name: str, summary: Summary) -> str:
    return reverse(f"summaries:{name}", kwargs={"summary_id": summary.pk})


# (label, url builder, expected per role in ROLES order)
GET_MATRIX = [
    ("submit", lambda w: reverse("summaries:submit"), [200, 200, 200, 200]),
    ("your articles", lambda w: reverse("summaries:articles_mine"), [200, 200, 200, 200]),
    ("someone else's article", lambda w: article_url("article_detail", w.private), [404, 404, 200, 200]),
    ("someone else's status", lambda w: article_url("article_status", w.private), [404, 404, 200, 200]),
    ("someone else's original file", lambda w: article_url("article_original", w.private), [404, 404, 200, 200]),
    (
        "someone else's result download",
        lambda w: reverse("summaries:article_result", kwargs={"article_id": w.private.article_id, "fmt": "json"}),
        [404, 404, 200, 200],
    ),
    (
        "where signing in leads",
        lambda w: reverse("summaries:after_login"),
        [LOGIN, "/articles/", "/review/", "/review/"],
    ),
    ("review queue", lambda w: reverse("summaries:review_queue"), [LOGIN, 403, 200, 200]),
    ("review page", lambda w: review_url("summary_review", w.private), [LOGIN, 403, 200, 200]),
    ("diff", lambda w: review_url("summary_diff", w.private) + "?a=1&b=2", [LOGIN, 403, 200, 200]),
    ("glossary", lambda w: reverse("summaries:glossary_list"), [LOGIN, 403, 200, 200]),
    ("glossary add", lambda w: reverse("summaries:glossary_add"), [LOGIN, 403, 200, 200]),
    ("glossary edit", lambda w: glossary_url("glossary_edit", entry_id=w.entry.pk), [LOGIN, 403, 200, 200]),
    ("glossary download", lambda w: glossary_url("glossary_export", fmt="csv"), [LOGIN, 403, 200, 200]),
    (
        "glossary import page",
        lambda w: glossary_url("glossary_import_status", import_id=w.glossary_import.pk),
        [LOGIN, 403, 200, 200],
    ),
    ("feeds", lambda w: reverse("summaries:feeds_list"), [LOGIN, 403, 200, 200]),
    ("feed add", lambda w: reverse("summaries:feed_add"), [LOGIN, 403, 200, 200]),
    ("feed edit", lambda w: feed_url("feed_edit", w.feed), [LOGIN, 403, 200, 200]),
    ("feed articles", lambda w: feed_url("feed_articles", w.feed), [LOGIN, 403, 200, 200]),
    ("digest", lambda w: reverse("summaries:digest_review"), [LOGIN, 403, 200, 200]),
    ("digest download", lambda w: digest_url("digest_download", TODAY, fmt="md"), [LOGIN, 403, 200, 200]),
    ("published digests", lambda w: reverse("summaries:digest_list"), [200, 200, 200, 200]),
    ("published digest", lambda w: digest_url("digest_detail", w.digest.day), [200, 200, 200, 200]),
    ("unpublished digest", lambda w: digest_url("digest_detail", TODAY), [404, 404, 404, 404]),
    (
        "someone else's similar articles (API)",
        lambda w: reverse("api:article_similar", kwargs={"article_id": w.private.article_id}),
        [404, 404, 200, 200],
    ),
    ("published list", lambda w: reverse("summaries:published_list"), [200, 200, 200, 200]),
    ("published page", lambda w: article_url("published_detail", w.published), [200, 200, 200, 200]),
    ("unpublished page", lambda w: article_url("published_detail", w.private), [404, 404, 404, 404]),
    (
        "export",
        lambda w: reverse("summaries:published_export", kwargs={"article_id": w.published.article_id, "fmt": "json"}),
        [200, 200, 200, 200],
    ),
    (
        "export of an unpublished summary",
        lambda w: reverse("summaries:published_export", kwargs={"article_id": w.private.article_id, "fmt": "md"}),
        [404, 404, 404, 404],
    ),
    ("published feed", lambda w: reverse("summaries:published_feed", kwargs={"fmt": "atom"}), [200, 200, 200, 200]),
    (
        "a followed feed's published feed (nothing published from it)",
        lambda w: reverse("summaries:published_feed_of_feed", kwargs={"feed_id": w.feed.pk, "fmt": "rss"}),
        [404, 404, 404, 404],
    ),
    (
        "an outlet's published feed",
        lambda w: reverse("summaries:published_feed_of_outlet", kwargs={"host": "news.example", "fmt": "json"}),
        [200, 200, 200, 200],
    ),
    (
        "an outlet's published feed (nothing published from it)",
        lambda w: reverse("summaries:published_feed_of_outlet", kwargs={"host": "other.example", "fmt": "json"}),
        [404, 404, 404, 404],
    ),
    ("webhooks", lambda w: reverse("summaries:webhooks_list"), [LOGIN, 403, 200, 200]),
    ("webhook add", lambda w: reverse("summaries:webhook_add"), [LOGIN, 403, 200, 200]),
    ("webhook edit", lambda w: webhook_url("webhook_edit", endpoint_id=w.endpoint.pk), [LOGIN, 403, 200, 200]),
    (
        "webhook deliveries",
        lambda w: webhook_url("webhook_deliveries", endpoint_id=w.endpoint.pk),
        [LOGIN, 403, 200, 200],
    ),
    (
        "admin webhook deliveries",
        lambda w: reverse("admin:summaries_webhookdelivery_changelist"),
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
    ),
    ("desk", lambda w: reverse("summaries:desk"), [LOGIN, 403, 200, 200]),
    ("desk csv", lambda w: reverse("summaries:desk_csv", kwargs={"chart": "articles"}), [LOGIN, 403, 200, 200]),
    ("sign-in page", lambda w: reverse("login"), [200, 200, 200, 200]),
    ("password reset page", lambda w: reverse("password_reset"), [200, 200, 200, 200]),
    ("admin", lambda w: reverse("admin:index"), [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200]),
    (
        "admin summaries",
        lambda w: reverse("admin:summaries_summary_changelist"),
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
    ),
    (
        "admin articles",
        lambda w: reverse("admin:summaries_article_changelist"),
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
    ),
    ("search", lambda w: reverse("summaries:search") + "?q=agreement", [LOGIN, 403, 200, 200]),
]


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
@pytest.mark.parametrize(("label", "url", "expected"), GET_MATRIX, ids=[row[0] for row in GET_MATRIX])
def test_get(client, world, label, url, expected, role_index):
    """Each page answers each kind of visitor exactly as the matrix says."""
    login_as(client, ROLES[role_index])
    assert outcome(client.get(url(world))) == expected[role_index]


# Open to everyone on purpose (load balancers probe /healthz without signing in), or guarded by network and
# token instead of accounts (/metrics, tests/summaries/monitoring/test_metrics.py).
PUBLIC_BY_DESIGN = {"summaries:healthz", "summaries:metrics"}


def test_every_route_is_in_the_matrix(world):
    """A new page or action in summaries/urls.py needs a row above, so its permission check is tested per visitor."""
    covered = {resolve(urlsplit(url(world)).path).view_name for _, url, _ in GET_MATRIX + POST_MATRIX}
    assert {f"summaries:{pattern.name}" for pattern in urlpatterns} - PUBLIC_BY_DESIGN <= covered


def snapshot(world: World) -> tuple:
    """Everything a review POST could change."""
    rows = Summary.objects.order_by("pk").values_list(
        "pk", "review__state", "review__revision", "review__current_text", "review__title"
    )
    glossary = list(GlossaryEntry.objects.order_by("pk").values_list("arabic", "english", "wrong_variants"))
    suggestions = list(GlossarySuggestion.objects.order_by("pk").values_list("state"))
    feeds = list(Feed.objects.order_by("pk").values_list("url", "name", "active", "next_poll_at"))
    digests = list(Digest.objects.order_by("day").values_list("day", "introduction", "published"))
    imports = GlossaryImport.objects.count()  # a glossary file is imported by a worker: its upload is the change
    webhooks = (
        list(WebhookEndpoint.objects.order_by("pk").values_list("url", "description", "events", "active")),
        list(WebhookDelivery.objects.order_by("pk").values_list("status", "resend_requested")),
    )
    return (
        imports,
        list(rows),
        SummaryRevision.objects.count(),
        ReviewEvent.objects.count(),
        glossary,
        suggestions,
        feeds,
        digests,
        webhooks,
    )


# (label, url builder, data builder); editors and staff succeed with a redirect back to a review page.
POST_MATRIX = [
    (
        "edit",
        lambda w: review_url("summary_review", w.private),
        lambda w: {"title": "Headline", "text": "Changed.", "base_revision": w.private.review.revision, "note": ""},
    ),
    ("approve", lambda w: review_url("summary_decide", w.private), lambda w: {"action": "approve", "note": ""}),
    (
        "reject",
        lambda w: review_url("summary_decide", w.private),
        lambda w: {"action": "reject", "note": "Wrong names"},
    ),
    (
        "request changes",
        lambda w: review_url("summary_decide", w.private),
        lambda w: {"action": "request_changes", "note": "Shorter"},
    ),
    ("withdraw", lambda w: review_url("summary_decide", w.published), lambda w: {"action": "withdraw", "note": ""}),
    ("restore", lambda w: review_url("summary_restore", w.private), lambda w: {"number": 1, "base_revision": 2}),
    (
        "re-run",
        lambda w: review_url("summary_rerun", w.private),
        lambda w: {"strategy": "extract-translate", "length": "short"},
    ),
    ("glossary add", lambda w: reverse("summaries:glossary_add"), lambda w: {"arabic": "الصين", "english": "China"}),
    (
        "glossary edit",
        lambda w: glossary_url("glossary_edit", entry_id=w.entry.pk),
        lambda w: {"arabic": "السيسي", "english": "Sisi", "wrong_variants": "El-Sisi"},
    ),
    (
        "glossary import",
        lambda w: reverse("summaries:glossary_import"),
        lambda w: {
            "file": SimpleUploadedFile(
                "g.csv", "arabic,arabic_variants,english,wrong_variants,note\nمصر,,Egypt,,\n".encode()
            )
        },
    ),
    (
        "glossary suggestion accept",
        lambda w: glossary_url("glossary_suggestion_accept", suggestion_id=w.suggestion.pk),
        lambda w: {"arabic": "السيسي"},
    ),
    (
        "glossary suggestion dismiss",
        lambda w: glossary_url("glossary_suggestion_dismiss", suggestion_id=w.suggestion.pk),
        lambda w: {},
    ),
    (
        "feed add",
        lambda w: reverse("summaries:feed_add"),
        lambda w: {
            "url": "https://other.example/atom",
            "name": "Other",
            "strategy": "extract-translate",
            "length": "short",
            "interval_minutes": 30,
            "active": "on",
        },
    ),
    (
        "feed edit",
        lambda w: feed_url("feed_edit", w.feed),
        lambda w: {
            "url": w.feed.url,
            "name": "Renamed",
            "strategy": "extract-translate",
            "length": "short",
            "interval_minutes": 30,
            "active": "on",
        },
    ),
    ("feed poll now", lambda w: feed_url("feed_poll_now", w.feed), lambda w: {}),
    ("feed deactivate", lambda w: feed_url("feed_activate", w.feed), lambda w: {"active": "0"}),
    ("feed delete", lambda w: feed_url("feed_delete", w.feed), lambda w: {}),
    # The world's approved summary was approved today, so today's digest has something to publish.
    ("digest introduction", lambda w: digest_url("digest_introduction", TODAY), lambda w: {"introduction": "Hi."}),
    ("digest publish", lambda w: digest_url("digest_publish", TODAY), lambda w: {"introduction": ""}),
    ("digest unpublish", lambda w: digest_url("digest_unpublish", w.digest.day), lambda w: {}),
    (
        "webhook add",
        lambda w: reverse("summaries:webhook_add"),
        lambda w: {"url": WEBHOOK_URL + "/new", "events": ["summary.published"]},
    ),
    (
        "webhook edit",
        lambda w: webhook_url("webhook_edit", endpoint_id=w.endpoint.pk),
        lambda w: {"url": WEBHOOK_URL, "description": "CMS", "events": ["run.failed"]},
    ),
    (
        "webhook disable",
        lambda w: webhook_url("webhook_activate", endpoint_id=w.endpoint.pk),
        lambda w: {"active": "0"},
    ),
    ("webhook delete", lambda w: webhook_url("webhook_delete", endpoint_id=w.endpoint.pk), lambda w: {}),
    ("webhook resend", lambda w: webhook_url("webhook_resend", delivery_id=w.delivery.pk), lambda w: {}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "url", "data"), POST_MATRIX, ids=[row[0] for row in POST_MATRIX])
def test_post(client, world, django_capture_on_commit_callbacks, label, url, data, role):
    """Anonymous visitors are sent to sign in and non-editors get 403, with nothing changed; editors and staff act."""
    login_as(client, role)
    before = snapshot(world)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url(world), data(world))
    if role == "anonymous":
        assert outcome(response) == LOGIN and snapshot(world) == before
    elif role == "user":
        assert outcome(response) == 403 and snapshot(world) == before
    else:
        assert response.status_code == 302 and "/review/" in response["Location"]
        assert snapshot(world) != before


@pytest.mark.parametrize("role", ROLES)
def test_admin_action_post(client, world, role):
    """Only staff reach the admin's approve action; everyone else is sent to the admin sign-in, nothing changes."""
    login_as(client, role)
    before = snapshot(world)
    response = client.post(
        reverse("admin:summaries_summary_changelist"),
        {"action": "approve_selected", "_selected_action": [world.private.pk]},
    )
    if role == "staff":
        assert response.status_code == 302
        world.private.refresh_from_db()
        assert world.private.review.state == Review.State.APPROVED
    else:
        assert outcome(response) == ADMIN_LOGIN and snapshot(world) == before


@pytest.mark.parametrize("role", ROLES)
def test_admin_webhook_resend_post(client, world, django_capture_on_commit_callbacks, role):
    """Only staff reach the admin's resend action; everyone else is sent to the admin sign-in, nothing changes."""
    login_as(client, role)
    before = snapshot(world)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("admin:summaries_webhookdelivery_changelist"),
            {"action": "resend_selected", "_selected_action": [world.delivery.pk]},
        )
    world.delivery.refresh_from_db()
    if role == "staff":
        assert response.status_code == 302 and world.delivery.status == WebhookDelivery.Status.PENDING
    else:
        assert outcome(response) == ADMIN_LOGIN and snapshot(world) == before


class TestOwnership:
    def test_signed_in_submitter_sees_own_article(self, client, world):
        """The owner opens their article page even though they are not an editor."""
        client.force_login(world.private.article.submitted_by)
        assert client.get(article_url("article_detail", world.private)).status_code == 200
        assert client.get(reverse("summaries:review_queue")).status_code == 403

    def test_anonymous_submitter_keeps_access_in_their_session_only(self, client, arabic_article):
        """The browser that pasted the article sees it; another browser with the same address does not."""
        from django.test import Client

        response = client.post("/", {"text": arabic_article})
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
        assert Client().get(response["Location"]).status_code == 404

    def test_anonymous_articles_stay_visible_after_signing_in(self, client, arabic_article):
        """Signing in keeps the session's articles (Django keeps session data across login)."""
        location = client.post("/", {"text": arabic_article})["Location"]
        client.post(reverse("login"), {"username": make_user("writer").username, "password": "Correct-horse-2026"})
        assert client.get(location).status_code == 200

    def test_your_articles_lists_only_your_own(self, client, world):
        """A signed-in non-editor's list shows their articles and nobody else's."""
        mine = make_article(
            source_text="مقال خاص بالقارئ عن الاقتصاد المصري وأسعار الصرف.", submitted_by=make_user("reader")
        )
        client.force_login(mine.submitted_by)
        html = client.get(reverse("summaries:articles_mine")).content.decode()
        assert str(mine.pk) in html and str(world.private.article_id) not in html

    def test_duplicate_of_a_private_article_is_not_reused(self, client, arabic_article):
        """Pasting the text of someone's private article makes a new article; its owner gets their own back."""
        from django.test import Client

        client.force_login(make_user("writer"))
        first = client.post("/", {"text": arabic_article})["Location"]
        assert client.post("/", {"text": arabic_article})["Location"] == first
        stranger = Client()
        second = stranger.post("/", {"text": arabic_article})["Location"]
        assert second != first and stranger.get(second).status_code == 200

    def test_a_signed_in_person_does_not_reuse_an_anonymous_article(self, client, arabic_article):
        """Reuse hands out only one's own articles, so the article (and its API status URL) is theirs to open."""
        from django.test import Client

        anonymous = Client().post("/", {"text": arabic_article})["Location"]
        client.force_login(make_user("writer"))
        mine = client.post("/", {"text": arabic_article})["Location"]
        assert mine != anonymous and client.get(mine).status_code == 200

    def test_an_anonymous_upload_is_not_handed_to_another_visitor(self, arabic_article):
        """Another visitor's uploaded file (its name, its metadata) is theirs: the same text makes a new article."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        uploader = Client()
        uploader.post("/", {"files": [SimpleUploadedFile("private-notes.txt", arabic_article.encode())]})
        paster = Client()
        page = paster.get(paster.post("/", {"text": arabic_article})["Location"]).content.decode()
        assert "private-notes.txt" not in page and Article.objects.count() == 2

    def test_the_same_file_uploaded_again_is_reused(self, arabic_article):
        """The identical file (same name, same bytes) holds nothing new: its earlier result is reused."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        def upload(name: str) -> None:
            Client().post("/", {"files": [SimpleUploadedFile(name, arabic_article.encode())]})

        upload("wire.txt")
        upload("wire.txt")
        assert Article.objects.count() == 1
        upload("other-name.txt")
        assert Article.objects.count() == 2


def test_csrf_is_enforced_on_review_actions(world):
    """A review POST without the CSRF token is refused even for an editor."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("csrf-editor", editor=True))
    response = client.post(review_url("summary_decide", world.private), {"action": "approve"})
    assert response.status_code == 403
    world.private.refresh_from_db()
    assert world.private.review.state == Review.State.PENDING


def test_login_redirect_keeps_the_page_asked_for(client, world):
    """Anonymous visitors sent to sign in come back to the page they wanted."""
    url = review_url("summary_review", world.private)
    assert client.get(url)["Location"] == f"{reverse('login')}?next={quote(url)}"


@pytest.mark.parametrize(("language", "text"), [("en", "Not allowed"), ("ar", 'dir="rtl"')])
def test_forbidden_page_explains_in_the_ui_language(client, language, text):
    """A non-editor on the queue gets the site's own 403 page, in their language, not a bare error."""
    client.cookies["django_language"] = language
    client.force_login(make_user("reader"))
    response = client.get(reverse("summaries:review_queue"))
    assert response.status_code == 403 and text in response.content.decode()
    assert "Reviewing is for editors" in response.content.decode() or language == "ar"


def test_missing_page_does_not_say_whether_the_article_exists(client, world):
    """Someone else's article and a made-up address give the same 404 page."""
    import uuid

    other_url = article_url("article_detail", world.private)
    made_up_url = reverse("summaries:article_detail", kwargs={"article_id": uuid.uuid4()})
    other, made_up = client.get(other_url), client.get(made_up_url)
    assert other.status_code == made_up.status_code == 404

    def page(response, url):  # the path and the CSRF token differ per request; nothing else may
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode().replace(url, "URL"))

    assert page(other, other_url) == page(made_up, made_up_url)

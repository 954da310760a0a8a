"""CSRF: every POST form carries the token, and every state-changing endpoint refuses a POST without it.

The route list is checked against the URLconf itself, so a new route fails here until it is classified as
taking POSTs (and shown to refuse them without the token) or as GET-only (and shown to answer a POST with 405).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from summaries.articles.models import Article
from summaries.feeds.models import Feed
from summaries.glossary.models import GlossaryEntry, GlossaryImport, GlossarySuggestion
from summaries.review import decisions as review
from summaries.review.models import Review, ReviewEvent, SummaryRevision
from summaries.runs.models import Summary
from summaries.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import finish, latest_run, make_article, make_user

pytestmark = pytest.mark.django_db

REPO_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path for pattern in ("templates/**/*.html", "summaries/**/templates/**/*.html") for path in REPO_DIR.glob(pattern)
)
FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.DOTALL | re.IGNORECASE)
POST_METHOD = re.compile(r"""\bmethod\s*=\s*["']?post\b""", re.IGNORECASE)
PASSWORD = "Correct-horse-2026"  # make_user's
NEW_PASSWORD = "Another-horse-2027"
ARTICLE = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة. " * 2


def post_forms(path: Path) -> list[str]:
    return [
        form["body"] for form in FORM.finditer(path.read_text(encoding="utf-8")) if POST_METHOD.search(form["attrs"])
    ]


class TestTemplates:
    def test_every_post_form_carries_the_token(self):
        """Each `<form method="post">` in our templates (the admin's reject page included) has `{% csrf_token %}`."""
        scanned = {path.relative_to(REPO_DIR).as_posix(): post_forms(path) for path in TEMPLATES}
        missing = [path for path, forms in scanned.items() for body in forms if "{% csrf_token %}" not in body]
        assert missing == []
        assert "templates/admin/summaries/summary/reject_selected_confirmation.html" in scanned
        assert sum(map(len, scanned.values())) >= 8, "the scan found too few POST forms to mean anything"

    def test_the_scan_sees_a_form_without_the_token(self, tmp_path):
        """The scan itself: a POST form without the token is found, a GET form is not a POST form."""
        page = tmp_path / "page.html"
        page.write_text('<form method="get"></form>\n<FORM class="x" method=POST action="/">\n<input name="a"></FORM>')
        assert post_forms(page) == ['\n<input name="a">']


@dataclass
class World:
    """A finished run with an editor's revision, and a superuser (who passes every permission check)."""

    summary: Summary
    staff: User
    entry: GlossaryEntry
    suggestion: GlossarySuggestion
    feed: Feed
    endpoint: WebhookEndpoint
    delivery: WebhookDelivery


@pytest.fixture
def world(settings) -> World:
    staff = make_user("csrf-staff", staff=True)
    summary = finish(latest_run(make_article(source_text=ARTICLE)))
    review.summary_edit(summary_id=summary.pk, editor=staff, title="", text="Second version.", base_revision=1)
    summary.refresh_from_db()
    entry = GlossaryEntry.objects.create(arabic="السيسي", english="Sisi")
    suggestion = GlossarySuggestion.objects.create(wrong="El-Sisi", english="Sisi", summary=summary)
    feed = Feed.objects.create(url="https://news.example/rss", name="شبكة الأخبار")
    settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1:*"]
    endpoint = WebhookEndpoint.objects.create(url=WEBHOOK_URL, events=["run.failed"], secret="whsec_c2VjcmV0")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="run.failed", payload="{}", status="failed")
    return World(summary, staff, entry, suggestion, feed, endpoint, delivery)


WEBHOOK_URL = "http://127.0.0.1:9/hooks"
WEBHOOK_FORM = {"url": WEBHOOK_URL, "events": ["run.failed"]}


def endpoint_url(name: str):
    return lambda w: reverse(name, kwargs={"endpoint_id": w.endpoint.pk})


def summary_url(name: str):
    return lambda w: reverse(name, kwargs={"summary_id": w.summary.pk})


def feed_url(name: str):
    return lambda w: reverse(name, kwargs={"feed_id": w.feed.pk})


DAY = "2026-12-01"


def digest_url(name: str):
    return lambda w: reverse(name, kwargs={"day": DAY})


FEED_FORM = {
    "url": "https://other.example/atom",
    "name": "Other",
    "strategy": "extract-translate",
    "length": "short",
    "interval_minutes": 30,
    "active": "on",
}


def article_url(name: str, **kwargs: str):
    return lambda w: reverse(name, kwargs={"article_id": w.summary.article_id, **kwargs})


def reset_url(w: World) -> str:
    uid = urlsafe_base64_encode(force_bytes(w.staff.pk))
    return reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(w.staff)}
    )


ACTIONS = reverse("admin:summaries_summary_changelist")

# route: (who posts, url, data). "staff" is signed in with every permission, so only CSRF can refuse.
POST_ROUTES = {
    "summaries:submit": ("anonymous", lambda w: reverse("summaries:submit"), lambda w: {"text": ARTICLE + " جديد"}),
    "summaries:summary_review": (
        "staff",
        summary_url("summaries:summary_review"),
        lambda w: {"title": "", "text": "Changed.", "base_revision": 2, "note": ""},
    ),
    "summaries:summary_decide": ("staff", summary_url("summaries:summary_decide"), lambda w: {"action": "approve"}),
    "summaries:summary_restore": (
        "staff",
        summary_url("summaries:summary_restore"),
        lambda w: {"number": 1, "base_revision": 2},
    ),
    "summaries:summary_rerun": (
        "staff",
        summary_url("summaries:summary_rerun"),
        lambda w: {"strategy": "extract-translate", "length": "short"},
    ),
    "summaries:glossary_add": (
        "staff",
        lambda w: reverse("summaries:glossary_add"),
        lambda w: {"arabic": "الصين", "english": "China"},
    ),
    "summaries:glossary_edit": (
        "staff",
        lambda w: reverse("summaries:glossary_edit", kwargs={"entry_id": w.entry.pk}),
        lambda w: {"arabic": "السيسي", "english": "Changed"},
    ),
    "summaries:glossary_import": (
        "staff",
        lambda w: reverse("summaries:glossary_import"),
        lambda w: {
            "file": SimpleUploadedFile(
                "g.csv", "arabic,arabic_variants,english,wrong_variants,note\nمصر,,Egypt,,\n".encode()
            )
        },
    ),
    "summaries:glossary_suggestion_accept": (
        "staff",
        lambda w: reverse("summaries:glossary_suggestion_accept", kwargs={"suggestion_id": w.suggestion.pk}),
        lambda w: {"arabic": "السيسي"},
    ),
    "summaries:glossary_suggestion_dismiss": (
        "staff",
        lambda w: reverse("summaries:glossary_suggestion_dismiss", kwargs={"suggestion_id": w.suggestion.pk}),
        lambda w: {},
    ),
    "summaries:feed_add": ("staff", lambda w: reverse("summaries:feed_add"), lambda w: FEED_FORM),
    "summaries:feed_edit": ("staff", feed_url("summaries:feed_edit"), lambda w: FEED_FORM),
    "summaries:feed_poll_now": ("staff", feed_url("summaries:feed_poll_now"), lambda w: {}),
    "summaries:feed_activate": ("staff", feed_url("summaries:feed_activate"), lambda w: {"active": "0"}),
    "summaries:feed_delete": ("staff", feed_url("summaries:feed_delete"), lambda w: {}),
    "summaries:digest_introduction": (
        "staff",
        digest_url("summaries:digest_introduction"),
        lambda w: {"introduction": "Hi."},
    ),
    "summaries:digest_publish": ("staff", digest_url("summaries:digest_publish"), lambda w: {"introduction": ""}),
    "summaries:digest_unpublish": ("staff", digest_url("summaries:digest_unpublish"), lambda w: {}),
    "summaries:webhook_add": ("staff", lambda w: reverse("summaries:webhook_add"), lambda w: WEBHOOK_FORM),
    "summaries:webhook_edit": ("staff", endpoint_url("summaries:webhook_edit"), lambda w: WEBHOOK_FORM),
    "summaries:webhook_activate": ("staff", endpoint_url("summaries:webhook_activate"), lambda w: {"active": "0"}),
    "summaries:webhook_delete": ("staff", endpoint_url("summaries:webhook_delete"), lambda w: {}),
    "summaries:webhook_resend": (
        "staff",
        lambda w: reverse("summaries:webhook_resend", kwargs={"delivery_id": w.delivery.pk}),
        lambda w: {},
    ),
    "login": ("anonymous", lambda w: reverse("login"), lambda w: {"username": "csrf-staff", "password": PASSWORD}),
    "logout": ("staff", lambda w: reverse("logout"), lambda w: {}),
    "password_change": (
        "staff",
        lambda w: reverse("password_change"),
        lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    "password_reset": ("anonymous", lambda w: reverse("password_reset"), lambda w: {"email": w.staff.email}),
    "password_reset_confirm": (
        "anonymous",
        reset_url,
        lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    "set_language": ("anonymous", lambda w: reverse("set_language"), lambda w: {"language": "ar", "next": "/"}),
    # The API: token clients send no cookie; a browser's session must bring the token like a form does.
    "api:articles": ("staff", lambda w: reverse("api:articles"), lambda w: {"text": ARTICLE + " آخر"}),
    "api:summary_decision": ("staff", summary_url("api:summary_decision"), lambda w: {"action": "approve"}),
    "api:summary_revisions": (
        "staff",
        summary_url("api:summary_revisions"),
        lambda w: {"title": "", "text": "Changed.", "base_revision": 2},
    ),
}

# More POSTs: an anonymous browser on the API (its session remembers what it submits), and Django's admin,
# which is not walked route by route: these are its POSTs that change something.
MORE_POSTS = {
    "api:articles, anonymous browser": (
        "anonymous",
        lambda w: reverse("api:articles"),
        lambda w: {"text": ARTICLE + " آخر"},
    ),
    "admin sign-in": (
        "anonymous",
        lambda w: reverse("admin:login"),
        lambda w: {"username": "csrf-staff", "password": PASSWORD},
    ),
    "admin sign-out": ("staff", lambda w: reverse("admin:logout"), lambda w: {}),
    "admin password change": (
        "staff",
        lambda w: reverse("admin:password_change"),
        lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    "admin approve action": (
        "staff",
        lambda w: ACTIONS,
        lambda w: {"action": "approve_selected", ACTION_CHECKBOX_NAME: [w.summary.pk], "index": 0},
    ),
    "admin reject action": (
        "staff",
        lambda w: ACTIONS,
        lambda w: {
            "action": "reject_selected",
            ACTION_CHECKBOX_NAME: [w.summary.pk],
            "apply": "yes",
            "reason": "Wrong names",
        },
    ),
    "admin re-run action": (
        "staff",
        lambda w: ACTIONS,
        lambda w: {"action": "rerun_selected", ACTION_CHECKBOX_NAME: [w.summary.pk], "index": 0},
    ),
    "admin article change": (
        "staff",
        lambda w: reverse("admin:summaries_article_change", args=[w.summary.article_id]),
        lambda w: {"language": "en"},
    ),
    "admin feed poll now": (
        "staff",
        lambda w: reverse("admin:summaries_feed_changelist"),
        lambda w: {"action": "poll_now", ACTION_CHECKBOX_NAME: [w.feed.pk], "index": 0},
    ),
    "admin webhook resend": (
        "staff",
        lambda w: reverse("admin:summaries_webhookdelivery_changelist"),
        lambda w: {"action": "resend_selected", ACTION_CHECKBOX_NAME: [w.delivery.pk], "index": 0},
    ),
    "admin webhook endpoint add": (
        "staff",
        lambda w: reverse("admin:summaries_webhookendpoint_add"),
        lambda w: {"url": "http://127.0.0.1:9/other", "events": ["run.failed"]},
    ),
    "admin article delete": (
        "staff",
        lambda w: reverse("admin:summaries_article_delete", args=[w.summary.article_id]),
        lambda w: {"post": "yes"},
    ),
}

# route: url. None of these changes anything, so each answers a POST (even with the token) with 405.
GET_ONLY = {
    "summaries:healthz": lambda w: reverse("summaries:healthz"),
    "summaries:metrics": lambda w: reverse("summaries:metrics"),
    "summaries:articles_mine": lambda w: reverse("summaries:articles_mine"),
    "summaries:article_detail": article_url("summaries:article_detail"),
    "summaries:article_status": article_url("summaries:article_status"),
    "summaries:article_original": article_url("summaries:article_original"),
    "summaries:article_result": article_url("summaries:article_result", fmt="json"),
    "summaries:after_login": lambda w: reverse("summaries:after_login"),
    "summaries:review_queue": lambda w: reverse("summaries:review_queue"),
    "summaries:summary_diff": lambda w: (
        reverse("summaries:summary_diff", kwargs={"summary_id": w.summary.pk}) + "?a=1&b=2"
    ),
    "summaries:glossary_list": lambda w: reverse("summaries:glossary_list"),
    "summaries:glossary_export": lambda w: reverse("summaries:glossary_export", kwargs={"fmt": "csv"}),
    "summaries:glossary_import_status": lambda w: reverse(
        "summaries:glossary_import_status",
        kwargs={"import_id": GlossaryImport.objects.create(file_name="g.csv", fmt="csv", data=b"").pk},
    ),
    "summaries:feeds_list": lambda w: reverse("summaries:feeds_list"),
    "summaries:feed_articles": feed_url("summaries:feed_articles"),
    "summaries:digest_review": lambda w: reverse("summaries:digest_review"),
    "summaries:digest_download": lambda w: reverse("summaries:digest_download", kwargs={"day": DAY, "fmt": "md"}),
    "summaries:digest_list": lambda w: reverse("summaries:digest_list"),
    "summaries:digest_detail": digest_url("summaries:digest_detail"),
    "summaries:webhooks_list": lambda w: reverse("summaries:webhooks_list"),
    "summaries:webhook_deliveries": endpoint_url("summaries:webhook_deliveries"),
    "summaries:published_list": lambda w: reverse("summaries:published_list"),
    "summaries:published_detail": article_url("summaries:published_detail"),
    "summaries:published_export": article_url("summaries:published_export", fmt="json"),
    "summaries:published_feed": lambda w: reverse("summaries:published_feed", kwargs={"fmt": "atom"}),
    "summaries:published_feed_of_feed": lambda w: reverse(
        "summaries:published_feed_of_feed", kwargs={"feed_id": 1, "fmt": "rss"}
    ),
    "summaries:published_feed_of_outlet": lambda w: reverse(
        "summaries:published_feed_of_outlet", kwargs={"host": "news.example", "fmt": "json"}
    ),
    "summaries:desk": lambda w: reverse("summaries:desk"),
    "summaries:desk_csv": lambda w: reverse("summaries:desk_csv", kwargs={"chart": "articles"}),
    "password_change_done": lambda w: reverse("password_change_done"),
    "password_reset_done": lambda w: reverse("password_reset_done"),
    "password_reset_complete": lambda w: reverse("password_reset_complete"),
    "api:article_detail": lambda w: reverse("api:article_detail", kwargs={"article_id": w.summary.article_id}),
    "api:article_result": lambda w: reverse(
        "api:article_result", kwargs={"article_id": w.summary.article_id, "fmt": "json"}
    ),
    "api:article_similar": lambda w: reverse("api:article_similar", kwargs={"article_id": w.summary.article_id}),
    "api:summary_detail": summary_url("api:summary_detail"),
    "api:schema": lambda w: reverse("api:schema"),
    "api:docs": lambda w: reverse("api:docs"),
    "summaries:search": lambda w: reverse("summaries:search") + "?q=agreement",
    "api:search": lambda w: reverse("api:search") + "?q=agreement",
}


def project_routes(patterns: list | None = None, namespace: str = "") -> list[str]:
    """Every route outside the admin, as `namespace:name` (an unnamed one by its pattern, so it shows up)."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                routes += project_routes(entry.url_patterns, inner)
        else:
            routes.append(f"{namespace}{entry.name}" if entry.name else str(entry.pattern))
    return routes


def test_every_route_is_classified():
    """A route added to the URLconf must be listed here as taking POSTs or as GET-only."""
    routes = project_routes()
    assert len(routes) == len(set(routes))
    assert sorted(routes) == sorted([*POST_ROUTES, *GET_ONLY])


def csrf_client(world: World, who: str) -> Client:
    """A browser that enforces CSRF and already holds the CSRF cookie, so only the missing token is wrong."""
    client = Client(enforce_csrf_checks=True)
    if who == "staff":
        client.force_login(world.staff)
    else:
        client.session.save()  # a visitor who has been here before: the browser holds a session cookie
    assert client.get(reverse("summaries:submit")).status_code == 200 and settings.CSRF_COOKIE_NAME in client.cookies
    return client


def snapshot(client: Client) -> tuple:
    """Everything one of these POSTs could change, the browser's sign-in and language included."""
    users = get_user_model().objects.order_by("pk").values_list("pk", "password", "last_login")
    summaries = Summary.objects.order_by("pk").values_list(
        "pk", "review__state", "review__revision", "review__current_text", "status"
    )
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return (
        list(Article.objects.order_by("pk").values_list("pk", "language")),
        list(summaries),
        SummaryRevision.objects.count(),
        ReviewEvent.objects.count(),
        list(users),
        len(mail.outbox),
        client.session.get("_auth_user_id"),
        language.value if language else None,
        list(GlossaryEntry.objects.order_by("pk").values_list("arabic", "english")),
        list(GlossarySuggestion.objects.order_by("pk").values_list("state")),
        list(Feed.objects.order_by("pk").values_list("url", "name", "active", "next_poll_at")),
        list(WebhookEndpoint.objects.order_by("pk").values_list("url", "events", "active")),
        list(WebhookDelivery.objects.order_by("pk").values_list("status", "resend_requested")),
    )


@pytest.mark.parametrize(
    ("who", "url", "data"), [*POST_ROUTES.values(), *MORE_POSTS.values()], ids=[*POST_ROUTES, *MORE_POSTS]
)
def test_post_without_the_token_is_refused_and_changes_nothing(
    world, django_capture_on_commit_callbacks, who, url, data
):
    """Without the token every POST is answered 403 by the CSRF check, before the view changes anything."""
    client = csrf_client(world, who)
    before = snapshot(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url(world), data(world))
    assert response.status_code == 403 and b"CSRF" in response.content
    assert snapshot(client) == before and callbacks == []


@pytest.mark.parametrize("url", GET_ONLY.values(), ids=GET_ONLY)
def test_get_only_routes_refuse_posts(world, url):
    """A GET-only route answers even a valid POST (token included) with 405, so it cannot be used to change things."""
    client = csrf_client(world, "staff")
    response = client.post(url(world), {"csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value})
    assert response.status_code == 405


def test_the_same_post_with_the_token_is_accepted(world):
    """The refusals above are the CSRF check's: with the token from the page, the same review POST goes through."""
    client = csrf_client(world, "staff")
    page = client.get(reverse("summaries:summary_review", kwargs={"summary_id": world.summary.pk})).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post(
        reverse("summaries:summary_decide", kwargs={"summary_id": world.summary.pk}),
        {"action": "approve", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    world.summary.refresh_from_db()
    assert world.summary.review.state == Review.State.APPROVED

"""GET /api/v1/articles/{id}/similar/: the page's similar articles, for the same viewers, as JSON."""

import pytest
from django.urls import reverse

from summaries.related.matrix import clear_cache
from summaries.review import decisions as review
from tests.factories import finish, latest_run, make_article, make_user, own
from tests.summaries.related.conftest import store_vector, unit

pytestmark = pytest.mark.django_db


def similar_url(article) -> str:
    return reverse("api:article_similar", kwargs={"article_id": article.pk})


@pytest.fixture
def stories(reporter, editor):
    clear_cache()
    owner = make_user("owner")
    base = make_article(source_text="المقال الأصلي " * 10, headline="الأصل", submitted_by=reporter)
    english = make_article(
        source_text="The English coverage. " * 5, language="en", headline="English coverage", submitted_by=owner
    )
    review.summary_approve(summary_id=finish(latest_run(english)).pk, editor=editor)
    mine = make_article(source_text="مقال آخر لي " * 10, headline="مقالي الآخر", submitted_by=reporter)
    secret = make_article(source_text="مقال خاص " * 10, headline="خاص بغيري", submitted_by=owner)
    for article, closeness in ((base, 1.0), (english, 0.95), (mine, 0.9), (secret, 0.97)):
        store_vector(article, unit(closeness, 1 - closeness))
    yield {"base": base, "english": english, "mine": mine, "secret": secret}
    clear_cache()


def test_the_submitter_gets_published_and_own_similar_articles(reporter_api, stories):
    response = reporter_api.get(similar_url(stories["base"]))
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "ready" and body["threshold"] == 0.35
    assert [item["headline"] for item in body["results"]] == ["English coverage", "مقالي الآخر"]
    english, mine = body["results"]
    assert english["id"] == str(stories["english"].pk) and english["headline_language"] == "en"
    assert english["published"] is True and english["url"] is None  # not theirs: its public page only
    assert english["page_url"].endswith(f"/published/{stories['english'].pk}/")
    assert mine["url"].endswith(f"/api/v1/articles/{stories['mine'].pk}/")
    assert mine["language"] == "ar" and 0.35 <= mine["score"] <= english["score"] <= 1.0


def test_editors_get_every_similar_article(editor_api, stories):
    body = editor_api.get(similar_url(stories["base"])).json()
    assert [item["headline"] for item in body["results"]] == ["خاص بغيري", "English coverage", "مقالي الآخر"]
    assert all(item["url"] for item in body["results"])


def test_an_anonymous_submitter_gets_them_through_the_session(api, stories):
    anonymous = make_article(source_text="مقال من متصفح " * 10, headline="من المتصفح")
    store_vector(anonymous, unit(0.99, 0.01))
    own(api, anonymous)
    body = api.get(similar_url(anonymous)).json()
    assert [item["headline"] for item in body["results"]] == ["English coverage"]


def test_an_article_the_client_may_not_open_is_not_found(api, reporter_api, stories):
    for client in (api, reporter_api):
        response = client.get(similar_url(stories["secret"]))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_pending_and_off_are_states_not_errors(reporter_api, reporter, stories, settings):
    waiting = make_article(source_text="لم يعالج بعد " * 10, submitted_by=reporter)
    body = reporter_api.get(similar_url(waiting)).json()
    assert body == {"state": "pending", "threshold": 0.35, "results": []}
    settings.SUMMARIES_EMBEDDINGS = False
    assert reporter_api.get(similar_url(stories["base"])).json()["state"] == "off"

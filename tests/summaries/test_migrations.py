"""Data migrations move stored rows to the new shapes and back (run on the real migration graph)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

LATEST = ("summaries", "0024_article_host")


def migrate(target: tuple[str, str]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def at_latest():
    yield
    migrate(LATEST)


def make_run(apps, **fields):
    article = apps.get_model("summaries", "Article").objects.create(source_text="نص", language="ar", content_hash="h")
    return apps.get_model("summaries", "Summary").objects.create(article=article, **fields)


def test_stage_no_longer_repeats_the_status(at_latest):
    apps = migrate(("summaries", "0008_lease_refusals_metrics"))
    done = make_run(apps, status="done", stage="done")
    running = make_run(apps, status="running", stage="translating")
    apps = migrate(("summaries", "0009_stage_only_while_running"))
    Summary = apps.get_model("summaries", "Summary")
    assert Summary.objects.get(pk=done.pk).stage == "" and Summary.objects.get(pk=running.pk).stage == "translating"
    apps = migrate(("summaries", "0008_lease_refusals_metrics"))
    assert apps.get_model("summaries", "Summary").objects.get(pk=done.pk).stage == "done"


def test_english_fact_sentences_become_kinds_and_values_and_back(at_latest):
    apps = migrate(("summaries", "0010_send_attempts"))
    english = {
        "summary": [
            {
                "text": "T",
                "sources": [0],
                "scores": [0.5],
                "support": 0.4,
                "flagged": True,
                "issues": [
                    "the name Merkel does not appear in the source",
                    "number 35 is in the text but not in the source",
                ],
            }
        ],
        "translation_issues": [
            ["number 25 is in the source but not in the text", "the text is negative but the source is not"],
            [],
        ],
    }
    run = make_run(apps, status="done", grounding=english)
    apps = migrate(LATEST)
    grounding = apps.get_model("summaries", "Summary").objects.get(pk=run.pk).grounding
    assert grounding["summary"][0]["issues"] == [
        {"kind": "name_added", "value": "Merkel"},
        {"kind": "number_added", "value": "35"},
    ]
    assert grounding["translation_issues"] == [
        [{"kind": "number_missing", "value": "25"}, {"kind": "negation_added", "value": ""}],
        [],
    ]
    apps = migrate(("summaries", "0010_send_attempts"))
    assert apps.get_model("summaries", "Summary").objects.get(pk=run.pk).grounding == english


def test_clear_authtoken_keys_become_digests_and_leave_the_database(at_latest):
    """DRF's authtoken table (apps before 0014) kept keys in the clear: each becomes an ApiToken with the
    same key's digest, so programs keep working, and the clear key is deleted."""
    import hashlib

    apps = migrate(("summaries", "0013_links_feeds_digest"))
    user = apps.get_model("auth", "User").objects.create(username="cms")
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, created timestamp, user_id integer)'
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, "2026-01-01 00:00:00", user.pk])
    try:
        apps = migrate(("summaries", "0014_api_tokens"))
        token = apps.get_model("summaries", "ApiToken").objects.get()
        assert (token.user_id, token.prefix, token.digest) == (
            user.pk,
            key[:8],
            hashlib.sha256(key.encode()).hexdigest(),
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")


EDITORIAL = ("review_state", "review_note", "reviewed_by_id", "reviewed_at", "title", "current_text", "revision")
REVIEW_FIELDS = ("state", "note", "reviewed_by_id", "reviewed_at", "title", "current_text", "revision")


def populate_every_state(apps) -> None:
    """Runs in every status and every review state, with revisions and events: what a newsroom's database
    holds after months of use, including an article whose approval passed to a newer run (published)."""
    from datetime import UTC, datetime

    editor = apps.get_model("auth", "User").objects.create(username="layla")
    Article, Summary = apps.get_model("summaries", "Article"), apps.get_model("summaries", "Summary")
    Revision, Event = apps.get_model("summaries", "SummaryRevision"), apps.get_model("summaries", "ReviewEvent")
    when = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    cases = [
        ("queued", "pending"),
        ("running", "pending"),
        ("waiting", "pending"),
        ("failed", "pending"),
        ("done", "pending"),
        ("done", "approved"),
        ("done", "rejected"),
        ("done", "changes_requested"),
    ]
    for index, (status, state) in enumerate(cases):
        article = Article.objects.create(source_text=f"نص المقال {index}", language="ar", content_hash=f"h{index}")
        decided = state != "pending"
        run = Summary.objects.create(
            article=article,
            status=status,
            summary_text=f"Machine summary {index}." if status == "done" else "",
            review_state=state,
            review_note=f"Note {index}" if state in {"rejected", "changes_requested"} else "",
            reviewed_by=editor if decided else None,
            reviewed_at=when if decided else None,
            title=f"Headline {index}" if status == "done" else "",
            current_text=f"Edited summary {index}." if status == "done" else "",
            revision=2 if status == "done" else 0,
        )
        if status == "done":
            Revision.objects.create(summary=run, number=1, text=f"Machine summary {index}.")
            Revision.objects.create(summary=run, number=2, text=f"Edited summary {index}.", author=editor)
            Event.objects.create(summary=run, actor=editor, action="edit", from_state="pending", to_state="pending")
        if decided:
            action = {"approved": "approve", "rejected": "reject", "changes_requested": "request_changes"}[state]
            Event.objects.create(summary=run, actor=editor, action=action, from_state="pending", to_state=state)
    published = Article.objects.get(content_hash="h5")  # an older run of it lost its approval to the newer one
    older = Summary.objects.create(article=published, status="done", summary_text="Older.", revision=1)
    Event.objects.create(summary=older, actor=editor, action="supersede", from_state="approved", to_state="pending")


def editorial_rows(apps, *, moved: bool) -> dict[int, tuple]:
    """Each run's editorial values, read from the run (before) or from its review (after)."""
    if moved:
        reviews = apps.get_model("summaries", "Review").objects.order_by("pk")
        return {row[0]: row[1:] for row in reviews.values_list("summary_id", "article_id", *REVIEW_FIELDS)}
    runs = apps.get_model("summaries", "Summary").objects.order_by("pk")
    return {row[0]: row[1:] for row in runs.values_list("pk", "article_id", *EDITORIAL)}


def trail(apps) -> list[tuple]:
    """The revisions and events, each with the run it belongs to."""
    revisions = apps.get_model("summaries", "SummaryRevision").objects.order_by("pk")
    events = apps.get_model("summaries", "ReviewEvent").objects.order_by("pk")
    return [
        *revisions.values_list("summary_id", "number", "text", "author_id"),
        *events.values_list("summary_id", "action", "from_state", "to_state", "actor_id"),
    ]


def test_the_editorial_record_moves_off_the_run_with_nothing_lost_and_back(at_latest):
    from django.db import IntegrityError, transaction

    apps = migrate(("summaries", "0015_glossary_imports"))
    populate_every_state(apps)
    before, history = editorial_rows(apps, moved=False), trail(apps)
    jobs = list(
        apps.get_model("summaries", "Summary").objects.order_by("pk").values_list("pk", "status", "summary_text")
    )
    assert len(before) == 9 and len(history) == 16  # 8 revisions, 4 edits, 3 decisions, 1 supersede

    apps = migrate(("summaries", "0016_review_apart_from_the_run"))
    assert editorial_rows(apps, moved=True) == before  # every run has its review, every value carried
    assert trail(apps) == history
    Summary = apps.get_model("summaries", "Summary")
    assert list(Summary.objects.order_by("pk").values_list("pk", "status", "summary_text")) == jobs
    assert not {field.name for field in Summary._meta.get_fields()} & {"review_state", "current_text", "revision"}
    Review = apps.get_model("summaries", "Review")
    published = Review.objects.get(state="approved")
    with pytest.raises(IntegrityError), transaction.atomic():  # still one published summary per article
        Review.objects.filter(article=published.article_id, state="pending").update(state="approved")

    apps = migrate(("summaries", "0015_glossary_imports"))
    assert editorial_rows(apps, moved=False) == before
    assert trail(apps) == history


def test_finished_runs_get_their_flag_counts_once(at_latest):
    """Runs finished before the counts were stored get them from their sentences; other runs stay empty."""
    apps = migrate(("summaries", "0020_search"))
    grounding = {"translation_flags": [True, False], "summary": [{"text": "B.", "flagged": False}]}
    done = make_run(
        apps, status="done", source_sentences=["أ.", "ب."], translated_sentences=["A.", "B."], grounding=grounding
    )
    failed = make_run(apps, status="failed")
    apps = migrate(("summaries", "0021_desk_numbers"))
    Summary = apps.get_model("summaries", "Summary")
    assert Summary.objects.values_list("flagged_sentences", "checked_sentences").get(pk=done.pk) == (1, 2)
    assert Summary.objects.values_list("flagged_sentences", "checked_sentences").get(pk=failed.pk) == (None, None)


def test_documents_indexed_before_the_rank_vector_get_theirs(at_latest):
    """On PostgreSQL the migration writes each stored vector's headline and summaries part as its rank vector,
    exactly as the backend writes it, so ranking needs no rebuild."""
    if connection.vendor != "postgresql":
        pytest.skip("the rank vector is PostgreSQL's")
    from django.utils import timezone

    apps = migrate(("summaries", "0020_search"))
    run = make_run(apps, status="done")
    document = apps.get_model("summaries", "SearchDocument").objects.create(
        article_id=run.article_id, arrived_at=timezone.now()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE summaries_searchdocument SET vector = setweight(to_tsvector('english', 'Cairo summit'), 'A') "
            "|| setweight(to_tsvector('english', 'Giza ports'), 'B') "
            "|| setweight(to_tsvector('english', 'Alexandria markets'), 'D') WHERE id = %s",
            [document.pk],
        )
    migrate(("summaries", "0023_search_rank"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(rank_vector) FROM summaries_searchdocument WHERE id = %s", [document.pk]
        )
        assert set(cursor.fetchone()[0]) == {"cairo", "summit", "giza", "port"}


def test_stored_articles_get_the_host_their_outlet_was_cut_from(at_latest):
    """Links and feed entries stored before the column get the host of their final address, else of their
    link (lower case, no "www." or port); pasted text keeps none."""
    apps = migrate(("summaries", "0023_search_rank"))
    Article = apps.get_model("summaries", "Article")
    made = {
        "news.example": Article.objects.create(source_text="", url="https://WWW.News.Example:8443/a?x=1"),
        "m.final.example": Article.objects.create(
            source_text="", url="http://short.example/r", final_url="https://www.m.final.example/story"
        ),
        "": Article.objects.create(source_text="نص", language="ar", content_hash="h"),
    }
    apps = migrate(("summaries", "0024_article_host"))
    stored = dict(apps.get_model("summaries", "Article").objects.values_list("pk", "host"))
    assert {host: stored[article.pk] for host, article in made.items()} == {host: host for host in made}

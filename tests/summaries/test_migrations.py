"""Data migrations move stored rows to the new shapes and back (run on the real migration graph)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

LATEST = ("summaries", "0015_glossary_imports")


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

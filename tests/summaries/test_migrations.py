"""Data migrations move stored rows to the new shapes and back (run on the real migration graph)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

LATEST = ("summaries", "0012_glossary")


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

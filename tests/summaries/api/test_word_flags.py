"""The words a fact check holds responsible, through the API: offsets, reason and value as stored, the words
themselves (`text`) and the reason for people in the request's language (`message`)."""

import pytest

from summaries.engines.facts import NAME_ADDED
from summaries.engines.grounding import ground_extractive
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article

pytestmark = pytest.mark.django_db

TRANSLATION = "Prices rose by 35 percent."
ANTONYM = {"start": 7, "end": 11, "reason": "antonym", "value": "fell"}
NUMBER = {"start": 15, "end": 17, "reason": "number", "value": ""}


def run_with_words(**article) -> Summary:
    summary = finish(latest_run(make_article(**article)), text=TRANSLATION, translation=TRANSLATION)
    Summary.objects.filter(pk=summary.pk).update(
        source_sentences=["انخفضت الأسعار بنسبة 5 في المئة."],
        translated_sentences=[TRANSLATION],
        grounding={
            "method": "exact",
            "threshold": 0.6,
            "summary": [
                {
                    "text": TRANSLATION,
                    "sources": [0],
                    "scores": [0.3],
                    "support": 0.3,
                    "flagged": True,
                    "issues": [{"kind": "number_added", "value": "35", "term": ""}],
                    "words": [NUMBER, {"start": 18, "end": 99, "reason": "unsupported", "value": ""}, "junk"],
                }
            ],
            "translation_scores": [0.3],
            "translation_flags": [True],
            "translation_issues": [[{"kind": "number_added", "value": "35", "term": ""}]],
            "translation_words": [[NUMBER, ANTONYM]],
        },
    )
    summary.refresh_from_db()
    return summary


def test_the_article_gives_the_words_with_their_text_and_message(reporter_api, reporter):
    summary = run_with_words(submitted_by=reporter)
    run = reporter_api.get(f"/api/v1/articles/{summary.article_id}/").json()["run"]
    assert run["sentences"][0]["words"] == [
        {**ANTONYM, "text": "rose", "message": "The source says fell here."},
        {**NUMBER, "text": "35", "message": "This number is not in the source."},
    ]
    # clipped to the sentence and the unusable entry left out
    assert run["summary_sentences"][0]["words"] == [
        {**NUMBER, "text": "35", "message": "This number is not in the source."},
        {
            "start": 18,
            "end": 26,
            "reason": "unsupported",
            "value": "",
            "text": "percent.",
            "message": "Nothing in the source says this.",
        },
    ]
    # the findings carry their words for people too, as the schema says
    assert run["sentences"][0]["issues"][0]["message"] == "The number 35 is in this text but not in the source."


def test_messages_follow_the_requests_language(reporter_api, reporter):
    summary = run_with_words(submitted_by=reporter)
    run = reporter_api.get(f"/api/v1/articles/{summary.article_id}/", HTTP_ACCEPT_LANGUAGE="ar").json()["run"]
    antonym, number = run["sentences"][0]["words"]
    assert antonym["text"] == "rose" and antonym["reason"] == "antonym"
    assert antonym["message"] == "يقول الأصل هنا fell." and number["message"] == "هذا الرقم غير موجود في الأصل."


def test_editors_get_the_words_too_and_old_runs_have_none(editor_api):
    summary = run_with_words()
    body = editor_api.get(f"/api/v1/summaries/{summary.pk}/").json()
    assert [word["text"] for word in body["sentences"][0]["words"]] == ["rose", "35"]
    grounding = {**summary.grounding, "summary": [{**summary.grounding["summary"][0]}]}
    del grounding["translation_words"], grounding["summary"][0]["words"]
    Summary.objects.filter(pk=summary.pk).update(grounding=grounding)
    body = editor_api.get(f"/api/v1/summaries/{summary.pk}/").json()
    assert body["sentences"][0]["words"] == [] and body["summary_sentences"][0]["words"] == []


def test_the_schema_describes_the_words(client):
    import json

    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    components = schema["components"]["schemas"]
    assert set(components["WordFlag"]["properties"]) == {"start", "end", "reason", "value", "text", "message"}
    for name in ("AlignedSentence", "SummarySentence"):
        assert components[name]["properties"]["words"]["items"] == {"$ref": "#/components/schemas/WordFlag"}
        assert "words" in components[name]["required"]


def test_the_api_gives_the_word_an_issue_names(editor_api):
    """The stored grounding passes through to the API: the issue and its word side by side."""
    source, altered = "قال الرئيس الروسي إن 35 شخصا قتلوا.", "The Russian president Putin said 35 people were killed."
    grounding = ground_extractive([0], [source], [altered], embedder=None, threshold=0.8)
    run = finish(latest_run(make_article(source_text=source)), text=altered, translation=altered)
    Summary.objects.filter(pk=run.pk).update(
        source_sentences=[source], translated_sentences=[altered], grounding=grounding.as_json()
    )
    body = editor_api.get(f"/api/v1/summaries/{run.pk}/").json()
    for sentence in (body["sentences"][0], body["summary_sentences"][0]):
        assert {"kind": NAME_ADDED, "value": "Putin"}.items() <= next(
            issue for issue in sentence["issues"] if issue["kind"] == NAME_ADDED
        ).items()
        assert "Putin" in [word["text"] for word in sentence["words"]]

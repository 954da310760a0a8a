"""Output nobody can read is never called supported: each kind, written by a tiny model made to like it.

The models are the session's stand-ins with one change each, their output bias set so that they write
undecodable characters, control characters, one piece over and over, or another script. A translation
sentence of such text is flagged with its own reason (in the API's grounding data too, in the reader's
language) and scores 0; a summary of it fails the run with its own code.
"""

import json

import pytest
from rest_framework.test import APIClient

from summaries.articles.submission import article_submit
from summaries.engines import readability
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from tests.factories import make_user
from tests.model_factory import build_marian, with_output_bias

pytestmark = pytest.mark.django_db

LIKED = 30.0  # far above any random logit of these small models
# Pieces a broken English tokenizer or model could hold (characters that did not decode, control characters),
# and a word for a model to repeat.
DEBRIS = {"replacement": "▁\ufffd\ufffd", "control": "▁\x07\x1b", "repetition": "▁again"}


@pytest.fixture(scope="module")
def debris_translator(tmp_path_factory, arabic_article: str):
    """The translation stand-in with two more English pieces, and a copy of it that likes each kind."""
    root = tmp_path_factory.mktemp("unreadable-translators")
    lines = [line for line in arabic_article.splitlines() if line.strip()]
    base = build_marian(root / "base", lines, writes_source_pieces=True, extra_target_pieces=DEBRIS.values())
    vocab = json.loads((base / "vocab.json").read_text(encoding="utf-8"))
    liked = {
        "replacement": [vocab[DEBRIS["replacement"]]],
        "control": [vocab[DEBRIS["control"]]],
        "repetition": [vocab[DEBRIS["repetition"]]],
        "script": [index for token, index in vocab.items() if token.strip("▁") in {"ال", "في", "من", "على"}],
    }
    return {kind: with_output_bias(base, root / kind, dict.fromkeys(ids, LIKED)) for kind, ids in liked.items()}


@pytest.fixture(scope="module")
def debris_summarizer(tmp_path_factory, tiny_models):
    """The summary stand-in (the genuine BART tokenizer) liking bytes that are half a character, control
    bytes, or Cyrillic letters."""
    from transformers import AutoTokenizer

    root = tmp_path_factory.mktemp("unreadable-summarizers")
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_models.summarization))
    alone = {index: tokenizer.decode([index]) for index in range(tokenizer.vocab_size - 1)}
    liked = {
        "replacement": [index for index, text in alone.items() if text == "\ufffd"][:6],
        "control": [index for index, text in alone.items() if text in {"\x07", "\x01", "\x02", "\x1b"}],
        "script": [index for index, text in alone.items() if text.strip() in {"а", "о", "е", "и", "Пут"}][:6],
    }
    assert all(liked.values()), liked
    return {
        kind: with_output_bias(tiny_models.summarization, root / kind, dict.fromkeys(ids, LIKED))
        for kind, ids in liked.items()
    }


def process(text: str, **options) -> Summary:
    summary = article_submit(text=text, enqueue=False, **options).article.latest_summary
    assert summary is not None
    summary_process(summary_id=summary.pk)
    summary.refresh_from_db()
    return summary


def kinds_of(issues: list[dict]) -> set[str]:
    return {issue["kind"] for issue in issues}


@pytest.mark.parametrize(
    ("kind", "finding"),
    [
        ("replacement", readability.REPLACEMENT_CHARACTER),
        ("control", readability.CONTROL_CHARACTERS),
        ("repetition", readability.REPETITION),
        ("script", readability.OTHER_SCRIPT),
    ],
)
def test_an_unreadable_translation_is_flagged_with_its_reason_and_never_supported(
    kind, finding, debris_translator, arabic_article, settings
):
    settings.SUMMARIES_TRANSLATION_MODEL = str(debris_translator[kind])
    settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = 16
    summary = process(arabic_article)
    assert summary.status == Summary.Status.DONE  # the summary of it is another matter (below)
    grounding = summary.grounding
    for index, issues in enumerate(grounding["translation_issues"]):
        assert finding in kinds_of(issues), summary.translated_sentences[index]
        assert grounding["translation_scores"][index] == 0.0 and grounding["translation_flags"][index]

    editor = make_user("editor", editor=True)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_authenticate(editor)
    sentence = client.get(f"/api/v1/articles/{summary.article_id}/").json()["run"]["sentences"][0]
    found = [issue for issue in sentence["issues"] if issue["kind"] == finding]
    assert sentence["flagged"] and found and found[0]["message"]
    assert found[0]["message"] != readability_english_message(finding, found[0])  # worded in Arabic


def readability_english_message(kind: str, issue: dict) -> str:
    from django.utils import translation

    from summaries.common.fact_messages import fact_issue_message

    with translation.override("en"):
        return fact_issue_message(issue)


@pytest.mark.parametrize("kind", ["replacement", "control", "script"])
def test_an_unreadable_summary_fails_the_run_with_its_own_code(kind, debris_summarizer, settings):
    settings.SUMMARIES_SUMMARIZATION_MODEL = str(debris_summarizer[kind])
    summary = process(
        "The presidents of Russia and Egypt signed a partnership agreement in Moscow today, officials said."
    )
    assert summary.status == Summary.Status.FAILED
    assert summary.error_code == "unreadable_summary"
    assert "nobody can read" in summary.error_text
    assert summary.summary_text == ""


def test_key_sentences_translated_into_a_loop_fail_the_run(debris_translator, arabic_article, settings):
    """Extract-then-translate: the summary is the translations of the key sentences; all of them looping
    is a summary nobody can read."""
    settings.SUMMARIES_TRANSLATION_MODEL = str(debris_translator["repetition"])
    settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = 16
    summary = process(arabic_article, strategy="extract-translate")
    assert (summary.status, summary.error_code) == (Summary.Status.FAILED, "unreadable_summary")

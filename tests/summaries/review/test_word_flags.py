"""Words a fact check holds responsible, marked in the flagged sentences of the article and review pages:
a focusable <mark> with the reason as its tooltip and hidden description in the reader's language, the
sentence itself still English; unflagged sentences are shown as they always were."""

import re

import pytest
from django.urls import reverse

from summaries.review.models import Review
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article, make_user, own

pytestmark = pytest.mark.django_db

SOURCES = ["انخفضت الأسعار بنسبة 5 في المئة.", "ارتفعت الأجور في القاهرة."]
FLAGGED = "Prices <rose> by 35 percent."  # the model wrote "rose" and 35; the source says fell and 5
STEADY = "Wages rose in Cairo."
SUMMARY = ["Prices rose by 35 percent.", "Wages rose in Cairo."]
ANTONYM = {"start": 7, "end": 13, "reason": "antonym", "value": "fell"}  # "<rose>", tags and all
NUMBER = {"start": 17, "end": 19, "reason": "number", "value": ""}
ARABIC_NUMBER = "هذا الرقم غير موجود في الأصل."


def sentence(text: str, *, flagged: bool, words: list[dict]) -> dict:
    return {
        "text": text,
        "sources": [0],
        "scores": [0.5],
        "support": 0.5,
        "flagged": flagged,
        "issues": [],
        "words": words,
    }


def flagged_run(**article) -> Summary:
    """A done run: the first translation and the first summary sentence flagged with words; the second ones
    not flagged, though they have words too (only flagged sentences show them)."""
    summary = finish(
        latest_run(make_article(source_text=" ".join(SOURCES), **article)),
        text=" ".join(SUMMARY),
        translation=f"{FLAGGED} {STEADY}",
    )
    rose_in_steady = {"start": 6, "end": 10, "reason": "antonym", "value": "fell"}
    Summary.objects.filter(pk=summary.pk).update(
        source_sentences=SOURCES,
        translated_sentences=[FLAGGED, STEADY],
        grounding={
            "method": "exact",
            "threshold": 0.6,
            "summary": [
                sentence(SUMMARY[0], flagged=True, words=[{"start": 15, "end": 17, "reason": "number", "value": ""}]),
                sentence(SUMMARY[1], flagged=False, words=[rose_in_steady]),
            ],
            "translation_scores": [0.3, 0.9],
            "translation_flags": [True, False],
            "translation_issues": [[{"kind": "number_added", "value": "35", "term": ""}], []],
            "translation_words": [[ANTONYM, NUMBER], [rose_in_steady]],
        },
    )
    summary.refresh_from_db()
    return summary


def target(html: str, index: int) -> str:
    """The translation cell of pair `index`."""
    match = re.search(
        rf'<div class="target" lang="en" dir="ltr" tabindex="0" data-pair="{index}">(.*?)</div>', html, re.S
    )
    assert match, f"no translation cell {index}"
    return match.group(1)


def grounded(html: str, index: int) -> str:
    """The summary sentence `index` of the "where each sentence comes from" list."""
    items = re.findall(r'<li class="grounded[^"]*"[^>]*>(.*?)</li>\s*(?=<li class="grounded|</ol>)', html, re.S)
    return items[index]


class TestArticlePage:
    def article_page(self, client, summary: Summary) -> str:
        return client.get(
            reverse("summaries:article_detail", kwargs={"article_id": summary.article_id})
        ).content.decode()

    def test_flagged_translation_marks_its_words_with_english_reasons(self, client):
        summary = flagged_run()
        own(client, summary.article)
        cell = target(self.article_page(client, summary), 0)
        assert cell.startswith(
            'Prices <mark class="word-flag" data-reason="antonym" title="The source says \u2066fell\u2069 here." '
            'tabindex="0">&lt;rose&gt;<span class="visually-hidden" lang="en" dir="ltr"> (The source says '
            '<bdi lang="en" dir="ltr">fell</bdi> here.)</span></mark> by '
            '<mark class="word-flag" data-reason="number" title="This number is not in the source." tabindex="0">35'
        )
        assert "<rose>" not in cell and "check this" in cell

    def test_in_arabic_the_reasons_are_arabic_and_the_sentence_stays_english(self, client):
        summary = flagged_run()
        own(client, summary.article)
        client.cookies["django_language"] = "ar"
        html = self.article_page(client, summary)
        assert '<html lang="ar" dir="rtl">' in html
        cell = target(html, 0)
        assert (
            f'title="{ARABIC_NUMBER}" tabindex="0">35<span class="visually-hidden" lang="ar" dir="rtl"> ({ARABIC_NUMBER})</span></mark>'
            in cell
        )
        assert "This number" not in cell and "Prices " in cell

    def test_unflagged_sentences_show_no_marks(self, client):
        summary = flagged_run()
        own(client, summary.article)
        html = self.article_page(client, summary)
        assert target(html, 1) == STEADY
        assert "<mark" not in grounded(html, 1) and "Wages rose in Cairo." in grounded(html, 1)
        checks = html[html.index('class="flags"') : html.index('id="full-texts"')]
        assert checks.count('<mark class="word-flag"') == 3  # "to check" repeats the flagged sentences
        assert html.count('<mark class="word-flag"') == 6  # two in the translation, one in the summary

    def test_flagged_summary_sentence_marks_its_words(self, client):
        summary = flagged_run()
        own(client, summary.article)
        first = grounded(self.article_page(client, summary), 0)
        assert re.search(r'Prices rose by <mark class="word-flag" data-reason="number" [^>]*>35<span', first)

    def test_runs_from_before_word_checks_still_show(self, client):
        """No `translation_words` and no `words`: the flagged sentences read as before, without marks."""
        summary = flagged_run()
        grounding = summary.grounding
        del grounding["translation_words"]
        for item in grounding["summary"]:
            del item["words"]
        Summary.objects.filter(pk=summary.pk).update(grounding=grounding)
        own(client, summary.article)
        html = self.article_page(client, summary)
        assert "<mark" not in html and target(html, 0).startswith("Prices &lt;rose&gt; by 35 percent.")

    def test_hostile_offsets_and_bidi_controls_cannot_break_the_page(self, client):
        summary = flagged_run()
        hostile = "Prices \u202erose\u202e by 35"
        Summary.objects.filter(pk=summary.pk).update(
            translated_sentences=[hostile, STEADY],
            grounding={
                **summary.grounding,
                "translation_words": [[{"start": 8, "end": 500, "reason": "<b>"}, {"start": "x"}, 7], []],
            },
        )
        own(client, summary.article)
        cell = target(self.article_page(client, summary), 0)
        # the span is clipped to the text, the odd entries are left out, and each override is closed (PDF)
        # in its own piece: the one before the mark before it, the one inside the mark inside it
        assert cell.startswith(
            'Prices \u202e\u202c<mark class="word-flag" data-reason="&lt;b&gt;" '
            'title="The fact check flagged these words." tabindex="0">rose\u202e by 35\u202c<span class="visually-hidden"'
        )
        assert cell.count("<mark") == 1 and "<b>" not in cell


class TestReviewPage:
    @pytest.fixture
    def editor(self, client):
        user = make_user("editor", editor=True)
        client.force_login(user)
        return user

    def review_page(self, client, summary: Summary) -> str:
        return client.get(reverse("summaries:summary_review", kwargs={"summary_id": summary.pk})).content.decode()

    def test_flagged_translation_is_marked_and_the_other_is_not(self, client, editor):
        summary = flagged_run()
        html = self.review_page(client, summary)
        assert re.search(
            r'^Prices <mark class="word-flag" data-reason="antonym" title="The source says \u2066fell\u2069 here." '
            r'tabindex="0">&lt;rose&gt;<span class="visually-hidden"',
            target(html, 0),
        )
        assert target(html, 1) == STEADY
        assert html.count('<mark class="word-flag"') == 3  # two in the translation, one in the summary

    def test_flagged_summary_sentence_is_marked_beside_the_summary(self, client, editor):
        html = self.review_page(client, flagged_run())
        summary_column = html[html.index('<section class="review-summary"') :]
        assert '<h3 id="grounding-heading">Where each summary sentence comes from</h3>' in summary_column
        assert re.search(
            r'Prices rose by <mark class="word-flag" data-reason="number" [^>]*>35<span', grounded(html, 0)
        )
        assert "<mark" not in grounded(html, 1)
        assert "machine summary (revision 1)" not in html

    def test_after_an_edit_the_checks_say_they_are_on_the_machine_summary(self, client, editor):
        summary = flagged_run()
        Review.objects.filter(summary=summary).update(revision=2)
        html = self.review_page(client, summary)
        assert "These checks are on the machine summary (revision 1)." in html

    def test_in_arabic(self, client, editor):
        summary = flagged_run()
        client.cookies["django_language"] = "ar"
        cell = target(self.review_page(client, summary), 0)
        assert f'title="{ARABIC_NUMBER}"' in cell and f'lang="ar" dir="rtl"> ({ARABIC_NUMBER})' in cell

"""Sentence ranking for the faithful (extract-then-translate) strategy."""

from summaries.engines.embeddings import get_embedder
from summaries.engines.ranking import select_sentences, tfidf_similarity, words
from summaries.engines.segmentation import split_sentences


class TestSelectSentences:
    def test_picks_the_requested_number_in_article_order(self, arabic_article):
        sentences = split_sentences(arabic_article)
        for embedder in (get_embedder(), None):
            chosen = select_sentences(sentences, 3, embedder=embedder)
            assert len(chosen) == 3
            assert chosen == sorted(chosen)
            assert all(0 <= index < len(sentences) for index in chosen)

    def test_an_off_topic_sentence_is_not_chosen(self, arabic_article):
        """The sentence least like the rest of the article is never among the key sentences."""
        sentences = [*split_sentences(arabic_article)[:6], "فاز فريق كرة القدم بالكأس بعد مباراة مثيرة في الملعب."]
        for embedder in (get_embedder(), None):
            assert len(sentences) - 1 not in select_sentences(sentences, 3, embedder=embedder)

    def test_short_article_keeps_every_sentence(self):
        assert select_sentences(["جملة أولى.", "جملة ثانية."], 3, embedder=None) == [0, 1]


class TestTfidf:
    def test_arabic_letter_variants_and_diacritics_are_folded(self):
        assert words("أحمد إلى مدرسةٌ") == words("احمد الي مدرسه")

    def test_identical_sentences_are_most_similar(self):
        similarity = tfidf_similarity(["وقع الرئيسان اتفاقية", "وقع الرئيسان اتفاقية", "فاز الفريق بالكأس"])
        assert similarity[0, 1] > 0.99 > similarity[0, 2]

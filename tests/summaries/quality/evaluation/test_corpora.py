"""The loaders of the shared parallel corpora, read in place from ../shared/corpora."""

from collections import Counter

import pytest

from summaries.quality.evaluation import corpora


@pytest.fixture(autouse=True)
def _needs_shared_corpora():
    if not (corpora.shared_dir() / "corpora").is_dir():
        pytest.skip(f"shared corpora not found under {corpora.shared_dir()}: put shared/ beside the checkout")


class TestFlores:
    def test_dev_and_devtest_together(self):
        pairs = corpora.flores_pairs()
        assert len(pairs) == 2009
        assert all(pair.arabic and pair.english for pair in pairs)

    def test_documents_are_article_urls_that_group_several_sentences(self):
        documents = Counter(pair.document for pair in corpora.flores_pairs())
        assert all(document.startswith("flores:https://") for document in documents)
        assert len(documents) < 2009 / 2
        assert max(documents.values()) >= 3

    def test_the_metadata_header_is_not_a_document(self):
        assert not any(pair.document == "flores:URL" for pair in corpora.flores_pairs())


class TestTico:
    def test_count_and_blocks_of_twenty(self):
        pairs = corpora.tico_pairs()
        assert len(pairs) == 2100
        documents = Counter(pair.document for pair in pairs)
        assert len(documents) == 105 and set(documents.values()) == {20}
        assert [pair.document for pair in pairs[19:21]] == ["tico:0", "tico:1"]


class TestTatoeba:
    def test_each_pair_is_its_own_document(self):
        pairs = corpora.tatoeba_pairs()
        assert len(pairs) == 1000
        assert len({pair.document for pair in pairs}) == 1000
        assert pairs[0].document == "tatoeba:0"


class TestNtrex:
    def test_documents_keep_their_original_ids(self):
        pairs = corpora.ntrex_pairs()
        assert len(pairs) == 1997
        assert not any(pair.document.startswith(("flores:", "tico:", "tatoeba:")) for pair in pairs)

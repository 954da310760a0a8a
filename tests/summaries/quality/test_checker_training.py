"""Training the checker on a slice of the real corpora: reproducible, held-out documents kept out."""

import pytest

from summaries.engines.checker.model import Checker
from summaries.quality import checker_training
from summaries.quality.evaluation import corpora, grounding

pytestmark = pytest.mark.skipif(
    not (corpora.shared_dir() / "corpora").is_dir(), reason="needs ../shared/corpora beside the checkout"
)
SMALL = checker_training.Options(limit=150)


@pytest.fixture(scope="module")
def params():
    return checker_training.train(SMALL)


class TestTrainingPairs:
    def test_the_reported_ntrex_documents_are_never_trained_on(self):
        _tuning, reported = grounding.split(corpora.ntrex_pairs())
        held_out = {pair.document for pair in reported}
        assert not held_out & {pair.document for pair in checker_training.training_pairs()}

    def test_unrelated_examples_come_from_other_documents(self):
        pairs = checker_training.training_pairs(200)
        examples = checker_training.unrelated_examples(pairs, seed=1)
        english_of = {pair.english: pair.document for pair in pairs}
        assert examples and all(english_of[e.english] != e.document for e in examples)


class TestTrain:
    def test_same_inputs_same_parameters(self, params):
        assert checker_training.train(SMALL) == params

    def test_the_record_says_how_it_was_made(self, params):
        trained = params["trained"]
        assert trained["seed"] == checker_training.SEED and trained["pairs"] == 150
        assert trained["inputs_sha256"] == checker_training.inputs_digest(SMALL)
        assert set(trained["corpora"]) and all(len(digest) == 64 for digest in trained["corpora"].values())
        assert trained["examples"]["true"] == 150 and trained["examples"]["unrelated"] > 100
        assert "similarity" not in params["features"]

    def test_the_parameters_score_pairs(self, params):
        checker = Checker(params)
        pair = checker_training.training_pairs(1)[0]
        assert 0.0 <= checker.check(pair.arabic, pair.english).score <= 1.0

    def test_the_digest_follows_the_options(self):
        assert checker_training.inputs_digest(SMALL) != checker_training.inputs_digest(
            checker_training.Options(limit=150, seed=2)
        )
        assert checker_training.inputs_digest(SMALL) != checker_training.inputs_digest(SMALL, model_score=True)

    def test_a_model_score_becomes_a_feature(self):
        """What `--model-score` wires in: the scorer is asked about every example, and the trees use it."""
        asked = []

        def scorer(arabic, english):
            asked.extend(english)
            return [-1.0 if "not" in text else -0.5 for text in english]

        params = checker_training.train(checker_training.Options(limit=40), model_scorer=scorer)
        assert params["features"][-1] == "model_score" and asked
        assert Checker(params).uses_model_score


class TestLexicon:
    def test_common_words_find_their_renderings(self):
        lexicon = checker_training.lexicon_from(checker_training.training_pairs())
        assert max(lexicon.backward["president"], key=lexicon.backward["president"].get) == "رئيس"
        assert max(lexicon.backward["war"], key=lexicon.backward["war"].get) == "حرب"

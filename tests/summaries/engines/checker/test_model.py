"""The checker file: trees scored without scikit-learn, byte-stable saving, the shipped file itself."""

import gzip
import json

import pytest

from summaries.engines.checker import model
from summaries.engines.checker.features import FEATURES, MODEL_SCORE

# One tree: numbers_added <= 0.5 -> +2 (faithful), else -2; a missing value goes right.
PARAMS = {
    "features": ["numbers_added"],
    "baseline": 0.0,
    "trees": [[[0, 0.5, 1, 2, 0.0, 0], [-1, 0.0, -1, -1, 2.0, 0], [-1, 0.0, -1, -1, -2.0, 0]]],
    "threshold": 0.5,
    "lexicon": {"forward": {}, "backward": {}},
}


class TestChecker:
    def test_trees_route_by_threshold_and_missing_values(self):
        checker = model.Checker(PARAMS)
        assert checker.probability({"numbers_added": 0.0}) == pytest.approx(0.8808, abs=1e-4)
        assert checker.probability({"numbers_added": 1.0}) == pytest.approx(0.1192, abs=1e-4)
        assert checker.probability({}) == pytest.approx(0.1192, abs=1e-4)

    def test_check_scores_a_pair_and_keeps_the_analysis(self):
        verdict = model.Checker(PARAMS).check("ارتفع 5", "rose 7")
        assert verdict.score < 0.5 and verdict.analysis.values["numbers_added"] == 1

    def test_saving_twice_gives_the_same_bytes(self, tmp_path):
        model.save(PARAMS, tmp_path / "a.json.gz")
        model.save(PARAMS, tmp_path / "b.json.gz")
        assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
        assert model.load(tmp_path / "a.json.gz").params == PARAMS

    def test_a_missing_or_broken_file_means_no_checker(self, tmp_path):
        (tmp_path / "broken.json.gz").write_bytes(gzip.compress(b"{}"))
        assert model.get_checker(str(tmp_path / "absent.json.gz")) is None
        assert model.get_checker(str(tmp_path / "broken.json.gz")) is None

    def test_the_setting_turns_it_off(self, settings):
        settings.SUMMARIES_FACT_CHECKER = False
        assert model.fact_checker() is None


class TestShippedFile:
    def test_it_loads_is_small_and_records_how_it_was_made(self):
        assert model.DEFAULT_PATH.stat().st_size < 3 * 1024 * 1024
        checker = model.get_checker()
        assert checker is not None and 0 < checker.threshold < 1
        assert set(checker.features) <= {*FEATURES, MODEL_SCORE}
        trained = checker.params["trained"]
        assert trained["seed"] and len(trained["inputs_sha256"]) == 64 and trained["versions"]["scikit-learn"]
        assert json.dumps(trained["corpora"])  # the hash of every corpus file used

    def test_it_tells_a_faithful_translation_from_altered_ones(self):
        checker = model.get_checker()
        assert checker is not None
        source = "قال الرئيس الروسي فلاديمير بوتين إن 35 شخصا قتلوا في الهجوم يوم الاثنين."
        true = checker.check(
            source, "Russian President Vladimir Putin said 35 people were killed in the attack on Monday."
        )
        for altered in (
            "Russian President Vladimir Putin said 53 people were killed in the attack on Monday.",
            "Russian President Vladimir Putin said 35 people were killed in the attack on Friday.",
            "Russian President Vladimir Putin said 35 people were not killed in the attack on Monday.",
        ):
            assert checker.check(source, altered).score < true.score, altered
        assert true.score >= checker.threshold

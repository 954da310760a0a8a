"""The checker's ceiling script (bench/checker_ceiling.py): its figures, and a short real run."""

import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest

from summaries.quality.evaluation import corpora
from tests.conftest import REPO_DIR


def _script():
    spec = importlib.util.spec_from_file_location("checker_ceiling", REPO_DIR / "bench" / "checker_ceiling.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_caught_is_read_at_the_score_that_flags_five_percent_of_true_pairs():
    figures = _script()._figures(np.linspace(0.0, 1.0, 101), np.array([0.01, 0.04, 0.06, 0.5]))
    assert figures["caught"] == 0.5  # the 5 % cut is 0.05: two of the four altered scores are under it
    assert 0 < figures["auc"] < 1


@pytest.mark.skipif(not (corpora.shared_dir() / "corpora").is_dir(), reason="needs ../shared/corpora")
def test_a_short_run_reports_specialists_and_the_shipped_learner_per_kind():
    result = subprocess.run(
        [sys.executable, "bench/checker_ceiling.py", "--json", "--limit", "300"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["by_kind"], report
    for entry in report["by_kind"].values():
        for method in ("specialist", "kind_blind"):
            assert 0 <= entry[method]["auc"] <= 1 and 0 <= entry[method]["caught"] <= 1
    assert set(report["worst_auc_and_caught_overall"]) == {"specialist", "kind_blind"}

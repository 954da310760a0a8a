"""The search benchmark (bench/search.py) on a tiny corpus: it builds its database, measures both searches and
reports recall, in the JSON the README's figures come from."""

import json
import subprocess
import sys

import pytest

from summaries.quality.evaluation.corpora import shared_dir
from tests.conftest import REPO_DIR


def test_a_tiny_run_reports_every_figure() -> None:
    """300 articles on SQLite: the index is built and measured, and every labelled query's answer is found."""
    if not (shared_dir() / "corpora" / "flores200-arb-eng").is_dir():
        pytest.skip("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    result = subprocess.run(
        [sys.executable, "bench/search.py", "--articles", "300", "--labelled", "4", "--pool-pairs", "12", "--json"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["database"] == "sqlite" and report["articles"] == 300
    fts = report["full_text"]
    assert fts["indexed"] == 300 and fts["index_bytes"]["total"] > 0 and fts["build_seconds"] >= 0
    assert fts["queries"]["count"] == fts["relevance_queries"] + 10 and fts["queries"]["p95_ms"] > 0
    assert fts["recall_at_10_en_query_to_ar_article"] == 1.0  # four documents: each query finds its article
    similar = report["similar"]
    assert similar["labelled_pairs"] == 4 and similar["editor"]["count"] == 8
    assert similar["recall_at_10_ar_to_en"] == similar["recall_at_10_en_to_ar"] == 1.0

"""The evaluation harness on small slices of the real corpora, with the real offline models."""

import json

from django.core.management import call_command

from summaries.quality.evaluation import corpora, grounding


def run(capsys, *args):
    call_command("evaluate", *args, "--json")
    return json.loads(capsys.readouterr().out)


class TestEvaluate:
    def test_grounding_slice_has_every_figure_before_and_after(self, capsys):
        result = run(capsys, "grounding", "--limit", "40")["grounding"]
        assert result["pairs"] == 40
        for method in ("before", "after"):
            figures = result[method]
            for key in (
                "auc_mismatched",
                "auc_altered",
                "false_flag_rate",
                "catch_rate_mismatched",
                "catch_rate_altered",
            ):
                assert 0.0 <= figures[key] <= 1.0, (method, key)
            assert set(figures["auc_altered_by_kind"]) == set(figures["catch_rate_by_kind"])
            assert figures["auc_mismatched"] > 0.9, "true translations must outscore unrelated sentences"
        assert result["after"]["ms_per_pair"] > 0
        assert set(result["targets"]) == set(grounding.TARGETS)
        assert all(isinstance(target["met"], bool) for target in result["targets"].values())

    def test_without_the_checker_only_before_is_measured(self, capsys, settings):
        settings.SUMMARIES_FACT_CHECKER = False
        result = run(capsys, "grounding", "--limit", "10")["grounding"]
        assert "before" in result and "after" not in result and "targets" not in result

    def test_extractive_slice_reports_both_subsets_and_three_systems(self, capsys):
        result = run(capsys, "extractive", "--limit", "12")["extractive"]
        for subset in ("copied", "rewritten"):
            assert set(result[subset]["rougeL"]) == {"ranker", "lead3", "textrank"}
        assert result["copied"]["articles"] + result["rewritten"]["articles"] == 12

    def test_translation_and_summaries_are_skipped_for_test_models(self, capsys):
        result = run(capsys, "translation", "--limit", "1")
        assert "test-size model" in result["translation"]["skipped"] and "chrf" not in result["translation"]
        assert "test-size model" in result["abstractive"]["skipped"] and "rougeL" not in result["abstractive"]

    def test_save_appends_one_line(self, capsys, settings, tmp_path):
        settings.BASE_DIR = tmp_path
        call_command("evaluate", "extractive", "--limit", "3", "--save")
        lines = (tmp_path / "bench" / "results" / "quality.jsonl").read_text().splitlines()
        assert len(lines) == 1 and "versions" in json.loads(lines[0])


class TestSplits:
    def test_tuning_and_reported_documents_do_not_overlap(self):
        tuning, reported = grounding.split(corpora.ntrex_pairs())
        assert {p.document for p in tuning}.isdisjoint({p.document for p in reported})
        assert len(tuning) + len(reported) == 1997

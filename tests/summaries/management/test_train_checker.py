"""`manage.py train_checker`: writes the file, and with --if-changed leaves an up-to-date one alone."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from summaries.engines.checker import model
from summaries.quality import checker_training
from summaries.quality.evaluation import corpora

pytestmark = pytest.mark.skipif(
    not (corpora.shared_dir() / "corpora").is_dir(), reason="needs ../shared/corpora beside the checkout"
)


class TestTrainChecker:
    def test_writes_then_skips_when_nothing_changed(self, tmp_path, capsys):
        output = tmp_path / "checker.json.gz"
        call_command("train_checker", "--limit", "60", "--output", str(output))
        assert "60 pairs" in capsys.readouterr().out
        written = output.read_bytes()
        assert model.load(output).threshold > 0
        call_command("train_checker", "--limit", "60", "--output", str(output), "--if-changed")
        assert "up to date" in capsys.readouterr().out
        assert output.read_bytes() == written

    def test_retrains_when_the_options_change(self, tmp_path, capsys):
        output = tmp_path / "checker.json.gz"
        call_command("train_checker", "--limit", "60", "--output", str(output))
        call_command("train_checker", "--limit", "60", "--seed", "5", "--output", str(output), "--if-changed")
        assert "up to date" not in capsys.readouterr().out
        assert model.load(output).params["trained"]["seed"] == 5

    def test_the_shipped_file_is_up_to_date_with_its_inputs(self):
        """CI retrains when this fails (`.ci/run` runs `train_checker --if-changed` before the tests)."""
        checker = model.load(model.DEFAULT_PATH)
        assert checker.params["trained"]["inputs_sha256"] == checker_training.inputs_digest(checker_training.Options())

    def test_two_processes_with_different_hash_seeds_write_the_same_bytes(self, tmp_path):
        """Reproducible means across processes too: nothing may depend on set or dict order (the hash seed)."""
        outputs = []
        for seed in ("1", "2"):
            output = tmp_path / f"checker-{seed}.json.gz"
            subprocess.run(
                [sys.executable, "manage.py", "train_checker", "--limit", "60", "--output", str(output)],
                cwd=settings.BASE_DIR,
                env={**os.environ, "PYTHONHASHSEED": seed},
                check=True,
                capture_output=True,
                timeout=300,
            )
            outputs.append(output.read_bytes())
        assert outputs[0] == outputs[1]

"""newsapp/secret_key.py: one key per site, made once, readable by its owner only, whoever starts first."""

import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsapp import secret_key
from tests.conftest import REPO_DIR


class TestLoadOrCreate:
    def test_makes_a_private_random_key_once(self, tmp_path):
        path = tmp_path / "var" / "secret_key"
        key = secret_key.load_or_create(path)
        assert len(key) >= 50
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert secret_key.load_or_create(path) == key
        assert secret_key.load_or_create(tmp_path / "other") != key

    def test_a_key_file_others_can_read_is_made_private(self, tmp_path):
        path = tmp_path / "secret_key"
        path.write_text("k" * 60)
        path.chmod(0o644)
        assert secret_key.load_or_create(path) == "k" * 60
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_an_empty_key_file_is_refused_with_what_to_do(self, tmp_path):
        path = tmp_path / "secret_key"
        path.write_text("\n")
        with pytest.raises(ImproperlyConfigured, match="holds no usable key: delete it"):
            secret_key.load_or_create(path)

    def test_processes_starting_together_all_read_the_same_key(self, tmp_path):
        """The web server and the worker start at once: one key is linked into place, the others read it."""
        path = tmp_path / "secret_key"
        script = "import sys; from newsapp import secret_key; from pathlib import Path; print(secret_key.load_or_create(Path(sys.argv[1])))"
        processes = [
            subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=REPO_DIR, stdout=subprocess.PIPE, text=True)
            for _ in range(6)
        ]
        keys = {process.communicate(timeout=60)[0].strip() for process in processes}
        assert keys == {path.read_text().strip()}
        assert sorted(item.name for item in tmp_path.iterdir()) == ["secret_key"]  # no temporary file left

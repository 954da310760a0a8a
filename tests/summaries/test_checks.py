"""Start-up checks: a broken install is named by `manage.py check`, not by a traceback on the first upload."""

import os
import subprocess
import sys
from pathlib import Path

from summaries.checks import intake_libraries

ROOT = Path(__file__).resolve().parents[2]


def test_this_install_has_every_intake_library():
    assert intake_libraries() == []


def test_a_missing_html_library_fails_the_check_with_the_fix(tmp_path):
    """What an install without the lock did (pip 23 skipped `lxml_html_clean`): shadow it with a module
    that cannot import, as if it were absent."""
    shadow = tmp_path / "lxml_html_clean"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('lxml_html_clean is not installed')\n")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "summaries.E001" in result.stderr
    assert ".html uploads cannot work" in result.stderr and "requirements.lock" in result.stderr

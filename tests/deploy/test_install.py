"""`make install` on a fresh virtual environment whose pip is the oldest a newcomer may have.

Python 3.11.7's `python3.11 -m venv` brings pip 23.2.1, which refused the hashed lock when a package asked
for an extra (`lxml[html_clean]`); a CI machine with a newer pip never noticed. This test makes a scratch
venv, pins its pip to 23.2.1, runs the Makefile's own install target into it, and has that interpreter
read an HTML page and a Word document, the formats whose parsers need the extra's package.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_ARTICLE, REPO_DIR
from tests.documents import docx_bytes

pytestmark = pytest.mark.integration

OLDEST_PIP = "23.2.1"
# The scratch interpreter reads both files through the app's own intake (its sandboxed parser included).
EXTRACT = """
import json, os, sys
import django
django.setup()
from summaries.articles.intake import extract
results = {}
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        extracted = extract(name=os.path.basename(path), data=handle.read())
    results[os.path.basename(path)] = {"format": extracted.source_format, "text": extracted.text}
print(json.dumps(results, ensure_ascii=False))
"""


def _run(command: list[str], **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, **options)
    assert result.returncode == 0, f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-4000:]}"
    return result


def _base_python() -> str:
    """The interpreter the test venv was made from, as `python3.11 -m venv` on a fresh machine would use."""
    return getattr(sys, "_base_executable", sys.executable)


def test_make_install_works_with_the_oldest_bundled_pip_and_the_app_reads_html_and_docx(tmp_path: Path):
    venv = tmp_path / "venv"
    _run([_base_python(), "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", f"pip=={OLDEST_PIP}"])
    assert OLDEST_PIP in _run([str(python), "-m", "pip", "--version"]).stdout

    # --no-compile: this venv lives for one test; what the test imports is compiled as it is imported.
    _run(["make", "--no-print-directory", "install", f"VENV={venv}", "PIP_FLAGS=--no-compile"], cwd=REPO_DIR)

    paragraphs = [line for line in FIXTURE_ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    page = tmp_path / "article.html"
    page.write_text(
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خبر</title></head><body>'
        "<nav><a href='/'>الرئيسية</a></nav><article><h1>"
        + paragraphs[0]
        + "</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[1:])
        + "</article><footer>© 2019</footer></body></html>",
        encoding="utf-8",
    )
    document = tmp_path / "article.docx"
    document.write_bytes(docx_bytes(paragraphs[1:], heading=paragraphs[0]))

    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="newsapp.settings", SECRET_KEY="install-test", DEBUG="0")
    output = _run([str(python), "-c", EXTRACT, str(page), str(document)], cwd=REPO_DIR, env=environment).stdout
    results = json.loads(output.strip().splitlines()[-1])

    body = paragraphs[2]
    assert results["article.html"]["format"] == "html"
    assert body in results["article.html"]["text"]
    assert "الرئيسية" not in results["article.html"]["text"]  # the page's navigation is left out
    assert results["article.docx"]["format"] == "docx"
    assert body in results["article.docx"]["text"]

"""The app serves its own CSS and JS (WhiteNoise), links nothing external, and mirrors through logical CSS."""

import re

import pytest
from django.urls import reverse

from tests.conftest import REPO_DIR

STATIC = REPO_DIR / "summaries" / "static" / "summaries"
PHYSICAL = re.compile(
    r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|float\s*:\s*(left|right)|text-align\s*:\s*(left|right)"
)


def test_css_uses_logical_properties_only():
    """No left/right in the stylesheet: the layout mirrors itself from <html dir>."""
    for path in STATIC.rglob("*.css"):
        assert not PHYSICAL.search(path.read_text()), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["summaries/css/site.css", "summaries/js/status.js", "summaries/js/copy.js", "summaries/js/alignment.js"]
)
def test_static_files_are_served_by_the_app(client, path):
    """WhiteNoise serves every asset from the app itself, with a caching header."""
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (STATIC.parent / path).read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [reverse("summaries:submit"), reverse("login"), reverse("summaries:published_list")])
def test_pages_load_nothing_from_other_hosts(client, url):
    """No CDN: every src and href is on this site (the language switch and forms post here too)."""
    html = client.get(url).content.decode()
    external = re.findall(r'(?:src|href|action)="((?:https?:)?//[^"]+)"', html)
    assert external == []


def test_no_inline_scripts_or_handlers_in_templates():
    """All JavaScript lives in static files, wired with data- attributes."""
    for path in (REPO_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+=", text), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("summaries:submit"),
        reverse("login"),
        reverse("password_reset"),
        reverse("summaries:published_list"),
        reverse("summaries:articles_mine"),
    ],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_has_the_language_switch(client, url, language):
    """The switch posts to Django's set_language with this page as `next`, in either UI language."""
    client.cookies["django_language"] = language
    html = client.get(url).content.decode()
    assert f'<form class="language-switch" action="{reverse("set_language")}" method="post">' in html
    assert f'<input name="next" type="hidden" value="{url}">' in html
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html


def test_production_serves_hashed_compressed_assets(tmp_path):
    """With DEBUG=0, collectstatic writes content-hashed, compressed files and pages link the hashed names."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsapp.settings",  # not the test suite's (tests/settings.py)
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "STATIC_ROOT": str(tmp_path / "static"),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO_DIR, env=env, check=True
    )
    hashed = list((tmp_path / "static" / "summaries" / "css").glob("site.*.css"))
    assert hashed and (hashed[0].parent / (hashed[0].name + ".gz")).exists()
    script = (
        "import django; django.setup(); from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.test import Client; c = Client(); page = c.get('/', secure=True).content.decode();"
        "import re; css = re.search(r'href=\"(/static/summaries/css/site\\.[0-9a-f]+\\.css)\"', page).group(1);"
        "r = c.get(css, secure=True); print(r.status_code); print(r.headers.get('Cache-Control'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsapp.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    status, cache = result.stdout.strip().splitlines()[-2:]
    assert status == "200" and "max-age=315360000" in cache

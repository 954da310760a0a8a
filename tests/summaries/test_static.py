"""The app serves its own CSS and JS (WhiteNoise), links nothing external, and mirrors through logical CSS."""

import re

import pytest
from django.urls import reverse

from ..conftest import REPO_DIR

STATIC = REPO_DIR / "summaries" / "static" / "summaries"
PHYSICAL = re.compile(r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|float\s*:\s*(left|right)|text-align\s*:\s*(left|right)")


def test_css_uses_logical_properties_only():
    """No left/right in the stylesheet: the layout mirrors itself from <html dir>."""
    for path in STATIC.rglob("*.css"):
        assert not PHYSICAL.search(path.read_text()), path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["summaries/css/site.css", "summaries/js/status.js", "summaries/js/copy.js", "summaries/js/alignment.js"])
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

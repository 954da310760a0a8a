"""`manage.py summarize URL`: an argument starting with http:// or https:// is a link, fetched and run here like
a file (the --queue mode waits for the workers the same way); its record names the link and the page."""

import json

import pytest
from django.core.management import CommandError, call_command

from summaries.articles.models import Article
from tests.link_site import allow_site, start_site

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(request):
    return start_site(request)


@pytest.fixture(autouse=True)
def _site_allowed(settings, site):
    allow_site(settings)
    site.reset()


def summarize(capsys, *args: str, failed: str = ""):
    """Run the command; (JSON Lines as dicts, standard error), checking what it says failed."""
    if failed:
        with pytest.raises(CommandError, match=rf"^{failed}$"):
            call_command("summarize", *args, "--no-progress")
    else:
        call_command("summarize", *args, "--no-progress")
    out, err = capsys.readouterr()
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")], err


class TestLinks:
    def test_a_link_is_fetched_and_summarized_here(self, capsys, site):
        (record,), _err = summarize(capsys, f"{site.url}/redirect")
        assert record["url"] == f"{site.url}/redirect" and "path" not in record
        assert (record["status"], record["code"], record["error"]) == ("done", None, None)
        assert record["language"] == "ar" and record["summary"].strip() and record["translation"].strip()
        assert record["final_url"] == f"{site.url}/article"
        assert record["headline"] == site.articles[0].title
        assert record["published_on"] == site.articles[0].published and record["fetched_at"]
        assert Article.objects.get().origin == Article.Origin.LINK

    def test_a_page_that_cannot_be_read_fails_with_its_reason(self, capsys, site):
        (record,), err = summarize(capsys, f"{site.url}/missing", failed="1 of 1 links failed")
        assert (record["status"], record["code"]) == ("failed", "link_not_found")
        assert f"{site.url}/missing: The page was not found" in err

    def test_a_link_that_is_not_http_is_a_path(self, capsys):
        """ftp://… does not start with http(s): it is taken for a file name, and no such file exists."""
        (record,), _err = summarize(capsys, "ftp://example.com/a.txt", failed="1 of 1 files failed")
        assert record["path"] == "ftp:/example.com/a.txt" and record["code"] == "not_found"

    def test_a_link_too_long_is_refused_before_any_fetch(self, capsys, site):
        url = f"{site.url}/" + "a" * 2000
        (record,), _err = summarize(capsys, url, failed="1 of 1 links failed")
        assert (record["status"], record["code"]) == ("refused", "link_too_long")
        assert site.paths() == []

    def test_files_and_links_together(self, capsys, site, tmp_path):
        path = tmp_path / "english.txt"
        path.write_text("The presidents of Russia and Egypt signed a partnership agreement in Moscow today.")
        records, _err = summarize(capsys, str(path), f"{site.url}/article-1256-meta")
        assert [record.get("path") or record.get("url") for record in records] == [
            str(path),
            f"{site.url}/article-1256-meta",
        ]
        assert [record["status"] for record in records] == ["done", "done"]

    def test_markdown_heads_a_link_with_its_headline(self, capsys, site):
        call_command("summarize", f"{site.url}/article", "--no-progress", "--format", "md")
        out = capsys.readouterr().out
        assert out.startswith(f"## {site.articles[0].title}\n\n`{site.url}/article` · ar · article ")
        assert "### Summary" in out

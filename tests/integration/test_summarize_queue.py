"""`manage.py summarize --queue`: files go to a real Celery worker through a real Redis, and the command
waits for them; with Redis down it gives up after --timeout and says where it looked."""

import json

import pytest
from django.core.management import CommandError, call_command

from summaries.articles.models import Article
from summaries.runs.models import Summary
from tests.link_site import start_site

pytestmark = pytest.mark.integration


@pytest.fixture
def folder(tmp_path, arabic_article):
    """Two Arabic articles and one too short to summarize."""
    paragraphs = [line for line in arabic_article.splitlines() if line.strip()]
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("\n\n".join(paragraphs[:3]), encoding="utf-8")
    (folder / "b.md").write_text("\n\n".join(paragraphs[3:6]), encoding="utf-8")
    (folder / "c.txt").write_text("قصير جدا", encoding="utf-8")
    return folder


class TestQueue:
    def test_the_worker_processes_the_files_and_the_command_waits(
        self, request, capsys, start_worker, folder, tmp_path
    ):
        """Each accepted file is summarized by the worker, not in the command; the refused one is reported. A
        link among them is fetched by the worker too (the command never reads the page)."""
        site = start_site(request)
        link = f"{site.url}/article"
        start_worker(LINK_ALLOWED_HOSTS="localhost:*")
        output = tmp_path / "results.jsonl"
        with pytest.raises(CommandError, match="1 of 4 files and links failed"):
            call_command(
                "summarize", str(folder), link, "--queue", "--timeout", "120", "--no-progress", "--output", str(output)
            )

        results = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
        assert sorted((result.get("path") or result.get("url"), result["status"]) for result in results) == [
            (str(folder / "a.txt"), "done"),
            (str(folder / "b.md"), "done"),
            (str(folder / "c.txt"), "refused"),
            (link, "done"),
        ]
        assert all(
            result["translation"].strip() and result["summary"].strip()
            for result in results
            if result["status"] == "done"
        )
        assert f"{folder / 'c.txt'}: The text is too short" in capsys.readouterr().err
        assert "/article" in site.paths()  # the worker read the page
        for summary in Summary.objects.select_related("article"):
            expected = Article.Origin.LINK if summary.article.url else Article.Origin.COMMAND
            assert summary.article.origin == expected
            assert summary.enqueued_at is not None and summary.delivery_id  # a queue message ran it

    def test_unreachable_redis_times_out_naming_redis_url(self, capsys, transactional_db, broker, redis_server, folder):
        """The jobs stay queued (nothing is lost), and after --timeout each is reported with its ids and a
        pointer to REDIS_URL."""
        (folder / "c.txt").unlink()
        redis_server.stop()
        try:
            with pytest.raises(CommandError, match="2 of 2 files failed"):
                call_command("summarize", str(folder), "--queue", "--timeout", "1", "--no-progress")
        finally:
            redis_server.start()

        out, err = capsys.readouterr()
        results = [json.loads(line) for line in out.splitlines()]
        assert [(result["status"], result["code"]) for result in results] == [("failed", "not_finished")] * 2
        assert "2 job(s) could not be sent to the workers" in err
        for result in results:
            summary = Summary.objects.get(article_id=result["article_id"])
            assert summary.status == Summary.Status.QUEUED and summary.enqueued_at is None
            assert f"still queued after 1 s (article {summary.article_id}, summary {summary.pk})" in result["error"]
            assert f"is Redis running at redis://127.0.0.1:{redis_server.port}/0 (REDIS_URL)?" in result["error"]
            assert f"{result['path']}: {result['error']}" in err

"""`manage.py summarize`: one file or several files and folders, in any accepted format, run synchronously
with the tiny models; per-file JSON Lines or Markdown, --output, the progress bar, and clear refusals.

The --queue mode with a real worker is in tests/integration/test_summarize_queue.py.
"""

import io
import json
import logging

import pytest
from django.core.management import CommandError, call_command

from summaries.articles.models import Article
from summaries.articles.submission import article_submit
from summaries.runs.models import Summary
from tests.documents import docx_bytes, html_page_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents of Russia and Egypt signed a comprehensive partnership agreement in Moscow today."


@pytest.fixture
def paragraphs(arabic_article):
    """Distinct Arabic paragraphs long enough to summarize, so no file is a duplicate of another."""
    return [line for line in arabic_article.splitlines() if line.strip()]


def summarize(capsys, *args, fails: int = 0):
    """Run the command; return (JSON Lines as dicts, standard error), checking how many files failed."""
    if fails:
        with pytest.raises(CommandError, match=rf"^{fails} of \d+ files failed$"):
            call_command("summarize", *map(str, args), "--no-progress")
    else:
        call_command("summarize", *map(str, args), "--no-progress")
    out, err = capsys.readouterr()
    return [json.loads(line) for line in out.splitlines()], err


def run_json(capsys, path, *args):
    call_command("summarize", str(path), "--no-progress", *args)
    (line,) = capsys.readouterr().out.splitlines()
    return json.loads(line)


def refused(path, capsys):
    """Run the command on a file it must refuse; the reason it gives on standard error."""
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("summarize", str(path), "--no-progress")
    return capsys.readouterr().err


class TestOneFile:
    def test_json_output_has_the_result(self, capsys, arabic_article, tmp_path):
        path = tmp_path / "article.txt"
        path.write_text(arabic_article, encoding="utf-8")
        result = run_json(capsys, path)
        assert result["path"] == str(path)
        assert result["status"] == "done"
        assert result["language"] == "ar"
        assert result["translation"].strip()
        assert result["summary"].strip()
        assert result["error"] is None and result["code"] is None
        assert result["reused"] is False
        assert set(result["grounding"]) == {"method", "flagged_summary_sentences", "flagged_translations"}
        assert Article.objects.get().origin == Article.Origin.COMMAND

    @pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6", "utf-16"])
    def test_legacy_encodings(self, capsys, arabic_article, tmp_path, encoding):
        path = tmp_path / "article.txt"
        path.write_bytes(arabic_article.encode(encoding))
        assert run_json(capsys, path)["status"] == "done"
        assert Article.objects.get().source_text == arabic_article.strip()

    def test_docx_and_pdf(self, capsys, arabic_article, tmp_path):
        paragraphs = [line for line in arabic_article.splitlines() if line.strip()]
        (tmp_path / "a.docx").write_bytes(docx_bytes(paragraphs[:3]))
        (tmp_path / "b.pdf").write_bytes(pdf_bytes(paragraphs[3:6]))
        assert run_json(capsys, tmp_path / "a.docx")["language"] == "ar"
        assert run_json(capsys, tmp_path / "b.pdf")["status"] == "done"
        assert {article.source_format for article in Article.objects.all()} == {"docx", "pdf"}

    def test_language_override(self, capsys, tmp_path):
        path = tmp_path / "article.md"
        path.write_text(ENGLISH, encoding="utf-8")
        assert run_json(capsys, path, "--language", "en")["language"] == "en"
        assert Article.objects.get().language_overridden is True

    def test_duplicate_reuses_the_result_without_running_models(self, capsys, tmp_path, settings):
        path = tmp_path / "article.txt"
        path.write_text(ENGLISH, encoding="utf-8")
        first = run_json(capsys, path)
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "would-fail-if-loaded")
        again = run_json(capsys, path)
        assert again["reused"] is True
        assert again["article_id"] == first["article_id"]
        assert run_json(capsys, path, "--force-new")["article_id"] != first["article_id"]

    def test_a_result_made_with_other_options_or_glossary_is_not_reused(self, capsys, tmp_path):
        """The tester's case: an editor's re-run with other options became the article's current run, and the
        glossary changed after the first run: a submission with the default options processes again."""
        from summaries.glossary.models import GlossaryEntry
        from summaries.runs.creation import run_create

        path = tmp_path / "en.txt"
        path.write_text(ENGLISH, encoding="utf-8")
        first = run_json(capsys, path)
        article = Article.objects.get(pk=first["article_id"])
        rerun = run_create(article=article, strategy="extract-translate", length="short", send=False)
        again = run_json(capsys, path)
        assert again["reused"] is False and again["article_id"] != first["article_id"]
        assert Summary.objects.get(pk=rerun.pk).status == Summary.Status.QUEUED  # left as the editor asked

        assert run_json(capsys, path)["reused"] is True  # the new article's run matches everything
        GlossaryEntry.objects.create(arabic="القاهرة", english="Cairo")
        after_glossary = run_json(capsys, path)
        assert after_glossary["reused"] is False and after_glossary["article_id"] != again["article_id"]

    def test_a_missing_model_exits_with_the_reason_and_the_key_sentences(
        self, capsys, arabic_article, tmp_path, settings
    ):
        """Without the translation model the file fails here, says which model and how to fetch it, and still
        gives the Arabic key sentences; its run waits for a worker to complete it once the model is here."""
        settings.SUMMARIES_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"  # not in this test's cache
        path = tmp_path / "article.txt"
        path.write_text(arabic_article, encoding="utf-8")
        with pytest.raises(CommandError, match="1 of 1 files failed"):
            call_command("summarize", str(path), "--no-progress")
        out, err = capsys.readouterr()
        result = json.loads(out)
        assert result["status"] == "failed" and result["code"] == "models_missing"
        assert len(result["key_sentences"]) == 5 and all(
            sentence in arabic_article for sentence in result["key_sentences"]
        )
        assert f"{path}: " in err and "Helsinki-NLP/opus-mt-ar-en" in err and "download_models" in err
        assert Summary.objects.get().status == Summary.Status.WAITING

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("a.bin", b"\x00\x01", "Files of type “.bin” are not accepted."),
            ("a.txt", b"MZ\x90\x00\x03" + bytes(range(256)) * 4, "The file does not contain text"),
            ("a.docx", b"MZ\x90\x00", "The file is not a Word document (.docx), although its name says so."),
        ],
    )
    def test_bad_files_are_refused_clearly(self, capsys, tmp_path, name, data, message):
        path = tmp_path / name
        path.write_bytes(data)
        assert f"{path}: {message}" in refused(path, capsys)
        assert Article.objects.count() == 0

    def test_refusal_is_json_too(self, capsys, tmp_path):
        path = tmp_path / "short.txt"
        path.write_text("قصير جدا", encoding="utf-8")
        with pytest.raises(CommandError):
            call_command("summarize", str(path), "--no-progress")
        assert json.loads(capsys.readouterr().out) == {
            "path": str(path),
            "status": "refused",
            "reused": False,
            "code": "too_short",
            "error": "The text is too short to summarize: 8 characters; at least 80 are needed.",
        }

    def test_missing_file(self, capsys, tmp_path):
        path = tmp_path / "nope.txt"
        assert f"{path}: no such file" in refused(path, capsys)


class TestSeveralFiles:
    def test_files_and_a_nested_folder(self, capsys, tmp_path, paragraphs):
        """Named files come first in the order given, then the folder's accepted files, recursively and sorted;
        other files in the folder are skipped with a note and hidden ones ignored."""
        folder = tmp_path / "folder"
        (folder / "sub" / "deeper").mkdir(parents=True)
        (folder / ".git").mkdir()
        (tmp_path / "first.txt").write_text(paragraphs[0], encoding="utf-8")
        (folder / "b.md").write_text(paragraphs[1], encoding="utf-8")
        (folder / "sub" / "a.txt").write_text(paragraphs[2], encoding="utf-8")
        (folder / "sub" / "deeper" / "page.html").write_bytes(html_page_bytes(paragraphs[3:5]))
        (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
        (folder / ".git" / "HEAD.txt").write_text(paragraphs[5], encoding="utf-8")

        results, err = summarize(capsys, tmp_path / "first.txt", folder)

        assert [result["path"] for result in results] == [
            str(tmp_path / "first.txt"),
            str(folder / "b.md"),
            str(folder / "sub" / "a.txt"),
            str(folder / "sub" / "deeper" / "page.html"),
        ]
        assert {result["status"] for result in results} == {"done"}
        assert all(result["summary"].strip() and result["language"] == "ar" for result in results)
        assert len({result["article_id"] for result in results}) == 4 == Article.objects.count()
        assert f"skipped {folder / 'notes.csv'}" in err
        assert "HEAD" not in err

    def test_failures_are_reported_per_file_and_the_good_ones_still_written(self, capsys, tmp_path, paragraphs):
        """An unsupported file named explicitly, a missing path, an empty and a too-short file each fail with
        their own reason; the command exits 1 after writing every result."""
        (tmp_path / "good.txt").write_text(paragraphs[0], encoding="utf-8")
        (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
        (tmp_path / "empty.txt").write_bytes(b"")
        (tmp_path / "short.md").write_text("قصير جدا", encoding="utf-8")
        names = ["good.txt", "image.png", "missing.txt", "empty.txt", "short.md"]

        results, err = summarize(capsys, *(tmp_path / name for name in names), fails=4)

        assert [(result["status"], result["code"]) for result in results] == [
            ("done", None),
            ("refused", "unsupported_type"),
            ("failed", "not_found"),
            ("refused", "empty"),
            ("refused", "too_short"),
        ]
        assert results[0]["summary"].strip()
        reasons = dict(line.split(": ", 1) for line in err.splitlines() if line.startswith(str(tmp_path)))
        assert reasons == {
            str(tmp_path / "image.png"): results[1]["error"],
            str(tmp_path / "missing.txt"): "no such file",
            str(tmp_path / "empty.txt"): results[3]["error"],
            str(tmp_path / "short.md"): "The text is too short to summarize: 8 characters; at least 80 are needed.",
        }
        assert "“.png” are not accepted" in reasons[str(tmp_path / "image.png")]

    def test_a_model_failure_fails_only_the_files_that_need_it(self, capsys, tmp_path, paragraphs, settings):
        """Arabic needs the (missing) translation model and fails here with its reason; English is still summarized."""
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "no-model-here")
        (tmp_path / "ar.txt").write_text(paragraphs[0], encoding="utf-8")
        (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")

        results, err = summarize(capsys, tmp_path, fails=1)

        assert [(result["path"], result["status"]) for result in results] == [
            (str(tmp_path / "ar.txt"), "failed"),
            (str(tmp_path / "en.txt"), "done"),
        ]
        assert results[0]["code"] == "models_missing" and "no-model-here" in results[0]["error"]
        assert f"{tmp_path / 'ar.txt'}: {results[0]['error']}" in err

    def test_a_duplicate_still_running_in_a_worker_is_reported_not_run_again(self, capsys, tmp_path, paragraphs):
        path = tmp_path / "a.txt"
        path.write_text(paragraphs[0], encoding="utf-8")
        earlier = article_submit(text=paragraphs[0], enqueue=False).article.latest_summary
        Summary.objects.filter(pk=earlier.pk).update(status=Summary.Status.RUNNING, delivery_id="worker-message")

        (result,), _err = summarize(capsys, path, fails=1)

        assert (result["status"], result["code"], result["reused"]) == ("failed", "not_finished", True)
        assert result["error"] == f"still running (article {earlier.article_id}, summary {earlier.pk})"
        assert Summary.objects.get().status == Summary.Status.RUNNING

    def test_a_folder_without_accepted_files_is_an_error(self, capsys, tmp_path):
        (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
        with pytest.raises(CommandError, match="nothing to summarize"):
            call_command("summarize", str(tmp_path), "--no-progress")
        assert f"skipped {tmp_path / 'notes.csv'}" in capsys.readouterr().err


class TestOutput:
    def test_markdown_has_a_section_per_file_with_arabic_kept(self, capsys, tmp_path, paragraphs):
        """Each file is a section headed by its name (Arabic names as they are), with the summary and the
        translation; a failed file's section gives the reason."""
        (tmp_path / "مقال.txt").write_text(paragraphs[0], encoding="utf-8")
        (tmp_path / "short.txt").write_text("قصير جدا", encoding="utf-8")
        with pytest.raises(CommandError, match="1 of 2 files failed"):
            call_command("summarize", str(tmp_path), "--format", "md", "--no-progress")
        markdown = capsys.readouterr().out
        short, arabic = markdown.split("\n## ")

        assert short.startswith("## short.txt\n")
        assert "**Failed:** The text is too short to summarize" in short
        article = Article.objects.get()
        summary = article.latest_summary
        assert arabic.startswith("مقال.txt\n")
        assert f"`{tmp_path / 'مقال.txt'}` · ar · article {article.pk}" in arabic
        assert f"### Summary\n\n{summary.summary_text}\n\n### English translation\n\n{summary.translation}" in arabic

    def test_output_file_instead_of_standard_output(self, capsys, tmp_path, paragraphs):
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "مقال.txt").write_text(paragraphs[0], encoding="utf-8")
        target = tmp_path / "results.jsonl"
        call_command("summarize", str(tmp_path / "in"), "--output", str(target), "--no-progress")

        assert capsys.readouterr().out == ""
        (line,) = target.read_text(encoding="utf-8").splitlines()
        assert "مقال.txt" in line  # not \u-escaped
        assert json.loads(line)["status"] == "done"


class TerminalStream(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_progress_bar_on_a_terminal(self, capsys, monkeypatch, tmp_path, paragraphs):
        """On a terminal, standard error shows files done out of the total."""
        for index in range(2):
            (tmp_path / f"{index}.txt").write_text(paragraphs[index], encoding="utf-8")
        monkeypatch.setattr("sys.stderr", terminal := TerminalStream())  # in the test: capture resets it after setup
        call_command("summarize", str(tmp_path))
        assert "2/2" in terminal.getvalue()
        assert len(capsys.readouterr().out.splitlines()) == 2

    def test_no_progress_option(self, monkeypatch, tmp_path, paragraphs):
        (tmp_path / "a.txt").write_text(paragraphs[0], encoding="utf-8")
        monkeypatch.setattr("sys.stderr", terminal := TerminalStream())
        call_command("summarize", str(tmp_path), "--no-progress")
        assert "1/1" not in terminal.getvalue()


class TestStrategyAndLength:
    """--strategy and --length take the web form's choices; without them the settings decide, as on the form."""

    def test_options_are_applied_to_the_run(self, capsys, tmp_path, paragraphs):
        path = tmp_path / "a.txt"
        path.write_text(paragraphs[0], encoding="utf-8")
        result = run_json(capsys, path, "--strategy", "extract-translate", "--length", "short")
        assert result["status"] == "done" and (result["strategy"], result["length"]) == ("extract-translate", "short")
        summary = Summary.objects.get()
        assert (summary.strategy, summary.length) == ("extract-translate", "short")

    def test_defaults_come_from_the_settings(self, capsys, tmp_path, paragraphs, settings):
        settings.SUMMARIES_STRATEGY = "extract-translate"
        settings.SUMMARIES_LENGTH = "long"
        path = tmp_path / "a.txt"
        path.write_text(paragraphs[0], encoding="utf-8")
        assert (run_json(capsys, path)["strategy"], Summary.objects.get().length) == ("extract-translate", "long")

    def test_another_length_is_another_run_not_a_reuse(self, capsys, tmp_path, paragraphs):
        path = tmp_path / "a.txt"
        path.write_text(paragraphs[0], encoding="utf-8")
        first = run_json(capsys, path, "--length", "short")
        second = run_json(capsys, path, "--length", "long")
        assert second["reused"] is False and second["article_id"] != first["article_id"]
        assert sorted(Summary.objects.values_list("length", flat=True)) == ["long", "short"]

    def test_queue_mode_applies_them_too(self, capsys, tmp_path, paragraphs):
        """The runs sent to the workers carry the options (no worker here: they are still queued at --timeout 0)."""
        path = tmp_path / "a.txt"
        path.write_text(paragraphs[0], encoding="utf-8")
        with pytest.raises(CommandError, match="1 of 1 files failed"):
            call_command(
                "summarize", str(path), "--queue", "--timeout", "0", "--no-progress",
                "--strategy", "extract-translate", "--length", "long",
            )  # fmt: skip
        summary = Summary.objects.get()
        assert (summary.status, summary.strategy, summary.length) == ("queued", "extract-translate", "long")
        assert json.loads(capsys.readouterr().out)["code"] == "not_finished"

    @pytest.mark.parametrize(
        ("option", "value", "choices"),
        [
            ("--strategy", "poetry", "'translate-summarize', 'extract-translate'"),
            ("--length", "epic", "'short', 'medium', 'long'"),
            ("--length", "", "'short', 'medium', 'long'"),
        ],
    )
    def test_other_values_are_refused_before_anything_runs(self, tmp_path, paragraphs, option, value, choices):
        path = tmp_path / "a.txt"
        path.write_text(paragraphs[0], encoding="utf-8")
        with pytest.raises(
            CommandError, match=rf"argument {option}: invalid choice: '{value}' \(choose from {choices}\)"
        ):
            call_command("summarize", str(path), option, value, "--no-progress")
        assert Article.objects.count() == 0


class TestQuietByDefault:
    """Standard error carries the command's own lines; INFO logging and model-loading bars only with --verbose.

    Log records are read from caplog (a record held back never reaches any handler, the console's included);
    the bars, which tqdm writes to standard error itself, from capfd. The models load in each of these runs:
    the cache is emptied before every test."""

    @pytest.fixture
    def files(self, tmp_path, paragraphs):
        (tmp_path / "a.txt").write_text(paragraphs[0], encoding="utf-8")
        (tmp_path / "short.txt").write_text("قصير جدا", encoding="utf-8")
        (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
        return tmp_path

    def run(self, capfd, caplog, files, *args):
        """Run on the files (one too short); standard error and the INFO records logged meanwhile."""
        caplog.clear()
        with pytest.raises(CommandError, match="1 of 2 files failed"):
            call_command("summarize", str(files), "--no-progress", *args)
        info = [record for record in caplog.records if record.levelno == logging.INFO]
        return capfd.readouterr().err, info

    def test_only_the_commands_own_lines_by_default(self, capfd, caplog, files):
        err, info = self.run(capfd, caplog, files)
        assert err.splitlines() == [
            f"skipped {files / 'notes.csv'}: not one of .txt, .md, .docx, .pdf, .html, .htm",
            f"{files / 'short.txt'}: The text is too short to summarize: 8 characters; at least 80 are needed.",
        ]
        assert info == []
        assert Summary.objects.get().status == Summary.Status.DONE

    @pytest.mark.parametrize("option", [["--verbose"], ["-v", "2"]])
    def test_verbose_shows_logging_and_loading_bars(self, capfd, caplog, files, option):
        err, info = self.run(capfd, caplog, files, *option)
        assert {"summaries.articles.submission", "summaries.engines.backends.transformers"} <= {
            record.name for record in info
        }
        assert "Loading weights" in err and "it/s]" in err
        assert f"{files / 'short.txt'}: The text is too short" in err

    def test_the_logging_and_bars_are_put_back_afterwards(self, capfd, caplog, files):
        from transformers.utils import logging as transformers_logging

        before = (
            transformers_logging.is_progress_bar_enabled(),
            logging.root.manager.disable,
            transformers_logging.get_verbosity(),
            logging.getLogger().level,
        )
        self.run(capfd, caplog, files)
        assert before == (
            transformers_logging.is_progress_bar_enabled(),
            logging.root.manager.disable,
            transformers_logging.get_verbosity(),
            logging.getLogger().level,
        )
        logging.getLogger("summaries").info("after the command")
        assert [record.getMessage() for record in caplog.records] == ["after the command"]

"""glossary/imports.py: imports as background jobs, written in batches, with progress and a limit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from summaries.glossary import services as glossary
from summaries.glossary.imports import glossary_import_run, glossary_imports_sweep
from summaries.glossary.models import GlossaryEntry, GlossaryImport
from tests.factories import make_user

pytestmark = pytest.mark.django_db
HEADER = "arabic,arabic_variants,english,wrong_variants,note\n"


def upload(rows: int, *, start: int = 0) -> GlossaryImport:
    lines = "".join(f"كلمة{index:06d},,Word{index},Wrongword{index},\n" for index in range(start, start + rows))
    return GlossaryImport.objects.create(data=(HEADER + lines).encode(), fmt="csv", file_name="g.csv")


def test_rows_are_written_in_short_batches_with_the_progress_recorded(monkeypatch):
    """1,234 rows in batches of 500: three transactions, the progress after each (what the page shows)."""
    seen = []
    record = upload(1234)
    real = glossary._write_batch

    def watched(rows, editor):
        seen.append((len(rows), GlossaryImport.objects.get(pk=record.pk).processed_rows))
        return real(rows, editor)

    monkeypatch.setattr(glossary, "_write_batch", watched)
    glossary_import_run(import_id=record.pk)
    record.refresh_from_db()
    assert seen == [(500, 0), (500, 500), (234, 1000)]
    assert (record.status, record.processed_rows, record.total_rows, record.created) == ("done", 1234, 1234, 1234)
    assert GlossaryEntry.objects.count() == 1234 and record.data == b"" and record.finished_at is not None


def test_a_second_import_updates_by_arabic_term():
    glossary_import_run(import_id=upload(600).pk)
    second = upload(600, start=300)
    glossary_import_run(import_id=second.pk)
    second.refresh_from_db()
    assert (second.created, second.updated) == (300, 300) and GlossaryEntry.objects.count() == 900


def test_an_import_past_the_entry_limit_is_refused_whole_saying_so(settings):
    settings.SUMMARIES_GLOSSARY_MAX_ENTRIES = 1000
    glossary_import_run(import_id=upload(600).pk)
    over = upload(600, start=500)  # 100 updates, 500 new: 1,100 entries
    glossary_import_run(import_id=over.pk)
    over.refresh_from_db()
    assert over.status == "failed" and GlossaryEntry.objects.count() == 600
    assert over.errors == [
        "The glossary would have 1,100 entries; it may have at most 1,000. Split the file, or remove entries first."
    ]


def test_a_message_delivered_twice_imports_once():
    record = upload(3)
    glossary_import_run(import_id=record.pk)
    GlossaryEntry.objects.all().delete()
    glossary_import_run(import_id=record.pk)
    assert GlossaryEntry.objects.count() == 0


def test_the_sweeper_fails_an_import_whose_worker_died_and_resends_one_never_sent(settings, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "summaries.glossary.imports.glossary_import_enqueue",
        lambda import_id: sent.append(import_id),  # noqa: PLW0108 (called with a keyword)
    )
    long_ago = timezone.now() - timedelta(hours=1)
    lost = upload(3)
    GlossaryImport.objects.filter(pk=lost.pk).update(status="running", progress_at=long_ago)
    unsent = upload(3)
    GlossaryImport.objects.filter(pk=unsent.pk).update(created_at=long_ago)
    fresh = upload(3)
    glossary_imports_sweep(lease_seconds=300)
    lost.refresh_from_db()
    assert lost.status == "failed" and "Upload the file again" in lost.errors[0]
    assert sent == [unsent.pk] and fresh.pk not in sent


def test_the_editor_is_recorded_on_the_entries():
    editor = make_user("importer", editor=True)
    record = upload(2)
    GlossaryImport.objects.filter(pk=record.pk).update(editor=editor)
    glossary_import_run(import_id=record.pk)
    assert set(GlossaryEntry.objects.values_list("created_by__username", "updated_by__username")) == {
        ("importer", "importer")
    }

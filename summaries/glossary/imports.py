"""Glossary imports as background jobs: the upload is stored and queued at once, a worker checks and
writes it in short batches (glossary/services.py) with its progress on the row, and its page shows it.

A 2 MB file of 80,000 rows imported inside the request held SQLite's write lock for 43 to 62 s, and a
submitter waiting on it got a 500 "database is locked"; now the request only stores the file.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from summaries.common.permissions import User
from summaries.glossary import services as glossary
from summaries.glossary.models import GlossaryImport
from summaries.runs import dispatch

logger = logging.getLogger(__name__)

INTERRUPTED = gettext_lazy(
    "The import stopped before the end; the entries written until then are kept. Upload the file again to "
    "finish it (entries are matched by the Arabic term, so none is doubled)."
)


def glossary_import_start(*, data: bytes, fmt: str, file_name: str, editor: User | None) -> GlossaryImport:
    """Store the file and queue its import once the row is committed (a Redis outage leaves it queued for
    the sweeper, as with articles). The errors will be written in the uploader's language, active now."""
    record = GlossaryImport.objects.create(
        language=translation.get_language() or "",
        data=data,
        fmt=fmt,
        file_name=file_name[:255],
        editor=editor if editor is not None and editor.is_authenticated else None,
    )
    transaction.on_commit(lambda: glossary_import_enqueue(import_id=record.pk))
    return record


def glossary_import_enqueue(*, import_id: int) -> bool:
    """Send the import to a worker; False (and it stays queued) when Redis cannot be reached."""
    try:
        dispatch.send(dispatch.GLOSSARY_IMPORT, import_id)
    except (OperationalError, ConnectionError) as exc:
        logger.error("could not queue glossary import %s: %s", import_id, type(exc).__name__)
        return False
    GlossaryImport.objects.filter(pk=import_id).update(enqueued_at=timezone.now())
    return True


def glossary_import_run(*, import_id: int) -> None:
    """Import one queued file: claimed once (a redelivered message does nothing), then checked, then written
    with its progress recorded after every batch; the outcome and its errors by line stay on the row."""
    claimed = GlossaryImport.objects.filter(pk=import_id, status=GlossaryImport.Status.QUEUED).update(
        status=GlossaryImport.Status.RUNNING, progress_at=timezone.now()
    )
    if not claimed:
        return
    record = GlossaryImport.objects.select_related("editor").get(pk=import_id)

    def progress(written: int, total: int) -> None:
        GlossaryImport.objects.filter(pk=import_id).update(
            processed_rows=written, total_rows=total, progress_at=timezone.now()
        )

    try:
        result = glossary.glossary_import(
            data=bytes(record.data), fmt=record.fmt, editor=record.editor, progress=progress
        )
    except Exception:
        logger.exception("glossary import %s failed", import_id)
        _finish(import_id, status=GlossaryImport.Status.FAILED, errors=[str(INTERRUPTED)])
        raise
    if result.errors:
        _finish(import_id, status=GlossaryImport.Status.FAILED, errors=result.errors[:200])
    else:
        _finish(import_id, status=GlossaryImport.Status.DONE, created=result.created, updated=result.updated)
    logger.info("glossary import %s: %s", import_id, "failed" if result.errors else "done")


def _interrupted(language: str) -> str:
    with translation.override(language or None):
        return str(INTERRUPTED)


def _finish(import_id: int, *, status: str, **fields: object) -> None:
    GlossaryImport.objects.filter(pk=import_id).update(status=status, finished_at=timezone.now(), data=b"", **fields)


def glossary_imports_sweep(*, lease_seconds: int, grace: timedelta = timedelta(seconds=10)) -> None:
    """For the sweeper: send again imports Redis never took; fail, saying so, imports whose worker died."""
    now = timezone.now()
    unsent = GlossaryImport.objects.filter(
        status=GlossaryImport.Status.QUEUED, enqueued_at__isnull=True, created_at__lt=now - grace
    )
    for import_id in unsent.values_list("pk", flat=True):
        glossary_import_enqueue(import_id=import_id)
    lost = GlossaryImport.objects.filter(
        status=GlossaryImport.Status.RUNNING, progress_at__lt=now - timedelta(seconds=lease_seconds)
    )
    for import_id, language in lost.values_list("pk", "language"):
        logger.warning("glossary import %s: its worker stopped answering", import_id)
        _finish(import_id, status=GlossaryImport.Status.FAILED, errors=[_interrupted(language)])

"""The editors' glossary: loading it for the pipeline, CSV/TSV export and import, and suggestions from edits.

An import is all or nothing: every row is checked first and the errors are reported by line; only a
file without errors is written, in one transaction.

Spreadsheets run a cell that starts with =, +, -, @, a tab or a carriage return as a formula
(`=HYPERLINK(...)`, `=cmd|'/C calc'!A0`): OWASP's CSV-injection rule. An export writes such a cell with a
leading apostrophe, which spreadsheets take as "text"; an import reads that apostrophe back off, and
refuses a cell that starts like a formula without it, by line, saying how to keep it.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from summaries.common import checkpoints
from summaries.common.permissions import Account, User
from summaries.engines.glossary import Glossary, Term
from summaries.glossary.models import GlossaryEntry, GlossarySuggestion, split_lines
from summaries.runs.models import Summary

COLUMNS = ["arabic", "arabic_variants", "english", "wrong_variants", "note"]
DELIMITERS = {"csv": ",", "tsv": "\t"}
_LIST_SEPARATOR = "|"  # variants inside one cell
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_NOTE = 2000
IMPORT_BATCH = 500  # rows per transaction and per query: short locks, and within SQLite's variable limit
_WRITTEN_FIELDS = ("arabic_variants", "english", "wrong_variants", "note", "updated_by", "updated_at")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_NAME = re.compile(r"^[A-Z][\w'’]*(?:[- ][A-Z][\w'’]*)*$")


# The compiled glossary of this process, under the version it was compiled from (glossary_version).
_compiled: dict[tuple[object, ...], Glossary] = {}


def glossary_load() -> Glossary:
    """The glossary as the pipeline applies it: compiled once per glossary version in each worker process,
    then reused by every run until an entry is added, changed or deleted (one small query tells)."""
    return glossary_load_stamped()[0]


def glossary_load_stamped() -> tuple[Glossary, str]:
    """The glossary and the stamp of the version it was compiled from, read in one query, so a run records
    the very version it applied (a stored result is reused only under the same one)."""
    version = glossary_version()
    if version not in _compiled:
        entries = GlossaryEntry.objects.only("arabic", "arabic_variants", "english", "wrong_variants")
        glossary = Glossary(
            Term(entry.arabic, entry.english, tuple(entry.arabic_forms[1:]), tuple(entry.wrong_list))
            for entry in entries.iterator(chunk_size=5000)
        )
        _compiled.clear()
        _compiled[version] = glossary
    return _compiled[version], glossary_stamp(version)


def glossary_version() -> tuple[object, ...]:
    """What changes whenever the entries do: their count, the newest id and the latest change."""
    found = GlossaryEntry.objects.aggregate(count=Count("id"), last=Max("id"), changed=Max("updated_at"))
    return (found["count"], found["last"], found["changed"])


def glossary_stamp(version: tuple[object, ...] | None = None) -> str:
    """The version (the current one unless given) as the text a run records: entry count, newest id and
    latest change, so adding, changing or deleting an entry gives another stamp."""
    count, last, changed = version if version is not None else glossary_version()
    moment = changed.isoformat() if isinstance(changed, datetime) else ""
    return f"{count}:{last or 0}:{moment}"


def glossary_export(*, fmt: str, entries: QuerySet[GlossaryEntry] | None = None) -> str:
    """The entries (all by default) as CSV or TSV with a header row; variants joined by "|"."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITERS[fmt], lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in (GlossaryEntry.objects.all() if entries is None else entries).order_by("arabic"):
        cells = [
            entry.arabic,
            _LIST_SEPARATOR.join(split_lines(entry.arabic_variants)),
            entry.english,
            _LIST_SEPARATOR.join(entry.wrong_list),
            entry.note,
        ]
        writer.writerow([_as_text(cell) for cell in cells])
    return out.getvalue()


def _as_text(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, written so it shows it as text (OWASP)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    errors: list[str]


def glossary_import(
    *, data: bytes, fmt: str, editor: User | None, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Create or update entries (matched by Arabic term) from a CSV/TSV file. Every row is checked first,
    and nothing is written if one is wrong or the glossary would pass GLOSSARY_MAX_ENTRIES; then the rows
    are written in batches of IMPORT_BATCH, each its own short transaction (a single one held SQLite's
    write lock for a minute at 80,000 rows), calling `progress(written, total)` after each."""
    parsed, errors = glossary_parse(data=data, fmt=fmt)
    if errors:
        return ImportResult(0, 0, errors)
    existing = _existing_terms(list(parsed))
    limit = settings.SUMMARIES_GLOSSARY_MAX_ENTRIES
    after = GlossaryEntry.objects.count() + len(parsed) - len(existing)
    if after > limit:
        return ImportResult(
            0,
            0,
            [
                _(
                    "The glossary would have %(after)s entries; it may have at most %(limit)s. Split the file, "
                    "or remove entries first."
                )
                % {"after": f"{after:,}", "limit": f"{limit:,}"}
            ],
        )
    who = editor if isinstance(editor, Account) else None
    rows = list(parsed.values())
    created = updated = 0
    for start in range(0, len(rows), IMPORT_BATCH):
        made, changed = _write_batch(rows[start : start + IMPORT_BATCH], who)
        created, updated = created + made, updated + changed
        if progress is not None:
            progress(min(start + IMPORT_BATCH, len(rows)), len(rows))
        checkpoints.reached("glossary_batch")  # between two batches: no transaction is open
    return ImportResult(created, updated, [])


def glossary_parse(*, data: bytes, fmt: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The file's rows by Arabic term, and its errors by line (no database access)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [_("The file is not UTF-8 text.")]
    rows, errors = _rows(text, DELIMITERS[fmt])
    if not rows or [cell.strip().lower() for cell in rows[0][1]][: len(COLUMNS)] != COLUMNS:
        return {}, [_("Line 1: the header must be: %(columns)s.") % {"columns": ", ".join(COLUMNS)}]
    parsed: dict[str, dict[str, str]] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        formula = next((cell for cell in cells if cell.startswith(_FORMULA_STARTS)), None)
        if formula is not None:
            errors.append(_formula_problem(line, formula))
            continue
        values = dict(zip(COLUMNS, [_text_of(cell) for cell in cells] + [""] * len(COLUMNS), strict=False))
        problem = _row_problem(values, seen=parsed)
        if problem:
            errors.append(_("Line %(line)d: %(problem)s") % {"line": line, "problem": problem})
            continue
        parsed[values["arabic"]] = values
    return parsed, errors


def _existing_terms(arabic: list[str]) -> set[str]:
    """Which of these terms are in the glossary already, asked in batches (SQLite's variable limit)."""
    found: set[str] = set()
    for start in range(0, len(arabic), IMPORT_BATCH):
        found.update(
            GlossaryEntry.objects.filter(arabic__in=arabic[start : start + IMPORT_BATCH]).values_list(
                "arabic", flat=True
            )
        )
    return found


def _write_batch(rows: list[dict[str, str]], editor: Account | None) -> tuple[int, int]:
    """One batch of checked rows in one short transaction: new entries created, existing ones updated."""
    now = timezone.now()
    with transaction.atomic():
        existing = {
            entry.arabic: entry for entry in GlossaryEntry.objects.filter(arabic__in=[r["arabic"] for r in rows])
        }
        new = []
        for values in rows:
            fields = {
                "arabic_variants": "\n".join(_cells(values["arabic_variants"])),
                "english": values["english"],
                "wrong_variants": "\n".join(_cells(values["wrong_variants"])),
                "note": values["note"],
                "updated_by": editor,
                "updated_at": now,
            }
            entry = existing.get(values["arabic"])
            if entry is None:
                new.append(GlossaryEntry(arabic=values["arabic"], created_by=editor, **fields))
            else:
                for name, value in fields.items():
                    setattr(entry, name, value)
        GlossaryEntry.objects.bulk_create(new)
        GlossaryEntry.objects.bulk_update(list(existing.values()), [*_WRITTEN_FIELDS])
    return len(new), len(existing)


def _rows(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """The file's rows with their line numbers, and an error for each line the CSV reader cannot read (a
    cell past its 131,072-character limit, a stray quote) instead of stopping at the first."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    errors: list[str] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows, errors
        except csv.Error:
            errors.append(
                _("Line %(line)d: %(problem)s")
                % {
                    "line": line,
                    "problem": _("a cell is too long (over 131,072 characters) or its quotes do not close."),
                }
            )
            continue
        rows.append((line, row))


def _formula_problem(line: int, cell: str) -> str:
    return _("Line %(line)d: %(problem)s") % {
        "line": line,
        "problem": _(
            "the cell “%(cell)s” starts like a spreadsheet formula (=, +, -, @); remove that character, or "
            "begin the cell with an apostrophe to keep it as text."
        )
        % {"cell": cell[:40]},
    }


def _text_of(cell: str) -> str:
    """A cell written as text with a leading apostrophe (our own export) read back as what it says."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


def _row_problem(values: dict[str, str], *, seen: dict[str, dict[str, str]]) -> str:
    """Why a row cannot be imported, or "" when it can."""
    if not values["arabic"]:
        return _("the Arabic term is empty.")
    if not _ARABIC.search(values["arabic"]):
        return _("the Arabic term is not in Arabic script.")
    if not values["english"]:
        return _("the preferred English is empty.")
    if _ARABIC.search(values["english"]):
        return _("the preferred English contains Arabic script.")
    if len(values["arabic"]) > 200 or len(values["english"]) > 200:
        return _("a term is longer than 200 characters.")
    if len(values["note"]) > _MAX_NOTE:
        return _("the note is longer than %(max)d characters.") % {"max": _MAX_NOTE}
    if values["arabic"] in seen:
        return _("the Arabic term %(term)s is already in an earlier line.") % {"term": values["arabic"]}
    return ""


def _cells(value: str) -> list[str]:
    return [part.strip() for part in value.split(_LIST_SEPARATOR) if part.strip()]


def replaced_names(old: str, new: str) -> list[tuple[str, str]]:
    """Names an edit replaced by another name, as (old, new) pairs: one capitalised phrase for another."""
    before, after = _words(old), _words(new)
    pairs = []
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        wrong, right = " ".join(before[a1:a2]), " ".join(after[b1:b2])
        if tag == "replace" and _NAME.match(wrong) and _NAME.match(right):
            pairs.append((wrong, right))
    return pairs


def _words(text: str) -> list[str]:
    """Words with their hyphens and apostrophes, punctuation around them dropped ("El-Sisi's," → "El-Sisi's")."""
    return [word.strip('.,;:!?()[]"“”«»') for word in text.split() if word.strip('.,;:!?()[]"“”«»')]


def glossary_suggestions_record(*, summary: Summary, old: str, new: str, editor: User) -> list[GlossarySuggestion]:
    """Note each name an editor replaced, unless the glossary already corrects it or it is already suggested."""
    known = {wrong.lower() for entry in GlossaryEntry.objects.all() for wrong in entry.wrong_list}
    made = []
    for wrong, right in replaced_names(old, new):
        if wrong.lower() in known:
            continue
        suggestion, created = GlossarySuggestion.objects.get_or_create(
            wrong=wrong[:200],
            english=right[:200],
            state=GlossarySuggestion.State.OPEN,
            defaults={"summary": summary, "suggested_by": editor if editor.is_authenticated else None},
        )
        if created:
            made.append(suggestion)
    return made


@transaction.atomic
def glossary_suggestion_accept(*, suggestion_id: int, arabic: str, editor: User) -> GlossaryEntry:
    """Add the replaced name as a wrong variant of the entry for `arabic` (made with the editor's name if new)."""
    suggestion = GlossarySuggestion.objects.select_for_update().get(
        pk=suggestion_id, state=GlossarySuggestion.State.OPEN
    )
    actor = editor if editor.is_authenticated else None
    entry, _made = GlossaryEntry.objects.get_or_create(
        arabic=arabic.strip(), defaults={"english": suggestion.english, "created_by": actor}
    )
    if suggestion.wrong.lower() not in {wrong.lower() for wrong in entry.wrong_list}:
        entry.wrong_variants = "\n".join([*entry.wrong_list, suggestion.wrong])
    entry.updated_by = actor
    entry.save()
    suggestion.state = GlossarySuggestion.State.ACCEPTED
    suggestion.save(update_fields=["state"])
    return entry


def glossary_suggestion_dismiss(*, suggestion_id: int) -> bool:
    """Dismiss an open suggestion; False if it was not open."""
    return bool(
        GlossarySuggestion.objects.filter(pk=suggestion_id, state=GlossarySuggestion.State.OPEN).update(
            state=GlossarySuggestion.State.DISMISSED
        )
    )

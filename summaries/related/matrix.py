"""Every stored article vector as one numpy matrix, kept in memory by each process that asks for similar
articles, so a request compares against 100,000 vectors with one matrix product instead of reading them.

This is the one kind of module-level cache the project allows: keyed by the database and the model,
emptied by `clear_cache()`, and refreshed by what changed. Each use costs one query of two index look-ups
(the newest id and the newest time; counting 100,000 rows took 60 ms a request on SQLite), and the rows
added since are read alone. Vectors are rewritten as new rows (services.py), never updated in place, so an
id the matrix has read never changes meaning; a rewritten article's row is replaced. A deleted article's
vector stays until everything is read again (when the newest id falls, or the process restarts): it is
never shown, since the selector lists only articles that exist and the viewer may see.
"""

import threading
import uuid
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from summaries.related.models import DIMENSIONS, STORED_DTYPE, VECTOR_KIND, ArticleVector


@dataclass(frozen=True)
class Vectors:
    """What a request reads: row i of `matrix` is the vector of `article_ids[i]`."""

    matrix: np.ndarray
    article_ids: list[uuid.UUID]
    positions: dict[uuid.UUID, int]


@dataclass
class _Cached:
    fingerprint: tuple[int | None, object]  # the newest id and creation time
    article_ids: list[uuid.UUID] = field(default_factory=list)
    positions: dict[uuid.UUID, int] = field(default_factory=dict)
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))

    def snapshot(self) -> Vectors:
        """The rows read so far. The id list and the positions are shared, not copied (100,000 entries a
        request): a later refresh only adds to them, so a reader checks a position against its matrix."""
        return Vectors(self.rows[: len(self.article_ids)], self.article_ids, self.positions)


_CACHE: dict[str, _Cached] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every matrix; the next use reads the vectors again (tests, and a process told to)."""
    with _LOCK:
        _CACHE.clear()


def article_vectors() -> Vectors:
    """The stored vectors of the current model, as they are in the database now."""
    key = f"{connection.alias}:{connection.settings_dict['NAME']}:{VECTOR_KIND}"
    table = connection.ops.quote_name(ArticleVector._meta.db_table)
    with connection.cursor() as cursor:  # two MAX subqueries: each one index look-up (one MAX(), MAX() scans)
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {table}), (SELECT MAX(created_at) FROM {table})")
        row = cursor.fetchone()
    fingerprint = (row[0], row[1]) if row else (None, None)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None or cached.fingerprint != fingerprint:
            cached = _refreshed(cached, fingerprint)
            _CACHE[key] = cached
        return cached.snapshot()


def _refreshed(cached: _Cached | None, fingerprint: tuple[int | None, object]) -> _Cached:
    """The cached matrix with the rows added since it was read, or read anew when the newest id fell."""
    last = fingerprint[0]
    seen = cached.fingerprint[0] if cached is not None else None
    if cached is not None and seen is not None and last is not None and last > seen:
        _append(cached, _read(ArticleVector.objects.filter(model=VECTOR_KIND, pk__gt=seen)))
        cached.fingerprint = fingerprint
        return cached
    fresh = _Cached(fingerprint)
    _append(fresh, _read(ArticleVector.objects.filter(model=VECTOR_KIND)))
    return fresh


def _read(rows: QuerySet[ArticleVector]) -> tuple[list[uuid.UUID], np.ndarray]:
    """Article ids and their vectors as float32, in id order (a rewritten article's newest row last)."""
    found = list(rows.order_by("pk").values_list("article_id", "vector"))
    ids = [article_id for article_id, _vector in found]
    raw = b"".join(bytes(vector) for _article_id, vector in found)
    return ids, np.frombuffer(raw, dtype=STORED_DTYPE).astype(np.float32).reshape(len(ids), DIMENSIONS)


def _append(cached: _Cached, read: tuple[list[uuid.UUID], np.ndarray]) -> None:
    """New articles take new rows, a rewritten article's row is replaced. The array grows by a quarter at a
    time, not double: 100,000 vectors are 154 MB in each web process."""
    ids, vectors = read
    newest = {article_id: index for index, article_id in enumerate(ids)}  # id order: the newest row wins
    replaced = [
        (cached.positions[article_id], index) for article_id, index in newest.items() if article_id in cached.positions
    ]
    added = [(article_id, index) for article_id, index in newest.items() if article_id not in cached.positions]
    if replaced:
        cached.rows[[position for position, _index in replaced]] = vectors[[index for _position, index in replaced]]
    start, end = len(cached.article_ids), len(cached.article_ids) + len(added)
    if end > len(cached.rows):
        grown = np.zeros((max(len(cached.rows) * 5 // 4, end, 64), DIMENSIONS), dtype=np.float32)
        grown[:start] = cached.rows[:start]
        cached.rows = grown
    cached.rows[start:end] = vectors[[index for _article_id, index in added]]
    cached.positions.update({article_id: start + offset for offset, (article_id, _index) in enumerate(added)})
    cached.article_ids.extend(article_id for article_id, _index in added)

"""Zulip's `assert_database_query_count`: exactly so many queries inside the block, with them listed if not."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_database_query_count(count: int) -> Iterator[None]:
    """Fail unless the block makes exactly `count` queries; the message lists the ones it made."""
    with CaptureQueriesContext(connection) as captured:
        yield
    made = captured.captured_queries
    listed = "\n".join(f"{number}. {query['sql']}" for number, query in enumerate(made, 1))
    assert len(made) == count, f"{len(made)} queries, expected {count}:\n{listed}"

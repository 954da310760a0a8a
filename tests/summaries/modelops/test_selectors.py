"""The model operations' selector: one query, the database only (readiness.py adds the disk)."""

import pytest

from summaries.modelops.models import ModelState
from summaries.modelops.selectors import model_states
from tests.query_counts import assert_database_query_count

pytestmark = pytest.mark.django_db


def test_the_recorded_states_are_one_query_and_never_the_disk(monkeypatch):
    ModelState.objects.create(model_id="org/recorded", state=ModelState.State.READY)
    monkeypatch.setattr("pathlib.Path.exists", lambda self: pytest.fail(f"looked on the disk: {self}"))
    with assert_database_query_count(1):
        states = model_states(["org/recorded", "org/never-recorded"])
    assert list(states) == ["org/recorded"]

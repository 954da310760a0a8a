"""The run lifecycle: every move is made from exactly the statuses its table allows and refused from the rest."""

import pytest

from summaries.common.exceptions import EngineError
from summaries.runs import lifecycle
from summaries.runs.models import Summary
from tests.factories import latest_run, make_article

pytestmark = pytest.mark.django_db

CASES = [(move, status) for move in lifecycle.MOVES for status in Summary.Status.values]


@pytest.fixture
def run() -> Summary:
    return latest_run(make_article())


@pytest.mark.parametrize(("move", "status"), CASES, ids=[f"{move}-from-{status}" for move, status in CASES])
def test_each_move_from_each_status(run, move, status):
    Summary.objects.filter(pk=run.pk).update(status=status, stage="translating" if status == "running" else "")
    allowed = status in lifecycle.MOVES[move].sources
    assert lifecycle.transition(run.pk, move) is allowed
    run.refresh_from_db()
    assert run.status == (lifecycle.MOVES[move].target if allowed else status)
    if allowed and run.status != "running":
        assert run.stage == ""  # the stage says what a running run does, nothing else


def test_the_table_reaches_every_status_and_leaves_every_unfinished_one():
    targets = {move.target for move in lifecycle.MOVES.values()}
    sources = set().union(*(move.sources for move in lifecycle.MOVES.values()))
    assert targets == set(Summary.Status.values)
    assert sources == {"queued", "running", "waiting"}  # done and failed are final: a re-run is a new run


def test_an_unknown_move_is_a_programming_error(run):
    with pytest.raises(lifecycle.IllegalMove, match="no move 'finsh'"):
        lifecycle.transition(run.pk, "finsh")


def test_progress_is_written_only_while_running(run):
    assert lifecycle.progress(run.pk, "translating", done=1, total=4) is False
    Summary.objects.filter(pk=run.pk).update(status="running")
    assert lifecycle.progress(run.pk, "translating", done=1, total=4) is True
    run.refresh_from_db()
    assert (run.stage, run.progress_done, run.progress_total) == ("translating", 1, 4)


def test_a_finished_run_is_never_failed_afterwards(run):
    Summary.objects.filter(pk=run.pk).update(status="done")
    assert lifecycle.summary_fail(summary_id=run.pk, error=EngineError("timeout")) is False
    run.refresh_from_db()
    assert (run.status, run.error_code) == ("done", "")


def test_failing_records_the_reason_as_a_code_with_parameters(run):
    assert lifecycle.summary_fail(summary_id=run.pk, error=EngineError("worker_lost", count=3)) is True
    run.refresh_from_db()
    assert (run.status, run.error_code, run.error_params) == ("failed", "worker_lost", {"count": 3})
    assert run.finished_at is not None

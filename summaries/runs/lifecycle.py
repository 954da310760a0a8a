"""A run's lifecycle: its statuses, the moves between them, each move one compare-and-set update.

    queued ──claim──▶ running ──finish──▶ done
      ▲                 │ │ │
      │                 │ │ └──wait──▶ waiting ──requeue──▶ queued
      ├─defer, lapse,───┘ │
      │  handoff          └──fail──▶ failed ◀──fail── queued, waiting

Every change of a run's `status` is one of these moves, made here and nowhere else: the update happens
only from the statuses the move allows, so two processes racing for one run (a redelivered message, the
sweeper, a worker finishing late) never both succeed, and the caller learns whether it won. `stage` says
what a running run is doing (preparing the models, translating, summarizing) and is empty in every other
status, so the two never say the same thing twice.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from summaries.common.exceptions import SummariesError
from summaries.runs.models import Summary
from summaries.webhooks.events import run_failed_record

logger = logging.getLogger(__name__)

Status = Summary.Status


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str


MOVES: dict[str, Move] = {
    # A worker takes the run; from `running` only for a redelivery of the same message (processing checks).
    "claim": Move(frozenset({Status.QUEUED, Status.RUNNING}), Status.RUNNING),
    "finish": Move(frozenset({Status.RUNNING}), Status.DONE),
    # Its models are not on this machine: the key sentences are saved and the run waits for them.
    "wait": Move(frozenset({Status.RUNNING}), Status.WAITING),
    # Its models arrived: it goes back to the queue.
    "requeue": Move(frozenset({Status.WAITING}), Status.QUEUED),
    # A model that is there failed to load: the task retries later; not a crash.
    "defer": Move(frozenset({Status.RUNNING}), Status.QUEUED),
    # Its lease lapsed (its worker died): the sweeper sends it again.
    "lapse": Move(frozenset({Status.RUNNING}), Status.QUEUED),
    # The run's next stage is another queue's: a link whose page is read goes on to its models' queue (and
    # one that reached a models' queue unread goes to the fetching queue first).
    "handoff": Move(frozenset({Status.RUNNING}), Status.QUEUED),
    "fail": Move(frozenset({Status.QUEUED, Status.RUNNING, Status.WAITING}), Status.FAILED),
}


class IllegalMove(ValueError):
    """A move that does not exist: a programming error, never a race."""


def transition(summary_id: int, move: str, **fields: object) -> bool:
    """Make `move` if the run is in one of its source statuses; returns whether it was made. `fields` are
    written in the same update; a run leaving `running` loses its stage."""
    try:
        rule = MOVES[move]
    except KeyError as exc:
        raise IllegalMove(f"no move {move!r}: one of {', '.join(MOVES)}") from exc
    if rule.target != Status.RUNNING:
        fields.setdefault("stage", "")
    made = bool(Summary.objects.filter(pk=summary_id, status__in=rule.sources).update(status=rule.target, **fields))
    logger.debug("summary %s: %s %s", summary_id, move, "made" if made else "not possible")
    return made


def progress(summary_id: int, stage: str, *, done: int = 0, total: int = 0) -> bool:
    """What a running run is doing now, with units done of total; nothing once it has left `running`."""
    return bool(
        Summary.objects.filter(pk=summary_id, status=Status.RUNNING).update(
            stage=stage, progress_done=done, progress_total=total
        )
    )


def summary_fail(*, summary_id: int, error: SummariesError) -> bool:
    """Fail a run with a message for people (stored as a code and parameters, shown in the reader's
    language); one that already finished is left alone. Webhooks' `run.failed` is recorded with the move."""
    with transaction.atomic():
        failed = transition(
            summary_id,
            "fail",
            error_code=error.code,
            error_params=error.params,
            error_message=str(error.message),
            finished_at=timezone.now(),
        )
        if failed:
            run_failed_record(summary_id=summary_id)
    if failed:
        logger.warning("summary %s failed: %s", summary_id, error.code)
    return failed


def sent(summary_id: int) -> bool:
    """Record that a queued run's message reached the broker."""
    return bool(Summary.objects.filter(pk=summary_id, status=Status.QUEUED).update(enqueued_at=timezone.now()))

"""Domain errors: codes with parameters that survive the trip through Celery's pickling."""

import pickle

import pytest

from summaries.common.exceptions import EngineError, IntakeError, ModelMissing, ModelUnavailable
from summaries.review.errors import RevisionConflict


@pytest.mark.parametrize(
    "error",
    [
        EngineError("timeout"),
        IntakeError("too_long", count=90000, max=50000),
        ModelMissing(model_id="m", setting="SUMMARIES_TRANSLATION_MODEL", reason="gone"),
        ModelUnavailable(model="m", reason="bad config", tries=3),
        RevisionConflict(base=2, current=None, author="A", number=3, time="now"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_keeps_its_class_code_and_parameters_through_pickle(error):
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.code, copy.params, copy.__dict__) == (
        type(error),
        error.code,
        error.params,
        error.__dict__,
    )


def test_an_unknown_code_is_refused():
    with pytest.raises(ValueError, match="unknown error code"):
        EngineError("no_such_code")


def test_no_code_means_two_things():
    """ALL_MESSAGES is looked up by code alone: a code in two tables would show one table's words for the
    other's error (a failed run once read "The summary cannot be empty.", the editor's message)."""
    from summaries.common import exceptions

    tables = [name for name in dir(exceptions) if name.endswith("_MESSAGES") and name != "ALL_MESSAGES"]
    seen: dict[str, str] = {}
    for name in tables:
        for code in getattr(exceptions, name):
            assert code not in seen, f"{code} is in {seen.get(code)} and {name}"
            seen[code] = name
    assert len(tables) >= 3

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


def test_counts_in_messages_carry_the_languages_thousands_separator():
    """ "the limit is 100,000" (English) and "100٬000" (Arabic), while the count still picks the plural form."""
    from django.utils.translation import override

    from summaries.common.exceptions import render_message

    with override("en"):
        assert render_message("too_long", {"length": 123456, "max": 100000}) == (
            "The text is too long: 123,456 characters; the limit is 100,000."
        )
        assert render_message("too_short", {"length": 1, "min": 80}).startswith(
            "The text is too short to summarize: 1 character;"
        )
    with override("ar"):
        assert "100٬000" in render_message("too_long", {"length": 123456, "max": 100000})

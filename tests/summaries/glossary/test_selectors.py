"""The glossary's selectors, each one query however many rows it returns."""

import pytest

from summaries.glossary import selectors
from summaries.glossary.models import GlossaryEntry, GlossarySuggestion
from tests.factories import finish, latest_run, make_article, make_user
from tests.query_counts import assert_database_query_count

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [2, 6])
def test_search_and_open_suggestions_are_one_query_each(count):
    editor = make_user("editor", editor=True)
    run = finish(latest_run(make_article()))
    for number in range(count):
        GlossaryEntry.objects.create(
            arabic=f"مصطلح{number}", english=f"Term{number}", created_by=editor, updated_by=editor
        )
        GlossarySuggestion.objects.create(
            wrong=f"Wrong{number}", english=f"Right{number}", summary=run, suggested_by=editor
        )
    with assert_database_query_count(1):
        found = [(entry.created_by, entry.updated_by) for entry in selectors.glossary_search(query="Term")]
    with assert_database_query_count(1):
        suggestions = [suggestion.suggested_by for suggestion in selectors.glossary_suggestions_open()]
    assert (len(found), len(suggestions)) == (count, count)

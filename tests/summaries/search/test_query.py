"""Reading a search box's text: words ANDed, phrases, prefixes, and a clear error for nothing to search."""

import pytest

from summaries.common.exceptions import SearchError
from summaries.search.query import MAX_QUERY_CHARACTERS, Term, query_parse


def test_words_are_folded_lower_cased_terms():
    """Each word is a term; Arabic is folded and Latin lower-cased, as the index has them."""
    assert query_parse("Elections أحمد").terms == (Term(("elections",)), Term(("احمد",)))


def test_quotes_make_a_phrase_and_a_star_a_prefix():
    """Quotes keep the words together in order; word* matches the words it starts."""
    assert query_parse('"peace talks" elect*').terms == (Term(("peace", "talks")), Term(("elect",), prefix=True))


def test_an_unclosed_quote_runs_to_the_end():
    """A missing closing quote is forgiven, not an error."""
    assert query_parse('"peace talks').terms == (Term(("peace", "talks")),)


def test_engine_syntax_is_only_punctuation():
    """Operators of either engine separate words and are never passed on as syntax."""
    parsed = query_parse('NEAR(a b) OR col:x ^y -z "" \' & | ! ( ) :*')
    assert all(word.isalnum() for term in parsed.terms for word in term.words)


def test_a_hyphenated_word_is_a_phrase():
    """al-Sisi is read as the two words side by side, as both engines index it."""
    assert query_parse("al-Sisi").terms == (Term(("al", "sisi")),)


@pytest.mark.parametrize("text", ["", "   ", '""', "*", "() : ^ - \" '", "ًٌٍ"])
def test_nothing_to_search_is_refused_with_a_message(text):
    """A query without a letter or digit says so instead of matching everything or failing."""
    with pytest.raises(SearchError) as caught:
        query_parse(text)
    assert caught.value.code == "empty_query"
    assert "at least one word" in caught.value.message


def test_too_long_and_too_many_words_are_refused():
    """Limits keep one query cheap; the message names them."""
    with pytest.raises(SearchError) as long:
        query_parse("a" * (MAX_QUERY_CHARACTERS + 1))
    assert long.value.code == "query_too_long" and str(MAX_QUERY_CHARACTERS) in long.value.message
    with pytest.raises(SearchError) as many:
        query_parse(" ".join(f"w{number}" for number in range(17)))
    assert many.value.code == "too_many_terms"

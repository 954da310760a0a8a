"""The FactCC-style generator of training data for the learned fact checker: one fact corrupted per copy."""

import random
import re
from collections import Counter

import pytest

from summaries.quality.evaluation import corpora
from summaries.quality.evaluation.corruptions import KINDS, Corruption, Pool, corrupt, pool_from, training_examples

CORPUS = [
    "Talks between Russia and Ukraine stalled in Geneva.",
    "The ministers met Sergei Lavrov, who flew in from Moscow.",
    "The deal was signed in Paris, which hosted the summit.",
    "Officials met in Cairo and Amman, and the talks went on for hours.",
    "Russia accused Ukraine of shelling the plant.",
]
POOL = pool_from(CORPUS)
SMALL_NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
MONTHS = {
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
}


def made(kind: str, english: str, *, pool: Pool = POOL, seed: int = 0) -> Corruption | None:
    found = [item for item in corrupt(english, pool=pool, rng=random.Random(seed)) if item.kind == kind]
    assert len(found) <= 1, "at most one corruption per kind"
    return found[0] if found else None


def changed_words(item: Corruption | None) -> list[str]:
    assert item is not None
    return [item.english[start:end] for start, end in item.changed]


def outside_spans(item: Corruption) -> str:
    """The corrupted sentence with its changed spans blanked, to compare what must stay the same."""
    text = item.english
    for start, end in sorted(item.changed, reverse=True):
        text = text[:start] + "_" + text[end:]
    return text


class TestPool:
    def test_names_come_from_the_corpus(self):
        assert {"Russia", "Ukraine", "Geneva", "Lavrov", "Moscow", "Paris", "Cairo", "Amman"} <= set(POOL.names)

    def test_words_the_corpus_also_writes_in_lowercase_are_not_names(self):
        pool = pool_from(["Police said the fire was out.", "Local police in Cairo said so."])
        assert "Police" not in pool.names and "Cairo" in pool.names

    def test_clauses_keep_their_connective_and_fit_the_length(self):
        assert set(POOL.clauses) == {
            "who flew in from Moscow",
            "which hosted the summit",
            "and the talks went on for hours",
        }
        assert all(3 <= len(clause.split()) <= 12 for clause in POOL.clauses)


class TestNumber:
    def test_a_digit_changes(self):
        item = made("number", "Prices rose by 5 percent on Monday.")
        assert changed_words(item) != ["5"] and re.fullmatch(r"\d", changed_words(item)[0])
        assert outside_spans(item) == "Prices rose by _ percent on Monday."

    def test_a_written_number_changes_and_keeps_its_capital(self):
        item = made("number", "Two people were killed in the attack.")
        (word,) = changed_words(item)
        assert word != "Two" and word[0].isupper() and word.lower() in SMALL_NUMBERS

    def test_a_year_stays_a_year(self):
        for seed in range(20):
            (year,) = changed_words(made("number", "The law was passed in 2017.", seed=seed))
            assert year != "2017" and year.startswith("201") and len(year) == 4

    def test_a_decade_stays_a_decade(self):
        for seed in range(20):
            (decade,) = changed_words(made("number", "The congregation moved out in the 1930s.", seed=seed))
            assert decade != "1930s" and re.fullmatch(r"19\d0s", decade), decade

    def test_an_ordinal_keeps_a_matching_suffix(self):
        for seed in range(20):
            (word,) = changed_words(made("number", "She finished 21st in the race.", seed=seed))
            number = int(word[:-2])
            expected = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
            assert word.endswith(expected), word

    def test_numbers_inside_names_are_left_alone(self):
        assert made("number", "Cases of COVID-19 fell sharply.") is None


class TestNegation:
    def test_not_is_removed_and_did_not_say_becomes_said(self):
        item = made("negation", "The minister did not say where he was.")
        assert item is not None and item.english == "The minister said where he was."
        assert changed_words(item) == ["said"]

    def test_not_after_an_auxiliary_is_removed_and_the_auxiliary_pointed_at(self):
        item = made("negation", "The border is not open to traffic.")
        assert item is not None and item.english == "The border is open to traffic."
        assert changed_words(item) == ["is"]

    @pytest.mark.parametrize(
        ("english", "flipped", "word"),
        [
            ("He won't sign the deal.", "He will sign the deal.", "will"),
            ("He didn't go home.", "He went home.", "went"),
            ("They cannot leave.", "They can leave.", "can"),
            ("There is no evidence of fraud.", "There is evidence of fraud.", "evidence"),
            ("She no longer works there.", "She still works there.", "still"),
            ("They never met again.", "They met again.", "met"),
        ],
    )
    def test_negations_are_removed(self, english, flipped, word):
        item = made("negation", english)
        assert item is not None and item.english == flipped
        assert changed_words(item) == [word]

    def test_a_negation_is_added_after_the_first_auxiliary(self):
        item = made("negation", "The talks will resume next week.")
        assert item is not None and item.english == "The talks will not resume next week."
        assert changed_words(item) == ["not"]

    def test_a_past_verb_without_an_auxiliary_is_negated_with_did(self):
        item = made("negation", "Prices rose by 5 percent.")
        assert item is not None and item.english == "Prices did not rise by 5 percent."
        assert changed_words(item) == ["did not rise"]

    def test_whether_or_not_is_not_a_negation(self):
        item = made("negation", "He asked whether or not the talks will resume.")
        assert item is not None and item.english == "He asked whether or not the talks will not resume."

    def test_a_question_is_not_given_a_not_before_its_subject(self):
        assert made("negation", "And will we vote in the midterms?") is None


class TestName:
    def test_a_name_is_swapped_for_one_from_the_pool(self):
        english = "The delegation arrived in Geneva on Monday."
        item = made("name", english)
        (name,) = changed_words(item)
        assert name in POOL.names and name != "Geneva"
        assert outside_spans(item) == "The delegation arrived in _ on Monday."

    def test_every_occurrence_is_replaced(self):
        item = made("name", "The envoy flew to Cairo and later left Cairo by car.")
        first, second = changed_words(item)
        assert first == second and first in POOL.names and "Cairo" not in item.english

    def test_the_replacement_is_not_already_in_the_sentence(self):
        pool = Pool(names=("Geneva", "Moscow"), clauses=())
        for seed in range(10):
            assert made("name", "Moscow sent envoys to Geneva.", pool=pool, seed=seed) is None

    def test_a_sentence_without_names_has_none(self):
        assert made("name", "Prices rose by 5 percent on Monday.") is None


class TestAntonym:
    def test_a_word_becomes_its_opposite(self):
        item = made("antonym", "Prices rose by 5 percent on Monday.")
        assert item is not None and item.english == "Prices fell by 5 percent on Monday."
        assert changed_words(item) == ["fell"]

    def test_the_capital_is_kept(self):
        item = made("antonym", "Rising prices worried the markets.")
        assert item is not None and changed_words(item) == ["Falling"]

    def test_capitalised_words_past_the_first_are_names(self):
        assert made("antonym", "The minister met Rose Smith.") is None

    def test_contractions_are_not_words_to_swap(self):
        assert made("antonym", "They won't talk.") is None


class TestRoles:
    def test_two_names_trade_places(self):
        item = made("roles", "Russia accused Ukraine of shelling the plant.")
        assert item is not None and item.english == "Ukraine accused Russia of shelling the plant."
        assert changed_words(item) == ["Ukraine", "Russia"]

    def test_multiword_names_move_whole_and_titles_stay(self):
        english = "Prime Minister Boris Johnson criticised Theresa May in a speech to party members on Tuesday."
        item = made("roles", english, pool=pool_from([english]))
        assert item is not None
        assert (
            item.english
            == "Prime Minister Theresa May criticised Boris Johnson in a speech to party members on Tuesday."
        )

    def test_in_a_title_case_headline_only_known_names_count(self):
        headline = "Prime Minister Boris Johnson Criticises Theresa May"
        assert made("roles", headline, pool=Pool(names=(), clauses=())) is None
        assert made("roles", headline, pool=Pool(names=("Boris", "Theresa"), clauses=())) is not None

    def test_names_listed_together_are_not_swapped(self):
        assert made("roles", "Talks between Russia and Ukraine stalled.") is None

    def test_a_possessor_and_what_it_owns_are_not_swapped(self):
        english = "The business has often been likened to Gwyneth Paltrow's Goop brand."
        assert made("roles", english, pool=pool_from([english])) is None

    def test_one_name_has_nothing_to_swap_with(self):
        assert made("roles", "The delegation arrived in Geneva.") is None


class TestClauseAdded:
    def test_a_clause_from_the_pool_goes_before_the_final_period(self):
        item = made("clause_added", "Prices rose by 5 percent on Monday.")
        (clause,) = changed_words(item)
        assert clause in POOL.clauses or f"and {clause}" in POOL.clauses
        assert item.english.startswith("Prices rose by 5 percent on Monday") and item.english.endswith(clause + ".")

    def test_an_and_clause_is_joined_with_and(self):
        pool = Pool(names=(), clauses=("and the talks went on for hours",))
        item = made("clause_added", "The ministers met in Cairo.", pool=pool)
        assert item is not None and item.english == "The ministers met in Cairo and the talks went on for hours."
        assert changed_words(item) == ["the talks went on for hours"]

    def test_a_clause_the_sentence_already_has_is_not_added(self):
        pool = Pool(names=(), clauses=("which hosted the summit",))
        assert made("clause_added", "The deal was signed in Paris, which hosted the summit.", pool=pool) is None


class TestClauseDropped:
    def test_a_relative_clause_goes_with_both_its_commas(self):
        item = made("clause_dropped", "The company, which was founded in Cairo, said profits rose.")
        assert item is not None and item.english == "The company said profits rose."
        assert item.changed == ()

    def test_a_final_clause_goes(self):
        item = made("clause_dropped", "Police said the man was arrested in Paris, according to a statement.")
        assert item is not None and item.english == "Police said the man was arrested in Paris."

    @pytest.mark.parametrize(
        "english",
        [
            "He left, and she stayed home.",  # four words would remain
            "In June, the commission published the results of the survey.",  # the main clause is after the comma
            "The airline said all passengers and crew had safely left the plane.",  # 'and' joins two nouns
            "Prices rose sharply, officials said.",  # two words only
        ],
    )
    def test_nothing_is_dropped_where_the_sentence_would_break(self, english):
        assert made("clause_dropped", english) is None


class TestDate:
    def test_a_weekday_changes(self):
        item = made("date", "Prices rose by 5 percent on Monday.")
        (day,) = changed_words(item)
        assert day in {"Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
        assert outside_spans(item) == "Prices rose by 5 percent on _."

    def test_a_month_changes(self):
        (month,) = changed_words(made("date", "The vote was held in October."))
        assert month != "October" and month in MONTHS

    def test_a_year_moves_by_one_to_five(self):
        for seed in range(20):
            (year,) = changed_words(made("date", "The law was passed in 2017.", seed=seed))
            assert 1 <= abs(int(year) - 2017) <= 5

    def test_a_decade_moves_by_whole_decades(self):
        for seed in range(20):
            (year,) = changed_words(made("date", "The congregation moved out in the 1930s.", seed=seed))
            assert int(year) % 10 == 0 and 10 <= abs(int(year) - 1930) <= 50

    def test_theresa_may_is_not_a_month(self):
        assert made("date", "Theresa May spoke to reporters.") is None


SENTENCES = [
    "Prices rose by 5 percent on Monday.",
    "Russia accused Ukraine of shelling the plant in March 2022.",
    "The company, which was founded in Cairo, said profits did not fall.",
    "Two officials met Sergei Lavrov in Geneva, according to a statement.",
]


class TestEveryCorruption:
    @pytest.mark.parametrize("english", SENTENCES)
    def test_differs_from_the_original_and_points_inside_itself(self, english):
        items = corrupt(english, pool=POOL, rng=random.Random(3))
        assert items and all(item.english != english for item in items)
        assert len({item.kind for item in items}) == len(items) and {item.kind for item in items} <= set(KINDS)
        for item in items:
            assert all(0 <= start < end <= len(item.english) for start, end in item.changed), item

    def test_the_same_seed_gives_the_same_corruptions(self):
        first = [corrupt(english, pool=POOL, rng=random.Random(7)) for english in SENTENCES]
        second = [corrupt(english, pool=POOL, rng=random.Random(7)) for english in SENTENCES]
        assert first == second

    def test_the_prices_sentence_gets_number_antonym_and_date(self):
        kinds = {item.kind for item in corrupt(SENTENCES[0], pool=POOL, rng=random.Random(0))}
        assert {"number", "antonym", "date", "negation", "clause_added"} <= kinds
        assert not kinds & {"name", "roles", "clause_dropped"}


@pytest.fixture(scope="module")
def ntrex():
    """The first 300 NTREX-128 pairs, read in place from ../shared/corpora."""
    if not (corpora.shared_dir() / "corpora").is_dir():
        pytest.skip(f"shared corpora not found under {corpora.shared_dir()}: put shared/ beside the checkout")
    return corpora.ntrex_pairs()[:300]


class TestTrainingExamples:
    def test_every_kind_at_least_30_times_in_300_real_pairs(self, ntrex):
        counts = Counter(example.kind for example in training_examples(ntrex, seed=13))
        assert counts["true"] == 300
        for kind in KINDS:
            assert counts[kind] >= 30, (kind, counts)

    def test_each_pair_is_followed_by_its_own_corruptions(self, ntrex):
        examples = training_examples(ntrex, seed=13)
        pair = None
        for example in examples:
            if example.kind == "true":
                pair = next(p for p in ntrex if p.english == example.english and p.arabic == example.arabic)
                assert example.changed == ()
            else:
                assert pair is not None and (example.document, example.arabic) == (pair.document, pair.arabic)
                assert example.english != pair.english

    def test_the_same_seed_gives_the_same_examples_and_another_differs(self, ntrex):
        assert training_examples(ntrex[:60], seed=13) == training_examples(ntrex[:60], seed=13)
        assert training_examples(ntrex[:60], seed=13) != training_examples(ntrex[:60], seed=14)

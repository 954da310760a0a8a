"""What the checker measures of one (Arabic source, English sentence) pair, and which words it blames.

Each signal answers a question an editor would ask: are the numbers, names, dates and negation the
source's; does the source account for every English word (a lexical table learned from parallel text), or
for a word's opposite (antonyms); is every source word rendered (a dropped clause); are the names in the
source's order (who did what to whom); and how close are the two in a multilingual embedding. The learner
(engines/checker/model.py) weighs them; the word flags say where in the English the trouble is.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summaries.engines.antonyms import antonyms
from summaries.engines.checker.dates import unmatched_dates
from summaries.engines.checker.flags import ANTONYM, DATE, NEGATION, NUMBER, UNSUPPORTED_WORDS, WordFlag
from summaries.engines.checker.lexicon import Lexicon
from summaries.engines.checker.names import entity_order, graded_names, name_signals, source_name_signals
from summaries.engines.checker.tokens import arabic_content, arabic_words, english_content, english_stem, english_words
from summaries.engines.facts import (
    GLOSSARY_MISSING,
    NEGATION_ADDED,
    NEGATION_DROPPED,
    NUMBER_ADDED,
    NUMBER_MISSING,
    FactIssue,
    check_facts,
    english_names,
    negation_count,
    negation_spans,
    number_spans,
    number_values,
)

if TYPE_CHECKING:
    from summaries.engines.glossary import Glossary

# An English word whose best source counterpart scores under this is not accounted for by the source.
UNSUPPORTED = 0.05

FEATURES = (
    "similarity",
    "numbers_missing",
    "numbers_added",
    "negation_dropped",
    "negation_added",
    "names_unsupported",
    "name_match_min",
    "name_worst_length",
    "names_count",
    "order_inversions_confident",
    "source_names_unmatched",
    "source_name_match_min",
    "number_words_added",
    "number_words_missing",
    "uncovered_longest",
    "negations_english",
    "negations_arabic",
    "antonym_support_min",
    "lexical_forward",
    "lexical_backward",
    "content_english",
    "content_arabic",
    "unsupported_share",
    "unsupported_longest",
    "support_mean",
    "uncovered_share",
    "length_ratio",
    "length_ratio_squared",
    "antonyms",
    "order_inversions",
    "dates",
    "glossary_missing",
    "names_graded_min",
    "names_graded_mean",
    "names_graded_unmatched",
    "entity_inversions",
    "entity_inversion_share",
    "entity_pairs",
    "unsupported_tail",
    "unsupported_last_third",
    "unsupported_last_third_excess",
    "uncovered_tail",
    "uncovered_last_third",
)
MODEL_SCORE = "model_score"  # the translation model's own score of the English given the Arabic (optional)

# Which way each signal may move the score (1: more is more faithful, -1: less, 0: either): the learner is
# held to these, so a pair beyond anything seen in training (an unrelated sentence, ten wrong numbers)
# still scores as the signals say rather than as the nearest training example happened to.
DIRECTION = {
    "similarity": 1,
    MODEL_SCORE: 1,
    "support_mean": 1,
    "name_match_min": 1,
    "source_name_match_min": 1,
    "antonym_support_min": 1,
    "lexical_forward": 1,
    "lexical_backward": 1,
    "numbers_missing": -1,
    "numbers_added": -1,
    "number_words_added": -1,
    "number_words_missing": -1,
    "names_unsupported": -1,
    "source_names_unmatched": -1,
    "unsupported_share": -1,
    "unsupported_longest": -1,
    "uncovered_share": -1,
    "uncovered_longest": -1,
    "antonyms": -1,
    "order_inversions": -1,
    "order_inversions_confident": -1,
    "dates": -1,
    "glossary_missing": -1,
    "names_graded_min": 1,
    "names_graded_mean": 1,
    "names_graded_unmatched": -1,
    "entity_inversions": -1,
    "entity_inversion_share": -1,
    "unsupported_tail": -1,
    "unsupported_last_third": -1,
    "uncovered_tail": -1,
    "uncovered_last_third": -1,
}


@dataclass
class Analysis:
    values: dict[str, float]
    issues: list[FactIssue]
    words: list[WordFlag] = field(default_factory=list)


def analyze(
    arabic: str,
    english: str,
    *,
    lexicon: Lexicon,
    glossary: "Glossary | None" = None,
    similarity: float | None = None,
    model_score: float | None = None,
    added_only: bool = False,
) -> Analysis:
    """Every signal for one pair. `added_only` is for summary sentences, which may leave the source out."""
    issues = check_facts(arabic, english, added_only=added_only, glossary=glossary).issues
    kinds = [issue.kind for issue in issues]
    source = {word.stem for word in arabic_content(arabic)}
    words: list[WordFlag] = []
    values = {
        "similarity": similarity if similarity is not None else 0.0,
        "numbers_missing": float(kinds.count(NUMBER_MISSING)),
        "numbers_added": float(kinds.count(NUMBER_ADDED)),
        "negation_dropped": float(NEGATION_DROPPED in kinds),
        "negation_added": float(NEGATION_ADDED in kinds),
        "glossary_missing": float(kinds.count(GLOSSARY_MISSING)),
    }
    values |= name_signals(arabic, english, issues, source, lexicon, words)
    values |= graded_names(english, [word.text for word in arabic_words(arabic)], source, lexicon, words)
    values |= source_name_signals(arabic, english, lexicon, added_only)
    values |= entity_order(arabic, english, lexicon, words)
    values |= _support(english, source, lexicon, words)
    values |= _uncovered(arabic, english, lexicon, added_only)
    english_numbers, arabic_numbers = number_values(english, "en"), number_values(arabic, "ar")
    values["number_words_added"] = float(len(english_numbers - arabic_numbers))
    values["number_words_missing"] = 0.0 if added_only else float(len(arabic_numbers - english_numbers))
    ratio = math.log((len(english_words(english)) + 1) / (len(arabic_words(arabic)) + 1))
    values["length_ratio"], values["length_ratio_squared"] = ratio, ratio * ratio
    values["antonyms"], values["antonym_support_min"] = _antonyms(english, source, lexicon, words)
    values["negations_english"] = float(negation_count(english, "en"))
    values["negations_arabic"] = 0.0 if added_only else float(negation_count(arabic, "ar"))
    values |= _lexical(arabic, english, lexicon, added_only)
    dates = unmatched_dates(arabic, english)
    values["dates"] = float(len(dates))
    words += [WordFlag(start, end, DATE) for start, end in dates]
    added = {issue.value for issue in issues if issue.kind == NUMBER_ADDED}
    words += [WordFlag(start, end, NUMBER) for start, end in number_spans(english, added)] if added else []
    if NEGATION_ADDED in kinds:
        words += [WordFlag(start, end, NEGATION) for start, end in negation_spans(english)]
    if model_score is not None:
        values[MODEL_SCORE] = model_score
    return Analysis(values, issues, sorted(set(words), key=lambda flag: (flag.start, flag.end)))


def _support(english: str, source: set[str], lexicon: Lexicon, words: list[WordFlag]) -> dict[str, float]:
    """How much of the English the source accounts for; runs of two or more unaccounted words are blamed."""
    names = set(english_names(english))
    known = [word for word in english_content(english) if word.text not in names and lexicon.knows(word.stem)]
    scores = [lexicon.support(word.stem, source)[0] for word in known]
    run: list = []
    longest = 0
    for word, score in [*zip(known, scores, strict=True), (None, 1.0)]:
        if score < UNSUPPORTED and word is not None:
            run.append(word)
            continue
        longest = max(longest, len(run))
        if len(run) >= 2:
            words.append(WordFlag(run[0].start, run[-1].end, UNSUPPORTED_WORDS))
        run = []
    unsupported = sum(score < UNSUPPORTED for score in scores)
    missing = [score < UNSUPPORTED for score in scores]
    head, last = _last_third(missing)
    return {
        "unsupported_share": unsupported / len(known) if known else 0.0,
        "unsupported_longest": float(longest),
        "support_mean": sum(math.log(max(score, 1e-3)) for score in scores) / len(scores) if scores else 0.0,
        "unsupported_tail": float(_tail(missing)),
        "unsupported_last_third": last,
        "unsupported_last_third_excess": last - head,
    }


def _tail(flags: list[bool]) -> int:
    """How many flags in a row end the sentence."""
    count = 0
    for flag in reversed(flags):
        if not flag:
            break
        count += 1
    return count


def _last_third(flags: list[bool]) -> tuple[float, float]:
    """The share of flags before the last third and in it: what a translation adds or leaves out is more
    often at its end (a model running on past the source, or stopping short of it) than spread through it."""
    if not flags:
        return 0.0, 0.0
    size = max(1, len(flags) // 3)
    head, last = flags[:-size], flags[-size:]
    return (sum(head) / len(head) if head else 0.0), sum(last) / len(last)


def _uncovered(arabic: str, english: str, lexicon: Lexicon, added_only: bool) -> dict[str, float]:
    """Share of the source's known content words no English word renders, and the longest run of them in
    a row: a dropped clause leaves a run."""
    if added_only:
        return {"uncovered_share": 0.0, "uncovered_longest": 0.0, "uncovered_tail": 0.0, "uncovered_last_third": 0.0}
    target = {word.stem for word in english_words(english)}
    known = [word.stem for word in arabic_content(arabic) if word.stem in lexicon.forward]
    uncovered = [lexicon.covers(stem, target) < UNSUPPORTED for stem in known]
    longest = run = 0
    for missing in uncovered:
        run = run + 1 if missing else 0
        longest = max(longest, run)
    return {
        "uncovered_share": sum(uncovered) / len(known) if known else 0.0,
        "uncovered_longest": float(longest),
        "uncovered_tail": float(_tail(uncovered)),
        "uncovered_last_third": _last_third(uncovered)[1],
    }


def _lexical(arabic: str, english: str, lexicon: Lexicon, added_only: bool) -> dict[str, float]:
    """IBM Model 1 log-likelihood per word, each way: how well one side explains the other as a whole
    (a lexical stand-in for the translation model's own score)."""
    source = [word.stem for word in arabic_content(arabic)]
    target = [word.stem for word in english_content(english)]
    return {
        "lexical_forward": _model1(target, source, lexicon.forward),
        "lexical_backward": 0.0 if added_only else _model1(source, target, lexicon.backward),
        "content_english": float(len(target)),
        "content_arabic": float(len(source)),
    }


def _model1(generated: list[str], given: list[str], table: Mapping[str, Mapping[str, float]]) -> float:
    if not generated:
        return 0.0
    rows = [table.get(word, {}) for word in given]
    total = 0.0
    for word in generated:
        total += math.log((sum(row.get(word, 0.0) for row in rows) + 1e-3) / (len(given) + 1))
    return total / len(generated)


def _antonyms(english: str, source: set[str], lexicon: Lexicon, words: list[WordFlag]) -> tuple[float, float]:
    """Words whose opposite the source supports better than the word itself ("fell" where it says rose),
    and the weakest support of any word that has an opposite."""
    hits, weakest = 0, 1.0
    for word in english_words(english):
        opposites = antonyms(word.text)
        if not opposites or not lexicon.knows(word.stem):
            continue  # a word the lexicon never learned ("more" is a stop word) has no support to compare
        own = lexicon.support(word.stem, source)[0]
        weakest = min(weakest, own)
        best = max(sorted(opposites), key=lambda opposite: lexicon.support(english_stem(opposite), source)[0])
        other = lexicon.support(english_stem(best), source)[0]
        if other >= UNSUPPORTED and other > 2 * own:
            hits += 1
            words.append(WordFlag(word.start, word.end, ANTONYM, best))
    return float(hits), weakest

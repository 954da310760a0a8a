"""The checker's signals about names: is each English name accounted for by the source, is each source name
rendered, and do names and whole entities stand in the source's order (who did what to whom).

Names are matched across scripts by transliteration (engines/facts/names.py `name_match`, consonant skeletons),
the learned lexicon and the editors' glossary (through `check_facts`'s issues). features.py gathers these
with the other signals; the words blamed here are names and entities.
"""

import re

from summaries.engines.checker.dates import MONTHS, WEEKDAYS
from summaries.engines.checker.flags import NAME, ORDER, WordFlag
from summaries.engines.checker.lexicon import Lexicon
from summaries.engines.checker.tokens import (
    EN_STOPWORDS,
    Word,
    arabic_content,
    arabic_words,
    english_words,
    is_title_case,
)
from summaries.engines.facts import NAME_ADDED, FactIssue, english_names, latin_skeleton_length, name_match

# A source word counts as a name's counterpart by the lexicon from this probability.
_NAME_SUPPORT = 0.1
# A name matched less well than this (transliteration ratio or twice its lexicon support) is blamed.
_NAME_MATCH = 0.6
# A name is placed in the source with confidence from this transliteration match, clearly ahead of any other.
_NAME_PLACED = 0.75


def name_signals(
    arabic: str, english: str, issues: list[FactIssue], source: set[str], lexicon: Lexicon, words: list[WordFlag]
) -> dict[str, float]:
    """How well the worst-matched name is accounted for (transliteration, lexicon or glossary), names that
    are not, and pairs of names whose order the source reverses (who did what to whom)."""
    known = {issue.value for issue in issues if issue.kind == NAME_ADDED}
    source_words = arabic_words(arabic)
    arabic_tokens = [word.text for word in source_words]
    names = set(english_names(english)) | _opening_name(english, arabic_tokens)
    arabic_stems = [word.stem for word in source_words]
    worst, worst_length, unsupported, count = 1.0, 0, 0, 0
    placed: list[tuple[Word, int, bool]] = []
    for word in english_words(english):
        if word.text not in names:
            continue
        count += 1
        ratio, position, runner_up = name_match(word.text, arabic_tokens)
        support, counterpart = lexicon.support(word.stem, source)
        match = 1.0 if word.text not in known else max(ratio, min(1.0, 2 * support))
        if match < worst:
            worst, worst_length = match, latin_skeleton_length(word.text)
        if match < _NAME_MATCH:
            unsupported += 1
            words.append(WordFlag(word.start, word.end, NAME))
            continue
        confident = ratio >= _NAME_PLACED and runner_up < ratio - 0.15 and latin_skeleton_length(word.text) >= 3
        if support >= _NAME_SUPPORT and counterpart in arabic_stems and ratio < _NAME_MATCH:
            position, confident = arabic_stems.index(counterpart), support >= 0.3
        if position is not None:
            placed.append((word, position, confident))
    inverted = confident_inversions = 0
    for index, (first, first_position, first_sure) in enumerate(placed):
        for second, second_position, second_sure in placed[index + 1 :]:
            if first.text != second.text and first_position > second_position:
                inverted += 1
                confident_inversions += first_sure and second_sure  # blamed by entity (entity_order)
    return {
        "names_unsupported": float(unsupported),
        "name_match_min": worst,
        "name_worst_length": float(worst_length),
        "names_count": float(count),
        "order_inversions": float(inverted),
        "order_inversions_confident": float(confident_inversions),
    }


def graded_names(
    english: str, arabic_tokens: list[str], source: set[str], lexicon: Lexicon, words: list[WordFlag]
) -> dict[str, float]:
    """Every name graded by its best transliteration or lexicon match, not only those check_facts reports:
    the sentence's first word when it may be one ("Hughes then found..."), and each part of a hyphenated
    name. A name swapped for another matches nothing in the source; one the lexicon never saw is blamed."""
    candidates = {part for name in english_names(english, first=True) for part in name.split("-")}
    graded: list[float] = []
    for word in english_words(english):
        if word.text not in candidates or latin_skeleton_length(word.text) < 2:
            continue
        ratio = name_match(word.text, arabic_tokens)[0]
        match = max(ratio, min(1.0, 2 * lexicon.support(word.stem, source)[0]))
        graded.append(match)
        if match < _NAME_MATCH and not lexicon.knows(word.stem) and latin_skeleton_length(word.text) >= 3:
            words.append(WordFlag(word.start, word.end, NAME))
    return {
        "names_graded_min": min(graded, default=1.0),
        "names_graded_mean": sum(graded) / len(graded) if graded else 1.0,
        "names_graded_unmatched": float(sum(match < _NAME_MATCH for match in graded)),
    }


# Capitalised words joined by a space, "of" or a hyphen make one entity ("Bank of England", "Vanderbilt
# Medical Center"), whose words Arabic may order differently (مركز فاندربيلت الطبي) without any change of role.
_WITHIN_ENTITY = re.compile(r"\s+|\s+of\s+|-")


def entity_order(arabic: str, english: str, lexicon: Lexicon, words: list[WordFlag]) -> dict[str, float]:
    """Entities (runs of capitalised words) placed in the source by a clear transliteration or a confident
    lexicon entry, and pairs of them the source has in the other order: who did what to whom. Placing whole
    entities at their first word in the source ignores the reordering inside a name that translation does.
    Left unplaced, as they move freely in translation: days and months, an attribution (", Nielsen said"
    opens the Arabic: وقالت نيلسن) and, in a Title Case headline or at the sentence's start, words placed
    only by the lexicon (any capitalised word there may be an ordinary one)."""
    source_words = arabic_words(arabic)
    tokens, stems = [word.text for word in source_words], [word.stem for word in source_words]
    source = {word.stem for word in arabic_content(arabic)}
    headline = is_title_case(english)
    entities: list[tuple[int, str, int, int]] = []  # (source position, text, start, end)
    for run in _capitalised_runs(english):
        if _ATTRIBUTION.match(english, run[-1].end) and english[: run[0].start].rstrip().endswith(","):
            continue
        only_spelled = headline or run[0].start == 0
        positions = [_place(word, tokens, stems, source, lexicon, only_spelled=only_spelled) for word in run]
        found = [position for position in positions if position is not None]
        if found:
            entities.append((min(found), " ".join(word.text for word in run), run[0].start, run[-1].end))
    inverted = pairs = 0
    for index, (first, first_text, first_start, first_end) in enumerate(entities):
        for second, second_text, second_start, second_end in entities[index + 1 :]:
            if first_text == second_text or first == second:
                continue
            pairs += 1
            if first > second:
                inverted += 1
                words += [WordFlag(first_start, first_end, ORDER), WordFlag(second_start, second_end, ORDER)]
    return {
        "entity_inversions": float(inverted),
        "entity_inversion_share": inverted / pairs if pairs else 0.0,
        "entity_pairs": float(pairs),
    }


_ATTRIBUTION = re.compile(r"\s+(?:said|says|told|reported|reports|added|wrote|announced)\b")
_CALENDAR = frozenset(WEEKDAYS + MONTHS)


def _capitalised_runs(english: str) -> list[list[Word]]:
    runs: list[list[Word]] = []
    previous: Word | None = None
    for word in english_words(english):
        if not word.text[:1].isupper() or word.text in _CALENDAR:
            previous = None
            continue
        if runs and previous is not None and _WITHIN_ENTITY.fullmatch(english[previous.end : word.start]):
            runs[-1].append(word)
        else:
            runs.append([word])
        previous = word
    return runs


def _place(
    word: Word, tokens: list[str], stems: list[str], source: set[str], lexicon: Lexicon, *, only_spelled: bool
) -> int | None:
    """Where in the source this word of an entity is, when that is clear: a transliteration well ahead of
    any other (three consonants or more; not an acronym, which Arabic spells out letter by letter), else a
    confident lexicon counterpart unless `only_spelled`."""
    if word.text.lower() in EN_STOPWORDS or (len(word.text) > 1 and word.text.isupper()):
        return None
    ratio, position, runner_up = name_match(word.text, tokens)
    clear = ratio >= _NAME_PLACED and runner_up < ratio - 0.1 and latin_skeleton_length(word.text) >= 3
    if position is not None and clear:
        return position
    if only_spelled:
        return None
    support, counterpart = lexicon.support(word.stem, source)
    return stems.index(counterpart) if support >= 0.3 and counterpart in stems else None


def source_name_signals(arabic: str, english: str, lexicon: Lexicon, added_only: bool) -> dict[str, float]:
    """The other way round: source words the lexicon has never seen are mostly transliterated names, and
    each should be matched by a capitalised English word. A swapped name leaves its source name unmatched."""
    if added_only:
        return {"source_names_unmatched": 0.0, "source_name_match_min": 1.0}
    capitalised = [word.text for word in english_words(english) if word.text[:1].isupper()]
    worst, unmatched = 1.0, 0
    for word in arabic_content(arabic):
        if word.stem in lexicon.forward or len(word.stem) < 3:
            continue
        best = max((name_match(name, [word.text])[0] for name in capitalised), default=0.0)
        worst = min(worst, best)
        unmatched += best < _NAME_MATCH
    return {"source_names_unmatched": float(unmatched), "source_name_match_min": worst}


def _opening_name(english: str, arabic_tokens: list[str]) -> set[str]:
    """The first word when it is a name the source transliterates: english_names skips a sentence's first
    word (it is capitalised anyway), yet the subject, who does something to someone, is often there."""
    first = re.match(r"[\"“']?([A-Z][a-z]+)\b", english)
    if not first or first.group(1).lower() in EN_STOPWORDS or latin_skeleton_length(first.group(1)) < 3:
        return set()
    return {first.group(1)} if name_match(first.group(1), arabic_tokens)[0] >= _NAME_PLACED else set()

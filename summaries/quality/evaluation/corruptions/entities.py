"""Corrupting names: a name swapped for another of the corpus, two names' roles swapped, a word turned into its antonym."""

import itertools
import random
import re

from summaries.engines.antonyms import antonyms
from summaries.engines.checker.tokens import is_title_case
from summaries.engines.facts import english_names
from summaries.quality.evaluation.corruptions.base import (
    TRIES,
    WORD,
    Corruption,
    Pool,
    make_corruption,
    match_case,
)
from summaries.quality.evaluation.corruptions.dates import CALENDAR

_CAPITALISED = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][\w&-]*")
_WITHIN_ENTITY = re.compile(r" (?:(?:of|on|for|de|al|bin|van|von) )?")  # 'House of Representatives'
_NOT_ENTITY_EDGES = frozenset(
    [
        *("Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "President", "Prime", "Minister", "Secretary", "Chancellor"),
        *(
            "Judge",
            "Justice",
            "Senator",
            "Governor",
            "Mayor",
            "King",
            "Queen",
            "Prince",
            "Princess",
            "Chief",
            "General",
        ),
        *("Captain", "Coach", "Manager", "Professor", "Pope", "Sheikh", "Emir", "Ambassador", "Rep", "Sen", "Gov"),
        *("The", "A", "An", "In", "On", "At", "For", "Of", "As", "If", "When", "While", "After", "Before", "But"),
        *("And", "His", "Her", "Their", "Our", "Its", "This", "That", "These", "Those", "I", "He", "She", "It", "We"),
        *("They", "By", "From", "With", "To", "Under", "Since", "Until", "During", "Meanwhile", "However"),
    ]
)
_LISTED_TOGETHER = re.compile(r"(?:\s|,|&|/|-|–|\band\b|\bor\b)*|['’]s?\s+")  # or 'Paltrow's Goop': one thing


def _name_spans(english: str, pool: Pool) -> list[tuple[int, int, str]]:
    """Where the sentence's names stand. english_names finds them; where capitals say nothing (a sentence's or
    a quote's first word, a headline in Title Case) only a word the pool knows as a name counts."""
    headline = is_title_case(english)
    candidates = set(english_names(english)) | set(
        re.findall(r"(?:^|[.!?:\"“‘(]\s*)([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b", english)
    )
    spans = []
    for name in candidates:
        found = [match.span() for match in re.finditer(WORD.format(re.escape(name)), english)]
        known = name in pool.names
        if known or any(not headline and not _opens_sentence(english, start) for start, _ in found):
            spans += [(start, end, name) for start, end in found]
    return sorted(spans)


def _opens_sentence(english: str, start: int) -> bool:
    before = english[:start].rstrip()
    return not before or before[-1] in ".!?:\"“‘'("


def corrupt_name(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One name swapped, everywhere it occurs, for a name from elsewhere in the corpus."""
    spans = _name_spans(english, pool)
    if not spans or not pool.names:
        return None
    name = rng.choice(sorted({name for _, _, name in spans}))
    for _ in range(TRIES):
        replacement = rng.choice(pool.names)
        if not re.search(WORD.format(re.escape(replacement)), english):
            edits = [(start, end, replacement) for start, end, found in spans if found == name]
            return make_corruption("name", english, edits)
    return None


def _entities(english: str, pool: Pool) -> list[tuple[int, int, str]]:
    """Runs of capitalised words holding a name ('Zoran Zaev', 'West Virginia University', 'House of
    Representatives'): a title ('Prime Minister') or an opener ('On') at the start, or a date after 'on', stays
    in place. In a Title Case headline only the names themselves make up runs. A run needs a word the pool
    knows as a name: english_names takes any capitalised word ('Hospital') for one."""
    name_starts = {start for start, _, _ in _name_spans(english, pool)}
    tokens = [token.span() for token in _CAPITALISED.finditer(english)]
    if is_title_case(english):
        tokens = [token for token in tokens if token[0] in name_starts]
    runs: list[list[tuple[int, int]]] = []
    for token in tokens:
        if runs and _WITHIN_ENTITY.fullmatch(english[runs[-1][-1][1] : token[0]]):
            runs[-1].append(token)
        else:
            runs.append([token])
    entities = []
    for run in runs:
        while run and run[0][0] not in name_starts and english[slice(*run[0])] in _NOT_ENTITY_EDGES:
            run.pop(0)
        while len(run) > 1 and run[-1][0] not in name_starts and _dated(english, run[-2], run[-1]):
            run.pop()  # 'Palu on Friday' is 'Palu'
        if any(english[start:end] in pool.names for start, end in run):  # 'Hospital' alone is no entity
            entities.append((run[0][0], run[-1][1], english[run[0][0] : run[-1][1]]))
    return entities


def _dated(english: str, previous: tuple[int, int], last: tuple[int, int]) -> bool:
    """Whether `last` is a date joined on by a word ('on Friday'); 'Theresa May' is no date."""
    return english[previous[1] : last[0]] != " " and bool(CALENDAR.fullmatch(english[slice(*last)]))


def swap_roles(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """Two entities trade places ('Russia accused Ukraine' → 'Ukraine accused Russia')."""
    entities = _entities(english, pool)
    texts = sorted({text for _, _, text in entities})
    pairs = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :] if _swappable(english, entities, a, b)]
    if not pairs:
        return None
    first, second = rng.choice(pairs)
    swap = {first: second, second: first}
    return make_corruption("roles", english, [(s, e, swap[text]) for s, e, text in entities if text in swap])


def _swappable(english: str, entities: list[tuple[int, int, str]], a: str, b: str) -> bool:
    """Neither inside the other, and never just listed together ('Russia and Ukraine' reads the same swapped) or
    one the other's possessor ('Paltrow's Goop' swapped reads as nonsense, not as another fact)."""
    if re.search(WORD.format(re.escape(a)), b) or re.search(WORD.format(re.escape(b)), a):
        return False
    chosen = [(start, end, text) for start, end, text in entities if text in (a, b)]
    for (_, end, left), (start, _, right) in itertools.pairwise(chosen):
        if left != right and _LISTED_TOGETHER.fullmatch(_between(english, entities, end, start)):
            return False
    return True


def _between(english: str, entities: list[tuple[int, int, str]], end: int, start: int) -> str:
    """The text from `end` to `start` less the entities in it: 'Russia, Ukraine and Belarus' leaves ', and'."""
    pieces, cursor = [], end
    for entity_start, entity_end, _ in entities:
        if end <= entity_start and entity_end <= start:
            pieces.append(english[cursor:entity_start])
            cursor = entity_end
    return "".join([*pieces, english[cursor:start]])


# --- antonym ------------------------------------------------------------------------------------------


def corrupt_antonym(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One word with a listed opposite replaced by it; capitalised words past the first may be names."""
    candidates = [
        match
        for match in re.finditer(WORD.format("[A-Za-z]+"), english)
        if antonyms(match.group(0)) and (match.start() == 0 or match.group(0).islower())
    ]
    if not candidates:
        return None
    match = rng.choice(candidates)
    opposite = rng.choice(sorted(antonyms(match.group(0))))
    return make_corruption("antonym", english, [(match.start(), match.end(), match_case(match.group(0), opposite))])

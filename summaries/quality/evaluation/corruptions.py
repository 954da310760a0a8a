"""Training data for a learned fact checker: true translations and copies with one fact corrupted.

The FactCC recipe (Kryściński et al., 2020), made cross-lingual: the Arabic source stays as it is, and the
English translation either stays true or has one rule-based change that makes it disagree with the source
(a number, a negation, a name, an antonym, two names' roles, a clause added or dropped, a date). Each
corruption records the character spans of the words that now disagree, so a checker can learn to point
at them as well as to flag the sentence.

Everything is deterministic given the random generator, and the caller splits by document so that no
sentence of one document trains while another of it is evaluated.
"""

import itertools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summaries.engines.antonyms import antonyms
from summaries.engines.checker.dates import MONTHS, WEEKDAYS
from summaries.engines.checker.tokens import is_title_case
from summaries.engines.facts import english_names
from summaries.quality.evaluation.corpora import Pair

KINDS = ("number", "negation", "name", "antonym", "roles", "clause_added", "clause_dropped", "date")


@dataclass(frozen=True)
class Corruption:
    kind: str
    english: str  # the altered sentence
    changed: tuple[tuple[int, int], ...]  # character spans in `english` of the words that now disagree with the
    # source (empty for a dropped clause, or a negation removed where nothing remains to point at)


@dataclass(frozen=True)
class Pool:
    """What substitutions may draw from: names and clauses seen elsewhere in the corpus."""

    names: tuple[str, ...]
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    document: str
    arabic: str
    english: str
    kind: str  # "true" for the real pair, else one of KINDS
    changed: tuple[tuple[int, int], ...]


# --- shared helpers -----------------------------------------------------------------------------------

_WORD = r"(?<![\w'’-]){}(?![\w'’-])"  # a whole word: not part of a contraction, possessive or hyphenated word
_TERMINAL = re.compile(r"[.!?…:;]*[\"'”’)\]]*\s*$")
_CLAUSE_BREAK = re.compile(r",?\s+(?:and|which|who|while|but)\s+|,\s+")
_UNSPLITTABLE = re.compile(r"[\"“”()\[\]]")  # dropping or moving part of a quote or bracket unbalances it
_CLAUSE_WORDS = (3, 12)
_TRIES = 20  # random draws from the pool before giving up on a sentence


def _substitute(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Apply non-overlapping (start, end, new) edits; also return where each non-empty new text now lies."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = shift = 0
    for start, end, new in sorted(edits):
        pieces += [text[cursor:start], new]
        if new:
            spans.append((start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), tuple(spans)


def _match_case(template: str, word: str) -> str:
    """`word` written the way `template` is: UPPER, Capitalised or as given."""
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _body_end(english: str) -> int:
    """Where the final punctuation (and any closing quote) begins; insertions go before it."""
    match = _TERMINAL.search(english)
    return match.start() if match else len(english)


def _words(text: str) -> int:
    return len(text.split())


def _corruption(kind: str, english: str, edits: Sequence[tuple[int, int, str]]) -> Corruption:
    altered, spans = _substitute(english, edits)
    return Corruption(kind, altered, spans)


# --- number -------------------------------------------------------------------------------------------

_DIGITS = re.compile(r"(?<![\w.,-])(\d+(?:[.,]\d+)*)(st|nd|rd|th|s)?(?!\w|[.,]\d)")
_NUMBER_WORDS = (
    ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
    ("hundred", "thousand", "million", "billion", "trillion"),
    ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
)
_NUMBER_WORD = re.compile(r"\b(" + "|".join(word for group in _NUMBER_WORDS for word in group) + r")\b", re.I)
_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")


def _number(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One number changed: a digit of a figure (the last one of a year, to keep it a year) or a number word."""
    candidates = list(_DIGITS.finditer(english)) + list(_NUMBER_WORD.finditer(english))
    if not candidates:
        return None
    match = rng.choice(sorted(candidates, key=lambda found: found.start()))
    if match.re is _NUMBER_WORD:
        word = match.group(0)
        group = next(group for group in _NUMBER_WORDS if word.lower() in group)
        new = _match_case(word, rng.choice([other for other in group if other != word.lower()]))
        return _corruption("number", english, [(match.start(), match.end(), new)])
    value, suffix = match.group(1), match.group(2) or ""
    new_value = _alter_digit(value, rng, decade=suffix == "s" and value.endswith("0"))
    if suffix in ("st", "nd", "rd", "th"):
        suffix = _ordinal_suffix(int(new_value.replace(",", "").split(".")[0]))
    return _corruption("number", english, [(match.start(), match.end(), new_value + suffix)])


def _alter_digit(value: str, rng: random.Random, *, decade: bool = False) -> str:
    """One digit changed: a year's last one, a decade's tens ('the 1930s'), or any other (no leading zero)."""
    if _YEAR.match(value):
        positions = [len(value) - 2 if decade else len(value) - 1]
    else:
        positions = [i for i, char in enumerate(value) if char.isdigit()]
    position = rng.choice(positions)
    lowest = 1 if position == 0 and len(value) > 1 else 0  # no leading zero
    choices = [str(digit) for digit in range(lowest, 10) if str(digit) != value[position]]
    return value[:position] + rng.choice(choices) + value[position + 1 :]


def _ordinal_suffix(number: int) -> str:
    if 11 <= number % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


# --- negation -----------------------------------------------------------------------------------------

_BE_AND_MODALS = frozenset(
    ["is", "are", "was", "were", "will", "would", "can", "could", "should", "shall", "may", "might", "must"]
)
_HAVE_AND_DO = frozenset(["has", "have", "had", "does", "do", "did"])
_AUXILIARIES = _BE_AND_MODALS | _HAVE_AND_DO
_AUXILIARY = re.compile(r"(?<![\w'’])(" + "|".join(sorted(_AUXILIARIES)) + r")\b")
_DETERMINERS = frozenset(["a", "an", "the", "this", "that", "his", "her", "their", "its", "our", "my", "your", "it"])
_NOT_AFTER_AUXILIARY = frozenset(["not", "never", "no", "i", "we", "you", "he", "she", "it", "they", "there"])
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}  # won't, can't, shan't, ain't
# The negations a sentence may carry; "not only", "not least", "or not" and the like do not negate it.
_NEGATION = re.compile(
    r"(?P<contracted>\b(?P<stem>\w+)n['’]t\b)"
    r"|(?P<cannot>\bcannot\b)"
    r"|(?<!\bor)(?P<not>\s+not\b)(?!\s+(?:only|just|least|yet|to\s+mention|necessarily)\b)"
    r"|(?P<never>\s+never\b)"
    r"|(?P<nolonger>\bno\s+longer\b)"
    r"|(?P<noone>\bno\s+one\b|\bnobody\b)"
    r"|(?P<nothing>\bnothing\b)"
    r"|(?P<no>\bno\s+)(?=[a-z])(?!matter\b|doubt\b|more\b|less\b)"
)
_PAST_TO_BASE = {
    "said": "say",
    "told": "tell",
    "went": "go",
    "came": "come",
    "took": "take",
    "gave": "give",
    "made": "make",
    "found": "find",
    "saw": "see",
    "knew": "know",
    "thought": "think",
    "became": "become",
    "began": "begin",
    "brought": "bring",
    "sent": "send",
    "met": "meet",
    "held": "hold",
    "kept": "keep",
    "paid": "pay",
    "spent": "spend",
    "built": "build",
    "wrote": "write",
    "spoke": "speak",
    "grew": "grow",
    "led": "lead",
    "felt": "feel",
    "got": "get",
    "won": "win",
    "rose": "rise",
    "fell": "fall",
}
_PRESENT_TO_BASE = {"says": "say", "tells": "tell", "goes": "go", "comes": "come", "wants": "want", "needs": "need"}
_BASE_TO_PAST = {base: past for past, base in _PAST_TO_BASE.items()}
_BASE_TO_PRESENT = {base: present for present, base in _PRESENT_TO_BASE.items()}


def _negation(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """The first negation removed, or, when there is none, one added after the first auxiliary or to a verb."""
    match = _NEGATION.search(english)
    if match:
        return _remove_negation(english, match)
    return _add_negation(english)


def _remove_negation(english: str, match: re.Match[str]) -> Corruption:
    kind = match.lastgroup or ""
    start, end = match.span(kind)
    word = match.group(kind).strip()
    if kind == "contracted":
        stem = match.group("stem")
        verb = _affirmed_do(english, stem.lower(), start, end)
        aux = _match_case(stem, _CONTRACTED.get(stem.lower(), stem.lower()))
        return verb or _corruption("negation", english, [(start, end, aux)])
    replacement = {"cannot": "can", "nolonger": "still", "noone": "someone", "nothing": "something"}.get(kind)
    if replacement is not None:
        return _corruption("negation", english, [(start, end, _match_case(word, replacement))])
    if kind == "not":
        before = re.search(r"\b(\w+)$", english[:start])
        verb = _affirmed_do(english, before.group(1), before.start(), end) if before else None
        if verb is not None:
            return verb
    return _drop_word(english, start, end, point_before=kind != "no")


def _affirmed_do(english: str, aux: str, start: int, end: int) -> Corruption | None:
    """'did not say' becomes 'said' rather than the emphatic 'did say', where the verb's form is known."""
    table = {"did": _BASE_TO_PAST, "does": _BASE_TO_PRESENT}.get(aux, {})
    after = re.match(r"\s+([a-z]+)\b", english[end:])
    verb = table.get(after.group(1)) if after else None
    if after is None or verb is None:
        return None
    return _corruption("negation", english, [(start, end + after.end(), verb)])


def _drop_word(english: str, start: int, end: int, *, point_before: bool) -> Corruption:
    """Drop a negation word. What now disagrees: the auxiliary before it ('is [not] happy') if asked and
    present, else the word after it ('[no] evidence', 'they [never] met')."""
    altered = english[:start] + english[end:]
    before = re.search(r"(\w+)\s*$", altered[:start])
    after = re.match(r"\s*(\w+)", altered[start:])
    if point_before and before and before.group(1).lower() in _AUXILIARIES:
        return Corruption("negation", altered, (before.span(1),))
    if after:
        return Corruption("negation", altered, ((start + after.start(1), start + after.end(1)),))
    return Corruption("negation", altered, ())


def _add_negation(english: str) -> Corruption | None:
    for match in _AUXILIARY.finditer(english):
        if _is_auxiliary(english, match):
            end = match.end()
            return Corruption("negation", english[:end] + " not" + english[end:], ((end + 1, end + 4),))
    for match in re.finditer(r"\b[a-z]+\b", english):
        past, present = _PAST_TO_BASE.get(match.group(0)), _PRESENT_TO_BASE.get(match.group(0))
        if past or present:
            phrase = f"did not {past}" if past else f"does not {present}"
            return _corruption("negation", english, [(match.start(), match.end(), phrase)])
    return None


def _is_auxiliary(english: str, match: re.Match[str]) -> bool:
    """'has' in 'has a car', 'will' in 'the will' or in the question 'will we' cannot take a 'not' after it."""
    previous = re.search(r"(\w+)\s+$", english[: match.start()])
    following = re.match(r"\s+(\w+)", english[match.end() :])
    if following is None or following.group(1).lower() in _NOT_AFTER_AUXILIARY:
        return False
    if previous and previous.group(1).lower() in _DETERMINERS:
        return False
    return match.group(1) in _BE_AND_MODALS or following.group(1).lower() not in _DETERMINERS


# --- names and roles ----------------------------------------------------------------------------------

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
        found = [match.span() for match in re.finditer(_WORD.format(re.escape(name)), english)]
        known = name in pool.names
        if known or any(not headline and not _opens_sentence(english, start) for start, _ in found):
            spans += [(start, end, name) for start, end in found]
    return sorted(spans)


def _opens_sentence(english: str, start: int) -> bool:
    before = english[:start].rstrip()
    return not before or before[-1] in ".!?:\"“‘'("


def _name(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One name swapped, everywhere it occurs, for a name from elsewhere in the corpus."""
    spans = _name_spans(english, pool)
    if not spans or not pool.names:
        return None
    name = rng.choice(sorted({name for _, _, name in spans}))
    for _ in range(_TRIES):
        replacement = rng.choice(pool.names)
        if not re.search(_WORD.format(re.escape(replacement)), english):
            edits = [(start, end, replacement) for start, end, found in spans if found == name]
            return _corruption("name", english, edits)
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
    return english[previous[1] : last[0]] != " " and bool(_CALENDAR.fullmatch(english[slice(*last)]))


def _roles(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """Two entities trade places ('Russia accused Ukraine' → 'Ukraine accused Russia')."""
    entities = _entities(english, pool)
    texts = sorted({text for _, _, text in entities})
    pairs = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :] if _swappable(english, entities, a, b)]
    if not pairs:
        return None
    first, second = rng.choice(pairs)
    swap = {first: second, second: first}
    return _corruption("roles", english, [(s, e, swap[text]) for s, e, text in entities if text in swap])


def _swappable(english: str, entities: list[tuple[int, int, str]], a: str, b: str) -> bool:
    """Neither inside the other, and never just listed together ('Russia and Ukraine' reads the same swapped) or
    one the other's possessor ('Paltrow's Goop' swapped reads as nonsense, not as another fact)."""
    if re.search(_WORD.format(re.escape(a)), b) or re.search(_WORD.format(re.escape(b)), a):
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


def _antonym(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One word with a listed opposite replaced by it; capitalised words past the first may be names."""
    candidates = [
        match
        for match in re.finditer(_WORD.format("[A-Za-z]+"), english)
        if antonyms(match.group(0)) and (match.start() == 0 or match.group(0).islower())
    ]
    if not candidates:
        return None
    match = rng.choice(candidates)
    opposite = rng.choice(sorted(antonyms(match.group(0))))
    return _corruption("antonym", english, [(match.start(), match.end(), _match_case(match.group(0), opposite))])


# --- clauses ------------------------------------------------------------------------------------------

# A sentence opened by one of these has its main clause after the first comma, not before it.
_OPENERS = frozenset(
    [
        *("after", "although", "as", "at", "because", "before", "by", "despite", "during", "for", "from"),
        *("however", "if", "in", "instead", "meanwhile", "now", "on", "once", "since", "though", "to", "under"),
        *("unless", "until", "when", "whatever", "whether", "while", "with", "without", "yet"),
    ]
)
_QUOTES = re.compile(r"[\"“”]")


@dataclass(frozen=True)
class _Part:
    """A clause after the sentence's first one, with the break before it (', which', ' and ', ', ')."""

    start: int  # where the break begins
    clause_start: int
    end: int  # where the clause ends: the next break, or the final punctuation
    connective: str  # 'and', 'which', 'who', 'while', 'but', or '' after a bare comma
    comma: bool  # whether the break has a comma
    final: bool


def _parts(english: str) -> list[_Part]:
    body_end = _body_end(english)
    breaks = [match for match in _CLAUSE_BREAK.finditer(english) if match.end() < body_end]
    ends = [match.start() for match in breaks[1:]] + [body_end]
    return [
        _Part(match.start(), match.end(), end, match.group(0).strip(" ,"), "," in match.group(0), end == body_end)
        for match, end in zip(breaks, ends[: len(breaks)], strict=True)
    ]


def _stands_alone(english: str, parts: list[_Part], index: int) -> bool:
    """Whether a clause can come and go without breaking the sentence: a final clause after ', and', 'which',
    'who', 'while' or 'but', or after a bare comma when it is lowercase and is not the predicate of a sentence
    opened by a phrase ('In June, ...') and is the only clause before it (after an aside it may be the
    predicate); or a relative clause set off by commas (', which ...,'). Never part of a quote or bracket."""
    part = parts[index]
    before = english[: part.start]
    if _UNSPLITTABLE.search(english[part.start : part.end]) or len(_QUOTES.findall(before)) % 2:
        return False
    if not before[-1:].isalnum():  # 'a pineapple - but ...' would leave the dash behind
        return False
    if part.final and part.connective:
        return part.connective != "and" or part.comma  # ' and ' more often joins two nouns than two clauses
    if part.final:
        opener = re.match(r"\W*(\w+)", english)
        after_aside = index > 0  # 'Jones, 52, joined', 'Palin, the son of X and Y, has been arrested'
        opened = bool(opener and opener.group(1).lower() in _OPENERS)
        return english[part.clause_start].islower() and not opened and not after_aside
    return part.comma and part.connective in ("which", "who") and english[part.end] == ","


def _clauses_of(english: str) -> list[str]:
    """Clauses of 3..12 words that stand alone, with their connective ('which ...', 'and ...')."""
    clauses = []
    parts = _parts(english)
    for index, part in enumerate(parts):
        text = english[part.clause_start : part.end]
        if _CLAUSE_WORDS[0] <= _words(text) <= _CLAUSE_WORDS[1] and _stands_alone(english, parts, index):
            clauses.append(f"{part.connective} {text}" if part.connective else text)
    return clauses


def _clause_added(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """A clause from another sentence appended before the final punctuation: a fact the source lacks.
    'and X' is added as ' and X', the rest after a comma; the span is the clause without the 'and'."""
    if not pool.clauses:
        return None
    for _ in range(_TRIES):
        clause = rng.choice(pool.clauses)
        joint, text = (" and ", clause[4:]) if clause.startswith("and ") else (", ", clause)
        if text not in english:
            end = _body_end(english)
            start = end + len(joint)
            return Corruption(
                "clause_added", english[:end] + joint + text + english[end:], ((start, start + len(text)),)
            )
    return None


def _clause_dropped(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One clause after the first dropped with its break (and the closing comma of ', which ...,'): a fact of
    the source left out. Only clauses of 3 words or more, and only where 5 words remain."""
    candidates = []
    parts = _parts(english)
    for index, part in enumerate(parts):
        end = part.end if part.final else part.end + 1
        long_enough = _words(english[part.clause_start : part.end]) >= 3
        if long_enough and _words(english[: part.start] + english[end:]) >= 5 and _stands_alone(english, parts, index):
            candidates.append((part.start, end))
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    return Corruption("clause_dropped", english[:start] + english[end:], ())


# --- date ---------------------------------------------------------------------------------------------

_WEEKDAYS, _MONTHS = WEEKDAYS, MONTHS  # the checker's own list: what it checks is what is altered
_CALENDAR = re.compile(r"\b(" + "|".join(_WEEKDAYS + _MONTHS) + r")\b")
# "May" is a month only beside a day number or after a word that takes a month (not "Theresa May", "May I").
_MONTH_MAY = re.compile(
    r"(?:\b(?:in|of|since|until|by|last|next|early|late|mid|from|this|during)[\s-]|\d\s)May\b|\bMay\s\d"
)
_YEAR_IN_TEXT = re.compile(r"(?<![\w.,$£€#-])(1[6-9]\d\d|20\d\d)(?=s?\b)(?![.,]\d)")


def _date(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """A weekday, a month or a year changed (a year by 1 to 5 either way, a decade by 1 to 5 decades)."""
    candidates = [
        match
        for match in _CALENDAR.finditer(english)
        if match.group(1) != "May"
        or any(may.start() <= match.start() < may.end() for may in _MONTH_MAY.finditer(english))
    ] + list(_YEAR_IN_TEXT.finditer(english))
    if not candidates:
        return None
    match = rng.choice(sorted(candidates, key=lambda found: found.start()))
    value = match.group(1)
    if value.isdigit():
        step = 10 if english[match.end(1) : match.end(1) + 1] == "s" and value.endswith("0") else 1  # 'the 1930s'
        new = str(int(value) + rng.choice((-1, 1)) * rng.randint(1, 5) * step)
    else:
        names = _WEEKDAYS if value in _WEEKDAYS else _MONTHS
        new = rng.choice([name for name in names if name != value])
    return _corruption("date", english, [(match.start(1), match.end(1), new)])


# --- public -------------------------------------------------------------------------------------------

_MAKERS: dict[str, Callable[[str, Pool, random.Random], Corruption | None]] = {
    "number": _number,
    "negation": _negation,
    "name": _name,
    "antonym": _antonym,
    "roles": _roles,
    "clause_added": _clause_added,
    "clause_dropped": _clause_dropped,
    "date": _date,
}


def pool_from(sentences: Sequence[str]) -> Pool:
    """Names and clauses of a corpus, sorted so that the same corpus and seed give the same corruptions.

    Names come from sentences that are not headlines, and only words the corpus never writes in lowercase."""
    lowercase = {word for sentence in sentences for word in re.findall(r"\b[a-z]+\b", sentence)}
    names = {
        name
        for sentence in sentences
        if not is_title_case(sentence)
        for name in english_names(sentence)
        if name.lower() not in lowercase  # 'Police' or 'Four' after a colon: the corpus has them lowercase too
    }
    clauses = sorted({clause for sentence in sentences for clause in _clauses_of(sentence)})
    return Pool(tuple(sorted(names)), tuple(clauses))


def corrupt(english: str, *, pool: Pool, rng: random.Random) -> list[Corruption]:
    """Every kind that applies to this sentence, at most one corruption per kind, each changing one fact."""
    corruptions = []
    for kind in KINDS:
        corruption = _MAKERS[kind](english, pool, rng)
        if corruption is None or corruption.english == english:  # a corruption must change the sentence
            continue
        assert all(0 <= start < end <= len(corruption.english) for start, end in corruption.changed), corruption
        corruptions.append(corruption)
    return corruptions


def training_examples(pairs: Sequence[Pair], *, seed: int) -> list[Example]:
    """Each pair as a true example followed by its corruptions; the pool is drawn from all the pairs' English."""
    pool = pool_from([pair.english for pair in pairs])
    rng = random.Random(seed)
    examples = []
    for pair in pairs:
        examples.append(Example(pair.document, pair.arabic, pair.english, "true", ()))
        examples += [
            Example(pair.document, pair.arabic, item.english, item.kind, item.changed)
            for item in corrupt(pair.english, pool=pool, rng=rng)
        ]
    return examples

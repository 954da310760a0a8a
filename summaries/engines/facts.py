"""Fact checks between an Arabic source sentence and its English counterpart.

Embeddings barely notice a changed number, a swapped name or a dropped "not". These checks do:
numbers (Western and Arabic-Indic digits, common written-out numbers), names (English proper names
matched against the Arabic by a consonant skeleton, so transliterations like Putin/بوتين agree), and
negation. Each mismatch is a kind with the value concerned (data, not words: the page words it in the
reader's language, summaries/common/fact_messages.py) and lowers the support score by its kind's weight.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summaries.engines.glossary import Glossary

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+")
_AR_SCALES = {
    "ألف": 1000,
    "آلاف": 1000,
    "مليون": 1_000_000,
    "ملايين": 1_000_000,
    "مليار": 1_000_000_000,
    "مليارات": 1_000_000_000,
}
_EN_SCALES = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
_EN_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_AR_WORD_NUMBERS = {
    "واحد": 1,
    "واحدة": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتين": 2,
    "ثلاثة": 3,
    "ثلاث": 3,
    "أربعة": 4,
    "أربع": 4,
    "خمسة": 5,
    "خمس": 5,
    "ستة": 6,
    "ست": 6,
    "سبعة": 7,
    "سبع": 7,
    "ثمانية": 8,
    "ثماني": 8,
    "تسعة": 9,
    "تسع": 9,
    "عشرة": 10,
    "عشر": 10,
    "عشرين": 20,
    "عشرون": 20,
    "ثلاثين": 30,
    "ثلاثون": 30,
    "أربعين": 40,
    "خمسين": 50,
    "مئة": 100,
    "مائة": 100,
    "ألف": 1000,
    "آلاف": 1000,
    "مليون": 1_000_000,
    "ملايين": 1_000_000,
    "مليار": 1_000_000_000,
    "مليارات": 1_000_000_000,
}
_EN_NEGATIONS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"}
# Words that carry a negation the Arabic usually spells out (غير معروف = unknown, عدم = lack).
_EN_NEGATIVE_WORDS = {
    "unknown",
    "unable",
    "unclear",
    "lack",
    "lacks",
    "failed",
    "fails",
    "refused",
    "denied",
    "absence",
    "silent",
}
_AR_NEGATIONS = {"لا", "لم", "لن", "ليس", "ليست", "ليسوا", "غير", "عدم", "بدون", "دون", "لستُ", "لسنا"}
_EN_NOT_NAMES = {
    "The",
    "A",
    "An",
    "I",
    "He",
    "She",
    "It",
    "We",
    "They",
    "This",
    "That",
    "These",
    "Those",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "But",
    "And",
    "In",
    "On",
    "At",
    "For",
    "Of",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "President",
    "Minister",
    "Prime",
    "Secretary",
    "General",
    "Government",
    "Party",
    "Council",
    "Parliament",
    "Assembly",
    "Member",
    "Members",
    "Court",
    "Police",
    "Army",
    "Senate",
    "House",
    "Committee",
    "University",
    "Church",
    "Street",
    "Department",
    "National",
    "State",
    "States",
    "United",
    "Union",
    "Republic",
    "Democratic",
    "Democrats",
    "Republican",
    "Republicans",
    "Labour",
    "Conservative",
    "Conservatives",
    "North",
    "South",
    "East",
    "West",
    "New",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Office",
    "Ministry",
    "Foreign",
    "Home",
    "Royal",
    "International",
    "Federal",
    "Supreme",
    "Justice",
    "Judge",
    "Senator",
    "Governor",
    "Mayor",
    "King",
    "Queen",
    "Prince",
    "Chief",
    "Executive",
    "Director",
    "City",
    "County",
    "Centre",
    "Center",
    "Service",
    "Services",
    "Health",
    "Education",
    "Security",
    "Defence",
    "Defense",
    "Trust",
    "Club",
    "Cup",
    "League",
    "World",
    "Day",
    "Year",
    "Week",
    "Christmas",
    "Facebook",
    "Twitter",
    "Instagram",
    "Brexit",
    "European",
    "American",
    "British",
    "English",
    "French",
    "German",
    "Russian",
    "Chinese",
    "Arab",
    "Israeli",
    "Palestinian",
    "Islamic",
    "Egyptian",
    "Syrian",
    "Turkish",
    "Iranian",
    "Iraqi",
    "Saudi",
    "Libyan",
    "Lebanese",
    "Jordanian",
    "Yemeni",
    "Sudanese",
    "Tunisian",
    "Algerian",
    "Moroccan",
    "Emirati",
    "Qatari",
    "Kuwaiti",
    "Arabic",
    "Muslim",
    "Christian",
}
# Latin letters -> Arabic consonant classes; vowels vanish, as short vowels do in Arabic script.
_LATIN_CLASSES = [
    ("sh", "س"),
    ("ch", "س"),
    ("kh", "خ"),
    ("th", "ت"),
    ("gh", "غ"),
    ("ph", "ف"),
    ("ck", "ك"),
    ("b", "ب"),
    ("p", "ب"),
    ("t", "ت"),
    ("d", "د"),
    ("j", "ج"),
    ("g", "ج"),
    ("h", "ه"),
    ("r", "ر"),
    ("z", "س"),
    ("s", "س"),
    ("c", "ك"),
    ("f", "ف"),
    ("v", "ف"),
    ("q", "ك"),
    ("k", "ك"),
    ("l", "ل"),
    ("m", "م"),
    ("n", "ن"),
    ("w", ""),
    ("x", "كس"),
    ("y", ""),
]
_ARABIC_CLASSES = str.maketrans(
    {
        "ط": "ت",
        "ة": "",
        "ض": "د",
        "ظ": "س",
        "ذ": "س",
        "ز": "س",
        "ص": "س",
        "ش": "س",
        "ث": "ت",
        "ق": "ك",
        "ح": "ه",
        "ع": "",
        "ء": "",
        "أ": "",
        "إ": "",
        "آ": "",
        "ا": "",
        "ى": "",
        "ي": "",
        "ئ": "",
        "ؤ": "",
        "غ": "ج",
        "خ": "خ",
    }
)
_ARABIC_PREFIXES = ("وال", "بال", "لل", "كال", "فال", "ال", "و", "ب", "ل")
_NAME_MATCH = 0.7


# The kinds of mismatch, in the order they are reported.
NUMBER_MISSING = "number_missing"  # a number of the source is not in the text
NUMBER_ADDED = "number_added"  # a number of the text is not in the source
NAME_ADDED = "name_added"  # a name in the text does not appear in the source
NEGATION_DROPPED = "negation_dropped"  # the source is negative, the text is not
NEGATION_ADDED = "negation_added"  # the text is negative, the source is not
GLOSSARY_MISSING = "glossary_missing"  # a glossary term of the source lacks its preferred English rendering
KINDS = (NUMBER_MISSING, NUMBER_ADDED, NAME_ADDED, NEGATION_DROPPED, NEGATION_ADDED, GLOSSARY_MISSING)


@dataclass(frozen=True)
class FactIssue:
    """One mismatch: its kind and the number or name concerned (empty for negation); for a glossary term, the
    Arabic term too (`value` is then the English rendering expected)."""

    kind: str
    value: str = ""
    term: str = ""


@dataclass(frozen=True)
class FactCheck:
    """What did not match; empty when everything agrees."""

    issues: list[FactIssue]


def check_facts(
    arabic: str, english: str, *, added_only: bool = False, glossary: "Glossary | None" = None
) -> FactCheck:
    """Compare numbers, names and negation between a source and its English counterpart.

    `added_only` is for summaries, which may leave facts out but must not bring in new ones. The editors'
    glossary is the name check's cross-script dictionary (a rendering it gives for a source term is no added
    name) and, for translations, names the terms whose preferred rendering is missing.
    """
    known = glossary.known_names(arabic) if glossary else set()
    issues = _number_issues(arabic, english, added_only) + _name_issues(arabic, english, known)
    if not added_only:
        issues += _negation_issues(arabic, english)
        if glossary:
            issues += glossary.missing(arabic, english)
    return FactCheck(issues)


# "30،000": the Arabic comma between digit groups is a thousands separator, as "," is.
_ARABIC_THOUSANDS = re.compile(r"(?<=\d)،(?=\d{3}(?!\d))")
# "£2.8bn", "$125m", "€40k": a scale written onto the figure. "m" and "k" only after a currency sign, where
# they cannot be metres or kilometres; "bn" and "tn" anywhere.
_ATTACHED_SCALE = re.compile(r"([$£€]\s?\d[\d.,]*)(m|k)\b|(\d)(bn|tn)\b")
_ATTACHED_WORDS = {"m": " million", "k": " thousand", "bn": " billion", "tn": " trillion"}


def _scale_words(match: re.Match[str]) -> str:
    figure, scale = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return figure + _ATTACHED_WORDS[scale]


def numbers(text: str, words: dict[str, int]) -> set[float]:
    """Whole numbers in the text: digits in either script (thousands separators removed; decimals and times
    count as their parts), "300 ألف" / "3 million" / "£3m" as the full value, and number words
    ("fifty-eight")."""
    text = _ARABIC_THOUSANDS.sub(",", text.translate(_ARABIC_DIGITS))
    text = _ATTACHED_SCALE.sub(_scale_words, text)
    scales = {**_AR_SCALES, **_EN_SCALES}
    found: set[float] = set()
    for match in _NUMBER.finditer(text):
        value = float(re.sub(r"[.,]", "", match.group(0)))
        following = re.match(r"\s*(\w+)", text[match.end() :])
        if following and following.group(1).lower() in scales:
            value *= scales[following.group(1).lower()]
        found.add(value)
    for token in re.findall(r"\w+(?:-\w+)?", text.lower()):
        parts = token.split("-")
        if all(part in words for part in parts):
            found.add(float(sum(words[part] for part in parts)))
    return found


def _number_issues(arabic: str, english: str, added_only: bool) -> list[FactIssue]:
    source, target = numbers(arabic, _AR_WORD_NUMBERS), numbers(english, _EN_WORD_NUMBERS)
    digits_source, digits_target = numbers(arabic, {}), numbers(english, {})
    missing = [] if added_only else sorted(digits_source - target)
    added = sorted(digits_target - source)
    return [FactIssue(NUMBER_MISSING, _show(value)) for value in missing] + [
        FactIssue(NUMBER_ADDED, _show(value)) for value in added
    ]


def _negation_issues(arabic: str, english: str) -> list[FactIssue]:
    negations = _arabic_negations(arabic)
    source, target = bool(negations), negation_count(english, "en") > 0
    if source and not target and set(negations) <= _AR_NOMINAL_NEGATIONS and _negative_affixes(english):
        return []  # غير عادي is "unusual", بدون قوة "powerless": English writes the negation into the word
    if source == target:
        return []
    return [FactIssue(NEGATION_DROPPED if source else NEGATION_ADDED)]


# Negators English usually writes as a prefix or suffix of the word they negate.
_AR_NOMINAL_NEGATIONS = {"غير", "عدم", "بدون", "دون"}
_EN_NEGATIVE_AFFIX = re.compile(r"\b(?:un|non|dis)-?[a-z]{4,}|\b[a-z]{4,}less\b")
_EN_NOT_NEGATIVE = {
    *("under", "understand", "understood", "understanding", "undertake", "undertaken", "underway", "unions"),
    *("union", "united", "unity", "universe", "universal", "university", "universities", "unless", "until"),
    *("discuss", "discussed", "discussion", "discussions", "display", "displayed", "distance", "district"),
    *("distribute", "distributed", "distribution", "disease", "diseases", "dispute", "disputes", "disaster"),
    *("disasters", "dismissed", "discover", "discovered", "nevertheless", "regardless", "unique"),
}
# لا ... إلا, لم ... إلا: "only", "nothing but", not a negation.
_AR_EXCEPTIVE = "إلا"
_AR_EXCEPTIVE_REACH = 8


def _negative_affixes(english: str) -> list[str]:
    return [word for word in _EN_NEGATIVE_AFFIX.findall(english.lower()) if word not in _EN_NOT_NEGATIVE]


def _arabic_negations(text: str) -> list[str]:
    """The negation words of an Arabic text, without clitics ("لا يزال", still, and "لا ... إلا", only, are
    none)."""
    text = re.sub(r"\b[وف]?(?:لا|ما)\s+(?:يزال|تزال|زال|زالت|يزالون|تزالان)\b", " ", text)
    tokens = re.findall(r"\w+", text)
    found = []
    for index, token in enumerate(tokens):
        word = token if token in _AR_NEGATIONS else token[1:] if token[:1] in "وفبل" else ""
        if word not in _AR_NEGATIONS:
            continue
        if _AR_EXCEPTIVE in tokens[index + 1 : index + 1 + _AR_EXCEPTIVE_REACH]:
            continue
        found.append(word)
    return found


def negation_count(text: str, language: str) -> int:
    """How many negation words the text has ("لا يزال", still, is not one)."""
    if language == "ar":
        return len(_arabic_negations(text))
    tokens = re.findall(r"[a-z']+", text.lower())
    return sum(token in _EN_NEGATIONS or token.endswith("n't") or token in _EN_NEGATIVE_WORDS for token in tokens)


def english_names(english: str, *, first: bool = False) -> list[str]:
    """Capitalised words that are not sentence-initial or common words: likely names. `first` keeps the
    sentence's first word too (capitalised anyway, so only a guess, for a caller that can check it)."""
    names = []
    for index, match in enumerate(re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", english)):
        word = match.group(0)
        sentence_start = match.start() == 0 or english[: match.start()].rstrip().endswith((".", "!", "?", '"', ":"))
        if word in _EN_NOT_NAMES or (sentence_start and index == 0 and not first) or len(word) < 3:
            continue
        names.append(word)
    return names


def _name_issues(arabic: str, english: str, known: set[str]) -> list[FactIssue]:
    skeletons = {skeleton for word in re.findall(r"[\u0600-\u06FF]+", arabic) for skeleton in _arabic_skeletons(word)}
    skeletons.discard("")
    return [
        FactIssue(NAME_ADDED, name)
        for name in english_names(english)
        if name.lower() not in known and not _matches_any(_latin_skeleton(name), skeletons)
    ]


def _matches_any(skeleton: str, candidates: set[str]) -> bool:
    if len(skeleton) < 2:
        return True
    if len(skeleton) <= 3:  # short skeletons match too easily: every Latin consonant must be there, in order
        return any(
            _is_subsequence(skeleton, candidate) and len(candidate) <= len(skeleton) + 1 for candidate in candidates
        )
    return any(
        SequenceMatcher(None, skeleton, candidate).ratio() >= _NAME_MATCH
        for candidate in candidates
        if abs(len(candidate) - len(skeleton)) <= 2
    )


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(char in remaining for char in short)


def _latin_skeleton(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(char for char in word if char.isalpha())
    out = ""
    index = 0
    while index < len(word):
        for latin, arabic in _LATIN_CLASSES:
            if word.startswith(latin, index):
                out += arabic
                index += len(latin)
                break
        else:
            index += 1  # vowels
    return re.sub(r"(.)\1+", r"\1", out)


def _arabic_skeletons(word: str) -> set[str]:
    """Consonant skeletons of the word as written and without a leading article or clitic (ال، و، ب...)."""
    word = "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))
    forms = {word}
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.add(word[len(prefix) :])
    return {re.sub(r"(.)\1+", r"\1", form.translate(_ARABIC_CLASSES).replace("و", "")) for form in forms}


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def locate_name(name: str, arabic_words: list[str]) -> int | None:
    """Position of the first Arabic word that transliterates this English name, or None."""
    skeleton = _latin_skeleton(name)
    for position, word in enumerate(arabic_words):
        if _matches_any(skeleton, _arabic_skeletons(word) - {""}):
            return position
    return None


def number_spans(english: str, values: set[str]) -> list[tuple[int, int]]:
    """Where the numbers with these values (as FactIssue shows them) are written in the English."""
    spans = []
    for match in re.finditer(r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+(?:\s+(?:thousand|million|billion))?", english):
        if {_show(value) for value in numbers(match.group(0), {})} & values:
            spans.append((match.start(), match.end()))
    for match in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", english):
        if {_show(value) for value in numbers(match.group(0), _EN_WORD_NUMBERS)} & values:
            spans.append((match.start(), match.end()))
    return sorted(spans)


def negation_spans(english: str) -> list[tuple[int, int]]:
    """The negation words of the English."""
    return [
        (match.start(), match.end())
        for match in re.finditer(r"[A-Za-z]+(?:n't|'t)?", english)
        if match.group(0).lower() in _EN_NEGATIONS
        or match.group(0).lower().endswith("n't")
        or match.group(0).lower() in _EN_NEGATIVE_WORDS
    ]


def name_match(name: str, arabic_words: list[str]) -> tuple[float, int | None, float]:
    """How closely the best Arabic word transliterates this English name (consonant skeletons, 0..1), where
    that word is, and how close the best word elsewhere comes (a name matched twice is placed with less
    confidence). A graded answer, for the learned checker to weigh; `check_facts` keeps its cut-off."""
    skeleton = _latin_skeleton(name)
    best, where, runner_up = 0.0, None, 0.0
    for position, word in enumerate(arabic_words):
        ratio = max(
            (SequenceMatcher(None, skeleton, form).ratio() for form in _arabic_skeletons(word) - {""}), default=0
        )
        if ratio > best:
            best, where, runner_up = ratio, position, best
        elif ratio > runner_up:
            runner_up = ratio
    return best, where, runner_up


def latin_skeleton_length(name: str) -> int:
    """Consonants left of a Latin name: a two-letter skeleton matches by chance, a six-letter one does not."""
    return len(_latin_skeleton(name))


def number_values(text: str, language: str) -> set[float]:
    """Every number of the text, written out or in digits; Arabic words are read without attached clitics
    (وخمسة، بثلاثة) so the learned checker sees the numbers `check_facts` leaves to digits."""
    if language == "ar":
        text = " ".join(_AR_NUMBER_CLITICS.sub("", token) for token in text.split())
        return numbers(text, _AR_WORD_NUMBERS | _AR_ORDINALS)
    return numbers(text, _EN_NUMBER_VALUES)


# Clitics and the article before a written number (والتسعة، بالثلاثين), longest first.
_AR_NUMBER_CLITICS = re.compile(r"^(?:وبال|وال|بال|فال|كال|لل|ال|وب|ول|و|ف|ب|ل)(?=\w{3})")
# Ordinals are numbers too ("the third round" / "الجولة الثالثة"); "first" and "second" are left out, as
# "أول" and "ثانية" (a second of time) are as often no count at all.
_AR_ORDINALS = {
    **{
        word: value
        for value, words in enumerate(
            [
                (),
                (),
                (),
                ("ثالث", "ثالثة"),
                ("رابع", "رابعة"),
                ("خامس", "خامسة"),
                ("سادس", "سادسة"),
                ("سابع", "سابعة"),
                ("ثامن", "ثامنة"),
                ("تاسع", "تاسعة"),
                ("عاشر", "عاشرة"),
            ]
        )
        for word in words
    },
    "ستين": 60,
    "ستون": 60,
    "سبعين": 70,
    "سبعون": 70,
    "ثمانين": 80,
    "ثمانون": 80,
    "تسعين": 90,
    "تسعون": 90,
    "أربعون": 40,
    "خمسون": 50,
}
# "one" is left out of the English: far more often a pronoun ("one of them", "one woman said") than a count.
_EN_NUMBER_VALUES = {word: value for word, value in _EN_WORD_NUMBERS.items() if word != "one"} | {
    word: value
    for value, word in enumerate(
        ["", "", "", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    )
    if word
}

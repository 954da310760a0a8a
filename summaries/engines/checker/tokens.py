"""Words as the fact checker compares them: Arabic light stems and English light stems, with positions.

A lexical table learned from a few thousand sentence pairs is sparse: without stemming "والحكومة",
"للحكومة" and "الحكومات" would be three unrelated words seen once each. Light stemming (Larkey's Light10:
strip the article and attached conjunctions/prepositions, then a few suffixes) folds them together without
the errors of root extraction. English gets the same treatment on a smaller scale (plural -s, -ed, -ing).
"""

import re
from dataclasses import dataclass

from summaries.engines.glossary import normalize_arabic

_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3\u064b-\u065f\u0640]+")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "يه", "ه", "ي")

AR_STOPWORDS = frozenset(
    normalize_arabic(word)
    for word in [
        "في",
        "من",
        "على",
        "إلى",
        "الى",
        "عن",
        "أن",
        "إن",
        "ان",
        "أو",
        "او",
        "ثم",
        "قد",
        "لقد",
        "كان",
        "كانت",
        "يكون",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هو",
        "هي",
        "هم",
        "هن",
        "نحن",
        "التي",
        "الذي",
        "الذين",
        "اللذين",
        "اللتين",
        "ما",
        "ماذا",
        "كما",
        "حيث",
        "عند",
        "بين",
        "بعد",
        "قبل",
        "خلال",
        "حتى",
        "منذ",
        "مع",
        "كل",
        "بعض",
        "أي",
        "إذا",
        "لكن",
        "بل",
        "أيضا",
        "أيضاً",
        "فقط",
        "وقد",
        "وفي",
        "ومن",
        "وعلى",
        "وإلى",
        "وأن",
        "وهو",
        "وهي",
        "وكان",
        "وكانت",
        "به",
        "بها",
        "له",
        "لها",
        "فيه",
        "فيها",
        "منه",
        "منها",
        "عليه",
        "عليها",
        "إليه",
        "وذلك",
        "ذا",
    ]
)
EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "about",
        "into",
        "over",
        "after",
        "before",
        "during",
        "under",
        "between",
        "through",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "than",
        "as",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "our",
        "we",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "mine",
        "also",
        "just",
        "only",
        "very",
        "too",
        "more",
        "most",
        "such",
        "other",
        "any",
        "some",
        "all",
        "each",
        "both",
        "either",
        "own",
        "same",
        "s",
        "'t",
        "said",
        "says",
        "say",
        "according",
        "told",
        "tell",
        "one",
        "ones",
        "up",
        "out",
        "off",
        "again",
        "further",
        "once",
    ]
)


@dataclass(frozen=True)
class Word:
    """One word of a sentence: its surface form, light stem and character span."""

    text: str
    stem: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[:1].isdigit()


def arabic_stem(word: str) -> str:
    """Light10 stem of a normalised Arabic word; a conjunction و is only stripped from longer words."""
    word = normalize_arabic(word)
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def english_stem(word: str) -> str:
    """Lower case without the commonest inflections: enough to merge "rises"/"rise", "protesters"/"protester"."""
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    return word


def arabic_words(text: str) -> list[Word]:
    return [Word(m.group(0), arabic_stem(m.group(0)), m.start(), m.end()) for m in _ARABIC_WORD.finditer(text)]


def english_words(text: str) -> list[Word]:
    return [Word(m.group(0), english_stem(m.group(0)), m.start(), m.end()) for m in _ENGLISH_WORD.finditer(text)]


def arabic_content(text: str) -> list[Word]:
    """Words that carry meaning: no function words, no one-letter leftovers."""
    return [word for word in arabic_words(text) if word.stem not in AR_STOPWORDS and len(word.stem) > 1]


def english_content(text: str) -> list[Word]:
    return [
        word
        for word in english_words(text)
        if not word.is_number and word.text.lower() not in EN_STOPWORDS and len(word.stem) > 1
    ]


def is_title_case(english: str) -> bool:
    """A headline in Title Case ('U.S. Weighed Penalizing El Salvador Over Support for China'): past the first
    word, nearly every word of four letters or more is capitalised, so capitals cannot tell names from other
    words (the corruptions and the checker's entity order both need to know)."""
    long_words = [word for word in re.findall(r"[A-Za-z][\w'’-]*", english)[1:] if len(word) >= 4]
    return len(long_words) >= 3 and sum(word[0].isupper() for word in long_words) >= 0.85 * len(long_words)

"""The editors' glossary as the pipeline uses it: plain data, no database (glossary/services.py loads it).

Three uses: wrong English renderings are replaced after translation ("El-Sisi" → "Sisi"); a term in the
source whose preferred rendering is missing from the English is a fact issue; and the name check accepts
a glossary rendering of a term in the source, which is how translated names (China/الصين) stop being flagged.
Arabic is compared after folding the spellings writers mix freely (alef forms, taa marbuta/haa, alef
maqsura/yaa, diacritics, tatweel).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from summaries.engines.facts.issues import GLOSSARY_MISSING, FactIssue

_DIACRITICS = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
)  # harakat, superscript alef, Quranic marks, tatweel
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def normalize_arabic(text: str) -> str:
    """Fold the spelling variation that does not change the word, so variants compare equal."""
    return " ".join(_DIACRITICS.sub("", text).translate(_FOLD).split())


@dataclass(frozen=True)
class Term:
    """One glossary entry: Arabic spellings, the preferred English, and English renderings to correct."""

    arabic: str
    english: str
    arabic_variants: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()


class Glossary:
    """The compiled glossary; empty is valid and changes nothing.

    Built for 100,000 entries: the first version ran one regular expression per term over every sentence
    and one alternation of every wrong rendering over every translation (0.65 s a sentence at 80,000
    entries, and 14 s to compile). Now both sides are dictionaries keyed by a word: each word of the text
    looks up the few terms that can start there, and only those are compared, so a sentence costs the same
    whatever the glossary's size (bench/glossary.py). The matches are those of the regular expressions
    before (tests/summaries/engines/test_glossary.py compares them on generated text).
    """

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self.terms = [term for term in terms if term.arabic.strip() and term.english.strip()]
        # Arabic: a form's first word, its article taken off → (the form's words, needs the article, term index).
        self._sources: dict[str, list[tuple[tuple[str, ...], bool, int]]] = {}
        for index, term in enumerate(self.terms):
            for form in {normalize_arabic(form) for form in (term.arabic, *term.arabic_variants)} - {""}:
                words = tuple(_WORD.findall(form))
                if not words:
                    continue
                article = form.startswith("ال") and len(form) > 3
                core = words[0][2:] if article else words[0]
                if core:
                    self._sources.setdefault(core, []).append(((core, *words[1:]), article, index))
        # English: the first word of each wrong rendering (lower case) → its renderings, longest first.
        self._preferred: dict[str, str] = {}
        for term in self.terms:
            for wrong in term.wrong:
                if wrong.strip() and wrong.strip().lower() != term.english.lower():
                    self._preferred.setdefault(wrong.strip().lower(), term.english)
        self._wrong: dict[str, list[str]] = {}
        self._odd: list[str] = []  # renderings that do not start with a word character (rare): tried everywhere
        for variant in sorted(self._preferred, key=len, reverse=True):  # "abdel fattah el-sisi" before "el-sisi"
            first = _ENGLISH_WORD.match(variant)
            if first:
                self._wrong.setdefault(first.group(0), []).append(variant)
            else:
                self._odd.append(variant)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def apply(self, english: str) -> str:
        """Replace known wrong renderings by the preferred one (whole words, keeping an all-caps or capitalised
        match so). Leftmost first, and the longest rendering where several start at one place."""
        if not self._preferred or not english:
            return english
        lowered = english.lower()
        if len(lowered) != len(english):  # a letter whose lower case is longer: positions would drift
            return _apply_by_pattern(english, self._preferred)
        out: list[str] = []
        done = position = 0
        while position < len(english):
            found = self._wrong_at(lowered, position)
            if found is None:
                position += 1
                continue
            out.append(english[done:position])
            out.append(_same_case(english[position : position + len(found)], self._preferred[found]))
            done = position = position + len(found)
        out.append(english[done:])
        return "".join(out)

    def _wrong_at(self, lowered: str, position: int) -> str | None:
        """The longest wrong rendering that starts at `position` as a whole word, or None."""
        if position and _is_english_word_char(lowered[position - 1]):
            return None
        word = _ENGLISH_WORD.match(lowered, position)
        candidates = (self._wrong.get(word.group(0), []) if word else []) + self._odd
        for variant in candidates:
            end = position + len(variant)
            if lowered.startswith(variant, position) and (
                end == len(lowered) or not _is_english_word_char(lowered[end])
            ):
                return variant
        return None

    def present(self, arabic: str) -> list[Term]:
        """The terms that occur in the Arabic, in any of their spellings, in the glossary's order."""
        words = _WORD.findall(normalize_arabic(arabic))
        found: set[int] = set()
        for position, word in enumerate(words):
            for core, attached in _cores(word):
                for form, needs_article, index in self._sources.get(core, ()):
                    if index in found or attached not in (_BEFORE_ARTICLE_FORMS if needs_article else _BEFORE_FORMS):
                        continue
                    if tuple(words[position + 1 : position + len(form)]) == form[1:]:
                        found.add(index)
        return [self.terms[index] for index in sorted(found)]

    def missing(self, arabic: str, english: str) -> list[FactIssue]:
        """A term of the source whose preferred rendering is not in the English, one issue per term."""
        return [
            FactIssue(GLOSSARY_MISSING, term.english, term.arabic)
            for term in self.present(arabic)
            if not _contains(english, term.english)
        ]

    def known_names(self, arabic: str) -> set[str]:
        """Lower-cased English words a glossary rendering of a source term contributes, for the name check."""
        words = set()
        for term in self.present(arabic):
            for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", term.english):
                words.add(word.lower())
                words.update(part.lower() for part in word.split("-"))
        return words


_WORD = re.compile(r"\w+")
_ENGLISH_WORD = re.compile(r"[\w-]+")


def _is_english_word_char(char: str) -> bool:
    r"""What the old pattern's `[\w-]` boundary counted as part of a word."""
    return _ENGLISH_WORD.match(char) is not None


# What running text puts before a term: nothing, the article (with و/ف and ب/ك before it), ل and the
# article written out (لال), or the two merged (للسيسي). A term written with the article takes the last
# two but ل+ال only merged; one without takes any but the merged form (as the spelling patterns did before).
_BEFORE_ARTICLE_FORMS = frozenset({"article", "merged"})
_BEFORE_FORMS = frozenset({"plain", "article", "l-article"})


def _cores(word: str) -> list[tuple[str, str]]:
    """The ways running text attaches clitics and the article to a word (والسيسي, للسيسي, بالقاهرة): each
    (what is left, what was attached: see _BEFORE_FORMS). The word as it stands is always one of them."""
    cores = [(word, "plain")]
    for conjunction in ("", "و", "ف"):
        if not word.startswith(conjunction):
            continue
        rest = word[len(conjunction) :]
        for preposition in ("", "ب", "ل", "ك"):
            if not rest.startswith(preposition):
                continue
            stem = rest[len(preposition) :]
            if (conjunction or preposition) and stem:
                cores.append((stem, "plain"))
            if stem.startswith("ال") and len(stem) > 2:
                cores.append((stem[2:], "l-article" if preposition == "ل" else "article"))
        if rest.startswith("لل") and len(rest) > 2:  # ل + السيسي = للسيسي
            cores.append((rest[2:], "merged"))
    return cores


def _apply_by_pattern(english: str, preferred: dict[str, str]) -> str:
    """apply() for text whose lower case changes length: one pattern, as before (rare, so not cached)."""
    variants = sorted(preferred, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, variants)) + r")(?![\w-])", re.IGNORECASE)
    return pattern.sub(lambda match: _same_case(match.group(0), preferred[match.group(0).lower()]), english)


def _contains(english: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", english, re.IGNORECASE) is not None


def _same_case(found: str, preferred: str) -> str:
    if len(found) > 1 and found.isupper():
        return preferred.upper()
    if found[:1].isupper() and preferred[:1].islower():
        return preferred[:1].upper() + preferred[1:]
    return preferred

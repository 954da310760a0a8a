"""The editors' glossary as the pipeline uses it: plain data, no database (services/glossary.py loads it).

Three uses: wrong English renderings are replaced after translation ("El-Sisi" → "Sisi"); a term in the
source whose preferred rendering is missing from the English is a fact issue; and the name check accepts
a glossary rendering of a term in the source, which is how translated names (China/الصين) stop being flagged.
Arabic is compared after folding the spellings writers mix freely (alef forms, taa marbuta/haa, alef
maqsura/yaa, diacritics, tatweel).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .facts import GLOSSARY_MISSING, FactIssue

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
    """The compiled glossary; empty is valid and changes nothing."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self.terms = [term for term in terms if term.arabic.strip() and term.english.strip()]
        self._sources = [self._source_pattern(term) for term in self.terms]
        self._preferred: dict[str, str] = {}
        for term in self.terms:
            for wrong in term.wrong:
                if wrong.strip() and wrong.strip().lower() != term.english.lower():
                    self._preferred.setdefault(wrong.strip().lower(), term.english)
        variants = sorted(self._preferred, key=len, reverse=True)  # "Abdel Fattah El-Sisi" before "El-Sisi"
        self._wrong = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, variants)) + r")(?![\w-])", re.IGNORECASE)
            if variants
            else None
        )

    def __bool__(self) -> bool:
        return bool(self.terms)

    def apply(self, english: str) -> str:
        """Replace known wrong renderings by the preferred one (whole words, keeping an all-caps or capitalised
        match so)."""
        if self._wrong is None or not english:
            return english
        return self._wrong.sub(
            lambda match: _same_case(match.group(0), self._preferred[match.group(0).lower()]), english
        )

    def present(self, arabic: str) -> list[Term]:
        """The terms that occur in the Arabic, in any of their spellings."""
        folded = normalize_arabic(arabic)
        return [term for term, pattern in zip(self.terms, self._sources, strict=True) if pattern.search(folded)]

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

    @staticmethod
    def _source_pattern(term: Term) -> re.Pattern[str]:
        forms = {normalize_arabic(form) for form in (term.arabic, *term.arabic_variants)} - {""}
        alternatives = "|".join(_form_pattern(form) for form in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _form_pattern(form: str) -> str:
    """One spelling after the clitics and article running text puts before it (والسيسي, للسيسي, بالقاهرة)."""
    if form.startswith("ال") and len(form) > 3:  # the article merges with ل: ل + السيسي = للسيسي
        return rf"(?:[وف]?[بك]?ال|[وف]?لل){re.escape(form[2:])}"
    return rf"[وف]?[بلك]?(?:ال)?{re.escape(form)}"


def _contains(english: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", english, re.IGNORECASE) is not None


def _same_case(found: str, preferred: str) -> str:
    if len(found) > 1 and found.isupper():
        return preferred.upper()
    if found[:1].isupper() and preferred[:1].islower():
        return preferred[:1].upper() + preferred[1:]
    return preferred

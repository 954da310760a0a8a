"""Numbers in either language: digits in both scripts, scales ("300 ألف", "£3m") and written-out numbers."""

import re

from summaries.engines.facts.issues import NUMBER_ADDED, NUMBER_MISSING, FactIssue, show

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


def number_issues(arabic: str, english: str, added_only: bool) -> list[FactIssue]:
    source, target = numbers(arabic, _AR_WORD_NUMBERS), numbers(english, _EN_WORD_NUMBERS)
    digits_source, digits_target = numbers(arabic, {}), numbers(english, {})
    missing = [] if added_only else sorted(digits_source - target)
    added = sorted(digits_target - source)
    return [FactIssue(NUMBER_MISSING, show(value)) for value in missing] + [
        FactIssue(NUMBER_ADDED, show(value)) for value in added
    ]


def number_spans(english: str, values: set[str]) -> list[tuple[int, int]]:
    """Where the numbers with these values (as FactIssue shows them) are written in the English."""
    spans = []
    for match in re.finditer(r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+(?:\s+(?:thousand|million|billion))?", english):
        if {show(value) for value in numbers(match.group(0), {})} & values:
            spans.append((match.start(), match.end()))
    for match in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", english):
        if {show(value) for value in numbers(match.group(0), _EN_WORD_NUMBERS)} & values:
            spans.append((match.start(), match.end()))
    return sorted(spans)


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

"""Corrupting a number: a figure or a written-out number changed."""

import random
import re

from summaries.quality.evaluation.corruptions.base import (
    Corruption,
    Pool,
    make_corruption,
    match_case,
)

_DIGITS = re.compile(r"(?<![\w.,-])(\d+(?:[.,]\d+)*)(st|nd|rd|th|s)?(?!\w|[.,]\d)")
_NUMBER_WORDS = (
    ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
    ("hundred", "thousand", "million", "billion", "trillion"),
    ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
)
_NUMBER_WORD = re.compile(r"\b(" + "|".join(word for group in _NUMBER_WORDS for word in group) + r")\b", re.I)
_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")


def corrupt_number(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One number changed: a digit of a figure (the last one of a year, to keep it a year) or a number word."""
    candidates = list(_DIGITS.finditer(english)) + list(_NUMBER_WORD.finditer(english))
    if not candidates:
        return None
    match = rng.choice(sorted(candidates, key=lambda found: found.start()))
    if match.re is _NUMBER_WORD:
        word = match.group(0)
        group = next(group for group in _NUMBER_WORDS if word.lower() in group)
        new = match_case(word, rng.choice([other for other in group if other != word.lower()]))
        return make_corruption("number", english, [(match.start(), match.end(), new)])
    value, suffix = match.group(1), match.group(2) or ""
    new_value = _alter_digit(value, rng, decade=suffix == "s" and value.endswith("0"))
    if suffix in ("st", "nd", "rd", "th"):
        suffix = _ordinal_suffix(int(new_value.replace(",", "").split(".")[0]))
    return make_corruption("number", english, [(match.start(), match.end(), new_value + suffix)])


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

"""Corrupting dates: a weekday, month or year changed."""

import random
import re

from summaries.engines.checker.dates import MONTHS, WEEKDAYS
from summaries.quality.evaluation.corruptions.base import (
    Corruption,
    Pool,
    make_corruption,
)

_WEEKDAYS, _MONTHS = WEEKDAYS, MONTHS  # the checker's own list: what it checks is what is altered
CALENDAR = re.compile(r"\b(" + "|".join(_WEEKDAYS + _MONTHS) + r")\b")
# "May" is a month only beside a day number or after a word that takes a month (not "Theresa May", "May I").
_MONTH_MAY = re.compile(
    r"(?:\b(?:in|of|since|until|by|last|next|early|late|mid|from|this|during)[\s-]|\d\s)May\b|\bMay\s\d"
)
_YEAR_IN_TEXT = re.compile(r"(?<![\w.,$£€#-])(1[6-9]\d\d|20\d\d)(?=s?\b)(?![.,]\d)")


def corrupt_date(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """A weekday, a month or a year changed (a year by 1 to 5 either way, a decade by 1 to 5 decades)."""
    candidates = [
        match
        for match in CALENDAR.finditer(english)
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
    return make_corruption("date", english, [(match.start(1), match.end(1), new)])

"""Weekdays and months: an English date word the Arabic does not have is a changed date.

A closed set, so a table is exact where a learned lexicon would be thin: months have two Arabic naming
systems (Egyptian يناير, Levantine كانون الثاني), and both count.
"""

import re

from summaries.engines.glossary import normalize_arabic

_NAMES: dict[str, tuple[str, ...]] = {
    "monday": ("الاثنين", "الإثنين", "اثنين"),
    "tuesday": ("الثلاثاء",),
    "wednesday": ("الأربعاء", "الاربعاء"),
    "thursday": ("الخميس",),
    "friday": ("الجمعة",),
    "saturday": ("السبت",),
    "sunday": ("الأحد", "الاحد"),
    "january": ("يناير", "كانون الثاني", "جانفي"),
    "february": ("فبراير", "شباط", "فيفري"),
    "march": ("مارس", "آذار"),
    "april": ("أبريل", "ابريل", "نيسان", "أفريل"),
    "may": ("مايو", "أيار", "ماي"),
    "june": ("يونيو", "يونيه", "حزيران", "جوان"),
    "july": ("يوليو", "يوليه", "تموز", "جويلية"),
    "august": ("أغسطس", "آب", "أوت"),
    "september": ("سبتمبر", "أيلول"),
    "october": ("أكتوبر", "تشرين الأول"),
    "november": ("نوفمبر", "تشرين الثاني"),
    "december": ("ديسمبر", "كانون الأول"),
}
WEEKDAYS = tuple(name.capitalize() for name in list(_NAMES)[:7])
MONTHS = tuple(name.capitalize() for name in list(_NAMES)[7:])
_FORMS = {english: tuple(normalize_arabic(form) for form in forms) for english, forms in _NAMES.items()}
_ENGLISH = re.compile(r"\b(" + "|".join(name.capitalize() for name in _NAMES) + r")\b")


def unmatched_dates(arabic: str, english: str) -> list[tuple[int, int]]:
    """Spans of English weekday/month names with no Arabic name for the same day or month in the source.

    "May" is only a month when capitalised mid-sentence, which the pattern requires (the modal verb at the
    start of a sentence is the ambiguous case, and is skipped)."""
    source = " " + normalize_arabic(arabic) + " "
    found = []
    for match in _ENGLISH.finditer(english):
        if match.group(0) == "May" and match.start() == 0:
            continue
        forms = _FORMS[match.group(0).lower()]
        if not any(re.search(rf"(?<![\w]){_clitics()}{re.escape(form)}(?![\w])", source) for form in forms):
            found.append((match.start(), match.end()))
    return found


def _clitics() -> str:
    return "(?:[وفبل]|وب|ول|لل)?"

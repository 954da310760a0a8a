# One pattern for every date-time on the site (lists and article pages alike), and a 24-hour clock:
# "1 December 2026, 13:33" never ends in "p.m." that a sentence's own full stop would double.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"

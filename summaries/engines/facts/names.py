"""Names across scripts: an English proper name matched to the Arabic by a consonant skeleton, so
transliterations like Putin/بوتين agree."""

import re
import unicodedata
from difflib import SequenceMatcher

from summaries.engines.facts.issues import NAME_ADDED, FactIssue

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


def name_issues(arabic: str, english: str, known: set[str]) -> list[FactIssue]:
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


def locate_name(name: str, arabic_words: list[str]) -> int | None:
    """Position of the first Arabic word that transliterates this English name, or None."""
    skeleton = _latin_skeleton(name)
    for position, word in enumerate(arabic_words):
        if _matches_any(skeleton, _arabic_skeletons(word) - {""}):
            return position
    return None


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

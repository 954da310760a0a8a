"""engines/glossary.py's dictionary matching finds exactly what the per-term regular expressions found
(the reference below is the code it replaced), and costs the same per sentence at any glossary size."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.engines.glossary import Glossary, Term, _same_case, normalize_arabic

# Short words over few letters, with the clitics and the article, so generated text meets terms often.
STEMS = ["سيسي", "مصر", "قاهره", "وزير", "لبنان", "بيت", "كتاب", "فلسطين"]
PREFIXES = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فلل", "لال", "وب", "كال"]
ENGLISH = ["sisi", "el-sisi", "el", "abdel fattah el-sisi", "cairo", "al-qahira", "misr", "misr-based", "u.s.", "us"]


def reference_present(terms: list[Term], arabic: str) -> list[Term]:
    """What Glossary.present returned when each term was one regular expression."""

    def form_pattern(form: str) -> str:
        if form.startswith("ال") and len(form) > 3:
            return rf"(?:[وف]?[بك]?ال|[وف]?لل){re.escape(form[2:])}"
        return rf"[وف]?[بلك]?(?:ال)?{re.escape(form)}"

    folded = normalize_arabic(arabic)
    found = []
    for term in terms:
        forms = {normalize_arabic(form) for form in (term.arabic, *term.arabic_variants)} - {""}
        alternatives = "|".join(form_pattern(form) for form in sorted(forms, key=len, reverse=True))
        if re.search(rf"(?<!\w)(?:{alternatives})(?!\w)", folded):
            found.append(term)
    return found


def reference_apply(terms: list[Term], english: str) -> str:
    """What Glossary.apply returned when every wrong rendering was one alternation."""
    preferred: dict[str, str] = {}
    for term in terms:
        for wrong in term.wrong:
            if wrong.strip() and wrong.strip().lower() != term.english.lower():
                preferred.setdefault(wrong.strip().lower(), term.english)
    if not preferred or not english:
        return english
    variants = sorted(preferred, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, variants)) + r")(?![\w-])", re.IGNORECASE)
    return pattern.sub(lambda match: _same_case(match.group(0), preferred[match.group(0).lower()]), english)


arabic_words = st.builds(lambda prefix, stem: prefix + stem, st.sampled_from(PREFIXES), st.sampled_from(STEMS))
arabic_forms = st.lists(
    st.sampled_from(["", "ال"]).flatmap(lambda a: st.sampled_from(STEMS).map(lambda s: a + s)), min_size=1, max_size=2
).map(" ".join)
terms = st.lists(
    st.builds(
        Term,
        arabic_forms,
        st.sampled_from(["Sisi", "Cairo", "Egypt", "sharia"]),
        st.lists(arabic_forms, max_size=2).map(tuple),
        st.lists(st.sampled_from(ENGLISH), max_size=3).map(tuple),
    ),
    max_size=6,
)
arabic_texts = st.lists(arabic_words, max_size=12).map(" ".join)
english_texts = st.lists(
    st.sampled_from([*ENGLISH, "El-Sisi", "SISI", "Sisi's", "the", "Misrata", ",", "-", "Us."]), max_size=12
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(terms=terms, arabic=arabic_texts)
def test_present_finds_what_the_regular_expressions_found(terms, arabic):
    glossary = Glossary(terms)
    assert glossary.present(arabic) == reference_present(glossary.terms, arabic)


@settings(max_examples=400, deadline=None)
@given(terms=terms, english=english_texts)
def test_apply_replaces_what_the_alternation_replaced(terms, english):
    glossary = Glossary(terms)
    assert glossary.apply(english) == reference_apply(glossary.terms, english)


def test_a_multi_word_rendering_wins_over_its_last_word():
    glossary = Glossary([Term("السيسي", "Sisi", (), ("Abdel Fattah El-Sisi", "El-Sisi"))])
    assert glossary.apply("Abdel Fattah El-Sisi and El-Sisi") == "Sisi and Sisi"


def test_a_hundred_thousand_terms_compile_and_match():
    """Not a timing (bench/glossary.py measures): the big glossary still finds its own terms."""
    terms = [Term(f"كلمة{index:06d}", f"Word{index}", (), (f"wrongword{index}",)) for index in range(100_000)]
    glossary = Glossary(terms)
    assert [term.english for term in glossary.present("قال والكلمة000042 ثم بكلمة099999")] == ["Word42", "Word99999"]
    assert glossary.apply("WrongWord7 met wrongword70000.") == "Word7 met Word70000."

"""The hand-made lexicon the checker's signal tests share: each Arabic word of the test sentences and its
one English rendering, at probability 0.9 both ways."""

import pytest

from summaries.engines.checker.lexicon import Lexicon
from summaries.engines.checker.tokens import arabic_stem, english_stem

PAIRS = {  # Arabic word -> its English rendering
    "ارتفعت": "rose",
    "أسعار": "prices",
    "النفط": "oil",
    "القاهرة": "cairo",
    "انخفضت": "fell",
    "الجيش": "army",
    "هاجم": "attacked",
    "المدينة": "city",
}


@pytest.fixture
def lexicon():
    forward = {arabic_stem(ar): {english_stem(en): 0.9} for ar, en in PAIRS.items()}
    backward = {english_stem(en): {arabic_stem(ar): 0.9} for ar, en in PAIRS.items()}
    return Lexicon.from_tables(forward, backward)

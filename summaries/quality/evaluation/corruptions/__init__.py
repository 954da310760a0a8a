"""Training data for a learned fact checker: true translations and copies with one fact corrupted.

The FactCC recipe (Kryściński et al., 2020), made cross-lingual: the Arabic source stays as it is, and the
English translation either stays true or has one rule-based change that makes it disagree with the source
(a number, a negation, a name, an antonym, two names' roles, a clause added or dropped, a date). Each
corruption records the character spans of the words that now disagree, so a checker can learn to point
at them as well as to flag the sentence.

Everything is deterministic given the random generator, and the caller splits by document so that no
sentence of one document trains while another of it is evaluated.
"""

import random
import re
from collections.abc import Callable, Sequence

from summaries.engines.checker.tokens import is_title_case
from summaries.engines.facts import english_names
from summaries.quality.evaluation.corpora import Pair
from summaries.quality.evaluation.corruptions.base import KINDS, Corruption, Example, Pool
from summaries.quality.evaluation.corruptions.clauses import add_clause, clauses_of, drop_clause
from summaries.quality.evaluation.corruptions.dates import corrupt_date
from summaries.quality.evaluation.corruptions.entities import corrupt_antonym, corrupt_name, swap_roles
from summaries.quality.evaluation.corruptions.negation import corrupt_negation
from summaries.quality.evaluation.corruptions.numbers import corrupt_number

__all__ = ["KINDS", "Corruption", "Example", "Pool", "corrupt", "pool_from", "training_examples"]

_MAKERS: dict[str, Callable[[str, Pool, random.Random], Corruption | None]] = {
    "number": corrupt_number,
    "negation": corrupt_negation,
    "name": corrupt_name,
    "antonym": corrupt_antonym,
    "roles": swap_roles,
    "clause_added": add_clause,
    "clause_dropped": drop_clause,
    "date": corrupt_date,
}


def pool_from(sentences: Sequence[str]) -> Pool:
    """Names and clauses of a corpus, sorted so that the same corpus and seed give the same corruptions.

    Names come from sentences that are not headlines, and only words the corpus never writes in lowercase."""
    lowercase = {word for sentence in sentences for word in re.findall(r"\b[a-z]+\b", sentence)}
    names = {
        name
        for sentence in sentences
        if not is_title_case(sentence)
        for name in english_names(sentence)
        if name.lower() not in lowercase  # 'Police' or 'Four' after a colon: the corpus has them lowercase too
    }
    clauses = sorted({clause for sentence in sentences for clause in clauses_of(sentence)})
    return Pool(tuple(sorted(names)), tuple(clauses))


def corrupt(english: str, *, pool: Pool, rng: random.Random) -> list[Corruption]:
    """Every kind that applies to this sentence, at most one corruption per kind, each changing one fact."""
    corruptions = []
    for kind in KINDS:
        corruption = _MAKERS[kind](english, pool, rng)
        if corruption is None or corruption.english == english:  # a corruption must change the sentence
            continue
        assert all(0 <= start < end <= len(corruption.english) for start, end in corruption.changed), corruption
        corruptions.append(corruption)
    return corruptions


def training_examples(pairs: Sequence[Pair], *, seed: int) -> list[Example]:
    """Each pair as a true example followed by its corruptions; the pool is drawn from all the pairs' English."""
    pool = pool_from([pair.english for pair in pairs])
    rng = random.Random(seed)
    examples = []
    for pair in pairs:
        examples.append(Example(pair.document, pair.arabic, pair.english, "true", ()))
        examples += [
            Example(pair.document, pair.arabic, item.english, item.kind, item.changed)
            for item in corrupt(pair.english, pool=pool, rng=rng)
        ]
    return examples

"""The lexical translation table: which English stems an Arabic stem is rendered by, and back.

Learned by `manage.py train_checker` (engines/checker/alignment.py) in both directions and pruned to the
likely renderings, it is what lets the checker say of one English word "nothing in the source says this",
or "the source word here is usually rendered by *rose*, not *fell*".
"""

from collections.abc import Iterable, Mapping

from summaries.engines.checker.alignment import NULL

# Renderings below this probability are noise from a small corpus, and are dropped from the table.
_KEEP = 0.02
_KEEP_TOP = 12


class Lexicon:
    """p(English | Arabic) and p(Arabic | English) over light stems."""

    def __init__(self, forward: Mapping[str, Mapping[str, float]], backward: Mapping[str, Mapping[str, float]]):
        self.forward = forward  # Arabic stem -> {English stem: p(English | Arabic)}
        self.backward = backward  # English stem -> {Arabic stem: p(Arabic | English)}

    @classmethod
    def from_tables(
        cls, forward: Mapping[str, Mapping[str, float]], backward: Mapping[str, Mapping[str, float]]
    ) -> "Lexicon":
        return cls(_prune(forward), _prune(backward))

    def knows(self, english: str) -> bool:
        """Whether the English stem was seen in training: an unseen word is unknown, not unsupported."""
        return english in self.backward

    def support(self, english: str, arabic: Iterable[str]) -> tuple[float, str]:
        """How well the best of the source stems accounts for this English stem, and which one."""
        best, best_source = 0.0, ""
        backward = self.backward.get(english, {})
        for source in sorted(arabic):  # ties go to the same word whatever the set's (hash-seeded) order
            value = max(self.forward.get(source, {}).get(english, 0.0), backward.get(source, 0.0))
            if value > best:
                best, best_source = value, source
        return best, best_source

    def covers(self, arabic: str, english: Iterable[str]) -> float:
        """How well the English stems account for this source stem (for content left out)."""
        forward = self.forward.get(arabic, {})
        return max(
            (max(forward.get(word, 0.0), self.backward.get(word, {}).get(arabic, 0.0)) for word in english),
            default=0.0,
        )

    def as_json(self) -> dict:
        return {"forward": self.forward, "backward": self.backward}

    @classmethod
    def from_json(cls, data: Mapping) -> "Lexicon":
        return cls(data["forward"], data["backward"])


def _prune(table: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    pruned = {}
    for source, targets in table.items():
        if source == NULL:
            continue
        kept = sorted(
            ((target, round(p, 3)) for target, p in targets.items() if p >= _KEEP and target != NULL),
            key=lambda item: -item[1],
        )[:_KEEP_TOP]
        if kept:
            pruned[source] = dict(kept)
    return pruned

"""CTranslate2 decoding options that reproduce transformers' `generate` for one model's settings.

Most settings have a direct counterpart (beams, length penalty, repeated n-grams, the shortest output,
suppressed tokens). Three need care, because the two libraries count and stop differently:

- Forced first token (BART's `forced_bos_token_id`): a one-token target prefix. CTranslate2 counts the
  prefix in the hypothesis, its length and the minimum and maximum length (as transformers counts that
  token among the new ones), and scores it 0, as transformers' forcing does.
- Forced last token (`forced_eos_token_id`): transformers writes the end token, scored 0, in the last
  position of an output that reached the maximum. CTranslate2 simply stops there, so it is asked for one
  token less, and a hypothesis that stopped at the limit is scored as if the end token, at no cost,
  made it one token longer; all beams' hypotheses are returned and the best is chosen again.
- Early stopping: with `early_stopping=True` both stop once `num_beams` hypotheses have ended (patience
  1). With False, transformers goes on while a heuristic expects a better hypothesis; CTranslate2 has no
  such rule, and its closest setting, patience 2, goes on until twice as many have ended.

Two differences remain that no option removes. CTranslate2 renormalises the probabilities after leaving
out tokens that may not be written (the end token before the minimum length, a repeated n-gram), while
transformers' beam search does not; and the early-stopping heuristic above. They can change which beam
wins when a left-out token carried much of the probability, or when hypotheses end before the limit;
tests/summaries/engines/backends/test_parity.py pins where the outputs are identical and bench/pipeline.py
measures how often they agree.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summaries.engines.generation import GenerationSettings

# CTranslate2's patience for transformers' early_stopping values (see above).
_PATIENCE = {True: 1.0, False: 2.0, "never": 2.0}


@dataclass(frozen=True)
class Decoding:
    """translate_batch's options and target prefixes for one call, and how to pick the final hypothesis."""

    options: dict[str, Any]
    prefix: list[str] | None
    end_tokens: frozenset[str]
    length_penalty: float
    rescore_at_limit: bool

    def target_prefix(self, count: int) -> list[list[str]] | None:
        return None if self.prefix is None else [list(self.prefix) for _ in range(count)]

    def best(self, result: Any) -> list[str]:
        """The hypothesis transformers would return, its end token left out."""
        chosen = max(zip(result.hypotheses, result.scores, strict=True), key=self._score)[0]
        return [token for token in chosen if token not in self.end_tokens]

    def _score(self, hypothesis_and_score: tuple[list[str], float]) -> float:
        hypothesis, score = hypothesis_and_score
        if not self.rescore_at_limit or (hypothesis and hypothesis[-1] in self.end_tokens):
            return score
        length = len(hypothesis)  # the same log-probability, one forced end token longer
        return score * length**self.length_penalty / (length + 1) ** self.length_penalty


def decoding(settings: GenerationSettings, *, token: Any, vocabulary: frozenset[str], use_vmap: bool) -> Decoding:
    """`token(id)` names a token of the model's vocabulary; `vocabulary` is what the converted copy holds (a
    Marian copy leaves out <pad>, which it can then never write, as bad_words_ids asks)."""
    forced_end = bool(settings.forced_eos_token_ids)
    prefix = [token(settings.forced_bos_token_id)] if settings.forced_bos_token_id is not None else None
    longest = max(settings.max_new_tokens - forced_end, 1 + len(prefix or []))
    options: dict[str, Any] = {
        "beam_size": settings.num_beams,
        "patience": _PATIENCE.get(settings.early_stopping, 1.0) if settings.num_beams > 1 else 1.0,
        "length_penalty": settings.length_penalty,
        "no_repeat_ngram_size": settings.no_repeat_ngram_size,
        "repetition_penalty": settings.repetition_penalty,
        # transformers forces the end token in the last position even before the minimum length, so an
        # output asked to be exactly N tokens long is N - 1 tokens and the end.
        "min_decoding_length": min(settings.min_new_tokens, longest),
        "max_decoding_length": longest,
        "end_token": [token(index) for index in settings.eos_token_ids] or None,
        "return_end_token": True,
        "return_scores": True,
        "num_hypotheses": settings.num_beams,
        "use_vmap": use_vmap,
    }
    suppressed = _suppressed(settings.suppressed, token, vocabulary)
    if suppressed:
        options["suppress_sequences"] = suppressed
    return Decoding(
        options=options,
        prefix=prefix,
        end_tokens=frozenset(token(index) for index in settings.eos_token_ids),
        length_penalty=settings.length_penalty,
        rescore_at_limit=forced_end and settings.num_beams > 1,
    )


def _suppressed(sequences: Sequence[Sequence[int]], token: Any, vocabulary: frozenset[str]) -> list[list[str]]:
    """The sequences the copy can write at all (a token outside its vocabulary is never written anyway)."""
    named = [[token(index) for index in sequence] for sequence in sequences]
    return [sequence for sequence in named if all(item in vocabulary for item in sequence)]

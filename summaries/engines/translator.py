"""Sentence-level machine translation (MarianMT ar->en by default).

Each sentence is translated on its own so the output stays aligned with the source; a sentence
longer than the model's input limit is cut into pieces whose translations are joined again, so no
text is ever truncated.
"""

import logging
from collections import Counter
from dataclasses import dataclass

from summaries.engines.base import DoneCallback, ProgressCallback, Seq2SeqBackend
from summaries.engines.segmentation import split_to_budget

logger = logging.getLogger(__name__)


@dataclass
class Translator:
    """list of source sentences -> list of translated sentences, same length, same order."""

    backend: Seq2SeqBackend
    batch_size: int
    # None: the model's own setting (its generation config), as transformers' generate would apply it.
    num_beams: int | None = None
    max_new_tokens: int | None = None
    min_new_tokens: int | None = None

    @property
    def model_id(self) -> str:
        return self.backend.model_id

    def __call__(self, texts: list[str], *, on_progress: ProgressCallback | None = None) -> list[str]:
        """`on_progress(sentences done, sentences)` is called as pieces come back: per sentence with a
        backend that streams its results (CTranslate2), per batch otherwise."""
        pieces, owners = self.preprocess(texts)
        outputs: list[str] = [""] * len(pieces)
        remaining = Counter(owners)
        finished = len(texts) - len(remaining)  # empty sentences have no pieces
        for batch in self._batches(pieces):
            reported = 0

            def piece_done(count: int, batch: list[int] = batch) -> None:
                nonlocal finished, reported
                for index in batch[reported:count]:
                    remaining[owners[index]] -= 1
                    finished += remaining[owners[index]] == 0
                reported = count
                if on_progress:
                    on_progress(finished, len(texts))

            for index, output in zip(batch, self._forward([pieces[index] for index in batch], piece_done), strict=True):
                outputs[index] = output
            if reported < len(batch):  # a backend that did not report: the batch is done now
                piece_done(len(batch))
        return self.postprocess(outputs, owners, len(texts))

    def _batches(self, pieces: list[str]) -> list[list[int]]:
        """Piece indices grouped into batches of similar length, so little padding is computed."""
        lengths = self.backend.count_tokens(pieces)
        order = sorted(range(len(pieces)), key=lambda index: lengths[index])
        return [order[start : start + self.batch_size] for start in range(0, len(order), self.batch_size)]

    def preprocess(self, texts: list[str]) -> tuple[list[str], list[int]]:
        """Cut over-long sentences to the input budget; remember which sentence each piece belongs to."""
        pieces: list[str] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            for piece in split_to_budget(text, self.backend.count_tokens, self.backend.max_input_tokens):
                pieces.append(piece)
                owners.append(index)
        return pieces, owners

    def _forward(self, batch: list[str], on_done: DoneCallback | None = None) -> list[str]:
        return self.backend.generate(
            batch,
            num_beams=self.num_beams,
            max_new_tokens=self.max_new_tokens,
            min_new_tokens=self.min_new_tokens,
            on_done=on_done,
        )

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        """The model's own score of each translation given its source, for the fact checker: a sentence the
        model itself finds unlikely as a rendering of the source is suspect. Scored in batches."""
        scores: list[float] = []
        for start in range(0, len(sources), self.batch_size):
            scores += self.backend.score(
                sources[start : start + self.batch_size], targets[start : start + self.batch_size]
            )
        return scores

    @staticmethod
    def postprocess(outputs: list[str], owners: list[int], count: int) -> list[str]:
        """Join piece translations back into one translation per source sentence."""
        joined: list[list[str]] = [[] for _ in range(count)]
        for owner, output in zip(owners, outputs, strict=True):
            joined[owner].append(output)
        return [" ".join(part for part in parts if part) for parts in joined]

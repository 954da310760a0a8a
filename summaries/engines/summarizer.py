"""English abstractive summarization with map-reduce for inputs longer than the model's limit.

Long texts are cut into sections at sentence boundaries, each section is summarized, and the joined
section summaries are summarized again until they fit: nothing is dropped by truncation.
"""

import logging
from dataclasses import dataclass

from summaries.engines.base import ProgressCallback, Seq2SeqBackend
from summaries.engines.segmentation import pack_to_budget, split_sentences, split_to_budget

logger = logging.getLogger(__name__)

# Each reduce round must shrink the text; this bounds the loop if a model echoes its input.
_MAX_ROUNDS = 6
# Sections generated together; long inputs with beams are memory-hungry, so keep batches small.
_SECTION_BATCH = 4


@dataclass
class Summarizer:
    """list of English texts -> one summary per text."""

    backend: Seq2SeqBackend
    # None: the model's own setting (distilbart-cnn: 4 beams, 55 to 141 new tokens), as transformers applies it.
    num_beams: int | None = None
    max_new_tokens: int | None = None
    min_new_tokens: int | None = None

    @property
    def model_id(self) -> str:
        return self.backend.model_id

    def __call__(
        self, texts: list[str], *, on_progress: ProgressCallback | None = None, scale: float = 1.0
    ) -> list[str]:
        """`scale` lengthens or shortens the summary for this call (short/medium/long): the longest output is
        the configured (or the model's own) maximum times `scale`; 1 leaves the model's setting as it is.
        `on_progress(sections done, sections)` follows the first pass over a long text's sections, where
        the time goes; a text of one section reports only its end."""
        longest = self.max_new_tokens if self.max_new_tokens is not None else self.backend.generation.max_new_tokens
        limit = longest if scale == 1 else max(8, round(longest * scale))
        return [self._summarize_one(text, limit, on_progress) for text in texts]

    def _summarize_one(self, text: str, max_new_tokens: int, on_progress: ProgressCallback | None = None) -> str:
        sections = self.preprocess(text)
        rounds = 0
        while len(sections) > 1 and rounds < _MAX_ROUNDS:
            rounds += 1
            logger.info("summarizing %d sections (round %d)", len(sections), rounds)
            sections = self.preprocess(
                " ".join(self._forward(sections, max_new_tokens, on_progress if rounds == 1 else None))
            )
        summary = self.postprocess(self._forward(sections, max_new_tokens))
        if on_progress and rounds == 0:
            on_progress(1, 1)
        return summary

    def preprocess(self, text: str) -> list[str]:
        """Sections of whole sentences, each within the model's input budget."""
        budget = self.backend.max_input_tokens
        sentences: list[str] = []
        for sentence in split_sentences(text):
            sentences.extend(split_to_budget(sentence, self.backend.count_tokens, budget))
        return [" ".join(group) for group in pack_to_budget(sentences, self.backend.count_tokens, budget)] or [""]

    def _forward(
        self, sections: list[str], max_new_tokens: int, on_progress: ProgressCallback | None = None
    ) -> list[str]:
        outputs: list[str] = []
        for start in range(0, len(sections), _SECTION_BATCH):
            batch = sections[start : start + _SECTION_BATCH]
            outputs.extend(
                self.backend.generate(
                    batch,
                    num_beams=self.num_beams,
                    max_new_tokens=max_new_tokens,
                    min_new_tokens=self.min_new_tokens,
                )
            )
            if on_progress:
                on_progress(len(outputs), len(sections))
        return outputs

    @staticmethod
    def postprocess(outputs: list[str]) -> str:
        return " ".join(output for output in outputs if output).strip()

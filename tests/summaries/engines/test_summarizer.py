"""The summarizer engine on a tiny real BART, including inputs longer than its limit."""

import pytest

from summaries import engines
from summaries.common.exceptions import ModelMissing
from tests.summaries.engines.test_translator import RecordingBackend

LONG_ENGLISH = " ".join(
    f"Sentence number {n} reports that the talks between the two delegations continued for another day."
    for n in range(40)
)


class TestSummarizer:
    def test_short_text_gives_a_summary(self, backend):
        summary = engines.get_summarizer()(["The presidents signed a partnership agreement in Moscow today."])[0]
        assert summary.strip()

    def test_long_text_is_summarized_by_sections_not_truncated(self, backend) -> None:
        """Input over the limit is mapped in sections, then reduced; every input fits the model."""
        summarizer = engines.get_summarizer()
        recorder = RecordingBackend(summarizer.backend)
        summarizer.backend = recorder
        assert recorder.count_tokens([LONG_ENGLISH])[0] > recorder.max_input_tokens
        summary = summarizer([LONG_ENGLISH])[0]
        assert summary.strip()
        every_input = [text for batch in recorder.batches for text in batch]
        first_round: list[str] = []
        for text in every_input:
            first_round.extend(text.split())
            if len(first_round) >= len(LONG_ENGLISH.split()):
                break
        assert first_round == LONG_ENGLISH.split()
        assert max(recorder.count_tokens(every_input)) <= recorder.max_input_tokens
        assert len(recorder.batches) >= 2

    def test_unloadable_model_names_the_summarization_setting(self, settings, tmp_path):
        settings.SUMMARIES_SUMMARIZATION_MODEL = str(tmp_path / "missing")
        with pytest.raises(ModelMissing) as caught:
            engines.get_summarizer()
        assert "SUMMARIZATION_MODEL" in caught.value.message

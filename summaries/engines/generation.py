"""How a model writes: its own generation settings, with the app's settings laid over them.

transformers' `generate` takes a model's settings from its generation_config.json (or, for repositories
older than that file, such as distilbart-cnn-12-6, from the generation keys of config.json): beams, the
shortest and longest output, the length penalty, no repeated n-grams, early stopping, forced first and
last tokens, tokens never written. Both backends must apply the same ones, or the fast path writes other
text than the reference implementation. This module reads them once, as transformers does, and states
them in the terms both backends share: tokens generated after the decoder's start token (transformers'
`max_length` and `min_length` count that token too). No torch here.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

# transformers' defaults for what a model leaves unset (GenerationConfig._get_default_generation_params).
_DEFAULT_MAX_LENGTH = 20


@dataclass(frozen=True)
class GenerationSettings:
    """Everything transformers' `generate` would apply to one encoder-decoder model, in new tokens."""

    num_beams: int = 1
    max_new_tokens: int = _DEFAULT_MAX_LENGTH
    min_new_tokens: int = 0
    length_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    early_stopping: bool | str = False
    decoder_start_token_id: int | None = None
    eos_token_ids: tuple[int, ...] = ()
    forced_bos_token_id: int | None = None
    forced_eos_token_ids: tuple[int, ...] = ()
    # Token sequences never written: bad_words_ids, and suppress_tokens as sequences of one.
    suppressed: tuple[tuple[int, ...], ...] = ()
    # Set for the model, not per call: the most positions its decoder has (start token included).
    max_positions: int | None = None

    def with_overrides(
        self, *, num_beams: int | None = None, max_new_tokens: int | None = None, min_new_tokens: int | None = None
    ) -> "GenerationSettings":
        """The app's settings where a user set them (None keeps the model's), the output capped at the
        decoder's positions (one is the start token), and the minimum never above the maximum."""
        longest = max_new_tokens if max_new_tokens is not None else self.max_new_tokens
        if self.max_positions is not None:
            longest = min(longest, self.max_positions - 1)
        shortest = min_new_tokens if min_new_tokens is not None else self.min_new_tokens
        return replace(
            self,
            num_beams=num_beams if num_beams is not None else self.num_beams,
            max_new_tokens=max(1, longest),
            min_new_tokens=max(0, min(shortest, longest)),
        )

    @property
    def suppressed_tokens(self) -> list[int]:
        """The single tokens never written (a forced-decoding score leaves them out of the distribution)."""
        return sorted({sequence[0] for sequence in self.suppressed if len(sequence) == 1})


def from_generation_config(config: Any, *, max_positions: int | None = None) -> GenerationSettings:
    """A transformers GenerationConfig (as `from_pretrained` attached it to the model) in these terms."""
    values = config.to_dict() if hasattr(config, "to_dict") else dict(config)
    return from_dict(values, max_positions=max_positions)


def from_dict(values: dict[str, Any], *, max_positions: int | None = None) -> GenerationSettings:
    def given(name: str, default: Any) -> Any:
        value = values.get(name)
        return default if value is None else value

    max_new = values.get("max_new_tokens")
    if max_new is None:
        # A model's own max_length counts the decoder's start token; transformers' default of 20 does not.
        max_length = values.get("max_length")
        max_new = max_length - 1 if max_length is not None else _DEFAULT_MAX_LENGTH
    min_new = values.get("min_new_tokens")
    if min_new is None:
        min_new = max(0, given("min_length", 0) - 1)
    eos = _ids(values.get("eos_token_id"))
    suppressed = [
        tuple(sequence) for sequence in given("bad_words_ids", []) if tuple(sequence) not in {(t,) for t in eos}
    ]
    suppressed += [(token,) for token in given("suppress_tokens", [])]
    return GenerationSettings(
        num_beams=int(given("num_beams", 1)),
        max_new_tokens=int(max_new),
        min_new_tokens=int(min_new),
        length_penalty=float(given("length_penalty", 1.0)),
        no_repeat_ngram_size=int(given("no_repeat_ngram_size", 0)),
        repetition_penalty=float(given("repetition_penalty", 1.0)),
        early_stopping=given("early_stopping", False),
        decoder_start_token_id=values.get("decoder_start_token_id"),
        eos_token_ids=eos,
        forced_bos_token_id=values.get("forced_bos_token_id"),
        forced_eos_token_ids=_ids(values.get("forced_eos_token_id")),
        suppressed=tuple(dict.fromkeys(suppressed)),
        max_positions=max_positions,
    )


def read(directory: Path, *, max_positions: int | None = None) -> GenerationSettings:
    """A model folder's settings exactly as transformers loads them: generation_config.json, or failing
    that the generation keys of config.json (transformers 5 moves them out of the model's config)."""
    from transformers import GenerationConfig

    try:
        config = GenerationConfig.from_pretrained(str(directory), local_files_only=True)
    except OSError:
        config = GenerationConfig.from_pretrained(
            str(directory), config_file_name="config.json", _from_model_config=True, local_files_only=True
        )
    return from_generation_config(config, max_positions=max_positions)


def write(settings: GenerationSettings, directory: Path) -> None:
    """Kept beside a converted copy, whose own config.json is CTranslate2's."""
    values = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    (directory / "generation_settings.json").write_text(json.dumps(values), encoding="utf-8")


def load(directory: Path) -> GenerationSettings | None:
    """What `write` kept, or None for a copy made before it was kept."""
    try:
        values = json.loads((directory / "generation_settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    values["eos_token_ids"] = tuple(values["eos_token_ids"])
    values["forced_eos_token_ids"] = tuple(values["forced_eos_token_ids"])
    values["suppressed"] = tuple(tuple(sequence) for sequence in values["suppressed"])
    return GenerationSettings(**values)


def _ids(value: int | Iterable[int] | None) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,)
    return tuple(int(item) for item in value)

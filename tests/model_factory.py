"""Random-weight stand-ins for the default models, built from their genuine configurations and tokenizers.

`../shared/models/` holds the real non-weight files of `Helsinki-NLP/opus-mt-ar-en` and
`sshleifer/distilbart-cnn-12-6`. Every model built here starts from those files: the real vocabulary sizes
and special-token ids, the real generation settings (beams, lengths, length penalty, repeated n-grams,
forced tokens, suppressed tokens), the genuine BART tokenizer, and each repository's own file layout
(`pytorch_model.bin`, no `tokenizer.json`, the repositories' own `tokenizer_config.json`). Only the weights
are random, and, for the tests, the layers are small (`TINY`); the benchmark builds them at full size.

opus-mt-ar-en's own sentencepiece models cannot be obtained, so its tokenizers are trained on the given
lines and padded with placeholder pieces until the joined vocabulary has the real 62,834 entries, with
`</s>` 0, `<unk>` 1 and `<pad>` (also the decoder start, never written) 62,833.
"""

import io
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sentencepiece as spm
import torch
from sentencepiece import sentencepiece_model_pb2
from transformers import (
    BartConfig,
    BartForConditionalGeneration,
    BartTokenizer,
    MarianConfig,
    MarianMTModel,
    MarianTokenizer,
)

# Generated protobuf code, without type information.
ModelProto: Any = sentencepiece_model_pb2.ModelProto  # type: ignore[attr-defined]
REPO_DIR = Path(__file__).resolve().parent.parent
SHARED_MODELS = Path(os.environ.get("SHARED_DIR", REPO_DIR.parent / "shared")) / "models"
OPUS_MT_AR_EN = SHARED_MODELS / "opus-mt-ar-en"
DISTILBART_CNN = SHARED_MODELS / "distilbart-cnn-12-6"

ENGLISH_LINES = [
    "The Russian and Egyptian presidents signed an agreement on comprehensive partnership today.",
    "Putin said the main task in Syria is forming the constitutional committee and rebuilding the country.",
    "Moscow and Cairo agreed to strengthen bilateral coordination on a political settlement.",
    "Trade between Russia and Egypt grew by a third last year, the ministers said.",
    "The foreign ministers also signed a memorandum on political and strategic consultations.",
    "Both leaders discussed the situation in Libya, Yemen and the Palestinian territories.",
]


@dataclass(frozen=True)
class Size:
    """Layer sizes laid over a genuine configuration; `None` keeps the genuine ones."""

    layers: dict[str, int] | None


TINY = Size(
    {
        "d_model": 32,
        "encoder_layers": 1,
        "decoder_layers": 1,
        "encoder_attention_heads": 2,
        "decoder_attention_heads": 2,
        "encoder_ffn_dim": 64,
        "decoder_ffn_dim": 64,
    }
)
REAL = Size(None)


def genuine_config(folder: Path) -> dict:
    """A default model's real config.json, as the hub serves it."""
    return json.loads((folder / "config.json").read_text(encoding="utf-8"))


def build_marian(
    directory: Path,
    source_lines: Iterable[str],
    *,
    target_lines: Iterable[str] = tuple(ENGLISH_LINES * 4),
    size: Size = TINY,
    max_length: int | None = 48,
    seed: int = 0,
    init_std: float = 0.02,
    pieces: tuple[int, int] = (400, 200),
    bias: Mapping[str, float] | None = None,
    never_write_blank: bool = True,
    writes_source_pieces: bool = False,
    extra_target_pieces: Iterable[str] = (),
) -> Path:
    """An opus-mt-ar-en stand-in: the genuine config (layer sizes from `size`, positions from `max_length`,
    None keeping the real 512), source/target sentencepiece models trained on the lines (`pieces` each, at
    most), and the repository's files. The default small random weights give nearly the same output for
    every input; a large `init_std` makes the output depend on the input, for tests that must tell outputs
    apart. `bias` sets the output bias of the pieces whose text contains each key (a model that likes to
    write something). Like a trained model, it writes only target (English) pieces unless
    `writes_source_pieces`: the joined vocabulary also holds the Arabic tokenizer's. `extra_target_pieces`
    are added to the English tokenizer (debris a broken model could write, for the tests of unreadable
    output)."""
    directory.mkdir(parents=True, exist_ok=True)
    config = genuine_config(OPUS_MT_AR_EN)
    vocab_size, pad = config["vocab_size"], config["pad_token_id"]
    source, target = (
        _train_sentencepiece(list(source_lines), pieces[0]),
        _train_sentencepiece(list(target_lines), pieces[1]),
    )
    for text in extra_target_pieces:
        _add_piece(target, text)
    _pad_to_vocabulary(source, target, size=vocab_size - 1)
    (directory / "source.spm").write_bytes(source.SerializeToString())
    (directory / "target.spm").write_bytes(target.SerializeToString())
    vocab = _joined_vocabulary(source, target)
    vocab["<pad>"] = len(vocab)
    assert len(vocab) == vocab_size and vocab["<pad>"] == pad, (len(vocab), vocab["<pad>"])
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(OPUS_MT_AR_EN / "tokenizer_config.json", directory / "tokenizer_config.json")
    shutil.copy(OPUS_MT_AR_EN / "generation_config.json", directory / "generation_config.json")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"),
        target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
    )
    settings = _sized(config, size, max_length, init_std=init_std)
    torch.manual_seed(seed)
    model = MarianMTModel(MarianConfig(**settings))
    placeholders = _placeholders(vocab)
    if not writes_source_pieces:
        placeholders += _source_only(source, target, vocab)
    unwritten = placeholders + (
        _blank_tokens(tokenizer, vocab, placeholders, eos=config["eos_token_id"]) if never_write_blank else []
    )
    _set_output_bias(model, unwritten, -1e4)
    for text, value in (bias or {}).items():
        _set_output_bias(model, [index for token, index in vocab.items() if text in token], value)
    _save(model, settings, directory)
    return directory


def with_output_bias(source: Path, directory: Path, bias: Mapping[int, float]) -> Path:
    """A copy of a built model whose output bias for the given token ids is set to the given values: the
    same model, made to like (or never write) some tokens, without building it again."""
    shutil.copytree(source, directory)
    weights = torch.load(directory / "pytorch_model.bin", weights_only=True)
    for token, value in bias.items():
        weights["final_logits_bias"][0, token] = value
    torch.save(weights, directory / "pytorch_model.bin")
    return directory


def build_bart(
    directory: Path,
    *,
    size: Size = TINY,
    max_length: int | None = 64,
    seed: int = 0,
    init_std: float = 0.02,
    bias: Mapping[int, float] | None = None,
    never_write_blank: bool = True,
) -> Path:
    """A distilbart-cnn-12-6 stand-in: the genuine config (50,264 embeddings, its generation defaults), the
    genuine byte-level BPE tokenizer (50,265 entries: `<mask>` lies outside the embedding, as in the real
    model) and the repository's files. `bias` sets the output bias of the given token ids."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("vocab.json", "merges.txt", "tokenizer_config.json"):
        shutil.copy(DISTILBART_CNN / name, directory / name)
    config = genuine_config(DISTILBART_CNN)
    settings = _sized(config, size, max_length, init_std=init_std)
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(BartConfig(**settings))
    if never_write_blank:
        tokenizer = BartTokenizer.from_pretrained(str(directory))
        _set_output_bias(model, _unreadable_alone(tokenizer, config["vocab_size"], eos=config["eos_token_id"]), -1e4)
    for token, value in (bias or {}).items():
        _set_output_bias(model, [token], value)
    _save(model, settings, directory)
    return directory


def _sized(config: dict, size: Size, max_length: int | None, *, init_std: float) -> dict:
    settings = {**config, **(size.layers or {}), "init_std": init_std}
    if size.layers:  # an alias of encoder_layers in BART-like configs: it must not undo the smaller size
        settings["num_hidden_layers"] = settings["encoder_layers"]
    if max_length is not None:
        settings["max_position_embeddings"] = max_length
    return settings


def _save(model: torch.nn.Module, settings: dict, directory: Path) -> None:
    """The weights as the real repositories have them (pytorch_model.bin) and the config with the genuine
    keys (generation settings included, which transformers 5 would move out of a saved config.json)."""
    torch.save(model.state_dict(), directory / "pytorch_model.bin")
    (directory / "config.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")


def _train_sentencepiece(lines: list[str], vocab_size: int) -> Any:
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    model = ModelProto()
    model.ParseFromString(buffer.getvalue())
    return model


_PLACEHOLDER = "▁placeholder"


def _pad_to_vocabulary(source: Any, target: Any, *, size: int) -> None:
    """Append placeholder pieces (never matched by real text, lowest score) to both models, half each,
    until their joined vocabulary (with </s> and <unk> first) has `size` entries."""
    missing = size - len(_joined_vocabulary(source, target))
    for index in range(missing):
        _add_piece(source if index % 2 == 0 else target, f"{_PLACEHOLDER}{index}")


def _add_piece(model: Any, text: str) -> None:
    """A piece at the lowest score: real text is never cut into it, but the model can write it."""
    piece = model.pieces.add()
    piece.piece = text
    piece.score = -1e6
    piece.type = ModelProto.SentencePiece.NORMAL


def _joined_vocabulary(*models: Any) -> dict[str, int]:
    """The opus-mt layout: </s> 0, <unk> 1, then every piece of the source and target models, once."""
    vocab = {"</s>": 0, "<unk>": 1}
    for model in models:
        for piece in model.pieces:
            vocab.setdefault(piece.piece, len(vocab))
    return vocab


def _source_only(source: Any, target: Any, vocab: Mapping[str, int]) -> list[int]:
    target_pieces = {piece.piece for piece in target.pieces}
    return [vocab[piece.piece] for piece in source.pieces if piece.piece not in target_pieces]


def _placeholders(vocab: Mapping[str, int]) -> list[int]:
    return [index for token, index in vocab.items() if token.startswith(_PLACEHOLDER)]


def _blank_tokens(tokenizer, vocab: Mapping[str, int], placeholders: list[int], *, eos: int) -> list[int]:
    """Every token but the end of text that decodes to nothing or to whitespace only: the special tokens."""
    skipped = set(placeholders) | {eos}
    return [
        index
        for index in vocab.values()
        if index not in skipped and not tokenizer.decode([index], skip_special_tokens=True).strip()
    ]


def _unreadable_alone(tokenizer, vocab_size: int, *, eos: int) -> list[int]:
    """Byte-level BPE entries a trained summarizer would not write on their own: those that decode to nothing,
    to whitespace or control characters, or to a piece of a multi-byte character (shown as U+FFFD)."""
    unwritten = []
    for index in range(vocab_size):
        text = tokenizer.decode([index], skip_special_tokens=True)
        if index != eos and (
            not text.strip() or "\ufffd" in text or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)
        ):
            unwritten.append(index)
    return unwritten


def _set_output_bias(model: torch.nn.Module, token_ids: list[int], value: float) -> None:
    """Set these tokens' output bias (final_logits_bias, which both backends apply): a large negative value
    keeps a token out (random weights would otherwise keep picking one that decodes to nothing, which a
    trained model would not), a positive one makes the model like it."""
    with torch.no_grad():
        model.get_buffer("final_logits_bias")[0, token_ids] = value

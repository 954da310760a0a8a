"""Build small random-weight seq2seq models with real tokenizers, saved with `save_pretrained`.

The app loads them through exactly the code path it uses for hub models; only the weights are random.
"""

import io
import json
from collections.abc import Iterable
from pathlib import Path

import sentencepiece as spm
import torch
from tokenizers import ByteLevelBPETokenizer
from transformers import (
    BartConfig,
    BartForConditionalGeneration,
    BartTokenizer,
    MarianConfig,
    MarianMTModel,
    MarianTokenizer,
)

ENGLISH_LINES = [
    "The Russian and Egyptian presidents signed an agreement on comprehensive partnership today.",
    "Putin said the main task in Syria is forming the constitutional committee and rebuilding the country.",
    "Moscow and Cairo agreed to strengthen bilateral coordination on a political settlement.",
    "Trade between Russia and Egypt grew by a third last year, the ministers said.",
    "The foreign ministers also signed a memorandum on political and strategic consultations.",
    "Both leaders discussed the situation in Libya, Yemen and the Palestinian territories.",
]


def build_marian(
    directory: Path, source_lines: Iterable[str], *, max_length: int = 48, seed: int = 0, init_std: float = 0.02
) -> Path:
    """A MarianMT model with source/target sentencepiece models trained on the given lines. The default
    small random weights give nearly the same output for every input; a large `init_std` makes the
    output depend on the input, for tests that must tell outputs apart."""
    directory.mkdir(parents=True, exist_ok=True)
    _train_sentencepiece(list(source_lines), directory / "source.spm", vocab_size=400)
    _train_sentencepiece(ENGLISH_LINES * 4, directory / "target.spm", vocab_size=200)
    # The opus-mt layout: </s> 0, <unk> 1, pieces, and <pad> (also the decoder start) last.
    vocab = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        processor = spm.SentencePieceProcessor(model_file=str(directory / name))
        for index in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(index), len(vocab))
    vocab["<pad>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"),
        target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
        model_max_length=max_length,
    )
    tokenizer.save_pretrained(directory)
    config = MarianConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=max_length,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=0,
        init_std=init_std,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    _never_write(model, _blank_tokens(tokenizer, eos=0))
    model.save_pretrained(directory)
    return directory


def build_bart(directory: Path, *, max_length: int = 64, seed: int = 0) -> Path:
    """A BART model with a byte-level BPE tokenizer trained on a few English news lines."""
    directory.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        ENGLISH_LINES * 4,
        vocab_size=400,
        min_frequency=1,
        show_progress=False,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
    )
    bpe.save_model(str(directory))
    tokenizer = BartTokenizer(
        vocab=str(directory / "vocab.json"), merges=str(directory / "merges.txt"), model_max_length=max_length
    )
    tokenizer.save_pretrained(directory)
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=max_length,
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    _never_write(model, _blank_tokens(tokenizer, eos=tokenizer.eos_token_id))
    model.save_pretrained(directory)
    return directory


def _blank_tokens(tokenizer, *, eos: int) -> list[int]:
    """Every token but the end of text that decodes to nothing or to whitespace only: special tokens and,
    in a byte-level vocabulary, control bytes such as \x1d (which str.strip() removes)."""
    return [
        index
        for index in range(len(tokenizer))
        if index != eos and not tokenizer.decode([index], skip_special_tokens=True).strip()
    ]


def _never_write(model: torch.nn.Module, token_ids: list[int]) -> None:
    """Random weights may keep picking a token that decodes to nothing, leaving a whitespace-only output
    the pipeline rightly fails as "no text"; a trained model would not. A large negative output bias
    (final_logits_bias, which both backends apply) keeps such tokens out, so tests see text."""
    with torch.no_grad():
        model.get_buffer("final_logits_bias")[0, token_ids] = -1e4


def _train_sentencepiece(lines: list[str], path: Path, *, vocab_size: int) -> None:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())

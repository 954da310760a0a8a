"""Benchmark: the project's pipeline against the usual transformers code, on real-size models.

Builds random-weight models from the default models' genuine files in ../shared/models, through the same
factory as the tests (tests/model_factory.py) at full size: opus-mt-ar-en (Marian, d_model 512, 6+6
layers, 62,834 vocabulary entries with <pad> 62,833, its generation config) and distilbart-cnn-12-6
(BART, d_model 1024, 12+6 layers, 50,264 embeddings, the genuine 50,265-entry BPE tokenizer, its
generation defaults: beam 4, length penalty 2.0, no repeated trigrams). It uses the real sentence lengths
of the fixture article (or --input).

Speed: every variant generates the same number of tokens per sentence (minimum = maximum), so all do the
same work and timings mean what they would with trained weights. Each variant runs in its own process
(fresh memory, own peak RSS), translates and summarizes the article once to warm up, then `--repeat` more
times; the fastest timed run counts:

- baseline: transformers `generate` once per sentence, beam 4, float32 (what most projects do);
- transformers: this project's engines (length-sorted batches) on the transformers backend;
- ct2: this project's engines on the CTranslate2 int8 backend, as configured by default;
- ct2-whole-vocab: the same with CT2_VOCABULARY_MAP=0, the decoder scoring every vocabulary entry
  instead of the target-language ones (opus-mt's vocabulary also holds the Arabic tokenizer's pieces;
  the stand-in's two tokenizers are trained to 32k pieces each on the shared corpora and padded to the
  real 62,834 entries, so its map leaves out about half, as the real one should);
- ct2-float32: CTranslate2 with compute_type float32, transformers' arithmetic (CT2_COMPUTE_TYPE=float32).

Agreement: each variant also decodes the same inputs with the models' own settings (no forced length,
output capped at the timing runs' lengths, since random weights rarely end on their own), and the
report gives how often each CTranslate2 variant writes exactly what the transformers float32 reference
writes: the share of identical outputs and of identical tokens (position by position, over the longer
of the two). Random weights have flat distributions with many near-ties, which int8 rounding tips one
way or the other far more often than a trained model's peaked ones, so the int8 figures are a floor.

Summarization input is real English news text from NTREX of the same token length as the forced
translation output, since random translations are not English. Usage:

    python bench/pipeline.py [--input FILE] [--json] [--device cpu|cuda] [--repeat N]
"""

import argparse
import json
import os
import re
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from pipeline_report import BEAMS, SPEED_VARIANTS, pipeline_report, report_table

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
FIXTURE = SHARED / "fixtures" / "ar_news_putin_sisi.txt"
NTREX = SHARED / "corpora" / "ntrex128-ar-en"
CACHE = REPO / "var" / "bench"
# The stand-ins' tokenizers: ~32k pieces each, as opus-mt's own (judging by its 62,834 joined entries).
MARIAN_PIECES = 32_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=FIXTURE, help="UTF-8 Arabic article (default: the fixture)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    parser.add_argument("--summary-tokens", type=int, default=60, help="tokens generated for the summary")
    parser.add_argument(
        "--repeat", type=int, default=2, help="timed runs per variant after the warm-up (the fastest counts)"
    )
    parser.add_argument("--skip-baseline", action="store_true", help="only the project's variants")
    args = parser.parse_args()

    _setup_django()
    paths = build_models(CACHE)
    sentences = _sentences(args.input.read_text(encoding="utf-8"))
    tokens_per_sentence = _mean_source_tokens(paths["marian"], sentences)
    english = _english_text(paths["bart"], tokens_per_sentence * len(sentences))
    job = {
        "paths": {key: str(value) for key, value in paths.items()},
        "sentences": sentences,
        # Agreement is measured on more text than the timing: the article's sentences and 24 NTREX ones;
        # summaries of 6 NTREX passages of the article's translated size.
        "agreement_sentences": sentences + _ntrex("newstest2019-ref.arb.txt")[:24],
        "agreement_english": [
            _english_text(paths["bart"], tokens_per_sentence * len(sentences), skip=start)
            for start in range(0, 240, 40)
        ],
        "tokens_per_sentence": tokens_per_sentence,
        "summary_tokens": args.summary_tokens,
        "english": english,
        "device": args.device,
        "repeat": max(1, args.repeat),
        "decoder_vocabulary": _decoder_vocabulary(paths["marian"]),
    }
    variants = ([] if args.skip_baseline else ["baseline"]) + ["transformers", "ct2", "ct2-whole-vocab", "ct2-float32"]
    results = {name: _in_fresh_process(name, job) for name in variants}
    report = pipeline_report(results, job)
    print(json.dumps(report, indent=None if args.json else 2) if args.json else report_table(report))


# --- building the real-size random models (cached under var/bench) --------------------------------


def build_models(cache: Path) -> dict[str, Path]:
    """Marian and BART from the genuine files with random weights, plus their CTranslate2 copies (int8 and
    float32). A folder per version of the factory, so a changed factory builds anew."""
    import hashlib

    from django.test import override_settings

    from summaries.engines import conversion

    factory = hashlib.sha256((REPO / "tests" / "model_factory.py").read_bytes()).hexdigest()[:12]
    root = cache / factory
    marian, bart = root / "opus-mt-ar-en-random", root / "distilbart-cnn-12-6-random"
    if not (marian / "pytorch_model.bin").exists():
        _build_marian(marian)
    if not (bart / "pytorch_model.bin").exists():
        _build_bart(bart)
    paths = {"marian": marian, "bart": bart, "ct2": root / "ct2", "ct2-float32": root / "ct2-float32"}
    for key, quantization in (("ct2", "int8"), ("ct2-float32", "float32")):
        with override_settings(SUMMARIES_CT2_DIR=paths[key]):
            for model in (marian, bart):
                conversion.convert(str(model), quantization=quantization)
    return paths


def _build_marian(directory: Path) -> None:
    """Tokenizers trained on ~170k words of Arabic news (the fixture excluded) segment Arabic at about 1.55
    pieces per word, close to opus-mt's own 32k-piece model, so source lengths are realistic."""
    from tests.model_factory import REAL, build_marian

    building = directory.with_name(directory.name + ".building")
    build_marian(
        building,
        _arabic_corpus(),
        target_lines=_ntrex("newstest2019-src.eng.txt"),
        size=REAL,
        max_length=None,
        pieces=(MARIAN_PIECES, MARIAN_PIECES),
    )
    building.rename(directory)


def _build_bart(directory: Path) -> None:
    from tests.model_factory import REAL, build_bart

    building = directory.with_name(directory.name + ".building")
    build_bart(building, size=REAL, max_length=None)
    building.rename(directory)


# --- the variants (each runs in a fresh process) ----------------------------------------------------


def _in_fresh_process(name: str, job: dict) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_variant, name, job).result()


def run_variant(name: str, job: dict) -> dict:
    """Translate every sentence, then summarize; returns timings, the outputs decoded with the models' own
    settings (for agreement) and this process's peak memory."""
    float32 = name == "ct2-float32"
    os.environ.update(
        TRANSLATION_MODEL=job["paths"]["marian"],
        SUMMARIZATION_MODEL=job["paths"]["bart"],
        CT2_MODELS_DIR=job["paths"]["ct2-float32" if float32 else "ct2"],
        CT2_COMPUTE_TYPE="float32" if float32 else "auto",
        DEVICE=job["device"],
        INFERENCE_BACKEND="ctranslate2" if name.startswith("ct2") else "transformers",
        CT2_VOCABULARY_MAP="0" if name == "ct2-whole-vocab" else "1",
    )
    _setup_django()
    result: dict = {}
    if name in SPEED_VARIANTS:
        translate, summarize = (_baseline if name == "baseline" else _project)(job)
        # Warm-up: a worker keeps its models loaded, so first-call allocations (of every CTranslate2
        # replica, of torch's kernels) are not part of the steady state a job sees. Every variant gets the
        # same treatment: one untimed article, then the fastest of `repeat` timed ones.
        translate(job["sentences"])
        summarize(job["english"])
        result.update(
            translation_seconds=min(_timed(translate, job["sentences"]) for _ in range(job["repeat"])),
            summary_seconds=min(_timed(summarize, job["english"]) for _ in range(job["repeat"])),
            output_tokens=job["tokens_per_sentence"] * len(job["sentences"]),
        )
    if name != "baseline":
        result["outputs"] = _natural_outputs(job)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _natural_outputs(job: dict) -> dict[str, list[list[int]]]:
    """The tokens each model writes with its own generation settings, the output capped at the timing
    runs' lengths (random weights rarely end on their own before their 511 or 141 tokens)."""
    from summaries import engines

    translator = engines.get_translator("ar").backend
    summarizer = engines.get_summarizer().backend
    return {
        "translation": translator.generate_tokens(
            job["agreement_sentences"], max_new_tokens=job["tokens_per_sentence"]
        ),
        "summary": [
            tokens
            for text in job["agreement_english"]
            for tokens in summarizer.generate_tokens([text], max_new_tokens=job["summary_tokens"])
        ],
    }


def _timed(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return time.perf_counter() - started


def _baseline(job: dict):
    """transformers generate, one sentence per call, beam 4, float32: the common public-code pattern."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    n, s, device = job["tokens_per_sentence"], job["summary_tokens"], job["device"]
    marian_tokenizer = AutoTokenizer.from_pretrained(job["paths"]["marian"])
    marian = AutoModelForSeq2SeqLM.from_pretrained(job["paths"]["marian"]).to(device).eval()
    bart_tokenizer = AutoTokenizer.from_pretrained(job["paths"]["bart"])
    bart = AutoModelForSeq2SeqLM.from_pretrained(job["paths"]["bart"]).to(device).eval()

    def translate(sentences: list[str]) -> None:
        with torch.inference_mode():
            for sentence in sentences:
                batch = marian_tokenizer(sentence, return_tensors="pt", truncation=True).to(device)
                marian.generate(**batch, num_beams=BEAMS, min_new_tokens=n, max_new_tokens=n)

    def summarize(text: str) -> None:
        with torch.inference_mode():
            batch = bart_tokenizer(text, return_tensors="pt", truncation=True, max_length=1024).to(device)
            bart.generate(**batch, num_beams=BEAMS, min_new_tokens=s, max_new_tokens=s)

    return translate, summarize


def _project(job: dict):
    """This project's engines, exactly as the worker builds them, with the output length pinned."""
    from summaries import engines

    translator = engines.get_translator("ar")
    translator.num_beams = BEAMS
    translator.min_new_tokens = translator.max_new_tokens = job["tokens_per_sentence"]
    summarizer = engines.get_summarizer()
    summarizer.num_beams = BEAMS
    summarizer.min_new_tokens = summarizer.max_new_tokens = job["summary_tokens"]

    def summarize(text: str) -> None:
        summarizer([text])

    return translator, summarize


# --- inputs and report ------------------------------------------------------------------------------


def _setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()


def _sentences(text: str) -> list[str]:
    from summaries.engines.segmentation import split_sentences

    return split_sentences(text)


def _mean_source_tokens(marian: Path, sentences: list[str]) -> int:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(marian)
    counts = [len(ids) for ids in tokenizer(sentences)["input_ids"]]
    return round(sum(counts) / len(counts))


def _decoder_vocabulary(marian: Path) -> str:
    """How many vocabulary entries the CTranslate2 decoder scores with the vocabulary map."""
    from summaries.engines.conversion import target_vocabulary

    total = len(json.loads((marian / "vocab.json").read_text(encoding="utf-8")))
    kept = target_vocabulary(marian)
    return f"{len(kept) if kept else total} of {total}"


def _english_text(bart: Path, tokens: int, *, skip: int = 0) -> str:
    """Consecutive NTREX English sentences, from the `skip`-th on, adding up to about `tokens` tokens (the
    translation's size)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(bart)
    chosen: list[str] = []
    for line in _ntrex("newstest2019-src.eng.txt")[skip:]:
        chosen.append(line)
        if len(tokenizer(" ".join(chosen))["input_ids"]) >= tokens:
            break
    return " ".join(chosen)


def _arabic_corpus() -> list[str]:
    """Arabic news sentences from the shared corpora (NTREX, FLORES, TICO-19, ANT articles)."""
    corpora = SHARED / "corpora"
    files = [
        NTREX / "newstest2019-ref.arb.txt",
        corpora / "flores200-arb-eng" / "arb_Arab.dev",
        corpora / "flores200-arb-eng" / "arb_Arab.devtest",
        corpora / "tico19-ara-eng" / "tico19-test.ara",
        *sorted(path for path in (corpora / "ant-arabic-news" / "articles").rglob("*") if path.is_file()),
    ]
    lines: list[str] = []
    for path in files:
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8", errors="ignore"))
        lines.extend(line.strip() for line in text.splitlines() if len(line.strip()) > 20)
    return lines


def _ntrex(name: str) -> list[str]:
    return [line.strip() for line in (NTREX / name).read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    main()

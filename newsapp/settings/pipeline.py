"""The models and the pipeline: which models, how they reach the disk, what runs them, how much they
generate, and what the intake accepts.

A model setting is a Hugging Face hub id or a local directory written by `save_pretrained`. Hub models are
fetched into the Hugging Face cache by the worker's background fetcher (AUTO_DOWNLOAD_MODELS) or by
`manage.py download_models`; the worker itself only ever loads what is on disk.
"""

import re
from pathlib import Path

from huggingface_hub import constants as hub_constants
from marshmallow.validate import Regexp

from newsapp.environment import OneOf, env, fraction, integer, optional_integer

from .base import VAR_DIR

SUMMARIES_TRANSLATION_MODEL = env.str("TRANSLATION_MODEL", "Helsinki-NLP/opus-mt-ar-en")
# More source languages, e.g. "fr=Helsinki-NLP/opus-mt-fr-en"; TRANSLATION_MODEL is the Arabic default.
SUMMARIES_TRANSLATION_MODELS = env.mapping("TRANSLATION_MODELS", "")
SUMMARIES_SUMMARIZATION_MODEL = env.str("SUMMARIZATION_MODEL", "sshleifer/distilbart-cnn-12-6")
# "auto": the CTranslate2 int8 copy when one exists or can be made (several times faster), PyTorch
# (transformers) otherwise; "ctranslate2" or "transformers" force one.
SUMMARIES_INFERENCE_BACKEND = env.str(
    "INFERENCE_BACKEND", "auto", validate=OneOf(["auto", "ctranslate2", "transformers"])
)
SUMMARIES_CT2_DIR = env.path("CT2_MODELS_DIR", VAR_DIR / "ct2")
# Workers fetch missing hub models in the background when they start (and convert them for CTranslate2);
# 0 for sites that provision the models themselves (`download_models`, a copied cache, local directories).
SUMMARIES_AUTO_DOWNLOAD_MODELS = env.bool("AUTO_DOWNLOAD_MODELS", True)
# Where hub models are kept and fetched from: huggingface_hub's own variables (HF_HOME, HF_HUB_CACHE,
# HF_ENDPOINT, HF_HUB_OFFLINE, HF_TOKEN) decide, as for every other Hugging Face tool on the machine.
SUMMARIES_HF_CACHE = Path(hub_constants.HF_HUB_CACHE)
SUMMARIES_HUB_ENDPOINT = hub_constants.ENDPOINT
# Seconds to wait for the hub to connect or answer before counting it unreachable (no retry loops).
SUMMARIES_HUB_TIMEOUT = integer("HUB_TIMEOUT", 10, minimum=1)
# How often the background fetcher tries again while the hub is unreachable.
SUMMARIES_MODEL_RETRY_INTERVAL = integer("MODEL_RETRY_INTERVAL", 60, minimum=1)
# auto: a GPU when one is present, else the CPU; or cpu, cuda, cuda:N.
SUMMARIES_DEVICE = env.str(
    "DEVICE",
    "auto",
    validate=Regexp(re.compile(r"^(auto|cpu|cuda(:\d+)?)$"), error="must be auto, cpu, cuda or cuda:N"),
)
SUMMARIES_CPU_THREADS = integer("CPU_THREADS", 0)
# CTranslate2 copies of opus-mt models decode over target-language entries only (see conversion.py).
SUMMARIES_CT2_VOCABULARY_MAP = env.bool("CT2_VOCABULARY_MAP", True)
# CTranslate2's arithmetic: auto is int8 on a CPU, int8_float16 on a GPU; float32 writes what transformers
# writes, token for token (slower).
SUMMARIES_CT2_COMPUTE_TYPE = env.str(
    "CT2_COMPUTE_TYPE",
    "auto",
    validate=OneOf(["auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32"]),
)
SUMMARIES_TRANSLATION_BATCH_SIZE = integer("TRANSLATION_BATCH_SIZE", 16, minimum=1)
# How the models write. Unset, each model's own generation settings apply (its generation_config.json, or
# config.json in older repositories), on both backends as transformers' generate applies them:
# opus-mt-ar-en 4 beams and up to 511 tokens, distilbart-cnn-12-6 4 beams and 55 to 141 tokens, its length
# penalty, no repeated trigrams, early stopping. A value set here overrides the model's, for that setting.
SUMMARIES_TRANSLATION_NUM_BEAMS = optional_integer("TRANSLATION_NUM_BEAMS", minimum=1)
SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = optional_integer("TRANSLATION_MAX_NEW_TOKENS", minimum=1)
SUMMARIES_SUMMARY_NUM_BEAMS = optional_integer("SUMMARY_NUM_BEAMS", minimum=1)
SUMMARIES_SUMMARY_MAX_NEW_TOKENS = optional_integer("SUMMARY_MAX_NEW_TOKENS", minimum=1)
SUMMARIES_SUMMARY_MIN_NEW_TOKENS = optional_integer("SUMMARY_MIN_NEW_TOKENS", minimum=0)
# translate-summarize (abstractive) or extract-translate (faithful: translate only the key sentences).
SUMMARIES_STRATEGY = env.str(
    "SUMMARY_STRATEGY", "translate-summarize", validate=OneOf(["translate-summarize", "extract-translate"])
)
SUMMARIES_LENGTH = env.str("SUMMARY_LENGTH", "medium", validate=OneOf(["short", "medium", "long"]))
# Summary sentences and translations whose support score is below this are flagged "check this".
# 0.787 flags 5 % of true NTREX translations on the tuning split (`manage.py evaluate grounding --tune`).
SUMMARIES_SUPPORT_THRESHOLD = fraction("SUPPORT_THRESHOLD", 0.787)
# The learned fact checker scores each translated sentence and blames words (summaries/engines/checker/);
# off means embedding similarity with fixed penalties. FACT_CHECKER_PATH: a file trained by
# `manage.py train_checker --output PATH` instead of the one shipped with the app.
SUMMARIES_FACT_CHECKER = env.bool("FACT_CHECKER", True)
SUMMARIES_FACT_CHECKER_PATH = env.str("FACT_CHECKER_PATH", "")
# Multilingual sentence embeddings for ranking and grounding; off means TF-IDF fallbacks.
SUMMARIES_EMBEDDINGS = env.bool("EMBEDDINGS", True)
# "Similar articles" lists articles whose stored vectors (multilingual-e5, centred on their language: see
# summaries/related/services.py) are at least this close (cosine). On 120 FLORES-200 articles in both languages,
# 99 % of articles score at least 0.39 with their translation and 99.9 % of unrelated pairs below 0.33.
SUMMARIES_SIMILAR_THRESHOLD = fraction("SIMILAR_THRESHOLD", 0.35)

# What the intake accepts.
SUMMARIES_MIN_ARTICLE_CHARS = integer("MIN_ARTICLE_CHARS", 80, minimum=1)
SUMMARIES_MAX_ARTICLE_CHARS = integer("MAX_ARTICLE_CHARS", 100_000, minimum=SUMMARIES_MIN_ARTICLE_CHARS)
SUMMARIES_MAX_UPLOAD_BYTES = integer("MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1)
# A .docx is a zip: refuse one that declares or actually unpacks to more than this (zip bombs).
SUMMARIES_MAX_UNPACKED_BYTES = integer("MAX_UNPACKED_BYTES", 50 * 1024 * 1024, minimum=1)
# Word, PDF and HTML files are parsed in a child process with this much memory (on top of what it starts
# with) and this many seconds of CPU and wall-clock time; a file that needs more is refused as too complex.
SUMMARIES_EXTRACT_MEMORY_MB = integer("EXTRACT_MEMORY_MB", 512, minimum=32)
SUMMARIES_EXTRACT_SECONDS = integer("EXTRACT_SECONDS", 20, minimum=1)
# What one request (a form post, an API call) may spend parsing all its files together: each file gets
# what is left, up to the limits above, and the files after that are not read (each says so). A post of 20
# hostile files used to take 20 times a file's budget.
SUMMARIES_REQUEST_EXTRACT_SECONDS = integer("REQUEST_EXTRACT_SECONDS", 30, minimum=1)
SUMMARIES_REQUEST_EXTRACT_MEMORY_MB = integer("REQUEST_EXTRACT_MEMORY_MB", 1024, minimum=32)
# Files parsed at the same time by one process (each child up to EXTRACT_MEMORY_MB); a request waits for a
# turn, and the wait counts against its time.
SUMMARIES_EXTRACT_CONCURRENCY = integer("EXTRACT_CONCURRENCY", 2, minimum=1)
# Below this detector score the language counts as unrecognised.
SUMMARIES_LANGUAGE_MIN_CONFIDENCE = fraction("LANGUAGE_MIN_CONFIDENCE", 0.4)
# The same text with the same models reuses the earlier result unless this is off (or the form asks).
SUMMARIES_REUSE_DUPLICATES = env.bool("REUSE_DUPLICATES", True)
# The editors' glossary: at most this many entries (an import that would pass it is refused whole, saying
# so), and an import file of at most this size (100,000 rows fit). Matching costs the same per sentence at
# any size (bench/glossary.py); the limit keeps the workers' memory and the compile after a change bounded.
SUMMARIES_GLOSSARY_MAX_ENTRIES = integer("GLOSSARY_MAX_ENTRIES", 200_000, minimum=1)
SUMMARIES_GLOSSARY_MAX_FILE_BYTES = integer("GLOSSARY_MAX_FILE_BYTES", SUMMARIES_MAX_UPLOAD_BYTES, minimum=1)

"""Translation quality (chrF, BLEU) on NTREX documents, only with a trained model.

Random-weight test models would produce numbers that mean nothing, so a model that cannot be
loaded, or that is too small to be a trained translation model, is skipped with the reason.
"""

from collections import defaultdict

from ..engines import get_translator
from ..exceptions import ModelMissing
from .corpora import Pair
from .metrics import chrf_bleu

# Trained MarianMT/NLLB-style models take at least this many input tokens; the test models take 48.
_MIN_REAL_INPUT_LIMIT = 256


def evaluate(pairs: list[Pair], *, documents: int | None) -> dict:
    try:
        translator = get_translator("ar")
    except ModelMissing as exc:
        return {"skipped": f"no translation model could be loaded: {exc.message}"}
    if translator.backend.max_input_tokens < _MIN_REAL_INPUT_LIMIT:
        return {"skipped": f"{translator.model_id} is a test-size model (input limit "
                           f"{translator.backend.max_input_tokens} tokens); no quality is reported for it"}
    grouped: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        grouped[pair.document].append(pair)
    chosen = [pair for document in sorted(grouped)[:documents] for pair in grouped[document]]
    hypotheses = translator([pair.arabic for pair in chosen])
    scores = chrf_bleu(hypotheses, [pair.english for pair in chosen])
    return {"model": translator.model_id, "sentences": len(chosen)} | {k: round(v, 2) for k, v in scores.items()}

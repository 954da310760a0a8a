"""Translation quality (chrF, BLEU on NTREX) and abstractive summaries (ROUGE on ANT), trained models only.

Random-weight test models would produce numbers that mean nothing, so a model that cannot be
loaded, or that is too small to be a trained translation model, is skipped with the reason.
"""

from collections import defaultdict
from statistics import mean

from summaries.common.exceptions import ModelMissing
from summaries.engines import get_summarizer, get_translator
from summaries.engines.segmentation import split_sentences
from summaries.quality.evaluation.corpora import AntArticle, Pair
from summaries.quality.evaluation.metrics import chrf_bleu, rouge

# Trained MarianMT/NLLB-style models take at least this many input tokens; the test models take 48.
_MIN_REAL_INPUT_LIMIT = 256


def evaluate(pairs: list[Pair], *, documents: int | None) -> dict:
    try:
        translator = get_translator("ar")
    except ModelMissing as exc:
        return {"skipped": f"no translation model could be loaded: {exc.message}"}
    if translator.backend.max_input_tokens < _MIN_REAL_INPUT_LIMIT:
        return {
            "skipped": f"{translator.model_id} is a test-size model (input limit "
            f"{translator.backend.max_input_tokens} tokens); no quality is reported for it"
        }
    grouped: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        grouped[pair.document].append(pair)
    chosen = [pair for document in sorted(grouped)[:documents] for pair in grouped[document]]
    hypotheses = translator([pair.arabic for pair in chosen])
    scores = chrf_bleu(hypotheses, [pair.english for pair in chosen])
    return {"model": translator.model_id, "sentences": len(chosen)} | {k: round(v, 2) for k, v in scores.items()}


def evaluate_summaries(articles: list[AntArticle]) -> dict:
    """ROUGE of the English summary against the journalists' abstract translated by the same model.

    ANT abstracts are Arabic; translating them with the configured model gives an English reference
    whose translation errors are shared with the summary's input, so this measures the summarizer.
    """
    try:
        translator, summarizer = get_translator("ar"), get_summarizer()
    except ModelMissing as exc:
        return {"skipped": f"the models could not be loaded: {exc.message}"}
    for backend in (translator.backend, summarizer.backend):
        if backend.max_input_tokens < _MIN_REAL_INPUT_LIMIT:
            return {"skipped": f"{backend.model_id} is a test-size model; no quality is reported for it"}
    scores = []
    for article in articles:
        english = " ".join(translator(split_sentences(article.text)))
        reference = " ".join(translator(split_sentences(article.abstract)))
        scores.append(rouge(summarizer([english])[0], reference))
    return {"articles": len(scores)} | {
        metric: round(mean(score[metric] for score in scores), 4) for metric in ("rouge1", "rouge2", "rougeL")
    }

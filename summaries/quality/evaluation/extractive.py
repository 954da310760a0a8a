"""The faithful strategy's sentence ranker against journalists' abstracts (ANT multi-source corpus).

Three picks of three sentences per article, scored by ROUGE against the abstract: the project's
ranker (embeddings TextRank with a lead prior), lead-3, and plain TF-IDF TextRank.
"""

from statistics import mean

from summaries.engines.embeddings import Embedder
from summaries.engines.ranking import select_sentences, textrank, tfidf_similarity
from summaries.engines.segmentation import split_sentences
from summaries.quality.evaluation.corpora import AntArticle
from summaries.quality.evaluation.metrics import rouge

_COUNT = 3


def evaluate(articles: list[AntArticle], *, embedder: Embedder | None) -> dict:
    results: dict[str, dict] = {}
    for subset, members in (
        ("copied", [a for a in articles if a.copies_opening]),
        ("rewritten", [a for a in articles if not a.copies_opening]),
    ):
        picks: dict[str, list[dict[str, float]]] = {"ranker": [], "lead3": [], "textrank": []}
        for article in members:
            sentences = split_sentences(article.text)
            chosen = {
                "ranker": select_sentences(sentences, _COUNT, embedder=embedder),
                "lead3": list(range(min(_COUNT, len(sentences)))),
                "textrank": _tfidf_textrank(sentences),
            }
            for name, indices in chosen.items():
                picks[name].append(rouge(" ".join(sentences[i] for i in indices), article.abstract))
        results[subset] = {"articles": len(members)} | {
            metric: {
                name: round(mean(s[metric] for s in scores), 4) if scores else None for name, scores in picks.items()
            }
            for metric in ("rouge1", "rouge2", "rougeL")
        }
    return results


def _tfidf_textrank(sentences: list[str]) -> list[int]:
    if len(sentences) <= _COUNT:
        return list(range(len(sentences)))
    scores = textrank(tfidf_similarity(sentences))
    return sorted(sorted(range(len(sentences)), key=lambda index: scores[index], reverse=True)[:_COUNT])

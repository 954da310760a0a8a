"""IBM Model 1 word alignment by expectation-maximisation, vectorised with numpy (training only).

Why not eflomal from the registries: it was tried, and its Gibbs sampler seeds itself from the system
(`random_system_state` in eflomal.c, no option to fix it), so two trainings on the same data give two
different tables and the checker could not be rebuilt reproducibly. Model 1 is deterministic, needs no
compiler, and on a few thousand sentence pairs of light stems gives the lexical table the checker needs
(which English word a source word is usually rendered by); the checker never uses alignment positions.
"""

from collections.abc import Sequence

import numpy as np

NULL = "<null>"


def translation_table(
    source: Sequence[Sequence[str]], target: Sequence[Sequence[str]], *, iterations: int = 8
) -> dict[str, dict[str, float]]:
    """p(target word | source word) for every pair seen together, NULL included as a source word."""
    source_vocab = sorted({word for sentence in source for word in sentence} | {NULL})
    target_vocab = sorted({word for sentence in target for word in sentence})
    source_ids = {word: index for index, word in enumerate(source_vocab)}
    target_ids = {word: index for index, word in enumerate(target_vocab)}
    pairs, groups = _links(source, target, source_ids, target_ids, len(target_vocab))
    keys, pair_index = np.unique(pairs, return_inverse=True)
    source_of_key = keys // len(target_vocab)
    probability = np.ones(len(keys))
    for _ in range(iterations):
        weight = probability[pair_index]
        posterior = weight / np.bincount(groups, weight)[groups]
        counts = np.bincount(pair_index, posterior, minlength=len(keys))
        probability = counts / np.bincount(source_of_key, counts)[source_of_key]
    table: dict[str, dict[str, float]] = {}
    for key, value in zip(keys.tolist(), probability.tolist(), strict=True):
        source_word, target_word = source_vocab[key // len(target_vocab)], target_vocab[key % len(target_vocab)]
        table.setdefault(source_word, {})[target_word] = value
    return table


def _links(
    source: Sequence[Sequence[str]],
    target: Sequence[Sequence[str]],
    source_ids: dict[str, int],
    target_ids: dict[str, int],
    target_size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Every (source word, target word) a sentence pair allows, keyed, with the target position it explains."""
    keys, groups = [], []
    group = 0
    null = source_ids[NULL]
    for source_sentence, target_sentence in zip(source, target, strict=True):
        sources = np.array([null] + [source_ids[word] for word in source_sentence], dtype=np.int64)
        for word in target_sentence:
            keys.append(sources * target_size + target_ids[word])
            groups.append(np.full(len(sources), group, dtype=np.int64))
            group += 1
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(keys), np.concatenate(groups)

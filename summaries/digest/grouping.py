"""The digest's grouping, as pure functions: same-story clusters by embedding, the rest by outlet.

No database and no Django models here, so the threshold can be tested on corpus text alone
(tests/summaries/digest/test_threshold.py). digest/services.py builds the items and calls these.
"""

from collections.abc import Callable, Sequence
from typing import TypedDict

import numpy as np


class DigestItem(TypedDict):
    """One approved summary as the digest shows it; plain JSON, so a published digest can keep it as it was."""

    summary_id: int
    article_id: str
    headline: str
    headline_lang: str
    headline_dir: str
    text: str
    outlet: str
    outlet_lang: str
    outlet_dir: str
    source_url: str
    approved_at: str


class DigestGroup(TypedDict):
    """A story several outlets covered (`kind` "story") or one outlet's other items (`kind` "outlet")."""

    kind: str
    outlet: str
    outlet_lang: str
    outlet_dir: str
    items: list[DigestItem]


STORY = "story"
OUTLET = "outlet"


def cluster(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering by cosine similarity, stopping below `threshold`.

    Average link rather than single link: one borderline pair cannot chain two stories together. Always the
    most similar pair merges first, ties going to the lowest indexes, so the same input gives the same
    clusters; each cluster lists its indexes in order and clusters come in the order of their first index.
    """
    count = len(vectors)
    if count == 0:
        return []
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    similarity = (unit @ unit.T).astype(np.float64)
    np.fill_diagonal(similarity, -np.inf)
    sizes = np.ones(count)
    members: list[list[int]] = [[index] for index in range(count)]
    while True:
        best = int(np.argmax(similarity))  # row-major: the first of equal maxima has the lower indexes
        first, second = divmod(best, count)
        if similarity[first, second] < threshold:
            break
        # Lance-Williams update for average link: the merged cluster's similarity to every other one.
        merged = (sizes[first] * similarity[first] + sizes[second] * similarity[second]) / (
            sizes[first] + sizes[second]
        )
        similarity[first, :] = merged
        similarity[:, first] = merged
        similarity[second, :] = -np.inf
        similarity[:, second] = -np.inf
        similarity[first, first] = -np.inf
        sizes[first] += sizes[second]
        members[first] = sorted(members[first] + members[second])
        members[second] = []
    return sorted((group for group in members if group), key=lambda group: group[0])


def group_items(
    items: Sequence[DigestItem],
    *,
    embed: Callable[[list[str]], np.ndarray] | None,
    threshold: float,
) -> list[DigestGroup]:
    """Stories covered by more than one outlet first (largest first), then each outlet's remaining items
    (outlets alphabetically, items without an outlet last). Items keep the order they came in.

    Without an embedder (disabled or not installed) there are no stories, only outlets; with one outlet
    nothing is embedded.
    """
    several_outlets = len({item["outlet"] for item in items}) > 1  # otherwise no story can span outlets
    clusters = cluster(embed([_embedding_text(item) for item in items]), threshold) if embed and several_outlets else []
    stories = [indexes for indexes in clusters if len({items[index]["outlet"] for index in indexes}) > 1]
    in_story = {index for indexes in stories for index in indexes}
    groups = [
        _group(STORY, [items[index] for index in indexes])
        for indexes in sorted(stories, key=lambda indexes: (-len(indexes), indexes[0]))
    ]
    by_outlet: dict[str, list[DigestItem]] = {}
    for index, item in enumerate(items):
        if index not in in_story:
            by_outlet.setdefault(item["outlet"], []).append(item)
    for outlet in sorted(by_outlet, key=lambda name: (name == "", name.casefold(), name)):
        groups.append(_group(OUTLET, by_outlet[outlet]))
    return groups


def _group(kind: str, items: list[DigestItem]) -> DigestGroup:
    first = items[0]
    outlet = first["outlet"] if kind == OUTLET else ""
    return {
        "kind": kind,
        "outlet": outlet,
        "outlet_lang": first["outlet_lang"] if outlet else "",
        "outlet_dir": first["outlet_dir"] if outlet else "auto",
        "items": items,
    }


def _embedding_text(item: DigestItem) -> str:
    """The English headline and summary: every item has English text, whatever its source language."""
    headline = item["headline"] if item["headline_lang"] == "en" else ""
    return f"{headline}\n{item['text']}".strip()

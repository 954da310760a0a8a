"""Loaders for the shared evaluation corpora (NTREX-128 ar-en, ANT multi-source Arabic news)."""

import os
import re
from dataclasses import dataclass
from pathlib import Path


def shared_dir() -> Path:
    """../shared beside the checkout, or SHARED_DIR."""
    return Path(os.environ.get("SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))


@dataclass(frozen=True)
class Pair:
    document: str
    arabic: str
    english: str


@dataclass(frozen=True)
class AntArticle:
    path: str
    text: str
    abstract: str

    @property
    def copies_opening(self) -> bool:
        """Whether the abstract appears verbatim in the text (a lead-style extract) rather than rewritten."""
        return " ".join(self.abstract.split()) in " ".join(self.text.split())


def ntrex_pairs() -> list[Pair]:
    folder = shared_dir() / "corpora" / "ntrex128-ar-en"
    arabic = _lines(folder / "newstest2019-ref.arb.txt")
    english = _lines(folder / "newstest2019-src.eng.txt")
    documents = _lines(folder / "DOCUMENT_IDS.tsv")
    return [Pair(doc.split("\t")[0], ar, en) for doc, ar, en in zip(documents, arabic, english, strict=True)]


def ant_articles() -> list[AntArticle]:
    folder = shared_dir() / "corpora" / "ant-multisource-arabic-news"
    articles = []
    for line in _lines(folder / "manifest.tsv")[1:]:
        path = line.split("\t")[0]
        raw = (folder / path).read_text(encoding="utf-8")
        text, abstract = _tag(raw, "TEXT"), _tag(raw, "ABSTRACT")
        if text and abstract:
            articles.append(AntArticle(path, text, abstract))
    return articles


def _tag(raw: str, name: str) -> str:
    """TREC-like pseudo-XML is not well-formed: take the tag's content with a regex."""
    match = re.search(rf"<{name}>(.*?)</{name}>", raw, re.S)
    return match.group(1).strip() if match else ""


def _lines(path: Path) -> list[str]:
    return [line.rstrip("\r") for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]

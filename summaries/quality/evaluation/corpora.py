"""Loaders for the shared evaluation corpora (NTREX-128, FLORES-200, TICO-19, Tatoeba ar-en; ANT news)."""

import os
import re
from dataclasses import dataclass
from pathlib import Path


def shared_dir() -> Path:
    """../shared beside the checkout, or SHARED_DIR."""
    return Path(os.environ.get("SHARED_DIR", Path(__file__).resolve().parents[4] / "shared"))


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


def is_ntrex(document: str) -> bool:
    """NTREX documents are the only ones without a corpus prefix."""
    return ":" not in document


def flores_pairs() -> list[Pair]:
    """FLORES-200 dev and devtest; a sentence's document is its source article's URL (from the metadata)."""
    folder = shared_dir() / "corpora" / "flores200-arb-eng"
    pairs = []
    for split in ("dev", "devtest"):
        arabic = _lines(folder / f"arb_Arab.{split}")
        english = _lines(folder / f"eng_Latn.{split}")
        metadata = _lines(folder / f"metadata_{split}.tsv")[1:]  # the first line is the header
        pairs += [
            Pair("flores:" + row.split("\t")[0], ar, en) for row, ar, en in zip(metadata, arabic, english, strict=True)
        ]
    return pairs


def tico_pairs() -> list[Pair]:
    """TICO-19 test (COVID-19 and health text), in documents of 20 consecutive lines."""
    folder = shared_dir() / "corpora" / "tico19-ara-eng"
    arabic = _lines(folder / "tico19-test.ara")
    english = _lines(folder / "tico19-test.eng")
    # The files carry no document ids. Neighbouring lines mostly come from the same source text, so blocks of
    # 20 consecutive lines stand in for documents: a split by document then keeps neighbours on one side.
    return [Pair(f"tico:{index // 20}", ar, en) for index, (ar, en) in enumerate(zip(arabic, english, strict=True))]


def tatoeba_pairs() -> list[Pair]:
    """Tatoeba test: unrelated short sentences, so each pair is its own document."""
    folder = shared_dir() / "corpora" / "tatoeba-laser-ar-en"
    arabic = _lines(folder / "tatoeba.ara-eng.ara")
    english = _lines(folder / "tatoeba.ara-eng.eng")
    return [Pair(f"tatoeba:{index}", ar, en) for index, (ar, en) in enumerate(zip(arabic, english, strict=True))]


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

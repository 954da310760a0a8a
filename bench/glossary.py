"""Glossary matching at 100,000 entries: the dictionary matcher (engines/glossary.py) against the per-term
regular expressions it replaced, measured in the same run on the same glossary and sentences.

The glossary: terms taken from the FLORES-200 dev set's own words (so sentences really contain terms and
wrong renderings), filled up with made-up names to the size asked. The sentences: FLORES-200 dev, Arabic
and its English. Each sentence is matched as the pipeline does for every translated sentence: `present`
and `missing` on the Arabic with its English, and `apply` on the English. The old matcher is run on the
first `--old-sentences` only (it takes most of a second each at this size). Usage:

    .venv/bin/python bench/glossary.py [--entries 100000] [--old-sentences 20] [--json]
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
FLORES = SHARED / "corpora" / "flores200-arb-eng"

from summaries.engines.glossary import Glossary, Term, _contains, _same_case, normalize_arabic  # noqa: E402

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


class RegexGlossary:
    """The matcher before: one compiled pattern per term, one alternation of every wrong rendering."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self._sources = [self._source_pattern(term) for term in terms]
        self._preferred: dict[str, str] = {}
        for term in terms:
            for wrong in term.wrong:
                if wrong.strip() and wrong.strip().lower() != term.english.lower():
                    self._preferred.setdefault(wrong.strip().lower(), term.english)
        variants = sorted(self._preferred, key=len, reverse=True)
        self._wrong = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, variants)) + r")(?![\w-])", re.IGNORECASE)

    def apply(self, english: str) -> str:
        return self._wrong.sub(
            lambda match: _same_case(match.group(0), self._preferred[match.group(0).lower()]), english
        )

    def present(self, arabic: str) -> list[Term]:
        folded = normalize_arabic(arabic)
        return [term for term, pattern in zip(self.terms, self._sources, strict=True) if pattern.search(folded)]

    def missing(self, arabic: str, english: str) -> list[str]:
        return [term.english for term in self.present(arabic) if not _contains(english, term.english)]

    @staticmethod
    def _source_pattern(term: Term) -> re.Pattern[str]:
        def form_pattern(form: str) -> str:
            if form.startswith("ال") and len(form) > 3:
                return rf"(?:[وف]?[بك]?ال|[وف]?لل){re.escape(form[2:])}"
            return rf"[وف]?[بلك]?(?:ال)?{re.escape(form)}"

        forms = {normalize_arabic(form) for form in (term.arabic, *term.arabic_variants)} - {""}
        alternatives = "|".join(form_pattern(form) for form in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def sentences() -> list[tuple[str, str]]:
    arabic = (FLORES / "arb_Arab.dev").read_text(encoding="utf-8").splitlines()
    english = (FLORES / "eng_Latn.dev").read_text(encoding="utf-8").splitlines()
    return list(zip(arabic, english, strict=True))


def build_terms(pairs: list[tuple[str, str]], size: int, rng: random.Random) -> list[Term]:
    """Terms from the corpus's words (Arabic words of 4+ letters with a capitalised English word of the same
    sentence as a wrong rendering), then made-up ones up to `size`."""
    terms: dict[str, Term] = {}
    for arabic, english in pairs:
        names = re.findall(r"\b[A-Z][a-z]{3,}\b", english)
        for word in re.findall(r"[\u0621-\u064a]{4,}", arabic)[:3]:
            if word not in terms and names:
                wrong = rng.choice(names)
                terms[word] = Term(word, wrong.upper()[0] + wrong[1:] + "a", (), (wrong,))
    while len(terms) < size:
        words = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 8))) for _ in range(rng.randint(1, 3))]
        arabic = " ".join(words)
        latin = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        terms.setdefault(arabic, Term(arabic, latin.title(), (f"ال{words[0]}",), (f"{latin}-x", f"el-{latin}")))
    return list(terms.values())[:size]


def per_sentence(glossary: object, pairs: list[tuple[str, str]]) -> list[float]:
    times = []
    for arabic, english in pairs:
        started = time.perf_counter()
        glossary.missing(arabic, english)  # type: ignore[attr-defined]
        glossary.apply(english)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--old-sentences", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pairs = sentences()
    terms = build_terms(pairs, args.entries, random.Random(7))

    started = time.perf_counter()
    new = Glossary(terms)
    new_compile = time.perf_counter() - started
    started = time.perf_counter()
    old = RegexGlossary(terms)
    old_compile = time.perf_counter() - started

    sample = pairs[: args.old_sentences]
    agree = all(
        [t.english for t in new.present(a)] == [t.english for t in old.present(a)] and new.apply(e) == old.apply(e)
        for a, e in sample
    )
    new_times = per_sentence(new, pairs)
    old_times = per_sentence(old, sample)
    found = sum(len(new.present(arabic)) for arabic, _ in pairs)
    result: dict[str, Any] = {
        "entries": len(terms),
        "sentences": len(pairs),
        "terms_found": found,
        "same_matches_on_sample": agree,
        "compile_s": {"regex": round(old_compile, 2), "dictionary": round(new_compile, 2)},
        "per_sentence_ms": {
            "regex": round(statistics.median(old_times) * 1000, 2),
            "dictionary": round(statistics.median(new_times) * 1000, 3),
            "dictionary_p95": round(sorted(new_times)[int(0.95 * len(new_times))] * 1000, 3),
        },
        "speedup": round(statistics.median(old_times) / statistics.median(new_times)),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['entries']:,} entries, {len(pairs)} FLORES dev sentences, {found} terms found")
    print(f"compile: regex {old_compile:.1f} s, dictionary {new_compile:.1f} s")
    print(
        f"per sentence (median): regex {result['per_sentence_ms']['regex']} ms on {len(sample)}, "
        f"dictionary {result['per_sentence_ms']['dictionary']} ms (p95 {result['per_sentence_ms']['dictionary_p95']} ms)"
        f" on {len(pairs)}: {result['speedup']}x; same matches on the sample: {agree}"
    )


if __name__ == "__main__":
    main()

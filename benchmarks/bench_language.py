"""Language detection: accuracy and CPU time of `digest.language.detect` on real English news
(Wikinews, CC BY 2.5) and on short hand-written paragraphs in 10 other languages; with
`langdetect` installed (not a dependency) it is measured on the same texts for comparison.

    python benchmarks/bench_language.py [/work/shared/realnews/wikinews.jsonl]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from digest.language import detect

HERE = Path(__file__).parent
ISO = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian", "pt": "portuguese",
       "sv": "swedish", "pl": "polish", "cs": "czech", "zh-cn": "chinese", "zh-tw": "chinese", "ja": "japanese"}


def load(wikinews: Path) -> list[tuple[str, str]]:
    texts = [(r["language"], r["text"]) for r in map(json.loads, (HERE / "data/language/samples.jsonl").open())]
    if wikinews.is_file():
        texts += [("english", r["text"]) for r in map(json.loads, wikinews.open())]
    return texts


def measure(name: str, fn: Callable[[str], str], texts: list[tuple[str, str]]) -> None:
    fn(texts[0][1])  # warm up: profiles, stop-word lists
    start = time.process_time()
    answers = [fn(text) for _, text in texts]
    cpu = time.process_time() - start
    english = [(gold, got) for (gold, _), got in zip(texts, answers, strict=True) if gold == "english"]
    other = [(gold, got) for (gold, _), got in zip(texts, answers, strict=True) if gold != "english"]
    wrong = sorted({f"{gold}->{got}" for gold, got in other if gold != got})
    print(f"{name}: English {sum(g == a for g, a in english)}/{len(english)}, other "
          f"{sum(g == a for g, a in other)}/{len(other)}, {1000 * cpu / len(texts):.2f} ms CPU per text"
          + (f"; wrong: {', '.join(wrong)}" if wrong else ""))


def main() -> None:
    texts = load(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/realnews/wikinews.jsonl"))
    measure("digest.language (stop words)", detect, texts)
    try:
        from langdetect import DetectorFactory
        from langdetect import detect as langdetect_detect
    except ImportError:
        return
    DetectorFactory.seed = 0
    measure("langdetect 1.0.9 (seeded)", lambda t: ISO.get(langdetect_detect(t), langdetect_detect(t)), texts)


if __name__ == "__main__":
    main()

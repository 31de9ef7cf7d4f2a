"""Speed of ingestion: reading samples/ and finding wire copies among many articles.

Usage: python benchmarks/bench_ingest.py [--sizes 300 1000 5000] [--baseline-max 1000]

Corpora recombine sentences of the sample articles (read with digest.ingest.read_sources), so
common news phrases recur as in a real day; 5% of the articles get a near copy (a few words
changed, as an outlet edits a wire story). Each size reports CPU seconds and how many copies were
found by: the exact pairwise prefix filter (what ingest uses for few articles), MinHash LSH
(batched numpy signatures, what it uses for many) and a baseline comparing every pair of shingle sets.
The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from unittest import mock

from digest import ingest, nlp
from digest.ingest import dedup
from digest.model import Article

ROOT = Path(__file__).resolve().parent.parent


def corpus(size: int, seed: int = 1) -> tuple[list[Article], int]:
    with mock.patch("digest.ingest.dedup.merge_duplicates", lambda a: (list(a), 0)):
        samples = ingest.read_sources([str(ROOT / "samples")], on_warning=lambda _: None).articles
    sentences = [s for a in samples for p in nlp.clean_article(a.text, a.title).paragraphs for s in nlp.split_sentences(p)]
    rng = random.Random(seed)
    articles = [Article(title=f"a{i}", text=" ".join(rng.sample(sentences, 14)), source=f"outlet{i % 40}")
                for i in range(size)]
    copies = size // 20
    for i in range(copies):
        words = articles[i * 20].text.split()
        for k in rng.sample(range(len(words)), 4):
            words[k] = "edited"
        articles.append(Article(title=f"copy{i}", text=" ".join(words), source="copier"))
    return articles, copies


def baseline(articles: list[Article]) -> int:
    sets = [dedup.shingles(a.text) for a in articles]
    return sum(1 for i in range(len(sets)) for j in range(i + 1, len(sets)) if dedup.jaccard(sets[i], sets[j]) >= 0.8)


def timed(func, *args):
    start = time.process_time()
    value = func(*args)
    return value, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 5000])
    parser.add_argument("--baseline-max", type=int, default=1000)
    args = parser.parse_args()
    import numpy  # noqa: F401 - import time is not part of the measured work

    start = time.perf_counter()
    result = ingest.read_sources([str(ROOT / "samples")], on_warning=lambda _: None)
    report = {"samples": {"articles": len(result.articles), "inputs": result.inputs,
                          "seconds": round(time.perf_counter() - start, 3)}, "sizes": []}
    print(f"samples/: {result.summary_line()} in {report['samples']['seconds']:.2f} s (wall, first call)")
    for size in args.sizes:
        articles, copies = corpus(size)
        row = {"articles": len(articles), "copies": copies}
        for name, limit in (("prefix", 10**9), ("lsh", 0)):
            with mock.patch.object(dedup, "PAIRWISE_LIMIT", limit):
                (_, folded), seconds = timed(dedup.merge_duplicates, [Article(**vars(a)) for a in articles])
            row[name] = {"cpu_s": round(seconds, 3), "found": folded}
        if size <= args.baseline_max:
            found, seconds = timed(baseline, articles)
            row["all_pairs"] = {"cpu_s": round(seconds, 3), "found": found}
        report["sizes"].append(row)
        print(f"{len(articles):>6} articles, {copies} copies: "
              + "; ".join(f"{k} {v['cpu_s']:.2f} s CPU, {v['found']} found" for k, v in row.items() if isinstance(v, dict)))
    print(json.dumps(report))


if __name__ == "__main__":
    main()

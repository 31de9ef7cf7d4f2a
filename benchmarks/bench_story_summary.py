"""Time a 50-article story summary (about 1,500 sentences): the default vs stock sumy LexRank.

    python benchmarks/bench_story_summary.py [--articles 50] [--words 100]

The story is recombined from /work/shared/examples/syria-offensive.txt when present (else from
the files in samples/): each synthetic article takes paragraphs of the source in a shifted,
partly shuffled order, so outlets overlap the way wire copies and rewrites do. Prints seconds
per algorithm and a JSON line; the target for the default is under 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from digest import nlp
from digest.model import Article
from digest.summarize import candidates, summarize_articles

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("/work/shared/examples/syria-offensive.txt")


def source_paragraphs() -> list[str]:
    """Body paragraphs to recombine: the user's example article, else every sample article."""
    files = [EXAMPLE] if EXAMPLE.exists() else sorted((ROOT / "samples").rglob("*.txt"))
    paragraphs: list[str] = []
    for path in files:
        paragraphs.extend(nlp.clean_article(path.read_text(encoding="utf-8", errors="replace")).paragraphs)
    if not paragraphs:
        raise SystemExit("no source text: neither the example article nor samples/*.txt is present")
    return paragraphs


def story(count: int, target_sentences: int = 1500, seed: int = 7) -> list[Article]:
    """`count` articles with about `target_sentences` sentences in all."""
    rng = random.Random(seed)
    paragraphs = source_paragraphs()
    per_paragraph = sum(len(nlp.split_sentences(p)) for p in paragraphs) / len(paragraphs)
    size = max(3, round(target_sentences / count / per_paragraph))
    articles = []
    for i in range(count):
        start = (i * 3) % len(paragraphs)
        chosen = [paragraphs[(start + k) % len(paragraphs)] for k in range(size)]
        head, tail = chosen[:2], chosen[2:]
        rng.shuffle(tail)
        articles.append(Article(title=f"Report {i + 1}", text="\n\n".join(head + tail), source=f"outlet{i % 12}",
                                url=f"https://example.org/{i}"))
    return articles


def timed(articles: list[Article], algorithm: str, stock: bool, words: int) -> tuple[float, int]:
    start = time.perf_counter()
    summary = summarize_articles(articles, sentences=None, words=words, algorithm=algorithm, stock=stock)
    return time.perf_counter() - start, len(summary.sentences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--words", type=int, default=100)
    args = parser.parse_args(argv)
    articles = story(args.articles)
    sentences = len(candidates(articles))
    # Warm up imports and caches once so both algorithms are timed on equal terms.
    summarize_articles(articles[:2], sentences=2)
    summarize_articles(articles[:2], sentences=2, algorithm="lexrank", stock=True)
    results = {}
    for label, algorithm, stock in (("default", "default", False), ("sumy:lexrank", "lexrank", True)):
        seconds, picked = timed(articles, algorithm, stock, args.words)
        results[label] = {"seconds": round(seconds, 3), "sentences": picked}
        print(f"{label:<14} {seconds:7.3f} s  ({picked} sentences chosen)")
    print(f"story: {len(articles)} articles, {sentences} candidate sentences")
    print(json.dumps({"benchmark": "story_summary", "articles": len(articles), "candidate_sentences": sentences,
                      "words": args.words, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

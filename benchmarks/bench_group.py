"""Speed and memory of story grouping on 1,000 / 5,000 / 20,000 generated articles.

Usage: python benchmarks/bench_group.py [--sizes 1000 5000 20000] [--baseline-max 5000]

The corpora recombine and perturb the articles of samples/ (read with digest.ingest.read_sources;
tests/group_corpus.py when samples/ is missing): each generated story is one sample story with
its names and half its other words respelled with one of 40 suffixes (so
vocabulary grows as in real news and generated stories are not copies of each other), and each article takes a random share of the sentences of one
of the story's articles plus a sentence of another, dated within three days. Each size runs in a
fresh process and prints wall and CPU seconds (growth uses CPU time, steadier on a shared machine)
and peak memory (ru_maxrss); a baseline (scikit-learn TF-IDF +
dense average-link AgglomerativeClustering, as in the issue) runs on the sizes it can hold.
The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STORY_SIZE = 10  # generated articles per generated story, on average
CODES = 40  # respellings of each sample word


def _base_stories() -> tuple[str, dict[str, list[tuple[str, list[str]]]]]:
    """Sample stories as lists of (title, sentences); falls back to the test corpus."""
    from digest import nlp

    stories: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    manifest = ROOT / "samples" / "MANIFEST.json"
    if manifest.exists():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from group_eval import label_articles, read_manifest

        from digest.ingest import read_sources

        result = read_sources([str(ROOT / "samples")], on_warning=lambda m: None)
        gold = label_articles(result.articles, ROOT / "samples", read_manifest(manifest))
        articles = [(gold[a.id], a) for a in result.articles if a.id in gold]
        origin = "samples/"
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from group_corpus import corpus_articles

        found, gold = corpus_articles()
        articles = [(gold[a.id], a) for a in found]
        origin = "tests/group_corpus.py"
    for story, a in articles:
        sentences = [s for p in nlp.clean_article(a.text, a.title).paragraphs for s in nlp.split_sentences(p)]
        if sentences:
            stories[story].append((a.title, sentences))
    return origin, stories


def _respell(text: str, variant: int) -> str:
    """Respell the names and half the other words with one of CODES suffixes.

    Vocabulary then grows like a real day's (bounded by CODES respellings of each sample word),
    and generated stories that share a sample story and a code read as one bigger story.
    """
    code = variant % CODES
    suffix = chr(97 + code % 26) + chr(97 + code // 26)

    def sub(match: re.Match) -> str:
        word = match.group(0)
        if word[0].isupper() or zlib.crc32(f"{word}|{code}".encode()) % 2:
            return word + suffix
        return word
    return re.sub(r"[A-Za-z]{3,}", sub, text)


def make_corpus(n: int, seed: int = 7):
    """n generated articles in about n / STORY_SIZE stories."""
    from digest.model import Article

    rng = random.Random(seed)
    _, stories = _base_stories()
    names = sorted(stories)
    start = datetime(2026, 11, 20, tzinfo=UTC)
    articles = []
    variants = max(1, n // STORY_SIZE)
    for i in range(n):
        variant = i % variants
        base = stories[names[variant % len(names)]]
        title, sentences = rng.choice(base)
        keep = [s for s in sentences if rng.random() < 0.7] or sentences[:1]
        extra = rng.choice(rng.choice(base)[1])
        text = _respell(title, variant) + "\n\n" + _respell(" ".join(keep + [extra]), variant)
        when = start + timedelta(days=variant % 30, hours=rng.uniform(0, 72))
        articles.append(Article(title=_respell(title, variant), text=text, source=f"Outlet {rng.randrange(40)}",
                                published=when, url=f"https://bench.example/{i}"))
    return articles


def run_one(n: int, method: str) -> dict:
    """Group one generated corpus in this process; seconds and peak memory of the grouping."""
    articles = make_corpus(n)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    if method == "digest":
        from digest.group import group_articles

        stories = len(group_articles(articles))
    else:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer

        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(a.text for a in articles)
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=0.8)
        stories = len(set(model.fit_predict(1.0 - (x @ x.T).toarray())))
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu0
    return {"method": method, "articles": n, "stories": stories, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "peak_mb": round(peak / 1024, 1), "grouping_mb": round((peak - before) / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Speed and memory of digest.group on generated corpora.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--baseline-max", type=int, default=5000, help="largest size for the dense baseline")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--method", default="digest", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.method)))
        return 0
    origin, stories = _base_stories()
    print(f"corpora from {origin}: {len(stories)} stories, {sum(len(v) for v in stories.values())} articles")
    results = []
    runs = [(n, "digest") for n in args.sizes] + [(n, "baseline") for n in args.sizes if n <= args.baseline_max]
    for n, method in runs:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--method", method],
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"{method} {n}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'method':<9} {'articles':>8} {'stories':>8} {'seconds':>8} {'cpu s':>8} {'peak MB':>8} {'growth':>8}")
    previous: dict[str, dict] = {}
    for r in results:
        growth = ""
        prev = previous.get(r["method"])
        if prev and prev["cpu_seconds"] > 0:
            exponent = math.log(r["cpu_seconds"] / prev["cpu_seconds"]) / math.log(
                r["articles"] / prev["articles"])
            growth = f"n^{exponent:.2f}"
        previous[r["method"]] = r
        print(f"{r['method']:<9} {r['articles']:>8} {r['stories']:>8} {r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f} "
              f"{r['peak_mb']:>8.0f} "
              f"{growth:>8}")
    print(json.dumps({"benchmark": "group", "origin": origin, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

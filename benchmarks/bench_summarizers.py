"""Stock sumy vs our vectorised summarizers: seconds, speed-up and whether they pick the same sentences.

Documents of 100 / 1,000 / 3,000 sentences are recombined (seeded) from the thirds of the
sentences of /work/shared/examples/syria-offensive.txt when present, else of the articles in
samples/. Each summarizer runs on its own copy of the document with words and stems already
computed, so the timings (CPU seconds) are the algorithms'. Slow stock runs are skipped above a size limit
(KL above 300 sentences; LexRank, TextRank and Reduction above 1,000 unless --full).

    python benchmarks/bench_summarizers.py [--sizes 100,1000,3000] [--full] [--count 10] [--source samples]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import warnings
from pathlib import Path

from threadpoolctl import threadpool_limits

from digest import nlp
from digest.summarizers import create

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("/work/shared/examples/syria-offensive.txt")
ALGORITHMS = ["lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic", "reduction"]
STOCK_LIMIT = {"kl": 300, "lexrank": 1000, "textrank": 1000, "reduction": 1000}  # default, without --full
FULL_LIMIT = {"kl": 300}


def source_sentences(source: str = "auto") -> tuple[str, list[str]]:
    """Sentences of the user's example article, or of our samples (when asked, or when it is absent)."""
    use_example = source == "example" or source == "auto" and EXAMPLE.exists()
    paths = [EXAMPLE] if use_example else sorted(
        p for p in (ROOT / "samples").rglob("*") if p.suffix in {".txt", ".md"}
    )
    sentences = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---"):  # Markdown front matter
            text = text.split("\n---", 1)[-1]
        cleaned = nlp.clean_article(text)
        for paragraph in nlp.article_sentences(cleaned.paragraphs):
            sentences.extend(s for s in paragraph if len(s.split()) >= 6)
    label = str(EXAMPLE) if use_example else f"samples/ ({len(paths)} articles)"
    return label, sentences


def recombined(base: list[str], count: int, seed: int = 2026) -> list[list[str]]:
    """`count` sentences made of the first, middle and last thirds of random base sentences,
    grouped into paragraphs of 2 to 5 sentences."""
    rng = random.Random(seed)
    thirds = []
    for sentence in base:
        words = sentence.split()
        k = len(words)
        thirds.append((words[: k // 3], words[k // 3: 2 * k // 3], words[2 * k // 3:]))
    sentences = [
        " ".join(a[0] + b[1] + c[2]) for a, b, c in ((rng.choice(thirds) for _ in range(3)) for _ in range(count))
    ]
    paragraphs, i = [], 0
    while i < count:
        size = rng.randint(2, 5)
        paragraphs.append(sentences[i: i + size])
        i += size
    return paragraphs


def warm_document(paragraphs: list[list[str]]):
    """A fresh sumy document with every sentence's words (and their stems) already computed."""
    document = nlp.build_document(paragraphs, nlp.Tokenizer("english"))
    for word in document.words:
        nlp.stem(word)
    for sentence in document.sentences:
        sentence.words  # noqa: B018 - fills sumy's cached property
    return document


def run(summarizer, document, count: int) -> tuple[float, set[int], dict[int, float]]:
    """CPU seconds, orders of the chosen sentences, and every sentence's rating.

    CPU time of this process on one BLAS thread, not wall-clock time, so that other work on a
    shared machine does not distort the comparison."""
    ratings: dict[int, float] = {}
    chosen: set[int] = set()

    def take(infos):
        ratings.update((info.order, float(info.rating)) for info in infos)
        chosen.update(info.order for info in infos[:count])
        return infos[:count]

    with threadpool_limits(1):  # idle BLAS threads spinning in stock LSA's SVD would count as CPU time
        start = time.process_time()
        summarizer(document, take)
        return time.process_time() - start, chosen, ratings


def same_selection(ours: set[int], stock: set[int], stock_ratings: dict[int, float], count: int) -> str:
    """'yes', 'tie' (differs only among sentences tied at the cut-off) or 'NO'."""
    if ours == stock:
        return "yes"
    cutoff = sorted(stock_ratings.values(), reverse=True)[min(count, len(stock_ratings)) - 1]
    tied = all(abs(stock_ratings[o] - cutoff) <= 1e-9 * max(1.0, abs(cutoff)) for o in ours ^ stock)
    return "tie" if tied else "NO"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=[100, 1000, 3000], type=lambda v: [int(x) for x in v.split(",")],
                        help="document sizes in sentences, comma-separated (default 100,1000,3000)")
    parser.add_argument("--count", type=int, default=10, help="sentences to select")
    parser.add_argument("--full", action="store_true", help="run slow stock summarizers up to 3,000 sentences "
                        "(KL still stops at 300: about 6 minutes at 1,000)")
    parser.add_argument("--source", choices=["auto", "example", "samples"], default="auto",
                        help="text to recombine (auto: the example article when present, else samples/)")
    parser.add_argument("--kl-check", type=int, default=300, help="extra KL size where stock still runs (0: none)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Number of words")  # stock LSA on a small vocabulary
    label, base = source_sentences(args.source)
    if not base:
        print("error: no source text (neither the example article nor samples/)", file=sys.stderr)
        return 2
    sizes = args.sizes
    limits = FULL_LIMIT if args.full else STOCK_LIMIT
    print(f"source: {label}, {len(base)} sentences recombined; selecting {args.count}")
    kl_sizes = sorted(set(sizes) | ({args.kl_check} if args.kl_check else set()))
    plan = [(name, size) for name in ALGORITHMS for size in (kl_sizes if name == "kl" else sizes)]
    documents = {size: recombined(base, size) for size in {s for _, s in plan}}

    header = f"{'algorithm':<10} {'sentences':>9} {'stock s':>9} {'ours s':>8} {'speed-up':>9}  same selection"
    print("times are CPU seconds of the summarizer call (one BLAS thread)")
    print(header)
    print("-" * len(header))
    results, notes = [], []
    for name, size in plan:
        paragraphs = documents[size]
        ours_s, chosen, _ = run(create(name), warm_document(paragraphs), args.count)
        ours_s = max(ours_s, 1e-6)  # below the CPU clock's resolution
        row = {"algorithm": name, "sentences": size, "ours_s": round(ours_s, 4)}
        if size <= limits.get(name, size):
            stock_s, stock_chosen, stock_ratings = run(create(name, stock=True), warm_document(paragraphs), args.count)
            same = same_selection(chosen, stock_chosen, stock_ratings, args.count)
            row.update(stock_s=round(stock_s, 4), speedup=round(stock_s / ours_s, 1), same=same)
            print(f"{name:<10} {size:>9} {stock_s:>9.3f} {ours_s:>8.3f} {stock_s / ours_s:>8.1f}x  {same}")
        else:
            row.update(stock_s=None, speedup=None, same=None)
            print(f"{name:<10} {size:>9} {'skipped':>9} {ours_s:>8.3f} {'-':>9}  -")
            hint = "" if args.full else "; --full to raise it"
            notes.append(f"stock {name} skipped at {size} sentences (limit {limits[name]}{hint})")
        results.append(row)
        sys.stdout.flush()

    # Edmundson stays stock (it is linear); show that it needs no vectorised version.
    for size in sizes:
        seconds, _, _ = run(create("edmundson", stock=True), warm_document(documents[size]), args.count)
        print(f"{'edmundson':<10} {size:>9} {seconds:>9.3f} {'(stock)':>8}")
        results.append({"algorithm": "edmundson", "sentences": size, "stock_s": round(seconds, 4), "ours_s": None})
    for note in notes:
        print(f"note: {note}")
    print("note: 'tie' means the selections differ only among sentences whose stock ratings are equal")
    print(json.dumps({"benchmark": "summarizers", "source": label, "count": args.count, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Wall time of `digest summarize < article.txt` as a whole process: what a person pasting one
article waits for, start-up included. Compared in the same run with a bare `import sumy, nltk`
(what any sumy-based tool pays before doing anything) and `python -c pass`.

Usage: python benchmarks/bench_paste.py [ARTICLE] [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = [Path("/work/shared/examples/syria-offensive.txt"),
                    ROOT / "samples" / "Levant Wire" / "syria-homs-offensive.txt"]


def timed(cmd: list[str], stdin: bytes | None, runs: int) -> tuple[float, float]:
    """Median and best wall time of `runs` fresh processes (one warm-up run first)."""
    subprocess.run(cmd, input=stdin, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    article = args.article or next(p for p in DEFAULT_ARTICLES if p.exists())
    text = article.read_bytes()
    py = sys.executable
    rows = {
        "python -c pass": timed([py, "-c", "pass"], None, args.runs),
        "python -c 'import sumy, nltk'": timed([py, "-c", "import sumy.summarizers.lex_rank, nltk"], None, args.runs),
        "digest summarize < article": timed([py, "-m", "digest", "summarize"], text, args.runs),
        "digest summarize -a lexrank < article": timed([py, "-m", "digest", "summarize", "-a", "lexrank"], text,
                                                       args.runs),
    }
    print(f"article: {article} ({len(text):,} bytes), {args.runs} runs each, median / best seconds")
    for name, (median, best) in rows.items():
        print(f"  {name:<42} {median:6.3f}  {best:6.3f}")
    paste = rows["digest summarize < article"][0]
    print(f"target: <= 0.3 s wall for a pasted article: {'met' if paste <= 0.3 else 'NOT met'} ({paste:.3f} s)")
    print(json.dumps({"bench": "paste", "article_bytes": len(text), "runs": args.runs,
                      **{name: round(m, 4) for name, (m, _) in rows.items()}}))


if __name__ == "__main__":
    main()

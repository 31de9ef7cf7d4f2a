"""CPU seconds of the extraction engine alone: casualties and positions over a corpus's articles.

Usage:
    python benchmarks/profile_extract.py [--size 1000] [--repeat 3]      # the generated day of bench_brief.py
    python benchmarks/profile_extract.py --folder DIR [--repeat 3]       # any corpus digest can read
    python benchmarks/profile_extract.py --size 1000 --profile [--top 25] [--sort tottime]

Each repetition runs in a fresh interpreter (the per-process caches, rule files and compiled
regexes start cold every time, as in a pool worker) and prints the CPU seconds
(time.process_time, which a shared machine disturbs less than wall time) of: the sentence
analysis every stage shares (`analyse`), `extract_casualties` and `extract_positions`, over the
English articles and their wire copies. `--profile` runs once under cProfile instead and prints
the top functions of the two extractors (the analysis is built before the profiler starts).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _articles(folder: str) -> list:
    from digest.ingest import read_sources

    result = read_sources([folder], on_warning=lambda _line: None)
    return [c for a in result.articles for c in (a, *a.copies) if a.language == "english"]


def measure(folder: str) -> dict[str, float]:
    """CPU seconds per step, in this process."""
    from digest.analysis import analyse

    articles = _articles(folder)
    clock = time.process_time()
    for article in articles:
        analyse(article)
    analysed = time.process_time()
    from digest.extract.casualties import extract_casualties

    figures = sum(len(extract_casualties(a)) for a in articles)
    casualties = time.process_time()
    from digest.extract.positions import extract_positions

    positions = sum(len(extract_positions(a)) for a in articles)
    done = time.process_time()
    return {"articles": len(articles), "figures": figures, "positions": positions, "analyse": analysed - clock,
            "casualties": casualties - analysed, "positions_cpu": done - casualties}


def profile(folder: str, top: int, sort: str) -> None:
    from digest.analysis import analyse

    articles = _articles(folder)
    for article in articles:
        analyse(article)
    from digest.extract.casualties import extract_casualties
    from digest.extract.positions import extract_positions

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for article in articles:
        extract_casualties(article)
        extract_positions(article)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU seconds of casualty and position extraction.")
    parser.add_argument("--size", type=int, default=1000, help="articles in the generated day")
    parser.add_argument("--folder", help="measure this corpus instead of generating one")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process repetitions")
    parser.add_argument("--profile", action="store_true", help="one run under cProfile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a repetition's child process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    with tempfile.TemporaryDirectory(prefix="digest-extract-") as tmp:
        folder = args.folder
        if not folder:
            from corpus import make_day, write_day

            folder = str(Path(tmp) / f"day-{args.size}")
            write_day(make_day(args.size)[1], Path(folder))
        if args.profile:
            profile(folder, args.top, args.sort)
            return 0
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--one", folder], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(args.repeat)]
    first = runs[0]
    print(f"{folder}: {first['articles']} English articles, {first['figures']} casualty records, "
          f"{first['positions']} position records")
    print(f"{'run':>4} {'analyse':>8} {'casualties':>11} {'positions':>10} {'extract':>8}  (CPU s)")
    for n, run in enumerate(runs, 1):
        print(f"{n:>4} {run['analyse']:>8.2f} {run['casualties']:>11.2f} {run['positions_cpu']:>10.2f} "
              f"{run['casualties'] + run['positions_cpu']:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

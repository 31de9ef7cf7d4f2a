"""Wall time of `digest summarize < article.txt` as a whole process: what a person pasting one
article waits for, start-up included. Compared in the same run with a bare `import sumy, nltk`
(what any sumy-based tool pays before doing anything) and `python -c pass`.

Usage: python benchmarks/bench_paste.py [ARTICLE] [--runs 10]

The digest rows run as an installed package runs: with its modules' compiled bytecode cached (pip
compiles it at install time; here PYTHONPYCACHEPREFIX points at a temporary folder, so the tree
stays clean, and PYTHONDONTWRITEBYTECODE is unset). One more row shows the same run compiling
every module from source each time, as it does where PYTHONDONTWRITEBYTECODE=1 is set. Each row
also gives the CPU seconds of the process (user + system), steadier than wall time on a shared
machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = [Path("/work/shared/examples/syria-offensive.txt"),
                    ROOT / "samples" / "Levant Wire" / "syria-homs-offensive.txt"]


def timed(cmd: list[str], stdin: bytes | None, runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Median and best wall time, and median CPU time, of `runs` fresh processes (one warm-up run
    first, which also writes the bytecode cache where one is kept)."""
    subprocess.run(cmd, input=stdin, capture_output=True, check=True, env=env)
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), min(times), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    article = args.article or next(p for p in DEFAULT_ARTICLES if p.exists())
    text = article.read_bytes()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="digest-pyc-") as cache:
        installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        installed["PYTHONPYCACHEPREFIX"] = cache
        from_source = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        from_source.pop("PYTHONPYCACHEPREFIX", None)
        rows = {
            "python -c pass": timed([py, "-c", "pass"], None, args.runs, installed),
            "python -c 'import sumy, nltk'": timed([py, "-c", "import sumy.summarizers.lex_rank, nltk"], None, args.runs,
                                                   installed),
            "digest summarize < article": timed([py, "-m", "digest", "summarize"], text, args.runs, installed),
            "digest summarize -a lexrank < article": timed([py, "-m", "digest", "summarize", "-a", "lexrank"], text,
                                                           args.runs, installed),
            "digest summarize, no bytecode cache": timed([py, "-m", "digest", "summarize"], text, args.runs, from_source),
        }
    print(f"article: {article} ({len(text):,} bytes), {args.runs} runs each: median / best wall s, median CPU s")
    for name, (median, best, cpu) in rows.items():
        print(f"  {name:<42} {median:6.3f}  {best:6.3f}  {cpu:6.3f}")
    paste = rows["digest summarize < article"][0]
    print(f"target: <= 0.3 s wall for a pasted article: {'met' if paste <= 0.3 else 'NOT met'} ({paste:.3f} s)")
    print(json.dumps({"bench": "paste", "article_bytes": len(text), "runs": args.runs,
                      **{name: round(m, 4) for name, (m, _, _) in rows.items()},
                      "cpu": {name: round(c, 4) for name, (_, _, c) in rows.items()}}))


if __name__ == "__main__":
    main()

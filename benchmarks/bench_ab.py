"""Before/after on a shared machine: `bench_brief.py --one` of two source trees, alternating runs.

Usage:
    python benchmarks/bench_ab.py --trees /work/main,/work/wt/NAME --folder DIR [--runs 5] [--jobs 2]
    python benchmarks/bench_ab.py --trees A,B --size 1000 [--keep DIR]   # generate the corpus first

Other work on the machine shifts wall seconds from one minute to the next, so the trees take turns
(A B A B ...) on one corpus, each timed by its own `benchmarks/bench_brief.py`, and the table gives
per tree the median and range of wall seconds, of CPU seconds of all processes and of the main
process alone (the critical path's chain), per stage and in total, and each run's output hash
(the same hash: the same briefing). Each tree gets its own cache folder (XDG_CACHE_HOME), so one
tree's compiled-pattern cache is not the other's miss; a first untimed run per tree fills it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

STAGES = ("ingest", "group", "summarize", "extract", "render")


def one_run(tree: str, folder: str, jobs: int, cache: str) -> dict:
    """One timed pipeline run of `tree` on `folder` (a fresh process, as bench_brief runs it)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "XDG_CACHE_HOME": cache}
    env.pop("PYTHONPATH", None)  # bench_brief puts its own tree first
    command = [sys.executable, str(Path(tree) / "benchmarks" / "bench_brief.py"), "--one", folder, "--one-jobs", str(jobs)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}-{max(values):.2f})"


def report(trees: list[str], runs: dict[str, list[dict]]) -> None:
    for tree in trees:
        rows = runs[tree]
        print(f"\n{tree}: {len(rows)} runs, outputs {sorted({r['output'] for r in rows})}")
        print(f"{'':>10} " + " ".join(f"{s:>20}" for s in (*STAGES, "total")))
        for title, key, total in (("wall", "seconds", "total"), ("CPU all", "cpu", "cpu_seconds"),
                                  ("CPU main", "main_cpu", None)):
            cells = [_spread([r[key][s] for r in rows]) for s in STAGES]
            cells.append(_spread([r[total] if total else sum(r[key].values()) for r in rows]))
            print(f"{title:>10} " + " ".join(f"{c:>20}" for c in cells))
        print(f"{'critical':>10} {_spread([r['critical_path'] for r in rows])}   peak all MB "
              f"{_spread([r['peak_all_mb'] for r in rows])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Alternating bench_brief runs of two source trees.")
    parser.add_argument("--trees", required=True, help="comma-separated source trees (each with benchmarks/)")
    parser.add_argument("--folder", help="the corpus folder (default: generate one of --size articles)")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--keep", metavar="DIR", help="write the generated corpus under DIR and keep it")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tree")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    trees = [t for t in args.trees.split(",") if t]
    with tempfile.TemporaryDirectory(prefix="digest-ab-") as tmp:
        folder = args.folder
        if not folder:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from corpus import make_day, write_day

            folder = str(Path(args.keep or tmp) / f"day-{args.size}")
            write_day(make_day(args.size)[1], Path(folder))
        caches = {tree: str(Path(tmp) / f"cache-{i}") for i, tree in enumerate(trees)}
        for tree in trees:
            one_run(tree, folder, args.jobs, caches[tree])  # untimed: fills the tree's caches
        runs: dict[str, list[dict]] = {tree: [] for tree in trees}
        for n in range(args.runs):
            for tree in trees if n % 2 == 0 else trees[::-1]:
                result = one_run(tree, folder, args.jobs, caches[tree])
                runs[tree].append(result)
                print(f"run {n + 1} {tree}: wall {result['total']:.2f} s, CPU all {result['cpu_seconds']:.2f} s, "
                      f"main {sum(result['main_cpu'].values()):.2f} s, output {result['output']}", flush=True)
    report(trees, runs)
    print(json.dumps({"benchmark": "ab", "runs": runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

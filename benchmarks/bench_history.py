"""What the history store costs: `digest brief` of a generated 1,000-article day with and without
--no-history, in one run.

Usage: python benchmarks/bench_history.py [--size 1000] [--repeat 3] [--jobs N]

Two generated days (benchmarks/corpus.py, different seeds: the same story families told by other
articles, as a next day is) are written to a temporary folder. Day 1 is briefed once into a
history database, which is then copied before every timed run of day 2, so each "history" run
links 1,000 articles against a real earlier day and writes its run. Each timed run is a fresh
`python -m digest -q brief DAY2 -o /dev/null` process (imports included), history and
--no-history alternating; wall and CPU seconds (the process and its pool workers, from
RUSAGE_CHILDREN) are the medians over --repeat runs. Then, in one process, the history step
alone (`digest.history.remember` on the built briefing: reading earlier stories, linking,
writing the run) is timed. The last line is JSON. CPU time is the figure to compare on a shared
machine; wall time moves with the other processes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command (its pool workers included)."""
    cpu, wall = children_cpu(), time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {out.stderr.strip()[-300:]}")
    return wall, cpu


def history_step(day1: str, day2: str, db: str, jobs: int | None) -> dict[str, float]:
    """In this process: day 2's briefing built without history, then `remember` alone timed."""
    from digest.brief import build_briefing
    from digest.history import remember
    from digest.ingest import read_sources
    from digest.store import open_store

    articles = read_sources([day2], on_warning=lambda _line: None).articles
    briefing = build_briefing(articles, jobs=jobs)
    cpu, wall = time.process_time(), time.perf_counter()
    with open_store(db) as store:
        remember(briefing, store)
    return {"wall": round(time.perf_counter() - wall, 3), "cpu": round(time.process_time() - cpu, 3),
            "statuses": {s: sum(1 for x in briefing.stories if x.status == s)
                         for s in ("new", "updated", "continuing")},
            "stories": len(briefing.stories)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="digest brief with and without the history store.")
    parser.add_argument("--size", type=int, default=1000, help="articles per generated day")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each kind")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for brief (default: one per core)")
    args = parser.parse_args(argv)

    from corpus import make_day, write_day

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="digest-bench-history-") as tmp:
        base = Path(tmp)
        day1, day2 = base / "day1", base / "day2"
        write_day(make_day(args.size, seed=7)[1], day1)
        write_day(make_day(args.size, seed=8)[1], day2)
        seeded = base / "day1.sqlite3"
        brief = [sys.executable, "-m", "digest", "-q", "brief"]
        timed([*brief, str(day1), "--db", str(seeded), "-o", os.devnull, *jobs], env)
        runs: dict[str, list[tuple[float, float]]] = {"no-history": [], "history": []}
        for i in range(args.repeat):
            db = base / f"run{i}.sqlite3"
            shutil.copy(seeded, db)
            runs["no-history"].append(timed([*brief, str(day2), "--no-history", "-o", os.devnull, *jobs], env))
            runs["history"].append(timed([*brief, str(day2), "--db", str(db), "-o", os.devnull, *jobs], env))
        shutil.copy(seeded, base / "step.sqlite3")
        step = history_step(str(day1), str(day2), str(base / "step.sqlite3"), args.jobs)
        db_kb = round(seeded.stat().st_size / 1024)

    medians = {kind: {"wall": round(statistics.median(w for w, _ in r), 2),
                      "cpu": round(statistics.median(c for _, c in r), 2)} for kind, r in runs.items()}
    overhead = {k: round(100 * (medians["history"][k] / medians["no-history"][k] - 1), 1) for k in ("wall", "cpu")}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} (shared)")
    print(f"{args.size} articles a day, day 2 briefed {args.repeat}x each way (medians):")
    for kind in ("no-history", "history"):
        print(f"  {kind:>10}: wall {medians[kind]['wall']:6.2f} s   CPU {medians[kind]['cpu']:6.2f} s")
    print(f"  overhead: wall {overhead['wall']:+.1f} %, CPU {overhead['cpu']:+.1f} %")
    share = round(100 * step["cpu"] / medians["no-history"]["cpu"], 1)
    print(f"history step alone (read earlier day, link {step['stories']} stories, write the run): "
          f"wall {step['wall']:.2f} s, CPU {step['cpu']:.2f} s = {share} % of a --no-history run's CPU; "
          f"statuses {step['statuses']}; database after day 1: {db_kb} KB")
    print(json.dumps({"benchmark": "history", "size": args.size, "repeat": args.repeat, "medians": medians,
                      "overhead_percent": overhead, "step": step, "step_cpu_percent": share, "db_kb_after_day1": db_kb,
                      "runs": {k: [[round(w, 2), round(c, 2)] for w, c in r] for k, r in runs.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Whole-pipeline speed and memory: `digest brief` on 1,000 / 5,000 / 20,000 generated articles.

Usage: python benchmarks/bench_brief.py [--sizes 1000,5000,20000] [--jobs 1,2] [--keep DIR]
                                        [--profile STAGE] [--scheduler tcp://HOST:PORT | local]

Each corpus is a generated news day (benchmarks/corpus.py: several hundred stories at 20,000
articles, wire copies, 40 outlets) written to a temporary folder as Markdown, plain text, JSON
Lines and JSON files, so reading and parsing are measured too. Each size (and each --jobs value)
runs in a fresh process that times the stages of the brief command as the library runs them:
ingest (digest.ingest.read_sources), group, summarize, extract (digest.brief.build_briefing,
timed through its progress hook) and render (digest.render, Markdown). The stages overlap:
extraction runs in the pool's workers from before grouping on (StageClock says how each column
is counted). It prints seconds per stage of the main process's timeline (wall), CPU seconds of
all processes during each stage and of the main process alone, a critical-path estimate for an
idle machine, total seconds, peak RSS of the worker and
of its largest pool process, the peak memory of all of them together (`all MB`: summed PSS, so
pages a forked worker shares with its parent count once; with --scheduler plus the workers' peak
RSS), the growth between sizes (total time as n^k), and for 1,000 and 10,000 articles the same
figures beside issue 20's; the last line is JSON. `output` is a hash of the briefing
(without its generation time, and with the corpus folder taken out of the articles' paths, so
runs from different folders or trees compare): the same hash for every --jobs value means the
same briefing (workers share one PYTHONHASHSEED, since which near copies ingest merges depends on it).
`--scheduler tcp://HOST:PORT` runs the per-story work on that Dask cluster (the `dask` extra) and
`--scheduler local` on a LocalCluster of one single-threaded worker process per core on 127.0.0.1
that the benchmark starts; rows say `dask` in the jobs column and their CPU seconds include the
workers' (time.process_time of each worker process, asked before and after each stage).
`--profile extract` (or any stage) adds the cProfile lines of that stage (top 25 by cumulative
time); with --jobs above 1 the per-story stages run in other processes, so profile with --jobs 1.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import math
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
STAGES = ("ingest", "group", "summarize", "extract", "render")

from digest.progress import Progress  # noqa: E402


def own_cpu_seconds() -> float:
    """CPU time of this process alone (the main process of the pipeline)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def cpu_seconds() -> float:
    """CPU time of this process, of its finished children and of its live descendants (the pool's
    workers, which run across stages now: extraction starts before grouping)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own_cpu_seconds() + children.ru_utime + children.ru_stime + sum(map(_live_cpu, _descendants(os.getpid())))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _live_cpu(pid: int) -> float:
    """User + system seconds of a live process so far (/proc/PID/stat); 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process (kB): a page it shares with k processes counts 1/k."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                children = [int(c) for c in fh.read().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


class MemorySampler(threading.Thread):
    """The peak memory of this process and its pool workers together, sampled every `interval`
    seconds as summed PSS (forked workers share pages with their parent: summed RSS would count
    those twice). Linux only (/proc); elsewhere it reports 0.

    Reading PSS is not free: the kernel walks every page of the process, about 16 ms of CPU per
    500 MB. Every 0.1 s (this benchmark's earlier interval) that took about a third of a core at
    10,000 articles, from the pipeline and into the main process's CPU figures; every second it
    is a few per cent, and `cpu` (its thread's CPU seconds) is taken out of the stage figures.
    """

    def __init__(self, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self.cpu = 0.0  # CPU seconds this thread spent sampling
        self._done = threading.Event()

    def sample(self) -> None:
        pids = [os.getpid(), *_descendants(os.getpid())]
        self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))

    def run(self) -> None:
        while not self._done.wait(self.interval):
            self.sample()
            self.cpu = time.thread_time()

    def stop(self) -> int:
        """Stop sampling; the peak in MB."""
        self._done.set()
        self.join()
        self.sample()
        return round(self.peak_kb / 1024)


def dask_memory(address: str) -> int:
    """The summed peak RSS (MB) of the Dask workers (on several machines their memory adds up)."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return round(sum(peaks.values()) / 1024)


def dask_cpu(address: str):
    """A function giving the summed CPU seconds of the cluster's worker processes."""
    import time as _time

    from distributed import Client

    client = Client(address, set_as_default=False)
    return lambda: sum(client.run(_time.process_time).values())


class StageClock(Progress):
    """A silent Progress that notes when each stage of build_briefing starts and ends.

    The stages are this (main) process's timeline; work in the pool's workers overlaps them:
    while the workers parse the files, this process loads extraction's rules (in `ingest`);
    extraction starts in the workers before grouping, so the group and summarize intervals hold
    extraction too, and `extract` is what this process spends on extraction alone (starting it,
    then waiting for what is left). `cpu` is the CPU of every process during each interval (this
    one, its live and finished workers); `main_cpu` this process's alone.
    """

    NAMES = {"grouping stories": "group", "summarising": "summarize", "starting extraction": "extract",
             "extracting": "extract"}

    def __init__(self, profile: str = "", extra_cpu=None) -> None:
        super().__init__(enabled=False)
        self.profile = profile
        self.extra_cpu = extra_cpu or (lambda: 0.0)  # CPU seconds spent elsewhere (Dask workers)
        self.overhead = lambda: 0.0  # CPU seconds of this process spent measuring (the memory sampler)
        self.profiler: cProfile.Profile | None = None
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.main_cpu: dict[str, float] = {}
        self._current: tuple[str, float, float, float] | None = None

    def stage(self, name: str, total: int = 0) -> None:
        self._close()
        overhead = self.overhead()
        self._current = (self.NAMES.get(name, name), time.perf_counter(),
                         cpu_seconds() + self.extra_cpu() - overhead, own_cpu_seconds() - overhead)
        if self._current[0] == self.profile:
            self.profiler = cProfile.Profile()
            self.profiler.enable()
        super().stage(name, total)

    def finish(self) -> None:
        self._close()
        super().finish()

    def _close(self) -> None:
        if self._current:
            name, started, cpu, main = self._current
            if name == self.profile and self.profiler:
                self.profiler.disable()
            overhead = self.overhead()
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.cpu[name] = self.cpu.get(name, 0.0) + cpu_seconds() + self.extra_cpu() - overhead - cpu
            self.main_cpu[name] = self.main_cpu.get(name, 0.0) + own_cpu_seconds() - overhead - main
            self._current = None


def run_one(folder: str, jobs: int | None, profile: str = "", scheduler: str | None = None) -> dict:
    """The brief pipeline on one folder in this process: seconds per stage and peak memory."""
    from digest.brief import build_briefing, warm_up_for
    from digest.executor import default_jobs, executor_for
    from digest.ingest import read_sources
    from digest.render import render

    clock = StageClock(profile, dask_cpu(scheduler) if scheduler else None)
    memory = MemorySampler()
    clock.overhead = lambda: memory.cpu
    memory.start()
    with executor_for(jobs, scheduler) as executor:  # as `digest brief` does: one for ingest and stories
        clock.stage("ingest")
        result = read_sources([folder], on_warning=lambda _line: None, executor=executor,
                              meanwhile=warm_up_for(executor))
        briefing = build_briefing(result.articles, skipped=result.skipped, progress=clock, executor=executor)
    clock.stage("render")
    text = render(briefing, "markdown")
    clock.finish()
    peak_all = memory.stop() + (dask_memory(scheduler) if scheduler else 0)
    data = briefing.to_dict()
    data.pop("generated_at")
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if clock.profiler:
        out = io.StringIO()
        pstats.Stats(clock.profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
    return {
        "jobs": "dask" if scheduler else jobs or default_jobs(),
        "articles": len(result.articles), "inputs": result.inputs, "duplicates": result.duplicates,
        "stories": len(briefing.stories), "markdown_kb": round(len(text.encode()) / 1024),
        "seconds": {k: round(clock.seconds.get(k, 0.0), 2) for k in STAGES},
        "total": round(sum(clock.seconds.get(k, 0.0) for k in STAGES), 2),
        "cpu": {k: round(clock.cpu.get(k, 0.0), 2) for k in STAGES},
        "cpu_seconds": round(sum(clock.cpu.get(k, 0.0) for k in STAGES), 2),
        "main_cpu": {k: round(clock.main_cpu.get(k, 0.0), 2) for k in STAGES},
        # what an idle machine with `cores` cores needs at least: per stage, the main process's
        # own CPU or all processes' CPU shared over the cores, whichever is longer
        "critical_path": round(sum(max(clock.main_cpu.get(k, 0.0), clock.cpu.get(k, 0.0) / default_jobs())
                                   for k in STAGES), 2),
        "peak_mb": round(own.ru_maxrss / 1024), "pool_peak_mb": round(children.ru_maxrss / 1024),
        "peak_all_mb": peak_all,
        "sampler_cpu": round(memory.cpu, 2),  # the memory sampler's CPU seconds, not in the figures above
        "output": output_hash(data, folder),
    }


def output_hash(briefing: dict, folder: str) -> str:
    """A short hash of the briefing's data with the corpus folder's name taken out of the articles'
    paths, so runs on copies of one corpus in different folders (two trees, two runs) compare."""
    text = json.dumps(briefing, sort_keys=True, default=str)
    for name in {str(Path(folder).resolve()), str(folder)}:
        text = text.replace(json.dumps(name)[1:-1], "CORPUS")
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _numbers(text: str) -> list[int]:
    return [int(x) for x in text.replace(" ", "").split(",") if x]


def _growth(r: dict, prev: dict | None, key: str) -> str:
    if not prev or prev[key] <= 0 or r["generated"] == prev["generated"]:
        return ""
    return f"n^{math.log(r[key] / prev[key]) / math.log(r['generated'] / prev['generated']):.2f}"


def _table(results: list[dict]) -> None:
    """Wall seconds per stage, CPU seconds per stage of all processes (steadier on a shared
    machine) and of the main process alone, then the critical-path estimate."""
    for r in results:
        r.setdefault("main_cpu_seconds", round(sum(r["main_cpu"].values()), 2))
    print("\n(the stages overlap: the main process loads extraction's rules while the workers parse (ingest); "
          "extraction runs in the\n workers from before grouping on, so the group and summarize intervals hold "
          "extraction CPU too; `extract` is what\n the main process spends starting it and waiting for the rest)")
    for title, per_stage, total in (("wall seconds (main process's timeline)", "seconds", "total"),
                                    ("CPU seconds, all processes", "cpu", "cpu_seconds"),
                                    ("CPU seconds, main process", "main_cpu", "main_cpu_seconds")):
        print(f"\n{title}:")
        print(f"{'articles':>8} {'jobs':>4} {'stories':>7} " + " ".join(f"{s:>9}" for s in STAGES)
              + f" {'total':>8} {'growth':>7} {'peak MB':>8} {'pool MB':>8} {'all MB':>7} {'output':>12}")
        previous: dict[int, dict] = {}
        for r in results:
            growth = _growth(r, previous.get(r["jobs"]), total)
            previous[r["jobs"]] = r
            print(f"{r['generated']:>8} {r['jobs']:>4} {r['stories']:>7} "
                  + " ".join(f"{r[per_stage][s]:>9.2f}" for s in STAGES)
                  + f" {r[total]:>8.2f} {growth:>7} {r['peak_mb']:>8} {r['pool_peak_mb']:>8} {r['peak_all_mb']:>7}"
                  + f" {r['output']:>12}")
    print("\ncritical-path estimate for an idle machine (per stage the longer of the main process's CPU and "
          "all processes' CPU over the cores):")
    for r in results:
        print(f"{r['generated']:>8} articles, jobs {r['jobs']}: {r['critical_path']:.2f} s")


# Issue 20's measurements (real 1998 wire copy, 2 cores, --jobs 2, wall seconds: low-high of three
# runs) and its targets, printed beside this run's figures.
ISSUE_20 = {
    1000: {"articles": "~900", "ingest": "1.7-2.2", "group": "1.4-1.5", "summarize": "0.7-1.0", "extract": "3.0-4.0",
           "render": "", "total": "7.3-8.5", "memory": "", "target": "<= 4 s"},
    10000: {"articles": "~9,000", "ingest": "15-17", "group": "16-20", "summarize": "3.5-4.6", "extract": "27-42",
            "render": "", "total": "62-84", "memory": "1.1 GB", "target": "<= 40 s, <= 1 GB"},
}

# The README's figures before the stages overlapped (idle machine, --jobs 2, wall / CPU of all processes).
BEFORE = {
    1000: {"articles": "912", "ingest": "1.21", "group": "1.23", "summarize": "0.53", "extract": "3.42",
           "render": "0.10", "total": "6.49/9.90", "memory": "161 MB"},
    10000: {"articles": "9,139", "ingest": "10.3", "group": "13.7", "summarize": "1.0", "extract": "29.7",
            "render": "0.7", "total": "55.4/88.2", "memory": "590 MB"},
}


def _issue_table(results: list[dict]) -> None:
    """This run's wall and CPU seconds per stage beside the issue's, for the sizes it measured."""
    rows = [r for r in results if r["generated"] in ISSUE_20]
    if not rows:
        return
    print("\nbeside issue 20 (its figures: wall s on 2 cores, --jobs 2; this run: wall s / CPU s, "
          "CPU including the pool's or cluster's workers; memory: all processes' peak):")
    print(f"{'articles':>8} {'jobs':>4} {'':>6} " + " ".join(f"{s:>11}" for s in (*STAGES, "total"))
          + f" {'memory':>9}  target")
    for r in rows:
        issue = ISSUE_20[r["generated"]]
        print(f"{issue['articles']:>8} {'2':>4} {'issue':>6} " + " ".join(f"{issue[s]:>11}" for s in (*STAGES, "total"))
              + f" {issue['memory']:>9}  {issue['target']}")
        before = BEFORE[r["generated"]]
        print(f"{before['articles']:>8} {'2':>4} {'before':>6} " + " ".join(f"{before[s]:>11}" for s in (*STAGES, "total"))
              + f" {before['memory']:>9}  (README, idle machine, main at 5cda0fc: stages one after another)")
        now = [f"{r['seconds'][s]:.2f}/{r['cpu'][s]:.2f}" for s in STAGES] + [f"{r['total']:.2f}/{r['cpu_seconds']:.2f}"]
        print(f"{r['articles']:>8} {r['jobs']:>4} {'now':>6} " + " ".join(f"{x:>11}" for x in now)
              + f" {str(r['peak_all_mb']) + ' MB':>9}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Seconds per stage of `digest brief` on generated news days.")
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated article counts")
    parser.add_argument("--jobs", default="", help="comma-separated --jobs values (default: one per core)")
    parser.add_argument("--keep", metavar="DIR", help="write the corpora under DIR and keep them")
    parser.add_argument("--profile", choices=STAGES, default="", help="print cProfile lines of this stage")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the per-story work on this Dask scheduler, or `local` for a LocalCluster")
    parser.add_argument("--one", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--one-jobs", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.one_jobs, args.profile, args.scheduler)))
        return 0
    cluster = None
    if args.scheduler == "local":
        from distributed import LocalCluster

        from digest.executor import default_jobs

        # the workers import digest from this tree, as the timed processes do
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
        cluster = LocalCluster(n_workers=default_jobs(), threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        args.scheduler = cluster.scheduler_address
    try:
        return _run(args)
    finally:
        if cluster:
            cluster.close()


def _run(args: argparse.Namespace) -> int:
    """Write each corpus, time the pipeline on it in fresh processes, print the tables."""
    from corpus import make_day, write_day

    from digest.executor import default_jobs

    jobs_values: list[int | None] = [None] if args.scheduler else (list(_numbers(args.jobs)) or [None])
    print(f"machine: {platform.machine()}, {default_jobs()} cores usable, Python {platform.python_version()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        for n in _numbers(args.sizes):
            origin, day = make_day(n)
            folder = base / f"day-{n}"
            files = write_day(day, folder)
            print(f"{n} articles from {origin} written to {folder}: {files}", flush=True)
            for jobs in jobs_values:
                command = [sys.executable, __file__, "--one", str(folder)]
                if jobs:
                    command += ["--one-jobs", str(jobs)]
                if args.profile:
                    command += ["--profile", args.profile]
                if args.scheduler:
                    command += ["--scheduler", args.scheduler]
                # one hash seed for every worker: ingest's shingle hashes (and so which near copies
                # MinHash finds) depend on it, and the output column compares --jobs values
                env = {**os.environ, "PYTHONHASHSEED": "0"}
                out = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
                if out.returncode != 0:
                    print(f"{n} articles, jobs {jobs}: failed: {out.stderr.strip().splitlines()[-1:]}")
                    continue
                if args.profile:
                    print(out.stderr)
                result = {"generated": n, **json.loads(out.stdout.strip().splitlines()[-1])}
                print(f"  jobs {result['jobs']}: {result['total']:.1f} s, {result['articles']} articles after "
                      f"merging {result['duplicates']} wire copies", flush=True)
                results.append(result)
    _table(results)
    _issue_table(results)
    print(json.dumps({"benchmark": "brief", "machine": platform.machine(), "cores": default_jobs(),
                      "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

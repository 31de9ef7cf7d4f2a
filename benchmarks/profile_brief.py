"""Where `digest brief` spends its time: cProfile per stage (ingest, group, summarize, extract,
render) on a generated news day, in one process (jobs 1, so the per-story work is profiled too).

Usage:
    python benchmarks/profile_brief.py [--size 1000] [--keep DIR] [--top 15] [--sort tottime]
    python benchmarks/profile_brief.py --folder DIR        # an existing corpus (e.g. one --keep wrote)
    python benchmarks/profile_brief.py --compiles [--folder DIR]   # regex compiles per stage, no cProfile
    python benchmarks/profile_brief.py --jobs 2 [--folder DIR]     # the main process of a --jobs 2 run

For each stage it prints the stage's CPU seconds and its top functions (by own time, `tottime`,
or `--sort cumulative`), timed in CPU seconds (time.process_time), which a shared machine disturbs less; `--dump DIR` also writes one .pstats file per stage for snakeviz or
`python -m pstats`. The same corpus as benchmarks/bench_brief.py (benchmarks/corpus.py, seed 7).
For a sampling view of a whole run with the pool's workers: `py-spy record --subprocesses -o
brief.svg -- digest brief DIR` (py-spy is not a project dependency); of the main process alone,
without cProfile's distortion: `PYTHONHASHSEED=0 py-spy record --nonblocking -r 1000 -f raw -o
main.txt -- python benchmarks/bench_brief.py --one DIR --one-jobs 2` (raw stacks, one line each
with its sample count: sum them per function; `--nonblocking` leaves the timed run undisturbed).
With `--jobs 2` the per-story stages (extraction) run in the workers and are not profiled here. For instruction counts,
steady on a shared machine: `valgrind --tool=callgrind python benchmarks/profile_brief.py
--size 200` (slow: about 50 times a plain run).

`--compiles` runs without cProfile and counts the regular expressions each stage compiles and the
CPU seconds that takes (re's own compile, wrapped): cProfile times the pure-Python regex parser
many times slower than it runs, so the profile overstates compile cost several times over.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_brief import STAGES, StageClock  # noqa: E402


class StageProfiles(StageClock):
    """A StageClock that keeps one cProfile per stage."""

    def __init__(self) -> None:
        super().__init__()
        self.profiles: dict[str, cProfile.Profile] = {}

    def stage(self, name: str, total: int = 0) -> None:
        super().stage(name, total)
        stage = self._current[0]
        self.profiler = self.profiles.setdefault(stage, cProfile.Profile(time.process_time))  # CPU, not wall
        self.profiler.enable()

    def _close(self) -> None:
        if self._current and self.profiler:
            self.profiler.disable()
            self.profiler = None
        super()._close()



def _run(folder: str, clock: StageClock, jobs: int = 1):
    """One whole run. With jobs 1 every stage runs in this process, where the clock can see it;
    with more, as `digest brief --jobs N` (and bench_brief) runs it: files parsed and articles
    extracted in a pool, this process warming extraction up meanwhile, grouping and summarising,
    so the profile is the main process's own work, the chain the pool's workers wait on."""
    from digest.brief import build_briefing, warm_up_for
    from digest.executor import executor_for
    from digest.ingest import read_sources
    from digest.render import render

    with executor_for(jobs, None) as executor:
        clock.stage("ingest")
        result = read_sources([folder], on_warning=lambda _line: None, executor=executor,
                              meanwhile=warm_up_for(executor))
        briefing = build_briefing(result.articles, skipped=result.skipped, progress=clock, executor=executor)
    clock.stage("render")
    render(briefing, "markdown")
    clock.finish()
    return result, briefing


def profile(folder: str, top: int, sort: str, dump: str | None, jobs: int = 1) -> None:
    clock = StageProfiles()
    result, briefing = _run(folder, clock, jobs)
    print(f"{folder}: {len(result.articles)} articles ({result.duplicates} copies merged), "
          f"{len(briefing.stories)} stories; CPU seconds {sum(clock.cpu.values()):.2f} (under cProfile)")
    for stage in STAGES:
        if stage not in clock.profiles:
            continue
        out = io.StringIO()
        stats = pstats.Stats(clock.profiles[stage], stream=out)
        if dump:
            Path(dump).mkdir(parents=True, exist_ok=True)
            stats.dump_stats(str(Path(dump) / f"{stage}.pstats"))
        stats.sort_stats(sort).print_stats(top)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        own = clock.main_cpu if jobs > 1 else clock.cpu  # with a pool: this process alone
        print(f"\n== {stage}: {own.get(stage, 0.0):.2f} CPU s{' (main process)' if jobs > 1 else ''}")
        print("\n".join(lines[start:]))


class CompileClock(StageClock):
    """A StageClock that also counts regex compiles (and their CPU seconds) per stage."""

    def __init__(self) -> None:
        super().__init__()
        self.compiles: dict[str, list[float]] = {}
        from re import _compiler

        self._compile = _compiler.compile
        _compiler.compile = self._timed_compile

    def _timed_compile(self, pattern, flags=0):
        started = time.process_time()
        try:
            return self._compile(pattern, flags)
        finally:
            stage = self._current[0] if self._current else "import"
            self.compiles.setdefault(stage, []).append(time.process_time() - started)


def compiles(folder: str) -> None:
    """Regex compiles per stage of one run (jobs 1), timed without a profiler."""
    clock = CompileClock()
    result, briefing = _run(folder, clock)
    print(f"{folder}: {len(result.articles)} articles, {len(briefing.stories)} stories")
    print(f"{'stage':>10} {'CPU s':>7} {'compiles':>9} {'compile CPU s':>14}")
    for stage in ("import", *STAGES):
        times = clock.compiles.get(stage, [])
        print(f"{stage:>10} {clock.cpu.get(stage, 0.0):>7.2f} {len(times):>9} {sum(times):>14.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cProfile per stage of `digest brief` on a generated day.")
    parser.add_argument("--size", type=int, default=1000, help="articles in the generated day")
    parser.add_argument("--folder", help="profile this corpus instead of generating one")
    parser.add_argument("--keep", metavar="DIR", help="write the generated corpus under DIR and keep it")
    parser.add_argument("--top", type=int, default=15, help="functions per stage")
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--dump", metavar="DIR", help="also write DIR/STAGE.pstats")
    parser.add_argument("--compiles", action="store_true", help="count and time regex compiles per stage instead")
    parser.add_argument("--jobs", type=int, default=1,
                        help="profile the main process of a run with this many pool processes (as --jobs N)")
    args = parser.parse_args(argv)
    run = compiles if args.compiles else lambda folder: profile(folder, args.top, args.sort, args.dump, args.jobs)
    if args.folder:
        run(args.folder)
        return 0
    from corpus import make_day, write_day

    with tempfile.TemporaryDirectory(prefix="digest-profile-") as tmp:
        folder = Path(args.keep or tmp) / f"day-{args.size}"
        write_day(make_day(args.size)[1], folder)
        run(str(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())

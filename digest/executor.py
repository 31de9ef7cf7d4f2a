"""Where per-item work runs: inline, in a local process pool, or on a Dask cluster — one interface.

The stages hand `run_chunked` a task (a module-level function `task(items, options) -> results`,
one result per item) and the items; the executor decides where the chunks run. Each item is
processed on its own, so the results are the same however the items are cut and wherever the
chunks run: `jobs=1`, a pool of `jobs` processes (`--jobs N`) and a `distributed.Client`
(`--scheduler tcp://HOST:PORT`) give identical output. Dask reruns the tasks of a worker that dies
on the workers left, so a lost worker costs time, not results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from digest.errors import SettingError
from digest.progress import Progress

T = TypeVar("T")
Task = Callable[[list[Any], dict[str, Any]], list[Any]]

# Below this much work (in the items' weights: articles) a stage runs inline: forking and pickling
# would cost more than it saves.
MIN_PARALLEL_WEIGHT = 200
CHUNKS_PER_WORKER = 4  # smaller chunks even out the load when one item is much bigger than the rest
# A local pool's workers run at a lower priority than this process: its work (reading, grouping,
# summarising, collecting) is the chain every run waits for, while theirs fills what is left of
# the cores (on an otherwise idle machine they lose no CPU, only the contest for it). At 3 the two
# workers of a 2-core pool weigh together what the parent weighs, so the scheduler gives it a core.
WORKER_NICENESS = 3
CONNECT_SECONDS = 10.0  # how long a run waits for a Dask scheduler before one clear error line


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


class Executor(Protocol):
    """Runs chunks of a task somewhere. `run` starts them at once where they can start (a pool, a
    cluster), so the caller may do other work meanwhile; the iterator it returns yields
    (chunk number, results) as chunks finish."""

    workers: int  # how many chunks can run at once (what chunking aims at)
    min_weight: int  # below this much work, run inline

    def run(self, task: Task, chunks: list[list[Any]], options: dict[str, Any]) -> Iterable[tuple[int, list[Any]]]:
        ...


class Inline:
    """Everything in this process, in order, as the results are asked for."""

    workers = 1
    min_weight = 0

    def run(self, task: Task, chunks: list[list[Any]], options: dict[str, Any]) -> Iterator[tuple[int, list[Any]]]:
        for i, chunk in enumerate(chunks):
            yield i, task(chunk, options)


# The chunks of the local pool call being started, by call: forked workers find them in the memory
# they share with this process, so the items (articles, files' bytes) are never pickled to them.
_FORKED: dict[int, list[list[Any]]] = {}


def _forked_chunk(task: Task, call: int, n: int, options: dict[str, Any]) -> list[Any]:
    """Pool task: `task` over chunk `n` of call `call`, as this forked worker inherited it."""
    return task(_FORKED[call][n], options)


def _lower_priority() -> None:
    """Pool initializer: this worker yields a contested core to the parent."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # no nice() on Windows
        pass


class LocalPool:
    """A pool of `jobs` processes on this machine, forked per call where the platform can fork:
    workers start in milliseconds with the parent's imports and caches already in memory, and
    read the chunks from it too (only the results travel back, pickled). The items stay the
    parent's objects, so whatever it keeps by object (an article's analysis) is theirs as well."""

    def __init__(self, jobs: int) -> None:
        self.workers = jobs

    @property
    def min_weight(self) -> int:
        return MIN_PARALLEL_WEIGHT

    def run(self, task: Task, chunks: list[list[Any]], options: dict[str, Any]) -> Iterable[tuple[int, list[Any]]]:
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        forked = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if forked else None)
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_lower_priority)
        call = id(chunks)
        if forked:
            _FORKED[call] = chunks
        # the workers fork at the first submit (all of them: ProcessPoolExecutor forks no later ones);
        # objects frozen then are left alone by their garbage collector, whose passes would
        # otherwise write to (and so copy) every page they share with us
        gc.freeze()
        try:
            futures = {(pool.submit(_forked_chunk, task, call, i, options) if forked
                        else pool.submit(task, chunk, options)): i for i, chunk in enumerate(chunks)}
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        finally:
            gc.unfreeze()
            _FORKED.pop(call, None)  # the workers have their copy
        return _Collected(pool, futures)


class _Collected:
    """A local pool's results as they finish; its pool is shut down once they are all in, or when
    the caller gives up (`close`, also before asking for any: a failed stage leaves no workers)."""

    def __init__(self, pool: Any, futures: dict[Any, int]) -> None:
        self._pool, self._futures = pool, futures

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        from concurrent.futures import as_completed

        try:
            for future in as_completed(self._futures):
                yield self._futures[future], future.result()
        finally:
            self.close()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskCluster:
    """The chunks as tasks of a Dask `distributed` cluster (the `dask` extra).

    Workers import digest themselves, so it must be installed where they run. A worker lost
    mid-run is survived: the scheduler reruns its tasks elsewhere (up to Dask's allowed-failures).
    """

    min_weight = 0  # whoever names a cluster wants the work there

    def __init__(self, address: str, timeout: float = CONNECT_SECONDS) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SettingError("scheduler", 'needs Dask: pip install "digest[dask]"') from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise SettingError("scheduler", f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def run(self, task: Task, chunks: list[list[Any]], options: dict[str, Any]) -> Iterator[tuple[int, list[Any]]]:
        futures = self.client.map(task, chunks, [options] * len(chunks), pure=False)
        return self._collected(futures)

    def _collected(self, futures: list[Any]) -> Iterator[tuple[int, list[Any]]]:
        from distributed import as_completed

        index = {future.key: i for i, future in enumerate(futures)}
        for future in as_completed(futures, loop=self.client.loop):
            yield index[future.key], future.result()

    def close(self) -> None:
        self.client.close()


@contextmanager
def executor_for(jobs: int | None, scheduler: str | None,
                 connect_timeout: float = CONNECT_SECONDS) -> Iterator[Executor]:
    """The executor a run asks for: a Dask cluster (reached within `connect_timeout` seconds),
    else `jobs` local processes (default one per core); a cluster's client is closed when the run ends."""
    if not scheduler:
        jobs = jobs or default_jobs()
        yield LocalPool(jobs) if jobs > 1 else Inline()
        return
    cluster = DaskCluster(scheduler, connect_timeout)
    try:
        yield cluster
    finally:
        cluster.close()


def chunks(weights: Sequence[int], parts: int) -> list[list[int]]:
    """Item indices cut into about `parts` consecutive runs of similar total weight."""
    target = max(1, -(-sum(weights) // max(1, parts)))
    cut: list[list[int]] = [[]]
    size = 0
    for i, weight in enumerate(weights):
        if size >= target:
            cut.append([])
            size = 0
        cut[-1].append(i)
        size += weight
    return [c for c in cut if c]


class Pending:
    """Work handed to an executor and not yet collected: `results()` waits for it."""

    def __init__(self, results: list[Any], cut: list[list[int]], weights: list[int],
                 running: Iterable[tuple[int, list[Any]]]) -> None:
        self._results, self._cut, self._weights, self._running = results, cut, weights, running

    def results(self, progress: Progress | None = None) -> list[Any]:
        """One result per item, in item order (`progress` advances by the items' weights)."""
        progress = progress or Progress(enabled=False)
        progress.advance(sum(self._weights) - sum(self._weights[i] for c in self._cut for i in c))
        for n, chunk_results in self._running:
            for i, result in zip(self._cut[n], chunk_results, strict=True):
                self._results[i] = result
            progress.advance(sum(self._weights[i] for i in self._cut[n]))
        return self._results

    def cancel(self) -> None:
        """Give up on what has not run yet (a local pool is shut down)."""
        close = getattr(self._running, "close", None)
        if close:
            close()


def start_chunked(executor: Executor, task: Task, items: Sequence[T], options: dict[str, Any], *,
                  weights: Sequence[int] | None = None, parts: int | None = None) -> Pending:
    """`task` over every item, started now wherever `executor` runs it; `Pending.results()`
    gives one result per item in item order.

    `weights` (default 1 each) say how much work each item is, for even chunks and for progress;
    the work is cut into about `parts` chunks (default CHUNKS_PER_WORKER per worker). On a local
    pool, small work (or fewer than three items) runs inline. With a local pool the last item (for
    stories: ranked lowest, so usually one of the smallest) runs first, inline: it imports the
    task's modules and fills their caches before the workers fork, so no worker pays for that again.
    """
    weights = list(weights) if weights is not None else [1] * len(items)
    results: list[Any] = [None] * len(items)
    if executor.min_weight and (executor.workers < 2 or len(items) < 3 or sum(weights) < executor.min_weight):
        executor = Inline()  # a named cluster (min_weight 0) gets the work however small it is
    pending = list(range(len(items)))
    if isinstance(executor, LocalPool):
        last = pending.pop()
        results[last] = task([items[last]], options)[0]
    if isinstance(executor, Inline):
        cut = [[i] for i in pending]
    else:
        cut = [[pending[k] for k in chunk]
               for chunk in chunks([weights[i] for i in pending], parts or executor.workers * CHUNKS_PER_WORKER)]
    running = executor.run(task, [[items[i] for i in chunk] for chunk in cut], options)
    return Pending(results, cut, weights, running)


def run_chunked(executor: Executor, task: Task, items: Sequence[T], options: dict[str, Any], *,
                weights: Sequence[int] | None = None, progress: Progress | None = None) -> list[Any]:
    """`task` over every item, one result per item in item order, wherever `executor` runs it
    (`start_chunked`, waited for)."""
    return start_chunked(executor, task, items, options, weights=weights).results(progress)

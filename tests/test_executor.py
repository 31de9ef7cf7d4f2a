"""digest.executor: the same results inline, in a local pool and on a real Dask cluster on
127.0.0.1 — including a cluster that loses a worker (SIGKILL) while it holds a task."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from digest.brief import build_briefing
from digest.errors import SettingError
from digest.executor import Inline, LocalPool, chunks, executor_for, run_chunked
from digest.ingest import read_sources
from digest.model import Story

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
START_TIMEOUT = 180  # seconds for a scheduler or worker to come up on a loaded 2-core machine
RUN_TIMEOUT = 300


def _squares(items: list[int], options: dict) -> list[int]:
    return [x * x + options["plus"] for x in items]


def test_chunks_keep_item_order_and_even_out_weight():
    assert chunks([5, 1, 1, 1, 1, 1], 2) == [[0], [1, 2, 3, 4, 5]]
    assert chunks([1, 1, 1, 1], 2) == [[0, 1], [2, 3]]
    assert chunks([], 3) == []
    assert [i for c in chunks([3, 1, 4, 1, 5, 9, 2, 6], 3) for i in c] == list(range(8))


def test_local_pool_gives_the_results_in_item_order(monkeypatch):
    import digest.executor

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    items = list(range(40))
    expected = [x * x + 1 for x in items]
    assert run_chunked(Inline(), _squares, items, {"plus": 1}) == expected
    assert run_chunked(LocalPool(2), _squares, items, {"plus": 1}, weights=[1 + x % 5 for x in items]) == expected


def _guarded(items: list, options: dict) -> list[tuple[str, int]]:
    return [(item["name"], os.nice(0)) for item in items]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the items are shared by forking")
def test_a_forked_pool_reads_the_items_from_memory_and_yields_the_core_to_the_parent(monkeypatch):
    """A lock cannot be pickled: the items reach the workers only because they share the
    parent's memory. The workers run `WORKER_NICENESS` below the parent."""
    import digest.executor

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    items = [{"name": f"item {i}", "lock": threading.Lock()} for i in range(12)]
    found = run_chunked(LocalPool(2), _guarded, items, {})
    assert [name for name, _ in found] == [f"item {i}" for i in range(12)]
    parent = os.nice(0)
    assert found[-1][1] == parent  # the last item runs first, here, to warm the workers up
    assert {nice for _, nice in found[:-1]} == {min(19, parent + digest.executor.WORKER_NICENESS)}
    assert not digest.executor._FORKED  # nothing kept for later calls


def test_executor_for_picks_inline_or_a_pool():
    with executor_for(1, None) as one, executor_for(3, None) as three:
        assert isinstance(one, Inline)
        assert isinstance(three, LocalPool) and three.workers == 3


def test_a_scheduler_nobody_listens_on_is_a_setting_error():
    pytest.importorskip("distributed")
    with pytest.raises(SettingError) as caught:  # port 9 (discard) on loopback: nothing listens
        with executor_for(None, "tcp://127.0.0.1:9", connect_timeout=2) as _:
            pass
    assert caught.value.setting == "scheduler"


# --- a real local cluster: `dask scheduler` and `dask worker` subprocesses on 127.0.0.1 ------------

def _briefing_json(articles, **where) -> str:
    data = build_briefing(articles, max_stories=5, **where).to_dict()
    data.pop("generated_at")
    return json.dumps(data, sort_keys=True, default=str)


def _articles():
    return read_sources([str(SAMPLES)], on_warning=lambda _line: None).articles


def _briefing_on(address: str) -> str:
    """As `digest brief --scheduler`: the files parsed and the stories built on the cluster."""
    with executor_for(None, address) as cluster:
        result = read_sources([str(SAMPLES)], on_warning=lambda _line: None, executor=cluster)
        return _briefing_json(result.articles, executor=cluster)


def _read(sources: list[str], executor=None) -> tuple[list[dict], list[str]]:
    warnings: list[str] = []
    result = read_sources(sources, on_warning=warnings.append, executor=executor)
    return [a.to_dict() if hasattr(a, "to_dict") else vars(a) for a in result.articles], warnings


def test_files_parsed_in_a_pool_give_the_articles_and_warnings_of_one_process(monkeypatch, tmp_path):
    import digest.executor

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    sources = [str(SAMPLES), str(tmp_path)]
    articles, warnings = _read(sources)
    assert len(warnings) >= 2 and any("broken.json" in w for w in warnings)
    assert _read(sources, LocalPool(2)) == (articles, warnings)


def test_stories_of_files_parsed_in_a_pool_are_those_of_one_process(monkeypatch):
    """The pool's workers also scan each article for grouping; the stories are the same."""
    import digest.executor
    from digest.group import group_articles

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)

    def stories(executor=None) -> list[tuple]:
        articles = read_sources([str(SAMPLES)], on_warning=lambda _line: None, executor=executor).articles
        return [(s.id, s.headline, s.terms) for s in group_articles(articles)]

    assert stories(LocalPool(2)) == stories()


def test_articles_parsed_in_a_pool_come_with_the_analysis_one_process_builds(monkeypatch):
    """The workers that parse also clean and split each article; this process (and the
    extraction workers it forks) then read that analysis instead of building it again."""
    import digest.executor
    from digest.analysis import analyse, build, built

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    articles = read_sources([str(SAMPLES)], on_warning=lambda _line: None, executor=LocalPool(2)).articles
    assert len(articles) > 20
    for article in articles:
        assert [a.language for a in built(article)] == [article.language]
        assert analyse(article) is built(article)[0]
        assert analyse(article) == build(article, article.language)


def test_work_for_this_process_runs_once_while_the_pool_parses(monkeypatch):
    import digest.executor

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    calls = []
    result = read_sources([str(SAMPLES)], on_warning=lambda _line: None, executor=LocalPool(2),
                          meanwhile=lambda: calls.append(len(calls)))
    assert calls == [0]
    assert [a.id for a in result.articles] == [a.id for a in _articles()]


def test_only_a_local_pool_gets_extraction_warmed_up_beforehand():
    from digest.brief import warm_up_for

    assert warm_up_for(Inline()) is None  # one process extracts as it goes
    warm_up = warm_up_for(LocalPool(2))
    assert warm_up is not None
    warm_up()  # imports and compiles extraction's rules here, without error


def test_extraction_started_before_grouping_gives_the_stories_of_one_process(monkeypatch):
    """Extraction runs per article on the pool while this process groups and summarises; the
    stories' reconciled records are those extracting story by story in one process gives."""
    import digest.executor
    from digest.extract import extract_story

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    articles = _articles()
    stories = build_briefing(articles, max_stories=3, executor=LocalPool(2)).stories
    assert any(s.casualties for s in stories) and any(s.positions for s in stories)
    for story in stories:
        expected = extract_story(Story(id=story.id, headline=story.headline, articles=story.articles))
        assert [c.to_dict() for c in story.casualties] == [c.to_dict() for c in expected.casualties]
        assert [p.to_dict() for p in story.positions] == [p.to_dict() for p in expected.positions]


def test_a_stage_failing_while_the_pool_extracts_leaves_no_workers(monkeypatch):
    import multiprocessing

    import digest.executor
    import digest.group

    def broken(*_args, **_kwargs):
        raise RuntimeError("grouping failed")

    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)
    monkeypatch.setattr(digest.group, "group_articles", broken)
    with pytest.raises(RuntimeError, match="grouping failed"):
        build_briefing(_articles(), executor=LocalPool(2))
    assert multiprocessing.active_children() == []  # the extraction pool was shut down, not left running


class Cluster:
    """A scheduler and named workers (no nanny, one thread each: SIGKILL really loses the worker)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.processes: dict[str, subprocess.Popen] = {}
        self.file = folder / "scheduler.json"
        self._start("scheduler", ["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(self.file)])
        deadline = time.monotonic() + START_TIMEOUT
        while not self.file.exists():
            assert self.processes["scheduler"].poll() is None, "the scheduler exited"
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole, but let the writer close it
        self.address = json.loads(self.file.read_text())["address"]

    def _start(self, name: str, args: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen([sys.executable, "-m", *args], env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT, cwd=self.folder)

    def worker(self, name: str) -> None:
        self._start(name, ["distributed.cli.dask_worker", self.address, "--name", name, "--nthreads", "1",
                           "--no-nanny", "--no-dashboard", "--host", "127.0.0.1", "--death-timeout", "60"])

    def close(self) -> None:
        """Workers first, while their scheduler still answers (a worker whose scheduler is gone
        waits out its reconnection attempts before it exits), then the scheduler."""
        workers = [p for name, p in self.processes.items() if name != "scheduler"]
        for group in (workers, [self.processes["scheduler"]]):
            for process in group:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in group:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=20)


@pytest.fixture
def cluster(tmp_path):
    pytest.importorskip("distributed")
    started = Cluster(tmp_path)
    try:
        yield started
    finally:
        started.close()


def _client(cluster: Cluster, workers: int):
    from distributed import Client

    client = Client(cluster.address, timeout=START_TIMEOUT, set_as_default=False)
    client.wait_for_workers(workers, timeout=START_TIMEOUT)
    return client


def test_dask_cluster_gives_the_briefing_of_one_process(cluster):
    cluster.worker("only")
    articles = _articles()
    expected = _briefing_json(articles, jobs=1)
    with _client(cluster, 1) as client:
        assert _briefing_on(cluster.address) == expected
        prefixes = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert {"parse_files", "summaries_of", "extractions_of"} <= set(prefixes)  # the work ran on the cluster


def _hold_one_extraction(victim: str, flag: str):
    """A worker plugin: on the worker named `victim`, the first extraction task to start writes
    `flag` and then holds the worker (its event loop sleeps), so the task can never report back:
    the test kills the worker at that moment, deterministically mid-task. Defined here, it is
    pickled by value, so the workers need not import the tests."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class HoldOneExtraction(WorkerPlugin):
        def setup(self, worker) -> None:
            self.worker = worker

        def transition(self, key, start, finish, **kwargs) -> None:
            name = str(key[0] if isinstance(key, tuple) else key)
            if (getattr(self, "worker", None) is not None and self.worker.name == victim
                    and finish == "executing" and "extractions_of" in name
                    and not os.path.exists(flag)):
                Path(flag).write_text(name)
                time.sleep(RUN_TIMEOUT)  # until SIGKILL

    return HoldOneExtraction()


def test_a_worker_killed_mid_run_is_survived_with_the_same_briefing(cluster, tmp_path):
    cluster.worker("victim")
    cluster.worker("survivor")
    articles = _articles()
    expected = _briefing_json(articles, jobs=1)
    flag = tmp_path / "holding"
    with _client(cluster, 2) as client:
        client.register_plugin(_hold_one_extraction("victim", str(flag)), name="hold-one-extraction")
        outcome: dict[str, object] = {}

        def run() -> None:
            try:
                outcome["json"] = _briefing_on(cluster.address)
            except Exception as exc:  # reported by the assertion below
                outcome["error"] = exc

        runner = threading.Thread(target=run, daemon=True)
        runner.start()
        deadline = time.monotonic() + RUN_TIMEOUT
        while not flag.exists():
            assert runner.is_alive(), f"the run ended before the victim held a task: {outcome}"
            assert time.monotonic() < deadline, "the victim never started an extraction task"
            time.sleep(0.1)
        cluster.processes["victim"].send_signal(signal.SIGKILL)
        assert cluster.processes["victim"].wait(timeout=30) == -signal.SIGKILL
        runner.join(timeout=RUN_TIMEOUT)
        assert not runner.is_alive(), "the run did not finish after the worker was killed"
    assert "error" not in outcome, outcome.get("error")
    assert "extractions_of" in flag.read_text()
    assert outcome["json"] == expected

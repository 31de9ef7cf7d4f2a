"""The history store (digest/store.py): schema and migrations, refusing files that are not ours,
one transaction per run (a killed writer leaves the previous run whole), concurrent runs, pruning,
and the fetch cache's conditional GET against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import serving

from digest import store as store_module
from digest.cli import cli
from digest.ingest import FetchConfig, read_sources
from digest.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    ArticleRecord,
    StoreError,
    StorePageCache,
    StoryRecord,
    default_db_path,
    open_store,
)

ROOT = Path(__file__).parent.parent
DAY1 = ROOT / "tests" / "data" / "history" / "day1"


def story(sid: str, articles: list[str], thread: str = "", headline: str = "A story",
          first_seen: str = "2026-11-24") -> StoryRecord:
    return StoryRecord(id=sid, thread=thread or f"t-{sid}", first_seen=first_seen, status="new", headline=headline,
                       profile="text", last_published=None, articles=articles, developments=[],
                       casualties=[{"kind": "killed", "scope": "incident", "count": 10, "low": 10, "high": 10}],
                       positions=[{"actor": "Russia", "stance": "support", "target": "Syria"}])


def article(aid: str) -> ArticleRecord:
    return ArticleRecord(id=aid, url=f"https://example.org/{aid}", outlet="Example", published=None,
                         content_hash="0" * 40)


def record(store, run_date: str, stories: list[StoryRecord]) -> int:
    ids = sorted({a for s in stories for a in s.articles})
    return store.record_run(run_date=run_date, generated_at=datetime(2026, 11, 24, 7, tzinfo=UTC), title="Daily",
                            articles=[article(a) for a in ids], stories=stories)


def test_a_new_database_is_created_versioned_marked_and_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "history.sqlite3"
    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert path.stat().st_mode & 0o777 == 0o600
    with open_store(path) as again:  # reopening migrates nothing and keeps the data
        assert again.runs() == []


def test_the_default_location_is_the_user_data_folder_which_tests_keep_private(tmp_path):
    assert Path(os.environ["XDG_DATA_HOME"]) in default_db_path().parents
    assert default_db_path().name == "history.sqlite3"


def test_a_run_is_kept_with_its_stories_articles_and_lines(tmp_path):
    with open_store(tmp_path / "h.db") as store:
        run = record(store, "2026-11-24", [story("s1", ["a1", "a2"]), story("s2", ["a3"])])
        assert store.seen_articles(["a1", "a3", "zz"]) == {"a1", "a3"}
        [listed] = store.runs()
        assert listed["id"] == run and listed["date"] == "2026-11-24"
        assert [(s["id"], s["articles"]) for s in listed["stories"]] == [("s1", 2), ("s2", 1)]
        stored = store.thread_stories(["t-s1"], "2026-11-30")["t-s1"]
        assert stored[0].casualties == [{"kind": "killed", "scope": "incident", "count": 10, "low": 10, "high": 10}]
        positions = store.db.execute("SELECT data FROM position_lines").fetchall()
        assert len(positions) == 2


def test_recent_stories_gives_the_latest_appearance_of_each_thread_within_the_window(tmp_path):
    with open_store(tmp_path / "h.db") as store:
        record(store, "2026-11-10", [story("old", ["a0"], thread="gone")])
        record(store, "2026-11-23", [story("s1", ["a1"], thread="quake")])
        record(store, "2026-11-24", [story("s2", ["a1", "a2"], thread="quake")])
        recent = store.recent_stories("2026-11-24", days=7)
        assert [(s.id, s.thread, sorted(s.articles)) for s in recent] == [("s2", "quake", ["a1", "a2"])]
        # a briefing of an earlier day sees only what came before it
        assert [s.id for s in store.recent_stories("2026-11-23", days=7)] == ["s1"]


def test_an_interrupted_write_leaves_nothing_of_the_run(tmp_path, monkeypatch):
    with open_store(tmp_path / "h.db") as store:
        record(store, "2026-11-24", [story("s1", ["a1"])])

        def interrupted(*_args):
            raise KeyboardInterrupt

        monkeypatch.setattr(store, "_write_stories", interrupted)
        with pytest.raises(KeyboardInterrupt):
            record(store, "2026-11-25", [story("s2", ["a2"])])
        assert [r["date"] for r in store.runs()] == ["2026-11-24"]
        assert store.seen_articles(["a2"]) == set()


CHILD = textwrap.dedent("""
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from digest.store import ArticleRecord, StoryRecord, open_store

    db, marker = sys.argv[1], Path(sys.argv[2])
    store = open_store(db)
    original = store._write_stories

    def write_then_wait(db_, run, stories):
        original(db_, run, stories)   # the run's rows are written, the transaction is still open
        marker.write_text("inside")
        time.sleep(60)                # the parent kills us here

    store._write_stories = write_then_wait
    stories = [StoryRecord(id="s2", thread="t", first_seen="2026-11-25", status="new", headline="Day two",
                           profile="", last_published=None, articles=["a2"], developments=[], casualties=[],
                           positions=[])]
    store.record_run(run_date="2026-11-25", generated_at=datetime.now(UTC), title="Daily",
                     articles=[ArticleRecord("a2", "", "", None, "0")], stories=stories)
""")


def test_a_process_killed_inside_the_transaction_leaves_the_previous_complete_run(tmp_path):
    path = tmp_path / "h.db"
    with open_store(path) as store:
        record(store, "2026-11-24", [story("s1", ["a1", "a2x"])])
    marker = tmp_path / "inside"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(marker)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the child never reached its transaction"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    with open_store(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        [run] = store.runs()
        assert run["date"] == "2026-11-24" and [s["id"] for s in run["stories"]] == ["s1"]
        assert store.seen_articles(["a2"]) == set()
        record(store, "2026-11-25", [story("s2", ["a2"])])  # and the next run writes normally
        assert [r["date"] for r in store.runs()] == ["2026-11-25", "2026-11-24"]


def test_a_second_writer_waits_for_the_first(tmp_path):
    path = tmp_path / "h.db"
    open_store(path).close()
    locked, waited = threading.Event(), []

    def first_writer() -> None:
        with open_store(path) as first:
            first.db.execute("BEGIN IMMEDIATE")
            locked.set()
            time.sleep(0.5)
            waited.append(time.monotonic())
            first.db.commit()

    thread = threading.Thread(target=first_writer)
    thread.start()
    locked.wait(10)
    with open_store(path) as second:
        record(second, "2026-11-24", [story("s1", ["a1"])])  # blocks until the first commits
        done = time.monotonic()
        assert len(second.runs()) == 1
    thread.join()
    assert waited and done >= waited[0]


def test_a_writer_held_up_too_long_fails_with_one_line(tmp_path, monkeypatch):
    path = tmp_path / "h.db"
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.2)
    first, second = open_store(path), open_store(path)
    try:
        first.db.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="busy: another digest run is writing") as caught:
            record(second, "2026-11-24", [story("s1", ["a1"])])
        assert "\n" not in str(caught.value)
        first.db.rollback()
        assert second.runs() == []
    finally:
        first.close()
        second.close()


def _foreign_files(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "notes.txt"
    text.write_text("These are my notes, not a database.\n")
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(8192))
    other = tmp_path / "other-app.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        db.execute("INSERT INTO contacts VALUES ('Ana', '555-0100')")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    return {"text": text, "random bytes": noise, "another program's database": other, "damaged": damaged}


def test_files_that_are_not_a_digest_database_are_refused_and_left_untouched(tmp_path):
    for name, path in _foreign_files(tmp_path).items():
        before = path.read_bytes()
        with pytest.raises(StoreError) as caught:
            open_store(path).close()
        assert "\n" not in str(caught.value), name
        assert path.read_bytes() == before, name
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists(), name


def test_brief_with_a_foreign_db_is_exit_2_with_one_line(tmp_path):
    for name, path in _foreign_files(tmp_path).items():
        before = path.read_bytes()
        result = subprocess.run([sys.executable, "-m", "digest", "brief", str(DAY1), "--db", str(path)],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode == 2, (name, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "Traceback" not in result.stderr, (name, result.stderr)
        assert str(path) in errors[0] and result.stdout == ""
        assert path.read_bytes() == before, name


def test_an_empty_file_or_a_folder(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    with open_store(empty) as store:  # an empty file is an empty database: it gets the schema
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_an_older_schema_is_migrated_in_place_keeping_its_runs(tmp_path, monkeypatch):
    path = tmp_path / "h.db"
    with open_store(path) as store:
        record(store, "2026-11-24", [story("s1", ["a1"])])
    upgraded = [*store_module.MIGRATIONS, ("ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT ''",)]
    monkeypatch.setattr(store_module, "MIGRATIONS", upgraded)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(upgraded))
    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(upgraded)
        assert store.db.execute("SELECT run_date, note FROM runs").fetchall() == [("2026-11-24", "")]


def test_schema_1_profiles_become_json_title_and_lead_pairs(tmp_path, monkeypatch):
    path = tmp_path / "h.db"
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        patch.setattr(store_module, "SCHEMA_VERSION", 1)
        with open_store(path) as store:
            record(store, "2026-11-24", [story("s1", ["a1"], headline="Quake hits Varenta")])
            store.db.execute("UPDATE stories SET profile = 'A strong earthquake struck Varenta.'")
    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        [(profile,)] = store.db.execute("SELECT profile FROM stories").fetchall()
        assert json.loads(profile) == [["Quake hits Varenta", "A strong earthquake struck Varenta."]]


def test_two_briefs_at_once_on_one_database_both_finish_and_both_are_kept(tmp_path):
    db = tmp_path / "h.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "digest", "-q", "brief", str(DAY1), "--db", str(db), "-o", os.devnull]
    both = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in both:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    with open_store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = store.runs()
        assert len(runs) == 2
        # whichever wrote second saw the first: its stories continue
        assert {s["status"] for s in runs[0]["stories"]} == {"continuing"}


def test_a_database_from_a_newer_digest_is_refused(tmp_path):
    path = tmp_path / "h.db"
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer digest"):
        open_store(path)


def test_prune_deletes_old_runs_their_rows_and_unreferenced_articles(tmp_path):
    with open_store(tmp_path / "h.db") as store:
        record(store, "2026-10-01", [story("old", ["a-old", "shared"])])
        record(store, "2026-11-24", [story("new", ["a-new", "shared"])])
        removed = store.prune(30, today=date(2026, 11, 25))
        assert removed["runs"] == 1 and removed["articles"] == 1
        assert [r["date"] for r in store.runs()] == ["2026-11-24"]
        assert store.seen_articles(["a-old", "a-new", "shared"]) == {"a-new", "shared"}
        for table in ("stories", "story_articles", "casualty_lines", "position_lines"):
            assert store.db.execute(f"SELECT COUNT(*) FROM {table} WHERE run NOT IN (SELECT id FROM runs)"
                                    ).fetchone()[0] == 0, table


def test_history_command_lists_and_prunes(tmp_path):
    path = tmp_path / "h.db"
    with open_store(path) as store:
        record(store, "2000-01-01", [story("old", ["a1"], headline="Old news", first_seen="2000-01-01")])
        record(store, "2099-01-01", [story("s1", ["a2", "a3"], headline="Harbour strike ends", first_seen="2099-01-01"),
                                     story("s2", ["a1"], headline="Old news again", first_seen="2000-01-01")])
    listed = CliRunner().invoke(cli, ["history", "--db", str(path)])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0].startswith("run 2 · 2099-01-01 · made 2026-11-24 07:00 · 3 articles, 2 stories")
    assert lines[1:3] == ["  new        Harbour strike ends (2 articles)",
                          "  new        Old news again (1 article, since 2000-01-01)"]
    pruned = CliRunner().invoke(cli, ["history", "--db", str(path), "--prune", "30"])
    assert pruned.exit_code == 0 and "pruned 1 run(s)" in pruned.output
    data = json.loads(CliRunner().invoke(cli, ["history", "--db", str(path), "--format", "json", "--runs", "1"]).output)
    assert [(r["date"], [s["headline"] for s in r["stories"]]) for r in data["runs"]] == \
        [("2099-01-01", ["Harbour strike ends", "Old news again"])]
    after = CliRunner().invoke(cli, ["history", "--db", str(path)]).output
    assert "2000-01-01 · made" not in after and "Harbour strike ends" in after


# -- the fetch cache: conditional GET against a loopback server --------------------------------

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Loop News</title>
<item><title>Harbour strike ends after pay deal</title><link>http://loop.example/harbour</link>
<pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate>
<description>Dock workers in Westhaven returned to work on Tuesday after a four-day strike over pay.</description>
</item></channel></rss>"""
ETAG = '"feed-v1"'
MODIFIED = "Tue, 24 Nov 2026 09:00:00 GMT"


class ConditionalServer(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[dict[str, str]]


class ConditionalHandler(BaseHTTPRequestHandler):
    """A feed with validators: 304 (no body) when the client's If-None-Match or
    If-Modified-Since matches, the whole feed otherwise."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        headers = {k: v for k, v in self.headers.items()}
        self.server.requests.append(headers)
        if self.path == "/etag.xml" and headers.get("If-None-Match") == ETAG \
                or self.path == "/modified.xml" and headers.get("If-Modified-Since") == MODIFIED:
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        if self.path == "/etag.xml":
            self.send_header("ETag", ETAG)
        else:
            self.send_header("Last-Modified", MODIFIED)
        self.end_headers()
        self.wfile.write(FEED)


@pytest.fixture
def conditional_server() -> Iterator[ConditionalServer]:
    httpd = ConditionalServer(("127.0.0.1", 0), ConditionalHandler)
    httpd.requests = []
    with serving(httpd):
        yield httpd


def _read(url: str, store, refresh: bool = False):
    config = FetchConfig(cache=StorePageCache(store, refresh=refresh), retries=0)
    return read_sources([url], fetch_config=config, on_warning=lambda _line: None)


@pytest.mark.parametrize(("path", "header", "value"), [("/etag.xml", "If-None-Match", ETAG),
                                                       ("/modified.xml", "If-Modified-Since", MODIFIED)])
def test_a_second_fetch_is_conditional_and_a_304_gives_the_kept_feed(tmp_path, conditional_server, path, header,
                                                                     value):
    url = f"http://127.0.0.1:{conditional_server.server_address[1]}{path}"
    with open_store(tmp_path / "h.db") as store:
        first = _read(url, store)
        assert header not in conditional_server.requests[-1]
        second = _read(url, store)
        assert conditional_server.requests[-1].get(header) == value
        assert [a.title for a in second.articles] == [a.title for a in first.articles] \
            == ["Harbour strike ends after pay deal"]
        assert second.articles[0].text == first.articles[0].text
        refreshed = _read(url, store, refresh=True)
        assert header not in conditional_server.requests[-1]
        assert [a.title for a in refreshed.articles] == ["Harbour strike ends after pay deal"]
    assert len(conditional_server.requests) == 3


def test_brief_refresh_option_fetches_in_full(tmp_path, conditional_server):
    url = f"http://127.0.0.1:{conditional_server.server_address[1]}/etag.xml"
    db = str(tmp_path / "h.db")
    for extra in ([], [], ["--refresh"]):
        result = CliRunner().invoke(cli, ["brief", url, "--db", db, "--format", "json", *extra])
        assert result.exit_code == 0, result.output
    sent = [r.get("If-None-Match") for r in conditional_server.requests]
    assert sent == [None, ETAG, None]

"""The history store: one SQLite file remembering runs, stories, their figures and fetched URLs.

Why SQLite through the standard library: one file, no server, and transactions that make a run
all-or-nothing. Every run is written in ONE transaction (BEGIN IMMEDIATE … COMMIT), so a crash,
SIGKILL or Ctrl-C mid-write leaves the previous complete runs and nothing of the interrupted one;
WAL mode lets a briefing read while another run writes, and a second writer waits up to
BUSY_TIMEOUT seconds for the lock, then fails with one line. The schema is versioned with
`PRAGMA user_version` and upgraded by MIGRATIONS; `PRAGMA application_id` marks the file as ours,
so a file of another program (or no database at all) is refused before anything is written to it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.errors import InputError

if TYPE_CHECKING:
    from digest.ingest.fetch import Fetched

APPLICATION_ID = 0x44474854  # "DGHT": this file is a digest history store
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT = 60.0  # seconds a run waits for another run to finish comparing and writing
DB_NAME = "history.sqlite3"

# One entry per schema version: the steps (SQL statements, or functions of the connection) that
# take the schema from the version before.
MIGRATIONS: list[tuple[str | Callable[[sqlite3.Connection], None], ...]] = [
    (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            run_date TEXT NOT NULL,          -- the day the briefing covers (its last day)
            generated_at TEXT NOT NULL,
            title TEXT NOT NULL,
            articles INTEGER NOT NULL,
            stories INTEGER NOT NULL)""",
        "CREATE INDEX runs_date ON runs(run_date)",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            outlet TEXT NOT NULL,
            published TEXT,
            content_hash TEXT NOT NULL,
            first_run INTEGER NOT NULL,
            last_run INTEGER NOT NULL)""",
        "CREATE INDEX articles_last_run ON articles(last_run)",
        """CREATE TABLE stories (
            run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            thread TEXT NOT NULL,            -- the same story across days
            first_seen TEXT NOT NULL,
            status TEXT NOT NULL,
            rank INTEGER NOT NULL,
            headline TEXT NOT NULL,
            profile TEXT NOT NULL,           -- the leads later days are compared with (see schema 2)
            last_published TEXT,
            developments TEXT NOT NULL,      -- JSON: [{date, text, source, article}]
            PRIMARY KEY (run, id))""",
        "CREATE INDEX stories_thread ON stories(thread)",
        """CREATE TABLE story_articles (
            run INTEGER NOT NULL,
            story TEXT NOT NULL,
            article TEXT NOT NULL,
            PRIMARY KEY (run, story, article),
            FOREIGN KEY (run, story) REFERENCES stories(run, id) ON DELETE CASCADE)""",
        "CREATE INDEX story_articles_article ON story_articles(article)",
        """CREATE TABLE casualty_lines (
            run INTEGER NOT NULL,
            story TEXT NOT NULL,
            line INTEGER NOT NULL,
            kind TEXT NOT NULL,
            scope TEXT NOT NULL,
            data TEXT NOT NULL,              -- the reconciled line as JSON (its to_dict)
            PRIMARY KEY (run, story, line),
            FOREIGN KEY (run, story) REFERENCES stories(run, id) ON DELETE CASCADE)""",
        """CREATE TABLE position_lines (
            run INTEGER NOT NULL,
            story TEXT NOT NULL,
            line INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (run, story, line),
            FOREIGN KEY (run, story) REFERENCES stories(run, id) ON DELETE CASCADE)""",
        """CREATE TABLE fetch_cache (
            url TEXT PRIMARY KEY,
            final_url TEXT NOT NULL,
            etag TEXT NOT NULL,
            last_modified TEXT NOT NULL,
            content_type TEXT NOT NULL,
            charset TEXT,
            body BLOB NOT NULL,
            fetched_at TEXT NOT NULL)""",
    ),
]


def _profiles_as_json(db: sqlite3.Connection) -> None:
    """Schema 2: a story's profile holds [[title, lead], ...] as JSON, not one text."""
    rows = db.execute("SELECT run, id, headline, profile FROM stories").fetchall()
    db.executemany("UPDATE stories SET profile = ? WHERE run = ? AND id = ?",
                   [(json.dumps([[headline, text]], ensure_ascii=False), run, sid) for run, sid, headline, text in rows])


MIGRATIONS.append((_profiles_as_json,))
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(InputError):
    """The history database cannot be used (not ours, damaged, newer, or busy); exit 2."""


def default_db_path() -> Path:
    """The store's default place: the user's data folder (XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("digest")) / DB_NAME


@dataclass
class StoredStory:
    """One story of an earlier run, as the linking and the figure history need it."""

    run: int
    run_date: str
    id: str
    thread: str
    first_seen: str
    headline: str
    profile: str
    last_published: str | None
    articles: list[str] = field(default_factory=list)
    developments: list[dict[str, Any]] = field(default_factory=list)
    casualties: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class StoryRecord:
    """One of today's stories as it is written: what `digest.history` decided about it."""

    id: str
    thread: str
    first_seen: str
    status: str
    headline: str
    profile: str
    last_published: str | None
    articles: list[str]
    developments: list[dict[str, Any]]
    casualties: list[dict[str, Any]]
    positions: list[dict[str, Any]]


@dataclass
class ArticleRecord:
    id: str
    url: str
    outlet: str
    published: str | None
    content_hash: str


def _check_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a path that is a folder or a file that is not SQLite."""
    if path.is_dir():
        raise StoreError(f"history database {path} is a folder")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read history database {path}: {exc.strerror or exc}") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path} is not a digest history database (not an SQLite file); "
                         "nothing was written to it")


class Store:
    """An open history database. Use `open_store`; close it (or use `with`) when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: BEGIN IMMEDIATE takes the write lock (waiting for another run), any
        exception (KeyboardInterrupt included) rolls back. Inside a transaction already, it is
        part of that one."""
        if self.db.in_transaction:
            yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy(self.path, exc) from None
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        try:
            self.db.commit()
        except sqlite3.OperationalError as exc:
            self.db.rollback()
            raise _busy(self.path, exc) from None

    # -- runs and stories ---------------------------------------------------------------------

    def last_run(self, on_or_before: str) -> dict[str, Any] | None:
        """The latest run whose day is not after `on_or_before` (an ISO date)."""
        row = self.db.execute("SELECT id, run_date, generated_at FROM runs WHERE run_date <= ? "
                              "ORDER BY run_date DESC, id DESC LIMIT 1", (on_or_before,)).fetchone()
        return {"id": row[0], "date": row[1], "generated_at": row[2]} if row else None

    def seen_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids an earlier run has recorded."""
        ids = list(ids)
        seen: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            seen.update(r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return seen

    def recent_stories(self, on_or_before: str, days: int) -> list[StoredStory]:
        """The latest appearance of every story thread seen in the `days` days up to `on_or_before`."""
        since = (date.fromisoformat(on_or_before) - timedelta(days=days)).isoformat()
        rows = self.db.execute(
            """SELECT s.run, r.run_date, s.id, s.thread, s.first_seen, s.headline, s.profile,
                      s.last_published, s.developments
               FROM stories s JOIN runs r ON r.id = s.run
               WHERE r.run_date BETWEEN ? AND ?
                 AND s.run = (SELECT MAX(s2.run) FROM stories s2 JOIN runs r2 ON r2.id = s2.run
                              WHERE s2.thread = s.thread AND r2.run_date <= ?)
               ORDER BY r.run_date, s.run, s.rank""", (since, on_or_before, on_or_before)).fetchall()
        return self._stories(rows)

    def thread_stories(self, threads: Iterable[str], on_or_before: str) -> dict[str, list[StoredStory]]:
        """Every earlier appearance of these threads, oldest first, with their casualty lines."""
        threads = list(dict.fromkeys(threads))
        out: dict[str, list[StoredStory]] = {t: [] for t in threads}
        for start in range(0, len(threads), 500):
            chunk = threads[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"""SELECT s.run, r.run_date, s.id, s.thread, s.first_seen, s.headline, s.profile,
                           s.last_published, s.developments
                    FROM stories s JOIN runs r ON r.id = s.run
                    WHERE s.thread IN ({marks}) AND r.run_date <= ?
                    ORDER BY r.run_date, s.run""", (*chunk, on_or_before)).fetchall()
            stories = self._stories(rows, articles=False)
            lines: dict[tuple[int, str], list[dict[str, Any]]] = {}
            for run, story, data in self.db.execute(
                    f"""SELECT c.run, c.story, c.data FROM casualty_lines c JOIN stories s
                        ON s.run = c.run AND s.id = c.story WHERE s.thread IN ({marks})
                        ORDER BY c.run, c.story, c.line""", chunk):
                lines.setdefault((run, story), []).append(json.loads(data))
            for s in stories:
                s.casualties = lines.get((s.run, s.id), [])
                out[s.thread].append(s)
        return out

    def _stories(self, rows: Sequence[tuple], articles: bool = True) -> list[StoredStory]:
        stories = [StoredStory(run=r[0], run_date=r[1], id=r[2], thread=r[3], first_seen=r[4], headline=r[5],
                               profile=r[6], last_published=r[7], developments=json.loads(r[8])) for r in rows]
        if articles and stories:
            by_key = {(s.run, s.id): s for s in stories}
            runs = sorted({s.run for s in stories})
            marks = ",".join("?" * len(runs))
            for run, story, article in self.db.execute(
                    f"SELECT run, story, article FROM story_articles WHERE run IN ({marks})", runs):
                found = by_key.get((run, story))
                if found:
                    found.articles.append(article)
        return stories

    def record_run(self, *, run_date: str, generated_at: datetime, title: str, articles: Sequence[ArticleRecord],
                   stories: Sequence[StoryRecord]) -> int:
        """Write one whole run in one transaction; returns its id."""
        with self.transaction() as db:
            run = db.execute("INSERT INTO runs (run_date, generated_at, title, articles, stories) "
                             "VALUES (?, ?, ?, ?, ?)",
                             (run_date, generated_at.isoformat(), title, len(articles), len(stories))).lastrowid
            db.executemany(
                """INSERT INTO articles (id, url, outlet, published, content_hash, first_run, last_run)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET last_run = excluded.last_run, url = excluded.url,
                       outlet = excluded.outlet, published = excluded.published,
                       content_hash = excluded.content_hash""",
                [(a.id, a.url, a.outlet, a.published, a.content_hash, run, run) for a in articles])
            self._write_stories(db, run, stories)
        return run

    def _write_stories(self, db: sqlite3.Connection, run: int, stories: Sequence[StoryRecord]) -> None:
        db.executemany(
            """INSERT INTO stories (run, id, thread, first_seen, status, rank, headline, profile,
                                    last_published, developments)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(run, s.id, s.thread, s.first_seen, s.status, rank, s.headline, s.profile, s.last_published,
              json.dumps(s.developments, ensure_ascii=False)) for rank, s in enumerate(stories, start=1)])
        db.executemany("INSERT OR IGNORE INTO story_articles (run, story, article) VALUES (?, ?, ?)",
                       [(run, s.id, a) for s in stories for a in s.articles])
        db.executemany(
            "INSERT INTO casualty_lines (run, story, line, kind, scope, data) VALUES (?, ?, ?, ?, ?, ?)",
            [(run, s.id, i, str(c.get("kind", "")), str(c.get("scope", "")), json.dumps(c, ensure_ascii=False,
                                                                                        default=str))
             for s in stories for i, c in enumerate(s.casualties)])
        db.executemany("INSERT INTO position_lines (run, story, line, data) VALUES (?, ?, ?, ?)",
                       [(run, s.id, i, json.dumps(p, ensure_ascii=False, default=str))
                        for s in stories for i, p in enumerate(s.positions)])

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest runs, newest first, each with its stories in rank order."""
        rows = self.db.execute("SELECT id, run_date, generated_at, title, articles FROM runs "
                               "ORDER BY run_date DESC, id DESC LIMIT ?", (limit,)).fetchall()
        out = []
        for run_id, run_date, generated_at, title, articles in rows:
            listed = self.db.execute(
                """SELECT s.id, s.headline, s.status, s.first_seen, s.thread,
                          (SELECT COUNT(*) FROM story_articles a WHERE a.run = s.run AND a.story = s.id)
                   FROM stories s WHERE s.run = ? ORDER BY s.rank""", (run_id,)).fetchall()
            out.append({"id": run_id, "date": run_date, "generated_at": generated_at, "title": title,
                        "articles": articles, "stories": [
                            {"id": i, "headline": h, "status": st, "first_seen": f, "thread": t, "articles": n}
                            for i, h, st, f, t, n in listed]})
        return out

    def prune(self, days: int, today: date | None = None) -> dict[str, int]:
        """Delete runs (with their stories and lines), articles and cached pages older than `days`."""
        today = today or datetime.now().astimezone().date()
        cutoff = (today - timedelta(days=days)).isoformat()
        with self.transaction() as db:
            old = [r[0] for r in db.execute("SELECT id FROM runs WHERE run_date < ?", (cutoff,))]
            marks = ",".join("?" * len(old))
            if old:
                for table in ("position_lines", "casualty_lines", "story_articles", "stories"):
                    db.execute(f"DELETE FROM {table} WHERE run IN ({marks})", old)
                db.execute(f"DELETE FROM runs WHERE id IN ({marks})", old)
            articles = db.execute("DELETE FROM articles WHERE last_run NOT IN (SELECT id FROM runs)").rowcount
            pages = db.execute("DELETE FROM fetch_cache WHERE fetched_at < ?", (cutoff,)).rowcount
        return {"runs": len(old), "articles": articles, "pages": pages}

    # -- the fetch cache ----------------------------------------------------------------------

    def cached_pages(self, urls: Iterable[str]) -> dict[str, Fetched]:
        """The kept response of each of these URLs that has one."""
        from digest.ingest.fetch import Fetched

        urls = list(dict.fromkeys(urls))
        found: dict[str, Fetched] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for url, final, etag, modified, content_type, charset, body in self.db.execute(
                    f"SELECT url, final_url, etag, last_modified, content_type, charset, body "
                    f"FROM fetch_cache WHERE url IN ({marks})", chunk):
                found[url] = Fetched(url=final, content_type=content_type, charset=charset, content=bytes(body),
                                     etag=etag, last_modified=modified)
        return found

    def remember_pages(self, responses: Sequence[tuple[str, Fetched]]) -> None:
        """Keep these responses (by the URL asked for) for the next conditional GET."""
        if not responses:
            return
        now = datetime.now(UTC).isoformat()
        with self.transaction() as db:
            db.executemany(
                """INSERT OR REPLACE INTO fetch_cache (url, final_url, etag, last_modified, content_type,
                                                      charset, body, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [(url, r.url, r.etag, r.last_modified, r.content_type, r.charset, r.content, now)
                 for url, r in responses])


class StorePageCache:
    """The store's fetch cache as `digest.ingest.fetch`'s PageCache; with `refresh` nothing is
    looked up (every URL is fetched in full) but the new responses are kept."""

    def __init__(self, store: Store, refresh: bool = False) -> None:
        self.store = store
        self.refresh = refresh

    def lookup(self, urls: Sequence[str]) -> dict[str, Fetched]:
        if self.refresh:
            return {}
        with store_errors(self.store.path):
            return self.store.cached_pages(urls)

    def remember(self, responses: Sequence[tuple[str, Fetched]]) -> None:
        with store_errors(self.store.path):
            self.store.remember_pages(responses)


def _busy(path: Path, exc: sqlite3.OperationalError) -> StoreError:
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(f"history database {path} is busy: another digest run is writing to it "
                          f"(waited {BUSY_TIMEOUT:g} s); try again, or run without history")
    return StoreError(f"cannot write history database {path}: {exc}")


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """SQLite errors met while using an open store, as one-line StoreErrors."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise _busy(path, exc) from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"history database {path} is damaged ({exc}); move it away to start a new one") from None


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION, one migration per transaction; refuse foreign files."""
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    if application_id != APPLICATION_ID and (application_id or version or tables):
        raise StoreError(f"{path} is an SQLite database of another program, not a digest history "
                         "database; nothing was written to it")
    if version > SCHEMA_VERSION:
        raise StoreError(f"history database {path} was written by a newer digest (schema {version}, "
                         f"this one reads up to {SCHEMA_VERSION}); upgrade digest")
    for number in range(version, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            # another run may have migrated while we waited for the lock
            if db.execute("PRAGMA user_version").fetchone()[0] > number:
                db.rollback()
                continue
            for step in MIGRATIONS[number]:
                if callable(step):
                    step(db)
                else:
                    db.execute(step)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {number + 1}")
            db.commit()
        except BaseException:
            db.rollback()
            raise


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating it and its folder when missing) the history database at `path`.

    StoreError (exit 2, one line) for a folder, a file that is not SQLite, another program's
    database, a damaged one, or a database another run holds longer than BUSY_TIMEOUT.
    """
    target = Path(path).expanduser() if path else default_db_path()
    _check_file(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # what you read is private: the file is yours alone (an empty file is an empty database)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create history database {target}: {exc.strerror or exc}") from None
    try:
        db = sqlite3.connect(target, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open history database {target}: {exc}") from None
    try:
        _migrate(db, target)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at checkpoints, never corrupt
        db.execute("PRAGMA foreign_keys = ON")
    except StoreError:
        db.close()
        raise
    except sqlite3.OperationalError as exc:
        db.close()
        raise _busy(target, exc) from None
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(f"history database {target} is damaged or not a database ({exc}); "
                         "move it away to start a new one") from None
    return Store(target, db)

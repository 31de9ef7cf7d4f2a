"""Memory across days (digest/history.py): day 1 then day 2 of a small news fixture split by date
(tests/data/history/day1, day2: an earthquake whose toll rises from 10 to 14, a dock strike with
nothing new on day 2, a bridge closure new on day 2), through the library and the command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.brief import build_briefing
from digest.cli import cli
from digest.history import since_label
from digest.ingest import read_sources
from digest.store import default_db_path, open_store

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data" / "history"
DAY1, DAY2 = DATA / "day1", DATA / "day2"


def brief(store, *folders: Path):
    articles = read_sources([str(f) for f in folders], on_warning=lambda _line: None).articles
    return build_briefing(articles, store=store, jobs=1)


def by_topic(briefing) -> dict[str, object]:
    """Stories by the fixture's topic word in their headline."""
    topics = {"quake": "Quake", "earthquake": "Quake", "dockers": "Strike", "dock": "Strike", "bridge": "Bridge"}
    out = {}
    for story in briefing.stories:
        words = story.headline.lower().replace("'", " ").split()
        topic = next(topics[w] for w in words if w in topics)
        assert topic not in out, f"two stories about {topic}"
        out[topic] = story
    return out


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "history.sqlite3") as opened:
        yield opened


def test_first_run_marks_every_story_new_on_its_first_day(store):
    stories = by_topic(brief(store, DAY1))
    assert set(stories) == {"Quake", "Strike"}
    for story in stories.values():
        assert (story.status, story.first_seen, story.days, story.new_articles) == ("new", "2026-11-24", 1, 2)


def test_day_two_gives_updated_continuing_and_new(store):
    brief(store, DAY1)
    day2 = brief(store, DAY1, DAY2)  # a folder that keeps yesterday's articles, as inboxes do
    stories = by_topic(day2)
    assert day2.history["run_date"] == "2026-11-25"
    assert day2.history["previous_run"]["date"] == "2026-11-24"
    quake, strike, bridge = stories["Quake"], stories["Strike"], stories["Bridge"]
    assert (quake.status, quake.first_seen, quake.days, quake.new_articles) == ("updated", "2026-11-24", 2, 2)
    assert (strike.status, strike.first_seen, strike.days, strike.new_articles) == ("continuing", "2026-11-24", 2, 0)
    assert (bridge.status, bridge.first_seen, bridge.days, bridge.new_articles) == ("new", "2026-11-25", 1, 2)


def test_a_story_is_linked_by_similarity_when_it_shares_no_article(store):
    brief(store, DAY1)
    stories = by_topic(brief(store, DAY2))  # only the day's new articles
    assert set(stories) == {"Quake", "Bridge"}
    assert (stories["Quake"].status, stories["Quake"].first_seen, stories["Quake"].days) == ("updated", "2026-11-24", 2)
    assert stories["Bridge"].status == "new"


def test_a_rising_toll_says_so_and_keeps_its_history_per_day(store):
    brief(store, DAY1)
    quake = by_topic(brief(store, DAY1, DAY2))["Quake"]
    changes = [f["change"] for f in quake.figure_history if f["change"]]
    assert len(changes) == 1
    assert changes[0] == {"from": 10, "to": 14, "since": "2026-11-24", "text": "rose from 10 to 14 since yesterday"}
    rising = next(f for f in quake.figure_history if f["change"])
    assert [(p["date"], p["value"]) for p in rising["history"]] == [("2026-11-24", 10), ("2026-11-25", 14)]


def test_the_timeline_holds_dated_developments_of_both_days(store):
    brief(store, DAY1)
    quake = by_topic(brief(store, DAY1, DAY2))["Quake"]
    dates = [e["date"] for e in quake.timeline]
    assert dates == sorted(dates) and {"2026-11-24", "2026-11-25"} <= set(dates)
    first_day = [e["text"] for e in quake.timeline if e["date"] == "2026-11-24"]
    assert any("killing at least 10 people" in text or "At least 10 people" in text for text in first_day)
    assert any("rose to 14" in e["text"] for e in quake.timeline if e["date"] == "2026-11-25")


def test_a_story_in_its_fourth_day(store, tmp_path):
    brief(store, DAY1)
    day4 = tmp_path / "day4"
    day4.mkdir()
    for name in ("quake-harbourline.md", "quake-meridian.md"):
        text = (DAY2 / name).read_text().replace("2026-11-25", "2026-11-27").replace("/25/", "/27/")
        (day4 / name).write_text(text.replace("meridianpost.example/world/", "meridianpost.example/world/d4-"))
    quake = by_topic(brief(store, day4))["Quake"]
    assert (quake.status, quake.first_seen, quake.days) == ("updated", "2026-11-24", 4)
    assert [f["change"]["text"] for f in quake.figure_history if f["change"]] == ["rose from 10 to 14 since 24 Nov"]


def test_running_the_same_day_again_is_continuing_with_nothing_new(store):
    brief(store, DAY1)
    again = by_topic(brief(store, DAY1))
    assert {s.status for s in again.values()} == {"continuing"}
    assert {s.new_articles for s in again.values()} == {0}
    assert {s.days for s in again.values()} == {1}
    assert all(not f["change"] for s in again.values() for f in s.figure_history)


def test_since_label():
    today = date(2026, 11, 25)
    assert since_label("2026-11-24", today) == "since yesterday"
    assert since_label("2026-11-25", today) == "since the last briefing"
    assert since_label("2026-11-21", today) == "since 21 Nov"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digest", *args], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_brief_json_and_markdown_carry_the_marks(tmp_path):
    db = str(tmp_path / "h.db")
    first = CliRunner().invoke(cli, ["brief", str(DAY1), "--db", db, "--format", "json"])
    assert first.exit_code == 0, first.output
    assert "NEW" not in CliRunner().invoke(cli, ["brief", str(DAY1), "--db", str(tmp_path / "other.db")]).output
    second = CliRunner().invoke(cli, ["brief", str(DAY1), str(DAY2), "--db", db, "--format", "json"])
    data = json.loads(second.stdout)
    assert data["history"]["previous_run"]["date"] == "2026-11-24"
    statuses = {s["status"] for s in data["stories"]}
    assert statuses == {"new", "updated", "continuing"}
    for story in data["stories"]:
        assert {"status", "first_seen", "days", "new_articles", "timeline", "figure_history"} <= set(story)
    again = CliRunner().invoke(cli, ["brief", str(DAY1), str(DAY2), "--db", db])
    assert again.exit_code == 0 and "day 2" in again.stdout
    # a third run of the same articles: nothing is new or updated, nothing rose since the last run
    assert "NEW" not in again.stdout and "UPDATED" not in again.stdout and "rose from" not in again.stdout
    plain = run("brief", str(DAY1), str(DAY2), "--db", str(tmp_path / "fresh.db"), "--format", "text")
    assert plain.returncode == 0 and "[NEW]" not in plain.stdout  # a first run marks nothing


def test_briefing_formats_show_new_updated_day_and_the_rising_toll(tmp_path):
    db = str(tmp_path / "h.db")
    assert CliRunner().invoke(cli, ["brief", str(DAY1), "--db", db]).exit_code == 0
    shutil.copytree(DAY1, tmp_path / "inbox")
    shutil.copytree(DAY2, tmp_path / "inbox", dirs_exist_ok=True)
    for fmt in ("markdown", "text", "html"):
        copy = tmp_path / f"{fmt}.db"
        shutil.copy(db, copy)
        result = CliRunner().invoke(cli, ["brief", str(tmp_path / "inbox"), "--db", str(copy), "--format", fmt])
        assert result.exit_code == 0, result.output
        out = result.stdout
        for needle in ("NEW", "UPDATED", "day 2", "rose from 10 to 14 since yesterday", "24 Nov"):
            assert needle in out, (fmt, needle)


def test_no_history_keeps_nothing_and_marks_nothing(tmp_path):
    db = tmp_path / "h.db"
    result = CliRunner().invoke(cli, ["brief", str(DAY1), "--db", str(db), "--no-history", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["history"] is None
    assert {(s["status"], s["days"], s["new_articles"]) for s in data["stories"]} == {(None, None, None)}
    assert not db.exists()


def test_the_quickstart_creates_the_database_in_the_user_data_folder():
    assert not default_db_path().exists()
    result = run("brief", str(ROOT / "samples"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Daily briefing")
    assert default_db_path().is_file()
    with open_store(default_db_path()) as store:
        [listed] = store.runs()
        assert listed["articles"] > 20 and listed["stories"]


def test_an_email_dry_run_compares_but_records_nothing(tmp_path):
    db = str(tmp_path / "h.db")
    assert CliRunner().invoke(cli, ["brief", str(DAY1), "--db", db]).exit_code == 0
    email = ["email", str(DAY1), str(DAY2), "--db", db, "--from", "digest@example.org", "--to", "desk@example.org"]
    preview = CliRunner().invoke(cli, [*email, "--dry-run"])
    assert preview.exit_code == 0, preview.output
    words = " ".join(preview.stdout.split())  # the plain-text part wraps long lines
    assert "UPDATED" in words and "rose from 10 to 14 since yesterday" in words
    with open_store(db) as store:
        assert [r["date"] for r in store.runs()] == ["2026-11-24"]

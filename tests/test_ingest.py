"""Ingestion: every source kind and format becomes Articles with title, outlet, date and body; bad
inputs are skipped with one warning each; copies are merged; filters apply; URLs are fetched."""

from __future__ import annotations

import io
import json
import os
import random
import socket
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BRIDGE, FOREST, HARBOUR, SLOW_SECONDS, atom, page, rss
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import ingest
from digest.cli import main
from digest.errors import InputError
from digest.ingest import FetchConfig, Filters

REPO = Path(__file__).resolve().parent.parent

STORY = """Harbour Strike Ends After Pay Deal

WESTHAVEN (Coast Wire) — Dock workers in the port of Westhaven returned to work on Tuesday after a
four-day strike over pay.

The union said the agreement raised wages by six per cent over two years and limited night shifts.
Shipping companies said it would take until the weekend to clear the backlog of waiting vessels.
"""


def read(*sources, **kwargs):
    """read_sources collecting warnings in a list instead of stderr."""
    warnings: list[str] = []
    result = ingest.read_sources([str(s) for s in sources], on_warning=warnings.append, **kwargs)
    return result, warnings


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only(result):
    assert len(result.articles) == 1, [a.title for a in result.articles]
    return result.articles[0]


# ---------------------------------------------------------------------------------------------
# formats


def test_text_file_title_line_and_outlet_from_folder(tmp_path):
    path = write(tmp_path / "Coast Wire" / "harbour.txt", STORY)
    result, warnings = read(path)
    article = only(result)
    assert article.title == "Harbour Strike Ends After Pay Deal"
    assert article.source == "Coast Wire"
    assert article.path == str(path)
    assert article.published is None  # plain text has no date: never the file's mtime
    assert article.text.startswith("WESTHAVEN (Coast Wire)")
    assert "Harbour Strike Ends" not in article.text
    assert warnings == []
    assert result.summary_line() == "read 1 article from 1 input (0 skipped)"


def test_article_id_is_stable_across_runs(tmp_path):
    path = write(tmp_path / "w" / "a.txt", STORY)
    assert only(read(path)[0]).id == only(read(path)[0]).id


def test_text_without_a_title_line_keeps_all_text_and_gets_a_title(tmp_path):
    body = "The council met on Monday and agreed to repair the bridge. Work starts in spring."
    article = only(read(write(tmp_path / "x" / "note.txt", body))[0])
    assert article.text == body
    assert article.title == "The council met on Monday and agreed to repair the bridge"


def test_markdown_front_matter(tmp_path):
    md = """---
title: 'Europe''s Ports Brace for Strikes'
source: Harbour Review
url: https://harbour-review.example/ports
published: 2026-11-26T07:30:00-05:00
author: [Ann Lee, Bo Chen]
---

# Europe's Ports Brace for Strikes

Unions at **three ports** said on [Thursday](https://x.example/day) they would strike next week.

- Talks with employers broke down overnight.
- A mediator will be appointed.
"""
    article = only(read(write(tmp_path / "Other Folder" / "ports.md", md))[0])
    assert article.title == "Europe's Ports Brace for Strikes"
    assert article.source == "Harbour Review"
    assert article.url == "https://harbour-review.example/ports"
    assert article.published == datetime(2026, 11, 26, 12, 30, tzinfo=UTC)
    assert article.published.utcoffset() == timedelta(hours=-5)
    assert article.author == "Ann Lee, Bo Chen"
    assert article.text.startswith("Unions at three ports said on Thursday they would strike next week.")
    assert "**" not in article.text and "](" not in article.text and "title:" not in article.text
    assert "Talks with employers broke down overnight." in article.text


def test_markdown_without_front_matter_uses_heading_and_folder(tmp_path):
    md = "# Bridge Reopens\n\nThe river bridge reopened on Friday after repairs.\n"
    article = only(read(write(tmp_path / "Carden Daily" / "bridge.md", md))[0])
    assert (article.title, article.source) == ("Bridge Reopens", "Carden Daily")
    assert article.text == "The river bridge reopened on Friday after repairs."


def test_html_page_main_text_and_metadata(tmp_path):
    html = page("Harbour strike ends after pay deal", "Westhaven Times", "2026-11-24T17:45:00+01:00",
                "https://westhaven.example/news/harbour", HARBOUR, author="Jon Dale")
    article = only(read(write(tmp_path / "saved" / "harbour.html", html))[0])
    assert article.title == "Harbour strike ends after pay deal"
    assert article.source == "Westhaven Times"
    assert article.url == "https://westhaven.example/news/harbour"
    assert article.published == datetime(2026, 11, 24, 17, 45, tzinfo=timezone(timedelta(hours=1)))
    assert article.author == "Jon Dale"
    assert article.text.split("\n\n") == HARBOUR  # paragraphs, no menu, footer or repeated title


def test_html_without_site_name_takes_the_canonical_domain(tmp_path):
    html = page("Bridge closed", None, None, "https://www.carden-daily.example/bridge", BRIDGE)
    article = only(read(write(tmp_path / "pages" / "bridge.htm", html))[0])
    assert article.source == "carden-daily.example"
    assert article.published is None


def test_json_array_and_object_with_field_variants(tmp_path):
    records = [
        {"title": "Bridge closed", "body": "<p>First paragraph.</p><p>Second paragraph.</p>", "outlet": "Carden Daily",
         "url": "https://carden.example/bridge", "published": "2026-11-25 09:00"},
        {"headline": "Fire contained", "content": FOREST[0], "source": {"name": "Pellan Echo"},
         "date": "Thu, 26 Nov 2026 16:00:00 +0200"},
        7,
        {"title": "No text here"},
    ]
    path = write(tmp_path / "export.json", json.dumps(records))
    result, warnings = read(path)
    first, second = result.articles
    assert (first.title, first.source, first.url) == ("Bridge closed", "Carden Daily", "https://carden.example/bridge")
    assert first.text == "First paragraph.\n\nSecond paragraph."
    assert first.published == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # no zone given: UTC
    assert (second.title, second.source) == ("Fire contained", "Pellan Echo")
    assert second.published == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert warnings == [f"{path} item 3: not an object but int, skipped",
                        f"{path} item 4: no text (expected a text, body or content field), skipped"]
    single = write(tmp_path / "one.json", json.dumps({"title": "One", "text": BRIDGE[0], "source": "X"}))
    assert only(read(single)[0]).title == "One"


def test_malformed_json_names_the_line(tmp_path):
    path = write(tmp_path / "bad.json", '[\n  {"title": "a",\n  "text": "b"\n  oops]\n')
    result, warnings = read(path)
    assert result.articles == []
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: malformed JSON: ") and "at line 4 column" in warnings[0]
    assert result.skipped and result.skipped[0][0] == str(path)


def test_jsonl_skips_a_bad_line_with_its_number_and_keeps_the_rest(tmp_path):
    lines = [json.dumps({"title": "A", "text": BRIDGE[0], "source": "S"}), "{not json", "",
             json.dumps({"title": "B", "body": FOREST[0], "source": "S"})]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))
    result, warnings = read(path)
    assert [a.title for a in result.articles] == ["A", "B"]
    assert len(warnings) == 1 and warnings[0].startswith(f"{path} line 2: malformed JSON")
    assert result.summary_line() == "read 2 articles from 1 input (1 skipped)"


def test_rss_file_entries_become_articles(tmp_path):
    path = write(tmp_path / "gazette.rss", rss("https://gazette.example"))
    result, warnings = read(path)
    bridge, fire = result.articles
    assert (bridge.title, bridge.source, bridge.url) == ("Bridge closed after cracks found", "Coastal Gazette",
                                                         "https://gazette.example/bridge.html")
    assert bridge.published == datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
    assert bridge.text == "Engineers closed the old river bridge."
    assert fire.text == f"{FOREST[0]}\n\n{FOREST[1]}"  # content:encoded HTML → paragraphs
    assert warnings == []


def test_atom_file_content_and_summary(tmp_path):
    result, _ = read(write(tmp_path / "valley.atom", atom("https://valley.example")))
    harbour, plans = result.articles
    assert harbour.source == plans.source == "Valley Courier"
    assert harbour.author == "Mira Holt"
    assert harbour.published == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert harbour.text == f"{HARBOUR[0]}\n\n{HARBOUR[1]}"
    assert plans.text == "The council will publish repair plans next week, officials said."


def test_feed_entry_without_text_is_skipped_with_a_warning(tmp_path):
    feed = ('<rss version="2.0"><channel><title>T</title><item><title>Only a title</title></item>'
            f"<item><title>Real</title><description>{BRIDGE[0]}</description></item></channel></rss>")
    path = write(tmp_path / "t.xml", feed)
    result, warnings = read(path)
    assert [a.title for a in result.articles] == ["Real"]
    assert warnings == [f"{path} entry 1 (Only a title): no article text (only a title), skipped"]


def test_xml_that_is_not_a_feed(tmp_path):
    path = write(tmp_path / "data.xml", "<?xml version='1.0'?><catalog><book>x</book></catalog>")
    result, warnings = read(path)
    assert result.articles == [] and "not an RSS or Atom feed" in warnings[0]


def test_non_utf8_text_is_decoded_as_cp1252_with_a_warning(tmp_path):
    path = write(tmp_path / "Le Monde Libre" / "cafe.txt",
                 "Caf\u00e9 Owners Protest\n\nThe caf\u00e9 owners said prices rose \u201csharply\u201d.".encode("cp1252"))
    result, warnings = read(path)
    article = only(result)
    assert article.title == "Caf\u00e9 Owners Protest"
    assert article.text == "The caf\u00e9 owners said prices rose \u201csharply\u201d."
    assert warnings == [f"{path}: not UTF-8, decoded as cp1252 (Windows Latin-1)"]
    assert result.skipped == []


@pytest.mark.parametrize("content, reason", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file (PNG image), not text"),
    (random.Random(1).randbytes(4000), "binary file, not text"),
    (b"", "empty file"),
    (b"  \n\n\t ", "empty file"),
])
def test_binary_and_empty_files_are_named_and_skipped(tmp_path, content, reason):
    path = write(tmp_path / "in" / "file.txt", content)
    result, warnings = read(path)
    assert result.articles == []
    assert warnings == [f"{path}: {reason}, skipped"]
    assert result.summary_line() == "read 0 articles from 1 input (1 skipped)"


def test_folder_walk_skips_manifest_readme_hidden_and_reports_odd_files(tmp_path):
    write(tmp_path / "Coast Wire" / "a.txt", STORY)
    write(tmp_path / "Carden Daily" / "b.md", "# Bridge Reopens\n\nThe bridge reopened on Friday.\n")
    write(tmp_path / "MANIFEST.json", json.dumps({"articles": [{"title": "x", "text": "not an article"}]}))
    write(tmp_path / "README.md", "# Samples\n\nThis folder holds samples.\n")
    write(tmp_path / ".hidden.txt", STORY.replace("Harbour", "Hidden"))
    write(tmp_path / ".cache" / "c.txt", STORY.replace("Harbour", "Cached"))
    write(tmp_path / "Coast Wire" / "photo.jpg", b"\xff\xd8\xff\xe0")
    result, warnings = read(tmp_path)
    assert sorted(a.title for a in result.articles) == ["Bridge Reopens", "Harbour Strike Ends After Pay Deal"]
    assert warnings == [f"{tmp_path / 'Coast Wire' / 'photo.jpg'}: unsupported file type .jpg, skipped"]
    assert result.summary_line() == "read 2 articles from 3 inputs (1 skipped)"


def test_globs_missing_paths_and_empty_folders(tmp_path):
    write(tmp_path / "w" / "one.txt", STORY)
    write(tmp_path / "w" / "two.txt", "Bridge Reopens\n\n" + BRIDGE[0])
    (tmp_path / "empty").mkdir()
    write(tmp_path / "w" / "README.txt", "About this folder.")
    result, warnings = read(tmp_path / "w" / "*.txt", tmp_path / "nope.txt", tmp_path / "*.zzz", tmp_path / "empty")
    assert len(result.articles) == 2
    assert warnings == [f"{tmp_path / 'nope.txt'}: no such file or directory, skipped",
                        f"{tmp_path / '*.zzz'}: no files match this pattern, skipped",
                        f"{tmp_path / 'empty'}: folder has no files to read, skipped"]
    assert result.summary_line() == "read 2 articles from 5 inputs (3 skipped)"


def test_unreadable_file_in_a_folder(tmp_path):
    write(tmp_path / "w" / "good.txt", STORY)
    (tmp_path / "w" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result, warnings = read(tmp_path / "w")
    assert len(result.articles) == 1
    assert warnings == [f"{tmp_path / 'w' / 'gone.txt'}: cannot read (no such file or directory), skipped"]


def test_html_in_a_declared_legacy_charset_needs_no_warning(tmp_path):
    html = page("Caf\u00e9 prices rise", "Le Journal", None, None, ["Les caf\u00e9s augmentent leurs prix cette semaine."])
    html = html.replace("charset='utf-8'", "charset='windows-1252'")
    result, warnings = read(write(tmp_path / "p" / "cafe.html", html.encode("cp1252")))
    assert only(result).title == "Caf\u00e9 prices rise"
    assert warnings == []


def test_same_file_given_twice_is_read_once(tmp_path):
    path = write(tmp_path / "w" / "one.txt", STORY)
    result, _ = read(path, tmp_path / "w")
    assert result.inputs == 1 and len(result.articles) == 1


def test_stdin_is_one_pasted_article():
    stdin = io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8")), encoding="utf-8")
    article = only(read("-", stdin=stdin)[0])
    assert article.title == "Harbour Strike Ends After Pay Deal"
    assert (article.source, article.path, article.url) == ("", "", "")


def test_stdin_sniffs_html():
    html = page("Bridge closed", "Carden Daily", None, None, BRIDGE)
    article = only(read("-", stdin=io.StringIO(html))[0])
    assert (article.title, article.source) == ("Bridge closed", "Carden Daily")


# ---------------------------------------------------------------------------------------------
# duplicates


def _json_articles(tmp_path, records, name="export.json"):
    return write(tmp_path / name, json.dumps(records))


def test_exact_copies_merge_keeping_every_outlet_and_url(tmp_path):
    text = "\n\n".join(HARBOUR)
    path = _json_articles(tmp_path, [
        {"title": "Strike over", "text": text, "source": "Inland Post", "url": "https://inland.example/s",
         "published": "2026-11-24T19:00:00+01:00"},
        {"title": "Harbour strike ends", "text": text.upper(), "source": "Coast Wire", "url": "https://wire.example/h",
         "published": "2026-11-24T17:00:00+01:00"},
        {"title": "Bridge", "text": BRIDGE[0], "source": "Carden Daily"},
    ])
    result, _ = read(path)
    assert result.duplicates == 1
    merged, bridge = result.articles
    assert (merged.source, merged.title) == ("Coast Wire", "Harbour strike ends")  # the earliest copy
    assert merged.also_published_by == ["Inland Post"]
    assert merged.also_urls == ["https://inland.example/s"]
    assert merged.outlets == ["Coast Wire", "Inland Post"]
    assert bridge.also_published_by == []


def test_near_copies_merge_but_related_stories_do_not(tmp_path):
    original = " ".join(HARBOUR + BRIDGE + FOREST)
    edited = original.replace("on Tuesday", "on Tuesday morning").replace("Westhaven", "West Haven")
    related = ("Dock workers in Westhaven voted on Monday to continue their strike over pay, the union said, "
               "as shipping companies warned of long delays and a growing backlog of waiting vessels.")
    path = _json_articles(tmp_path, [
        {"title": "A", "text": original, "source": "Wire One"},
        {"title": "B", "text": edited, "source": "Paper Two"},
        {"title": "C", "text": related, "source": "Paper Three"},
    ])
    result, _ = read(path)
    assert [a.title for a in result.articles] == ["A", "C"]
    assert result.articles[0].also_published_by == ["Paper Two"]


def test_near_copies_are_found_among_many_articles(tmp_path):
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    records = [{"title": f"T{i}", "text": " ".join(rng.choice(vocabulary) for _ in range(120)), "source": f"S{i % 9}"}
               for i in range(400)]
    words = records[123]["text"].split()
    words[10] = "changed"
    records.append({"title": "copy", "text": " ".join(words), "source": "Copier"})
    result, _ = read(_json_articles(tmp_path, records))
    assert len(result.articles) == 400
    assert [a.title for a in result.articles if a.also_published_by] == ["T123"]


def test_same_url_keeps_the_most_complete_text(tmp_path):
    path = _json_articles(tmp_path, [
        {"title": "Bridge closed", "text": BRIDGE[0], "source": "Carden Daily", "url": "https://carden.example/b",
         "published": "2026-11-25T09:00:00Z"},
        {"title": "Bridge closed", "text": "\n\n".join(BRIDGE), "source": "Carden Daily",
         "url": "https://www.carden.example/b/"},
    ])
    article = only(read(path)[0])
    assert article.text == "\n\n".join(BRIDGE)
    assert article.published == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert article.also_published_by == []


# ---------------------------------------------------------------------------------------------
# filters

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture()
def dated(tmp_path):
    return _json_articles(tmp_path, [
        {"title": "late evening in New York", "text": HARBOUR[0], "source": "Gotham Ledger",
         "published": "2026-11-26T23:30:00-05:00"},
        {"title": "morning", "text": BRIDGE[0], "source": "BBC News", "published": "2026-11-26T08:00:00Z"},
        {"title": "two days ago", "text": FOREST[0], "source": "bbc.co.uk", "published": "2026-11-25T10:00:00Z"},
        {"title": "undated", "text": FOREST[1], "source": "Reuters"},
    ])


def titles(result):
    return [a.title for a in result.articles]


def test_date_filter_uses_the_time_zone(dated):
    new_york, warnings = read(dated, filters=Filters(date="2026-11-26", tz="America/New_York"), now=NOW)
    assert titles(new_york) == ["late evening in New York", "morning"]
    assert warnings == ["date filter: 1 article(s) with an unknown publication date left out"]
    utc, _ = read(dated, filters=Filters(date="2026-11-26", tz="UTC"), now=NOW)
    assert titles(utc) == ["morning"]


def test_date_filter_defaults_to_the_local_zone(dated, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        local, _ = read(dated, filters=Filters(date="2026-11-26"), now=NOW)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert titles(local) == ["late evening in New York", "morning"]


def test_since_and_until_relative_and_iso(dated):
    assert titles(read(dated, filters=Filters(since="24h"), now=NOW)[0]) == ["late evening in New York"]
    assert titles(read(dated, filters=Filters(since="3d", until="2026-11-26T12:00:00Z"), now=NOW)[0]) == [
        "morning", "two days ago"]
    assert titles(read(dated, filters=Filters(until="2026-11-25", tz="UTC"), now=NOW)[0]) == ["two days ago"]


def test_source_filters_are_case_insensitive(dated):
    assert titles(read(dated, filters=Filters(sources=["bbc"]))[0]) == ["morning", "two days ago"]
    assert titles(read(dated, filters=Filters(sources=["REUTERS", "gotham ledger"]))[0]) == [
        "late evening in New York", "undated"]
    assert titles(read(dated, filters=Filters(exclude_sources=["Bbc"]))[0]) == ["late evening in New York", "undated"]


def test_source_filters_apply_before_copies_merge(tmp_path):
    text = "\n\n".join(HARBOUR)
    path = _json_articles(tmp_path, [{"title": "A", "text": text, "source": "Coast Wire"},
                                     {"title": "B", "text": text, "source": "Inland Post"}])
    article = only(read(path, filters=Filters(exclude_sources=["coast wire"]))[0])
    assert (article.source, article.also_published_by) == ("Inland Post", [])


@pytest.mark.parametrize("filters, message", [
    (Filters(date="26/11/2026"), "date: expected YYYY-MM-DD"),
    (Filters(date="2026-02-30"), "date: invalid date"),
    (Filters(since="yesterday"), "since: 'yesterday' is neither"),
    (Filters(tz="Mars/Olympus"), "tz: unknown time zone 'Mars/Olympus'"),
    (Filters(since="2026-11-27", until="2026-11-26"), "no time window"),
])
def test_bad_filter_values_are_input_errors(tmp_path, filters, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        read(write(tmp_path / "a" / "a.txt", STORY), filters=filters)


# ---------------------------------------------------------------------------------------------
# network

FAST = FetchConfig(connect_timeout=2, read_timeout=SLOW_SECONDS / 3, max_bytes=64 * 1024)


def test_article_page_by_url(news_server):
    article = only(read(news_server.url("/harbour.html"), fetch_config=FAST)[0])
    assert article.title == "Harbour strike ends after pay deal"
    assert article.source == "Westhaven Times"
    assert article.url == news_server.url("/news/harbour-strike")  # the canonical URL
    assert article.published == datetime(2026, 11, 24, 16, 45, tzinfo=UTC)
    assert article.text.split("\n\n") == HARBOUR
    assert article.path == ""
    assert news_server.user_agents[-1].startswith("digest/")


def test_page_without_site_name_takes_the_domain_and_redirects_are_followed(news_server):
    article = only(read(news_server.url("/redirect"), fetch_config=FAST)[0])
    assert article.url == news_server.url("/bridge.html")
    assert article.source == "127.0.0.1"


def test_rss_and_atom_urls(news_server):
    result, warnings = read(news_server.url("/feed.rss"), news_server.url("/atom.xml"), fetch_config=FAST)
    assert [(a.title, a.source) for a in result.articles] == [
        ("Bridge closed after cracks found", "Coastal Gazette"), ("Forest fire contained", "Coastal Gazette"),
        ("Harbour strike ends", "Valley Courier"), ("Bridge repairs planned", "Valley Courier")]
    assert result.articles[0].text == "Engineers closed the old river bridge."  # without --follow-links
    assert warnings == []


def test_follow_links_fetches_each_entry_page(news_server):
    result, warnings = read(news_server.url("/feed.rss"), follow_links=True, fetch_config=FAST)
    bridge, fire = result.articles
    assert bridge.text.split("\n\n") == BRIDGE
    assert bridge.source == "Coastal Gazette"
    assert fire.text == f"{FOREST[0]}\n\n{FOREST[1]}"  # its page is a 404: the feed text is kept
    assert warnings == [f"{news_server.url('/missing')}: HTTP 404 Not Found; kept the feed's text"]
    assert result.skipped == []


def test_follow_links_offline_keeps_the_feed_text(news_server, tmp_path):
    path = write(tmp_path / "gazette.rss", rss(news_server.base))
    before = dict(news_server.hits)
    result, warnings = read(path, follow_links=True, offline=True)
    assert result.articles[0].text == "Engineers closed the old river bridge."
    assert warnings == [f"{path}: links not followed offline; kept the feed's text"]
    assert news_server.hits == before


def test_plain_text_url(news_server):
    article = only(read(news_server.url("/plain.txt"), fetch_config=FAST)[0])
    assert (article.title, article.source) == ("Forest Fire Contained", "127.0.0.1")


def test_every_network_failure_is_skipped_with_its_reason_and_the_rest_is_read(news_server):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    bad = {
        "/missing": "HTTP 404 Not Found",
        "/server-error": "HTTP 500 Internal Server Error",
        "/slow": "timed out",
        "/huge": "response over the 64 KB cap",
        "/huge-stream": "response over the 64 KB cap",
        "/report.pdf": "unsupported content type application/pdf",
        "/not-a-feed.xml": "not an RSS or Atom feed",
    }
    urls = [news_server.url(p) for p in bad] + [refused, news_server.url("/harbour.html")]
    result, warnings = read(*urls, fetch_config=FAST)
    assert titles(result) == ["Harbour strike ends after pay deal"]
    assert len(warnings) == len(bad) + 1
    for warning, (path, reason) in zip(warnings, bad.items(), strict=False):
        assert warning.startswith(f"{news_server.url(path)}: {reason}")
        assert warning.endswith(", skipped")
    assert warnings[-1] == f"{refused}: connection refused, skipped"
    assert result.summary_line() == f"read 1 article from {len(urls)} inputs ({len(bad) + 1} skipped)"


def test_a_dropped_connection_is_retried_once(news_server):
    article = only(read(news_server.url("/flaky"), fetch_config=FAST)[0])
    assert article.source == "Carden Daily"
    assert news_server.hits["/flaky"] == 2


def test_copies_fetched_from_two_sites_are_merged(news_server):
    result, _ = read(news_server.url("/harbour-copy.html"), news_server.url("/harbour.html"), fetch_config=FAST)
    article = only(result)
    assert article.source == "Westhaven Times"  # published first
    assert article.also_published_by == ["Inland Post"]
    assert article.also_urls == [news_server.url("/harbour-copy.html")]


def test_offline_refuses_urls(news_server, tmp_path):
    before = news_server.hits.get("/harbour.html", 0)
    result, warnings = read(news_server.url("/harbour.html"), write(tmp_path / "w" / "a.txt", STORY), offline=True)
    assert titles(result) == ["Harbour Strike Ends After Pay Deal"]
    assert warnings == [f"{news_server.url('/harbour.html')}: refused: offline, no URLs, skipped"]
    assert news_server.hits.get("/harbour.html", 0) == before


def test_unsupported_url_scheme():
    result, warnings = read("ftp://example.com/news.txt")
    assert result.articles == [] and warnings == ["ftp://example.com/news.txt: unsupported URL scheme (only http and https), skipped"]


# ---------------------------------------------------------------------------------------------
# command line


def run_cli(*args: str, input: str | None = None) -> tuple[int, str, str]:
    """The real entry point (`main`, with its exit codes) inside CliRunner's isolation."""
    with CliRunner().isolation(input=input) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue().decode(), err.getvalue().decode()


def test_cli_reads_and_reports(tmp_path):
    good = write(tmp_path / "Coast Wire" / "a.txt", STORY)
    code, out, err = run_cli("summarize", str(good), str(tmp_path / "missing.txt"), "--sentences", "1")
    assert code == 0 and out.strip()
    assert f"warning: {tmp_path / 'missing.txt'}: no such file or directory, skipped" in err
    assert "read 1 article from 2 inputs (1 skipped)" in err


def test_cli_strict_makes_a_skip_an_error(tmp_path):
    good = write(tmp_path / "Coast Wire" / "a.txt", STORY)
    bad = write(tmp_path / "Coast Wire" / "b.txt", b"\x00\x01\x02binary")
    code, out, err = run_cli("summarize", "--strict", str(good), str(bad))
    assert code == 2 and out == ""
    assert "error: 1 input(s) skipped and --strict is set" in err
    assert "Traceback" not in err


def test_cli_no_articles_is_exit_2(tmp_path):
    code, _, err = run_cli("group", str(tmp_path / "nothing.txt"))
    assert code == 2
    assert err.strip().splitlines() == [f"error: {tmp_path / 'nothing.txt'}: no such file or directory"]


def test_cli_offline_refuses_urls(news_server):
    code, _, err = run_cli("group", "--offline", news_server.url("/harbour.html"))
    assert code == 2
    assert "refused: offline, no URLs" in err


def test_cli_bad_filter_value_is_exit_2(tmp_path):
    good = write(tmp_path / "w" / "a.txt", STORY)
    code, _, err = run_cli("summarize", str(good), "--since", "last week")
    assert code == 2 and err.startswith("error: --since:")


def test_cli_stdin_and_quiet_hides_warnings(tmp_path):
    code, out, err = run_cli("-q", "summarize", "-", str(tmp_path / "missing.txt"), "--sentences", "1", input=STORY)
    assert code == 0 and out.strip()
    assert err == ""


def test_cli_date_filter_without_matches(tmp_path):
    path = _json_articles(tmp_path, [{"title": "A", "text": STORY, "source": "S", "published": "2026-11-26T08:00:00Z"}])
    assert run_cli("group", str(path), "--date", "2026-11-26", "--tz", "UTC")[0] == 0
    code, _, err = run_cli("group", str(path), "--date", "2026-11-20", "--tz", "UTC")
    assert code == 2 and "error: no articles" in err


# ---------------------------------------------------------------------------------------------
# the sample day


def test_samples_folder_yields_every_manifest_article_once():
    manifest_path = REPO / "samples" / "MANIFEST.json"
    if not manifest_path.exists():
        pytest.skip("samples/MANIFEST.json is not there yet")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    result, warnings = read(REPO / "samples")
    assert warnings == []
    by_title = {}
    for article in result.articles:
        assert article.title not in by_title, f"read twice: {article.title}"
        by_title[article.title] = article
    expected = {e["title"] for e in manifest["articles"] if not e.get("duplicate_of")}
    assert set(by_title) == expected
    for entry in manifest["articles"]:
        if entry.get("duplicate_of"):
            assert entry["source"] in by_title[entry["duplicate_of"]].also_published_by, entry["title"]
            continue
        article = by_title[entry["title"]]
        assert article.source == entry["source"], entry["file"]
        published = datetime.fromisoformat(entry["published"]) if entry["published"] else None
        assert article.published == published, entry["file"]
        assert (REPO / "samples" / entry["file"]).samefile(article.path)


# ---------------------------------------------------------------------------------------------
# never a crash: random input


def _read_file(name: str, content: bytes) -> tuple[ingest.IngestResult, list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Outlet" / name
        write(path, content)
        return read(path)


def _check(result, warnings, stdin=False):
    assert result.articles or warnings
    for line in warnings:
        assert "\n" not in line
    for article in result.articles:
        assert article.title and article.text.strip() and (article.source or stdin)
        assert article.published is None or article.published.tzinfo is not None


EXTENSIONS = ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.rss", "a.xml", "noextension"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(EXTENSIONS), content=st.binary(min_size=0, max_size=2000))
def test_random_bytes_never_crash(name, content):
    _check(*_read_file(name, content))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
FIELD = st.sampled_from(["title", "text", "body", "content", "source", "outlet", "url", "published", "date",
                         "author", "articles"])
RECORD = st.dictionaries(FIELD, JSON | st.text(max_size=200), max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["a.json", "a.jsonl", "-"]), data=st.one_of(JSON, RECORD, st.lists(RECORD, max_size=5)))
def test_random_json_never_crashes(name, data):
    if name == "-":
        warnings: list[str] = []
        result = ingest.read_sources(["-"], stdin=io.StringIO(json.dumps(data)), on_warning=warnings.append)
        _check(result, warnings, stdin=True)
        return
    lines = [json.dumps(r) for r in data] if name.endswith("l") and isinstance(data, list) else [json.dumps(data)]
    _check(*_read_file(name, "\n".join(lines).encode("utf-8")))


MARKUP = st.lists(st.sampled_from(["<rss>", "<channel>", "<item>", "<title>", "</title>", "<feed>", "<entry>",
                                   "<html>", "<p>", "</p>", "<body>", "<![CDATA[", "]]>", "&amp;", "&#0;", "---\n",
                                   "title: x\n", "<description>", "news text here. ", "\u00e9", "<", ">"]),
                  max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(EXTENSIONS), text=st.one_of(MARKUP, st.text(max_size=500)))
def test_random_markup_never_crashes(name, text):
    _check(*_read_file(name, text.encode("utf-8", errors="surrogatepass")))


def test_file_mtime_is_never_used_as_the_date(tmp_path):
    path = write(tmp_path / "w" / "a.txt", STORY)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    assert only(read(path)[0]).published is None


def test_cli_follow_links_and_source_filters_reach_ingestion(news_server, tmp_path):
    code, out, _ = run_cli("summarize", news_server.url("/feed.rss"), "--follow-links", "--sentences", "20",
                           "--format", "json")
    assert code == 0
    assert BRIDGE[1] in [s["text"] for s in json.loads(out)["sentences"]]  # only on the entry's page
    path = _json_articles(tmp_path, [{"title": "A", "text": STORY, "source": "Coast Wire"},
                                     {"title": "B", "text": "\n\n".join(BRIDGE), "source": "Carden Daily"}])
    code, out, _ = run_cli("summarize", str(path), "--exclude-source", "COAST WIRE", "--format", "json")
    assert code == 0 and [a["title"] for a in json.loads(out)["articles"]] == ["B"]
    code, out, _ = run_cli("summarize", str(path), "--source", "coast wire", "--format", "json")
    assert code == 0 and [a["title"] for a in json.loads(out)["articles"]] == ["A"]


def test_cli_prints_only_our_lines_for_a_page_without_text(tmp_path):
    path = write(tmp_path / "p" / "empty.html", "<html><head><title>Menu</title></head><body><nav></nav></body></html>")
    code, _, err = run_cli("group", str(path))
    assert code == 2
    assert err.splitlines() == [f"error: {path}: no article text found in the page"]


NEWSWIRE = """<DOC>
<DOCNO> APW19981016.0240 </DOCNO>
<DOCTYPE> NEWS STORY </DOCTYPE>
<BODY>
<HEADLINE> Dam Gates Opened as River Rises </HEADLINE>
<TEXT>
<P>
   RIVERTON (AP) _ Engineers opened the gates of the old dam on Friday as the river
rose after a week of rain, officials said.
</P>
<P>
   Farmers downstream moved cattle to higher ground.
</P>
</TEXT>
</BODY>
</DOC>
<DOC>
<DOCNO> NYT19981017.0011 </DOCNO>
<TEXT>
Residents of Riverton returned home on Saturday as the water receded.
</TEXT>
</DOC>
"""


def test_newswire_sgml_documents_are_read_one_by_one(tmp_path):
    folder = tmp_path / "cluster"
    folder.mkdir()
    (folder / "APW19981016.0240").write_text(NEWSWIRE)
    result = ingest.read_sources([str(folder)], on_warning=lambda m: None)
    assert [a.title for a in result.articles][0] == "Dam Gates Opened as River Rises"
    assert [a.source for a in result.articles] == ["Associated Press", "New York Times"]
    first = result.articles[0]
    assert first.text.split("\n\n")[1] == "Farmers downstream moved cattle to higher ground."
    assert "<P>" not in first.text and first.published.year == 1998
    assert result.skipped == []


def test_duplicate_shingles_are_the_same_in_every_process():
    import subprocess
    import sys

    code = "from digest.ingest.dedup import shingles; print(sorted(shingles('the river rose after a week of rain'))[:5])"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1


WIRE_COPY = """<DOC>
<DOCNO> NYT19981105.0042 </DOCNO>
<DOCTYPE> NEWS STORY </DOCTYPE>
<DATE_TIME> 11/05/1998 00:42:00 </DATE_TIME>
<HEADER>
A0112 &Cx1f; taf-z
u i &Cx13;  &Cx11;  BC-FERRY-STRIKE-NYT &LR;      11-05 0612
</HEADER>
<BODY>
<SLUG> BC-FERRY-STRIKE-NYT </SLUG>
<HEADLINE>
FERRY CREWS WALK OUT &MD; AGAIN
</HEADLINE>
<TEXT>
<P>
   EDS: Moved in advance for Thursday papers.
</P>
<P>
   BC-FERRY-STRIKE-NYT
</P>
<P>
   &UR; By RUTH ALDER &LR;
</P>
<P>
   c.1998 N.Y. Times News Service
</P>
<P>
   PORT ELLIS, Maine _ Ferry crews walked off the job on Wednesday
&MD; the second strike this year &MD; leaving island families
without a way to the mainland.
</P>
<P>
   The union said talks had failed _ again _ over overtime pay.
(ajs)
</P>
<P>
   (STORY CAN END HERE. OPTIONAL 2ND TAKE FOLLOWS.)
</P>
<P>
   Ferry trips cancelled, by route:
</P>
<P>
   Ellis-North Isle ... 14
   Ellis-Crane Rock ... 9
</P>
<P>
   Captain Lena Ford was 61.
</P>
<P>
   (AP Photo/Sam Reed)
</P>
<P>
   Island Lifeline
</P>
<P>
   NYT-11-05-98 0042EST
</P>
</TEXT>
</BODY>
<TRAILER>
NYT-11-05-98 0042EST &QL;
</TRAILER>
</DOC>
<DOC>
<DOCNO> APW19981105.0101 </DOCNO>
<TEXT>
   UNDATED (AP) _ Ferry service to three islands stopped on Wednesday
when crews walked out over overtime pay.
   Island schools said pupils from the mainland would study at home.
   Strikes by crew, by year:
   1996 2
   1998 3
   (rk/ml)
</TEXT>
</DOC>
"""


def test_newswire_markup_and_furniture_never_reach_the_text(tmp_path):
    (tmp_path / "NYT19981105.0042").write_text(WIRE_COPY)
    nyt, apw = ingest.read_sources([str(tmp_path)], on_warning=lambda m: None).articles
    assert nyt.title == "FERRY CREWS WALK OUT \u2014 AGAIN"
    assert (nyt.published.day, nyt.published.hour, nyt.published.minute) == (5, 0, 42)  # DATE_TIME, not the DOCNO day
    assert (apw.source, apw.published.day) == ("Associated Press", 5)
    assert nyt.text.split("\n\n") == [
        "PORT ELLIS, Maine \u2014 Ferry crews walked off the job on Wednesday\u2014the second strike this "
        "year\u2014leaving island families without a way to the mainland.",
        "The union said talks had failed\u2014again\u2014over overtime pay.",
        "Captain Lena Ford was 61.",
    ]
    assert apw.text.split("\n\n") == [
        "UNDATED (AP) \u2014 Ferry service to three islands stopped on Wednesday when crews walked out over "
        "overtime pay.",
        "Island schools said pupils from the mainland would study at home.",
    ]


def test_wire_copy_stays_readable_by_every_stage(tmp_path):
    from digest import nlp

    (tmp_path / "NYT19981105.0042").write_text(WIRE_COPY)
    nyt, apw = ingest.read_sources([str(tmp_path)], on_warning=lambda m: None).articles
    # The dateline keeps its spaced dash, so every stage still recognises and strips it.
    assert nlp.clean_article(nyt.text).paragraphs[0].startswith("Ferry crews walked off the job")
    assert nlp.clean_article(apw.text).paragraphs[0].startswith("Ferry service to three islands")


def test_plain_wire_copy_is_cleaned_like_the_sgml():
    from digest.ingest.newswire import looks_like_wire, newswire_body

    plain = ("   WASHINGTON (AP) _ The Senate passed the farm bill on Tuesday.\n"
             "   c.1998 N.Y. Times News Service\n   The House votes next week. (rk/ml)\n")
    assert looks_like_wire(plain)
    assert not looks_like_wire("The Senate passed the farm bill on Tuesday \u2014 by two votes.")
    assert newswire_body(plain).split("\n\n") == [
        "WASHINGTON (AP) \u2014 The Senate passed the farm bill on Tuesday.", "The House votes next week."]


def _abbreviation_cases() -> list[dict]:
    path = Path(__file__).parent / "data" / "group" / "headline_abbreviations.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _abbreviation_cases(), ids=lambda c: c["headline"][:24])
def test_untitled_text_gets_a_title_never_cut_inside_an_abbreviation(case, tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(case["text"], encoding="utf-8")
    title = ingest.read_sources([str(path)], on_warning=lambda m: None).articles[0].title
    whole = case["headline"]  # the first sentence, without its dateline
    assert title == whole.rstrip(".") or (title.endswith("\u2026") and whole.startswith(title[:-1]))


def test_the_summary_line_counts_one_in_the_singular(tmp_path):
    result, _ = read(write(tmp_path / "w" / "a.txt", STORY))
    assert result.summary_line() == "read 1 article from 1 input (0 skipped)"


@pytest.mark.parametrize("text, reason", [
    ('{"title": "A", "text": "cut off', "malformed JSON: unterminated string starting at line 1 column 24"),
    ('{"title": "A" "text": "x"}', "malformed JSON: expecting ',' delimiter at line 1 column 15"),
])
def test_malformed_json_says_what_and_where(tmp_path, text, reason):
    path = write(tmp_path / "w" / "bad.json", text)
    result, warnings = read(path)
    assert result.skipped == [(str(path), reason)]


def test_a_malformed_jsonl_line_says_what_and_where(tmp_path):
    path = write(tmp_path / "w" / "bad.jsonl", json.dumps({"title": "A", "text": STORY}) + '\n{"title": "B", "te\n')
    result, warnings = read(path)
    assert result.skipped == [(f"{path} line 2", "malformed JSON: unterminated string starting at column 16")]


def test_a_page_without_main_text_is_no_article(news_server, tmp_path):
    from conftest import MENU_ONLY

    url = news_server.url("/menu-only.html")
    result, warnings = read(url, write(tmp_path / "p" / "menu.html", MENU_ONLY),
                            write(tmp_path / "p" / "good.txt", STORY))
    assert len(result.articles) == 1
    reason = "no main text in the page (only menus, links or captions)"
    assert (url, reason) in result.skipped and (str(tmp_path / "p" / "menu.html"), reason) in result.skipped
    assert f"{url}: {reason}, skipped" in warnings


def test_reading_one_huge_file_shows_progress_on_a_terminal(tmp_path):
    import io

    from digest.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    path = write(tmp_path / "w" / "big.txt", "Harbour report\n\n" + "\n\n".join(HARBOUR * 7_000))  # about 2 MB
    screen = Terminal()
    result, _ = read(path, progress=Progress(screen, enabled=True))
    assert len(result.articles) == 1
    drawn = screen.getvalue()
    assert "reading big.txt [" in drawn and "2.0/2.0 MB" in drawn

"""RSS and Atom feeds (files or URLs), read with feedparser: each entry becomes an article from
its content, else its summary; the feed's title is the outlet when the entry names none.
"""

from __future__ import annotations

import re
from typing import Any

from digest.ingest.base import Origin, Report, Skip, domain, make_article, one_line
from digest.ingest.dates import parse_datetime
from digest.ingest.pages import html_to_text
from digest.model import Article


def _entry_date(entry: Any) -> Any:
    for key in ("published", "updated", "created", "dc_date"):
        value = parse_datetime(entry.get(key))
        if value:
            return value
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            from calendar import timegm

            return parse_datetime(timegm(parsed))
    return None


def _entry_body(entry: Any) -> str:
    candidates = [c.get("value", "") for c in entry.get("content", []) or [] if isinstance(c, dict)]
    candidates.append(entry.get("summary", "") or "")
    texts = [html_to_text(c) for c in candidates if isinstance(c, str) and c.strip()]
    return max(texts, key=len, default="")


def read_feed(data: bytes, origin: Origin, report: Report) -> list[Article]:
    """Each entry of an RSS or Atom feed becomes an article (its content, else its summary)."""
    import io

    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": origin.url} if origin.url else None)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0][:80]})" if problem and str(problem) else ""
        raise Skip(f"not an RSS or Atom feed{detail}")
    if not parsed.entries:
        raise Skip("feed has no entries")
    feed_title = one_line(parsed.feed.get("title"))
    feed_link = parsed.feed.get("link", "") or origin.url
    articles = []
    for number, entry in enumerate(parsed.entries, 1):
        title = html_to_text(entry.get("title", "") or "")
        label = f"entry {number}" + (f" ({title[:50]})" if title else "")
        link = entry.get("link", "") or ""
        if report.follow_links and re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) and not re.match(r"^https?://", link, re.I):
            report.note(link, "not followed (only http and https links are); kept the feed's text")
        try:
            source = entry.get("source", {}) if isinstance(entry.get("source"), dict) else {}
            articles.append(make_article(
                Origin(origin.name, origin.path, "", origin.folder),
                title=title, body=_entry_body(entry),
                source=source.get("title", ""), fallback_source=feed_title or domain(feed_link),
                url=entry.get("link", "") or "", published=_entry_date(entry),
                author=entry.get("author", ""),
            ))
        except Skip as exc:
            report.skip(f"{origin.name} {label}", str(exc))
    return articles

"""Fetching over HTTP from a real loopback server: an overall deadline per URL, redirects to
local files refused with a clear reason, and links from feeds that point at local files."""

from __future__ import annotations

from conftest import DRIP_BYTES, HARBOUR

from digest import ingest
from digest.ingest import FetchConfig


def read(*sources, **kwargs):
    warnings: list[str] = []
    result = ingest.read_sources([str(s) for s in sources], on_warning=warnings.append, **kwargs)
    return result, warnings


def test_a_server_dripping_a_byte_a_second_is_cut_at_the_deadline(news_server):
    url = news_server.url("/drip")
    result, warnings = read(url, fetch_config=FetchConfig(total_timeout=3, read_timeout=5))
    assert result.skipped == [(url, "timed out (no complete response within 3 s)")]
    assert warnings == [f"{url}: timed out (no complete response within 3 s), skipped"]
    assert news_server.dripped < DRIP_BYTES / 2  # given up on long before the server was done


def test_a_redirect_to_a_local_file_is_refused_by_name(news_server):
    url = news_server.url("/to-file")
    result, warnings = read(url)
    assert result.skipped == [(url, "redirected to file:///etc/passwd: only http and https are fetched")]


def test_a_feed_link_to_a_local_file_is_not_followed_and_says_so(news_server):
    url = news_server.url("/links-feed.rss")
    result, warnings = read(url, follow_links=True)
    [article] = result.articles
    assert article.text == HARBOUR[0]  # the feed's own text, not the file
    [warning] = warnings  # feedparser normalises the link to file://etc/passwd
    assert warning.startswith("file://") and warning.endswith(
        "etc/passwd: not followed (only http and https links are); kept the feed's text")

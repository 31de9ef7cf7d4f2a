"""Fetching article pages and feeds over HTTP: bounded in time and size, concurrent, never raising
past `fetch_all` (every failure becomes a one-line reason)."""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from digest import __version__

USER_AGENT = f"digest/{__version__} (news briefing tool; +https://pypi.org/project/digest/)"

# Content types we can turn into articles; anything else (PDF, images, video) is skipped.
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")
TEXT_TYPES = ("text/plain", "text/markdown", "application/json", "application/x-ndjson", "application/jsonl")


@dataclass
class Fetched:
    """A successful response: final URL, media type, declared charset and the body, with the
    validators (ETag, Last-Modified) a later conditional GET sends; `cached`: a 304 answered it."""

    url: str
    content_type: str
    charset: str | None
    content: bytes
    etag: str = ""
    last_modified: str = ""
    cached: bool = False


class PageCache(Protocol):
    """Where responses are kept for conditional GET (digest.store implements it)."""

    def lookup(self, urls: Sequence[str]) -> dict[str, Fetched]: ...

    def remember(self, responses: Sequence[tuple[str, Fetched]]) -> None: ...


@dataclass
class FetchConfig:
    """Network limits (DESIGN: connect 5 s, read 20 s, 10 MB); tests shrink them. With a `cache`,
    URLs fetched before are asked for only if changed (If-None-Match / If-Modified-Since)."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    total_timeout: float = 30.0  # the whole request: a server dripping bytes is cut here
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 1
    workers: int = 8
    user_agent: str = USER_AGENT
    cache: PageCache | None = None


@dataclass
class FetchFailure:
    """Why a URL gave nothing usable, as a short phrase for the warning line."""

    url: str
    reason: str


class _Failed(Exception):
    pass


@dataclass
class Fetcher:
    """One `requests` session per thread, shared limits."""

    config: FetchConfig = field(default_factory=FetchConfig)

    def __post_init__(self) -> None:
        self._local = threading.local()

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = requests.Session()
            session.headers.update({
                "User-Agent": self.config.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                          "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
            })
            self._local.session = session
        return session

    def fetch(self, url: str, cached: Fetched | None = None) -> Fetched | FetchFailure:
        """GET `url` (conditionally when a `cached` response has validators); one retry when the
        connection itself fails; never raises."""
        try:
            return self._fetch(url, cached)
        except _Failed as exc:
            return FetchFailure(url, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bad URL must not stop the run
            return FetchFailure(url, f"could not fetch ({type(exc).__name__}: {exc})")

    def _connect(self, url: str, headers: dict[str, str]):
        import requests

        cfg = self.config
        attempts = 1 + max(0, cfg.retries)
        for attempt in range(attempts):
            try:
                return self._session().get(url, timeout=(cfg.connect_timeout, cfg.read_timeout), stream=True,
                                           allow_redirects=True, headers=headers)
            except requests.exceptions.ReadTimeout as exc:
                raise _Failed(f"timed out (no response within {cfg.read_timeout:g} s)") from exc
            except requests.exceptions.ConnectionError as exc:
                if attempt + 1 < attempts:
                    time.sleep(0.2)
                    continue
                raise _Failed(_connection_reason(exc, cfg)) from exc
            except requests.exceptions.InvalidURL as exc:
                raise _Failed("invalid URL") from exc
            except requests.exceptions.TooManyRedirects as exc:
                raise _Failed("too many redirects") from exc
            except requests.exceptions.InvalidSchema as exc:  # a redirect to file:, ftp:, data: ...
                target = re.search(r"'([^']+)'", str(exc))
                raise _Failed(f"redirected to {target.group(1) if target else 'another scheme'}: "
                              "only http and https are fetched") from exc
            except requests.exceptions.RequestException as exc:
                raise _Failed(f"request failed ({type(exc).__name__})") from exc
        raise _Failed("request failed")

    def _fetch(self, url: str, cached: Fetched | None) -> Fetched:
        import requests
        import urllib3

        cfg = self.config
        headers = {}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        started = time.monotonic()  # the deadline covers connecting, the headers and the body
        response = self._connect(url, headers)
        with response:
            if response.status_code == 304 and cached is not None:
                return dataclasses.replace(cached, cached=True)
            if response.status_code >= 400:
                raise _Failed(f"HTTP {response.status_code} {response.reason or ''}".rstrip())
            media_type, charset = _content_type(response.headers.get("Content-Type", ""))
            if media_type and not media_type.startswith(HTML_TYPES + FEED_TYPES + TEXT_TYPES) \
                    and not media_type.endswith(("+xml", "+json")):
                raise _Failed(f"unsupported content type {media_type}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cfg.max_bytes:
                raise _Failed(f"response over the {size_text(cfg.max_bytes)} cap ({size_text(int(declared))})")
            chunks: list[bytes] = []
            size = 0
            try:
                while chunk := _read_some(response):  # one read at a time, so the deadline is checked often
                    size += len(chunk)
                    if size > cfg.max_bytes:
                        raise _Failed(f"response over the {size_text(cfg.max_bytes)} cap")
                    if time.monotonic() - started > cfg.total_timeout:
                        raise _Failed(f"timed out (no complete response within {cfg.total_timeout:g} s)")
                    chunks.append(chunk)
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                if "timed out" in str(exc).lower():
                    raise _Failed(f"timed out (no data for {cfg.read_timeout:g} s)") from exc
                raise _Failed(f"download interrupted ({type(exc).__name__})") from exc
            return Fetched(url=response.url or url, content_type=media_type, charset=charset, content=b"".join(chunks),
                           etag=response.headers.get("ETag", ""),
                           last_modified=response.headers.get("Last-Modified", ""))

    def fetch_all(self, urls: Sequence[str]) -> list[Fetched | FetchFailure]:
        """Fetch many URLs concurrently (bounded pool), results in the order given.

        The cache is read and written here, in the calling thread, once per batch.
        """
        cache = self.config.cache
        known = cache.lookup(urls) if cache is not None else {}
        if len(urls) <= 1:
            results = [self.fetch(u, known.get(u)) for u in urls]
        else:
            with ThreadPoolExecutor(max_workers=max(1, min(self.config.workers, len(urls)))) as pool:
                results = list(pool.map(lambda u: self.fetch(u, known.get(u)), urls))
        if cache is not None:
            cache.remember([(u, r) for u, r in zip(urls, results, strict=True)
                            if isinstance(r, Fetched) and (r.etag or r.last_modified)])
        return results


def _read_some(response) -> bytes:
    """What one read of the socket gave (decompressed), b"" at the end: `iter_content` would wait
    for a whole 64 KB chunk, which a server dripping a byte a second never completes."""
    return response.raw.read1(65536, decode_content=True)


def _content_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    media_type = parts[0].lower() if parts else ""
    charset = None
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type, charset


def _connection_reason(exc: Exception, cfg: FetchConfig) -> str:
    text = str(exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "ssl" in lowered or "certificate" in lowered:
        return "TLS/SSL error (certificate or handshake)"
    if "timed out" in lowered or "timeout" in lowered:
        return f"connection timed out ({cfg.connect_timeout:g} s)"
    if "name or service not known" in lowered or "nodename nor servname" in lowered \
            or "getaddrinfo" in lowered or "name resolution" in lowered:
        return "host not found"
    return "connection failed"


def size_text(n: int) -> str:
    """10485760 → '10 MB', 2529 → '2 KB': sizes in messages."""
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"

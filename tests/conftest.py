"""Shared fixtures: a real HTTP server on 127.0.0.1 (free port) serving news pages and feeds, and
the failures the ingestion must survive (slow, 404, 500, huge, PDF, a dropped first connection)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SLOW_SECONDS = 1.5


@contextmanager
def serving(httpd: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    """Serve `httpd` on a background thread while the block runs, then shut it down."""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass(frozen=True)
class RealDirs:
    """The user's real folders, taken before any test runs, so a test can prove it left them alone."""

    outbox: Path

    def outbox_listing(self) -> list[str]:
        return sorted(p.name for p in self.outbox.iterdir()) if self.outbox.is_dir() else []


def _real_dirs() -> RealDirs:
    from platformdirs import user_cache_dir

    return RealDirs(outbox=Path(user_cache_dir("digest")) / "outbox")


REAL_DIRS = _real_dirs()
PRIVATE_DIRS = (("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                ("XDG_STATE_HOME", ".local/state"))


def _make_home(home: Path) -> dict[str, str]:
    env = {"HOME": str(home)}
    for name, sub in PRIVATE_DIRS:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    return env


@pytest.fixture(autouse=True, scope="session")
def private_session_home(tmp_path_factory) -> Iterator[Path]:
    """Module- and session-scoped fixtures run before the per-test home below: they get a private
    home of their own, so nothing at any scope touches the user's real folders."""
    import os

    home = tmp_path_factory.mktemp("session-home")
    saved = {name: os.environ.get(name) for name in ("HOME", "DIGEST_CONFIG", *(n for n, _ in PRIVATE_DIRS))}
    os.environ.update(_make_home(home))
    os.environ.pop("DIGEST_CONFIG", None)
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test (and every `digest` process it starts) gets its own home, cache, config and data
    folders: no test reads the user's digest.toml or writes into their outbox or history."""
    home = tmp_path_factory.mktemp("home")
    for name, value in _make_home(home).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DIGEST_CONFIG", raising=False)
    return home


def page(title: str, site: str | None, published: str | None, canonical: str | None, paragraphs: list[str],
         author: str = "") -> str:
    """A news page with the usual furniture around the article (menu, kicker, footer)."""
    meta = [f'<meta property="og:title" content="{title}">']
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | {site or 'News'}</title>"
            f"{''.join(meta)}</head><body><nav><ul><li><a href='/world'>World</a></li>"
            f"<li><a href='/sport'>Sport</a></li></ul></nav><main><article><h1>{title}</h1>{body}</article></main>"
            "<footer><p>Copyright 2026 Example Media. All rights reserved.</p></footer></body></html>")


HARBOUR = [
    "Dock workers in the port of Westhaven returned to work on Tuesday after a four-day strike over pay.",
    "The union said the agreement raised wages by six per cent over two years and limited night shifts.",
    "Shipping companies said it would take until the weekend to clear the backlog of waiting vessels.",
]
BRIDGE = [
    "Engineers closed the old river bridge in Carden on Wednesday after inspectors found cracks in two piers.",
    "The city council said buses would be diverted over the northern crossing until repairs were finished.",
    "Local shop owners said they feared losing customers during the closure, which could last three months.",
]
FOREST = [
    "Firefighters contained a forest fire in the Pellan hills on Thursday after three days of work.",
    "The regional government said about 400 hectares had burned and no homes had been destroyed.",
    "Investigators are trying to establish whether the fire was started by a discarded barbecue.",
]


# A page of furniture only: menus, a promo, a video label, a footer; no article text.
MENU_ONLY = ("<!DOCTYPE html><html><head><title>Live: World news | Example</title></head><body><nav><ul>"
             "<li><a href='/world'>World news today</a></li><li><a href='/sport'>Sport and results here</a></li>"
             "<li><a href='/biz'>Business and markets now</a></li></ul></nav>"
             "<div class='promo'><a href='/sub'>Subscribe to our daily newsletter</a></div>"
             "<div class='video'><span>Watch the latest video reports</span></div>"
             "<footer><p>Copyright 2026 Example Media. All rights reserved.</p><p>Terms of use and privacy policy</p>"
             "</footer></body></html>")
DRIP_BYTES = 60
# A feed whose entry links to a local file: following it must not read the disk.
LINKS_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Odd Links</title><link>http://127.0.0.1/</link><description>x</description>
<item><title>Harbour strike ends</title><link>file:///etc/passwd</link>
<description>{HARBOUR[0]}</description></item></channel></rss>"""


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coastal Gazette</title><link>{base}/</link><description>News from the coast</description>
<item><title>Bridge closed after cracks found</title><link>{base}/bridge.html</link>
<pubDate>Wed, 25 Nov 2026 09:30:00 +0100</pubDate><author>desk@gazette.example (Ola Berg)</author>
<description>Engineers closed the old river bridge.</description></item>
<item><title>Forest fire contained</title><link>{base}/missing</link>
<pubDate>Thu, 26 Nov 2026 16:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{FOREST[0]}</p><p>{FOREST[1]}</p>]]></content:encoded></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title><id>urn:valley</id>
<updated>2026-11-26T12:00:00Z</updated>
<entry><title>Harbour strike ends</title><id>urn:valley:1</id><link href="{base}/harbour.html"/>
<published>2026-11-24T18:00:00+02:00</published><updated>2026-11-24T18:00:00+02:00</updated>
<author><name>Mira Holt</name></author>
<content type="html">&lt;p&gt;{HARBOUR[0]}&lt;/p&gt;&lt;p&gt;{HARBOUR[1]}&lt;/p&gt;</content></entry>
<entry><title>Bridge repairs planned</title><id>urn:valley:2</id><link href="{base}/bridge-plans"/>
<updated>2026-11-26T08:00:00Z</updated><summary>The council will publish repair plans next week, officials said.</summary></entry>
</feed>"""


@dataclass
class NewsServer:
    """The running server: its base URL, how many times each path was hit, the User-Agents seen."""

    base: str
    hits: dict[str, int] = field(default_factory=dict)
    user_agents: list[str] = field(default_factory=list)
    huge_size: int = 300_000
    dripped: int = 0  # bytes /drip has sent so far

    def url(self, path: str) -> str:
        return self.base + path


def _handler(server: NewsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - keep test output clean
            pass

        def send(self, status: int, body: bytes | str, content_type: str = "text/html; charset=utf-8",
                 length: bool = True) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(data)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                pass
            if not length:
                self.close_connection = True

        def redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?")[0]
            server.hits[path] = server.hits.get(path, 0) + 1
            server.user_agents.append(self.headers.get("User-Agent", ""))
            base = server.base
            if path == "/harbour.html":
                self.send(200, page("Harbour strike ends after pay deal", "Westhaven Times",
                                    "2026-11-24T17:45:00+01:00", f"{base}/news/harbour-strike", HARBOUR,
                                    author="Jon Dale"))
            elif path == "/harbour-copy.html":
                self.send(200, page("Port strike is over", "Inland Post", "2026-11-24T19:00:00+01:00",
                                    None, HARBOUR))
            elif path == "/bridge.html":
                self.send(200, page("Bridge closed after cracks found", None, "2026-11-25T09:00:00+01:00",
                                    None, BRIDGE))
            elif path == "/feed.rss":
                self.send(200, rss(base), "application/rss+xml; charset=utf-8")
            elif path == "/atom.xml":
                self.send(200, atom(base), "application/atom+xml")
            elif path == "/not-a-feed.xml":
                self.send(200, "<?xml version='1.0'?><catalog><book>Plain XML</book></catalog>", "text/xml")
            elif path == "/plain.txt":
                self.send(200, "Forest Fire Contained\n\n" + " ".join(FOREST), "text/plain; charset=utf-8")
            elif path == "/redirect":
                self.redirect("/bridge.html")
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self.send(200, page("Too late", "Slow News", None, None, HARBOUR))
            elif path == "/server-error":
                self.send(500, "<h1>Internal Server Error</h1>")
            elif path == "/huge":
                self.send(200, b"<html><body>" + b"<p>filler text here.</p>" * (server.huge_size // 22))
            elif path == "/huge-stream":
                self.send(200, b"<html><body>" + b"<p>filler text here.</p>" * (server.huge_size // 22),
                          length=False)
            elif path == "/menu-only.html":
                self.send(200, MENU_ONLY)
            elif path == "/to-file":
                self.redirect("file:///etc/passwd")
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(DRIP_BYTES))
                self.end_headers()
                for _ in range(DRIP_BYTES):  # a byte a second: each read succeeds, the page never ends
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:
                        break
                    server.dripped += 1
                    time.sleep(1)
            elif path == "/links-feed.rss":
                self.send(200, LINKS_FEED, "application/rss+xml; charset=utf-8")
            elif path == "/report.pdf":
                self.send(200, b"%PDF-1.7\n%binary report\n", "application/pdf")
            elif path == "/flaky":
                if server.hits[path] == 1:
                    self.close_connection = True  # drop the first connection without an answer
                    return
                self.send(200, page("Bridge closed after cracks found", "Carden Daily", None, None, BRIDGE))
            else:
                self.send(404, "<h1>Not Found</h1>")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that gave up is not a test failure
        pass


@pytest.fixture(scope="session")
def news_server() -> Iterator[NewsServer]:
    """A real HTTP server on 127.0.0.1, port chosen by the OS, for the whole test session."""
    state = NewsServer(base="")
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with serving(httpd):
        yield state

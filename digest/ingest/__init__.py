"""Read SOURCE arguments (files, folders, globs, `-`, http(s) URLs) into `Article` objects.

Text, Markdown and JSON are read by `digest.ingest.formats`, HTML pages by `digest.ingest.pages`,
RSS and Atom by `digest.ingest.feeds`; URLs are fetched by `digest.ingest.fetch`, wire copies are
merged by `digest.ingest.dedup` and the date filters live in `digest.ingest.dates`.
A bad input never stops the run: it is skipped with one warning line naming it and why, and the
caller decides whether zero articles (or, with --strict, any skip) is an error.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from digest.errors import InputError
from digest.ingest import dates
from digest.ingest.base import Origin, Report, Skip
from digest.ingest.fetch import FetchConfig, Fetched, Fetcher, size_text
from digest.ingest.formats import TEXT_EXTENSIONS, read_input
from digest.model import Article
from digest.progress import Progress

if TYPE_CHECKING:
    from digest.executor import Executor
    from digest.ingest.dedup import Fingerprint

__all__ = ["Filters", "IngestResult", "FetchConfig", "read_sources", "warn"]

log = logging.getLogger(__name__)

# Never articles, whatever folder they sit in (samples/ documents itself with these).
IGNORED_NAMES = {"manifest.json", "readme.md", "readme.txt", "readme", "license", "license.txt", "license.md"}
_GLOB_CHARS = re.compile(r"[*?\[]")
# Up to about this many articles the workers that parse also analyse each article, and this
# process keeps the analyses for every later stage (and the extraction workers it forks). Above
# it they would cost ~17 MB per 1,000 articles for the whole run, while extraction's workers, the
# tail of a large day, gain no time from having them: there each stage builds what it reads.
ANALYSE_LIMIT = 3000


def warn(message: str) -> None:
    """Default warning sink: one line on stderr."""
    print(f"warning: {message}", file=sys.stderr)


@dataclass
class Filters:
    """Which articles to keep: a publication window and outlet names (case-insensitive)."""

    date: str | None = None
    since: str | None = None
    until: str | None = None
    tz: str | None = None
    sources: list[str] = field(default_factory=list)
    exclude_sources: list[str] = field(default_factory=list)

    def window(self, now: datetime | None = None) -> dates.Window:
        """The date window; InputError (exit 2) for a value that cannot be read."""
        try:
            return dates.window(self.date, self.since, self.until, self.tz, now)
        except ValueError as exc:
            raise InputError(str(exc)) from None


@dataclass
class IngestResult:
    """What was read: the articles, how many inputs there were and which were skipped (and why)."""

    articles: list[Article]
    inputs: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: int = 0
    filtered: int = 0
    outlets: list[str] = field(default_factory=list)  # every outlet read, before the filters

    def summary_line(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return f"read {count(len(self.articles), 'article')} from {count(self.inputs, 'input')} ({len(self.skipped)} skipped)"


class _Report:
    """Collects skips and notes into the result and passes each on as one warning line."""

    def __init__(self, result: IngestResult, on_warning: Callable[[str], None], follow_links: bool = False) -> None:
        self.result = result
        self.on_warning = on_warning
        self.follow_links = follow_links

    def skip(self, name: str, reason: str) -> None:
        self.result.skipped.append((name, reason))
        self._emit(f"{name}: {reason}, skipped")

    def note(self, name: str, message: str) -> None:
        self._emit(f"{name}: {message}")

    def _emit(self, line: str) -> None:
        line = " ".join(line.split())
        self.result.warnings.append(line)
        self.on_warning(line)


@dataclass
class _Input:
    kind: str  # "file" | "url" | "stdin"
    name: str


def _is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def _is_pipe(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def _walk(folder: Path) -> list[Path]:
    """Files under a folder, sorted, without hidden files or folders and the project's own notes."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        found.extend(Path(root) / f for f in sorted(files) if not f.startswith(".") and f.lower() not in IGNORED_NAMES)
    return found


def _expand(sources: Sequence[str], report: _Report) -> tuple[list[_Input], int]:
    """SOURCE arguments → inputs (files, URLs, stdin); returns them and how many sources failed."""
    inputs: list[_Input] = []
    seen: set[str] = set()
    failed = 0

    def add_file(path: Path, from_walk: bool) -> None:
        nonlocal failed
        key = os.path.realpath(path)
        if key in seen or from_walk and path.name.lower() in IGNORED_NAMES:
            return
        seen.add(key)
        if os.path.exists(path) and not os.path.isfile(path) and (from_walk or not _is_pipe(path)):
            # in a folder a FIFO or a device would block the run; named on its own, a pipe
            # (`<(cat a.txt)`, a FIFO) is what the user means to read
            failed += 1
            report.skip(str(path), "not a regular file or folder")
            return
        suffix = path.suffix.lower()
        # Newswire collections name files like APW19981016.0240: a number is no file type.
        if from_walk and suffix and suffix not in TEXT_EXTENSIONS and not suffix[1:].isdigit():
            failed += 1
            report.skip(str(path), f"unsupported file type {suffix}")
            return
        inputs.append(_Input("file", str(path)))

    def add_folder(path: Path) -> None:
        nonlocal failed
        files = _walk(path)
        if not files:
            failed += 1
            report.skip(str(path), "folder has no files to read")
        for f in files:
            add_file(f, from_walk=True)

    for source in sources:
        if source == "-":
            if "-" not in seen:
                seen.add("-")
                inputs.append(_Input("stdin", "<stdin>"))
        elif _is_url(source):
            if source not in seen:
                seen.add(source)
                inputs.append(_Input("url", source))
        elif re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
            failed += 1
            report.skip(source, "unsupported URL scheme (only http and https)")
        elif os.path.isdir(source):
            add_folder(Path(source))
        elif os.path.isfile(source) or _is_pipe(Path(source)):
            add_file(Path(source), from_walk=False)
        elif _GLOB_CHARS.search(source):
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                failed += 1
                report.skip(source, "no files match this pattern")
            for match in matches:
                if os.path.isdir(match):
                    add_folder(Path(match))
                else:
                    add_file(Path(match), from_walk=True)
        elif os.path.exists(source):
            failed += 1
            report.skip(source, "not a regular file or folder")
        else:
            failed += 1
            report.skip(source, "no such file or directory")
    return inputs, failed


def _folder_name(path: str) -> str:
    return Path(os.path.abspath(path)).parent.name if path else ""


def _read_stdin(stdin: TextIO | None) -> bytes:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        return b""
    if hasattr(stream, "buffer"):
        return stream.buffer.read()
    data = stream.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _read_one(item: _Input, report: Report, fetched: dict[str, object], stdin: TextIO | None,
              data: bytes | None = None, folder: str | None = None, *, max_bytes: int = FetchConfig.max_bytes,
              progress: Progress | None = None) -> tuple[str, list[Article]]:
    """One input → (format, articles); every failure (a Skip or, unexpectedly, any error) → warning.

    A file's `data` and `folder` name may come read already (parsing in another process)."""
    try:
        if item.kind == "stdin":
            return read_input(_read_stdin(stdin), Origin("<stdin>"), report)
        if item.kind == "url":
            response = fetched[item.name]
            if not isinstance(response, Fetched):
                raise Skip(getattr(response, "reason", "could not fetch"))
            origin = Origin(item.name, url=response.url)
            return read_input(response.content, origin, report, content_type=response.content_type,
                              charset=response.charset)
        if data is None:
            data = _read_file(Path(item.name), max_bytes, progress)
        folder = _folder_name(item.name) if folder is None else folder
        return read_input(data, Origin(item.name, path=item.name, folder=folder), report)
    except Skip as exc:
        report.skip(item.name, str(exc))
    except Exception as exc:  # noqa: BLE001 - the promise is: a bad input never stops the run
        report.skip(item.name, f"could not be read ({type(exc).__name__}: {exc})")
    return "", []


PROGRESS_BYTES = 1024 * 1024  # a file this big gets a progress bar on a terminal while it is read
_BLOCK = 256 * 1024


def _read_file(path: Path, max_bytes: int, progress: Progress | None) -> bytes:
    """A file's bytes, refused past `max_bytes` (like a page over the URL cap) before reading
    them all; a big file draws a bar while it is read."""
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size  # 0 for a pipe: its cap is checked as it is read
            if size > max_bytes:
                raise Skip(f"file over the {size_text(max_bytes)} cap ({size_text(size)})")
            show = progress is not None and size > PROGRESS_BYTES
            if show:
                progress.stage(f"reading {path.name}", total=size, unit="bytes")
            blocks, read = [], 0
            while block := fh.read(_BLOCK):
                read += len(block)
                if read > max_bytes:
                    raise Skip(f"over the {size_text(max_bytes)} cap")
                blocks.append(block)
                if show:
                    progress.advance(len(block))
            if show:
                progress.finish()
            return b"".join(blocks)
    except OSError as exc:
        raise Skip(f"cannot read ({(exc.strerror or str(exc)).lower()})") from None


class _Recorder:
    """A Report that keeps the skips and notes of inputs parsed elsewhere, to replay in input order."""

    def __init__(self, follow_links: bool = False) -> None:
        self.events: list[tuple[str, str, str]] = []
        self.follow_links = follow_links

    def skip(self, name: str, reason: str) -> None:
        self.events.append(("skip", name, reason))

    def note(self, name: str, message: str) -> None:
        self.events.append(("note", name, message))


def _parse_files(items: list[tuple[_Input, bytes, str]], options: dict) -> list[tuple]:
    """Executor task: parse files already read (bytes and folder name travel, so a worker on
    another machine needs no access to them); each file's skips and notes come back with it, its
    articles' duplicate-detection fingerprints (signed with `options["sign"]`), what grouping
    reads of each (`digest.group.reading.scan_article`) and, with `options["analyse"]`, each one's analysis (cleaned
    text and sentences, which grouping, summaries and extraction all read): per-article work done
    here, in parallel."""
    from digest.group.reading import scan_article
    from digest.ingest.dedup import fingerprints

    done = []
    for item, data, folder in items:
        recorder = _Recorder(options.get("follow_links", False))
        kind, read = _read_one(item, recorder, {}, None, data, folder)
        done.append((kind, read, recorder.events))
    prints = iter(fingerprints([a for _, read, _ in done for a in read], options.get("sign", False)))
    return [(kind, read, events, [next(prints) for _ in read], [scan_article(a) for a in read],
             [_analysis(a) if options.get("analyse") else None for a in read]) for kind, read, events in done]


def _analysis(article: Article):
    """The article's analysis in its own language; None where it cannot be split offline."""
    from digest.analysis import analyse

    try:
        return analyse(article)
    except ValueError:
        return None


def _parsed_elsewhere(inputs: list[_Input], executor: Executor, max_bytes: int, follow_links: bool,
                      meanwhile: Callable[[], None] | None = None) -> dict[int, tuple]:
    """The files among `inputs` parsed through `executor`: {input index: (format, articles, events,
    fingerprints, scans, analyses)}; `meanwhile` runs here while they are parsed."""
    from digest.executor import start_chunked
    from digest.group import reading  # noqa: F401 - imported before the workers fork, not in each of them
    from digest.ingest.dedup import PAIRWISE_LIMIT

    jobs: list[tuple[int, tuple[_Input, bytes, str]]] = []
    for k, item in enumerate(inputs):
        if item.kind == "file":
            try:
                jobs.append((k, (item, _read_file(Path(item.name), max_bytes, None), _folder_name(item.name))))
            except Skip:
                continue  # read (and skipped) again in order by _read_one
    weights = [1 + len(data) // 4096 for _, (_, data, _) in jobs]  # about one per article of text
    # MinHash signatures only where duplicate detection will want them: among many articles
    sign = sum(weights) > PAIRWISE_LIMIT
    analyse = sum(weights) <= ANALYSE_LIMIT
    parsing = start_chunked(executor, _parse_files, [job for _, job in jobs],
                            {"follow_links": follow_links, "sign": sign, "analyse": analyse},
                            weights=weights)
    if meanwhile is not None:
        meanwhile()
    parsed = parsing.results()
    return {k: done for (k, _), done in zip(jobs, parsed, strict=True)}


def _prepare_grouping(articles: list[Article], scans: list, analyses: list) -> None:
    # imported here: the pasted-article path (no executor) never loads grouping
    from digest.analysis import adopt
    from digest.group.reading import prepare

    prepare(articles, scans)
    for article, analysed in zip(articles, analyses, strict=True):
        if analysed is not None:
            adopt(article, analysed)


def unmatched_outlets(names: Sequence[str], outlets: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Each outlet filter name that matches none of `outlets`, with the closest outlets to suggest."""
    import difflib

    known = sorted(set(outlets))
    return [(name, difflib.get_close_matches(name, known, n=3, cutoff=0.6) or
             difflib.get_close_matches(name.casefold(), [k.casefold() for k in known], n=3, cutoff=0.6))
            for name in names if name.strip() and not _matches_any(name, known)]


def _matches_any(name: str, outlets: Sequence[str]) -> bool:
    return any(_matches(outlet, [name]) for outlet in outlets)


def _follow_links(articles: list[Article], fetcher: Fetcher, report: _Report) -> None:
    """Replace feed entries' short text by their page's full text when the page has more."""
    from digest.ingest.base import decode
    from digest.ingest.pages import read_html

    linked = [a for a in articles if a.url]
    for article, response in zip(linked, fetcher.fetch_all([a.url for a in linked]), strict=True):
        if not isinstance(response, Fetched):
            report.note(article.url, f"{response.reason}; kept the feed's text")
            continue
        origin = Origin(article.url, url=response.url)
        try:
            page = read_html(decode(response.content, origin, report, response.charset), origin)[0]
        except Skip as exc:
            report.note(article.url, f"{exc}; kept the feed's text")
            continue
        except Exception as exc:  # noqa: BLE001 - a broken page must not stop the run
            report.note(article.url, f"could not be read ({type(exc).__name__}); kept the feed's text")
            continue
        if len(page.text) > len(article.text):
            article.text = page.text
        article.title = article.title or page.title
        article.published = article.published or page.published
        article.author = article.author or page.author


def _matches(outlet: str, names: Sequence[str]) -> bool:
    """Case-insensitive outlet match on whole words: 'bbc' matches 'BBC News' and 'bbc.co.uk'."""
    folded = outlet.casefold()
    return any(re.search(rf"(?<!\w){re.escape(n.casefold().strip())}(?!\w)", folded) for n in names if n.strip())


def _apply_filters(articles: list[Article], filters: Filters, window: dates.Window,
                   report: _Report) -> list[Article]:
    kept = []
    unknown = 0
    for article in articles:
        if filters.sources and not _matches(article.source, filters.sources):
            continue
        if filters.exclude_sources and _matches(article.source, filters.exclude_sources):
            continue
        if window.active:
            if article.published is None:
                unknown += 1
                continue
            if not window.contains(article.published):
                continue
        kept.append(article)
    if unknown:
        report.note("date filter", f"{unknown} article(s) with an unknown publication date left out")
    return kept


def read_sources(
    sources: Sequence[str],
    *,
    stdin: TextIO | None = None,
    on_warning: Callable[[str], None] = warn,
    offline: bool = False,
    follow_links: bool = False,
    filters: Filters | None = None,
    fetch_config: FetchConfig | None = None,
    now: datetime | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> IngestResult:
    """Read every source; a bad input is skipped with a warning, never raised. Files are capped at
    `fetch_config.max_bytes` like URLs; `progress` shows the reading of a big file.

    With an `executor` (digest.executor) the files are parsed where it runs them (read here,
    parsed in its processes or on its cluster), and what grouping reads of each article is read
    there too; the articles and warnings are the same, in order.
    `meanwhile` is work for this process while they are parsed (preparing a later stage).

    Raises InputError only for an unreadable filter value (a usage error, before any reading).
    """
    from digest.ingest.dedup import merge_duplicates

    filters = filters or Filters()
    window = filters.window(now)
    result = IngestResult(articles=[])
    report = _Report(result, on_warning, follow_links and not offline)
    inputs, failed = _expand(sources, report)
    result.inputs = len(inputs) + failed
    fetcher = Fetcher(fetch_config or FetchConfig())
    urls = [i.name for i in inputs if i.kind == "url"]
    fetched: dict[str, object] = {}
    if offline:
        for url in urls:
            report.skip(url, "refused: offline, no URLs")
        inputs = [i for i in inputs if i.kind != "url"]
    elif urls:
        fetched = dict(zip(urls, fetcher.fetch_all(urls), strict=True))
    parsed = (_parsed_elsewhere(inputs, executor, fetcher.config.max_bytes, report.follow_links, meanwhile)
              if executor is not None else {})
    articles: list[Article] = []
    prints: dict[int, Fingerprint] = {}  # id(article) → its fingerprint, from where it was parsed
    for k, item in enumerate(inputs):
        if k in parsed:
            kind, read, events, found, scans, analyses = parsed[k]
            for event, name, text in events:
                getattr(report, event)(name, text)
            if not (follow_links and kind == "feed"):  # a followed link's page replaces the text
                prints.update(zip(map(id, read), found, strict=True))
                _prepare_grouping(read, scans, analyses)
        else:
            kind, read = _read_one(item, report, fetched, stdin, max_bytes=fetcher.config.max_bytes,
                                   progress=progress)
        if read:
            log.info("%s: %d article(s) read as %s", item.name, len(read), kind)
        if follow_links and read and kind == "feed":
            if offline:
                report.note(item.name, "links not followed offline; kept the feed's text")
            else:
                _follow_links(read, fetcher, report)
        articles.extend(read)
    result.outlets = sorted({o for a in articles for o in a.outlets})
    kept = _apply_filters(articles, filters, window, report)
    result.filtered = len(articles) - len(kept)
    if result.filtered:
        log.info("%d article(s) left out by the date and outlet filters", result.filtered)
    result.articles, result.duplicates = merge_duplicates(kept, prints=[prints.get(id(a)) for a in kept])
    return result


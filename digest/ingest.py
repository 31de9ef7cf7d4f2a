"""Read SOURCE arguments (files, folders, globs, `-`, URLs) into `Article` objects.

Minimal reader for plain text until the full ingestion lands: every bad input is skipped with
one warning naming it, and the caller decides whether zero articles is an error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from digest import nlp
from digest.model import Article


def warn(message: str) -> None:
    """Default warning sink: one line on stderr."""
    print(f"warning: {message}", file=sys.stderr)


@dataclass
class Filters:
    """Which articles to keep (dates are resolved by the caller)."""

    date: str | None = None
    since: str | None = None
    until: str | None = None
    tz: str | None = None
    sources: list[str] = field(default_factory=list)
    exclude_sources: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    """What was read: the articles, how many inputs there were and which were skipped (and why)."""

    articles: list[Article]
    inputs: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary_line(self) -> str:
        return f"read {len(self.articles)} articles from {self.inputs} inputs ({len(self.skipped)} skipped)"


def _decode(data: bytes, name: str, on_warning: Callable[[str], None]) -> str | None:
    if b"\x00" in data[:8192]:
        on_warning(f"{name}: binary file, skipped")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        on_warning(f"{name}: not UTF-8, decoded as cp1252")
        return data.decode("cp1252", errors="replace")


def _article_from_text(text: str, name: str, path: str = "") -> Article:
    cleaned = nlp.clean_article(text)
    return Article(title=cleaned.title, text=text, path=path, source=Path(path).parent.name if path else "")


def read_sources(
    sources: Sequence[str],
    *,
    stdin: TextIO | None = None,
    on_warning: Callable[[str], None] = warn,
    **_options,
) -> IngestResult:
    """Read every source; never raises for a bad input, it is skipped with a warning instead."""
    result = IngestResult(articles=[])
    for source in sources:
        result.inputs += 1
        if source == "-":
            stream = stdin or sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
            name, path = "<stdin>", ""
        else:
            path = source
            name = source
            try:
                data = Path(source).read_bytes()
            except OSError as exc:
                reason = exc.strerror or str(exc)
                on_warning(f"{source}: {reason}, skipped")
                result.skipped.append((source, reason))
                continue
        text = _decode(data, name, on_warning)
        if text is None:
            result.skipped.append((name, "binary"))
            continue
        if not text.strip():
            on_warning(f"{name}: empty, skipped")
            result.skipped.append((name, "empty"))
            continue
        result.articles.append(_article_from_text(text, name, path))
    return result

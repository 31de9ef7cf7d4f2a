"""The primitives every reader shares: `Skip` and `Report`, where an input came from, bytes to
text (BOM, declared charset, UTF-8, cp1252), and building an `Article` with the outlet, title and
date fallbacks of the spec. The readers (`formats`, `newswire`, `pages`, `feeds`) import from here
and never from each other's modules, so none of them drags the others in.

A whole input that cannot be used raises `Skip` with a short reason; a bad record inside a usable
input (one JSONL line, one feed entry) is reported through `Report.skip` and the rest is kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from digest import language, nlp
from digest.ingest.dates import parse_datetime
from digest.model import Article

_MAGIC = [(b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"),
          (b"\xff\xd8\xff", "JPEG image"), (b"\x1f\x8b", "gzip"), (b"\x7fELF", "executable")]
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
_DECLARED_CHARSET = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


class Skip(Exception):
    """The whole input is unusable; the message is the reason shown in the warning."""


class Report(Protocol):
    follow_links: bool  # whether feed entries' pages will be fetched (readers warn about links they cannot follow)

    def skip(self, name: str, reason: str) -> None: ...
    def note(self, name: str, message: str) -> None: ...


@dataclass
class Origin:
    """Where an input came from: its display name, file path or URL, and the folder-name fallback."""

    name: str
    path: str = ""
    url: str = ""
    folder: str = ""


# ---------------------------------------------------------------------------------------------
# bytes → text


def check_binary(data: bytes) -> None:
    """Raise Skip for empty input and for anything that is not text (PDF, images, random bytes)."""
    if not data.strip():
        raise Skip("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte-order mark: NUL bytes are expected
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Skip(f"binary file ({kind}), not text")
    sample = data[:8192]
    if b"\x00" in sample or sum(sample.count(c) for c in _CONTROL) > max(2, len(sample) // 50):
        raise Skip("binary file, not text")


def decode(data: bytes, origin: Origin, report: Report, charset: str | None = None) -> str:
    """Text from bytes: BOM, then declared charset, then UTF-8, then cp1252 with a warning."""
    check_binary(data)
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    if text is None:
        declared = [charset] if charset else []
        match = _DECLARED_CHARSET.search(data[:2048])
        if match and data.lstrip()[:1] == b"<":
            declared.append(match.group(1).decode("ascii"))
        for name in declared:
            try:
                text = data.decode(name)
                break
            except (LookupError, UnicodeDecodeError):
                continue
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            report.note(origin.name, "not UTF-8, decoded as cp1252 (Windows Latin-1)")
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise Skip("empty file")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------
# building an Article


def domain(url: str) -> str:
    """'https://www.example.com/a' → 'example.com' (the outlet when nothing better is known)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def one_line(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    if isinstance(value, (list, tuple)):
        return ", ".join(x for x in (one_line(v) for v in value) if x)
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def tidy_body(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def same_title(line: str, title: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(nlp.words(s.casefold()))

    return bool(title) and norm(line.strip().lstrip("#").strip()) == norm(title)


def _drop_title(body: str, title: str) -> str:
    """The body without its repeated title line, and without a section kicker ("World") above it."""
    paragraphs = body.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:3]):
        first, _, rest = paragraph.partition("\n")
        if same_title(first, title):
            return tidy_body("\n\n".join([rest, *paragraphs[index + 1:]]))
        if len(paragraph.split()) > 4 or "\n" in paragraph:
            break
    return body


def _fallback_title(body: str, limit: int = 90) -> str:
    """When an input has no title: the start of its first sentence (never left blank).

    The sentence comes from the sentence splitter, without the dateline, so a title never ends
    inside an abbreviation ("Rep", "Former U.S", "SEOUL, South Korea (AP) — U.S").
    """
    from digest.abbreviations import rejoin

    first = " ".join(next((p for p in body.split("\n\n") if p.strip()), "").split())
    sentence = (rejoin(nlp.split_sentences(nlp.strip_dateline(first))) or [first])[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def make_article(origin: Origin, *, title: str, body: str, source: str = "", url: str = "",
                 published: Any = None, author: str = "", fallback_source: str = "") -> Article:
    """An Article with the outlet fallbacks of the spec and its language; Skip when there is no
    body text or it is in a language we cannot read."""
    title = one_line(title)
    body = _drop_title(tidy_body(body), title)
    if not nlp.WORD_RE.search(body):  # any word at all (a search, not a list of every word)
        raise Skip("no article text" + (" (only a title)" if title else ""))
    url = one_line(url) if isinstance(url, str) else ""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = origin.url  # relative or other-scheme links say nothing usable
    outlet = one_line(source)
    if re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?::\d+)?", outlet):  # a bare host name, not a name
        outlet = domain(f"http://{outlet}")
    outlet = outlet or fallback_source or domain(url) or origin.folder
    return Article(title=title or _fallback_title(body), text=body, source=outlet, url=url,
                   published=parse_datetime(published), path=origin.path, author=one_line(author),
                   language=article_language(f"{title}\n\n{body}"))


def article_language(text: str) -> str:
    """The language to read `text` in (detected; English when unclear); Skip for a language the
    pipeline cannot split and stem."""
    found = language.detect(text)
    if found == language.UNKNOWN:
        return "english"
    if not language.supported(found):
        raise Skip(f"language not supported ({language.label(found)}); digest reads "
                   f"{', '.join(language.label(lang) for lang in language.SUPPORTED)}")
    return found

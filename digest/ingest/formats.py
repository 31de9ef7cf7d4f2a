"""From bytes to Articles: decoding, telling formats apart, the outlet/title/date rules every
reader shares, and the readers for plain text, Markdown with front matter and JSON / JSONL.
HTML pages are read by `digest.ingest.pages`, RSS and Atom by `digest.ingest.feeds`.

A whole input that cannot be used raises `Skip` with a short reason; a bad record inside a usable
input (one JSONL line, one feed entry) is reported through `Report.skip` and the rest is kept.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from digest import nlp
from digest.ingest.dates import parse_datetime
from digest.model import Article, stable_id

TEXT_EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                   ".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json", ".jsonl": "jsonl",
                   ".ndjson": "jsonl", ".xml": "feed", ".rss": "feed", ".atom": "feed", ".feed": "feed"}

_MAGIC = [(b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"),
          (b"\xff\xd8\xff", "JPEG image"), (b"\x1f\x8b", "gzip"), (b"\x7fELF", "executable")]
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
_DECLARED_CHARSET = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


class Skip(Exception):
    """The whole input is unusable; the message is the reason shown in the warning."""


class Report(Protocol):
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


def sniff(text: str) -> str:
    """The format of text without a telling name or content type (stdin, extension-less files)."""
    head = text.lstrip()[:4096]
    lowered = head.lower()
    if lowered.startswith("<"):
        if lowered.startswith("<doc>"):
            return "text"  # newswire SGML, read by read_text
        if re.search(r"<(?:rss|feed|rdf:rdf)\b", lowered):
            return "feed"
        if re.search(r"<(?:!doctype html|html|body|article|p|div)\b", lowered):
            return "html"
    if head[:1] and head[:1] in "{[":  # JSON only when it parses: a pasted "[Updated] ..." is text
        try:
            json.loads(text)
            return "json"
        except (ValueError, RecursionError):
            try:
                json.loads(head.split("\n", 1)[0])
                return "jsonl"
            except (ValueError, RecursionError):
                pass
    if head.startswith("---\n"):
        return "markdown"
    return "text"


def kind_for(name: str, content_type: str = "", text: str = "") -> str:
    """Reader for an input: from its extension or content type, else by looking at it."""
    if content_type:
        if content_type in ("text/html", "application/xhtml+xml"):
            return "feed" if sniff(text) == "feed" else "html"
        if "json" in content_type:
            return "jsonl" if "ndjson" in content_type or "jsonl" in content_type else "json"
        if "xml" in content_type:
            return "html" if sniff(text) == "html" else "feed"
        if content_type == "text/markdown":
            return "markdown"
        return sniff(text)
    suffix = Path(urlsplit(name).path if "://" in name else name).suffix.lower()
    return TEXT_EXTENSIONS.get(suffix) or sniff(text)


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


def _same_title(line: str, title: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(nlp.words(s.casefold()))

    return bool(title) and norm(line.strip().lstrip("#").strip()) == norm(title)


def _drop_title(body: str, title: str) -> str:
    """The body without its repeated title line, and without a section kicker ("World") above it."""
    paragraphs = body.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:3]):
        first, _, rest = paragraph.partition("\n")
        if _same_title(first, title):
            return tidy_body("\n\n".join([rest, *paragraphs[index + 1:]]))
        if len(paragraph.split()) > 4 or "\n" in paragraph:
            break
    return body


def _fallback_title(body: str, limit: int = 90) -> str:
    """When an input has no title: the start of its first sentence (never left blank)."""
    first = next((p for p in body.split("\n\n") if p.strip()), "")
    sentence = re.split(r"(?<=[.!?])\s+", " ".join(first.split()), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def make_article(origin: Origin, *, title: str, body: str, source: str = "", url: str = "",
                 published: Any = None, author: str = "", fallback_source: str = "") -> Article:
    """An Article with the outlet fallbacks of the spec; Skip when there is no body text."""
    title = one_line(title)
    body = _drop_title(tidy_body(body), title)
    if not nlp.words(body):
        raise Skip("no article text" + (" (only a title)" if title else ""))
    url = one_line(url) if isinstance(url, str) else ""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = origin.url  # relative or other-scheme links say nothing usable
    outlet = one_line(source)
    if re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?::\d+)?", outlet):  # a bare host name, not a name
        outlet = domain(f"http://{outlet}")
    outlet = outlet or fallback_source or domain(url) or origin.folder
    return Article(title=title or _fallback_title(body), text=body, source=outlet, url=url,
                   published=parse_datetime(published), path=origin.path, author=one_line(author))


# ---------------------------------------------------------------------------------------------
# plain text and Markdown

_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML-style `key: value` front matter between `---` lines (scalars, inline and dash lists)."""
    stripped = text.lstrip("\ufeff \t\n")
    if not stripped.startswith("---\n"):
        return {}, text
    lines = stripped.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, text
    meta: dict[str, Any] = {}
    key = None
    for line in lines[1:end]:
        item = re.match(r"^\s+-\s*(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and key:
            current = meta.get(key)
            meta[key] = (current if isinstance(current, list) else []) + [_unquote(item.group(1))]
            continue
        match = _FRONT_KEY.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            meta[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        else:
            meta[key] = _unquote(value) if value else ""
    return meta, "\n".join(lines[end + 1:])


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r'\\(["\\])', r"\1", value[1:-1])
    return re.sub(r"\s+#.*$", "", value)


def _meta(meta: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", []):
            return value
    return None


# Wire services named by the prefix of a newswire DOCNO (TREC/DUC collections).
_WIRE_PREFIXES = {"APW": "Associated Press", "AP": "Associated Press", "NYT": "New York Times",
                  "XIE": "Xinhua", "FBIS": "FBIS", "LA": "Los Angeles Times", "FT": "Financial Times",
                  "WSJ": "Wall Street Journal", "SJMN": "San Jose Mercury News"}
_SGML_DOC = re.compile(r"<DOC>(.*?)(?:</DOC>|\Z)", re.IGNORECASE | re.DOTALL)


def _sgml_field(doc: str, *tags: str) -> str:
    for tag in tags:
        match = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", doc, re.IGNORECASE | re.DOTALL)
        if match:
            return match.group(1)
    return ""


# Wire-copy markup and furniture (1990s AP and NYT News Service copy as the TREC/DUC collections
# keep it): none of it is article text, and left in it would reach summaries and split sentences.
_WIRE_ENTITIES = {"MD": " \u2014 ", "AMP": "&", "LT": "<", "GT": ">", "HT": " ", "TAB": " "}
_WIRE_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_WIRE_DASH = re.compile(r"(?<=\S)\s+[_^]\s+(?=\S)|(?<=\s)--(?=\s)")  # "rose fast _ nearly", "made ^ advice"
_SPACED_DASH = re.compile(r"\s+\u2014\s+")  # closed up: each spaced dash would cost a word of a length budget
_WIRE_SLUG = re.compile(r"\s*\([a-z]{2,4}(?:/[a-z]{2,4})*\)$")  # trailing operator slug "(rk/ml)", "(ajs)"
_WIRE_DROP = re.compile(
    r"^(?:BC-[\w-]+.*"  # slug line "BC-IRAQ-UN-SANCTIONS-NYT"
    r"|(?:AP|[A-Z]{2,4})(?:-[A-Z]{2})?-\d\d-\d\d-\d\d\s+\d{3,4}\s?[A-Z]{3}\b.*"  # "NYT-11-02-98 1834EST"
    r"|(?:c\.|\(c\)|\u00a9|[Cc]opyright)\s?\d{4}\b.{0,80}"  # "c.1998 N.Y. Times News Service"
    r"|(?:By|BY)\s+[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,4}(?:\s*(?:,|and|&)\s*[^.!?]{0,80})?"  # "By JOHN SMITH"
    r"|(?:EDS?|EDITORS?|EDITOR'?S NOTE|EDITORS'? NOTE|ATTN|ATTENTION|NOTE TO EDITORS|Eds)\b\s*[:_.\u2014-].*"
    r"|\((?:STORY|OPTIONAL|END|MORE|FIRST|SECOND|ADDS|\d\w*)\b[^()]*\)"  # "(STORY CAN END HERE. ...)"
    r"|(?:NYT|AP) (?:[Pp]hotos?|[Gg]raphics?|[Cc]harts?) (?:are )?available.*)$",
    re.DOTALL,
)
# Any of these says a text is wire copy that still carries its markup (read as plain text).
_WIRE_MARK = re.compile(r"\((?:AP|UPI)\) _ |&(?:MD|UR|LR|QL|QC|QR|HT|TL|Cx\w+);|N\.Y\. Times News Service"
                        r"|^\s*(?:BC-[A-Z]|EDS:|EDITORS:)|STORY CAN END HERE|\b(?:AP|NYT)-[A-Z-]*\d\d-\d\d-\d\d \d{4}",
                        re.MULTILINE)
_WIRE_CREDIT = re.compile(r"\((?:AP|NYT|AFP|Reuters)?\s*(?:photos?|charts?|graphics?|maps?|illustrations?)\b[^()]*\)",
                          re.IGNORECASE)  # "(AP Photo/Jan Sedlak)", "(CHART: River levels)"
_TABLE_ROW = re.compile(r"^[^.!?]{0,40}?[\s:.^_=\u2014-]+\$?\d[\d,]*(?:\.\d+)?%?$")  # "Belin 24", "1993: 910,000", "Mon. ^ $11.52"
_FRAGMENT_WORDS = 6  # a line this short without final punctuation is a headline fragment or a label
_CAPTION_WORDS = 15  # a one-sentence paragraph ending in ":" this short, before a table, is its caption


def _wire_text(text: str) -> str:
    """Wire markup undone: entities (&MD; is a dash, &UR; &LR; &QL; are typesetting codes), the
    "_" or "^" that old wire copy types for a dash, and ``typewriter quotes''."""
    def entity(match: re.Match) -> str:
        name = match.group(1)
        if name.upper() in _WIRE_ENTITIES:
            return _WIRE_ENTITIES[name.upper()]
        plain = html.unescape(match.group(0))  # "&eacute;" in a pasted text
        return " " if plain == match.group(0) else plain

    text = _WIRE_ENTITY.sub(entity, text).replace("``", "\u201c").replace("''", "\u201d")
    return _WIRE_DASH.sub(" \u2014 ", text)


def _wire_blocks(body: str) -> list[list[str]]:
    """Paragraphs as lists of lines: `<P>` blocks, and inside them (or without them) a blank line
    or an indented line after unindented ones starts a paragraph, as wire copy indents them."""
    chunks = re.split(r"</?P>", body, flags=re.IGNORECASE) if re.search(r"<P>", body, re.I) else [body]
    blocks: list[list[str]] = []
    for chunk in chunks:
        for part in re.split(r"\n\s*\n", re.sub(r"<[^>]+>", " ", chunk)):
            lines = [line for line in part.split("\n") if line.strip()]
            indented = len({line[:1].isspace() for line in lines}) > 1
            current: list[str] = []
            for line in lines:
                text = _wire_text(line).strip()  # after the indentation is read: "&MD;" may open a line
                if current and (line[:1].isspace() if indented else _line_break(current[-1], text)):
                    blocks.append(current)
                    current = []
                current.append(text)
            if current:
                blocks.append(current)
    return blocks


def _line_break(previous: str, line: str) -> bool:
    """Without indentation to go by: a line after a finished sentence, a table row or a wire
    furniture line (credit, slug) starts anew."""
    ended = re.search(r"[.!?'\"\u201d)]$", previous) and (line[:1].isupper() or line[:1] in "\u201c'\"(" or line[:1].isdigit())
    return bool(ended or _is_table([previous]) or _is_table([line]) or _WIRE_DROP.match(previous)
                or _WIRE_DROP.match(line))


def _is_table(lines: list[str]) -> bool:
    return all(_TABLE_ROW.match(line) and len(line.split()) <= 6 for line in lines)


def newswire_body(body: str) -> str:
    """The article text of a `<TEXT>` element: paragraphs without slugs, bylines, credit lines,
    editors' notes, "(STORY CAN END HERE ...)", photo and chart credits, tables and their
    captions, lone headline fragments and trailing operator slugs ("(rk/ml)")."""
    kept: list[str] = []
    caption_at = -1  # index in `kept` of a paragraph ending in ":" just before, which may title a table
    for lines in _wire_blocks(body):
        if _is_table(lines):
            if caption_at >= 0 and caption_at == len(kept) - 1:
                kept.pop()
            caption_at = -1
            continue
        paragraph = _WIRE_SLUG.sub("", _WIRE_CREDIT.sub(" ", " ".join(_wire_text(" ".join(lines)).split()))).strip()
        caption_at = -1
        if (not paragraph or _WIRE_DROP.match(paragraph) or not re.search(r"[a-z]", paragraph)
                or len(paragraph.split()) <= _FRAGMENT_WORDS and not re.search(r"[.!?'\"\u201d]$", paragraph)):
            continue
        rest = nlp.strip_dateline(paragraph)  # the dateline keeps its spaced dash, which marks it for every stage
        paragraph = paragraph[:len(paragraph) - len(rest)] + _SPACED_DASH.sub("\u2014", rest)
        if paragraph.endswith(":") and len(paragraph.split()) <= _CAPTION_WORDS and not re.search(r"[.!?] ", paragraph):
            caption_at = len(kept)
        kept.append(paragraph)
    return "\n\n".join(kept)


def looks_like_wire(text: str) -> bool:
    """Whether a plain text is old wire copy with its markup ("(AP) _", "&MD;", "BC-" slugs)."""
    return bool(_WIRE_MARK.search(text))


def read_newswire(text: str, origin: Origin) -> list[Article]:
    """Newswire files in the SGML of the TREC/DUC collections (`<DOC><DOCNO>…<TEXT><P>…`):
    the headline is the title, `<P>` blocks are paragraphs, the DOCNO names the wire and day."""
    articles = []
    for match in _SGML_DOC.finditer(text):
        doc = match.group(1)
        docno = one_line(_sgml_field(doc, "DOCNO"))
        body = newswire_body(_sgml_field(doc, "TEXT") or re.sub(r"<[^>]+>", " ", doc))
        title = one_line(_wire_text(re.sub(r"<[^>]+>", " ", _sgml_field(doc, "HEADLINE", "HL", "HEAD"))))
        wire = re.match(r"[A-Z]+", docno)
        day = re.search(r"(19|20)\d{6}", docno)
        published = f"{day.group(0)[:4]}-{day.group(0)[4:6]}-{day.group(0)[6:]}" if day else None
        stamp = one_line(_sgml_field(doc, "DATE_TIME"))  # the filing time orders same-day copy
        if stamp and parse_datetime(stamp):
            published = stamp
        try:
            article = make_article(origin, title=title, body=body, published=published,
                                   fallback_source=_WIRE_PREFIXES.get(wire.group(0), "") if wire else "")
        except Skip:
            continue  # an empty document among several
        if docno:
            article.id = stable_id(docno)
        articles.append(article)
    if not articles:
        raise Skip("no article text in the newswire documents")
    return articles


def read_text(text: str, origin: Origin) -> list[Article]:
    """Plain text: optional front matter; the first line is the title when it looks like one.
    Newswire SGML (`<DOC>…`) saved as .txt is read document by document."""
    if re.match(r"\s*<DOC>", text, re.IGNORECASE):
        return read_newswire(text, origin)
    meta, body = split_front_matter(text)
    title = one_line(_meta(meta, "title", "headline"))
    if not title:
        cleaned = nlp.clean_article(body)
        if cleaned.title:
            title = cleaned.title
            lines = body.lstrip("\n").split("\n", 1)
            body = lines[1] if len(lines) > 1 and _same_title(lines[0], title) else body
    if looks_like_wire(body):  # wire copy saved as plain text still carries its markup
        body = newswire_body(body)
    return [_from_meta(meta, title, body, origin)]


def _from_meta(meta: dict[str, Any], title: str, body: str, origin: Origin) -> Article:
    return make_article(
        origin, title=title, body=body,
        source=_meta(meta, "source", "outlet", "publisher", "site_name", "sitename", "site"),
        url=one_line(_meta(meta, "url", "link", "canonical", "canonical_url")),
        published=_meta(meta, "published", "date", "published_at", "publishedat", "pubdate", "datepublished"),
        author=_meta(meta, "author", "authors", "byline"),
    )


_MD_RULES = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}(?:=+|-+)\s*$", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE), "\n\\1\n"),
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),
]


def markdown_to_text(markdown: str) -> str:
    """Markdown markup removed, headings kept as their own paragraph (why: sumy reads plain text)."""
    text = markdown
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return tidy_body(text)


def read_markdown(text: str, origin: Origin) -> list[Article]:
    """Markdown with optional front matter; a leading `# Heading` is the title when none is given."""
    meta, body = split_front_matter(text)
    title = one_line(_meta(meta, "title", "headline"))
    if not title:
        heading = re.match(r"^\s*#\s+(.+?)\s*#*\s*$", body.lstrip("\n").split("\n", 1)[0])
        if heading:
            title = heading.group(1)
    plain = markdown_to_text(body)
    if not title:
        cleaned = nlp.clean_article(plain)
        title = cleaned.title
    return [_from_meta(meta, title, plain, origin)]


# ---------------------------------------------------------------------------------------------
# JSON and JSONL

_LIST_KEYS = ("articles", "items", "entries", "data", "results", "stories", "documents")
_TEXT_KEYS = ("text", "body", "content", "article", "full_text", "fulltext", "description", "summary")


def _record_text(record: dict[str, Any]) -> str:
    for key in _TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, list):
            value = "\n\n".join(str(v) for v in value if isinstance(v, (str, int, float)))
        if isinstance(value, str) and value.strip():
            if re.search(r"</?(?:p|br|div|li)\b", value, re.IGNORECASE):
                from digest.ingest.pages import html_to_text

                return html_to_text(value)
            return value
    return ""


def _from_record(record: Any, origin: Origin) -> Article:
    if not isinstance(record, dict):
        raise Skip(f"not an object but {type(record).__name__}")
    fields = {str(k).lower(): v for k, v in record.items()}
    body = _record_text(fields)
    if not body:
        raise Skip("no text (expected a text, body or content field)")
    title = one_line(_meta(fields, "title", "headline", "name"))
    return make_article(
        origin, title=title, body=body,
        source=_meta(fields, "source", "outlet", "publisher", "site_name", "sitename", "site"),
        url=one_line(_meta(fields, "url", "link", "canonical", "canonical_url")),
        published=_meta(fields, "published", "date", "published_at", "publishedat", "pubdate",
                        "datepublished", "time", "timestamp"),
        author=_meta(fields, "author", "authors", "byline"),
    )


def _records(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lowered = {str(k).lower(): v for k, v in data.items()}
        if not _record_text(lowered):
            for key in _LIST_KEYS:
                if isinstance(lowered.get(key), list):
                    return lowered[key]
        return [data]
    raise Skip(f"JSON holds a {type(data).__name__}, not an object or an array of objects")


def read_records(records: Iterable[tuple[str, Any]], origin: Origin, report: Report) -> list[Article]:
    """One article per record; a bad record is reported with its label and the rest kept."""
    articles = []
    for label, record in records:
        try:
            articles.append(_from_record(record, origin))
        except Skip as exc:
            report.skip(f"{origin.name} {label}", str(exc))
    return articles


def read_json(text: str, origin: Origin, report: Report) -> list[Article]:
    """An object or an array of objects (or an export with an `articles`/`items` array)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and exc.lineno > 1:
            return read_jsonl(text, origin, report)
        raise Skip(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise Skip("malformed JSON (nested too deeply)") from None
    records = _records(data)
    if not records:
        raise Skip("no articles in the JSON (empty array)")
    return read_records(((f"item {i}", r) for i, r in enumerate(records, 1)), origin, report)


def read_jsonl(text: str, origin: Origin, report: Report) -> list[Article]:
    """One JSON object per line; a malformed line is skipped with its line number."""
    def records():
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                yield f"line {lineno}", json.loads(line)
            except json.JSONDecodeError as exc:
                report.skip(f"{origin.name} line {lineno}", f"malformed JSON (column {exc.colno}: {exc.msg})")
            except RecursionError:
                report.skip(f"{origin.name} line {lineno}", "malformed JSON (nested too deeply)")

    return read_records(records(), origin, report)


def _read_html(text: str, origin: Origin, report: Report) -> list[Article]:
    from digest.ingest.pages import read_html

    return read_html(text, origin)


READERS: dict[str, Callable[..., list[Article]]] = {
    "text": lambda text, origin, report: read_text(text, origin),
    "markdown": lambda text, origin, report: read_markdown(text, origin),
    "html": _read_html,
    "json": read_json,
    "jsonl": read_jsonl,
}


def read_input(data: bytes, origin: Origin, report: Report, *, content_type: str = "",
               charset: str | None = None) -> tuple[str, list[Article]]:
    """Any input's bytes → (format read, articles); Skip when it is unusable as a whole."""
    text = decode(data, origin, report, charset)
    kind = kind_for(origin.url or origin.path or origin.name, content_type, text)
    if kind == "feed":
        from digest.ingest.feeds import read_feed

        return kind, read_feed(data, origin, report)
    return kind, READERS[kind](text, origin, report)

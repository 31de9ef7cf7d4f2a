"""Telling formats apart and the readers for plain text, Markdown with front matter and JSON /
JSONL. The shared primitives (decoding, `Skip`, `make_article`) live in `digest.ingest.base`,
newswire copy in `digest.ingest.newswire`, HTML pages in `digest.ingest.pages`, RSS and Atom in
`digest.ingest.feeds`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from digest import nlp
from digest.ingest.base import Origin, Report, Skip, decode, make_article, one_line, same_title, tidy_body
from digest.ingest.newswire import looks_like_wire, newswire_body, read_newswire
from digest.model import Article

TEXT_EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                   ".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json", ".jsonl": "jsonl",
                   ".ndjson": "jsonl", ".xml": "feed", ".rss": "feed", ".atom": "feed", ".feed": "feed"}


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
            body = lines[1] if len(lines) > 1 and same_title(lines[0], title) else body
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


def _json_problem(exc: json.JSONDecodeError) -> str:
    """The decoder's message as the start of a phrase the position completes: "Unterminated string
    starting at" → "unterminated string starting at", "Expecting value" → "expecting value at"."""
    message = exc.msg[:1].lower() + exc.msg[1:]
    return message if message.endswith(" at") else message + " at"


def read_json(text: str, origin: Origin, report: Report) -> list[Article]:
    """An object or an array of objects (or an export with an `articles`/`items` array)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and exc.lineno > 1:
            return read_jsonl(text, origin, report)
        raise Skip(f"malformed JSON: {_json_problem(exc)} line {exc.lineno} column {exc.colno}") from None
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
                report.skip(f"{origin.name} line {lineno}", f"malformed JSON: {_json_problem(exc)} column {exc.colno}")
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

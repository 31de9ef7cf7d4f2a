"""HTML pages, saved or fetched: the main text as paragraphs and the page's metadata (title,
date with its zone, site name, author, canonical URL), with trafilatura; HTML fragments from feeds
and exports become plain paragraphs too.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from digest import nlp
from digest.ingest.base import Origin, Skip, make_article, tidy_body
from digest.ingest.dates import parse_datetime
from digest.model import Article

_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
               "article", "header", "footer", "figure", "figcaption", "table", "tr", "pre", "dd", "dt", "main"}


def html_to_text(fragment: str) -> str:
    """An HTML fragment (feed entry, CMS export) as paragraphs separated by blank lines."""
    if "<" not in fragment:
        return tidy_body(_unescape(fragment))
    from lxml import etree, html

    try:
        root = html.fromstring(f"<div>{fragment}</div>")
    except (etree.ParserError, ValueError):
        return tidy_body(_unescape(re.sub(r"<[^>]*>", " ", fragment)))
    pieces: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript", "iframe", "svg"):
            if el.tail:
                pieces.append(el.tail)
            return
        if tag in _BLOCK_TAGS:
            pieces.append("\n\n")
        if tag == "br":
            pieces.append("\n")
        if el.text and tag:
            pieces.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            pieces.append("\n\n")
        if el.tail:
            pieces.append(el.tail)

    walk(root)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "".join(pieces))]
    return "\n\n".join(p for p in paragraphs if p)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _element_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        parts.append(" " if child.tag == "lb" else _element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _body_paragraphs(body) -> list[str]:
    """Paragraphs of trafilatura's extracted tree (head, p, list items, quotes)."""
    paragraphs: list[str] = []
    for el in body:
        if el.tag == "list":
            paragraphs.extend(" ".join(_element_text(item).split()) for item in el.iter("item"))
        elif el.tag in ("table", "graphic", "ref"):
            continue
        else:
            paragraphs.append(" ".join(_element_text(el).split()))
    return [p for p in paragraphs if p]


PROSE_WORDS = 12  # a page's text needs one paragraph this long that reads as sentences


def _is_prose(paragraph: str) -> bool:
    """A paragraph of sentences, not a menu, a link list, a caption or a footer line."""
    return len(nlp.words(paragraph)) >= PROSE_WORDS and bool(re.search(r"[.!?][\"'\u201d\u2019)]?(?:\s|$)", paragraph))


@cache
def _silence_extractor_logs() -> None:
    """trafilatura and its helpers log their own diagnostics ("discarding data: None") on
    stderr; our one warning per input says what matters."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def read_html(text: str, origin: Origin) -> list[Article]:
    """A saved or fetched page: main text and metadata (title, date, site, author, canonical URL)."""
    import trafilatura

    _silence_extractor_logs()

    try:
        doc = trafilatura.bare_extraction(
            text, url=origin.url or None, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "outputformat": "%Y-%m-%dT%H:%M:%S%z"})
    except Exception:  # noqa: BLE001 - trafilatura raises assorted errors on malformed pages
        doc = None
    paragraphs = _body_paragraphs(doc.body) if doc is not None and doc.body is not None else []
    if not paragraphs:
        paragraphs = [p for p in html_to_text(_page_body(text)).split("\n\n") if len(nlp.words(p)) >= 3]
    if not paragraphs:
        raise Skip("no article text found in the page")
    if not any(_is_prose(p) for p in paragraphs):
        raise Skip("no main text in the page (only menus, links or captions)")
    doc_url = (doc.url or "") if doc is not None else ""
    return [make_article(
        origin,
        title=(doc.title if doc is not None else "") or _page_title(text),
        body="\n\n".join(paragraphs),
        source=doc.sitename if doc is not None else "",
        url=doc_url if doc_url.startswith(("http://", "https://")) else origin.url,
        published=_page_published(text) or (doc.date if doc is not None else None),
        author=doc.author if doc is not None else "",
    )]


_PUBLISHED_META = {"article:published_time", "og:published_time", "og:article:published_time", "datepublished",
                   "pubdate", "publishdate", "publish-date", "published_time", "date", "dc.date", "dc.date.issued",
                   "dcterms.created", "parsely-pub-date", "sailthru.date"}


def _page_published(text: str) -> str | None:
    """The page's declared publication time with its zone (trafilatura keeps only the day)."""
    from lxml import etree, html

    try:
        tree = html.fromstring(text.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return None
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_META and parse_datetime(meta.get("content")):
            return meta.get("content")
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
            if found and parse_datetime(found.group(1)):
                return found.group(1)
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" and parse_datetime(el.get("datetime")):
            return el.get("datetime")
    return None


def _page_body(text: str) -> str:
    match = re.search(r"<body\b[^>]*>(.*)</body>", text, re.IGNORECASE | re.DOTALL)
    return match.group(1) if match else text


def _page_title(text: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    return _unescape(match.group(1)).strip() if match else ""

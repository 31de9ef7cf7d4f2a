"""Newswire copy: the SGML of the TREC/DUC collections (`<DOC><DOCNO>…<TEXT><P>…`) and wire copy
saved as plain text that still carries its markup (entities, "_" dashes, slugs, credit lines).
"""

from __future__ import annotations

import html
import re

from digest import nlp
from digest.ingest.base import Origin, Skip, make_article, one_line
from digest.ingest.dates import parse_datetime
from digest.model import Article, stable_id

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

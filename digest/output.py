"""Plain outputs of the small commands (`summarize`, `group`, `extract`): text, Markdown, HTML, JSON.

The briefing has its own Jinja2 templates (`digest.render`); these outputs are short enough to
format directly, and JSON shapes follow DESIGN.md.
"""

from __future__ import annotations

import html
import json
from typing import Any

from digest.model import Article, CasualtyLine, Story, Summary


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_summary(summary: Summary, fmt: str = "text") -> str:
    """A summary as text (one sentence a line), Markdown bullets, an HTML list or JSON.

    Article text is untrusted: Markdown and HTML get the briefing's own escaping
    (`digest.render`), only http(s) links survive, and control characters (terminal escapes)
    are removed from every format but JSON, which carries the text as data.
    """
    from digest.escape import clean, markdown_escape, markdown_url, safe_url

    if fmt == "json":
        return to_json(summary.to_dict())
    multi = len(summary.articles) > 1
    names = {a.id: clean(a.source or a.title or a.path or a.id) for a in summary.articles}
    if fmt == "markdown":
        lines = []
        for s in summary.sentences:
            credit = f" ({markdown_escape(names[s.article])})" if multi else ""
            url = safe_url(s.url)
            link = f" [link]({markdown_url(url)})" if multi and url else ""
            lines.append(f"- {markdown_escape(clean(s.text))}{credit}{link}")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        items = []
        for s in summary.sentences:
            credit = f' <span class="source">({html.escape(names[s.article])})</span>' if multi else ""
            items.append(f"  <li>{html.escape(clean(s.text))}{credit}</li>")
        return "<ul>\n" + "\n".join(items) + "\n</ul>\n"
    # Plain text is the summary itself, one sentence a line, for pipes and scorers; credits are in
    # the other formats.
    return "".join(f"{clean(s.text)}\n" for s in summary.sentences)


def format_groups(stories: list[Story], fmt: str = "text") -> str:
    """Stories found by `digest group`: JSON per DESIGN.md, or a ranked list for a person to read."""
    if fmt == "json":
        return to_json({"stories": [{
            "id": s.id, "headline": s.headline, "terms": list(s.terms), "outlets": s.outlets,
            "articles": [entry for a in s.articles for entry in _with_copies(a)],
        } for s in stories]})
    blocks = []
    for rank, s in enumerate(stories, 1):
        outlets = f"{s.outlets} outlet{'s' if s.outlets != 1 else ''}"
        count = f"{len(s.articles)} article{'s' if len(s.articles) != 1 else ''}"
        lines = [f"{rank}. {s.headline}", f"   {outlets}, {count}" + (f" | {', '.join(s.terms)}" if s.terms else "")]
        for a in s.articles:
            when = a.published.strftime("%Y-%m-%d %H:%M") if a.published else "undated"
            name = a.title or a.path or a.id
            lines.append(f"   - [{', '.join(a.outlets) or 'unknown outlet'}, {when}] {name}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else "no stories\n"


def _with_copies(article: Article) -> list[dict[str, Any]]:
    """An article's entry, then one per wire copy merged into it, so every input is listed once."""
    entry = {**article.brief_dict(), "also_published_by": list(article.also_published_by)}
    return [entry, *({**c.brief_dict(), "duplicate_of": article.id} for c in article.copies)]


def format_extraction(extraction: dict[str, Any], fmt: str = "text") -> str:
    """`digest extract` output: JSON per DESIGN.md, or the reconciled lines per story for a person."""
    if fmt == "json":
        return to_json(extraction)
    from digest.render import casualty_label

    lines = [f"{len(extraction['casualties'])} casualty mentions and {len(extraction['positions'])} positions "
             f"in {len(extraction['articles'])} articles"]
    for story in extraction["reconciled"]["stories"]:
        casualties = [r for r in extraction["reconciled"]["casualties"] if r["story"] == story["id"]]
        positions = [r for r in extraction["reconciled"]["positions"] if r["story"] == story["id"]]
        if not casualties and not positions:
            continue
        lines += ["", f"# {story['headline']}"]
        lines += [f"  - {casualty_label(CasualtyLine.from_dict(r))}" for r in casualties]
        lines += [f"  - {r.get('label') or _position_line(r)}" for r in positions]
    return "\n".join(lines) + "\n"


def _position_line(record: dict[str, Any]) -> str:
    return f"{record['actor']} {record['stance']} {record.get('target', '')}".strip()

"""Plain outputs of the small commands (`summarize`, `group`, `extract`): text, Markdown, HTML, JSON.

The briefing has its own Jinja2 templates (`digest.render`); these outputs are short enough to
format directly, and JSON shapes follow DESIGN.md.
"""

from __future__ import annotations

import html
import json
from datetime import UTC
from typing import Any

from digest.escape import clean
from digest.model import Article, Story, Summary


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_summary(summary: Summary, fmt: str = "text") -> str:
    """A summary as text (one sentence a line), Markdown bullets, an HTML list or JSON.

    Article text is untrusted: Markdown and HTML get the briefing's own escaping
    (`digest.render`), only http(s) links survive, and control characters (terminal escapes)
    are removed from every format but JSON, which carries the text as data.
    """
    from digest.escape import markdown_escape, markdown_url, safe_url

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
            when = a.published.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if a.published else "undated"
            name = a.title or a.path or a.id
            lines.append(f"   - [{', '.join(a.outlets) or 'unknown outlet'}, {when}] {name}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else "no stories\n"


def _with_copies(article: Article) -> list[dict[str, Any]]:
    """An article's entry, then one per wire copy merged into it, so every input is listed once."""
    entry = {**article.brief_dict(), "also_published_by": list(article.also_published_by)}
    return [entry, *({**c.brief_dict(), "duplicate_of": article.id} for c in article.copies)]


def format_extraction(extraction: dict[str, Any], stories: list[Story], fmt: str = "text") -> str:
    """`digest extract` output: JSON per DESIGN.md, or for a person the reconciled lines of each
    story, worded by the render layer, under a header that counts the lines it lists."""
    if fmt == "json":
        return to_json(extraction)
    from digest.labels import casualty_label, position_label

    blocks = []
    for story in stories:
        lines = [f"  - {casualty_label(c)}" for c in story.casualties]
        lines += [f"  - {position_label(p)}" for p in story.positions]
        if lines:
            blocks.append("\n".join([f"# {clean(story.headline)}", *lines]))
    figures = sum(len(s.casualties) for s in stories)
    positions = sum(len(s.positions) for s in stories)
    header = (f"{_count(figures, 'casualty figure')} and {_count(positions, 'position')} in "
              f"{_count(len(blocks), 'story', 'stories')} (from {_count(len(extraction['casualties']), 'casualty mention')}"
              f" and {_count(len(extraction['positions']), 'position mention')} in "
              f"{_count(len(extraction['articles']), 'article')})")
    return "\n\n".join([header, *blocks]) + "\n"


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"

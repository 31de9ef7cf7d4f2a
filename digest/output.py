"""Plain outputs of the small commands (`summarize`, `group`, `extract`): text, Markdown, HTML, JSON.

The briefing has its own Jinja2 templates (`digest.render`); these outputs are short enough to
format directly, and JSON shapes follow DESIGN.md.
"""

from __future__ import annotations

import html
import json
from typing import Any

from digest.model import Summary


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_summary(summary: Summary, fmt: str = "text") -> str:
    """A summary as text (one sentence a line), Markdown bullets, an HTML list or JSON."""
    if fmt == "json":
        return to_json(summary.to_dict())
    multi = len(summary.articles) > 1
    names = {a.id: (a.source or a.title or a.path or a.id) for a in summary.articles}
    if fmt == "markdown":
        lines = []
        for s in summary.sentences:
            credit = f" ({names[s.article]})" if multi else ""
            link = f" [link]({s.url})" if multi and s.url else ""
            lines.append(f"- {s.text}{credit}{link}")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        items = []
        for s in summary.sentences:
            credit = f' <span class="source">({html.escape(names[s.article])})</span>' if multi else ""
            items.append(f"  <li>{html.escape(s.text)}{credit}</li>")
        return "<ul>\n" + "\n".join(items) + "\n</ul>\n"
    lines = []
    for s in summary.sentences:
        lines.append(f"{s.text} [{names[s.article]}]" if multi else s.text)
    return "\n".join(lines) + "\n"

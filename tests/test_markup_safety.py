"""Hostile article text (script tags, event handlers, javascript: links in Markdown and HTML
syntax, entities, terminal escapes) comes out of every format of `summarize` and `brief` as
inert text: HTML is parsed with html5lib, Markdown rendered with the `markdown` package first."""

from __future__ import annotations

import json
import re
from functools import cache

import html5lib
import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.brief import build_briefing
from digest.ingest import read_sources
from digest.output import format_summary
from digest.render import render
from digest.summarize import summarize_articles

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">here</a>',
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "**bold** _it_ `code` | table |",
    "[ref]: javascript:alert(1)",
    "\x1b[31mred\x1b[0m",
    "<style>body{display:none}</style>",
]
WORDS = ["officials", "said", "the", "river", "council", "rebels", "bridge", "valley", "on", "Monday", "aid"]

payload = st.sampled_from(PAYLOADS)
filler = st.lists(st.sampled_from(WORDS), min_size=6, max_size=10).map(" ".join)
sentence = st.tuples(filler, payload, filler).map(lambda parts: f"{parts[0].capitalize()} {parts[1]} {parts[2]}.")
article = st.fixed_dictionaries({
    "title": st.tuples(payload, filler).map(" ".join),
    "text": st.lists(sentence, min_size=2, max_size=4).map(" ".join),
    "source": st.tuples(st.sampled_from(["Wire", "Desk"]), payload).map(" ".join),
    "url": st.sampled_from(["javascript:alert(1)", "https://example.org/a?b=<script>", "data:text/html,x",
                            "https://example.org/story"]),
    "published": st.just("2026-11-27T08:00:00Z"),
})
RISKY_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "style", "link", "meta", "form", "input"}


def live_markup(document: str, allowed_tags: frozenset[str] = frozenset()) -> list[str]:
    """Elements and attributes that would run, load or restyle something in a browser."""
    found = []
    for el in html5lib.parse(document, namespaceHTMLElements=False).iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in RISKY_TAGS - allowed_tags:
            found.append(tag)
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{tag}[{name}]")
            if name.lower() in ("href", "src", "action") and not re.match(r"(?:https?://|#|mailto:)", value.strip(), re.I):
                found.append(f"{tag}[{name}={value!r}]")
    return found


def articles_from(tmp_path, records):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return read_sources([str(path)], on_warning=lambda _line: None).articles


@cache
def template_tags() -> frozenset[str]:
    """What the briefing's own HTML template puts in the page (its <style>, <meta charset>)."""
    found = set()
    for el in html5lib.parse(render_brief_html_of_nothing(), namespaceHTMLElements=False).iter():
        if isinstance(el.tag, str):
            found.add(el.tag)
    return frozenset(found & RISKY_TAGS)


def render_brief_html_of_nothing() -> str:
    from digest.model import Article

    calm = Article(title="Calm day", text="Officials said the river was calm on Monday morning again.",
                   source="Wire", url="https://example.org/calm")
    return render(build_briefing([calm]), "html")


def assert_inert(fmt: str, output: str, allowed_tags: frozenset[str] = frozenset()) -> None:
    if fmt == "json":
        json.loads(output)
        return
    assert "\x1b" not in output
    if fmt == "html":
        assert live_markup(output, allowed_tags) == [], output
    elif fmt == "markdown":
        assert live_markup(markdown.markdown(output)) == [], output
    else:  # plain text: nothing a terminal would act on
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", output)


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(records=st.lists(article, min_size=1, max_size=3))
def test_summarize_outputs_carry_no_live_markup(tmp_path, records):
    articles = articles_from(tmp_path, records)
    summary = summarize_articles(articles, sentences=4)
    assert summary.sentences
    for fmt in ("markdown", "html", "text", "json"):
        assert_inert(fmt, format_summary(summary, fmt))


@settings(SETTINGS, max_examples=12)
@given(records=st.lists(article, min_size=1, max_size=3))
def test_brief_outputs_carry_no_live_markup(tmp_path, records):
    allowed = template_tags()
    briefing = build_briefing(articles_from(tmp_path, records), sentences=2, jobs=1)
    for fmt in ("markdown", "html", "text", "json"):
        assert_inert(fmt, render(briefing, fmt), allowed)

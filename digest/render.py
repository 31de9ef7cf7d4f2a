"""Render a Briefing as Markdown, HTML, plain text (Jinja2 templates) or JSON.

Templates stay free of logic: `view_model` prepares every display string in Python, already
made safe for the output format (Markdown: special characters escaped; HTML: Jinja2 autoescape;
all formats: control characters removed and only http(s) links kept), so a newsroom's own
templates in `--template-dir` get the same protection. Names a template can use:

- `title`, `date` (e.g. "Friday 27 November 2026"), `date_iso`, `generated`, `counts`
  (articles, outlets, stories, skipped), `counts_line`, `algorithm`, `version`;
- `full` (every line and the day-level tables, else compact), `preheader` (the top story's gist),
  `coverage_chart` (an image: src, alt, width, height; HTML only);
- `top_stories` and `also_reported`: stories with `rank`, `anchor`, `headline`, `badge`, `gist`,
  `meta`, `developments` (text, outlet, url), `earlier` (date, text), `casualties` and `positions`
  (rows as below; compact: the leading lines), `more_positions`, `toll_chart` (an image or None),
  `sources` (outlet, title, url), `source_links` (outlet, url), `sources_label`, `outlets_line`;
- `casualty_groups` / `position_groups`: per story (`story`, `anchor`, `rank`) its `rows`:
  casualties (kind, figure, scope, sources), positions (actor, stance, target, quote, outlet);
- `made` (Markdown: how the briefing was made; HTML templates pass it through the `markdown`
  filter) and `skipped_inputs`.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest import __version__
from digest.errors import InputError
from digest.escape import clean, markdown_escape, markdown_url, safe_url
from digest.labels import EVIDENCE_CHARS, casualty_row, join_names, position_row
from digest.model import Briefing, CasualtyLine, Story

if TYPE_CHECKING:
    from digest.charts import Chart

TEMPLATES = {"markdown": "briefing.md.j2", "html": "briefing.html.j2", "text": "briefing.txt.j2"}
FORMATS = (*TEMPLATES, "json")

COMPACT_EVIDENCE_CHARS = 140  # the compact briefing's evidence sentences; --full and the JSON keep more
COMPACT_OUTLETS = 3  # outlets named on a compact casualty or stance line; the rest are counted
MAX_SKIPPED_LISTED = 20
TIMELINE_SHOWN = 3  # earlier days whose development a story shows (the JSON keeps them all)
BADGES = {"new": "NEW", "updated": "UPDATED"}

_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Locating and loading templates


def template_root() -> Path:
    """The built-in templates: `digest/templates/` in an installed wheel, `<root>/templates/` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / TEMPLATES["markdown"]).is_file():
            return candidate
    from importlib.resources import files

    return Path(str(files("digest.templates")))


def environment(fmt: str, template_dir: str | Path | None = None):
    """A Jinja2 environment for one format; files in `template_dir` override built-ins by name."""
    import jinja2

    loaders = []
    if template_dir is not None:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise InputError(f"--template-dir {template_dir}: not a folder")
        loaders.append(jinja2.FileSystemLoader(str(folder)))
    loaders.append(jinja2.FileSystemLoader(str(template_root())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=fmt == "html",
        undefined=jinja2.ChainableUndefined,  # a custom template may ask for keys a record lacks
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown_to_html
    return env


# ---------------------------------------------------------------------------------------------
# Escaping and Markdown


@cache
def _markdown_converter():
    import markdown
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class SafeLinks(Treeprocessor):
        """Keep http(s) and mailto links and in-page anchors; images become their alt text."""

        def run(self, root):
            for element in root.iter():
                if element.tag == "a":
                    href = element.get("href", "")
                    if not (href.startswith("#") or href.startswith("mailto:") or safe_url(href)):
                        element.attrib.pop("href", None)
                elif element.tag == "img":
                    element.tag = "span"
                    element.text = element.attrib.get("alt", "")
                    element.attrib.clear()

    class SafeLinksExtension(Extension):
        def extendMarkdown(self, md):  # noqa: N802 - the markdown package's hook name
            md.treeprocessors.register(SafeLinks(md), "digest_safe_links", 0)

    return markdown.Markdown(extensions=[SafeLinksExtension()], output_format="html")


def markdown_to_html(text: Any):
    """A Markdown fragment as HTML: raw HTML in it is escaped first, then converted (Jinja filter)."""
    from markupsafe import Markup

    converter = _markdown_converter()
    converter.reset()
    return Markup(converter.convert(html.escape(str(text or ""), quote=False)))


# ---------------------------------------------------------------------------------------------
# Display values


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def date_label(value: str) -> str:
    """'2026-11-27' → 'Friday 27 November 2026'; 'first/last' → '26–27 November 2026'."""
    try:
        days = [Date.fromisoformat(part) for part in value.split("/")]
    except ValueError:
        return clean(value)
    first, last = days[0], days[-1]
    if first == last:
        return f"{first:%A} {first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def _time_label(moment: datetime) -> str:
    """One clock for the whole briefing: outlets publish in their own zones, readers compare in UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y %H:%M} UTC"


def _gist(story: Story) -> str:
    """The story's most central summary sentence (its best score); empty without a summary."""
    if story.summary:
        return clean(max(story.summary, key=lambda s: s.score).text)
    return ""


def _headline(story: Story) -> str:
    return clean(story.headline) or next((clean(a.title) for a in story.articles if a.title), "") or "Untitled story"


def _sources(story: Story) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(outlet: str, title: str, url: str) -> None:
        key = (outlet, url or title)
        if key not in seen:
            seen.add(key)
            rows.append({"outlet": outlet or "unknown outlet", "title": title, "url": safe_url(url)})

    for article in story.articles:
        add(clean(article.source), clean(article.title), article.url)
        urls = article.also_urls if len(article.also_urls) == len(article.also_published_by) else []
        for i, outlet in enumerate(article.also_published_by):
            add(clean(outlet), clean(article.title), urls[i] if urls else "")
    return rows


def _story_meta(story: Story) -> str:
    parts = [_plural(len(story.articles), "article")]
    if story.outlets:
        parts.append(_plural(story.outlets, "outlet"))
    if story.last_published:
        parts.append(f"latest {_time_label(story.last_published)}")
    if story.days and story.days > 1:
        parts.append(f"day {story.days}")
    if story.status == "updated" and story.new_articles:
        parts.append(f"{story.new_articles:,} new")
    return " · ".join(parts)


def _short_date(value: str) -> str:
    try:
        day = Date.fromisoformat(value)
    except ValueError:
        return clean(value)
    return f"{day.day} {day:%b}"


def _history_view(story: Story, history: dict[str, Any] | None) -> dict[str, Any]:
    """NEW / UPDATED (only when an earlier run was there to compare with), each casualty line's
    rise, and the story's developments of earlier days (digest.history)."""
    compared = bool(history and history.get("previous_run"))
    run_date = str(history.get("run_date", "")) if history else ""
    today = {s.text for s in story.summary}
    earlier: dict[str, dict[str, str]] = {}  # one development per earlier day, the day's first
    for e in story.timeline:
        day = str(e.get("date", ""))
        if day < run_date and e.get("text") not in today and day not in earlier:
            earlier[day] = {"date": _short_date(day), "text": clean(e.get("text"))}
    return {
        "badge": BADGES.get(story.status or "", "") if compared else "",
        "changes": [clean((f.get("change") or {}).get("text", "")) for f in story.figure_history],
        "earlier": list(earlier.values())[-TIMELINE_SHOWN:],
    }


def _outlet_links(sources: list[dict[str, str]]) -> list[dict[str, str]]:
    """One link per outlet (its first article): the compact briefing's source line."""
    links: dict[str, dict[str, str]] = {}
    for source in sources:
        if source["outlet"] not in links or not links[source["outlet"]]["url"]:
            links[source["outlet"]] = {"outlet": source["outlet"], "url": source["url"]}
    return list(links.values())


def _one_per_kind(records: list[CasualtyLine], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The compact briefing's casualty lines: for each kind the leading incident toll and the
    leading running total (one that moved since yesterday, else the one most outlets carry, else
    the larger toll); a running total equal to the incident toll says nothing more and is left out."""
    def weight(i: int) -> tuple:
        record = records[i]
        return bool(rows[i].get("change")), len(record.sources), max(record.high, record.count)

    best: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        key = (row["kind"], records[i].scope)
        if key not in best or weight(i) > weight(best[key]):
            best[key] = i
    kept = []
    for (kind, scope), i in best.items():
        incident = best.get((kind, "incident"))
        if scope != "incident" and incident is not None and records[incident].count == records[i].count:
            continue
        kept.append(rows[i])
    return kept


def _picture(chart: Chart, cid: bool) -> dict[str, Any]:
    """An <img> for a chart: a `data:` URI in a standalone file, a `cid:` part reference in email."""
    return {"src": f"cid:{chart.cid}" if cid else chart.data_uri, "alt": clean(chart.alt),
            "width": chart.width, "height": chart.height}


def _story_view(story: Story, rank: int, history: dict[str, Any] | None = None, max_positions: int = 6,
                full: bool = False) -> dict[str, Any]:
    by_id = {a.id: a for a in story.articles}
    developments = []
    for sentence in story.summary:
        article = by_id.get(sentence.article)
        outlet = sentence.source or (article.source if article else "")
        url = sentence.url or (article.url if article else "")
        developments.append({"text": clean(sentence.text), "outlet": clean(outlet), "url": safe_url(url)})
    sources = _sources(story)
    memory = _history_view(story, history)
    changes = memory["changes"]
    records = list(story.casualties)
    outlets, chars = (None, EVIDENCE_CHARS) if full else (COMPACT_OUTLETS, COMPACT_EVIDENCE_CHARS)
    casualties = [{**casualty_row(c, outlets), "change": changes[i] if i < len(changes) else ""}
                  for i, c in enumerate(records)]
    positions = [position_row(p, outlets, chars) for p in story.positions]
    return {
        "rank": rank,
        "anchor": f"story-{rank}",
        "id": clean(story.id),
        "headline": _headline(story),
        "badge": memory["badge"],
        "earlier": memory["earlier"],
        "gist": _gist(story),
        "meta": _story_meta(story),
        "developments": developments,
        "casualties": casualties if full else _one_per_kind(records, casualties),
        "positions": positions if full else positions[:max_positions],
        "more_positions": 0 if full else max(len(positions) - max_positions, 0),
        "sources": sources,
        "source_links": _outlet_links(sources),
        "sources_label": _plural(len(_outlet_links(sources)), "source"),
        "outlets_line": join_names(s["outlet"] for s in sources),
    }


def _made_note(briefing: Briefing, top: int, fmt: str) -> str:
    """How the briefing was made: Markdown for the markdown and html formats, plain for text."""
    algorithm = clean(briefing.algorithm) or "default"
    if fmt != "text":
        algorithm = f"*{markdown_escape(algorithm)}*"
    summaries = "a summary of the top story" if top == 1 else f"summaries of the top {top:,} stories"
    return (f"Made by digest {__version__} from {_plural(briefing.articles, 'article')} "
            f"({_plural(briefing.skipped, 'input', 'inputs')} skipped), grouped into "
            f"{_plural(len(briefing.stories), 'story', 'stories')}; {summaries} by the {algorithm} "
            "extractive algorithm (sentences quoted as published); casualty figures and diplomatic "
            "positions extracted by rule and reconciled across outlets.")


def view_model(briefing: Briefing, fmt: str = "text", *, full: bool = False,
               charts: Sequence[Chart] = (), cid: bool = False) -> dict[str, Any]:
    """Every value the templates show, as display strings made safe for `fmt`.

    Compact by default (one casualty line per kind, the top stance lines, one link per outlet);
    `full` adds every line and the day-level tables. `charts` are the pictures to show (HTML only),
    referenced as email parts (`cid`) or embedded as `data:` URIs.
    """
    top_count = min(max(briefing.max_stories, 0), len(briefing.stories))
    stories = [_story_view(s, rank, briefing.history, briefing.max_positions, full)
               for rank, s in enumerate(briefing.stories, start=1)]
    top, also = stories[:top_count], stories[top_count:]
    pictures = {chart.name: _picture(chart, cid) for chart in charts}
    for story in top:
        story["toll_chart"] = pictures.get(f"toll-{story['rank']}")
    counts = {"articles": briefing.articles, "outlets": briefing.outlets, "stories": len(briefing.stories),
              "skipped": briefing.skipped}
    outlets = f" from {_plural(briefing.outlets, 'outlet')}" if briefing.outlets else ""
    counts_line = (f"{_plural(briefing.articles, 'article')}{outlets}, "
                   f"{_plural(len(briefing.stories), 'story', 'stories')}")
    skipped = [clean(s) for s in briefing.skipped_inputs[:MAX_SKIPPED_LISTED]]
    if len(briefing.skipped_inputs) > MAX_SKIPPED_LISTED:
        skipped.append(f"and {len(briefing.skipped_inputs) - MAX_SKIPPED_LISTED:,} more")
    lead = top[0] if top else None
    view = {
        "title": clean(briefing.title) or "Daily briefing",
        "date": date_label(briefing.date),
        "date_iso": clean(briefing.date),
        "generated": _time_label(briefing.generated_at),
        "counts": counts,
        "counts_line": counts_line,
        "algorithm": clean(briefing.algorithm) or "default",
        "version": __version__,
        "full": full,
        "preheader": (lead["gist"] or lead["headline"]) if lead else counts_line,
        "coverage_chart": pictures.get("coverage"),
        "top_stories": top,
        "also_reported": also,
        "casualty_groups": [{"story": s["headline"], "anchor": s["anchor"], "rank": s["rank"], "rows": s["casualties"]}
                            for s in stories if s["casualties"]],
        "position_groups": [{"story": s["headline"], "anchor": s["anchor"], "rank": s["rank"], "rows": s["positions"]}
                            for s in stories if s["positions"]],
        "skipped_inputs": skipped,
    }
    view = _escape_tree(view, fmt)
    view["made"] = _made_note(briefing, top_count, fmt)
    return view


def _escape_tree(value: Any, fmt: str, key: str = "") -> Any:
    """Escape every display string for `fmt`; `url` values are formatted as link targets."""
    if isinstance(value, dict):
        return {k: _escape_tree(v, fmt, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_tree(v, fmt, key) for v in value]
    if not isinstance(value, str) or fmt != "markdown":
        return value
    return markdown_url(value) if key == "url" else markdown_escape(value)


# ---------------------------------------------------------------------------------------------
# Rendering


def _template_error(exc: BaseException, name: str | None, lineno: int | None) -> InputError:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    where = f"template {name}" + (f", line {lineno}" if lineno else "")
    return InputError(f"{where}: {message}")


def _failing_template_line(exc: BaseException, template_dir: Path) -> tuple[str, int] | None:
    """The innermost frame of a custom template in the traceback, as (file name, line)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.suffix == ".j2" and path.resolve().parent == template_dir.resolve():
            found = (path.name, frame.lineno or 0)
    return found


def inline_css(document: str) -> str:
    """Move the stylesheet into style attributes for mail clients; keep @media rules (dark mode, phones)."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    try:
        inlined = inliner.inline(document)
    except (css_inline.InlineError, ValueError) as exc:
        raise InputError(f"cannot inline the HTML briefing's CSS: {exc}") from exc
    # The kept @media rules land first in <head>; the charset must stay within the first 1024 bytes.
    charset = _CHARSET.search(inlined)
    if charset and charset.start() > 512:
        head = inlined.find("<head>")
        if 0 <= head < charset.start():
            tag = charset.group(0)
            inlined = inlined[: charset.start()] + inlined[charset.end():]
            inlined = inlined[: head + 6] + tag + inlined[head + 6:]
    return inlined


def render(briefing: Briefing, fmt: str, template_dir: str | Path | None = None, *, full: bool = False,
           charts: Sequence[Chart] = (), cid: bool = False) -> str:
    """The briefing as `fmt` (markdown, html, text or json); HTML comes with its CSS inlined.

    Compact unless `full`; `charts` (see `digest.charts.briefing_charts`) appear in HTML only.
    """
    if fmt == "json":
        from digest.output import to_json

        return to_json(briefing.to_dict())
    if fmt not in TEMPLATES:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    import jinja2

    env = environment(fmt, template_dir)
    try:
        template = env.get_template(TEMPLATES[fmt])
        text = template.render(view_model(briefing, fmt, full=full, charts=charts if fmt == "html" else (),
                                          cid=cid))
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc, Path(exc.filename or exc.name or "?").name, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise InputError(f"template {exc.name} not found") from None
    except UnicodeDecodeError:
        raise InputError(f"a template in {template_dir or template_root()} is not UTF-8 text") from None
    except Exception as exc:
        where = _failing_template_line(exc, Path(template_dir)) if template_dir is not None else None
        if where is None:
            raise
        raise _template_error(exc, *where) from None
    text = text if text.endswith("\n") else text + "\n"
    return inline_css(text) if fmt == "html" else text



"""Small pictures for the HTML briefing: story coverage and toll timelines, as PNG bytes.

Why this way: matplotlib's Agg backend draws without a display, a browser or a network, and the
object-oriented `Figure` API keeps no global state (safe in worker processes). PNG, not SVG: Gmail
strips SVG and `data:` URIs, so the email carries the same PNG bytes as `cid:` parts. Each PNG is
quantised to a small palette with Pillow (a matplotlib dependency) to keep the email light.
Imported only when an HTML briefing is rendered with charts: the paste path never loads it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from digest.model import Briefing, CasualtyLine, Story

WIDTH_IN = 5.9  # 590 px at 100 dpi: fits the 640 px briefing column with its padding
DPI = 100
COLOURS = 32
INK, MUTED, ARTICLES, OUTLETS, GRID = "#1f2933", "#6b7785", "#12355b", "#8ab4f8", "#e4e8ed"
LABEL_CHARS = 48


@dataclass(frozen=True)
class Chart:
    """One picture: `name` is unique in a briefing and doubles as the email part's Content-ID."""

    name: str
    alt: str
    png: bytes
    width: int
    height: int

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    @property
    def cid(self) -> str:
        return f"{self.name}@digest"


@dataclass(frozen=True)
class CoverageRow:
    label: str
    articles: int
    outlets: int


@dataclass(frozen=True)
class TollPoint:
    """One dated report of a toll: `count` as the outlet gave it at `when`."""

    when: datetime
    count: int
    outlet: str


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _png(figure) -> tuple[bytes, int, int]:
    """The figure as a palette PNG (a few KB instead of tens)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    return out.getvalue(), width, height


def _figure(height_in: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    figure.patch.set_facecolor("white")
    return figure


def _style(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(MUTED)
    axes.tick_params(colors=INK, labelsize=8)


def coverage_chart(rows: Sequence[CoverageRow], name: str = "coverage") -> Chart | None:
    """Articles and outlets per story, top story first; None for fewer than two stories."""
    if len(rows) < 2:
        return None
    figure = _figure(0.45 + 0.27 * len(rows))
    axes = figure.add_subplot()
    _style(axes)
    positions = range(len(rows))
    height = 0.38
    axes.barh([p - height / 2 for p in positions], [r.articles for r in rows], height, color=ARTICLES, label="articles")
    axes.barh([p + height / 2 for p in positions], [r.outlets for r in rows], height, color=OUTLETS, label="outlets")
    axes.set_yticks(list(positions), [_shorten(r.label, 40) for r in rows])
    axes.invert_yaxis()
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for p, row in zip(positions, rows, strict=True):
        axes.annotate(str(row.articles), (row.articles, p - height / 2), xytext=(3, 0), textcoords="offset points",
                      va="center", fontsize=7, color=INK)
        axes.annotate(str(row.outlets), (row.outlets, p + height / 2), xytext=(3, 0), textcoords="offset points",
                      va="center", fontsize=7, color=INK)
    axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=8, frameon=False)
    figure.tight_layout(pad=0.4)
    png, width, height_px = _png(figure)
    alt = "Coverage by story: " + "; ".join(
        f"{_shorten(r.label)}: {r.articles} article{'s' if r.articles != 1 else ''} from "
        f"{r.outlets} outlet{'s' if r.outlets != 1 else ''}" for r in rows) + "."
    return Chart(name, alt, png, width, height_px)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def toll_timeline(points: Sequence[TollPoint], label: str, story: str, name: str) -> Chart | None:
    """How one toll moved as reports came in; None unless it was reported at two or more times."""
    points = sorted(points, key=lambda p: (_utc(p.when), p.count))
    if len({_utc(p.when) for p in points}) < 2:
        return None
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    figure = _figure(1.3)
    axes = figure.add_subplot()
    _style(axes)
    times = [_utc(p.when) for p in points]
    counts = [p.count for p in points]
    axes.step(times, counts, where="post", color=ARTICLES, linewidth=1.6)
    axes.plot(times, counts, "o", color=ARTICLES, markersize=4)
    for when, count in zip(times, counts, strict=True):
        axes.annotate(f"{count:,}", (when, count), textcoords="offset points", xytext=(0, 5), ha="center",
                      fontsize=8, color=INK)
    locator = AutoDateLocator(minticks=2, maxticks=5, tz=UTC)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=UTC))
    axes.set_ylim(0, max(counts) * 1.25 + 1)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(f"{label} — {_shorten(story, 60)} (UTC)", fontsize=9, color=INK, loc="left")
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    figure.tight_layout(pad=0.4)
    png, width, height = _png(figure)
    reports = "; ".join(f"{p.count:,} ({p.outlet}, {_utc(p.when):%d %b %H:%M} UTC)" for p in points)
    low, high = min(counts), max(counts)
    spread = f"reports ranged from {low:,} to {high:,}" if low != high else f"every report said {low:,}"
    alt = (f"{label} in “{_shorten(story, 80)}”, as reported over time: {reports}. "
           f"The latest report says {counts[-1]:,}; {spread}.")
    return Chart(name, alt, png, width, height)


MAX_TIMELINES = 3


def _published(story: Story, article_id: str) -> datetime | None:
    return next((a.published for a in story.articles if a.id == article_id), None)


def toll_points(story: Story, line: CasualtyLine) -> list[TollPoint]:
    """One point per dated article behind a reconciled casualty line: the largest count it gave
    (an article's toll, not the sub-counts and breakdowns it also mentions)."""
    best: dict[str, TollPoint] = {}
    for figure in line.figures:
        when = _published(story, figure.article)
        if when is not None and (figure.article not in best or figure.count > best[figure.article].count):
            best[figure.article] = TollPoint(when, figure.count, figure.source)
    return list(best.values())


def briefing_charts(briefing: Briefing) -> list[Chart]:
    """The coverage chart for the top stories and up to three toll timelines (one per story,
    for a toll that moved between dated reports)."""
    top = briefing.stories[: max(briefing.max_stories, 0)]
    charts: list[Chart] = []
    coverage = coverage_chart([CoverageRow(f"{rank}. {s.headline or 'Untitled story'}", len(s.articles), s.outlets)
                               for rank, s in enumerate(top, start=1)])
    if coverage:
        charts.append(coverage)
    for rank, story in enumerate(top, start=1):
        if sum(c.name.startswith("toll-") for c in charts) >= MAX_TIMELINES:
            break
        for line in story.casualties:
            points = toll_points(story, line)
            if len({p.count for p in points}) < 2:
                continue  # a toll that never moved says nothing a sentence does not
            chart = toll_timeline(points, line.kind.capitalize(), story.headline, f"toll-{rank}")
            if chart:
                charts.append(chart)
                break
    return charts

"""Charts for the HTML briefing: real PNGs drawn offline, alt text that says what they show, a
toll timeline only where a toll moved between dated reports, and no plotting on the paste path."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from PIL import Image

from digest.charts import CoverageRow, TollPoint, briefing_charts, coverage_chart, toll_points, toll_timeline
from digest.model import Article, Briefing, CasualtyFigure, CasualtyLine, Story

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def image(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture


def test_coverage_chart_is_a_png_whose_alt_text_gives_every_count():
    chart = coverage_chart([CoverageRow("1. Flood in the valley", 6, 4), CoverageRow("2. Strike at the port", 2, 1)])
    picture = image(chart.png)
    assert picture.format == "PNG" and picture.size == (chart.width, chart.height)
    assert len(picture.convert("RGB").getcolors(maxcolors=4096)) > 3  # bars and text were drawn, not a blank canvas
    assert "1. Flood in the valley: 6 articles from 4 outlets" in chart.alt
    assert "2. Strike at the port: 2 articles from 1 outlet." in chart.alt
    assert chart.data_uri.startswith("data:image/png;base64,") and chart.cid == "coverage@digest"


def test_one_story_needs_no_coverage_chart():
    assert coverage_chart([CoverageRow("Only story", 3, 2)]) is None


def test_toll_timeline_lists_reports_in_time_order_and_the_latest_figure():
    points = [TollPoint(T0 + timedelta(hours=8), 57, "Courier"), TollPoint(T0, 41, "Wire"),
              TollPoint(T0 + timedelta(hours=3), 48, "Post")]
    chart = toll_timeline(points, "Killed", "Earthquake in the highlands", "toll-1")
    assert image(chart.png).format == "PNG"
    alt = chart.alt
    assert alt.index("41 (Wire") < alt.index("48 (Post") < alt.index("57 (Courier")
    assert "The latest report says 57; reports ranged from 41 to 57." in alt


def test_a_toll_reported_at_one_moment_gets_no_timeline():
    points = [TollPoint(T0, 41, "Wire"), TollPoint(T0, 45, "Post")]
    assert toll_timeline(points, "Killed", "Quake", "toll-1") is None


def quake_story(counts: list[int]) -> Story:
    articles = [Article(title=f"Quake report {i}", text="x", source=f"Outlet {i}", published=T0 + timedelta(hours=i))
                for i in range(len(counts))]
    figures = [CasualtyFigure(kind="killed", count=n, article=a.id, source=a.source)
               for n, a in zip(counts, articles, strict=True)]
    # a sub-count in the first article: the article's toll is its largest figure, not this one
    figures.append(CasualtyFigure(kind="killed", count=3, article=articles[0].id, source=articles[0].source))
    return Story(id="quake", headline="Earthquake in the highlands", articles=articles,
                 casualties=[CasualtyLine(kind="killed", count=counts[-1], figures=figures)])


def test_toll_points_take_each_articles_own_toll():
    story = quake_story([41, 57])
    assert sorted(p.count for p in toll_points(story, story.casualties[0])) == [41, 57]


def test_briefing_charts_draw_a_timeline_only_for_a_toll_that_moved():
    moving, flat = quake_story([41, 48, 57]), quake_story([12, 12])
    flat.id = "flat"
    briefing = Briefing(title="t", date="2026-11-26", generated_at=T0, stories=[moving, flat], max_stories=10)
    names = [chart.name for chart in briefing_charts(briefing)]
    assert names == ["coverage", "toll-1"]


def test_the_paste_path_imports_no_plotting_library():
    article = "Ministers met on Tuesday to discuss the budget. They agreed to meet again in May. " * 5
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "digest", "summarize"], input=article,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert "digest.summarize" in imported or "digest.cli" in imported  # the probe saw our imports
    assert not {m for m in imported if m.split(".")[0] in ("matplotlib", "PIL", "digest.charts")}
    assert "digest.charts" not in imported

"""Rendering a Briefing: every format's sections, links, escaping of untrusted article text,
valid email-safe HTML (html5lib, headless Chromium), custom templates and their errors."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime
from pathlib import Path

import html5lib
import pytest

from digest.errors import InputError
from digest.labels import position_label
from digest.model import Article, Briefing, CasualtyLine, Position, PositionLine, Story, SummarySentence
from digest.render import markdown_to_html, render, template_root

WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
EVIL = 'Police said <script>alert("x")</script> two officers <img src=x onerror=alert(1)> were hurt.'


def sentence(text: str, article: Article, score: float) -> SummarySentence:
    return SummarySentence(text=text, article=article.id, position=0, score=score, source=article.source,
                           url=article.url)


@pytest.fixture
def briefing() -> Briefing:
    """Three stories written for this test; the third is ranked below --max-stories 2."""
    dam_a = Article(title="Dam Spillway Opened as River Rises", text="x", source="Valley Herald",
                    url="https://valleyherald.example/dam", published=WHEN)
    dam_b = Article(title="Villages Evacuated Below Dam", text="x", source="Plains Courier", url="javascript:alert(1)",
                    published=WHEN, also_published_by=["Hill Times"], also_urls=["https://hilltimes.example/dam"])
    dam = Story(
        id="dam", headline="Villages evacuated as river threatens Lorren dam", articles=[dam_a, dam_b],
        summary=[
            sentence("Engineers opened the spillway of the Lorren dam on Wednesday as the river rose.", dam_a, 0.2),
            sentence("At least 3,000 people were moved from villages below the dam, officials said.", dam_b, 0.9),
        ],
        casualties=[
            CasualtyLine(kind="displaced", count=3000, low=3000, high=4500, qualifier="at_least", who="people",
                         scope="incident", sources=["Valley Herald", "Plains Courier"]),
            CasualtyLine(kind="killed", count=2, low=2, high=2, qualifier="exact", who="people", scope="incident",
                         sources=["Valley Herald"]),
        ],
        positions=[
            PositionLine(actor="Arvenia", speakers=["Interior Minister Tomas Brell"], stance="criticize",
                         target="Dam operator", quote="a failure of planning", outlets=["Valley Herald"]),
            PositionLine(actor="European Union", stance="offer", target="Arvenia", conditional=True, outlets=["Hill Times"],
                         evidence=[Position(actor="European Union", stance="offer", target="Arvenia", conditional=True,
                                            sentence="The European Union said it would send pumps if Arvenia asked.")]),
        ],
    )
    riot_a = Article(title="Clashes at Stadium After Final", text="x", source="Metro Daily",
                     url="https://metrodaily.example/stadium", published=WHEN)
    riot = Story(id="riot", headline="Clashes after cup final", articles=[riot_a],
                 summary=[sentence(EVIL, riot_a, 0.5)],
                 casualties=[CasualtyLine(kind="injured", count=2, low=2, high=2, qualifier="exact",
                                          scope="incident", sources=["Metro Daily"])])
    fair_a = Article(title="Book Fair Opens", text="x", source="Metro Daily", url="https://metrodaily.example/fair",
                     published=WHEN)
    fair = Story(id="fair", headline="Book fair opens in Carden", articles=[fair_a],
                 summary=[sentence("The book fair opened on Thursday with 300 publishers.", fair_a, 0.4)])
    return Briefing(title="Morning brief", date="2026-11-26", generated_at=WHEN, stories=[dam, riot, fair],
                    articles=4, skipped=1, algorithm="lexrank", skipped_inputs=["broken.bin: binary file"],
                    max_stories=2)


def section(markdown: str, heading: str) -> str:
    """The text under one `## heading` up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_has_every_section_with_stories_in_rank_order(briefing):
    md = render(briefing, "markdown")
    assert md.startswith("# Morning brief\n")
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == ["Top stories", "1. Villages evacuated as river threatens Lorren dam",
                        "2. Clashes after cup final", "Also reported"]
    full = re.findall(r"^## (.+)$", render(briefing, "markdown", full=True), re.M)
    assert full == [*headings, "Casualty figures", "Diplomatic positions"]  # day-level tables only when full
    assert "Thursday 26 November 2026" in md
    assert "4 articles from 4 outlets, 3 stories" in md
    top = section(md, "Top stories")
    assert top.index("Lorren dam") < top.index("cup final") and "Book fair" not in top
    # the gist is the best-scored summary sentence
    assert "At least 3,000 people were moved" in top
    assert "Book fair opens in Carden" in section(md, "Also reported")


def test_markdown_story_shows_developments_with_outlet_links_figures_positions_and_sources(briefing):
    story = section(render(briefing, "markdown"), "1. Villages evacuated as river threatens Lorren dam")
    assert "[Valley Herald](https://valleyherald.example/dam)" in story
    assert "officials said. — Plains Courier" in story  # its URL is not http(s): credited, not linked
    assert "at least 3,000 people" in story and "4,500" in story
    assert "**Arvenia (Interior Minister Tomas Brell)** *criticizes* Dam operator" in story
    assert "“a failure of planning”" in story
    assert "conditional" in story
    assert "**Displaced:** 3,000–4,500 across reports (latest: at least 3,000 people)" in story
    # compact: one link per outlet, a merged wire copy's outlet included; full: every article
    assert "**3 sources:** [Valley Herald](https://valleyherald.example/dam) · Plains Courier · " \
           "[Hill Times](https://hilltimes.example/dam)" in story
    full = section(render(briefing, "markdown", full=True), "1. Villages evacuated as river threatens Lorren dam")
    assert "[Villages Evacuated Below Dam](https://hilltimes.example/dam)" in full
    assert "javascript:" not in render(briefing, "markdown") + render(briefing, "markdown", full=True)


def test_markdown_sources_line_is_its_own_paragraph_after_a_short_positions_list(briefing):
    # two positions: no "N more" line follows the list, so the sources line must not join its last item
    story = section(render(briefing, "markdown"), "1. Villages evacuated as river threatens Lorren dam")
    items = re.findall(r"<li>(.*?)</li>", str(markdown_to_html(story)), flags=re.S)
    assert items and not any("sources:" in item for item in items)
    assert "<p><strong>3 sources:</strong>" in str(markdown_to_html(story))


def test_agreement_to_an_issue_reads_agrees_to_and_with_a_party_agrees_with():
    issue = PositionLine(actor="Tarvia", stance="agree", target="share water from the dam", outlets=["Valley Herald"])
    party = PositionLine(actor="Tarvia", stance="agree", target="Arvenia", outlets=["Valley Herald"])
    refused = PositionLine(actor="Tarvia", stance="agree", target="share water", negated=True, outlets=["Valley Herald"])
    assert position_label(issue) == "Tarvia agrees to share water from the dam"
    assert position_label(party) == "Tarvia agrees with Arvenia"
    assert position_label(refused) == "Tarvia does not agree to share water"


def test_markdown_tables_group_rows_by_story(briefing):
    md = render(briefing, "markdown", full=True)
    rows = [line for line in section(md, "Casualty figures").splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| Story | Kind | Figure")
    body = rows[1:]
    assert len(body) == 4  # two dam figures, one riot figure, plus the header rule
    assert body[1].startswith("| 1. Villages evacuated") and body[2].startswith("|  | Killed")
    assert body[3].startswith("| 2. Clashes after cup final | Injured")
    positions = section(md, "Diplomatic positions")
    assert "| European Union | offers (conditional) | Arvenia |" in positions


def test_markdown_escapes_untrusted_text(briefing):
    briefing.stories[1].headline = "Fans [riot](http://evil.example) *after* | final"
    md = render(briefing, "markdown")
    assert "<script" not in md and "<img" not in md
    assert not re.search(r"(?<!\\)\]\(http://evil", md)
    assert r"\[riot\]" in md and r"\*after\*" in md and r"\|" in md


def test_footer_says_how_it_was_made(briefing):
    footer = render(briefing, "markdown").rsplit("\n---\n", 1)[1]
    assert "4 articles" in footer and "1 input skipped" in footer and "lexrank" in footer
    assert "broken.bin: binary file" in footer


# --- plain text and JSON --------------------------------------------------------------------------

def test_text_format_is_plain_and_complete(briefing):
    text = render(briefing, "text", full=True)
    for heading in ("MORNING BRIEF", "TOP STORIES", "ALSO REPORTED", "CASUALTY FIGURES", "DIPLOMATIC POSITIONS"):
        assert re.search(rf"^{heading}$", text, re.M), heading
    assert "https://valleyherald.example/dam" in text
    assert "**" not in text and "](" not in text
    assert max(len(line) for line in text.splitlines()) <= 100
    compact = render(briefing, "text")
    assert "CASUALTY FIGURES" not in compact and "https://valleyherald.example/dam" in compact


def test_json_is_the_briefing_dict(briefing):
    data = json.loads(render(briefing, "json"))
    assert data == json.loads(json.dumps(briefing.to_dict()))
    assert data["counts"] == {"articles": 4, "outlets": 4, "stories": 3, "skipped": 1}
    assert [s["id"] for s in data["stories"]] == ["dam", "riot", "fair"]


def test_unknown_format_is_an_input_error(briefing):
    with pytest.raises(InputError, match="unknown format"):
        render(briefing, "pdf")


def test_records_with_missing_keys_still_render(briefing):
    briefing.stories[0].casualties = [CasualtyLine(kind="killed", count=3)]  # only the required fields
    briefing.stories[0].positions = [PositionLine(actor="Arvenia", stance=""), PositionLine(actor="", stance="meet")]
    briefing.stories[0].headline = ""
    for fmt in ("markdown", "html", "text"):
        out = render(briefing, fmt)
        assert "Dam Spillway Opened as River Rises" in out  # headline falls back to an article title
        assert "None" not in out


# --- HTML -----------------------------------------------------------------------------------------

def parse_html(document: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(document)


def test_html_is_valid_standalone_email_safe_html5(briefing):
    document = render(briefing, "html")
    tree = parse_html(document)  # strict: raises on any parse error
    assert document.lower().startswith("<!doctype html>")
    assert tree.find(".//meta[@name='color-scheme']").get("content") == "light dark"
    assert tree.find(".//script") is None and tree.find(".//link") is None and tree.find(".//img") is None
    assert "@import" not in document and "url(" not in document
    container = tree.find(".//table[@class='container']")
    assert "max-width: 640px" in container.get("style")
    assert tree.find(".//body").get("style"), "CSS is inlined into style attributes"
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        assert href.startswith(("https://", "http://", "#")), href
        if href.startswith("#"):
            assert tree.find(f".//*[@id='{href[1:]}']") is not None, href


def test_html_shows_injected_markup_as_text(briefing):
    document = render(briefing, "html")
    tree = parse_html(document)
    assert tree.find(".//script") is None and tree.find(".//img") is None
    assert not [e for e in tree.iter() if any(k.startswith("on") for k in e.attrib)]
    text = "".join(tree.find(".//body").itertext())
    assert '<script>alert("x")</script>' in text and "onerror=alert(1)" in text


def test_html_sections_and_links(briefing):
    assert [h.text for h in parse_html(render(briefing, "html")).iter("h2")] == ["Top stories", "Also reported"]
    tree = parse_html(render(briefing, "html", full=True))
    titles = [h.text for h in tree.iter("h2")]
    assert titles == ["Top stories", "Also reported", "Casualty figures", "Diplomatic positions"]
    stories = ["".join(h.itertext()) for h in tree.iter("h3")]
    assert stories == ["1 Villages evacuated as river threatens Lorren dam", "2 Clashes after cup final"]
    links = [(a.get("href"), "".join(a.itertext())) for a in tree.iter("a")]
    assert ("https://valleyherald.example/dam", "Valley Herald") in links  # a development's outlet
    assert ("https://valleyherald.example/dam", "Dam Spillway Opened as River Rises") in links  # its source
    assert ("https://hilltimes.example/dam", "Villages Evacuated Below Dam") in links  # a merged wire copy
    assert ("#story-1", "Villages evacuated as river threatens Lorren dam") in links
    groups = [" ".join("".join(th.itertext()).split()) for th in tree.iter("th") if th.get("colspan")]
    assert groups == ["1. Villages evacuated as river threatens Lorren dam", "2. Clashes after cup final",
                      "1. Villages evacuated as river threatens Lorren dam"]


def test_markdown_filter_escapes_raw_html_and_unsafe_links():
    out = str(markdown_to_html("**bold** <b onclick=x>hi</b> [ok](https://a.example) [bad](javascript:alert(1)) "
                               "![pic](https://tracker.example/p.png)"))
    assert "<strong>bold</strong>" in out
    assert "<b" not in out and "&lt;b onclick=x&gt;" in out
    assert 'href="https://a.example"' in out and "javascript" not in out
    assert "<img" not in out and "pic" in out


def png_rows(path: Path, limit: int) -> tuple[int, list[bytes]]:
    """Width and the first `limit` unfiltered RGB(A) rows of an 8-bit PNG (no imaging library needed)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(min(limit, height)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line[j] for j in range(stride) if bpp == 3 or j % 4 != 3))
        previous = line
    return width, rows


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_renders_in_headless_chromium(briefing, tmp_path):
    page = tmp_path / "briefing.html"
    page.write_text(render(briefing, "html"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=640,2000",
                    page.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.is_file() and shot.stat().st_size > 0
    width, rows = png_rows(shot, 400)
    assert width == 640
    pixels = [row[i:i + 3] for row in rows for i in range(0, len(row), 3)]
    colours = set(pixels)
    assert len(colours) > 20, "the page is blank"
    masthead = bytes((0x12, 0x35, 0x5B))  # the inlined masthead background
    assert pixels.count(masthead) > 640 * 40


CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            "--allow-file-access-from-files"]
# Headless windows are at least 500 px wide, so the page is laid out in an iframe of the width asked for.
FRAME = ('<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{src}" style="width:{width}px;'
         'height:{height}px;border:0"></iframe><script>document.getElementById("f").addEventListener("load", '
         'function () {{ var d = this.contentDocument, out = document.createElement("pre"); out.id = "probe"; '
         'out.textContent = JSON.stringify({{height: d.documentElement.scrollHeight, '
         'width: d.documentElement.scrollWidth, images: [].map.call(d.images, function (i) '
         '{{ return i.naturalWidth; }})}}); document.body.appendChild(out); }});</script></body></html>')


def in_browser(page: Path, width: int, tmp_path: Path, height: int = 900, screenshot: Path | None = None) -> dict:
    """Page height, page width and each image's natural width, as Chromium laid the page out."""
    frame = tmp_path / f"frame-{width}-{height}-{page.name}"
    frame.write_text(FRAME.format(src=page.as_uri(), width=width, height=height), encoding="utf-8")
    action = [f"--screenshot={screenshot}"] if screenshot else ["--virtual-time-budget=5000", "--dump-dom"]
    run = subprocess.run([*CHROMIUM, f"--user-data-dir={tmp_path / f'profile-{width}-{height}'}",
                          f"--window-size={max(width, 500)},{height}", *action, frame.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    if screenshot:
        return {}
    found = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout)
    assert found, run.stderr[-1000:]
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_sample_briefing_lays_out_in_a_browser_at_desktop_and_phone_widths(tmp_path):
    from click.testing import CliRunner

    from digest.cli import cli

    samples = Path(__file__).resolve().parent.parent / "samples"
    compact, full = tmp_path / "compact.html", tmp_path / "full.html"
    for path, extra in ((compact, []), (full, ["--full", "--no-charts"])):
        result = CliRunner().invoke(cli, ["brief", str(samples), "--format", "html", "-o", str(path), *extra])
        assert result.exit_code == 0, result.stderr
    heights = {}
    for width in (800, 400):
        layout = in_browser(compact, width, tmp_path)
        assert layout["images"] and all(w > 0 for w in layout["images"]), layout  # every chart loads
        assert layout["width"] <= width, f"the page is wider than a {width} px window"
        heights[width] = layout["height"]
        shot = tmp_path / f"shot-{width}.png"
        in_browser(compact, width, tmp_path, height=min(layout["height"], 8000), screenshot=shot)
        assert shot.is_file() and png_rows(shot, 1)[0] >= width
    assert heights[400] >= heights[800]  # a phone wraps more, never less
    full_layout = in_browser(full, 800, tmp_path)
    assert full_layout["images"] == [] and full_layout["height"] > heights[800]  # --full shows more


# --- custom templates -------------------------------------------------------------------------------

def test_template_dir_overrides_templates_by_file_name(briefing, tmp_path):
    (tmp_path / "briefing.md.j2").write_text("NEWSROOM {{ title }}\n{% for s in top_stories %}* {{ s.headline }}\n"
                                             "{% endfor %}", encoding="utf-8")
    (tmp_path / "_macros.j2").write_text(
        (template_root() / "_macros.j2").read_text(encoding="utf-8").replace("{{ c.kind }}: ", "[{{ c.kind }}] "),
        encoding="utf-8")
    md = render(briefing, "markdown", template_dir=tmp_path)
    assert md.splitlines() == ["NEWSROOM Morning brief", "* Villages evacuated as river threatens Lorren dam",
                               "* Clashes after cup final"]
    assert "[Displaced] 3,000\u20134,500 across reports" in render(briefing, "text", template_dir=tmp_path)  # partial
    assert "TOP STORIES" in render(briefing, "text", template_dir=tmp_path)  # the rest stays built in


def test_broken_custom_template_names_file_and_line(briefing, tmp_path):
    (tmp_path / "briefing.md.j2").write_text("# {{ title }}\n\n{% for s in top_stories %}\n{{ s.headline }\n",
                                             encoding="utf-8")
    with pytest.raises(InputError, match=r"template briefing\.md\.j2, line 4: .+"):
        render(briefing, "markdown", template_dir=tmp_path)


def test_failing_custom_template_names_file_and_line(briefing, tmp_path):
    (tmp_path / "briefing.txt.j2").write_text("{{ title }}\n{{ counts.articles / 0 }}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"template briefing\.txt\.j2, line 2: .*division"):
        render(briefing, "text", template_dir=tmp_path)


def test_missing_template_dir_is_an_input_error(briefing, tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        render(briefing, "html", template_dir=tmp_path / "nowhere")


def test_disagreeing_outlets_show_the_range_first():
    from digest.labels import figure_text

    line = CasualtyLine(kind="killed", count=12, qualifier="exact", who="people", low=10, high=12)
    assert figure_text(line) == "10\u201312 across reports (latest: 12 people)"
    line.low = 12
    assert figure_text(line) == "12 people"


def test_position_lines_are_english_in_one_place(briefing):
    evidence = Position(actor="Ostrava", stance="meet", target="Belmar", sentence="Ostrava and Belmar held talks on the dam.")
    briefing.stories[0].positions = [
        PositionLine(actor="Ostrava", stance="criticize", target="Belmar", speakers=["Mira Holt"], quote="a reckless act"),
        PositionLine(actor="Ostrava", stance="meet", target="Belmar", mutual=True, evidence=[evidence]),
        PositionLine(actor="Belmar", stance="meet", target="Arvenia", negated=True),
        PositionLine(actor="Belmar", stance="agree", target=""),
    ]
    md = render(briefing, "markdown").replace("*", "")  # actor and stance are emphasised
    assert "Ostrava (Mira Holt) criticizes Belmar: “a reckless act”" in md
    assert "Ostrava and Belmar meet: Ostrava and Belmar held talks on the dam." in md
    assert "Belmar does not meet Arvenia" in md
    assert "Belmar agrees" in md and "Belmar agrees with" not in md


def test_only_the_top_position_lines_are_shown_but_json_keeps_all(briefing):
    briefing.stories[0].positions = [PositionLine(actor=f"Land{n}", stance="support", target="Arvenia") for n in range(9)]
    briefing.max_positions = 6
    md = render(briefing, "markdown").split("## Diplomatic positions")[0].replace("*", "")
    assert "Land5 supports Arvenia" in md and "Land6" not in md
    assert len(json.loads(render(briefing, "json"))["stories"][0]["positions"]) == 9


# --- compact layout, charts and the email's HTML ----------------------------------------------------

def many_positions(briefing: Briefing, n: int) -> None:
    briefing.stories[0].positions = [PositionLine(actor=f"Country {i}", stance="support", target="the plan",
                                                  outlets=["Valley Herald"]) for i in range(n)]


def test_compact_briefing_shows_top_stance_lines_and_one_casualty_line_per_kind(briefing):
    many_positions(briefing, 9)
    briefing.stories[0].casualties.append(CasualtyLine(kind="killed", count=1, qualifier="exact", who="people",
                                                       scope="incident", sources=["Plains Courier"]))
    for fmt in ("markdown", "text", "html"):
        compact, full = render(briefing, fmt), render(briefing, fmt, full=True)
        assert "Country 5" in compact and "Country 6" not in compact, fmt
        assert "3 more in the full briefing and the JSON" in compact, fmt
        assert "Country 8" in full and "more in the full briefing" not in full, fmt
        assert compact.count("1 person") == 0 and "1 person" in full, fmt  # the second killed line
    data = json.loads(render(briefing, "json"))
    assert len(data["stories"][0]["positions"]) == 9  # everything stays in the JSON


def test_html_preheader_carries_the_top_storys_gist(briefing):
    tree = parse_html(render(briefing, "html"))
    preheader = tree.find(".//div[@class='preheader']")
    assert "display: none" in preheader.get("style")
    assert "".join(preheader.itertext()) == "At least 3,000 people were moved from villages below the dam, officials said."


def test_every_story_links_back_to_the_top(briefing):
    tree = parse_html(render(briefing, "html"))
    backs = [a for a in tree.iter("a") if a.get("href") == "#top"]
    assert len(backs) == 2 and tree.find(".//*[@id='top']") is not None


def chart_set(briefing: Briefing):
    from digest.charts import CoverageRow, TollPoint, coverage_chart, toll_timeline

    dam = briefing.stories[0]
    coverage = coverage_chart([CoverageRow(s.headline, len(s.articles), s.outlets) for s in briefing.stories])
    timeline = toll_timeline([TollPoint(WHEN, 2, "Valley Herald"), TollPoint(WHEN.replace(hour=15), 5, "Hill Times")],
                             "Killed", dam.headline, "toll-1")
    return [coverage, timeline]


def test_html_embeds_charts_as_data_uris_with_alt_text(briefing):
    import base64

    charts = chart_set(briefing)
    tree = parse_html(render(briefing, "html", charts=charts))
    images = list(tree.iter("img"))
    assert [img.get("alt") for img in images] == [c.alt for c in charts]
    for img in images:
        src = img.get("src")
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
    # the timeline sits in its own story's card
    card = tree.find(".//*[@id='story-1']")
    assert [img.get("alt") for img in card.iter("img")] == [charts[1].alt]


def test_html_for_email_references_charts_by_content_id(briefing):
    charts = chart_set(briefing)
    document = render(briefing, "html", charts=charts, cid=True)
    assert "data:image" not in document
    assert [img.get("src") for img in parse_html(document).iter("img")] == ["cid:coverage@digest", "cid:toll-1@digest"]


def test_markdown_and_text_never_reference_pictures(briefing):
    charts = chart_set(briefing)
    for fmt in ("markdown", "text"):
        out = render(briefing, fmt, charts=charts)
        assert "![" not in out and "data:image" not in out and "cid:" not in out

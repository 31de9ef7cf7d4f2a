"""`digest brief`: the pipeline (build_briefing), its settings, progress, the command in every
format, and golden-structure checks on the sample day in samples/."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner

from digest.brief import build_briefing, covered_date
from digest.cli import cli
from digest.config import load_config
from digest.errors import InputError
from digest.extract.actors import gazetteer
from digest.model import Article
from digest.progress import Progress, for_terminal
from digest.settings import Settings

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples"

FLOOD_A = """---
title: Floods Kill at Least 12 in Arvenian River Valley
source: Valley Herald
url: https://valleyherald.example/floods-kill-12
published: 2026-11-26T07:10:00+01:00
---

Floods swept through villages in the Lorren valley of Arvenia on Wednesday night, killing at least 12 people, the regional civil protection agency said on Thursday.

Rescue teams used boats to reach families trapped on rooftops in the village of Dessa, where the river rose by three metres in a few hours.

About 2,000 people were evacuated from their homes and moved to schools and sports halls in the regional capital.

Arvenia's interior minister, Tomas Brell, criticised the company that runs the Lorren dam, saying it had released water too late.

The European Union offered to send pumps and rescue teams if Arvenia asked for help.
"""

FLOOD_B = """---
title: Lorren Valley Flood Toll Rises to 15 as Water Recedes
source: Plains Courier
url: https://plainscourier.example/lorren-flood-toll-15
published: 2026-11-26T16:40:00+01:00
---

The death toll from floods in Arvenia's Lorren valley rose to 15 on Thursday, the civil protection agency said, as water levels in the river began to fall.

Rescuers in boats searched flooded houses in the village of Dessa for people still missing after the river burst its banks overnight.

More than 2,000 residents were evacuated, and officials said many would not be able to return home for weeks.

Interior Minister Tomas Brell accused the operator of the Lorren dam of releasing water too late and ordered an inquiry.
"""

FLOOD_C = """---
title: Arvenia Counts the Cost of the Lorren Valley Floods
source: Hill Times
url: https://hilltimes.example/lorren-floods-cost
published: 2026-11-26T19:05:00+01:00
---

Farmers in Arvenia's Lorren valley said on Thursday that floods had destroyed most of the winter crops, a day after the river burst its banks and killed 15 people.

The civil protection agency said about 2,000 people evacuated from villages including Dessa were still sleeping in schools and sports halls.

The European Union said it was ready to send pumps and rescue teams to Arvenia if the government requested them.
"""

BRIDGE_A = """---
title: Carden Closes Old River Bridge After Cracks Are Found
source: Metro Daily
url: https://metrodaily.example/carden-bridge-closed
published: 2026-11-26T09:00:00+01:00
---

Engineers closed the old river bridge in Carden on Thursday after inspectors found cracks in two of its stone piers.

The city council said buses would be diverted over the northern crossing until repairs were finished, which could take three months.

Shop owners near the bridge said they feared losing customers during the closure.
"""

BRIDGE_B = """---
title: Carden Bridge Shut for Repairs, Buses Diverted
source: Hill Times
url: https://hilltimes.example/carden-bridge-shut
published: 2026-11-26T12:30:00+01:00
---

The old stone bridge across the river in Carden was shut on Thursday after engineers found cracks in two piers, the city council said.

Buses will use the northern crossing while the bridge is repaired, a job the council expects to take about three months.

Traders near the bridge said the closure could cost them customers in the weeks before the holidays.
"""

INJECTED = """Harbour Festival <script>alert(1)</script> Opens <img src=x onerror=alert(1)>

The harbour festival in Westhaven opened on Thursday with boat races, music and food stalls along the quay.

Organisers said they expected about 40,000 visitors over the weekend if the weather stayed dry.

The festival was first held in 1952 to celebrate the reopening of the port after the war.
"""


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A small day of news written for these tests: a flood (3 outlets), a bridge (2), a festival (1)."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in [("flood-a.md", FLOOD_A), ("flood-b.md", FLOOD_B), ("flood-c.md", FLOOD_C),
                       ("bridge-a.md", BRIDGE_A), ("bridge-b.md", BRIDGE_B)]:
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "Westhaven Times").mkdir()
    (folder / "Westhaven Times" / "festival.txt").write_text(INJECTED, encoding="utf-8")
    return folder


def brief(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["brief", *args])
    return result.exit_code, result.stdout, result.stderr


# --- settings, dates, progress (no other stage needed) ------------------------------------------------

def test_command_line_over_config_over_defaults():
    settings = Settings.resolve({"title": None, "max_stories": 4, "format": None, "sources": ()},
                                {"title": "Desk brief", "max_stories": 8, "sources": ["feeds/"]})
    assert settings.title == "Desk brief"  # config fills what the command line left out
    assert settings.max_stories == 4  # the command line wins
    assert settings.format == "markdown" and settings.sentences == 3  # defaults
    assert settings.sources == ("feeds/",)


def test_bad_config_numbers_are_input_errors():
    with pytest.raises(InputError, match="max_stories"):
        Settings.resolve({}, {"max_stories": "ten"})


def test_config_file_gives_the_briefing_settings(tmp_path):
    config = tmp_path / "digest.toml"
    config.write_text('title = "Night desk"\nmax_stories = 5\nwindow = "last 24h"\nsources = ["inbox"]\n'
                      '[smtp]\nhost = "mail.example"\n', encoding="utf-8")
    settings = Settings.resolve({}, load_config(str(config)))
    assert (settings.title, settings.max_stories, settings.since, settings.sources) == (
        "Night desk", 5, "24h", (str(tmp_path / "inbox"),))
    assert settings.mail.smtp_host == "mail.example"


def test_brief_reads_its_options_from_config_and_the_command_line_wins(news, tmp_path):
    config = tmp_path / "digest.toml"
    config.write_text(f'title = "Night desk"\nmax_stories = 1\nsources = ["{news}"]\n', encoding="utf-8")
    code, out, err = brief("--config", str(config))
    assert code == 0, err
    assert out.startswith("# Night desk\n") and "## Also reported" in out
    code, out, err = brief("--config", str(config), "--title", "Day desk", "--max-stories", "5")
    assert code == 0, err
    assert out.startswith("# Day desk\n") and "## Also reported" not in out


def test_covered_date_is_the_articles_day_or_their_span():
    def at(day: int) -> Article:
        return Article(title=f"t{day}", text="x", published=datetime(2026, 11, day, 12, tzinfo=UTC))

    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert covered_date([at(26), at(26)], now) == "2026-11-26"
    assert covered_date([at(27), at(25), at(26)], now) == "2026-11-25/2026-11-27"
    assert covered_date([Article(title="undated", text="x")], now) == "2026-12-01"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_stages_and_a_bar_on_a_terminal_only():
    terminal = Terminal()
    progress = for_terminal(stream=terminal)
    progress.stage("summarising", total=4)
    progress.advance(2)
    progress.advance(2)
    progress.finish()
    out = terminal.getvalue()
    assert "summarising" in out and "2/4 articles" in out and "4/4 articles" in out
    assert out.endswith("\r") and "\n" not in out  # one line, cleared at the end

    for quiet, stream in ((False, io.StringIO()), (True, Terminal())):
        silent = for_terminal(quiet=quiet, stream=stream)
        silent.stage("grouping")
        silent.advance()
        silent.finish()
        assert stream.getvalue() == ""


# --- build_briefing (needs group, summarize and extract) ----------------------------------------------

def articles_from(folder: Path) -> list[Article]:
    from digest.ingest import read_sources

    return read_sources([str(folder)], on_warning=lambda _line: None).articles


def test_build_briefing_ranks_summarises_and_extracts(news):
    articles = articles_from(news)
    progress = Progress(stream=io.StringIO(), enabled=True)
    briefing = build_briefing(articles, max_stories=2, sentences=2, skipped=[("bad.bin", "binary file")],
                              progress=progress)
    assert briefing.articles == len(articles) == 6
    assert briefing.date == "2026-11-26"
    assert [len(s.articles) for s in briefing.stories] == [3, 2, 1]
    flood, bridge, festival = briefing.stories
    assert 1 <= len(flood.summary) <= 2 and 1 <= len(bridge.summary) <= 2
    assert festival.summary == []  # below --max-stories: listed, not summarised
    assert {s.article for s in flood.summary} <= {a.id for a in flood.articles}
    assert any(c.kind == "killed" for c in flood.casualties)
    assert briefing.skipped == 1 and briefing.skipped_inputs == ["bad.bin: binary file"]
    assert "6/6 articles" in progress.stream.getvalue()


def test_build_briefing_rejects_nothing_and_unknown_algorithms(news):
    with pytest.raises(InputError):
        build_briefing([])
    with pytest.raises(InputError, match="algorithm"):
        build_briefing(articles_from(news), algorithm="magic")


# --- the command ----------------------------------------------------------------------------------

def test_brief_markdown_by_default(news):
    code, out, err = brief(str(news), "--title", "Morning brief")
    assert code == 0, err
    assert out.startswith("# Morning brief\n")
    assert "Thursday 26 November 2026" in out and "6 articles from 5 outlets, 3 stories" in out
    headings = re.findall(r"^## (.+)$", out, re.M)
    assert headings[0] == "Top stories" and "Casualty figures" not in headings  # compact: no day-level tables
    assert "(https://valleyherald.example/floods-kill-12)" in out
    code, out, err = brief(str(news), "--title", "Morning brief", "--full")
    assert code == 0, err
    assert re.findall(r"^## (.+)$", out, re.M)[-2:] == ["Casualty figures", "Diplomatic positions"]


def test_brief_html_is_valid_and_escapes_injected_markup(news):
    code, out, err = brief(str(news), "--format", "html")
    assert code == 0, err
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(out)
    assert tree.find(".//script") is None
    # the only pictures are our own charts, embedded; the article's markup stays text
    assert all(img.get("src").startswith("data:image/png;base64,") and img.get("alt") for img in tree.iter("img"))
    assert not [e for e in tree.iter() if any(k.startswith("on") for k in e.attrib)]
    assert "<script>alert(1)</script>" in "".join(tree.find(".//body").itertext())


def test_brief_text_and_json(news):
    code, out, err = brief(str(news), "-f", "text", "--max-stories", "1")
    assert code == 0, err
    assert "TOP STORIES" in out and "ALSO REPORTED" in out
    code, out, err = brief(str(news), "-f", "json", "--sentences", "1")
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"] == {"articles": 6, "outlets": 5, "stories": 3, "skipped": 0}
    assert all(len(s["summary"]) == 1 for s in data["stories"])


def test_output_file_is_replaced_atomically(news, tmp_path, monkeypatch):
    target = tmp_path / "out" / "briefing.html"
    target.parent.mkdir()
    target.write_text("yesterday", encoding="utf-8")
    target.chmod(0o640)
    code, out, err = brief(str(news), "-f", "html", "-o", str(target))
    assert code == 0, err
    assert target.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert out == "" and target.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert sorted(p.name for p in target.parent.iterdir()) == ["briefing.html"]

    target.write_text("yesterday", encoding="utf-8")

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    code, _, _ = brief(str(news), "-o", str(target))
    assert code != 0
    assert target.read_text(encoding="utf-8") == "yesterday"  # never half-written
    assert sorted(p.name for p in target.parent.iterdir()) == ["briefing.html"]  # no temporary file left


def test_template_dir_from_the_command_line(news, tmp_path):
    custom = tmp_path / "branding"
    custom.mkdir()
    (custom / "briefing.txt.j2").write_text("THE VALLEY DESK: {{ counts_line }}\n", encoding="utf-8")
    code, out, err = brief(str(news), "-f", "text", "--template-dir", str(custom))
    assert code == 0, err
    assert out == "THE VALLEY DESK: 6 articles from 5 outlets, 3 stories\n"

    (custom / "briefing.txt.j2").write_text("{% for s in top_stories %}\n{{ s.headline }\n", encoding="utf-8")
    code, out, err = brief(str(news), "-f", "text", "--template-dir", str(custom))
    assert code == 2 and out == ""
    assert re.fullmatch(r"error: template briefing\.txt\.j2, line 2: .+\n", err.splitlines(keepends=True)[-1])
    assert "Traceback" not in err


def test_no_articles_is_a_one_line_error(tmp_path):
    code, out, err = brief(str(tmp_path))
    assert code == 2 and out == "" and err.strip().splitlines()[-1].startswith("error: ")


# --- golden structure on samples/ ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_day() -> dict:
    runner = CliRunner()
    md = runner.invoke(cli, ["brief", str(SAMPLES), "--max-stories", "5", "--full"])
    compact = runner.invoke(cli, ["brief", str(SAMPLES), "--max-stories", "5"])
    data = runner.invoke(cli, ["brief", str(SAMPLES), "--max-stories", "5", "-f", "json"])
    assert md.exit_code == 0 and compact.exit_code == 0 and data.exit_code == 0, md.stderr + data.stderr
    manifest = json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    return {"md": md.stdout, "compact": compact.stdout, "json": json.loads(data.stdout), "manifest": manifest}


def gold_story(story: dict, manifest: dict) -> str:
    """The manifest story most of this story's articles belong to."""
    by_title = {a["title"]: a["story"] for a in manifest["articles"]}
    labels = [by_title.get(a["title"], "?") for a in story["articles"]]
    return max(set(labels), key=labels.count)


def test_samples_sections_and_rank_order(sample_day):
    md, data = sample_day["md"], sample_day["json"]
    assert "Thursday 26 November 2026" in md
    headings = re.findall(r"^## (.+)$", md, re.M)
    stories = data["stories"]
    expected = ["Top stories", *[f"{i}. {s['headline']}" for i, s in enumerate(stories[:5], 1)], "Also reported",
                "Casualty figures", "Diplomatic positions"]
    assert [h.replace("\\", "") for h in headings] == expected
    ranking = [(s["outlets"], len(s["articles"])) for s in stories]
    assert ranking == sorted(ranking, reverse=True)  # more outlets, then more articles, first
    assert len(re.findall(r"^- ", md.split("## Also reported", 1)[1].split("## Casualty figures")[0], re.M)) \
        == len(stories) - 5


def test_samples_every_manifest_story_is_briefed(sample_day):
    manifest, data = sample_day["manifest"], sample_day["json"]
    assert {gold_story(s, manifest) for s in data["stories"]} == set(manifest["stories"])


def test_samples_syria_story_has_its_figures_and_positions(sample_day):
    data, md = sample_day["json"], sample_day["md"]
    syria = next(s for s in data["stories"] if gold_story(s, sample_day["manifest"]) == "syria-offensive")
    kinds = {c.get("kind") for c in syria["casualties"]}
    assert {"killed", "displaced"} <= kinds
    assert any(c.get("count", 0) >= 245000 and c.get("scope") == "cumulative" for c in syria["casualties"])
    actors = {p.get("actor") for p in syria["positions"]}
    assert {"Russia", "United States", "Iran"} <= actors
    table = md.split("## Diplomatic positions", 1)[1]
    assert "| Russia" in table
    # the full stance map (JSON) keeps Putin's criticism, which the briefing may rank below its top lines
    assert any(p["actor"] == "Russia" and p["stance"] == "criticize" and p["target"] == "United States" for p in syria["positions"])


def test_samples_links_point_at_the_storys_own_articles(sample_day):
    md, data = sample_day["md"], sample_day["json"]
    sections = re.split(r"^## ", md, flags=re.M)
    for rank, story in enumerate(data["stories"][:5], 1):
        text = next(s for s in sections if s.startswith(f"{rank}. "))
        own = {a["url"] for a in story["articles"] if a["url"]}
        linked = set(re.findall(r"\]\((https?://[^)\s]+)\)", text))
        assert linked and linked <= own, story["headline"]
        sources = text.split("**Sources**", 1)[1]
        assert own <= set(re.findall(r"\]\((https?://[^)\s]+)\)", sources))  # every article with a URL is linked


# --- --jobs: the same briefing from one process or several ---------------------------------------

def test_jobs_give_the_same_briefing_as_one_process(monkeypatch):
    import concurrent.futures

    import digest.brief
    import digest.executor

    pools = []

    class CountingPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(digest.executor, "MIN_PARALLEL_WEIGHT", 0)  # samples/ is too small to fork for
    monkeypatch.setattr(digest.brief, "EXTRACTION_CHUNKS_PER_WORKER", 1)  # so a worker gets several articles at once
    articles = articles_from(SAMPLES)

    def briefing(jobs: int) -> dict:
        data = build_briefing(articles_from(SAMPLES), max_stories=5, jobs=jobs).to_dict()
        data.pop("generated_at")
        return data

    one = briefing(1)
    assert pools == []
    two = briefing(2)
    assert len(pools) == 1  # extraction went through a pool (summaries ran here meanwhile)
    assert two == one
    assert one["counts"]["articles"] == len(articles)
    assert any(s["summary"] for s in one["stories"]) and one["casualties"] and one["positions"]


def test_jobs_option_is_checked(news):
    code, out, err = brief(str(news), "--jobs", "0")
    assert code == 2 and out == ""
    code, out, err = brief(str(news), "-f", "json", "--jobs", "2")
    assert code == 0, err
    assert json.loads(out)["counts"]["stories"] == 3


def _content_words(target: str) -> set[str]:
    words = {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", target.lower())}
    return words - {"mandatory", "immediate", "unconditional", "further", "outright", "their", "other", "more"}


def test_samples_stance_map_has_no_repeated_line_per_story(sample_day):
    for story in sample_day["json"]["stories"]:
        lines = [(p["actor"], p["stance"], p["target"]) for p in story["positions"]]
        assert len(lines) == len(set(lines))
        for actor, stance, target in lines:
            if stance in ("agree", "meet"):
                assert (target, stance, actor) not in lines  # "Russia agrees with Israel" and "Israel agrees with Russia"
        actors = set(gazetteer().canonical_names)
        for i, (actor, stance, target) in enumerate(lines):
            for other_actor, other_stance, other in lines[i + 1:]:
                if (actor, stance) == (other_actor, other_stance) and not {target, other} & actors:
                    assert not _content_words(target) & _content_words(other), (actor, stance, target, other)


def test_samples_stance_map_has_none_of_the_known_false_positives(sample_day):
    lines = {(p["actor"], p["stance"], p["target"]) for s in sample_day["json"]["stories"] for p in s["positions"]}
    assert ("Russia", "meet", "Kazakhstan") not in lines  # "Putin told reporters during a visit to Kazakhstan"
    assert not {t for _a, _s, t in lines} & {"immediate", "asylum seekers pay", "share asylum seekers arriving"}


def test_samples_briefing_shows_at_most_six_stance_lines_per_story(sample_day):
    for section in re.split(r"^## ", sample_day["compact"], flags=re.M)[1:]:
        block = section.split("**Diplomatic positions**", 1)[1].split("sources:**")[0] if "**Diplomatic positions**" in section else ""
        assert len([ln for ln in block.splitlines() if ln.startswith("- ")]) <= 6
    counts = [len(s["positions"]) for s in sample_day["json"]["stories"]]
    assert max(counts) > 6  # the JSON keeps the whole map

"""Outputs of the small commands: every input article is accounted for, wire copies included."""

import json

import pytest
from click.testing import CliRunner

from digest.cli import cli

WIRE = """Dam Gates Opened as River Rises

Engineers opened the gates of the old dam on Friday as the river rose after a week of heavy rain, officials said.
Farmers downstream moved cattle to higher ground, and 200 residents were evacuated as a precaution on Friday night.
The regional water authority said the level would peak on Sunday before falling slowly through next week.
"""


def _wire_copies(tmp_path):
    paths = []
    for outlet in ("River Wire", "Valley Times"):
        folder = tmp_path / outlet
        folder.mkdir()
        (folder / "dam.txt").write_text(WIRE)
        paths.append(str(folder))
    return paths


def test_group_json_lists_a_merged_wire_copy_as_a_duplicate(tmp_path):
    result = CliRunner().invoke(cli, ["group", *_wire_copies(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    [story] = json.loads(result.stdout)["stories"]
    primary, copy = story["articles"]
    assert story["outlets"] == 2
    assert copy["duplicate_of"] == primary["id"]
    assert {primary["source"], copy["source"]} == {"River Wire", "Valley Times"}
    assert primary["also_published_by"] == [copy["source"]]


def test_extract_gives_records_for_each_copy_but_reconciles_once(tmp_path):
    result = CliRunner().invoke(cli, ["extract", *_wire_copies(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 2
    assert len({f["article"] for f in data["casualties"]}) == 2
    [line] = data["reconciled"]["casualties"]
    assert line["low"] == line["high"] == 200


HOSTILE = [
    ("Rebels <script>alert(1)</script> seized the northern bridge on Monday, witnesses said.", "script"),
    ("Officials <img src=x onerror=alert(1)> said the road would reopen within a week.", "img"),
    ("Residents read the [full report](javascript:alert(1)) before the council meeting began.", "javascript:"),
    ('Aid groups <a href="javascript:alert(2)">asked</a> for safe passage through the valley.', "javascript:"),
]


def _live_html(document: str) -> list[str]:
    """Elements and attributes that would run or load something in a browser."""
    import html5lib

    found = []
    for el in html5lib.parse(document, namespaceHTMLElements=False).iter():
        if el.tag in ("script", "img", "iframe", "svg", "object", "embed"):
            found.append(el.tag)
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{el.tag}[{name}]")
            if name.lower() in ("href", "src") and not value.strip().lower().startswith(("http://", "https://", "#")):
                found.append(f"{el.tag}[{name}={value}]")
    return found


def test_summarize_markdown_escapes_article_markup_and_drops_javascript_links(tmp_path):
    import markdown

    paths = []
    for i, (sentence, _) in enumerate(HOSTILE):
        path = tmp_path / f"a{i}.json"
        path.write_text(json.dumps({"title": f"Report {i}", "text": sentence, "source": f"Wire <b>{i}</b>",
                                    "url": "javascript:alert(3)"}))
        paths.append(str(path))
    result = CliRunner().invoke(cli, ["summarize", *paths, "--format", "markdown", "--sentences", "4"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n- ") + result.stdout.startswith("- ") == 4
    assert _live_html(markdown.markdown(result.stdout)) == []


def _extract_text(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    (folder / "raid.txt").write_text(
        "Air raid on Kessa\n\nAt least 12 people were killed and 30 injured in an air raid on the town of "
        "Kessa on Monday, the health ministry said.\n\nRussia criticized the United States over the raid, "
        "and Iran said it supported the government in Damascus.\n", encoding="utf-8")
    (folder / "raid2.txt").write_text(
        "Kessa raid toll rises\n\nThe toll from Monday's air raid on Kessa rose to 14 killed, rescuers said on "
        "Tuesday.\n\nRussia again criticized the United States over the raid on Kessa.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(folder)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_extract_text_header_counts_the_lines_it_lists(tmp_path):
    import re

    out = _extract_text(tmp_path)
    header, *lines = out.splitlines()
    listed = [line for line in lines if line.startswith("  - ")]
    figures, positions = (int(n) for n in re.match(r"(\d+) casualty figures? and (\d+) positions?", header).groups())
    assert figures + positions == len(listed) and figures >= 1 and positions >= 1


def test_extract_text_positions_are_english_and_no_empty_brackets(tmp_path):
    out = _extract_text(tmp_path)
    assert "Russia criticizes United States" in out
    assert "()" not in out and "( )" not in out


@pytest.mark.parametrize("stamp, shown", [("2026-11-27T09:30:00+05:30", "2026-11-27 04:00 UTC"),
                                           ("2026-11-27T00:15:00-05:00", "2026-11-27 05:15 UTC")])
def test_group_text_gives_times_in_utc_with_the_zone(tmp_path, stamp, shown):
    (tmp_path / "dam.md").write_text(f"---\ntitle: Dam opened\npublished: {stamp}\n---\n\n{WIRE}")
    result = CliRunner().invoke(cli, ["group", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout


def test_email_without_recipients_fails_before_building_the_briefing(tmp_path, monkeypatch):
    import digest.brief

    def must_not_run(*args, **kwargs):
        raise AssertionError("built the briefing")

    monkeypatch.setattr(digest.brief, "build_briefing", must_not_run)
    (tmp_path / "dam.txt").write_text(WIRE)
    result = CliRunner().invoke(cli, ["email", str(tmp_path), "--from", "desk@example.org", "--dry-run"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: --to: no recipients (give one, or set [recipients] in the config file)"]

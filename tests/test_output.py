"""Outputs of the small commands: every input article is accounted for, wire copies included."""

import json

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

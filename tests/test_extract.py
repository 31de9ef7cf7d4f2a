"""`digest extract`: per-article records and per-story reconciliation, through the CLI."""

import json

from click.testing import CliRunner

from digest.cli import cli

FIRST = """Shelling Kills Villagers Near Border Town

At least nine people were killed when shells hit the village of Karam on Monday, a local monitor said.

Turkey condemned the attack and urged both sides to respect the ceasefire.
"""

SECOND = """Border Shelling Toll Rises to 11

Eleven people were killed in the shelling of Karam, medics said on Tuesday.

The foreign minister of Turkey said Ankara would host talks if both sides agreed.
"""


def _write(tmp_path):
    paths = []
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        path = tmp_path / "Border Wire" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_extract_json_has_records_and_reconciled_story(tmp_path):
    result = CliRunner().invoke(cli, ["extract", *_write(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"articles", "casualties", "positions", "reconciled"}
    # the headline "Border Shelling Toll Rises to 11" is a mention too (one record per mention)
    assert sorted(f["count"] for f in data["casualties"] if f["kind"] == "killed") == [9, 11, 11]
    [story] = data["reconciled"]["stories"]
    # the headline's rising toll is a running total (cumulative), reconciled apart from the incident figures
    [killed] = [c for c in data["reconciled"]["casualties"] if c["kind"] == "killed" and c["scope"] == "incident"]
    assert (killed["low"], killed["high"], killed["story"]) == (9, 11, story["id"])
    assert any(p["actor"] == "Turkey" and p["stance"] == "criticize" for p in data["positions"])


def test_extract_only_casualties_text(tmp_path):
    result = CliRunner().invoke(cli, ["extract", *_write(tmp_path), "--only", "casualties"])
    assert result.exit_code == 0, result.output
    assert "Killed: 9\u201311" in result.stdout
    assert "Turkey" not in result.stdout

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


UPDATE = ("{title}\n\nA bus plunged into a ravine in the northern hills on Tuesday, killing {n} people, police said. "
          "The bus was carrying pilgrims home from a festival when its brakes failed on a steep bend near the village "
          "of Arlo, a police spokesman said. Rescue teams worked through the night to reach the wreck, and hospitals "
          "in the valley appealed for blood donors as relatives gathered outside.\n")


def _updated_copies(tmp_path):
    """Three wire copies of one story, each updating the toll: 12, then 19, then 27 killed."""
    records = [{"title": title, "text": UPDATE.format(title="", n=n).strip(), "source": outlet,
                "published": f"2026-03-03T{hour:02d}:00:00Z"}
               for title, n, outlet, hour in (("Bus crash in hills kills 12", 12, "Wire A", 8),
                                               ("Bus crash toll rises to 19", 19, "Wire B", 10),
                                               ("Hill bus crash: 27 dead", 27, "Wire C", 12))]
    path = tmp_path / "wires.json"
    path.write_text(json.dumps(records))
    return str(path)


def test_updated_wire_copies_keep_every_toll_and_its_own_outlet(tmp_path):
    result = CliRunner().invoke(cli, ["extract", _updated_copies(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 3
    [line] = [c for c in data["reconciled"]["casualties"] if c["kind"] == "killed" and c["scope"] == "incident"]
    assert (line["low"], line["high"], line["count"]) == (12, 27, 27)
    assert [(r["count"], r["outlets"]) for r in line["reports"]] == [(12, ["Wire A"]), (19, ["Wire B"]), (27, ["Wire C"])]


def test_updated_wire_copies_in_the_briefing(tmp_path):
    result = CliRunner().invoke(cli, ["brief", _updated_copies(tmp_path), "--no-history"])
    assert result.exit_code == 0, result.output
    assert "12–27 across reports (latest: 27 people; earlier: 12 Wire A, 19 Wire B)" in result.stdout

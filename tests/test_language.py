"""Language detection (offline, stop-word profiles) and what each command does with the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli

SAMPLES = Path(__file__).parents[1] / "benchmarks" / "data" / "language" / "samples.jsonl"
CASES = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]


def text_in(language: str) -> str:
    return "\n\n".join(case["text"] for case in CASES if case["language"] == language)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case['language']}-{case['text'][:20]}")
def test_detect_names_the_language_of_each_sample(case):
    from digest.language import detect

    assert detect(case["text"]) == case["language"]


def test_too_little_text_is_unknown():
    from digest.language import detect

    assert detect("Paris, 27 Nov") == "unknown"


def test_summarize_reports_and_uses_the_detected_language(tmp_path):
    path = tmp_path / "inondations.txt"
    path.write_text("Inondations dans le nord\n\n" + text_in("french"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarize", str(path), "--format", "json", "--sentences", "2"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "french" and len(data["sentences"]) == 2
    assert "French" in result.stderr


@pytest.mark.parametrize("language, name", [("chinese", "Chinese"), ("japanese", "Japanese")])
def test_chinese_and_japanese_are_not_supported(tmp_path, language, name):
    path = tmp_path / "article.txt"
    path.write_text(text_in(language), encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarize", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"language not supported ({name})" in errors[0]
    assert "no text to summarise" not in result.stderr


def test_brief_says_once_that_extraction_covers_english_only(tmp_path):
    (tmp_path / "fr.txt").write_text("Inondations dans le nord\n\n" + text_in("french"), encoding="utf-8")
    (tmp_path / "de.txt").write_text("Hochwasser im Norden\n\n" + text_in("german"), encoding="utf-8")
    (tmp_path / "en.txt").write_text("Bridge closed\n\nThe council said the old bridge would stay closed "
                                     "until Friday after engineers found cracks in two piers.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["brief", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "English only" in line]
    assert notes == ["warning: casualty and position extraction covers English only: "
                     "2 articles (French, German) were summarised but not extracted"]


def test_language_is_a_choice_with_auto(tmp_path):
    result = CliRunner().invoke(cli, ["summarize", "--language", "klingon", "-"], input="x")
    assert result.exit_code == 2
    assert "'auto'" in result.stderr and "'french'" in result.stderr

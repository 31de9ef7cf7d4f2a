"""The command line as a user meets it: help, version, exit codes, one-line errors, offline."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from digest import __version__
from digest.cli import cli

ARTICLE = """Ferry Service Suspended as Storm Nears Coast

Regional authorities suspended all ferry crossings on Tuesday as a powerful storm approached the northern coast.
Forecasters said winds could reach 140 kilometres an hour by the evening, with heavy rain expected inland.

Schools in three districts were closed and residents of low-lying villages were told to move to higher ground.
The coast guard said two fishing boats had returned to port after warnings were broadcast overnight.

Energy companies said crews were ready to repair power lines once the winds eased.
The transport ministry said crossings would resume only after inspectors had checked every harbour.

Farmers in the valley moved livestock to shelters, and the army sent trucks to help with evacuations.
Officials expect the storm to weaken over the mountains by Thursday morning.
"""


def run(*args, input=None, env=None):
    """Run the real `digest` entry point in a fresh process, as a user would."""
    return subprocess.run([sys.executable, "-m", "digest", *args], input=input, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", [[], ["summarize"], ["group"], ["extract"], ["brief"], ["email"]])
def test_help_on_every_command_has_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "digest " in result.output and "Example" in result.output


def test_paste_article_on_stdin_without_nltk_data(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    result = run("summarize", input=ARTICLE, env={"NLTK_DATA": str(empty)})
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 5
    assert all(line in " ".join(ARTICLE.split()) for line in lines)
    assert "Traceback" not in result.stderr


def test_empty_input_is_a_one_line_error():
    result = run("summarize", input="  \n\n")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "error: no text to summarise"
    assert "Traceback" not in result.stderr


def test_binary_file_is_named_in_a_one_line_error(tmp_path):
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    result = run("summarize", str(blob))
    assert result.returncode == 2
    assert "photo.jpg" in result.stderr
    assert "Traceback" not in result.stderr


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.replace("Regional", "Régional").encode("cp1252"))
    result = run("summarize", str(path), "--sentences", "2")
    assert result.returncode == 0, result.stderr
    assert "legacy.txt" in result.stderr and "cp1252" in result.stderr


def test_several_articles_json_respects_word_budget(tmp_path):
    paths = []
    for i, para in enumerate(ARTICLE.split("\n\n")[1:]):
        path = tmp_path / f"part{i}.txt"
        path.write_text(f"Storm report {i}\n\n{para}\n")
        paths.append(str(path))
    result = CliRunner().invoke(cli, ["summarize", *paths, "--words", "40", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sum(len(s["text"].split()) for s in data["sentences"]) <= 40
    assert {s["article"] for s in data["sentences"]} <= {a["id"] for a in data["articles"]}
    assert len(data["articles"]) == len(paths)


def test_conflicting_length_options_are_a_usage_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = CliRunner().invoke(cli, ["summarize", str(path), "--words", "40", "--sentences", "2"])
    assert result.exit_code == 2

"""digest.toml: what a daily job reads, the clear errors for a bad file, and command-line precedence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.config import load_config, window_to_since
from digest.errors import InputError

FULL = """
title = "Morning brief"
sources = ["inbox", "~/news", "https://example.org/feed.xml", "-"]
window = "last 24h"
max_stories = 8
sentences = 2
algorithm = "lexrank"
template_dir = "templates"
from = "Desk <desk@example.org>"
subject = "{title} — {date}"
reply_to = "editors@example.org"
list_unsubscribe = ["mailto:stop@example.org", "https://example.org/stop"]

[recipients]
to = ["Ana Pérez <ana@example.org>", "zoe@example.org"]
cc = "desk@example.org"
bcc = []

[smtp]
host = "smtp.example.org"
port = 587
ssl = false
starttls = true
user = "digest"
cafile = "/etc/ssl/ca.pem"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_file_maps_to_option_names(tmp_path):
    config = load_config(write(tmp_path, FULL))
    assert config["title"] == "Morning brief"
    assert config["sources"] == [str(tmp_path / "inbox"), str(Path("~/news").expanduser()),
                                 "https://example.org/feed.xml", "-"]
    assert config["since"] == "24h"
    assert (config["max_stories"], config["sentences"], config["algorithm"]) == (8, 2, "lexrank")
    assert config["template_dir"] == str(tmp_path / "templates")
    assert config["sender"] == "Desk <desk@example.org>"
    assert config["to"] == ["Ana Pérez <ana@example.org>", "zoe@example.org"]
    assert config["cc"] == ["desk@example.org"] and config["bcc"] == []
    assert config["reply_to"] == ["editors@example.org"]
    assert config["list_unsubscribe"] == ["mailto:stop@example.org", "https://example.org/stop"]
    assert (config["smtp_host"], config["smtp_port"], config["ssl"], config["starttls"]) == (
        "smtp.example.org", 587, False, True)
    assert (config["smtp_user"], config["smtp_cafile"]) == ("digest", "/etc/ssl/ca.pem")


@pytest.mark.parametrize(("window", "since"), [("last 24h", "24h"), ("last 3 days", "3d"), ("2d", "2d"),
                                                ("last 1 week", "7d"), ("Last 12 hours", "12h")])
def test_window(window, since):
    assert window_to_since(window) == since


@pytest.mark.parametrize(("text", "message"), [
    ("title = ", "not valid TOML"),
    ("colour = 'blue'", "unknown setting 'colour'"),
    ("[smtp]\nhots = 'x'", "unknown setting 'hots' in [smtp]"),
    ("[smtp]\npassword = 'hunter2'", "DIGEST_SMTP_PASSWORD"),
    ("max_stories = 'ten'", "max_stories must be a positive whole number"),
    ("max_stories = 0", "max_stories must be a positive whole number"),
    ("[smtp]\nport = 70000", "port number"),
    ("[smtp]\nssl = 'yes'", "ssl must be true or false"),
    ("window = 'yesterday'", "window must look like 'last 24h'"),
    ("[recipients]\nto = [1, 2]", "recipients.to must be a string or a list of strings"),
    ("recipients = 'ana@example.org'", "[recipients] must be a table"),
])
def test_bad_files_are_input_errors(tmp_path, text, message):
    with pytest.raises(InputError, match=re.escape(message)) as error:
        load_config(write(tmp_path, text))
    assert "digest.toml" in str(error.value)
    assert "hunter2" not in str(error.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(InputError, match="is a folder"):
        load_config(tmp_path)


def test_not_utf8(tmp_path):
    path = tmp_path / "digest.toml"
    path.write_bytes(b"title = '\xff'\n")
    with pytest.raises(InputError, match="digest.toml"):
        load_config(path)


def test_bad_config_is_exit_2_with_one_line(tmp_path):
    path = write(tmp_path, "colour = 'blue'")
    for command in ("email", "brief"):
        result = CliRunner().invoke(cli, [command, "--config", str(path), "x.txt"])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.count("\n") == 1 and "unknown setting 'colour'" in result.stderr


# --- where the settings file is: --config, DIGEST_CONFIG, the user config folder ----------------

STORY = ("Bridge closed\n\nThe council said the old river bridge would stay closed until Friday after engineers "
         "found cracks in two of its piers.\n")


def user_config(private_home: Path, text: str) -> Path:
    path = private_home / ".config" / "digest" / "digest.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def brief_title(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["brief", str(source), "--no-history", *args], env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[0]


def test_the_user_config_file_is_read_without_being_named(tmp_path, private_home):
    user_config(private_home, 'title = "Night desk"\n')
    assert brief_title(tmp_path) == "# Night desk"


def test_digest_config_points_elsewhere_and_config_wins_over_both(tmp_path, private_home):
    user_config(private_home, 'title = "Night desk"\n')
    other = write(tmp_path, 'title = "Weekend desk"\n')
    assert brief_title(tmp_path, env={"DIGEST_CONFIG": str(other)}) == "# Weekend desk"
    third = tmp_path / "third.toml"
    third.write_text('title = "Third desk"\n', encoding="utf-8")
    assert brief_title(tmp_path, "--config", str(third), env={"DIGEST_CONFIG": str(other)}) == "# Third desk"


def test_a_missing_digest_config_file_is_an_error(tmp_path):
    result = CliRunner().invoke(cli, ["brief", "x.txt"], env={"DIGEST_CONFIG": str(tmp_path / "gone.toml")})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: config {tmp_path / 'gone.toml'}: no such file (from DIGEST_CONFIG)"]


def test_config_path_and_show(tmp_path, private_home):
    result = CliRunner().invoke(cli, ["config", "--path"])
    assert result.exit_code == 0 and result.stdout == f"{private_home / '.config' / 'digest' / 'digest.toml'}\n"
    user_config(private_home, 'title = "Night desk"\nmax_stories = 4\n[smtp]\nhost = "mail.example.org"\n')
    shown = CliRunner().invoke(cli, ["config", "--show"])
    assert shown.exit_code == 0, shown.stderr
    assert 'title = "Night desk"' in shown.stdout and "max_stories = 4" in shown.stdout
    assert 'smtp_host = "mail.example.org"' in shown.stdout and "sentences = 3" in shown.stdout


def test_init_writes_a_commented_example_that_loads_once_uncommented(private_home):
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.stderr
    path = private_home / ".config" / "digest" / "digest.toml"
    text = path.read_text(encoding="utf-8")
    assert load_config(path) == {}  # everything commented out: the defaults
    lines = [line[2:] if line.startswith("# ") and ("=" in line or line.startswith("# [")) else line
             for line in text.splitlines()]
    path.write_text("\n".join(lines), encoding="utf-8")
    loaded = load_config(path)
    assert {"title", "sources", "max_stories", "threshold", "language", "sender", "to", "smtp_host"} <= set(loaded)
    again = CliRunner().invoke(cli, ["init"])
    assert again.exit_code == 2 and "already exists" in again.stderr

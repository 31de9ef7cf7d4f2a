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

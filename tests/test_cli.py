"""The command line as a user meets it: help, version, exit codes, one-line errors, offline."""

import json
import os
import subprocess
import sys
from pathlib import Path

import click
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
    assert result.stderr.strip().splitlines() == ["error: <stdin>: empty file"]
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
    lengths = [len(s["text"].split()) for s in data["sentences"]]
    assert lengths and sum(lengths[:-1]) <= 40 - 6  # only the last sentence shown may run past 40
    assert {s["article"] for s in data["sentences"]} <= {a["id"] for a in data["articles"]}
    assert len(data["articles"]) == len(paths)


def test_conflicting_length_options_are_a_usage_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = CliRunner().invoke(cli, ["summarize", str(path), "--words", "40", "--sentences", "2"])
    assert result.exit_code == 2


# --- Bad input across the command line: one `error:` line, the right exit status, nothing lost ---


def article_file(tmp_path, name="storm.txt"):
    path = tmp_path / name
    path.write_text(ARTICLE)
    return path


def error_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("args, names", [
    (["summarize", "{a}", "--ratio", "2"], "--ratio"),
    (["summarize", "{a}", "--format", "pdf"], "--format"),
    (["group", "{a}", "--threshold", "7"], "--threshold"),
    (["brief", "{a}", "--max-stories", "0"], "--max-stories"),
    (["email", "{a}", "--smtp-port", "0"], "--smtp-port"),
    (["frobnicate"], "frobnicate"),
    (["--frob", "brief"], "--frob"),
])
def test_bad_option_values_are_one_error_line_naming_the_option(tmp_path, args, names):
    path = article_file(tmp_path)
    result = run(*(a.replace("{a}", str(path)) for a in args))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == error_lines(result.stderr)
    assert len(error_lines(result.stderr)) == 1 and names in result.stderr and "--help" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    article_file(folder)
    os.mkfifo(folder / "feed.txt")
    result = run("summarize", str(folder), "--sentences", "2")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    assert f"warning: {folder / 'feed.txt'}: not a regular file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_named_pipe_is_written_through_it(tmp_path):
    import threading

    source, pipe = article_file(tmp_path), tmp_path / "out.fifo"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()))
    reader.start()
    result = run("summarize", str(source), "--sentences", "2", "-o", str(pipe))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(received[0].splitlines()) == 2
    assert not pipe.is_file() and pipe.exists()  # still the pipe, not a file renamed over it


def test_output_through_a_symlink_keeps_the_link(tmp_path):
    source, real, link = article_file(tmp_path), tmp_path / "latest-real.md", tmp_path / "latest.md"
    real.write_text("yesterday\n")
    link.symlink_to(real)
    result = run("summarize", str(source), "--sentences", "1", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    written = real.read_text().strip()
    assert written and written in " ".join(ARTICLE.split())


@pytest.mark.parametrize("output", ["{tmp}", "{a}/briefing.md"])
def test_unwritable_output_fails_before_the_work(tmp_path, output):
    path = article_file(tmp_path)
    result = run("brief", str(path), "-o", output.format(tmp=tmp_path, a=path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == error_lines(result.stderr)
    assert "cannot write" in result.stderr and "read 1 article" not in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stdout_is_one_error_line():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "digest", "summarize"], input=ARTICLE, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: cannot write to standard output: No space left on device"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell")
def test_closed_stdout_is_an_error_not_a_silent_loss(tmp_path):
    path = article_file(tmp_path)
    result = subprocess.run(["sh", "-c", 'exec "$0" -m digest summarize "$1" >&-', sys.executable, str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert error_lines(result.stderr) == ["error: standard output is closed (give -o FILE)"]


def test_library_warnings_are_warning_lines(tmp_path):
    result = run("summarize", str(article_file(tmp_path)), "--words", "1")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines)


def test_filters_that_leave_nothing_say_so(tmp_path):
    result = run("group", str(article_file(tmp_path)), "--source", "no such outlet")
    assert result.returncode == 2
    assert error_lines(result.stderr) == ["error: no articles (1 read but left out by --date/--since/--until/--source)"]


EMAIL = ["--from", "desk@example.org", "--to", "ana@example.org"]


@pytest.mark.parametrize("subject", ["{title.__class__}", "{title[0]}", "{0}", "{}"])
def test_subject_takes_only_the_named_placeholders(tmp_path, subject):
    result = CliRunner().invoke(cli, ["email", str(article_file(tmp_path)), *EMAIL, "--subject", subject,
                                      "--dry-run"])
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [error_lines(result.stderr)[0]]
    assert f"unknown placeholder {subject}" in result.stderr


def test_empty_smtp_host_is_an_input_error(tmp_path):
    result = CliRunner().invoke(cli, ["email", str(article_file(tmp_path)), *EMAIL, "--smtp-host", "",
                                      "--save-eml", str(tmp_path / "b.eml")])
    assert result.exit_code == 2
    assert error_lines(result.stderr) == ["error: --smtp-host is empty"]


def test_a_host_that_does_not_exist_is_not_retried(tmp_path, monkeypatch):
    import socket

    lookups = []

    def no_such_name(host, *args, **kwargs):
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    saved = tmp_path / "briefing.eml"
    result = CliRunner().invoke(cli, ["email", str(article_file(tmp_path)), *EMAIL, "--smtp-host", "mail.invalid",
                                      "--save-eml", str(saved)])
    assert result.exit_code == 3
    assert lookups == ["mail.invalid"]
    assert saved.is_file() and str(saved) in error_lines(result.stderr)[0]


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_while_sending_says_where_the_message_is(tmp_path):
    import signal

    saved = tmp_path / "briefing.eml"
    args = ["email", str(article_file(tmp_path)), *EMAIL, "--smtp-host", "127.0.0.1",
            "--smtp-port", str(_free_port()), "--save-eml", str(saved)]
    proc = subprocess.Popen([sys.executable, "-m", "digest", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    seen = []
    for line in proc.stderr:  # the first try failed: it now waits before the next one
        seen.append(line)
        if "trying again" in line:
            proc.send_signal(signal.SIGINT)
            break
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 3, "".join(seen) + rest
    assert proc.stdout.read() == ""
    assert saved.is_file()
    assert error_lines(rest) == [f"error: interrupted while sending (the server may not have it); the message is "
                                 f"saved in {saved} (send it later with: digest email --resend {saved})"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_is_one_line_and_exit_130():
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "digest", "summarize", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(ARTICLE)
    proc.stdin.flush()
    time.sleep(2)  # still reading stdin: it is never closed
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert out == "" and "Traceback" not in err
    assert len(error_lines(err)) == 1


def test_global_flags_also_work_after_the_command(tmp_path):
    path = tmp_path / "storm.txt"
    path.write_text(ARTICLE)
    result = run("summarize", str(path), "--sentences", "2", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 2


def test_a_failed_send_spools_under_the_test_home_not_the_real_outbox(tmp_path, monkeypatch, private_home):
    from conftest import REAL_DIRS

    from digest import mail

    before = REAL_DIRS.outbox_listing()
    monkeypatch.setattr(mail, "RETRY_DELAYS", (0.0, 0.0))
    result = CliRunner().invoke(cli, ["email", str(article_file(tmp_path)), *EMAIL, "--smtp-host", "127.0.0.1",
                                      "--smtp-port", str(_free_port())])
    assert result.exit_code == 3, result.stderr
    saved = mail.spool_dir()
    assert saved.is_relative_to(private_home) and len(list(saved.glob("*.eml"))) == 1
    assert str(saved) in error_lines(result.stderr)[0]
    assert REAL_DIRS.outbox_listing() == before


def test_output_into_a_missing_folder_is_refused_not_created(tmp_path):
    target = tmp_path / "briefngs" / "today.md"
    result = run("summarize", str(article_file(tmp_path)), "-o", str(target))
    assert result.returncode == 2
    assert error_lines(result.stderr) == [f"error: cannot write {target}: no folder {target.parent}"]
    assert not target.parent.exists()


def test_every_package_in_the_tree_is_listed_for_installation():
    """`pip install .` (not editable) installs only the packages setup.cfg lists: a new subpackage
    missing there works in a checkout and breaks on a user's machine."""
    import configparser

    root = Path(__file__).resolve().parent.parent
    config = configparser.ConfigParser()
    config.read(root / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "digest").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


@pytest.mark.skipif(sys.platform == "win32" or not os.path.exists("/bin/bash"), reason="needs bash")
def test_process_substitution_is_read_as_a_file(tmp_path):
    path = article_file(tmp_path)
    result = subprocess.run(["bash", "-c", f'"{sys.executable}" -m digest summarize <(cat "{path}") --sentences 2'],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_given_by_name_is_read(tmp_path):
    import threading

    pipe = tmp_path / "article.fifo"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(ARTICLE), daemon=True)
    writer.start()
    result = run("summarize", str(pipe), "--sentences", "2")
    if writer.is_alive():  # refused unread: let the writer go
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize("address", ["not an address", "ana", "ana@localhost"])
def test_an_address_that_is_not_one_is_named_whole(tmp_path, address):
    result = CliRunner().invoke(cli, ["email", str(article_file(tmp_path)), "--from", "desk@example.org",
                                      "--to", address, "--dry-run"])
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [f"error: --to: {address!r} is not an email address"]


def test_one_unpunctuated_run_says_why_it_cannot_be_summarised():
    words = ("officials said the river rose again near the old bridge " * 500).split()
    result = CliRunner().invoke(cli, ["summarize", "-"], input=" ".join(words))
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        f"error: no sentences to summarise: the text is one run of {len(words):,} words without sentence "
        "punctuation (longer than 120 words is not a sentence)"]


def test_fragments_only_say_so():
    result = CliRunner().invoke(cli, ["summarize", "-"], input="Storm warning.\n\nFerries stopped.\n")
    assert result.exit_code == 2
    assert error_lines(result.stderr) == ["error: no sentences to summarise: only fragments under 6 words"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [["summarize"], ["summarize", "-"]])
def test_paste_on_a_terminal_prompts_and_reads_until_ctrl_d(args):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "digest", *args, "--sentences", "2"], stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(slave)
    try:
        os.write(master, ARTICLE.encode() + b"\n\x04")
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        os.close(master)
    assert proc.returncode == 0, err
    assert len(out.splitlines()) == 2
    assert "Ctrl-D" in err.splitlines()[0]


def test_short_version_flag():
    result = CliRunner().invoke(cli, ["-V"])
    assert result.exit_code == 0 and __version__ in result.stdout


def test_every_option_of_every_command_has_help():
    missing = [f"{name} {param.opts[0]}" for name, command in cli.commands.items() for param in command.params
               if isinstance(param, click.Option) and not param.help and param.name != "help"]
    assert missing == []


def test_an_unknown_source_name_suggests_the_known_outlets(tmp_path):
    folder = tmp_path / "Westhaven Times"
    folder.mkdir()
    article_file(folder)
    result = CliRunner().invoke(cli, ["group", str(folder), "--source", "Westhaven Tims"])
    assert result.exit_code == 2
    assert "warning: no outlet is called 'Westhaven Tims' (did you mean 'Westhaven Times'?)" in result.stderr


def test_a_local_file_over_the_size_cap_is_skipped(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 3)  # 2,529 bytes
    result = CliRunner().invoke(cli, ["summarize", str(path), "--max-size", "1KB"])
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [f"error: {path}: file over the 1 KB cap (2 KB)"]
    assert CliRunner().invoke(cli, ["summarize", str(path), "--max-size", "4KB"]).exit_code == 0

"""`digest.toml`: the settings a daily job repeats every morning, read with `tomllib`.

The file is a convenience, never a second source of truth: `load_config` returns a flat dict whose
keys are the names of `digest.settings.Settings`, and `Settings.resolve` fills in from it only the
options the command line left unset, so an option given on the command line always wins. The SMTP password never lives in the file (only in the environment variable
DIGEST_SMTP_PASSWORD).

Where it is: `--config FILE`, else the file named by the environment variable DIGEST_CONFIG,
else `digest.toml` in the user's config folder (platformdirs: ~/.config/digest/digest.toml on
Linux) when it exists. `digest init` writes EXAMPLE there, every setting commented out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from digest.errors import InputError

# file key -> (option name, type); "paths" are resolved against the file's folder
_TOP: dict[str, tuple[str, str]] = {
    "sources": ("sources", "sources"),
    "title": ("title", "str"),
    "template_dir": ("template_dir", "path"),
    "max_stories": ("max_stories", "int"),
    "sentences": ("sentences", "int"),
    "algorithm": ("algorithm", "str"),
    "window": ("since", "window"),
    "since": ("since", "str"),
    "until": ("until", "str"),
    "date": ("date", "str"),
    "tz": ("tz", "str"),
    "threshold": ("threshold", "fraction"),
    "jobs": ("jobs", "int"),
    "scheduler": ("scheduler", "str"),
    "language": ("language", "str"),
    "max_size": ("max_size", "size"),
    "db": ("db", "path"),
    "history": ("history", "bool"),
    "from": ("sender", "address"),
    "subject": ("subject", "str"),
    "reply_to": ("reply_to", "addresses"),
    "list_unsubscribe": ("list_unsubscribe", "strs"),
    "save_eml": ("save_eml", "path"),
    "full": ("full", "bool"),
    "charts": ("charts", "bool"),
}
_RECIPIENTS: dict[str, tuple[str, str]] = {
    "to": ("to", "addresses"),
    "cc": ("cc", "addresses"),
    "bcc": ("bcc", "addresses"),
}
_SMTP: dict[str, tuple[str, str]] = {
    "host": ("smtp_host", "str"),
    "port": ("smtp_port", "port"),
    "ssl": ("ssl", "bool"),
    "starttls": ("starttls", "bool"),
    "user": ("smtp_user", "str"),
    "cafile": ("smtp_cafile", "path"),
}
CONFIG_ENV = "DIGEST_CONFIG"

EXAMPLE = """\
# digest.toml: the settings a daily run repeats. Options on the command line win over this file.
# Uncomment what you need. Relative paths are relative to this file.

# title = "Morning briefing"
# sources = ["~/news/inbox", "https://example.org/world/feed.xml"]
# window = "last 24h"          # or since = "24h" / until = "..." / date = "2026-11-27"
# tz = "Europe/London"
# max_stories = 8
# sentences = 3
# algorithm = "default"
# threshold = 0.35             # how probably a story's articles report one event (0-1)
# jobs = 2                     # processes for the per-story work
# scheduler = "tcp://sched.example:8786"  # or a Dask cluster for it (pip install "digest[dask]")
# language = "auto"            # or english, french, german ...
# max_size = "10 MB"           # larger files, pages and feeds are skipped
# db = "~/news/history.sqlite3"  # the history database (default: the user data folder)
# history = true               # false: no NEW/UPDATED marks, nothing recorded
# template_dir = "templates"
# full = false                 # true: every casualty and stance line, every article
# charts = false               # no coverage chart or toll timelines in the HTML
# from = "Digest <digest@example.org>"
# subject = "{title} — {date} — {stories_label}"
# reply_to = "desk@example.org"
# list_unsubscribe = "mailto:digest-unsubscribe@example.org"
# save_eml = "outbox/latest.eml"

# [recipients]
# to = ["Ana Pérez <ana@example.org>"]
# cc = []
# bcc = ["archive@example.org"]

# [smtp]                       # the password only ever comes from DIGEST_SMTP_PASSWORD
# host = "smtp.example.org"
# port = 587
# starttls = true
# user = "digest@example.org"
# cafile = "/etc/ssl/private-ca.pem"
"""


def default_path() -> Path:
    """digest.toml in the user's config folder (it may not exist)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("digest")) / "digest.toml"


def config_path(explicit: str | None = None) -> tuple[Path | None, str]:
    """The settings file to read and where its name came from ('--config', DIGEST_CONFIG, 'default');
    None when no file is named and the default one does not exist."""
    import os

    if explicit:
        return Path(explicit).expanduser(), "--config"
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser(), CONFIG_ENV
    path = default_path()
    return (path if path.is_file() else None), "default"


def load_user_config(explicit: str | None = None) -> dict[str, Any]:
    """The settings of the file `config_path` finds, {} when there is none."""
    path, origin = config_path(explicit)
    if path is None:
        return {}
    if origin == CONFIG_ENV and not path.exists():
        raise InputError(f"config {path}: no such file (from {CONFIG_ENV})")
    return load_config(path)


_WINDOW = re.compile(r"^(?:last\s+)?(\d+)\s*(h|d|w|hours?|days?|weeks?)$", re.IGNORECASE)


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a digest.toml into {option name: value}; InputError (exit 2) names the file and the problem."""
    import tomllib

    file = Path(path).expanduser()
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"config {path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"config {path}: is a folder, not a TOML file") from None
    except OSError as exc:
        raise InputError(f"config {path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"config {path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"config {path}: not UTF-8 text") from None

    base = file.resolve().parent
    config: dict[str, Any] = {}
    for key, value in data.items():
        if key == "recipients":
            config.update(_section(value, _RECIPIENTS, "recipients", base, path))
        elif key == "smtp":
            if isinstance(value, Mapping) and "password" in value:
                raise InputError(f"config {path}: [smtp] password is not read from a file; "
                                 "set the environment variable DIGEST_SMTP_PASSWORD instead")
            config.update(_section(value, _SMTP, "smtp", base, path))
        elif key in _TOP:
            name, kind = _TOP[key]
            config[name] = _convert(value, kind, key, base, path)
        else:
            raise InputError(f"config {path}: unknown setting {key!r} (known: {', '.join(_known())})")
    return config


def _known() -> list[str]:
    return [*_TOP, "[recipients] " + "/".join(_RECIPIENTS), "[smtp] " + "/".join(_SMTP)]


def _section(value: Any, keys: dict[str, tuple[str, str]], section: str, base: Path,
             path: str | Path) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"config {path}: [{section}] must be a table")
    found = {}
    for key, item in value.items():
        if key not in keys:
            raise InputError(f"config {path}: unknown setting {key!r} in [{section}] (known: {', '.join(keys)})")
        name, kind = keys[key]
        found[name] = _convert(item, kind, f"{section}.{key}", base, path)
    return found


def _convert(value: Any, kind: str, key: str, base: Path, path: str | Path) -> Any:
    def bad(expected: str) -> InputError:
        return InputError(f"config {path}: {key} must be {expected}, not {value!r}")

    if kind in ("str", "address", "path", "window"):
        if not isinstance(value, str) or not value.strip():
            raise bad("a non-empty string")
        value = value.strip()
        if kind == "path":
            return str(_resolve(value, base))
        if kind == "window":
            return window_to_since(value, key, path)
        return value
    if kind in ("strs", "addresses", "sources"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
            raise bad("a string or a list of strings")
        items = [v.strip() for v in items]
        if kind == "sources":
            return [v if _is_special_source(v) else str(_resolve(v, base)) for v in items]
        return items
    if kind in ("int", "port"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad("a positive whole number")
        if kind == "port" and value > 65535:
            raise bad("a port number (1-65535)")
        return value
    if kind == "fraction":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise bad("a number from 0 to 1")
        return float(value)
    if kind == "size":
        size = value if isinstance(value, int) and not isinstance(value, bool) else parse_size(value)
        if size is None or size < 1:
            raise bad("a size such as \"10 MB\" or \"500 KB\" (or a number of bytes)")
        return size
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    raise AssertionError(f"unknown config kind {kind}")


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


def parse_size(value: object) -> int | None:
    """'10 MB', '500KB', '2g', '4096' → bytes (powers of 1024); None when it is no size."""
    match = _SIZE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    factor = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def window_to_since(value: str, key: str = "window", path: str | Path = "digest.toml") -> str:
    """'last 24h', 'last 3 days', '2d' → the `--since` value ('24h', '3d'); InputError otherwise."""
    match = _WINDOW.match(value.strip())
    if not match:
        raise InputError(f"config {path}: {key} must look like 'last 24h' or 'last 3 days', not {value!r}")
    number, unit = int(match.group(1)), match.group(2)[0].lower()
    return f"{number * 7}d" if unit == "w" else f"{number}{unit}"


def _is_special_source(source: str) -> bool:
    return source == "-" or "://" in source


def _resolve(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path

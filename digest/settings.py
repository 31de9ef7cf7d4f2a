"""Everything the config file and the command-line options set, as one typed, validated object.

`Settings.resolve(options, config)` takes the options given on the command line over the
settings read from digest.toml (`digest.config.load_config`) over the defaults here, and checks
every value once; the stages then read plain attributes and validate nothing again. Errors are
`SettingError`s naming the setting (`max_stories`), never a command-line flag: the CLI turns the
setting into the flag that sets it (`--max-stories`), as sqlite-utils' CLI maps `AlterError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from digest.errors import SettingError

DEFAULT_MAX_SIZE = 10 * 1024 * 1024  # per file, page or feed (DESIGN: the 10 MB cap on URLs)
_SCHEDULER = re.compile(r"^(?:tcp|tls|inproc|ucx|ws|wss)://\S+$")
FORMATS = ("markdown", "html", "text", "json")
# Briefing settings only `brief` and `email` take from the config file; every command reads the rest.
BRIEFING_ONLY = frozenset({"sources", "format", "title", "max_stories", "sentences", "algorithm", "template_dir",
                           "date", "since", "until", "full", "charts"})


@dataclass(frozen=True)
class MailSettings:
    """Who gets the briefing and through which server (`digest email`)."""

    sender: str | None = None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    reply_to: tuple[str, ...] = ()
    subject: str | None = None
    list_unsubscribe: tuple[str, ...] = ()
    save_eml: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    ssl: bool | None = None
    starttls: bool | None = None
    smtp_user: str | None = None
    smtp_cafile: str | None = None

    def smtp(self) -> dict[str, Any]:
        """The server settings under `digest.mail.SMTPSettings`' names (those set)."""
        values = {"host": self.smtp_host, "port": self.smtp_port, "ssl": self.ssl, "starttls": self.starttls,
                  "user": self.smtp_user, "cafile": self.smtp_cafile}
        return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Settings:
    """One run's settings; the defaults are what `digest brief` does with no options and no file."""

    sources: tuple[str, ...] = ()
    format: str = "markdown"
    title: str = "Daily briefing"
    max_stories: int = 10
    sentences: int = 3
    algorithm: str = "default"
    template_dir: str | None = None
    full: bool = False  # every casualty and stance line, every source and the day-level tables
    charts: bool = True  # coverage chart and toll timelines in HTML
    date: str | None = None
    since: str | None = None
    until: str | None = None
    tz: str | None = None
    include_sources: tuple[str, ...] = ()
    exclude_sources: tuple[str, ...] = ()
    offline: bool = False
    follow_links: bool = False
    strict: bool = False
    threshold: float | None = None
    jobs: int | None = None
    scheduler: str | None = None  # a Dask scheduler (tcp://HOST:PORT) for the per-story work, instead of jobs
    language: str = "auto"
    max_size: int = DEFAULT_MAX_SIZE
    db: str | None = None  # the history database (default: digest.store.default_db_path)
    history: bool = True  # compare with earlier runs and record this one
    refresh: bool = False  # fetch URLs in full, ignoring the fetch cache
    mail: MailSettings = field(default_factory=MailSettings)

    @classmethod
    def resolve(cls, options: Mapping[str, Any], config: Mapping[str, Any] | None = None, *,
                briefing: bool = True) -> Settings:
        """Options given (not None, not empty) over `config` over the defaults, validated.

        With `briefing=False` (summarize, group, extract) the config file's briefing settings
        (sources, title, sentences …) are not taken: they describe the morning's briefing.
        """
        config = {k: v for k, v in (config or {}).items() if briefing or k not in BRIEFING_ONLY}
        given = {k: v for k, v in options.items() if v not in (None, (), [])}
        merged = {**config, **given}
        mail_names = {f.name for f in fields(MailSettings)}
        top_names = {f.name for f in fields(cls)} - {"mail"}
        unknown = set(merged) - mail_names - top_names
        if unknown:
            raise SettingError(sorted(unknown)[0], "is not a setting")
        mail = MailSettings(**{k: _tuple(v) if isinstance(getattr(MailSettings, k, None), tuple) else v
                               for k, v in merged.items() if k in mail_names})
        top = {k: v for k, v in merged.items() if k in top_names}
        for key in ("sources", "include_sources", "exclude_sources"):
            if key in top:
                top[key] = _tuple(top[key])
        return cls(**top, mail=mail).validated()

    def validated(self) -> Settings:
        """This object, after checking every value (SettingError for the first bad one)."""
        from digest.summarizers import ALGORITHMS

        for name in ("max_stories", "sentences", "max_size"):
            _whole(name, getattr(self, name))
        if self.jobs is not None:
            _whole("jobs", self.jobs)
        if self.scheduler is not None and not _SCHEDULER.match(str(self.scheduler)):
            raise SettingError("scheduler", f"expected a Dask scheduler address such as tcp://HOST:PORT, "
                                            f"not {self.scheduler!r}")
        if self.mail.smtp_port is not None:
            _whole("smtp_port", self.mail.smtp_port)
            if self.mail.smtp_port > 65535:
                raise SettingError("smtp_port", f"must be a port number (1-65535), not {self.mail.smtp_port}")
        if self.threshold is not None and (isinstance(self.threshold, bool) or
                                           not isinstance(self.threshold, int | float) or
                                           not 0 <= self.threshold <= 1):
            raise SettingError("threshold", f"must be a number from 0 to 1, not {self.threshold!r}")
        if self.algorithm not in ALGORITHMS:
            raise SettingError("algorithm", f"unknown algorithm {self.algorithm!r} "
                                            f"(choose from {', '.join(sorted(ALGORITHMS))})")
        if self.format not in FORMATS:
            raise SettingError("format", f"unknown format {self.format!r} (choose from {', '.join(FORMATS)})")
        from digest.language import CHOICES

        if self.language not in CHOICES:
            raise SettingError("language", f"unknown language {self.language!r} (choose from {', '.join(CHOICES)})")
        return self

    def as_toml(self) -> str:
        """Every setting in effect as `name = value` lines (unset ones commented), for `digest config --show`."""
        import json

        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "mail"}
        values.update({f.name: getattr(self.mail, f.name) for f in fields(self.mail)})
        lines = []
        for name, value in values.items():
            if value is None:
                lines.append(f"# {name} is not set")
            else:
                lines.append(f"{name} = {json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)}")
        return "\n".join(lines) + "\n"

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings changed, validated again."""
        return replace(self, **changes).validated()


def _tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _whole(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingError(name, f"must be a whole number of at least 1, not {value!r}")

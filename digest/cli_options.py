"""The command line's option groups, as decorators (sqlite-utils' `output_options` style): the
options several commands share are declared once, so their names, types and help never drift."""

from __future__ import annotations

from collections.abc import Callable

import click

from digest.summarizers import ALGORITHMS


class SizeType(click.ParamType):
    """'10MB', '500 KB', '4096' as a number of bytes."""

    name = "size"

    def convert(self, value, param, ctx):
        from digest.config import parse_size

        size = value if isinstance(value, int) else parse_size(value)
        if not size:
            self.fail(f"{value!r} is not a size such as 500KB or 10MB", param, ctx)
        return size

def source_options(func: Callable) -> Callable:
    """The SOURCE arguments and the ingestion options every command shares (DESIGN.md)."""
    return _options(func, [
        click.option("--offline", is_flag=True, default=None, help="Refuse every URL (no network access)."),
        click.option("--follow-links", is_flag=True, default=None,
                     help="For feeds, fetch each entry's page for the full text."),
        click.option("--strict", is_flag=True, default=None, help="Treat any skipped input as an error (exit 2)."),
        click.option("--date", metavar="YYYY-MM-DD", help="Only articles published on that day."),
        click.option("--since", metavar="WHEN", help="Only articles published since (ISO date/time or 24h, 3d)."),
        click.option("--until", metavar="WHEN", help="Only articles published until (ISO date/time or 24h, 3d)."),
        click.option("--tz", metavar="ZONE", help="Time zone for --date (default: local)."),
        click.option("--source", "include_sources", multiple=True, metavar="NAME", help="Only this outlet (repeatable)."),
        click.option("--exclude-source", "exclude_sources", multiple=True, metavar="NAME", help="Leave this outlet out."),
        click.option("--max-size", type=SizeType(), default=None, metavar="SIZE",
                     help="Skip files, pages and feeds larger than this (default 10 MB; e.g. 500KB, 50MB)."),
        click.option("--config", "config_path", metavar="FILE",
                     help="Settings file (default: $DIGEST_CONFIG, else digest.toml in the user config folder, "
                          "see 'digest config --path'); command-line options override it."),
        click.argument("sources", nargs=-1, metavar="[SOURCE]..."),
    ])

def _options(func: Callable, options: list[Callable]) -> Callable:
    for option in reversed(options):
        func = option(func)
    return func

def output_options(formats: list[str], default: str | None) -> Callable[[Callable], Callable]:
    """-f/--format and -o/--output, for every command that writes a result."""
    def decorate(func: Callable) -> Callable:
        return _options(func, [
            click.option("-f", "--format", "format", type=click.Choice(formats), default=default,
                         show_default=default is not None,
                         help="Output format" + ("." if default else f" (default {formats[0]}).")),
            click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
        ])
    return decorate

def briefing_options(func: Callable) -> Callable:
    """What a briefing holds: the options `brief` and `email` share."""
    return _options(func, [
        click.option("--max-stories", type=click.IntRange(min=1), default=None,
                     help="Stories shown in full (default 10); the rest are listed as 'Also reported'."),
        click.option("-n", "--sentences", type=click.IntRange(min=1), default=None,
                     help="Summary sentences per story (default 3)."),
        click.option("-a", "--algorithm", type=click.Choice(list(ALGORITHMS)), default=None,
                     help="Summary algorithm (default: default)."),
        click.option("--template-dir", metavar="DIR", help="Templates here override the built-in ones by file name."),
        click.option("--title", help='Title of the briefing (default "Daily briefing").'),
        click.option("--full", is_flag=True, default=None,
                     help="Every casualty and stance line, every source, and the day-level tables (default compact)."),
        click.option("--charts/--no-charts", default=None,
                     help="Coverage chart and toll timelines in HTML (default on; PNG drawn offline)."),
        threshold_option,
        jobs_option,
        db_option,
        click.option("--history/--no-history", "history", default=None,
                     help="Compare with earlier runs and record this one (default), or keep no history."),
        click.option("--refresh", is_flag=True, default=None,
                     help="Fetch every URL in full, ignoring the cache of earlier fetches."),
    ])

def db_option(func: Callable) -> Callable:
    """--db for the commands that read or write the history store."""
    return click.option("--db", metavar="PATH",
                        help="History database (default: history.sqlite3 in the user data folder).")(func)

def jobs_option(func: Callable) -> Callable:
    """--jobs and --scheduler for the commands that build a briefing: where the per-story work runs."""
    func = click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
                        help='A Dask scheduler to run the per-story work on instead (pip install "digest[dask]").')(func)
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Processes for the per-story work (default: one per core).")(func)

def threshold_option(func: Callable) -> Callable:
    """--threshold for every command that groups articles into stories."""
    return click.option("--threshold", type=click.FloatRange(0, 1), default=None,
                        help="Average probability (0-1) that a story's articles report one event; default 0.35. "
                             "Lower: fewer, bigger stories.")(func)

def mail_options(func: Callable) -> Callable:
    """Recipients, sender, subject and the SMTP server (`digest email`)."""
    return _options(func, [
        click.option("--to", multiple=True, metavar="ADDRESS", help="Recipient (repeatable; 'Name <a@b.org>' works)."),
        click.option("--cc", multiple=True, metavar="ADDRESS", help="Copy recipient (repeatable)."),
        click.option("--bcc", multiple=True, metavar="ADDRESS", help="Hidden recipient (repeatable; not in the headers)."),
        click.option("--from", "sender", metavar="ADDRESS", help="Sender address."),
        click.option("--reply-to", multiple=True, metavar="ADDRESS", help="Reply-To address (repeatable)."),
        click.option("--subject", help="Subject, with {title} {date} {date_iso} {stories} {stories_label} {articles} "
                                       "{outlets} (default '{title} — {date} — {stories_label}')."),
        click.option("--smtp-host", metavar="HOST", help="SMTP server (default localhost)."),
        click.option("--smtp-port", type=click.IntRange(1, 65535), help="Port (default 465 with --ssl, 587 with "
                                                                         "--smtp-user, else 25)."),
        click.option("--ssl/--no-ssl", "ssl", default=None, help="Implicit TLS (usually port 465)."),
        click.option("--starttls/--no-starttls", default=None,
                     help="Require STARTTLS / never use it (default: use it when the server offers it)."),
        click.option("--smtp-user", metavar="USER", help="Log in as USER; the password is read from DIGEST_SMTP_PASSWORD."),
        click.option("--smtp-cafile", metavar="FILE", help="Trust this CA certificate (PEM) for the server's TLS."),
        click.option("--save-eml", metavar="PATH", help="Save the message here before sending (default: the spool folder)."),
    ])

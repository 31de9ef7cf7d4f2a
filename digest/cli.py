"""The `digest` command line: parses options and calls the library; no logic lives here.

Errors the user can act on print one `error:` line and exit 2 (input) or 3 (delivery); anything
unexpected prints a one-line internal error with a bug-report hint and exits 1 (traceback only
with --debug).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from digest import __version__
from digest.cli_options import (
    briefing_options,
    db_option,
    jobs_option,
    mail_options,
    output_options,
    source_options,
    threshold_option,
)
from digest.errors import DigestError, InputError, SettingError
from digest.language import CHOICES as LANGUAGE_CHOICES
from digest.summarizers import ALGORITHMS


class UserError(click.ClickException):
    """A DigestError shown the click way: one `error:` line and the DESIGN.md exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class DigestGroup(click.Group):
    """Turns library errors into user errors for every command, also under CliRunner."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SettingError as exc:
            raise UserError(setting_message(exc, self.get_command(ctx, ctx.invoked_subcommand or "")),
                            exc.exit_code) from exc
        except DigestError as exc:
            raise UserError(str(exc), exc.exit_code) from exc
        except click.UsageError as exc:
            raise usage_error(exc) from exc


def setting_message(exc: SettingError, command: click.Command | None) -> str:
    """A library SettingError in the words of the command line: the flag that sets the setting
    (`max_stories` → `--max-stories`, `sender` → `--from`), else the setting's own name."""
    flag = exc.setting
    for param in command.params if command else ():
        if param.name == exc.setting and isinstance(param, click.Option):
            flag = max(param.opts, key=len)
            break
    separator = " " if exc.problem.startswith(("is ", "must ")) else ": "
    return f"{flag}{separator}{exc.problem}"


def usage_error(exc: click.UsageError) -> click.ClickException:
    """A bad option or command as one `error:` line naming the help to read (exit 2); a bare
    `digest` keeps click's behaviour of showing the help."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return exc
    message = exc.format_message().rstrip(".")
    where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
    return UserError(message[:1].lower() + message[1:] + where, exc.exit_code)


class Context:
    """Options shared by every command (set on the group, read by the commands)."""

    def __init__(self) -> None:
        self.verbose = False
        self.quiet = False
        self.debug = False


class _StderrFormatter(logging.Formatter):
    """-v notes as they are; anything worse is a `warning:` line (the one `error:` line is the exit's)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return f"warning: {text}" if record.levelno >= logging.WARNING else text


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter("%(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)


def resolve_settings(options: dict, *, briefing: bool = True):
    """The run's Settings: the options given over the config file over the defaults (validated once)."""
    from digest.config import load_user_config
    from digest.settings import Settings

    return Settings.resolve(options, load_user_config(options.pop("config_path", None)), briefing=briefing)


def read_articles(settings, *, quiet: bool = False, empty: str = "no articles", page_cache=None, executor=None,
                  paste: bool = False, meanwhile=None):
    """Ingest the sources, applying filters; no articles (or any skip with --strict) is exit 2.
    A `page_cache` (digest.store) makes URL fetches conditional; an `executor` parses the files
    (`meanwhile` runs here as it does). With `paste`, no SOURCE on a terminal reads what the user pastes."""
    from digest import ingest
    from digest.progress import for_terminal

    sources = settings.sources
    terminal = sys.stdin is not None and sys.stdin.isatty()
    if not sources:
        if sys.stdin is None or terminal and not paste:
            raise InputError("no SOURCE given (pass files, folders, URLs or - for stdin)")
        sources = ("-",)
    if terminal and "-" in sources:
        click.echo("Paste the article, then press Ctrl-D on an empty line (Ctrl-Z, Enter on Windows).", err=True)
    filters = ingest.Filters(date=settings.date, since=settings.since, until=settings.until, tz=settings.tz,
                             sources=list(settings.include_sources), exclude_sources=list(settings.exclude_sources))
    ctx = click.get_current_context(silent=True)
    silent = bool(ctx and isinstance(ctx.obj, Context) and ctx.obj.quiet)  # -q: only errors on stderr
    held: list[str] = []  # one source: its warnings wait, so a lone failure is said once, as the error

    def on_warning(line: str) -> None:
        if not silent:
            held.append(line) if len(sources) == 1 else ingest.warn(line)

    result = ingest.read_sources(list(sources), offline=settings.offline, follow_links=settings.follow_links,
                                 filters=filters, on_warning=on_warning, progress=for_terminal(quiet=silent),
                                 fetch_config=ingest.FetchConfig(cache=page_cache, max_bytes=settings.max_size),
                                 executor=executor, meanwhile=meanwhile)
    for name, near in ingest.unmatched_outlets(settings.include_sources, result.outlets):
        hint = f"did you mean {' or '.join(repr(n) for n in near)}?" if near else \
            f"known: {', '.join(result.outlets[:8])}{' …' if len(result.outlets) > 8 else ''}"
        on_warning(f"no outlet is called {name!r} ({hint})")
    lone_failure = not result.articles and result.inputs == 1 and len(result.skipped) == 1
    for line in held:
        if not (lone_failure and line == " ".join("{}: {}, skipped".format(*result.skipped[0]).split())):
            ingest.warn(line)
    if lone_failure:
        raise InputError("{}: {}".format(*result.skipped[0]))
    if not quiet:
        click.echo(result.summary_line(), err=True)
    if settings.strict and result.skipped:
        raise InputError(f"{len(result.skipped)} input(s) skipped and --strict is set")
    if not result.articles:
        left_out = f" ({result.filtered} read but left out by --date/--since/--until/--source)" if result.filtered else ""
        raise InputError(empty + left_out)
    return result


def write_stdout(text: str) -> None:
    """Write the result to stdout; a closed or full stdout is an `error:` line, not a traceback."""
    if sys.stdout is None:
        raise InputError("standard output is closed (give -o FILE)")
    try:
        click.echo(text, nl=False)
    except BrokenPipeError:
        raise  # the reader is gone (`| head`): main() exits quietly
    except OSError as exc:
        import os

        # what stayed in the buffer would fail again when Python flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise InputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def check_output(output: str | None) -> None:
    """Refuse an -o that cannot be written before the work, not after it (best effort: the write
    decides). A missing folder is refused, not created: a typo in it should not go unnoticed."""
    if not output or output == "-":
        return
    import os

    target = Path(output)
    if target.is_dir():
        raise InputError(f"cannot write {output}: is a folder")
    folder = target.parent
    if not folder.exists():
        raise InputError(f"cannot write {output}: no folder {folder}")
    if not target.exists() and not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
        raise InputError(f"cannot write {output}: {folder} is not a writable folder")


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to a file (`digest.atomic.write_atomic`)."""
    if not output or output == "-":
        write_stdout(text)
        return
    from digest.atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None


@click.group(cls=DigestGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="digest")
@click.option("-v", "--verbose", is_flag=True, help="Explain what is being done on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool, debug: bool) -> None:
    """Turn a day's news into a briefing: stories, summaries, casualty figures and positions.

    \b
    Examples:
      digest brief samples/                  # the daily briefing as Markdown
      digest summarize < article.txt         # summarise one pasted article
      digest group samples/ --format json    # which articles tell the same story
    """
    obj = ctx.ensure_object(Context)
    obj.verbose, obj.quiet, obj.debug = verbose, quiet, debug
    _configure_logging(verbose, quiet)


@cli.command()
@source_options
@click.option("-n", "--sentences", type=click.IntRange(min=1), default=None, help="Number of sentences (default 5).")
@click.option("--ratio", type=click.FloatRange(0, 1, min_open=True), help="Fraction of the input's sentences.")
@click.option("--words", type=click.IntRange(min=1),
              help="Whole sentences until the summary reaches this many words (only the last one may run past).")
@click.option("-a", "--algorithm", type=click.Choice(list(ALGORITHMS)), default=None,
              help="Summary algorithm (default: default; see the README for each).")
@click.option("--order", type=click.Choice(["document", "score"]), default="document", show_default=True,
              help="Sentences in reading order or best first.")
@output_options(["text", "markdown", "html", "json"], "text")
@click.option("--language", type=click.Choice(list(LANGUAGE_CHOICES)), default=None,
              help="Language of the articles (default auto: detected from the text).")
@click.pass_obj
def summarize(obj: Context, sentences, ratio, words, order, output, **options) -> None:
    """Summarise one article, or several into one multi-document summary.

    \b
    Examples:
      digest summarize < article.txt
      pbpaste | digest summarize --sentences 3
      digest summarize a.txt b.txt c.txt --words 100 --format json
    """
    from digest.language import label
    from digest.language import resolve as resolve_language
    from digest.output import format_summary
    from digest.summarize import summarize_articles

    fmt = options.pop("format")
    settings = resolve_settings(options, briefing=False)
    check_output(output)
    result = read_articles(settings, quiet=obj.quiet or len(settings.sources) <= 1, empty="no text to summarise",
                           paste=True)
    if sum(1 for _ in (sentences, ratio, words) if _ is not None) > 1:
        raise InputError("use only one of --sentences, --ratio and --words")
    language = resolve_language(settings.language, result.articles)
    if settings.language == "auto" and language != "english" and not obj.quiet:
        click.echo(f"summarising in {label(language)} (detected; --language chooses another)", err=True)
    summary = summarize_articles(result.articles, sentences=sentences, ratio=ratio, words=words,
                                 algorithm=settings.algorithm, language=language, order=order)
    write_output(format_summary(summary, fmt), output)


@cli.command()
@source_options
@output_options(["text", "json"], "text")
@threshold_option
@click.pass_obj
def group(obj: Context, output, **options) -> None:
    """Group articles into stories.

    \b
    Examples:
      digest group samples/
      digest group samples/ --format json --threshold 0.3
    """
    from digest.group import group_articles
    from digest.output import format_groups

    fmt = options.pop("format")
    settings = resolve_settings(options, briefing=False)
    check_output(output)
    result = read_articles(settings, quiet=obj.quiet)
    stories = group_articles(result.articles, threshold=settings.threshold)
    write_output(format_groups(stories, fmt), output)


@cli.command()
@source_options
@output_options(["text", "json"], "text")
@click.option("--only", type=click.Choice(["casualties", "positions"]), help="Extract only one kind of record.")
@threshold_option
@jobs_option
@click.pass_obj
def extract(obj: Context, output, only, **options) -> None:
    """Casualty figures and diplomatic positions, per article and reconciled per story.

    \b
    Examples:
      digest extract samples/
      digest extract samples/ --only casualties --format json
    """
    from digest.brief import analyse_stories
    from digest.extract import extract_articles
    from digest.output import format_extraction
    from digest.progress import for_terminal

    fmt = options.pop("format")
    settings = resolve_settings(options, briefing=False)
    check_output(output)
    result = read_articles(settings, quiet=obj.quiet)
    records: dict = {}
    stories = analyse_stories(result.articles, settings, progress=for_terminal(quiet=obj.quiet), summarise=0,
                              only=only, records=records)
    extraction = extract_articles(result.articles, stories, only=only, known=records)
    write_output(format_extraction(extraction, stories, fmt), output)


def briefing_from_settings(obj: Context, settings, progress, record: bool = True):
    """Ingest the configured sources and build the briefing: what `brief` and `email` share.

    With history on (the default) URLs are fetched through the store's cache, and the stories
    are compared with earlier runs and (unless `record` is false: a dry run) recorded.
    """
    from contextlib import nullcontext

    from digest.brief import build_briefing, warm_up_for
    from digest.executor import executor_for

    store = None
    if settings.history:
        from digest.store import open_store

        store = open_store(settings.db)
    # one executor (pool or cluster) parses the files and does the per-story work
    with store or nullcontext(), executor_for(settings.jobs, settings.scheduler) as executor:
        cache = None
        if store is not None:
            from digest.store import StorePageCache

            cache = StorePageCache(store, refresh=settings.refresh)
        result = read_articles(settings, quiet=obj.quiet, page_cache=cache, executor=executor,
                               meanwhile=warm_up_for(executor))
        return build_briefing(result.articles, title=settings.title, date=settings.date,
                              max_stories=settings.max_stories, sentences=settings.sentences,
                              algorithm=settings.algorithm, skipped=result.skipped, progress=progress,
                              jobs=settings.jobs, scheduler=settings.scheduler, executor=executor,
                              threshold=settings.threshold, language=settings.language, store=store,
                              record=record)


@cli.command()
@source_options
@output_options(["markdown", "html", "text", "json"], None)
@briefing_options
@click.pass_obj
def brief(obj: Context, output, **options) -> None:
    """The daily briefing: top stories, key developments, casualty figures, diplomatic positions.

    \b
    Examples:
      digest brief samples/
      digest brief samples/ --format html -o briefing.html
      digest brief samples/ --full --no-charts --format html -o briefing.html
      digest brief ~/news https://example.org/world/rss.xml --since 24h --max-stories 5
    """
    from digest.progress import for_terminal
    from digest.render import render

    settings = resolve_settings(options)
    check_output(output)
    progress = for_terminal(quiet=obj.quiet)
    briefing = briefing_from_settings(obj, settings, progress)
    progress.stage("rendering")
    pictures = []
    if settings.format == "html" and settings.charts:
        from digest.charts import briefing_charts

        pictures = briefing_charts(briefing)
    text = render(briefing, settings.format, settings.template_dir, full=settings.full, charts=pictures)
    progress.finish()
    write_output(text, output)


@cli.command()
@source_options
@mail_options
@click.option("--resend", metavar="FILE.eml", help="Send a saved message (from a failed run) instead of a new one.")
@click.option("--dry-run", is_flag=True, help="Print the message to stdout; do not connect.")
@briefing_options
@click.pass_obj
def email(obj: Context, resend, dry_run, **options) -> None:
    """Build the briefing and send it as one HTML + plain-text email.

    The message is saved before the first attempt and removed once the server accepts it; if
    sending fails (exit 3) the error names the file to send later with --resend.

    \b
    Examples:
      digest email samples/ --to desk@example.org --from digest@example.org --dry-run
      DIGEST_SMTP_PASSWORD=... digest email --config ~/digest.toml
      digest email --resend ~/.cache/digest/outbox/briefing-20261127-070001-x1y2.eml
    """
    from digest import mail
    from digest.progress import for_terminal

    to_given = options["to"]
    settings = resolve_settings(options)
    if resend:
        if options["sources"]:
            raise InputError("--resend sends a saved message: give no SOURCE")
        message = mail.load_eml(resend)
        recipients = mail.bare_addresses(mail.parse_addresses(to_given, "to")) or None  # only --to, not the config
    else:
        m = settings.mail
        mail.check_addresses(m)  # before the work, not after it
        briefing = briefing_from_settings(obj, settings, for_terminal(quiet=obj.quiet), record=not dry_run)
        message = mail.build_message(
            briefing, sender=m.sender, to=m.to, cc=m.cc, bcc=m.bcc, subject=m.subject, reply_to=m.reply_to,
            list_unsubscribe=m.list_unsubscribe, template_dir=settings.template_dir, full=settings.full,
            charts=settings.charts)
        recipients = None

    smtp = settings.mail.smtp()
    if dry_run:
        write_stdout(mail.preview(message))
        if not obj.quiet:
            targets = recipients or mail.envelope_recipients(message)
            click.echo(f"dry run: not sent; would go to {', '.join(targets)} via "
                       f"{mail.SMTPSettings(**smtp).where}", err=True)
        return
    sent = mail.deliver(message, mail.settings_from_env(**smtp), recipients=recipients,
                        saved=Path(resend) if resend else None,
                        save_path=None if resend else settings.mail.save_eml)
    if not obj.quiet:
        click.echo(f"sent to {len(sent.accepted)} recipient(s): {', '.join(sent.accepted)}", err=True)


@cli.command()
@db_option
@click.option("-n", "--runs", type=click.IntRange(min=1), default=5, show_default=True, help="How many recent runs.")
@click.option("--prune", type=click.IntRange(min=0), metavar="DAYS",
              help="Delete runs, articles and cached pages older than DAYS days instead of listing.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.pass_obj
def history(obj: Context, db, runs, prune, fmt) -> None:
    """Recent briefing runs and their stories (new, updated, continuing), from the history database.

    \b
    Examples:
      digest history
      digest history --runs 1 --format json
      digest history --prune 30              # forget everything older than 30 days
    """
    from digest.history import history_lines
    from digest.output import to_json
    from digest.store import open_store, store_errors

    with open_store(db) as store, store_errors(store.path):
        if prune is not None:
            removed = store.prune(prune)
            if not obj.quiet:
                click.echo(f"pruned {removed['runs']} run(s), {removed['articles']} article(s) and "
                           f"{removed['pages']} cached page(s) older than {prune} day(s) from {store.path}", err=True)
            return
        listed = store.runs(runs)
    if not listed and not obj.quiet:
        click.echo(f"no runs recorded yet in {store.path}", err=True)
    write_stdout(to_json({"runs": listed}) if fmt == "json" else history_lines(listed))


@cli.command("config")
@click.option("--path", "show_path", is_flag=True, help="Print where the settings file is (or would be).")
@click.option("--show", is_flag=True, help="Print every setting in effect: the file's over the defaults.")
@click.option("--config", "config_path", metavar="FILE", help="This settings file instead of the usual one.")
def config_command(show_path: bool, show: bool, config_path: str | None) -> None:
    """Where the settings file is, and what it sets.

    The file is --config FILE, else $DIGEST_CONFIG, else digest.toml in the user config folder.

    \b
    Examples:
      digest config --path
      digest config --show
      DIGEST_CONFIG=~/desk.toml digest config --show
    """
    from digest.config import config_path as find_config
    from digest.config import default_path

    path, origin = find_config(config_path)
    if show_path or not show:
        write_stdout(f"{path or default_path()}\n")
        if path is None:
            click.echo("(no file there yet: 'digest init' writes a commented example)", err=True)
    if show:
        write_stdout(resolve_settings({"config_path": config_path}).as_toml())


@cli.command()
@click.option("--config", "config_path", metavar="FILE", help="Write the example here instead of the usual place.")
@click.option("--force", is_flag=True, help="Replace a settings file that already exists.")
def init(config_path: str | None, force: bool) -> None:
    """Write a commented example settings file (digest.toml) to start from.

    \b
    Examples:
      digest init
      digest init --config ./desk.toml
    """
    import os

    from digest.atomic import write_atomic
    from digest.config import CONFIG_ENV, EXAMPLE, default_path

    path = Path(config_path or os.environ.get(CONFIG_ENV) or default_path()).expanduser()
    if path.exists() and not force:
        raise InputError(f"{path} already exists (give --force to replace it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, EXAMPLE.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"wrote {path}: uncomment the settings you need", err=True)


GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose", "--debug"})


def hoist_global_flags(args: list[str]) -> list[str]:
    """`digest brief samples/ -q` works like `digest -q brief samples/` (flags before a `--` only)."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    return flags + [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning errors into one line and an exit status."""
    args = hoist_global_flags(list(argv if argv is not None else sys.argv[1:]))
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="digest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:  # options of the group itself, parsed before any command runs
        error = usage_error(exc)
        error.show()
        sys.exit(error.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DigestError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if debug:
            raise
        click.echo(f"error: internal error: {type(exc).__name__}: {exc} "
                   "(please report this bug, with the output of the same command run with --debug)", err=True)
        sys.exit(1)
    sys.exit(0)

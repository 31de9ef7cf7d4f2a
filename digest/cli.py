"""The `digest` command line: parses options and calls the library; no logic lives here.

Errors the user can act on print one `error:` line and exit 2 (input) or 3 (delivery); anything
unexpected prints a one-line internal error with a bug-report hint and exits 1 (traceback only
with --debug).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from digest import __version__
from digest.errors import DigestError, InputError

ALGORITHM_NAMES = ["default", "lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction"]


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
        except DigestError as exc:
            raise UserError(str(exc), exc.exit_code) from exc


class Context:
    """Options shared by every command (set on the group, read by the commands)."""

    def __init__(self) -> None:
        self.verbose = False
        self.quiet = False
        self.debug = False


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)


def source_options(func: Callable) -> Callable:
    """The SOURCE arguments and the ingestion options every command shares (DESIGN.md)."""
    options = [
        click.option("--offline", is_flag=True, help="Refuse every URL (no network access)."),
        click.option("--follow-links", is_flag=True, help="For feeds, fetch each entry's page for the full text."),
        click.option("--strict", is_flag=True, help="Treat any skipped input as an error (exit 2)."),
        click.option("--date", "date_", metavar="YYYY-MM-DD", help="Only articles published on that day."),
        click.option("--since", metavar="WHEN", help="Only articles published since (ISO date/time or 24h, 3d)."),
        click.option("--until", metavar="WHEN", help="Only articles published until (ISO date/time or 24h, 3d)."),
        click.option("--tz", metavar="ZONE", help="Time zone for --date (default: local)."),
        click.option("--source", "include_sources", multiple=True, metavar="NAME", help="Only this outlet (repeatable)."),
        click.option("--exclude-source", "exclude_sources", multiple=True, metavar="NAME", help="Leave this outlet out."),
        click.argument("sources", nargs=-1, metavar="[SOURCE]..."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def read_articles(sources: tuple[str, ...], *, offline: bool = False, follow_links: bool = False,
                  strict: bool = False, date_: str | None = None, since: str | None = None,
                  until: str | None = None, tz: str | None = None, include_sources: tuple[str, ...] = (),
                  exclude_sources: tuple[str, ...] = (), quiet: bool = False, empty: str = "no articles"):
    """Ingest the sources, applying filters; no articles (or any skip with --strict) is exit 2."""
    from digest import ingest

    if not sources:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("no SOURCE given (pass files, folders, URLs or - for stdin)")
        sources = ("-",)
    filters = ingest.Filters(date=date_, since=since, until=until, tz=tz,
                             sources=list(include_sources), exclude_sources=list(exclude_sources))
    result = ingest.read_sources(list(sources), offline=offline, follow_links=follow_links, filters=filters)
    if not quiet:
        click.echo(result.summary_line(), err=True)
    if strict and result.skipped:
        raise InputError(f"{len(result.skipped)} input(s) skipped and --strict is set")
    if not result.articles:
        raise InputError(empty)
    return result


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to a file (temporary file, then rename)."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    import os
    import tempfile

    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.group(cls=DigestGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="digest")
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
@click.option("--words", type=click.IntRange(min=1), help="At most this many words in total.")
@click.option("-a", "--algorithm", type=click.Choice(ALGORITHM_NAMES), default="default", show_default=True)
@click.option("--order", type=click.Choice(["document", "score"]), default="document", show_default=True,
              help="Sentences in reading order or best first.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True)
@click.option("--language", default="english", show_default=True, help="Language of the articles.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.pass_obj
def summarize(obj: Context, sources, sentences, ratio, words, algorithm, order, fmt, language, output,
              **ingest_options) -> None:
    """Summarise one article, or several into one multi-document summary.

    \b
    Examples:
      digest summarize < article.txt
      pbpaste | digest summarize --sentences 3
      digest summarize a.txt b.txt c.txt --words 100 --format json
    """
    from digest.output import format_summary
    from digest.summarize import summarize_articles

    result = read_articles(sources, quiet=obj.quiet or len(sources) <= 1, empty="no text to summarise",
                           **ingest_options)
    if sum(1 for _ in (sentences, ratio, words) if _ is not None) > 1:
        raise InputError("use only one of --sentences, --ratio and --words")
    try:
        summary = summarize_articles(result.articles, sentences=sentences, ratio=ratio, words=words,
                                     algorithm=algorithm, language=language, order=order)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    write_output(format_summary(summary, fmt), output)


@cli.command()
@source_options
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Similarity needed to join a story (lower: fewer, bigger stories).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.pass_obj
def group(obj: Context, sources, fmt, threshold, output, **ingest_options) -> None:
    """Group articles into stories.

    \b
    Examples:
      digest group samples/
      digest group samples/ --format json --threshold 0.3
    """
    from digest.group import group_articles
    from digest.output import format_groups

    result = read_articles(sources, quiet=obj.quiet, **ingest_options)
    stories = group_articles(result.articles, threshold=threshold)
    write_output(format_groups(stories, fmt), output)


@cli.command()
@source_options
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--only", type=click.Choice(["casualties", "positions"]), help="Extract only one kind of record.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.pass_obj
def extract(obj: Context, sources, fmt, only, output, **ingest_options) -> None:
    """Casualty figures and diplomatic positions, per article and reconciled per story.

    \b
    Examples:
      digest extract samples/
      digest extract samples/ --only casualties --format json
    """
    from digest.extract import extract_articles
    from digest.output import format_extraction

    result = read_articles(sources, quiet=obj.quiet, **ingest_options)
    extraction = extract_articles(result.articles, only=only)
    write_output(format_extraction(extraction, fmt), output)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning errors into one line and an exit status."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="digest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
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

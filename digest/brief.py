"""The day's briefing as data: group the articles into stories, then summarise and extract each.

A plain library function with no I/O, so the CLI, the email command and other tools build the
same Briefing; rendering is `digest.render`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from digest.errors import InputError
from digest.model import Article, Briefing, Story
from digest.progress import Progress

# What `digest brief` uses when neither the command line nor the config file says otherwise.
DEFAULTS: dict[str, Any] = {
    "format": "markdown", "max_stories": 10, "sentences": 3, "algorithm": "default",
    "title": "Daily briefing", "template_dir": None, "date": None, "since": None, "until": None,
    "tz": None, "sources": (),
}
_INTEGERS = ("max_stories", "sentences")


def load_config_settings(path: str) -> dict[str, Any]:
    """The briefing's settings from a digest.toml (`digest.config`); mail settings are left out."""
    from digest.config import load_config

    return {k: v for k, v in load_config(path).items() if k in DEFAULTS}


def merge_settings(options: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Command-line options (those given) over config-file settings over DEFAULTS."""
    given = {k: v for k, v in options.items() if v not in (None, (), [])}
    merged = {**DEFAULTS, **(config or {}), **given}
    for key in _INTEGERS:
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{key.replace('_', '-')} must be a whole number of at least 1, got {value!r}")
    if isinstance(merged["sources"], str):
        merged["sources"] = (merged["sources"],)
    merged["sources"] = tuple(str(s) for s in merged["sources"])
    return merged


def process_story(story: Story, *, sentences: int, algorithm: str = "default",
                  language: str = "english") -> Story:
    """Summarise (when `sentences` > 0) and extract one story; one unit of per-story work."""
    from digest.extract import extract_story

    if sentences > 0:
        from digest.summarize import summarize_articles

        try:
            summary = summarize_articles(story.articles, sentences=sentences, algorithm=algorithm,
                                         language=language)
        except InputError:  # nothing but fragments to summarise: the story still gets listed
            story.summary = []
        else:
            story.summary = summary.sentences
    return extract_story(story)


def covered_date(articles: Sequence[Article], now: datetime) -> str:
    """The day the articles cover: one ISO date, or `first/last` when they span several days.

    Undated articles fall back to the day the briefing is made.
    """
    days = sorted({a.published.date() for a in articles if a.published})
    if not days:
        return now.date().isoformat()
    if days[0] == days[-1]:
        return days[0].isoformat()
    return f"{days[0].isoformat()}/{days[-1].isoformat()}"


def _skipped_lines(skipped: Sequence[str | tuple[str, str]]) -> list[str]:
    lines = []
    for item in skipped:
        if isinstance(item, tuple):
            name, reason = item
            lines.append(f"{name}: {reason}" if reason else name)
        else:
            lines.append(str(item))
    return lines


def build_briefing(
    articles: Sequence[Article],
    *,
    title: str = "Daily briefing",
    date: str | None = None,
    max_stories: int = 10,
    sentences: int = 3,
    algorithm: str = "default",
    skipped: Sequence[str | tuple[str, str]] = (),
    progress: Progress | None = None,
    language: str = "english",
    threshold: float | None = None,
) -> Briefing:
    """Group → per-story summary and extraction → a ranked Briefing.

    The top `max_stories` stories get a `sentences`-sentence summary; the rest ("Also reported")
    are extracted but not summarised, which keeps a large day fast. `skipped` lists the inputs
    ingestion could not use, as names or (name, reason) pairs, for the footer.
    """
    from digest.summarizers import ALGORITHMS

    if not articles:
        raise InputError("no articles to brief")
    if algorithm not in ALGORITHMS:
        raise InputError(f"unknown algorithm {algorithm!r} (choose from {', '.join(sorted(ALGORITHMS))})")
    if max_stories < 1 or sentences < 1:
        raise InputError("--max-stories and --sentences must be at least 1")
    progress = progress or Progress(enabled=False)
    now = datetime.now().astimezone()

    from digest.group import group_articles

    progress.stage("grouping stories")
    stories = group_articles(list(articles), threshold=threshold)
    progress.stage("summarising and extracting", total=sum(len(s.articles) for s in stories))
    for rank, story in enumerate(stories):
        process_story(story, sentences=sentences if rank < max_stories else 0, algorithm=algorithm,
                      language=language)
        progress.advance(len(story.articles))
    progress.finish()

    skipped_inputs = _skipped_lines(skipped)
    return Briefing(
        title=title,
        date=date or covered_date(articles, now),
        generated_at=now,
        stories=stories,
        articles=len(articles),
        skipped=len(skipped_inputs),
        algorithm=algorithm,
        skipped_inputs=skipped_inputs,
        max_stories=max_stories,
    )

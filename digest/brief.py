"""The day's briefing as data: group the articles into stories, then summarise and extract each.

A plain library function with no I/O, so the CLI, the email command and other tools build the
same Briefing; rendering is `digest.render`'s job.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from digest.errors import InputError
from digest.model import Article, Briefing, Story, SummarySentence
from digest.progress import Progress
from digest.settings import Settings

if TYPE_CHECKING:
    from digest.store import Store

# Below this many articles a stage runs inline: forking and pickling would cost more than it saves.
MIN_PARALLEL_ARTICLES = 200
CHUNKS_PER_JOB = 4  # smaller chunks even out the load when one story is much bigger than the rest


def summarise_story(story: Story, *, sentences: int, algorithm: str = "default",
                    language: str = "english") -> list[SummarySentence]:
    """The story's summary sentences; none when its articles hold nothing but fragments."""
    from digest.summarize import summarize_articles

    try:
        return summarize_articles(story.articles, sentences=sentences, algorithm=algorithm,
                                  language=language).sentences
    except InputError:  # nothing but fragments to summarise: the story still gets listed
        return []


def _summaries_of(stories: list[Story], options: dict[str, Any]) -> list[list[SummarySentence]]:
    """Process-pool task: the summaries of a chunk of stories."""
    return [summarise_story(s, **options) for s in stories]


def _extractions_of(stories: list[Story], options: dict[str, Any]) -> list[tuple[list, list]]:
    """Process-pool task: the casualties and positions of a chunk of stories."""
    from digest.extract import extract_story

    done = [extract_story(s, **options) for s in stories]
    return [(s.casualties, s.positions) for s in done]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _chunks(stories: list[Story], parts: int) -> list[list[int]]:
    """Story indices cut into about `parts` runs of similar article counts (stories come biggest first)."""
    total = sum(len(s.articles) for s in stories)
    target = max(1, -(-total // parts))
    chunks: list[list[int]] = [[]]
    size = 0
    for i, story in enumerate(stories):
        if size >= target:
            chunks.append([])
            size = 0
        chunks[-1].append(i)
        size += len(story.articles)
    return chunks


def run_per_story(task: Callable[[list[Story], dict[str, Any]], list[Any]], stories: list[Story],
                  options: dict[str, Any], progress: Progress, jobs: int) -> list[Any]:
    """`task` over every story, one result per story in story order, inline or in `jobs` processes.

    Each story is processed on its own, so the results are the same whichever way they are run.
    Processes are used only with enough articles to repay starting them. The last story (ranked
    lowest, so usually one of the smallest) runs first, inline: it imports the task's modules and
    fills their caches before the workers fork, so no worker pays for that again.
    """
    articles = sum(len(s.articles) for s in stories)
    if jobs < 2 or len(stories) < 3 or articles < MIN_PARALLEL_ARTICLES:
        results = []
        for story in stories:
            results.extend(task([story], options))
            progress.advance(len(story.articles))
        return results
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list[Any] = [None] * len(stories)
    last = len(stories) - 1
    results[last] = task([stories[last]], options)[0]
    progress.advance(len(stories[last].articles))
    rest = stories[:last]
    # fork where there is one: workers start in milliseconds with all of the above in memory
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # the workers fork at the first submit; objects frozen then are left alone by their garbage
        # collector, whose passes would otherwise write to (and so copy) every page they share with us
        gc.freeze()
        try:
            futures = {pool.submit(task, [rest[i] for i in chunk], options): chunk
                       for chunk in _chunks(rest, jobs * CHUNKS_PER_JOB)}
        finally:
            gc.unfreeze()
        for future in as_completed(futures):
            chunk = futures[future]
            for i, result in zip(chunk, future.result(), strict=True):
                results[i] = result
            progress.advance(sum(len(rest[i].articles) for i in chunk))
    return results


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


def analyse_stories(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
    summarise: int | None = None,
    only: str | None = None,
) -> list[Story]:
    """Group → per-story summary and extraction: the one pipeline `brief`, `email` and `extract` run.

    The first `summarise` stories (default `settings.max_stories`; 0 for none) get a
    `settings.sentences`-sentence summary; every story is extracted (`only` one kind of record
    if given). `settings.jobs` processes (default: one per core) share the per-story work when
    there is enough of it; the stories are the same with any number of jobs.
    """
    from digest.group import group_articles

    settings = settings or Settings()
    progress = progress or Progress(enabled=False)
    jobs = settings.jobs or default_jobs()
    progress.stage("grouping stories")
    stories = group_articles(list(articles), threshold=settings.threshold)
    top = stories[:settings.max_stories if summarise is None else summarise]
    if top:
        progress.stage("summarising", total=sum(len(s.articles) for s in top))
        options = {"sentences": settings.sentences, "algorithm": settings.algorithm, "language": settings.language}
        for story, summary in zip(top, run_per_story(_summaries_of, top, options, progress, jobs), strict=True):
            story.summary = summary
    progress.stage("extracting", total=sum(len(s.articles) for s in stories))
    extracted = run_per_story(_extractions_of, stories, {"only": only}, progress, jobs)
    for story, (casualties, positions) in zip(stories, extracted, strict=True):
        story.casualties, story.positions = casualties, positions
    progress.finish()
    return stories


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
    jobs: int | None = None,
    store: Store | None = None,
    record: bool = True,
) -> Briefing:
    """The stories of `analyse_stories`, ranked, as a Briefing.

    The top `max_stories` stories get a `sentences`-sentence summary; the rest ("Also reported")
    are extracted but not summarised, which keeps a large day fast. `skipped` lists the inputs
    ingestion could not use, as names or (name, reason) pairs, for the footer. The arguments are
    checked as `digest.settings.Settings` checks them (SettingError names the bad one). With a
    history `store` the stories are linked to earlier runs (status, first_seen, days, new_articles,
    timeline, figure history) and, unless `record` is false, the run is recorded
    (`digest.history.remember`).
    """
    if not articles:
        raise InputError("no articles to brief")
    settings = Settings(title=title, date=date, max_stories=max_stories, sentences=sentences, algorithm=algorithm,
                        language=language, threshold=threshold, jobs=jobs).validated()
    now = datetime.now().astimezone()
    stories = analyse_stories(articles, settings, progress=progress)
    skipped_inputs = _skipped_lines(skipped)
    briefing = Briefing(
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
    if store is not None:
        from digest.history import remember

        remember(briefing, store, record=record)
    return briefing

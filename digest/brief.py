"""The day's briefing as data: group the articles into stories, then summarise and extract each.

A plain library function with no I/O, so the CLI, the email command and other tools build the
same Briefing; rendering is `digest.render`'s job.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, Any

from digest.errors import InputError
from digest.executor import Executor, Inline, LocalPool, executor_for, run_chunked, start_chunked
from digest.model import Article, Briefing, Story, SummarySentence
from digest.progress import Progress
from digest.settings import Settings

if TYPE_CHECKING:
    from digest.extract import Records
    from digest.store import Store

log = logging.getLogger(__name__)

# Extraction chunks are cut finer than per-story ones: an article is cheap to send, and small
# chunks leave little for one worker to finish alone at the end.
EXTRACTION_CHUNKS_PER_WORKER = 16


def summarise_story(story: Story, *, sentences: int, algorithm: str = "default",
                    language: str = "auto") -> list[SummarySentence]:
    """The story's summary sentences, in `language` ('auto': its articles' own); none when its
    articles hold nothing but fragments."""
    from digest.language import resolve
    from digest.summarize import summarize_articles

    try:
        return summarize_articles(story.articles, sentences=sentences, algorithm=algorithm,
                                  language=resolve(language, story.articles)).sentences
    except InputError:  # nothing but fragments to summarise: the story still gets listed
        return []


def _summaries_of(stories: list[Story], options: dict[str, Any]) -> list[list[SummarySentence]]:
    """Process-pool task: the summaries of a chunk of stories."""
    return [summarise_story(s, **options) for s in stories]


def _extractions_of(articles: list[Article], options: dict[str, Any]) -> list[tuple[list, list]]:
    """Executor task: the casualty figures and positions of a chunk of articles, each on its own."""
    from digest.extract import article_records

    return [article_records(a, **options) for a in articles]


# A short article that takes extraction through its rule files once (imports, gazetteer, regexes).
_WARM_UP_TEXT = ("BAGHDAD (Reuters) - At least 12 people were killed and 30 wounded when a car bomb exploded in "
                 "a market on Monday, police said. France condemned the attack and called for talks, while the "
                 "government rejected the demand and threatened to retaliate.")


def warm_up_for(executor: Executor) -> Callable[[], None] | None:
    """What this process can do for a local pool while it waits (for parsed files, say): load
    and compile extraction's rules, so the workers forked for extraction find them ready, and
    import the summaries' solver, which this process will need once grouping is done."""
    return _warm_up if isinstance(executor, LocalPool) else None


def _warm_up() -> None:
    _warm_up_extraction()
    # scipy.optimize (0.15-0.4 s to import) while the workers parse, not after grouping, when
    # the summaries are all this process does and the briefing waits for them
    from digest.summarizers.coverage import load_solver

    load_solver()


def _warm_up_extraction() -> None:
    from digest.extract import article_records
    from digest.regex_cache import compiling_from

    with compiling_from():  # the rules' ~600 patterns, compiled from the last run's code
        article_records(Article(title="Bomb kills 12 in market", text=_WARM_UP_TEXT))


def _travelling(article: Article) -> Article:
    """The article as an extraction task needs it: without the wire copies merged into it, which
    would travel to the worker for nothing (with the analysis it already has)."""
    if not article.copies:
        return article
    from digest.analysis import adopt, built

    alone = dataclasses.replace(article, copies=[])
    for analysed in built(article):
        adopt(alone, analysed)
    return alone


def run_per_story(task: Callable[[list[Story], dict[str, Any]], list[Any]], stories: list[Story],
                  options: dict[str, Any], progress: Progress, executor: Executor) -> list[Any]:
    """`task` over every story, one result per story in story order, wherever `executor` runs it
    (chunks of similar article counts; each story is processed on its own, so the results are
    the same with any executor)."""
    return run_chunked(executor, task, stories, options, weights=[len(s.articles) for s in stories],
                       progress=progress)


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
    executor: Executor | None = None,
    records: dict[int, Records] | None = None,
) -> list[Story]:
    """Group → per-story summary and extraction: the one pipeline `brief`, `email` and `extract` run.

    The first `summarise` stories (default `settings.max_stories`; 0 for none) get a
    `settings.sentences`-sentence summary; every story is extracted (`only` one kind of record
    if given). The per-story work runs where `digest.executor.executor_for` says: on the Dask
    cluster of `settings.scheduler`, else in `settings.jobs` processes (default: one per core)
    when there is enough of it, or on the `executor` given (a run that parsed its files on it);
    the stories are the same wherever it runs. `records`, if given, receives each article's own
    records (keyed by `id(article)`), so `digest extract` lists them without reading them again.
    """
    from digest.extract import reconcile_story
    from digest.group import group_articles

    settings = settings or Settings()
    progress = progress or Progress(enabled=False)
    articles = list(articles)
    with nullcontext(executor) if executor else executor_for(settings.jobs, settings.scheduler) as executor:
        # Extraction reads each article on its own: it starts now, on the pool or cluster, while
        # this process groups (and, on a local pool, summarises); the stories reconcile it after.
        weights = [1 + len(a.text) // 2000 for a in articles]
        progress.stage("starting extraction")
        extraction = start_chunked(executor, _extractions_of, [_travelling(a) for a in articles], {"only": only},
                                   weights=weights, parts=executor.workers * EXTRACTION_CHUNKS_PER_WORKER)
        try:
            progress.stage("grouping stories")
            stories = group_articles(articles, threshold=settings.threshold)
            top = stories[:settings.max_stories if summarise is None else summarise]
            if top:
                progress.stage("summarising", total=sum(len(s.articles) for s in top))
                options = {"sentences": settings.sentences, "algorithm": settings.algorithm,
                           "language": settings.language}
                # a local pool's workers are busy extracting: this process, done grouping, summarises
                # (no story pickled, no summariser imported per worker); a cluster gets the tasks
                here = Inline() if isinstance(executor, LocalPool) else executor
                for story, summary in zip(top, run_per_story(_summaries_of, top, options, progress, here),
                                          strict=True):
                    story.summary = summary
            _note_english_only(articles)
            progress.stage("extracting", total=sum(weights))
            extracted = extraction.results(progress)
        finally:
            extraction.cancel()
    found = {id(a): r for a, r in zip(articles, extracted, strict=True)}
    if records is not None:
        records.update(found)
    for story in stories:
        reconcile_story(story, [found[id(a)] for a in story.articles], only)
    progress.finish()
    return stories


def _note_english_only(articles: Sequence[Article]) -> None:
    """One warning for all the articles extraction skips (its rules are English)."""
    from digest.language import label

    others = [a.language for a in articles if a.language != "english"]
    if others:
        names = ", ".join(label(lang) for lang in sorted(set(others)))
        log.warning("casualty and position extraction covers English only: %d article%s (%s) %s summarised but "
                    "not extracted", len(others), "" if len(others) == 1 else "s", names,
                    "was" if len(others) == 1 else "were")


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
    language: str = "auto",
    threshold: float | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
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
                        language=language, threshold=threshold, jobs=jobs,
                        scheduler=scheduler).validated()
    now = datetime.now().astimezone()
    stories = analyse_stories(articles, settings, progress=progress, executor=executor)
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

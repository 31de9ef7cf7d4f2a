"""Memory across days: which of today's stories are new, which continue an earlier one, how their
figures moved, and what happened on each day.

A story of today continues an earlier one (its *thread*) when they share articles, or else when
the grouping stage would put them in one story: the titles and leads of each story's most central
articles, today's and those of the last LOOKBACK_DAYS days, are clustered together by grouping's
own clustering (`digest.group.cluster_indices`), so "the same story" means what it means within
a day. Status: `new` (no earlier thread), `updated` (a thread, with articles no
earlier run had seen), `continuing` (a thread, nothing new). The toll lines get their value on
every earlier day and, when it moved, a line such as "rose from 10 to 14 since yesterday".
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import date, datetime
from typing import Any

from digest.model import Article, Briefing, Story
from digest.store import ArticleRecord, Store, StoredStory, StoryRecord, store_errors

LOOKBACK_DAYS = 5  # days back a story of today may continue an earlier one (Friday to a Monday holiday)
# A story is compared across days by the title and lead of its most central articles; the figures
# were chosen on ECB+ dev (benchmarks/history_eval.py: sibling events of one topic on two days).
PROFILE_ARTICLES = 3
LEAD_CHARS = 1000
DEVELOPMENTS_PER_DAY = 2  # best key-development sentences kept per story and day for the timeline
LINK_THRESHOLD = 0.55  # same-event probability for a link across days (grouping cuts a day at 0.35)
RUNNING_TOLL_GROWTH = 10  # an incident toll may grow this much into a running total overnight
TIMELINE_MAX = 20


def run_day(briefing: Briefing) -> date:
    """The day a briefing is about: the last day its articles cover, else the day it was made."""
    try:
        return date.fromisoformat(briefing.date.split("/")[-1])
    except ValueError:
        return briefing.generated_at.date()


def _lead(article: Article) -> str:
    text = (article.text or "").strip()
    first, _, rest = text.partition("\n")
    if article.title and first.strip().strip("#").strip() == article.title.strip():
        text = rest.strip()
    return text[:LEAD_CHARS]


def profile(story: Story) -> str:
    """What a story is compared by on later days, as JSON: [title, lead] of its most central
    articles, each compared as an article of its own (as grouping compares articles)."""
    return json.dumps([[a.title or "", _lead(a)] for a in story.articles[:PROFILE_ARTICLES]], ensure_ascii=False)


def _record(line: Any) -> dict[str, Any]:
    """A reconciled line as a plain dict, whether the extractor gives dicts or dataclasses."""
    return line.to_dict() if hasattr(line, "to_dict") else dict(line)


def _value(line: dict[str, Any]) -> int | None:
    """A toll line's figure: the highest across outlets, else its latest count."""
    for key in ("high", "count"):
        value = line.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _by_articles(stories: Sequence[Story], earlier: Sequence[StoredStory]) -> list[StoredStory | None]:
    """Each story's earlier story with the most articles in common (the latest on a tie)."""
    owner: dict[str, list[int]] = {}
    for j, old in enumerate(earlier):
        for article in old.articles:
            owner.setdefault(article, []).append(j)
    links: list[StoredStory | None] = []
    for story in stories:
        shared: dict[int, int] = {}
        for article in story.articles:
            for j in owner.get(article.id, ()):
                shared[j] = shared.get(j, 0) + 1
        best = max(shared, key=lambda j: (shared[j], earlier[j].run_date, earlier[j].run), default=None)
        links.append(earlier[best] if best is not None else None)
    return links


def _by_similarity(stories: Sequence[Story], earlier: Sequence[StoredStory]) -> list[StoredStory | None]:
    """Each story's earlier story that grouping puts its articles with.

    The central articles of today's stories and of the earlier ones (their stored titles and
    leads) are clustered together by grouping's own clustering (`digest.group.cluster_indices`);
    a story links to the earlier story whose articles share clusters with most of its own (the
    latest on a tie). One clustering of everything rather than `digest.group.story_similarity`
    per pair: N x M pairs would read the features N x M times.
    """
    from digest.group import cluster_indices, read_features

    language = next((a.language for s in stories for a in s.articles if a.language), "english")
    docs: list[Article] = []
    owners: list[int] = []  # per doc: the story's index, today's first, then the earlier ones
    for k, story in enumerate(stories):
        for title, lead in json.loads(profile(story)):
            docs.append(Article(title=title, text=lead, published=story.last_published, id=str(len(docs)),
                                language=language))
            owners.append(k)
    today = len(stories)
    for j, old in enumerate(earlier):
        when = datetime.fromisoformat(old.last_published) if old.last_published else None
        for title, lead in json.loads(old.profile):
            docs.append(Article(title=title, text=lead, published=when, id=str(len(docs)), language=language))
            owners.append(today + j)
    votes: list[dict[int, int]] = [{} for _ in stories]
    for cluster in cluster_indices(read_features(docs), LINK_THRESHOLD):
        members = Counter(owners[int(k)] for k in cluster)
        for t, n in members.items():
            if t < today:
                for e, m in members.items():
                    if e >= today:
                        votes[t][e - today] = votes[t].get(e - today, 0) + n * m
    return [earlier[max(v, key=lambda j: (v[j], earlier[j].run_date, earlier[j].run))] if v else None
            for v in votes]


def link_stories(stories: Sequence[Story], earlier: Sequence[StoredStory]) -> list[StoredStory | None]:
    """The earlier story each of today's continues, or None: shared articles first, then similarity.

    Every story takes part in the similarity clustering, linked or not: its word weights come from
    the documents clustered, and a handful of stories alone would give them no meaning.
    """
    links = _by_articles(stories, earlier)
    if earlier and None in links:
        similar = _by_similarity(stories, earlier)
        links = [link or other for link, other in zip(links, similar, strict=True)]
    return links


def since_label(previous: str, today: date) -> str:
    """'since yesterday', 'since the last briefing' (same day) or 'since 24 Nov'."""
    then = date.fromisoformat(previous)
    gap = (today - then).days
    if gap <= 0:
        return "since the last briefing"
    if gap == 1:
        return "since yesterday"
    return f"since {then.day} {then:%b}"


def _earlier_line(line: dict[str, Any], lines: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The line of an earlier run that gave the same toll: same kind and scope; or, when that run
    had one line of the kind, that line, if today's figure grew from it within RUNNING_TOLL_GROWTH
    (a toll first reported as an incident's dead, later as a running total)."""
    kind, scope = line.get("kind"), line.get("scope")
    same = next((c for c in lines if (c.get("kind"), c.get("scope")) == (kind, scope)), None)
    if same is not None:
        return same
    of_kind = [c for c in lines if c.get("kind") == kind]
    now = _value(line)
    if len(of_kind) == 1 and now is not None:
        before = _value(of_kind[0])
        if before and before <= now <= before * RUNNING_TOLL_GROWTH:
            return of_kind[0]
    return None


def figure_history(lines: Sequence[dict[str, Any]], earlier: Sequence[StoredStory], today: date) -> list[dict[str, Any]]:
    """Per casualty line of today (kind and scope): its value on each earlier day and today, and a
    rise since the last run that had it. A lower figure stays in the history but is not announced:
    it is more often a partial count ("four more bodies") than a revision."""
    out = []
    for line in lines:
        per_day: dict[str, dict[str, Any]] = {}
        for old in earlier:  # oldest first: the last run of a day wins
            match = _earlier_line(line, old.casualties)
            if match is not None and _value(match) is not None:
                per_day[old.run_date] = _point(old.run_date, match)
        now = _value(line)
        change = None
        if per_day and now is not None:
            before = list(per_day.values())[-1]
            if now > before["value"]:
                text = f"rose from {before['value']:,} to {now:,} {since_label(before['date'], today)}"
                change = {"from": before["value"], "to": now, "since": before["date"], "text": text}
        per_day[today.isoformat()] = _point(today.isoformat(), line)
        out.append({"kind": line.get("kind"), "scope": line.get("scope"), "history": list(per_day.values()),
                    "change": change})
    return out


def _point(day: str, line: dict[str, Any]) -> dict[str, Any]:
    return {"date": day, "value": _value(line), "low": line.get("low"), "high": line.get("high"),
            "count": line.get("count")}


def developments(story: Story, today: date) -> list[dict[str, Any]]:
    """Today's dated key developments: the summary sentences with their articles' dates, or the
    headline when the story has no summary."""
    by_id = {a.id: a for a in story.articles}
    out = []
    best = sorted(story.summary, key=lambda s: -s.score)[:DEVELOPMENTS_PER_DAY]
    for sentence in (s for s in story.summary if any(s is b for b in best)):
        article = by_id.get(sentence.article)
        when = article.published.date() if article and article.published else today
        out.append({"date": when.isoformat(), "text": sentence.text,
                    "source": sentence.source or (article.source if article else ""), "article": sentence.article})
    if not out:
        when = story.last_published.date() if story.last_published else today
        lead = story.articles[0] if story.articles else None
        out.append({"date": when.isoformat(), "text": story.headline, "source": lead.source if lead else "",
                    "article": lead.id if lead else ""})
    return out


def timeline(earlier: Sequence[StoredStory], today: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The thread's dated developments, oldest first, each sentence once (the latest TIMELINE_MAX)."""
    seen: set[str] = set()
    entries = []
    for entry in [e for old in earlier for e in old.developments] + today:
        if entry["text"] not in seen:
            seen.add(entry["text"])
            entries.append(entry)
    entries.sort(key=lambda e: e["date"])
    return entries[-TIMELINE_MAX:]


def _article_record(article: Article) -> ArticleRecord:
    return ArticleRecord(id=article.id, url=article.url, outlet=article.source,
                         published=article.published.isoformat() if article.published else None,
                         content_hash=hashlib.sha1((article.text or "").encode("utf-8")).hexdigest())


def remember(briefing: Briefing, store: Store, record: bool = True) -> None:
    """Link the briefing's stories to earlier runs (status, first_seen, days, new_articles,
    timeline, figure history), then (unless `record` is false: a preview) record this run in one
    transaction."""
    # One transaction from the first read to the last write: a run briefed at the same time
    # waits, then compares with this one, never with what both saw before. A preview only reads.
    with store_errors(store.path), store.transaction() if record else nullcontext():
        today = run_day(briefing)
        iso = today.isoformat()
        previous = store.last_run(iso)
        earlier = store.recent_stories(iso, LOOKBACK_DAYS)
        links = link_stories(briefing.stories, earlier)
        threads = store.thread_stories([link.thread for link in links if link], iso)
        seen = store.seen_articles(a.id for s in briefing.stories for a in s.articles)
        records = []
        for story, link in zip(briefing.stories, links, strict=True):
            lines = [_record(c) for c in story.casualties]
            past = threads[link.thread] if link else []
            today_developments = developments(story, today)
            story.first_seen = link.first_seen if link else iso
            story.days = max(1, (today - date.fromisoformat(story.first_seen)).days + 1)
            story.new_articles = sum(1 for a in story.articles if a.id not in seen)
            story.status = "new" if link is None else "updated" if story.new_articles else "continuing"
            story.timeline = timeline(past, today_developments)
            story.figure_history = figure_history(lines, past, today)
            records.append(StoryRecord(
                id=story.id, thread=link.thread if link else f"{iso}:{story.id}", first_seen=story.first_seen,
                status=story.status, headline=story.headline, profile=profile(story),
                last_published=story.last_published.isoformat() if story.last_published else None,
                articles=[a.id for a in story.articles], developments=today_developments, casualties=lines,
                positions=[_record(p) for p in story.positions]))
        briefing.history = {"run_date": iso, "previous_run": previous}
        if not record:
            return
        articles = {a.id: a for s in briefing.stories for a in s.articles}
        store.record_run(run_date=iso, generated_at=briefing.generated_at, title=briefing.title,
                         articles=[_article_record(a) for a in articles.values()], stories=records)


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def history_lines(runs: Sequence[dict[str, Any]]) -> str:
    """`digest history` as text: each run, then its stories with their status and first day."""
    out = []
    for run in runs:
        when = datetime.fromisoformat(run["generated_at"])
        stories = len(run["stories"])
        out.append(f"run {run['id']} · {run['date']} · made {when:%Y-%m-%d %H:%M} · {_count(run['articles'], 'article')}, "
                   f"{_count(stories, 'story', 'stories')}")
        for story in run["stories"]:
            since = "" if story["first_seen"] == run["date"] else f", since {story['first_seen']}"
            out.append(f"  {story['status']:<10} {story['headline']} ({_count(story['articles'], 'article')}{since})")
    return "\n".join(out) + ("\n" if out else "")

"""How well stories are linked across days (digest.history.link_stories), on real news with gold
stories: ECB+ dev (../shared/realnews/ecbplus-dev.jsonl: 496 articles, 42 gold stories, two
different events per topic; body text only, as in group_eval).

Usage: python benchmarks/history_eval.py [PATH.jsonl]

Two scenarios, each a "day 1" and a "day 2" grouped separately, then day 2's stories linked to
day 1's (shared articles cannot help: no article is in both days):
- continuing: every gold story's articles split in two (alternately, by id), one half each day.
  A day-2 story should link to the day-1 story of its own gold story (majority labels). Reported:
  linked right, linked wrong (to another story, its sibling event included), left new.
- sibling: day 1 holds one event of each topic, day 2 the other event. Every day-2 story should
  be new; a link is a sibling event taken for a continuation.
The last line is JSON.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from group_sets import REALNEWS  # noqa: E402

from digest.group import group_articles  # noqa: E402
from digest.history import link_stories, profile  # noqa: E402
from digest.model import Article  # noqa: E402
from digest.store import StoredStory  # noqa: E402


def load(path: Path) -> tuple[list[Article], dict[str, str]]:
    articles, gold = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles.append(Article(title="", text=row["text"], id=row["id"]))
        gold[row["id"]] = row["cluster"]
    return articles, gold


def majority(story, gold: dict[str, str]) -> str:
    return Counter(gold[a.id] for a in story.articles).most_common(1)[0][0]


def stored(stories) -> list[StoredStory]:
    return [StoredStory(run=1, run_date="2026-11-24", id=s.id, thread=s.id, first_seen="2026-11-24",
                        headline=s.headline, profile=profile(s), last_published=None,
                        articles=[a.id for a in s.articles]) for s in stories]


def scenario(day1: list[Article], day2: list[Article], gold: dict[str, str]) -> list[tuple[str, str | None]]:
    """(gold story of each day-2 story, gold story of the day-1 story it was linked to, or None)."""
    earlier = stored(group_articles(day1))
    labels = {s.id: Counter(gold[a] for a in s.articles).most_common(1)[0][0] for s in earlier}
    today = group_articles(day2)
    links = link_stories(today, earlier)
    return [(majority(s, gold), labels[link.id] if link else None) for s, link in zip(today, links, strict=True)]


def main(argv: list[str] | None = None) -> int:
    path = Path((argv or sys.argv[1:] or [str(REALNEWS / "ecbplus-dev.jsonl")])[0])
    articles, gold = load(path)
    by_story: dict[str, list[Article]] = {}
    for a in sorted(articles, key=lambda a: a.id):
        by_story.setdefault(gold[a.id], []).append(a)

    halves = ([a for s in by_story.values() for a in s[0::2]], [a for s in by_story.values() for a in s[1::2]])
    day1_labels = {gold[a.id] for a in halves[0]}
    pairs = scenario(*halves, gold)
    right = sum(1 for g, linked in pairs if linked == g)
    wrong = sum(1 for g, linked in pairs if linked is not None and linked != g)
    missed = sum(1 for g, linked in pairs if linked is None and g in day1_labels)
    continuing = {"stories": len(pairs), "linked_right": right, "linked_wrong": wrong, "left_new": missed}

    topics: dict[str, list[str]] = {}
    for label in sorted(by_story):
        topics.setdefault(label.split("_")[0], []).append(label)
    first = [a for labels in topics.values() for a in by_story[labels[0]]]
    second = [a for labels in topics.values() if len(labels) > 1 for a in by_story[labels[1]]]
    sibling_pairs = scenario(first, second, gold)
    false_links = sum(1 for _, linked in sibling_pairs if linked is not None)
    sibling = {"stories": len(sibling_pairs), "new": len(sibling_pairs) - false_links, "linked": false_links}

    print(f"{path.name}: {len(articles)} articles, {len(by_story)} gold stories")
    print(f"continuing (each gold story split over two days): {right}/{len(pairs)} day-2 stories linked to their "
          f"own story, {wrong} to another, {missed} left new")
    print(f"sibling events (day 2 = the other event of each topic): {sibling['new']}/{len(sibling_pairs)} new, "
          f"{false_links} linked to the sibling")
    print(json.dumps({"benchmark": "history_links", "data": path.name, "continuing": continuing,
                      "sibling": sibling}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

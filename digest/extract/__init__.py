"""Extraction stage: casualty figures and diplomatic positions, per article and per story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from digest.model import Article, Story

Records = tuple[list, list]  # one article's (casualty figures, positions)


def article_records(article: Article, only: str | None = None) -> Records:
    """One article's casualty figures and positions, none for a non-English article (the rules
    are English: French text would only give false matches). An article is read on its own, so
    this can run before the stories are known, and anywhere."""
    if article.language != "english":
        return [], []
    casualties: list = []
    positions: list = []
    if only in (None, "casualties"):
        from digest.extract.casualties import extract_casualties

        casualties = extract_casualties(article)
    if only in (None, "positions"):
        from digest.extract.positions import extract_positions

        positions = extract_positions(article)
    return casualties, positions


def reconcile_story(story: Story, records: Sequence[Records], only: str | None = None) -> Story:
    """Fill `story.casualties` and `story.positions` with the records of its articles
    (`records[k]`: `article_records` of `story.articles[k]`), reconciled."""
    if only in (None, "casualties"):
        from digest.extract.casualties import reconcile_casualties

        story.casualties = reconcile_casualties([f for found, _ in records for f in found], story.articles)
    if only in (None, "positions"):
        from digest.extract.positions import reconcile_positions

        story.positions = reconcile_positions([p for _, found in records for p in found], story.articles)
    return story


def extract_story(story: Story, only: str | None = None) -> Story:
    """Fill `story.casualties` and `story.positions` with reconciled records, from its English
    articles."""
    return reconcile_story(story, [article_records(a, only) for a in story.articles], only)


def extract_articles(articles: Sequence[Article], stories: Sequence[Story], only: str | None = None,
                     known: Mapping[int, Records] | None = None) -> dict[str, Any]:
    """The `digest extract` result: every record per input article, and the reconciled records of
    `stories` (already grouped and extracted by `digest.brief.analyse_stories`). `known` holds
    records already found (by `id(article)`, as `analyse_stories(records=...)` fills it), so
    those articles are not read twice."""
    # Records per input article, wire copies included; reconciliation counts each text once.
    every = [c for a in articles for c in (a, *a.copies)]
    known = known or {}
    found = [known[id(a)] if id(a) in known else article_records(a, only) for a in every]
    casualties = [f.to_dict() for records, _ in found for f in records]
    positions = [p.to_dict() for _, records in found for p in records]
    reconciled: dict[str, list[dict[str, Any]]] = {"stories": [], "casualties": [], "positions": []}
    for story in stories:
        reconciled["stories"].append({"id": story.id, "headline": story.headline,
                                      "articles": [a.id for a in story.articles]})
        reconciled["casualties"].extend({**c.to_dict(), "story": story.id} for c in story.casualties)
        reconciled["positions"].extend({**p.to_dict(), "story": story.id} for p in story.positions)
    return {
        "articles": [a.brief_dict() for a in every],
        "casualties": casualties,
        "positions": positions,
        "reconciled": reconciled,
    }

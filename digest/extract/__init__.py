"""Extraction stage: casualty figures and diplomatic positions, per article and per story."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from digest.model import Article, Story


def extract_story(story: Story, only: str | None = None) -> Story:
    """Fill `story.casualties` and `story.positions` with reconciled records, from its English
    articles (the rules are English: French text would only give false matches)."""
    english = [a for a in story.articles if a.language == "english"]
    if only in (None, "casualties"):
        from digest.extract.casualties import extract_casualties, reconcile_casualties

        figures = [f for a in english for f in extract_casualties(a)]
        story.casualties = reconcile_casualties(figures, story.articles)
    if only in (None, "positions"):
        from digest.extract.positions import extract_positions, reconcile_positions

        positions = [p for a in english for p in extract_positions(a)]
        story.positions = reconcile_positions(positions, story.articles)
    return story


def extract_articles(articles: Sequence[Article], stories: Sequence[Story], only: str | None = None) -> dict[str, Any]:
    """The `digest extract` result: every record per input article, and the reconciled records of
    `stories` (already grouped and extracted by `digest.brief.analyse_stories`)."""
    # Records per input article, wire copies included; reconciliation counts each text once.
    every = [c for a in articles for c in (a, *a.copies)]
    casualties: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    reconciled: dict[str, list[dict[str, Any]]] = {"stories": [], "casualties": [], "positions": []}
    if only in (None, "casualties"):
        from digest.extract.casualties import extract_casualties

        casualties = [f.to_dict() for a in every if a.language == "english" for f in extract_casualties(a)]
    if only in (None, "positions"):
        from digest.extract.positions import extract_positions

        positions = [p.to_dict() for a in every if a.language == "english" for p in extract_positions(a)]
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

"""Wire copies: near-identical texts merge, unless their figures differ (an updated report)."""

from datetime import UTC, datetime

from digest.ingest.dedup import merge_duplicates
from digest.model import Article

BODY = ("A bus plunged into a ravine in the northern hills on Tuesday, killing {n} people, police said. "
        "The bus was carrying pilgrims home from a festival when its brakes failed on a steep bend near the "
        "village of Arlo, a police spokesman said. Rescue teams worked through the night to reach the wreck, "
        "and hospitals in the valley appealed for blood donors as relatives gathered outside.")


def copy(n: int, outlet: str, hour: int, title: str = "") -> Article:
    return Article(title=title or f"Bus crash in northern hills kills {n}", text=BODY.format(n=n), source=outlet,
                   published=datetime(2026, 3, 3, hour, tzinfo=UTC))


def test_copies_with_the_same_figures_merge():
    merged, folded = merge_duplicates([copy(12, "Wire A", 8), copy(12, "Wire B", 9, title="12 dead as bus falls into ravine")])
    assert folded == 1 and merged[0].outlets == ["Wire A", "Wire B"]


def test_copies_whose_figures_differ_stay_separate_reports():
    merged, folded = merge_duplicates([copy(12, "Wire A", 8), copy(19, "Wire B", 10), copy(27, "Wire C", 12)])
    assert folded == 0
    assert [(a.source, a.also_published_by) for a in merged] == [("Wire A", []), ("Wire B", []), ("Wire C", [])]


def test_a_figure_only_in_the_headline_makes_a_new_report():
    same_text = [copy(12, "Wire A", 8, title="Bus crash kills 12"), copy(12, "Wire B", 10, title="Bus crash toll rises to 19")]
    assert merge_duplicates(same_text)[1] == 0

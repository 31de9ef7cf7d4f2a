"""Wire copies (digest.ingest.dedup): near-identical texts merge, unless their figures differ (an
updated report); the MinHash LSH behind it for many articles: batched signatures estimate Jaccard,
are the same in every process, and find the near copies an exhaustive comparison finds."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import UTC, datetime

from digest.ingest import dedup
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


def _texts(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(5000)]
    return [" ".join(rng.choice(vocabulary) for _ in range(rng.randrange(30, 400))) for _ in range(n)]


def _edited(text: str, changes: int, rng: random.Random) -> str:
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "edited"
    return " ".join(words)


def test_signatures_agree_on_about_the_jaccard_share_of_positions():
    a = frozenset(range(1000))
    b = frozenset(range(200, 1200))  # Jaccard 800 / 1200 = 0.67
    c = frozenset(range(5000, 6000))  # disjoint from both
    sig = dedup.signatures([a, b, c])
    agree = (sig[0] == sig[1]).mean()
    assert 0.55 <= agree <= 0.78
    assert (sig[0] == sig[2]).mean() <= 0.05


def test_batches_do_not_change_signatures(monkeypatch):
    sets = [dedup.shingles(t) for t in _texts(60)] + [frozenset()]
    whole = dedup.signatures(sets)
    monkeypatch.setattr(dedup, "BATCH_SHINGLES", 50)  # most sets larger than a batch: one per batch
    assert (dedup.signatures(sets) == whole).all()
    assert (whole[-1] == 0).all()  # an empty set has no signature (and is never a candidate)


def test_signatures_are_the_same_in_every_process():
    code = ("from digest.ingest.dedup import shingles, signatures; import hashlib; "
            "print(hashlib.sha1(signatures([shingles('the river rose after a week of rain in the hills')]).tobytes())"
            ".hexdigest())")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1


def test_lsh_finds_the_near_copies_an_exhaustive_comparison_finds():
    rng = random.Random(11)
    texts = _texts(500)
    # 40 copies with 1-4 words changed per 100 (each change breaks up to 3 shingles: Jaccard ~0.94-0.78)
    for k in range(40):
        original = texts[k * 7]
        texts.append(_edited(original, max(1, len(original.split()) * (1 + k % 4) // 100), rng))
    sets = [dedup.shingles(t) for t in texts]
    exhaustive = {(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
                  if dedup.jaccard(sets[i], sets[j]) >= dedup.JACCARD}
    assert len(exhaustive) >= 30  # most edited copies stay above 0.8
    prints = dedup.fingerprints([Article(title="", text=t) for t in texts], sign=True)
    found = {p for p in dedup._lsh_candidates(prints) if dedup.jaccard(sets[p[0]], sets[p[1]]) >= 0.8}
    assert found == exhaustive

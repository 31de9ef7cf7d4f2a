"""Every labelled grouping set we have, as (articles, gold story per article id, topic per story).

Real news: ECB+ dev (`ecbplus`: body text only, see `ecbplus`), the four SemEval-2015 Wikinews
collections (`wikinews`: topic-level labels only). Our own: samples/ (`samples`),
tests/group_corpus.py (`corpus`), the season in benchmarks/data/grouping/ (`season`).
`REALNEWS` (env `DIGEST_REALNEWS`) points at the shared real-news folder.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = Path(os.environ.get("DIGEST_REALNEWS", ROOT.parent.parent / "shared" / "realnews"))
if not REALNEWS.exists():
    REALNEWS = Path("/work/shared/realnews")

# A line that is only a date or time stamp ("May 03, 2013", "05 / 02 / 2013", "UPDATED ... EDT"):
# the publication date pasted into the text, which ECB+ has for one event of each pair only.
_STAMP = re.compile(
    r"^(?:(?:updated|originally published|posted|published|last updated)\b.*|"
    r"[\w ,./:|-]{0,40}\b(?:19|20)\d\d\b[\w ,./:|-]{0,30})$", re.IGNORECASE)


@dataclass
class LabelledSet:
    """Articles with gold stories; `topic` maps a story to its topic (siblings share one)."""

    articles: list
    gold: dict[str, str]
    topic: dict[str, str] = field(default_factory=dict)
    level: str = "event"


def _strip_stamps(text: str) -> str:
    lines = text.split("\n")
    while lines and (len(lines[0].split()) <= 12 and _STAMP.match(lines[0].strip())):
        lines.pop(0)
    return "\n".join(lines)


def ecbplus() -> LabelledSet:
    """ECB+ dev, body text only: no title, date, URL or outlet (they exist for one event of each
    topic only, a leak), and leading date-stamp lines removed from the text for the same reason."""
    from digest.model import Article

    articles, gold, topic = [], {}, {}
    path = REALNEWS / "ecbplus-dev.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        a = Article(title="", text=_strip_stamps(row["text"]), id=f"ecb-{row['id']}")
        articles.append(a)
        gold[a.id] = row["cluster"]
        topic[row["cluster"]] = row["topic"]
    return LabelledSet(articles, gold, topic)


def wikinews() -> LabelledSet:
    """The SemEval-2015 collections (and one category heuristic): topics spanning years."""
    from digest.model import Article

    rows = {}
    for line in (REALNEWS / "wikinews.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[row["id"]] = row
    articles, gold = [], {}
    for line in (REALNEWS / "wikinews-stories.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        doc, story, _ = line.split("\t")
        row = rows[doc]
        published = datetime.fromisoformat(row["published"]).replace(tzinfo=UTC) if row.get("published") else None
        a = Article(title=row["title"] or "", text=row["text"], source="Wikinews", url=row["url"] or "",
                    published=published, id=f"wn-{doc}")
        articles.append(a)
        gold[a.id] = story
    return LabelledSet(articles, gold, level="topic")


def wikinews_links() -> list[tuple[str, str]]:
    """Article id pairs that share a gold cross-document event (evidence, not same-story gold)."""
    pairs = []
    for line in (REALNEWS / "wikinews-event-links.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        a, b = line.split("\t")[:2]
        pairs.append((f"wn-{a}", f"wn-{b}"))
    return pairs


def _from_folder(root: Path, gold_by_doc: dict[str, str]) -> LabelledSet:
    from group_eval import label_articles

    from digest.ingest import read_sources

    found = read_sources([str(root)], on_warning=lambda m: None).articles
    gold = label_articles(found, root, gold_by_doc)
    return LabelledSet([a for a in found if a.id in gold], gold)


def ours() -> dict[str, LabelledSet]:
    """samples/, the test corpus and the season: our own written sets."""
    from group_eval import read_gold_tsv, read_manifest

    sets = {}
    if (ROOT / "samples" / "MANIFEST.json").exists():
        sets["samples"] = _from_folder(ROOT / "samples", read_manifest(ROOT / "samples" / "MANIFEST.json"))
    sys.path.insert(0, str(ROOT / "tests"))
    from group_corpus import corpus_articles

    articles, gold = corpus_articles()
    sets["corpus"] = LabelledSet(articles, gold)
    season = ROOT / "benchmarks" / "data" / "grouping"
    sets["season"] = _from_folder(season, read_gold_tsv(season / "gold.tsv"))
    return sets


def all_sets(real: bool = True) -> dict[str, LabelledSet]:
    sets = {}
    if real and (REALNEWS / "ecbplus-dev.jsonl").exists():
        sets["ecbplus"] = ecbplus()
        sets["wikinews"] = wikinews()
    sets.update(ours())
    return sets


def merged_pairs(predicted: dict[str, str], data: LabelledSet, siblings_only: bool) -> int:
    """Gold-story pairs whose main predicted stories (holding most of each) are one story.

    With `siblings_only` only pairs of the same topic count: the sibling-event merges of ECB+.
    """
    from collections import Counter

    main = {}
    for story in set(data.gold.values()):
        ids = Counter(predicted[a] for a, g in data.gold.items() if g == story and a in predicted)
        main[story] = ids.most_common(1)[0][0]
    stories = sorted(main)
    count = 0
    for i, a in enumerate(stories):
        for b in stories[i + 1:]:
            if main[a] == main[b] and (not siblings_only or data.topic.get(a) == data.topic.get(b) is not None):
                count += 1
    return count

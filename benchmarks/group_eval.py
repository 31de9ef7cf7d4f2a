"""Score story grouping against gold labels: B-cubed precision, recall, F1 and adjusted Rand index.

Usage:
    python benchmarks/group_eval.py DIR GOLD.tsv [--threshold F] [--sweep]
    python benchmarks/group_eval.py DIR --manifest samples/MANIFEST.json [--sweep]

Articles are read from DIR with digest.ingest.read_sources. GOLD.tsv has one line per article,
`doc_id<TAB>story_id`, where doc_id is the article's file path relative to DIR (for example
`reuters/idlib-1.txt`) or, for files holding several articles (feeds, JSON lines), the article's
title. Lines starting with '#' and a header line `doc_id<TAB>story_id` are ignored. With
`--manifest`, the gold labels come from the samples manifest instead (its articles' `path`, or
`file`, and `story` fields). Articles without a gold label are left out of the scores (and
counted); `--sweep` prints the scores for thresholds 0.05 to 0.60 as well.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (one label per item, same order)."""
    if not gold:
        return 0.0, 0.0, 0.0
    pairs = Counter(zip(predicted, gold, strict=True))
    pred_sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision = sum(n * n / pred_sizes[p] for (p, _), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in pairs.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score([str(g) for g in gold], [str(p) for p in predicted]))


def score(articles, gold: dict[str, str], threshold: float | None = None) -> dict[str, float]:
    """Group the articles and score the labelled ones; `gold` maps article id to story id."""
    from digest.group import group_articles

    stories = group_articles(articles, threshold=threshold)
    story_of = {a.id: s.id for s in stories for a in s.articles}
    labelled = [a.id for a in articles if a.id in gold]
    predicted = [story_of[i] for i in labelled]
    truth = [gold[i] for i in labelled]
    p, r, f = bcubed(predicted, truth)
    return {"precision": p, "recall": r, "f1": f, "ari": adjusted_rand(predicted, truth),
            "articles": len(labelled), "stories": len(set(predicted)), "gold_stories": len(set(truth))}


def read_gold_tsv(path: Path) -> dict[str, str]:
    gold: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, _, story = line.partition("\t")
        if (doc, story) == ("doc_id", "story_id") or not story:
            continue
        gold[doc.strip()] = story.strip()
    return gold


def read_manifest(path: Path) -> dict[str, str]:
    """doc_id -> story from the samples manifest ({"articles": [{"file", "title", "story"}]}).

    Each article is listed under its title, and under its file when the file holds only it.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("articles", []) if isinstance(data, dict) else data
    files = Counter(e.get("file") or e.get("path") for e in entries)
    gold: dict[str, str] = {}
    for entry in entries:
        story = entry.get("story") or entry.get("story_id")
        if not story:
            continue
        doc = entry.get("file") or entry.get("path")
        if doc and files[doc] == 1:
            gold[str(doc)] = str(story)
        if entry.get("title"):
            gold[str(entry["title"]).strip()] = str(story)
    return gold


def label_articles(articles, root: Path, gold_by_doc: dict[str, str]) -> dict[str, str]:
    """Map article ids to gold stories by relative path, or by title for multi-article files."""
    per_file = Counter(a.path for a in articles)
    gold: dict[str, str] = {}
    for a in articles:
        rel = ""
        if a.path:
            try:
                rel = Path(a.path).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                rel = Path(a.path).as_posix()
        keys = [rel] if per_file[a.path] == 1 else []
        keys += [(a.title or "").strip()]
        for key in keys:
            if key in gold_by_doc:
                gold[a.id] = gold_by_doc[key]
                break
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("gold", type=Path, nargs="?", help="doc_id<TAB>story_id lines")
    parser.add_argument("--manifest", type=Path, help="samples/MANIFEST.json as gold")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true", help="also score thresholds 0.05 .. 0.60")
    args = parser.parse_args(argv)
    if not (args.gold or args.manifest):
        parser.error("give GOLD.tsv or --manifest")
    from digest.ingest import read_sources

    result = read_sources([str(args.dir)], on_warning=lambda m: print(f"warning: {m}", file=sys.stderr))
    gold_by_doc = read_manifest(args.manifest) if args.manifest else read_gold_tsv(args.gold)
    gold = label_articles(result.articles, args.dir, gold_by_doc)
    unlabelled = len(result.articles) - len(gold)
    if not gold:
        print("error: no article matched a gold label (check doc ids)", file=sys.stderr)
        return 2
    print(f"{len(result.articles)} articles read, {len(gold)} labelled, {unlabelled} without a label")
    thresholds = [args.threshold] + ([round(0.05 * i, 2) for i in range(1, 13)] if args.sweep else [])
    for threshold in thresholds:
        s = score(result.articles, gold, threshold)
        name = "default" if threshold is None else f"{threshold:.2f}"
        print(f"threshold {name:>7}: B-cubed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
              f"  ARI {s['ari']:.3f}  stories {s['stories']} (gold {s['gold_stories']})")
        if threshold is None:
            print(json.dumps({"threshold": "default", **{k: round(v, 4) for k, v in s.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Save or check the story grouping of every evaluation set, so a speed-up can prove it changed nothing.

Usage:
    python benchmarks/group_snapshot.py --write SNAPSHOT.json    # before a change
    python benchmarks/group_snapshot.py --check SNAPSHOT.json    # after: exit 1 on any difference
    ... [--sizes 1000 5000 20000]                                 # generated days (default 1,000 and 5,000)

The sets are those of benchmarks/group_sets.py (ECB+ dev body only, Wikinews, samples/, the test
corpus, the season), the lead-only, title-less and mixed variants of our sets
(`group_eval.labelled_sets`), each at the default threshold and at 0.25 and 0.50, and the generated
benchmark corpora of 1,000 and 5,000 articles at the default threshold. The snapshot holds each
grouping as its partition (story assignments: sorted lists of article ids) and, apart, each
story's headline and key terms; `--check` reports partitions and presentation separately.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

THRESHOLDS = (None, 0.25, 0.5)
GENERATED = (1000, 5000)


def _sets(sizes: tuple[int, ...]) -> dict[str, list]:
    from bench_group import make_corpus
    from group_eval import labelled_sets
    from group_sets import all_sets

    sets = {name: [a for a in data.articles if a.id in data.gold] for name, data in all_sets().items()}
    sets.update({name: articles for name, (articles, _) in labelled_sets().items() if "-" in name})
    return sets | {f"generated-{n}": make_corpus(n) for n in sizes}


def snapshot(sizes: tuple[int, ...] = GENERATED) -> dict[str, dict]:
    """Partition and presentation of every set's grouping at each threshold."""
    from digest.group import group_articles

    out = {}
    for name, articles in _sets(sizes).items():
        for threshold in THRESHOLDS[:1] if name.startswith("generated") else THRESHOLDS:
            stories = group_articles(articles, threshold=threshold)
            key = f"{name}@{'default' if threshold is None else threshold}"
            out[key] = {
                "partition": sorted(sorted(a.id for a in s.articles) for s in stories),
                "presentation": sorted([s.id, s.headline, s.terms, [a.id for a in s.articles]] for s in stories),
            }
            print(f"{key}: {len(stories)} stories", file=sys.stderr)
    return out


def compare(before: dict[str, dict], after: dict[str, dict]) -> int:
    """Print what differs; the number of groupings whose partition differs."""
    changed = 0
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            print(f"{key}: only in {'after' if old is None else 'before'}")
            changed += 1
            continue
        if old["partition"] != new["partition"]:
            moved = len({tuple(p) for p in old["partition"]} ^ {tuple(p) for p in new["partition"]})
            print(f"{key}: PARTITION DIFFERS ({moved} stories not in both)")
            changed += 1
        elif old["presentation"] != new["presentation"]:
            print(f"{key}: same partition, headline/terms/order differ")
        else:
            print(f"{key}: identical")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="save the snapshot here")
    group.add_argument("--check", type=Path, help="compare with this snapshot")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(GENERATED), help="generated days to include")
    args = parser.parse_args(argv)
    current = snapshot(tuple(args.sizes))
    if args.write:
        args.write.write_text(json.dumps(current), encoding="utf-8")
        print(f"wrote {len(current)} groupings to {args.write}")
        return 0
    changed = compare(json.loads(args.check.read_text(encoding="utf-8")), current)
    print(f"{changed} of {len(current)} groupings differ in partition")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())

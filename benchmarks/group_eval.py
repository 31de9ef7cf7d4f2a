"""Score story grouping against gold labels: B-cubed precision, recall, F1 and adjusted Rand index.

Usage:
    python benchmarks/group_eval.py DIR GOLD.tsv [--threshold F] [--sweep] [--baseline]
    python benchmarks/group_eval.py DIR --manifest samples/MANIFEST.json [--sweep] [--baseline]
    python benchmarks/group_eval.py --all [--baseline]
    python benchmarks/group_eval.py --sets [--threshold F]

Articles are read from DIR with digest.ingest.read_sources. GOLD.tsv has one line per article,
`doc_id<TAB>story_id`, where doc_id is the article's file path relative to DIR (for example
`reuters/idlib-1.txt`) or, for files holding several articles (feeds, JSON lines), the article's
title. Lines starting with '#' and a header line `doc_id<TAB>story_id` are ignored. With
`--manifest`, the gold labels come from the samples manifest instead (its articles' `path`, or
`file`, and `story` fields). Articles without a gold label are left out of the scores (and
counted); `--sweep` prints the scores for thresholds 0.04 to 0.60 (step 0.02) as well. `--baseline` also scores
the reference method in the same run (plain TF-IDF of title and text, cosine, average-link clustering
cut at a similarity threshold) over the same sweep, and names its best threshold.

`--all` sweeps every labelled set we have (samples/, tests/group_corpus.py, benchmarks/data/grouping/)
and three variants of each (`lead2`: title and first two sentences only; `notitle`: body only;
`mixed`: a third of the articles end with a sentence from another story, as round-ups do), prints
B-cubed F1 per set and threshold, and the threshold where the worst set does best, taken in the
middle of the plateau (the run of thresholds whose worst F1 is within 0.02 of the best worst F1).
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


def baseline_labels(articles, threshold: float) -> list[int]:
    """The reference grouping: plain TF-IDF (sublinear tf, English stop words) + average link."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(articles) < 2:
        return [1] * len(articles)
    texts = [f"{a.title or ''}\n{a.text or ''}" for a in articles]
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return [int(v) for v in fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")]


def score_baseline(articles, gold: dict[str, str], threshold: float) -> dict[str, float]:
    """The reference method's scores on the labelled articles."""
    labelled = [a for a in articles if a.id in gold]
    predicted = baseline_labels(labelled, threshold)
    truth = [gold[a.id] for a in labelled]
    p, r, f = bcubed(predicted, truth)
    return {"precision": p, "recall": r, "f1": f, "ari": adjusted_rand(predicted, truth),
            "articles": len(labelled), "stories": len(set(predicted)), "gold_stories": len(set(truth))}


def _line(name: str, s: dict[str, float]) -> str:
    return (f"{name:>16}: B-cubed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
            f"  ARI {s['ari']:.3f}  stories {s['stories']} (gold {s['gold_stories']})")


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


SWEEP = [round(0.02 * i, 2) for i in range(2, 31)]
ROOT = Path(__file__).resolve().parent.parent


def _f1(articles, gold: dict[str, str], threshold: float | None) -> float:
    from digest.group import group_articles

    story_of = {a.id: s.id for s in group_articles(articles, threshold=threshold) for a in s.articles}
    return bcubed([story_of[a.id] for a in articles], [gold[a.id] for a in articles])[2]


def labelled_sets() -> dict[str, tuple[list, dict[str, str]]]:
    """Every labelled set we have, with its lead-only, title-less and mixed variants."""
    import dataclasses
    import random

    from digest import nlp
    from digest.ingest import read_sources

    def load(root: Path, gold_by_doc: dict[str, str]):
        found = read_sources([str(root)], on_warning=lambda m: None).articles
        gold = label_articles(found, root, gold_by_doc)
        return [a for a in found if a.id in gold], gold

    sets = {}
    if (ROOT / "samples" / "MANIFEST.json").exists():
        sets["samples"] = load(ROOT / "samples", read_manifest(ROOT / "samples" / "MANIFEST.json"))
    sys.path.insert(0, str(ROOT / "tests"))
    from group_corpus import corpus_articles

    sets["corpus"] = corpus_articles()
    season = ROOT / "benchmarks" / "data" / "grouping"
    sets["season"] = load(season, read_gold_tsv(season / "gold.tsv"))

    def sentences(article) -> list[str]:
        body = article.text or ""
        if article.title and body.lstrip().startswith(article.title):
            body = body.lstrip()[len(article.title):]
        return [s for p in nlp.clean_article(body).paragraphs for s in nlp.split_sentences(p)]

    for name in list(sets):
        articles, gold = sets[name]
        rng = random.Random(5)

        def mixed(a, articles=articles, gold=gold, rng=rng):
            if rng.random() > 1 / 3:
                return a
            other = rng.choice([b for b in articles if gold[b.id] != gold[a.id]])
            return dataclasses.replace(a, text=f"{a.text}\n\nIn other news: {(sentences(other) or [''])[0]}")

        variants = {
            "lead2": lambda a: dataclasses.replace(a, text=" ".join(sentences(a)[:2])),
            "notitle": lambda a: dataclasses.replace(a, title="", text=" ".join(sentences(a))),
            "mixed": mixed,
        }
        for label, change in variants.items():
            changed = [change(a) for a in articles]
            sets[f"{name}-{label}"] = (changed, {c.id: gold[a.id] for c, a in zip(changed, articles, strict=True)})
    return sets


def sweep_all(baseline: bool = False) -> float:
    """Print F1 per labelled set and threshold; return the middle of the worst set's plateau."""
    sets = labelled_sets()
    print(f"{'set':<16}{'default':>8}" + "".join(f"{t:>6.2f}" for t in SWEEP))
    worst = [1.0] * len(SWEEP)
    for name, (articles, gold) in sets.items():
        row = [_f1(articles, gold, t) for t in SWEEP]
        worst = [min(w, f) for w, f in zip(worst, row, strict=True)]
        print(f"{name:<16}{_f1(articles, gold, None):>8.3f}" + "".join(f"{f:>6.3f}" for f in row))
        if baseline:
            base = [bcubed(baseline_labels(articles, t), [gold[a.id] for a in articles])[2] for t in SWEEP]
            print(f"{'  baseline best':<16}{max(base):>8.3f}" + "".join(f"{f:>6.3f}" for f in base))
    print(f"{'worst':<16}{'':>8}" + "".join(f"{f:>6.3f}" for f in worst))
    middle, run = plateau(SWEEP, worst)
    print(f"plateau {run[0]:.2f}..{run[-1]:.2f} (worst F1 >= {max(worst) - 0.02:.3f}); middle {middle:.2f}")
    return middle


def plateau(thresholds: list[float], worst: list[float]) -> tuple[float, list[float]]:
    """The middle of the longest run of thresholds whose worst F1 is within 0.02 of the best, and the run
    (of two runs as long, the one holding the best)."""
    best = max(worst)
    run, runs = [], []
    for t, f in zip(thresholds, worst, strict=True):
        if f >= best - 0.02:
            run.append(t)
        elif run:
            runs.append(run)
            run = []
    runs.append(run)
    peak = {t: f for t, f in zip(thresholds, worst, strict=True)}
    longest = max((r for r in runs if r), key=lambda r: (len(r), max(peak[t] for t in r)))
    return longest[(len(longest) - 1) // 2], longest


def report_sets(threshold: float | None = None) -> None:
    """Every labelled set of benchmarks/group_sets.py (ECB+ body only, Wikinews topics, ours):
    digest at `threshold` and the TF-IDF baseline at its best threshold per set, with sibling
    merges, and the share of Wikinews gold event links that digest puts in one story."""
    from group_sets import all_sets, merged_pairs, wikinews_links

    from digest.group import group_articles

    for name, data in all_sets().items():
        articles = [a for a in data.articles if a.id in data.gold]
        truth = [data.gold[a.id] for a in articles]
        story_of = {a.id: s.id for s in group_articles(articles, threshold=threshold) for a in s.articles}
        p, r, f = bcubed([story_of[a.id] for a in articles], truth)
        merges = merged_pairs(story_of, data, siblings_only=bool(data.topic))
        print(f"{name:<9} ({data.level}) digest   P {p:.3f} R {r:.3f} F1 {f:.3f}  stories {len(set(story_of.values()))}"
              f" (gold {len(set(truth))})  merges {merges}")
        best = None
        for t in SWEEP:
            labels = {a.id: str(v) for a, v in zip(articles, baseline_labels(articles, t), strict=True)}
            scores = bcubed([labels[a.id] for a in articles], truth)
            if best is None or scores[2] > best[1][2]:
                best = (t, scores, merged_pairs(labels, data, siblings_only=bool(data.topic)), len(set(labels.values())))
        t, (p, r, f), merges, stories = best
        print(f"{'':<9} baseline best {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}  stories {stories}  merges {merges}")
        if name == "wikinews":
            links = [(a, b) for a, b in wikinews_links() if a in story_of and b in story_of]
            joined = sum(story_of[a] == story_of[b] for a, b in links)
            print(f"{'':<9} gold event links in one story: {joined} of {len(links)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, nargs="?")
    parser.add_argument("gold", type=Path, nargs="?", help="doc_id<TAB>story_id lines")
    parser.add_argument("--manifest", type=Path, help="samples/MANIFEST.json as gold")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true", help="also score thresholds 0.04 .. 0.60")
    parser.add_argument("--baseline", action="store_true",
                        help="also score plain TF-IDF + average link over the sweep, with its best threshold")
    parser.add_argument("--all", action="store_true",
                        help="sweep every labelled set and its variants; print the plateau's middle")
    parser.add_argument("--sets", action="store_true",
                        help="score every labelled set, real news included (ECB+ body only, Wikinews topics)")
    args = parser.parse_args(argv)
    if args.sets:
        report_sets(args.threshold)
        return 0
    if args.all:
        sweep_all(args.baseline)
        return 0
    if not args.dir or not (args.gold or args.manifest):
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
    sweep = SWEEP
    thresholds = [args.threshold] + (sweep if args.sweep else [])
    for threshold in thresholds:
        s = score(result.articles, gold, threshold)
        print(_line("digest " + ("default" if threshold is None else f"{threshold:.2f}"), s))
        if threshold is None:
            print(json.dumps({"threshold": "default", **{k: round(v, 4) for k, v in s.items()}}))
    if args.baseline:
        scores = {t: score_baseline(result.articles, gold, t) for t in sweep}
        for t, s in scores.items():
            print(_line(f"baseline {t:.2f}", s))
        best = max(scores, key=lambda t: (scores[t]["f1"], -abs(t - 0.3)))
        print(_line(f"baseline best {best:.2f}", scores[best]))
        print(json.dumps({"baseline_best_threshold": best, **{k: round(v, 4) for k, v in scores[best].items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

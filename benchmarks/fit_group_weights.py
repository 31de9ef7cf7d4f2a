"""Refit the same-event model of story grouping (digest/data/group_weights.json) and report it.

Usage: python benchmarks/fit_group_weights.py [--write] [--folds 3]

Labelled pairs come from every event-level set together (benchmarks/group_sets.py): ECB+ dev
(body text only), samples/, tests/group_corpus.py and the season in benchmarks/data/grouping/;
every pair of articles within a set that shares some words or names is one example, and each
set weighs the same in the loss,
so the 123,000 ECB+ pairs do not drown the written sets. The Wikinews SemEval collections are
topic-level (an Apple topic over years is many events) and are only scored, never fitted.

The model is a logistic regression (L2, weights of the cosine features bounded at >= 0 so the
grouper can sum them in one sparse product). The default threshold is the middle of the plateau
of the worst event-level set's B-cubed F1 over thresholds 0.05..0.95 (within 0.02 of the best).

Cross-validation: ECB+ topics are split into `--folds` folds and each written set is one more
fold; each fold is scored with a model (and threshold) fitted on every other fold, so the
"held-out" figures never saw the fold's stories. `--write` saves the model fitted on everything.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from group_eval import bcubed, plateau  # noqa: E402
from group_sets import LabelledSet, all_sets, merged_pairs  # noqa: E402

from digest.group import cluster_indices, read_features  # noqa: E402
from digest.group.features import COSINES, EXTRAS, Model, pair_table  # noqa: E402

NAMES = list(COSINES) + list(EXTRAS)
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
L2 = 1e-3
CANDIDATE = 0.03  # least word or name cosine of a fitted pair
WEIGHTS = ROOT / "digest" / "data" / "group_weights.json"


class Prepared:
    """A labelled set read once: its features, and the feature table of all its pairs."""

    def __init__(self, name: str, data: LabelledSet) -> None:
        import numpy as np

        self.name, self.data = name, data
        self.articles = [a for a in data.articles if a.id in data.gold]
        self.features = read_features(self.articles)
        n = len(self.articles)
        rows, cols = np.triu_indices(n, k=1)
        table = pair_table(self.features, rows, cols)
        self.x = np.column_stack([table[k] for k in NAMES])
        labels = [data.gold[a.id] for a in self.articles]
        self.y = np.array([labels[i] == labels[j] for i, j in zip(rows, cols, strict=True)], dtype=np.float64)
        # Fitted on the pairs that share something, as the grouper sees them: the many pairs
        # with nothing in common are easy and would only tune the bias.
        keep = (table["words"] >= CANDIDATE) | (table["names"] >= CANDIDATE)
        self.x, self.y = self.x[keep], self.y[keep]

    def score(self, model: Model, threshold: float) -> dict:
        clusters = cluster_indices(self.features, threshold, model)
        predicted = {}
        for k, idx in enumerate(clusters):
            for i in idx:
                predicted[self.articles[i].id] = str(k)
        ids = [a.id for a in self.articles]
        p, r, f = bcubed([predicted[i] for i in ids], [self.data.gold[i] for i in ids])
        merges = merged_pairs(predicted, self.data, siblings_only=bool(self.data.topic))
        return {"precision": p, "recall": r, "f1": f, "stories": len(clusters), "merges": merges}

    def subset(self, keep_topics: set[str]) -> Prepared:
        """The same set restricted to some topics (read again: idf from those articles only)."""
        gold = {a: g for a, g in self.data.gold.items() if self.data.topic.get(g) in keep_topics}
        part = LabelledSet([a for a in self.data.articles if a.id in gold], gold, self.data.topic)
        topics = ",".join(sorted(keep_topics, key=lambda t: (len(t), t)))
        return Prepared(f"{self.name}[{topics}]", part)


def fit(sets: list[Prepared]) -> Model:
    """Logistic regression over the pairs of every set, each set weighing the same."""
    import numpy as np
    from scipy.optimize import minimize

    x = np.vstack([s.x for s in sets])
    y = np.concatenate([s.y for s in sets])
    w = np.concatenate([np.full(len(s.y), 1.0 / len(s.y)) for s in sets])
    w /= w.sum()
    k = x.shape[1]

    def loss(theta):
        z = x @ theta[:k] + theta[k]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        eps = 1e-12
        value = -np.sum(w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))) + L2 * np.sum(theta[:k] ** 2)
        grad = np.empty(k + 1)
        residual = w * (p - y)
        grad[:k] = x.T @ residual + 2 * L2 * theta[:k]
        grad[k] = residual.sum()
        return value, grad

    bounds = [(0.0, None) if name in COSINES else (None, None) for name in NAMES] + [(None, None)]
    result = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    weights = {name: round(float(v), 4) for name, v in zip(NAMES, result.x[:k], strict=True)}
    return Model(weights, round(float(result.x[k]), 4), 0.5)


def sweep(sets: list[Prepared], model: Model) -> dict[str, list[dict]]:
    return {s.name: [s.score(model, t) for t in THRESHOLDS] for s in sets}


def worst_plateau(scores: dict[str, list[dict]]) -> tuple[float, list[float]]:
    """`group_eval.plateau` of the worst set's F1 at each threshold."""
    worst = [min(rows[i]["f1"] for rows in scores.values()) for i in range(len(THRESHOLDS))]
    return plateau(THRESHOLDS, worst)


def _row(name: str, s: dict) -> str:
    return (f"  {name:<34} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}  "
            f"stories {s['stories']:>3}  merges {s['merges']}")


def main(argv: list[str] | None = None) -> int:
    import random

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"save the full fit to {WEIGHTS.relative_to(ROOT)}")
    parser.add_argument("--folds", type=int, default=3, help="folds of ECB+ topics (default 3)")
    args = parser.parse_args(argv)
    raw = all_sets()
    topic_level = {n: Prepared(n, d) for n, d in raw.items() if d.level == "topic"}
    event = {n: Prepared(n, d) for n, d in raw.items() if d.level == "event"}
    print("pairs: " + ", ".join(f"{n} {len(s.y)} ({int(s.y.sum())} same)" for n, s in event.items()))

    model = fit(list(event.values()))
    scores = sweep(list(event.values()) + list(topic_level.values()), model)
    event_scores = {n: scores[n] for n in event}
    middle, run = worst_plateau(event_scores)
    model = Model(model.weights, model.bias, middle)
    print("weights:", json.dumps(model.weights), "bias", model.bias)
    print(f"{'F1 by threshold':<12}" + "".join(f"{t:>6.2f}" for t in THRESHOLDS))
    for name, rows in scores.items():
        print(f"{name:<12}" + "".join(f"{r['f1']:>6.3f}" for r in rows))
    print(f"plateau {run[0]:.2f}..{run[-1]:.2f}, default threshold {middle:.2f}")
    for name, rows in scores.items():
        print(_row(name, rows[THRESHOLDS.index(middle)]))

    if args.folds > 1 and "ecbplus" in event:
        print("cross-validation (each fold scored by a model and threshold fitted without it):")
        ecb = event["ecbplus"]
        topics = sorted(set(ecb.data.topic.values()), key=lambda t: int(t) if t.isdigit() else t)
        random.Random(13).shuffle(topics)
        folds = [set(topics[i::args.folds]) for i in range(args.folds)]
        parts = [ecb.subset(f) for f in folds]
        others = [s for n, s in event.items() if n != "ecbplus"]
        held = [(p, [q for q in parts if q is not p] + others) for p in parts]
        held += [(o, parts and [ecb] + [q for q in others if q is not o]) for o in others]
        for target, train in held:
            fold_model = fit(train)
            fold_middle, _ = worst_plateau(sweep(train, fold_model))
            fold_model = Model(fold_model.weights, fold_model.bias, fold_middle)
            print(_row(f"{target.name} @{fold_middle:.2f}", target.score(fold_model, fold_middle)))
    if args.write:
        WEIGHTS.write_text(json.dumps({
            "about": "Same-event logistic regression for story grouping; refit with benchmarks/fit_group_weights.py",
            "fitted_on": sorted(event), "weights": model.weights, "bias": model.bias, "threshold": middle,
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fit the single-article concept model on our abstracts; score it by cross-validation.

    python benchmarks/fit_single_summary.py [DATASET] [--split dev] [--l2 1.0] [--write]
                                            [--cv K] [--set NAME=VALUE ...]

For every article of the split (read as `digest summarize` reads a pasted article), every
concept of its candidate sentences (`digest.summarizers.single.concept_rows`) is one example,
labelled 1 when the abstract contains it too. A logistic regression with an L2 penalty
(Newton's method, numpy) gives the coefficients. The lead prior is the mean share of a
sentence's concepts that the abstract contains, by the sentence's rank (ranks 0-4 each, then
blocks of five, the last entry for every later rank), made non-increasing by rank. `--write` stores both in
digest/data/single_summary.json (cue words and the other settings stay as they are).

`--cv K` scores the model the honest way: the articles (of the split; all of them without
`--split`) fall into K folds by a fixed shuffle, each fold is summarised (`--words 100`, scored
as `benchmarks/rouge_eval.py` scores, at `-l 100` and on whole summaries) by a model whose
coefficients and lead prior were fitted on the other folds, next to the truncated lead and the
whole-sentence lead. `--set` overrides a
setting of the model file for the run (`prior_weight=0.3`, `fact_weights.words.figure=1`,
`bigram_share=0.6`), so settings are compared by their cross-validated figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rouge_eval import cases, rouge_recall, summary_text  # noqa: E402

from digest.summarize import candidates  # noqa: E402
from digest.summarizers import single  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "benchmarks" / "data" / "summaries" / "wikinews-abstracts.jsonl"
MODEL = ROOT / "digest" / "data" / "single_summary.json"


PRIOR_RANKS = 16  # entries of the lead prior table; blocks: 0, 1, 2, 3, 4, 5-9, 10-14, 15+


def _block(rank: int) -> tuple[int, int]:
    if rank < 5:
        return rank, rank + 1
    if rank >= PRIOR_RANKS - 1:
        return PRIOR_RANKS - 1, 10**9
    start = 5 * (rank // 5)
    return start, min(start + 5, PRIOR_RANKS - 1)


def examples(data: list) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Concept features and labels of the cases, and the lead prior table."""
    rows, labels = [], []
    shares: list[tuple[int, float]] = []
    for case in data:
        article = case.articles[0]
        texts = [c.text for c in candidates(case.articles)]
        keys, features, per_sentence = single.concept_rows(texts, article.title)
        wanted, _ = single.concepts([" ".join(case.references)])
        rows.extend(features)
        labels.extend(float(k in wanted) for k in keys)
        shares.extend((rank, sum(k in wanted for k in ks) / len(ks)) for rank, ks in enumerate(per_sentence) if ks)
    means, sizes = [], []
    for rank in range(PRIOR_RANKS):
        low, high = _block(rank)
        block = [share for r, share in shares if low <= r < high]
        means.append(sum(block) / len(block))
        sizes.append(len(block))
    return np.array(rows), np.array(labels), [round(v, 3) for v in _non_increasing(means, sizes)]


def _non_increasing(values: list[float], sizes: list[int]) -> list[float]:
    """The closest non-increasing sequence (weighted least squares: pool adjacent violators), so
    that a later sentence never earns more lead prior than an earlier one by sampling noise."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, size in zip(values, sizes, strict=True):
        blocks.append([value, float(size), 1])
        while len(blocks) > 1 and blocks[-2][0] < blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return [v for v, _, n in blocks for _ in range(n)]


def fit(x: np.ndarray, y: np.ndarray, l2: float, iterations: int = 50) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _override(model: single.Model, settings: list[str]) -> single.Model:
    """The model with `NAME=VALUE` settings applied (a dotted NAME reaches into fact_weights)."""
    for setting in settings:
        name, _, value = setting.partition("=")
        head, *rest = name.split(".")
        if rest:
            table = json.loads(json.dumps(getattr(model, head)))
            inner = table
            for part in rest[:-1]:
                inner = inner[part]
            inner[rest[-1]] = float(value)
            model = dataclasses.replace(model, **{head: table})
        else:
            model = dataclasses.replace(model, **{head: float(value)})
    return model


def cross_validate(data: list, folds: int, l2: float, base: single.Model, words: int = 100) -> dict[str, list[float]]:
    """Mean ROUGE-1/2 recall of lead, lead-sentences and default, each fold's default fitted without it."""
    order = list(range(len(data)))
    random.Random(0).shuffle(order)
    names = ("lead", "lead-sentences", "default")
    scores: dict[str, list[float]] = {f"{name} {cut}": [0.0, 0.0] for cut in ("-l 100", "whole") for name in names}
    lengths = 0
    for fold in range(folds):
        test = [data[i] for i in order[fold::folds]]
        train = [data[i] for i in order if i not in set(order[fold::folds])]
        single.model = lambda: base  # the training articles are read by the model being refitted
        x, y, prior = examples(train)
        fitted = dataclasses.replace(base, coefficients=tuple(float(v) for v in fit(x, y, l2)),
                                     lead_prior=tuple(prior))
        single.model = lambda fitted=fitted: fitted
        for case in test:
            for name in names:
                peer = summary_text(case.articles, name, words)
                lengths += len(peer.split()) if name == "default" else 0
                for cut, limit in (("-l 100", words), ("whole", 10 * words)):
                    r = rouge_recall(peer, case.references, limit)
                    scores[f"{name} {cut}"][0] += r["rouge-1"]
                    scores[f"{name} {cut}"][1] += r["rouge-2"]
    single.model = _MODEL
    result = {name: [round(100 * v / len(data), 2) for v in pair] for name, pair in scores.items()}
    result["default words (whole)"] = [round(lengths / len(data), 1)]
    return result


_MODEL = single.model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DATASET)
    parser.add_argument("--split", default=None, help="fit (or cross-validate) on this split only; default: all")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="K-fold cross-validated ROUGE instead of a fit")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    data = cases(args.dataset, args.split)
    base = _override(_MODEL(), args.set)
    if args.cv:
        result = cross_validate(data, args.cv, args.l2, base)
        for name, values in result.items():
            print(f"  {name:<28} {' / '.join(f'{v:.2f}' for v in values)}")
        print(json.dumps({"benchmark": "single-summary-cv", "folds": args.cv, "articles": len(data),
                          "settings": args.set, "l2": args.l2, "results": result}))
        return 0
    single.model = lambda: base
    x, y, prior = examples(data)
    w = fit(x, y, args.l2)
    names = base.features
    print(f"{len(y)} concepts, {int(y.sum())} in the abstracts; lead prior by rank: {prior}")
    for name, value in zip(names, w, strict=True):
        print(f"  {name:<16} {value:+.3f}")
    if args.write:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        data["coefficients"] = [round(float(v), 4) for v in w]
        data["lead_prior"] = prior
        MODEL.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

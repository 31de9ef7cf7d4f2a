"""Fit the single-article concept model on the dev split of our abstracts.

    python benchmarks/fit_single_summary.py [DATASET] [--split dev] [--l2 1.0] [--write]

For every article of the split (read as `digest summarize` reads a pasted article), every
concept of its candidate sentences (`digest.summarizers.single.concept_rows`) is one example,
labelled 1 when the abstract contains it too. A logistic regression with an L2 penalty
(Newton's method, numpy) gives the coefficients. The lead prior is the mean share of a
sentence's concepts that the abstract contains, by the sentence's rank (ranks 0-4 each, then
blocks of five, the last entry for every later rank). `--write` stores both in
digest/data/single_summary.json (cue words and the other settings stay as they are).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rouge_eval import cases  # noqa: E402

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


def examples(dataset: Path, split: str) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Concept features and labels, and the lead prior table."""
    rows, labels = [], []
    shares: list[tuple[int, float]] = []
    for case in cases(dataset, split):
        article = case.articles[0]
        texts = [c.text for c in candidates(case.articles)]
        keys, features, per_sentence = single.concept_rows(texts, article.title)
        wanted, _ = single.concepts([" ".join(case.references)])
        rows.extend(features)
        labels.extend(float(k in wanted) for k in keys)
        shares.extend((rank, sum(k in wanted for k in ks) / len(ks)) for rank, ks in enumerate(per_sentence) if ks)
    prior = []
    for rank in range(PRIOR_RANKS):
        low, high = _block(rank)
        block = [share for r, share in shares if low <= r < high]
        prior.append(round(sum(block) / len(block), 3))
    return np.array(rows), np.array(labels), prior


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DATASET)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    x, y, prior = examples(args.dataset, args.split)
    w = fit(x, y, args.l2)
    names = single.model().features
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

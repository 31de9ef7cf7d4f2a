"""Multi-document summaries as monotone submodular maximisation (Lin & Bilmes 2011).

"A Class of Submodular Functions for Document Summarization" (ACL 2011) scores a summary S of
the sentences V by F(S) = L(S) + λ·R(S):

- coverage L(S) = Σ_i min(C_i(S), α·C_i(V)), C_i(S) = Σ_{j∈S} w_ij: how much of every sentence i
  of the input the summary says (w: idf-weighted cosine of stemmed content words), saturating at
  the share α (α = a/N) so that covering one sentence over and over stops paying;
- diversity R(S) = Σ_k sqrt(Σ_{j∈S∩P_k} r_j) over a partition P of V into clusters (k-means on the
  same vectors, K = ⌈K_SHARE·N⌉), r_j = mean_i w_ij: a second sentence from a cluster already
  covered earns less than the first from a new one (the square root), so the summary spreads.

Both are monotone submodular, so the budget-aware greedy (Lin & Bilmes 2010) — add the sentence of
largest gain per (words)^r while it fits, then keep the best single sentence instead if it alone
scores more — is within a constant factor of the best summary. Parts: `similarity` (vectors and
w), `clusters` (the partition), `Coverage` and `Diversity` (each a gain vector and an `add`),
`budgeted_greedy` (the choice). Deterministic: k-means starts from a fixed farthest-point seed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from digest import nlp
from digest.summarizers.rating import RatingSummarizer

_TOKEN = re.compile(r"[a-z0-9]+")
A = 5.0  # α = A / N: each input sentence is covered up to this many "average" sentences' worth
LAMBDA = 6.0  # weight of the diversity reward
K_SHARE = 0.2  # clusters of the diversity partition per input sentence
COST_EXPONENT = 0.3  # r of the scaled cost (words ** r)
KMEANS_ROUNDS = 20


def similarity(texts: Sequence[str], stem, stops) -> tuple[np.ndarray, np.ndarray]:
    """Unit tf-idf rows of the sentences (stemmed content words) and their cosine matrix w."""
    vocab: dict[str, int] = {}
    rows: list[dict[int, float]] = []
    for text in texts:
        counts: dict[int, float] = {}
        for token in _TOKEN.findall(text.lower()):
            if token not in stops:
                key = vocab.setdefault(stem(token), len(vocab))
                counts[key] = counts.get(key, 0.0) + 1.0
        rows.append(counts)
    vectors = np.zeros((len(texts), max(len(vocab), 1)))
    for j, counts in enumerate(rows):
        for key, n in counts.items():
            vectors[j, key] = n
    df = (vectors > 0).sum(axis=0)
    vectors *= np.log((1 + len(texts)) / (1 + df)) + 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return vectors, vectors @ vectors.T


def clusters(vectors: np.ndarray, k: int) -> np.ndarray:
    """A partition of the rows into k clusters: spherical k-means from a farthest-point start."""
    n = vectors.shape[0]
    k = max(1, min(k, n))
    centres = [int(np.argmax(vectors.sum(axis=0) @ vectors.T))]  # the most central sentence first
    nearest = vectors @ vectors[centres[0]]
    while len(centres) < k:
        j = int(np.argmin(nearest))
        centres.append(j)
        nearest = np.maximum(nearest, vectors @ vectors[j])
    means = vectors[centres]
    labels = np.zeros(n, dtype=int)
    for _ in range(KMEANS_ROUNDS):
        new = np.argmax(vectors @ means.T, axis=1)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
        for c in range(k):
            members = vectors[labels == c]
            if len(members):
                centre = members.sum(axis=0)
                norm = np.linalg.norm(centre)
                means[c] = centre / norm if norm > 0 else centre
    return labels


class Coverage:
    """L(S) = Σ_i min(C_i(S), α·C_i(V)), kept as the running C(S)."""

    def __init__(self, w: np.ndarray, alpha: float):
        self.w = w
        self.cap = alpha * w.sum(axis=1)
        self.c = np.zeros(w.shape[0])

    def gains(self) -> np.ndarray:
        before = np.minimum(self.c, self.cap).sum()
        return np.minimum(self.c[:, None] + self.w, self.cap[:, None]).sum(axis=0) - before

    def add(self, j: int) -> None:
        self.c += self.w[:, j]


class Diversity:
    """R(S) = Σ_k sqrt(Σ_{j∈S∩P_k} r_j), r_j the mean similarity of sentence j to the input."""

    def __init__(self, w: np.ndarray, labels: np.ndarray):
        self.reward = w.mean(axis=0)
        self.labels = labels
        self.mass = np.zeros(labels.max() + 1 if labels.size else 1)

    def gains(self) -> np.ndarray:
        held = self.mass[self.labels]
        return np.sqrt(held + self.reward) - np.sqrt(held)

    def add(self, j: int) -> None:
        self.mass[self.labels[j]] += self.reward[j]


def objective(w: np.ndarray, vectors: np.ndarray) -> list[tuple[float, object]]:
    """F = L + λ·R as (weight, part) pairs for `budgeted_greedy` (settings: A, LAMBDA, K_SHARE)."""
    n, a, lam = w.shape[0], A, LAMBDA
    parts: list[tuple[float, object]] = [(1.0, Coverage(w, a / n))]
    if lam:
        parts.append((lam, Diversity(w, clusters(vectors, math.ceil(K_SHARE * n)))))
    return parts


def budgeted_greedy(parts, lengths: np.ndarray, eligible: np.ndarray, *, words: int | None,
                    count: int | None) -> list[int]:
    """Lin & Bilmes's budget-aware greedy, in pick order: the best gain per words**r while it
    fits (a sentence budget: per sentence), then the best single sentence if it scores more."""
    singles = sum(weight * part.gains() for weight, part in parts)
    alive = eligible.copy()
    if words is not None:
        alive &= lengths <= words
    fits = alive.copy()
    cost = np.maximum(lengths, 1.0) ** COST_EXPONENT if words is not None else np.ones_like(lengths)
    chosen: list[int] = []
    value, used = 0.0, 0.0
    while alive.any() and (count is None or len(chosen) < count):
        gains = sum(weight * part.gains() for weight, part in parts)
        j = int(np.argmax(np.where(alive, gains / cost, -np.inf)))
        alive[j] = False
        if gains[j] <= 0:
            break
        if words is not None and used + lengths[j] > words:
            continue
        chosen.append(j)
        value += gains[j]
        used += lengths[j]
        for _, part in parts:
            part.add(j)
    if words is not None and fits.any():
        best = int(np.argmax(np.where(fits, singles, -np.inf)))
        if singles[best] > value + 1e-12:
            return [best]
    return chosen


class SubmodularSummarizer(RatingSummarizer):
    """Lin & Bilmes 2011 on sumy's interface (`digest summarize ... --algorithm submodular`)."""

    def rate_texts(self, texts: Sequence[str], layout: Sequence[tuple[int, int]] = (), *,
                   words: int | None = None, count: int | None = None) -> list[float]:
        """The chosen summary in (1, 2], decreasing in pick order; every other sentence its
        single-sentence score as a share below 1. (Lin & Bilmes use no position: `layout` unused.)"""
        from digest.summarizers.coverage import _unquoted

        if words is None and count is None:
            count = 5
        vectors, w = similarity(texts, self._stemmer, self.stop_words or nlp.stop_words(self.language))
        lengths = np.array([len(t.split()) for t in texts], dtype=float)
        parts = objective(w, vectors)
        singles = sum(weight * part.gains() for weight, part in parts)
        top = singles.max() if singles.size and singles.max() > 0 else 1.0
        ratings = (singles / top * 0.999).tolist()
        chosen = budgeted_greedy(parts, lengths, _unquoted(texts, lengths, words=words, count=count),
                                 words=words, count=count)
        for rank, j in enumerate(chosen):
            ratings[j] = 1.0 + (len(chosen) - rank) / len(chosen)
        return ratings

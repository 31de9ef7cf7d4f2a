"""Pairwise event similarity: per-feature cosines combined by a fitted logistic regression.

Following Miranda et al. 2018 ("Multilingual clustering of streaming news"), an article pair gets
several similarities, one per kind of evidence: body words, the lead, names, names in the lead
(who the event is about), places, numbers (tolls, magnitudes, scores), years and day-month dates
mentioned in the text, plus the distance between publication times when both are known. A logistic regression fitted on labelled pairs
(`benchmarks/fit_group_weights.py`, weights in `digest/data/group_weights.json`) turns them into
the probability that the two articles report the same event.

Every cosine weight is kept non-negative, so the weighted cosines are one sparse product of the
rows stacked side by side (each feature's unit row scaled by the square root of its weight): the
candidate pairs of a whole day come from one blocked sparse product, never an N x N matrix.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from digest.group.reading import MAX_WORDS, Bag, Reading

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

#: Cosine features, in the order of the stacked matrix, with the most terms kept per row.
COSINES: dict[str, int] = {"words": 120, "names": 40, "lead": 40, "lead_names": 15, "places": 15, "numbers": 20, "years": 8,
                           "dates": 10}
#: Other pair features: both texts mention years / numbers / dates (with the cosine: a conflict
#: when they share none), both publication times known, log days apart, the shorter text's length.
EXTRAS = ("both_years", "both_numbers", "both_dates", "dated", "days_apart", "short")
NAME_BOOST = 1.6  # weight factor of capitalised names among the words
# Counted by presence, not by how often: an article that repeats its main name ten times would
# otherwise drown the second names (the opponent, the other player) that tell siblings apart.
BINARY = frozenset({"names", "lead_names", "places", "numbers", "years", "dates"})
COMMON_SHARE, COMMON_MIN = 0.05, 200  # keys in more articles than both are left out


@dataclass
class Model:
    """Fitted weights: cosine weights (>= 0), extra-feature weights, bias, default threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def logit_floor(self) -> float:
        """The logit a probability must reach to count as `threshold`."""
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        return math.log(t / (1 - t))


@lru_cache(maxsize=1)
def default_model() -> Model:
    data = json.loads(resources.files("digest.data").joinpath("group_weights.json").read_text(encoding="utf-8"))
    return Model({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]))


@dataclass
class Features:
    """The unit-row TF-IDF matrix of each cosine feature, and what the extra features need."""

    cosines: dict[str, csr_matrix]
    has: dict[str, np.ndarray]  # per bag: does the text mention any (years, numbers, dates)
    days: np.ndarray  # publication time in days, NaN when unknown
    length: np.ndarray  # words read
    word_idf: np.ndarray  # idf of each word stem (for key terms), by column of cosines["words"]
    word_keys: list[str]  # the word stem of each column of cosines["words"]


def _unit_rows(bag: Bag, limit: int, boost: np.ndarray | None = None, binary: bool = False
               ) -> tuple[csr_matrix, np.ndarray]:
    """Row-normalised TF-IDF (sublinear tf, smooth idf) of one bag, each row's strongest terms kept,
    and the idf of every key.

    A key no other article has cannot make two articles alike, and is left out; so is a key more
    than COMMON_SHARE of the articles have (beyond COMMON_MIN): the year of the day, "said" in a
    big day's news tell no story from another, and one such key would make every pair a candidate.
    A row over `limit` keeps its strongest terms, strongest first (ties: the later key first).
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    n = bag.n
    df = np.bincount(bag.cols, minlength=len(bag.keys))
    levels, level_of = np.unique(df, return_inverse=True)
    idf = np.array([math.log((n + 1) / (c + 1)) + 1.0 for c in levels.tolist()])[level_of]
    common = max(COMMON_MIN, COMMON_SHARE * n)
    key_df = df[bag.cols]
    keep = ~(((key_df < 2) & (n > 1)) | (key_df > common))
    rows, cols = bag.rows[keep], bag.cols[keep]
    w = idf[cols] if binary else np.log1p(bag.values[keep]) * idf[cols]
    if boost is not None:
        w = np.where(boost[keep], w * NAME_BOOST, w)
    per_row = np.bincount(rows, minlength=n)
    over = per_row[rows] > limit
    if over.any():
        ranked = np.flatnonzero(over)
        ranked = ranked[np.lexsort((-cols[ranked], -w[ranked], rows[ranked]))]
        long_rows = per_row * (per_row > limit)
        place = np.arange(len(rows))  # reading order, except in rows over the limit: rank by strength
        place[ranked] = np.arange(len(ranked)) - (np.cumsum(long_rows) - long_rows)[rows[ranked]]
        order = np.lexsort((place, rows))
        order = order[~over[order] | (place[order] < limit)]
        rows, cols, w = rows[order], cols[order], w[order]
    norm = np.sqrt(np.bincount(rows, weights=w * w, minlength=n))
    norm[norm == 0] = 1.0
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
    x = csr_matrix(((w / norm[rows]).astype(np.float32), cols.astype(np.int32), indptr.astype(np.int64)),
                   shape=(n, max(len(bag.keys), 1)))
    return x, idf


def build(reading: Reading, published: list[datetime | None]) -> Features:
    """Every feature matrix of a day's reading (idf from these articles)."""
    import numpy as np

    bags = reading.bags
    cosines = {}
    for name, limit in COSINES.items():
        boost = reading.name_words if name == "words" else None
        cosines[name], idf = _unit_rows(bags[name], limit, boost, name in BINARY)
        if name == "words":
            word_idf = idf
    has = {name: bags[name].has() for name in ("years", "numbers", "dates")}
    days = np.array([p.timestamp() / 86400.0 if isinstance(p, datetime) else np.nan for p in published])
    return Features(cosines, has, days, reading.length, word_idf, bags["words"].keys)


def stacked(features: Features, model: Model) -> csr_matrix:
    """The cosine matrices side by side, each scaled by the square root of its weight."""
    from scipy.sparse import hstack

    parts = [features.cosines[name] * math.sqrt(max(model.weights.get(name, 0.0), 0.0)) for name in COSINES]
    return hstack(parts, format="csr", dtype="float32")


def extras(features: Features, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
    """The extra features of the pairs (rows[k], cols[k]); broadcasting gives dense blocks."""
    import numpy as np

    out = {f"both_{name}": (features.has[name][rows] & features.has[name][cols]).astype(np.float64)
           for name in ("years", "numbers", "dates")}
    delta = np.abs(features.days[rows] - features.days[cols])
    known = ~np.isnan(delta)
    out["dated"] = known.astype(np.float64)
    out["days_apart"] = np.where(known, np.log1p(np.nan_to_num(delta, nan=0.0)), 0.0)
    shorter = np.minimum(features.length[rows], features.length[cols])
    out["short"] = 1.0 - np.log1p(shorter) / math.log1p(MAX_WORDS)
    return out


def extra_logit(features: Features, model: Model, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Bias plus the weighted extra features of the pairs."""
    total = model.bias
    for name, value in extras(features, rows, cols).items():
        total = total + model.weights.get(name, 0.0) * value
    return total


def pair_table(features: Features, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
    """Every feature of the given pairs, by name (for fitting and inspection)."""
    import numpy as np

    table = {}
    for name in COSINES:
        x = features.cosines[name]
        table[name] = np.asarray(x[rows].multiply(x[cols]).sum(axis=1)).ravel()
    table.update(extras(features, rows, cols))
    return table


def sigmoid(z: np.ndarray) -> np.ndarray:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

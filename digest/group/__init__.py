"""Group articles into stories: which articles report the same news event.

Method (Miranda et al. 2018, "Multilingual clustering of streaming news", in a batch setting).
Each article is read into bags of evidence (`reading`): weighted words (title and lead count more,
names more), names under spelling-tolerant keys, the lead, places, numbers, years and day-month
dates mentioned. Each bag becomes a TF-IDF vector; an article pair gets one cosine per bag plus
the distance between publication times, and a logistic regression fitted on labelled pairs of
real and written news turns these into the probability that both report one event (`features`).
Two earthquakes share words but not places, tolls or dates; a trial's verdict weeks later shares
the defendant and the court. Stories are the clusters of average-link clustering cut at
`threshold`: every story's articles are, on average, at least that probably one event.
Only blocks of related articles are ever compared in full (`cluster`).
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from digest import nlp
from digest.group.cluster import cluster_block, components, probabilities, similar_pairs
from digest.group.features import NAME_BOOST, Features, Model, build, default_model, stacked
from digest.group.headline import headline_of
from digest.group.reading import Reading, name_key, read_day
from digest.model import Article, Story, stable_id

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DEFAULT_THRESHOLD", "group_articles", "name_key", "story_similarity"]

#: Default average same-event probability needed to join a story: the fitted model's, chosen by
#: `benchmarks/fit_group_weights.py` in the middle of the plateau over every labelled set.
DEFAULT_THRESHOLD = default_model().threshold


def _language(articles: list[Article]) -> str:
    try:
        return nlp.normalize_language(articles[0].language or "english")
    except ValueError:
        return "english"


def read_day_features(articles: list[Article]) -> tuple[Reading, Features]:
    """What the articles say and their feature matrices (idf from these articles)."""
    reading = read_day(articles, _language(articles))
    return reading, build(reading, [a.published for a in articles])


def read_features(articles: list[Article]) -> Features:
    """The feature matrices of some articles (idf from these articles)."""
    return read_day_features(articles)[1]


def _ranking_key(story: Story) -> tuple:
    last = story.last_published
    return (-story.outlets, -len(story.articles), -(last.timestamp() if last else float("-inf")), story.id)


def _spans(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The positions start..end-1 of every span, one after another (the entries of some rows)."""
    import numpy as np

    lengths = ends - starts
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def _terms(reading: Reading, members: np.ndarray, idf: np.ndarray, n: int = 5) -> list[str]:
    """The n words that weigh most in the story's articles (all words, even those only one has):
    each article's sublinear TF-IDF row (names boosted), unit length, summed in article order."""
    import numpy as np

    words = reading.bags["words"]
    bounds = np.searchsorted(words.rows, np.stack([members, members + 1]))
    entries = _spans(bounds[0], bounds[1])
    which = np.repeat(np.arange(len(members)), bounds[1] - bounds[0])
    cols = words.cols[entries]
    w = np.log1p(words.values[entries]) * idf[cols] * np.where(reading.name_words[entries], NAME_BOOST, 1.0)
    norm = np.sqrt(np.bincount(which, weights=w * w, minlength=len(members)))
    norm[norm == 0] = 1.0
    total = np.bincount(cols, weights=w / norm[which], minlength=len(words.keys))
    present = np.unique(cols)
    if len(present) > n:
        floor = np.partition(total[present], len(present) - n)[len(present) - n]
        present = present[total[present] >= floor]
    ranked = sorted(present.tolist(), key=lambda c: (-total[c], words.keys[c]))[:n]
    return [reading.vocabulary.readable(words.keys[c]) for c in ranked]


def _story(articles: list[Article], reading: Reading, idx: np.ndarray, features: Features) -> Story:
    """A Story from one cluster: articles most central first, headline, key terms, stable id."""
    import numpy as np

    matrix = features.cosines["words"]
    starts, ends = matrix.indptr[idx], matrix.indptr[idx + 1]  # the cluster's rows, read in place
    entries = _spans(starts, ends)
    data = matrix.data[entries]
    cols, inverse = np.unique(matrix.indices[entries], return_inverse=True)
    weights = np.bincount(inverse, weights=data, minlength=len(cols))
    rows = np.repeat(np.arange(len(idx)), ends - starts)
    centrality = np.bincount(rows, weights=data * weights[inverse], minlength=len(idx))
    when = np.nan_to_num(features.days[idx], nan=-np.inf)
    order = sorted(range(len(idx)), key=lambda i: (-round(float(centrality[i]), 6), -when[i], articles[idx[i]].id))
    members = [articles[idx[i]] for i in order]
    vocab = reading.vocabulary
    centroid: dict[str, float] = {}

    def closeness(sentence: str) -> float:  # only for a story whose central title is no headline
        if not centroid:
            centroid.update((features.word_keys[c], w) for c, w in zip(cols.tolist(), weights.tolist(), strict=True))
        keys = {vocab.stem(w) for w in nlp.words(sentence)}
        return sum(centroid.get(k, 0.0) for k in keys if k) / math.sqrt(len(keys) + 1)

    return Story(
        id=stable_id(*sorted(a.id for a in members)),
        headline=headline_of(members[0], closeness),
        articles=members,
        terms=_terms(reading, idx[np.array(order[:50])], features.word_idf),
    )


def _model(threshold: float | None, model: Model | None = None) -> Model:
    model = model or default_model()
    threshold = model.threshold if threshold is None else float(threshold)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    return dataclasses.replace(model, threshold=threshold)


def cluster_indices(features: Features, threshold: float | None = None, model: Model | None = None
                    ) -> list[np.ndarray]:
    """The clusters (article indices) of average-link clustering on same-event probabilities
    (`model`: fitted weights, by default the shipped ones)."""
    import numpy as np

    model = _model(threshold, model)
    x = stacked(features, model)
    pairs = similar_pairs(x, features, model)
    cutoff = max(model.threshold, 1e-6)
    clusters: list[np.ndarray] = []
    for block in components(pairs, np.arange(len(features.days)), cutoff):
        clusters.extend(cluster_block(x, features, model, block, model.threshold))
    return clusters


def group_articles(articles: list[Article], threshold: float | None = None) -> list[Story]:
    """Stories found in the articles, ranked for the briefing.

    `threshold` (0..1, default DEFAULT_THRESHOLD) is the average same-event probability the
    articles of a story must have: lower gives fewer, bigger stories. Stories come ranked by
    distinct outlets, then number of articles, then most recent; each story's articles are most
    central first.
    """
    if not articles:
        return []
    model = _model(threshold)
    reading, features = read_day_features(articles)
    clusters = cluster_indices(features, model.threshold)
    stories = [_story(articles, reading, idx, features) for idx in clusters]
    stories.sort(key=_ranking_key)
    return stories


def story_similarity(first: list[Article], second: list[Article]) -> float:
    """How probably two sets of articles (two stories, say today's and yesterday's) report one event.

    The average same-event probability over every pair across the two sets, as average link
    would join them (idf from both sets together): above DEFAULT_THRESHOLD, grouping would
    make them one story.
    """
    import numpy as np

    if not first or not second:
        return 0.0
    articles = list(first) + list(second)
    features = read_features(articles)
    model = default_model()
    p = probabilities(stacked(features, model), features, model, np.arange(len(articles)))
    return float(p[: len(first), len(first):].mean())

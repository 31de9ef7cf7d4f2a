"""Group articles into stories: which articles tell the same news event.

Method. Each article becomes a TF-IDF vector over stemmed words (idf from the articles being
grouped, sublinear tf), with title words and capitalised names (people, places, organisations)
counted more, because those are what tell one story from another on the same subject. Two
articles' similarity is the cosine of their vectors, lowered when they were published days apart.
Stories are the clusters of average-link agglomerative clustering cut at `threshold`: every
story's articles are, on average, at least that similar to each other.

Scale. Average link never joins two clusters unless some pair across them is at least
`threshold` similar, so the connected components of the sparse "similarity >= threshold" graph
can be clustered separately and exactly; only those components get a dense matrix. The sparse
graph is built in row blocks from vectors pruned to their strongest terms, so time and memory
grow with the number of similar pairs, not with N squared.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from digest import nlp
from digest.model import Article, Story, stable_id

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

#: Default average similarity needed to join a story. Swept from 0.06 to 0.54 on our labelled
#: sets (samples/, tests/group_corpus.py, and partial-text versions of both): full articles are
#: grouped perfectly from 0.16 to 0.36, related stories merge below 0.14, and partial texts lose
#: recall as it rises; 0.18 keeps a margin above the merge edge with the best recall there.
DEFAULT_THRESHOLD = 0.18

TITLE_WEIGHT = 3.0  # a title word counts as this many body occurrences
NAME_BOOST = 1.6  # weight factor of capitalised names
LEAD_WORDS = 60  # words at the start of the body counted twice: news puts the event first
MAX_WORDS = 600  # body words read per article (the rest adds little and costs time)
MAX_TERMS = 120  # strongest terms kept per article vector
DAY_GRACE = 3.0  # days apart before the time penalty starts
DAY_HALF = 60.0  # days beyond the grace at which similarity is halved (stories run for weeks)
MAX_BLOCK = 3000  # largest component clustered with a dense matrix
ROW_BLOCK = 2000  # rows per sparse product block

# Words that are capitalised whatever the story: never names, never evidence of a story.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february april june july august "
    "september october november december today yesterday tomorrow".split()
)
_NAME_RE = re.compile(r"(?:(?<=[^\W_] )|(?<=, ))([A-Z](?:[^\W\d_]|['\u2019-])+)")


@dataclass
class _Doc:
    """One article's weighted term counts (stems) and its names."""

    counts: dict[str, float]
    names: set[str]


def _words_and_names(text: str) -> tuple[list[str], set[str]]:
    """The first MAX_WORDS words, and the capitalised ones seen mid-sentence (names).

    A capitalised word right after a letter, digit or comma and one space is mid-sentence;
    the same word at a sentence start is then a name as well, through its stem.
    """
    found = nlp.WORD_RE.findall(text, 0, MAX_WORDS * 12)[:MAX_WORDS]
    return found, set(_NAME_RE.findall(text, 0, MAX_WORDS * 12))


def _body(article: Article) -> str:
    """The article text without its title line (ingest keeps the title in the text)."""
    text = article.text or ""
    title = (article.title or "").strip()
    if title:
        head = text.lstrip()
        first, _, rest = head.partition("\n")
        if first.strip().strip("#").strip() == title:
            return rest
    return text


class _Vocabulary:
    """Stems, their ids, and the most frequent surface form of each (for readable key terms)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.stops = nlp.stop_words(language)
        self.ids: dict[str, int] = {}
        self.surfaces: dict[str, Counter[str]] = {}
        self._stem_of: dict[str, str | None] = {}

    def stem(self, word: str) -> str | None:
        """The stem of a content word, None for stop words and noise (cached per surface form)."""
        if word in self._stem_of:
            return self._stem_of[word]
        lower = word.lower().replace("\u2019", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        key = None
        if len(lower) > 1 and lower not in self.stops and lower not in _CALENDAR:
            key = nlp.stem(lower, self.language)
            self.surfaces.setdefault(key, Counter())
        self._stem_of[word] = key
        return key

    def doc(self, article: Article) -> _Doc:
        title, _ = _words_and_names(article.title or "")
        body, names = _words_and_names(_body(article))
        seen = Counter(body)
        weights = Counter(body[:LEAD_WORDS])  # the lead counts twice
        weights.update(seen)
        for word in title:
            weights[word] += TITLE_WEIGHT
            seen[word] += 1
        counts: dict[str, float] = {}
        name_keys: set[str] = set()
        for word, weight in weights.items():
            key = self.stem(word)
            if key:
                counts[key] = counts.get(key, 0.0) + weight
                self.surfaces[key][word] += seen[word]
                if word in names:
                    name_keys.add(key)
        return _Doc(counts, name_keys)

    def readable(self, key: str) -> str:
        """The usual spelling of a stem: 'Assad' for 'assad', 'ceasefire' for 'ceasefir'."""
        forms = self.surfaces.get(key)
        if not forms:
            return key
        best, _ = max(forms.items(), key=lambda kv: (kv[1], kv[0].islower()))
        lower_total = sum(n for w, n in forms.items() if w.islower())
        return best if lower_total * 2 < sum(forms.values()) else best.lower()


def _vectors(docs: list[_Doc], vocab: _Vocabulary) -> tuple[csr_matrix, dict[str, float]]:
    """Row-normalised TF-IDF matrix (sublinear tf, smooth idf from these documents)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.counts.keys())
    n = len(docs)
    for key in df:
        vocab.ids.setdefault(key, len(vocab.ids))
    idf = {k: math.log((n + 1) / (c + 1)) + 1.0 for k, c in df.items()}
    indptr, indices, data = [0], [], []
    for d in docs:
        row = []
        for key, tf in d.counts.items():
            if df[key] < 2 and n > 1:
                continue  # a word no other article has cannot make two articles alike
            w = (1.0 + math.log(tf)) * idf[key] * (NAME_BOOST if key in d.names else 1.0)
            row.append((w, vocab.ids[key]))
        if len(row) > MAX_TERMS:
            row.sort(reverse=True)
            row = row[:MAX_TERMS]
        norm = math.sqrt(sum(w * w for w, _ in row)) or 1.0
        indices.extend(i for _, i in row)
        data.extend(w / norm for w, _ in row)
        indptr.append(len(indices))
    x = csr_matrix((np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32),
                    np.asarray(indptr, dtype=np.int64)), shape=(n, max(len(vocab.ids), 1)))
    return x, idf


def _days(articles: list[Article]) -> np.ndarray:
    """Publication time in days (NaN when unknown: no time penalty for those)."""
    import numpy as np

    return np.array([a.published.timestamp() / 86400.0 if isinstance(a.published, datetime) else np.nan
                     for a in articles], dtype=np.float64)


def _time_factor(delta_days: np.ndarray) -> np.ndarray:
    """1 within DAY_GRACE days, then falling slowly (0.5 at DAY_GRACE + DAY_HALF days)."""
    import numpy as np

    late = np.clip(np.nan_to_num(np.abs(delta_days), nan=0.0) - DAY_GRACE, 0.0, None)
    return 1.0 / (1.0 + late / DAY_HALF)


def _similar_pairs(x: csr_matrix, days: np.ndarray, cutoff: float) -> csr_matrix:
    """Sparse matrix of time-penalised cosine similarities >= cutoff (upper triangle)."""
    import numpy as np
    from scipy.sparse import coo_matrix, triu

    rows, cols, vals = [], [], []
    xt = x.T.tocsc()
    for start in range(0, x.shape[0], ROW_BLOCK):
        block = (x[start:start + ROW_BLOCK] @ xt).tocoo()
        keep = block.data >= cutoff
        r, c, v = block.row[keep] + start, block.col[keep], block.data[keep]
        upper = c > r
        r, c, v = r[upper], c[upper], v[upper]
        v = v * _time_factor(days[r] - days[c])
        keep = v >= cutoff
        rows.append(r[keep])
        cols.append(c[keep])
        vals.append(v[keep])
    n = x.shape[0]
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    v = np.concatenate(vals) if vals else np.zeros(0, dtype=np.float32)
    return triu(coo_matrix((v, (r, c)), shape=(n, n)), k=1).tocsr()


def _components(pairs: csr_matrix, members: np.ndarray, cutoff: float) -> list[np.ndarray]:
    """Connected components of the pairs >= cutoff among members, each at most MAX_BLOCK big.

    A component larger than that (a chain of loosely related articles) is split at a higher
    cutoff: its clusters are then exact within each part.
    """
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    sub = pairs[members][:, members]
    sub.data[sub.data < cutoff] = 0
    sub.eliminate_zeros()
    _, labels = connected_components(sub, directed=False)
    out: list[np.ndarray] = []
    for label in np.unique(labels):
        part = members[labels == label]
        if len(part) > MAX_BLOCK and cutoff < 0.99:
            out.extend(_components(pairs, part, min(0.99, cutoff + 0.05)))
        else:
            out.append(part)
    return out


def _cluster_block(x: csr_matrix, days: np.ndarray, members: np.ndarray, threshold: float) -> list[np.ndarray]:
    """Average-link clusters of one component, cut where average similarity < threshold."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(members) == 1:
        return [members]
    sub = x[members]
    sim = (sub @ sub.T).toarray().astype(np.float64)
    sim *= _time_factor(days[members][:, None] - days[members][None, :])
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    return [members[labels == label] for label in np.unique(labels)]


def _ranking_key(story: Story) -> tuple:
    last = story.last_published
    return (-story.outlets, -len(story.articles), -(last.timestamp() if last else float("-inf")), story.id)


def _headline(central: Article, vocab: _Vocabulary, centroid: dict[str, float]) -> str:
    """The central article's title, or else its sentence closest to the story's centroid."""
    if (central.title or "").strip():
        return central.title.strip()
    sentences = [s for p in nlp.clean_article(central.text or "").paragraphs for s in nlp.split_sentences(p)]
    if not sentences:
        return (central.text or "").strip()[:120] or central.path or central.url or central.id

    def score(sentence: str) -> float:
        keys = {vocab.stem(w) for w in nlp.words(sentence)}
        return sum(centroid.get(k, 0.0) for k in keys if k) / math.sqrt(len(keys) + 1)

    return max(sentences, key=score)


def _terms(docs: list[_Doc], vocab: _Vocabulary, idf: dict[str, float], n: int = 5) -> list[str]:
    """The n words that weigh most in the story's articles (all words, even those only one has)."""
    total: Counter[str] = Counter()
    for d in docs:
        weights = {k: (1.0 + math.log(tf)) * idf[k] * (NAME_BOOST if k in d.names else 1.0)
                   for k, tf in d.counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for k, w in weights.items():
            total[k] += w / norm
    return [vocab.readable(k) for k, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _story(articles: list[Article], docs: list[_Doc], idx: np.ndarray, x: csr_matrix, days: np.ndarray,
           vocab: _Vocabulary, stems: list[str], idf: dict[str, float]) -> Story:
    """A Story from one cluster: articles most central first, headline, key terms, stable id."""
    import numpy as np

    sub = x[idx]
    cols, inverse = np.unique(sub.indices, return_inverse=True)
    weights = np.bincount(inverse, weights=sub.data, minlength=len(cols))
    rows = np.repeat(np.arange(len(idx)), np.diff(sub.indptr))
    centrality = np.bincount(rows, weights=sub.data * weights[inverse], minlength=len(idx))
    when = np.nan_to_num(days[idx], nan=-np.inf)
    order = sorted(range(len(idx)), key=lambda i: (-round(float(centrality[i]), 6), -when[i], articles[idx[i]].id))
    members = [articles[idx[i]] for i in order]
    centroid = {stems[int(c)]: float(w) for c, w in zip(cols, weights, strict=True)}
    terms = _terms([docs[idx[i]] for i in order[:50]], vocab, idf)
    return Story(
        id=stable_id(*sorted(a.id for a in members)),
        headline=_headline(members[0], vocab, centroid),
        articles=members,
        terms=terms,
    )


def group_articles(articles: list[Article], threshold: float | None = None) -> list[Story]:
    """Stories found in the articles, ranked for the briefing.

    `threshold` (0..1, default DEFAULT_THRESHOLD) is the average similarity the articles of a
    story must have: lower gives fewer, bigger stories. Stories come ranked by distinct outlets,
    then number of articles, then most recent; each story's articles are most central first.
    """
    import numpy as np

    if not articles:
        return []
    threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    language = articles[0].language or "english"
    try:
        language = nlp.normalize_language(language)
    except ValueError:
        language = "english"
    vocab = _Vocabulary(language)
    docs = [vocab.doc(a) for a in articles]
    x, idf = _vectors(docs, vocab)
    days = _days(articles)
    cutoff = max(threshold, 1e-6)
    pairs = _similar_pairs(x, days, cutoff)
    clusters: list[np.ndarray] = []
    for block in _components(pairs, np.arange(len(articles)), cutoff):
        clusters.extend(_cluster_block(x, days, block, threshold))
    stems = sorted(vocab.ids, key=vocab.ids.__getitem__)
    stories = [_story(articles, docs, idx, x, days, vocab, stems, idf) for idx in clusters]
    stories.sort(key=_ranking_key)
    return stories

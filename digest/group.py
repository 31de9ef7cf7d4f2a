"""Group articles into stories: which articles tell the same news event.

Method. Each article becomes a TF-IDF vector over stemmed words (idf from the articles being
grouped, sublinear tf), with title words, the lead (news puts the event first) and names counted
more, because those are what tell one story from another on the same subject. A name is a word the
articles mostly capitalise mid-sentence. Each vector also carries the article's names alone, under
spelling-tolerant keys ("Gaddafi", "Qadhafi"): similarity is then a weighted mean of the word and
name cosines, so follow-ups weeks later that share the story's people and places stay together
while their words drift. Similarity is lowered, slowly, for articles published weeks apart.
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
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from digest import nlp
from digest.analysis import analyse
from digest.model import Article, Story, stable_id

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

#: Default average similarity needed to join a story. Chosen by `benchmarks/group_eval.py --all`,
#: which sweeps 0.04..0.60 over every labelled set (samples/, tests/group_corpus.py, the season in
#: benchmarks/data/grouping/) and their lead-only, title-less and round-up variants: the worst set
#: scores within 0.02 of its best from 0.14 to 0.28 (below, related stories merge; above, short
#: texts and late follow-ups split off), and 0.20 is the middle of that plateau.
DEFAULT_THRESHOLD = 0.20

TITLE_WEIGHT = 3.0  # a title word counts as this many body occurrences
NAME_BOOST = 1.6  # weight factor of capitalised names
# News puts the event first (the inverted pyramid) and background, other stories and boilerplate
# later: a body word weighs 2 at the start, 1 after LEAD_WORDS words, then less (never below
# MIN_POSITION_WEIGHT, so a long article's body still counts).
LEAD_WORDS = 40
MIN_POSITION_WEIGHT = 0.2
MAX_WORDS = 600  # body words read per article (the rest adds little and costs time)
MAX_TERMS = 120  # strongest terms kept per article vector
ENTITY_SHARE = 0.25  # weight of the names-only cosine in an article pair's similarity
ENTITY_MARK = "#"  # prefix of name keys among the stems (never a stem: stems are words)
DAY_GRACE = 3.0  # days apart before the time penalty starts
DAY_HALF = 120.0  # days beyond the grace at which similarity is halved (stories run for weeks)
MAX_BLOCK = 3000  # largest component clustered with a dense matrix
ROW_BLOCK = 2000  # rows per sparse product block

_POSITION_WEIGHTS = [max(MIN_POSITION_WEIGHT, 2.0 * LEAD_WORDS / (LEAD_WORDS + i)) for i in range(MAX_WORDS)]

# Words that are capitalised whatever the story: never names, never evidence of a story.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february april june july august "
    "september october november december today yesterday tomorrow".split()
)
_NAME_RE = re.compile(r"(?:(?<=[^\W_] )|(?<=, ))([A-Z](?:[^\W\d_]|['\u2019-])+)")


@dataclass
class _Doc:
    """One article's weighted term counts (stems), its names (stems), and its entity counts."""

    counts: dict[str, float]
    names: set[str]
    entities: dict[str, float]


def name_key(word: str) -> str:
    """A spelling-tolerant key for a name: transliterations of one name share it.

    Long names (six letters or more) are reduced to a consonant skeleton, as phonetic keys such as
    Soundex do: accents, vowels, 'h' and doubled letters dropped, an initial c/g/k/q read as one
    sound, so "Gaddafi", "Qadhafi" and "Gadhafi" meet, as do "Zelensky" and "Zelenskiy". Short
    names are kept as written: their skeletons would collide.
    """
    folded = unicodedata.normalize("NFKD", word.lower().replace("\u2019", "'"))
    folded = "".join(c for c in folded if c.isalpha() or c in "'-")
    if folded.endswith("'s"):
        folded = folded[:-2]
    if len(folded) < 6:
        return folded
    first = "k" if folded[0] in "cgkq" else folded[0]
    rest = [c for c in folded[1:] if c not in "aeiouyh'-"]
    skeleton = [first]
    for c in rest:
        if c != skeleton[-1]:
            skeleton.append(c)
    return "".join(skeleton)


def _words_and_names(text: str) -> tuple[list[str], set[str]]:
    """The first MAX_WORDS words, and the capitalised ones seen mid-sentence (names).

    A capitalised word right after a letter, digit or comma and one space is mid-sentence;
    the same word at a sentence start is then a name as well, through its stem.
    """
    found = nlp.WORD_RE.findall(text, 0, MAX_WORDS * 12)[:MAX_WORDS]
    return found, set(_NAME_RE.findall(text, 0, MAX_WORDS * 12))


def _plain(word: str) -> str:
    """A word in lower case without its possessive 's."""
    lower = word.lower().replace("\u2019", "'")
    return lower[:-2] if lower.endswith("'s") else lower


def _body(article: Article) -> str:
    """The article text without its title line (ingest keeps the title in the text) or dateline.

    A dateline ("WASHINGTON (AP) _") names where the reporter filed, not what happened, and would
    otherwise take the lead's weight.
    """
    text = article.text or ""
    title = (article.title or "").strip()
    if title:
        head = text.lstrip()
        first, _, rest = head.partition("\n")
        if first.strip().strip("#").strip() == title:
            text = rest
    head, sep, rest = text.lstrip().partition("\n\n")
    return nlp.strip_dateline(head) + sep + rest


class _Vocabulary:
    """Stems, their ids, and the most frequent surface form of each (for readable key terms)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.stops = nlp.stop_words(language)
        self.ids: dict[str, int] = {}
        self.surfaces: dict[str, Counter[str]] = {}
        self._stem_of: dict[str, str | None] = {}
        self._plain_of: dict[str, str] = {}
        self.capitalised: Counter[str] = Counter()
        self.lowercase: Counter[str] = Counter()

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

    def plain(self, word: str) -> str:
        """`_plain(word)`, cached per surface form."""
        found = self._plain_of.get(word)
        if found is None:
            found = self._plain_of[word] = _plain(word)
        return found

    def read(self, article: Article) -> tuple[Counter[str], Counter[str]]:
        """An article's weighted words (title and lead count more) and how often each was seen.

        Also counts, over all articles read, how often each word is capitalised mid-sentence and
        how often it is written in lower case: `doc` tells names by both.
        """
        title, _ = _words_and_names(article.title or "")
        body, names = _words_and_names(_body(article))
        if title and body[:len(title)] == title:
            title = []  # a title made from the first sentence (ingest's fallback) adds nothing
        seen = Counter(body)
        weights: Counter[str] = Counter()
        for word, weight in zip(body, _POSITION_WEIGHTS, strict=False):  # body has <= MAX_WORDS
            weights[word] += weight
        for word, count in seen.items():
            if word in names:
                self.capitalised[self.plain(word)] += count
            elif word.islower():
                self.lowercase[self.plain(word)] += count
        for word in title:
            weights[word] += TITLE_WEIGHT
            seen[word] += 1
        return weights, seen

    def doc(self, weights: Counter[str], seen: Counter[str]) -> _Doc:
        """Stem counts, name stems and entity counts of a read article.

        A capitalised word is a name when the articles mostly write it capitalised mid-sentence,
        so a name at the start of a sentence or in a title-case headline is still a name, and a
        headline's "Floods" is not.
        """
        counts: dict[str, float] = {}
        name_keys: set[str] = set()
        entities: dict[str, float] = {}
        for word, weight in weights.items():
            key = self.stem(word)
            if key:
                counts[key] = counts.get(key, 0.0) + weight
                self.surfaces[key][word] += seen[word]
                plain = self.plain(word)
                if word[0].isupper() and self.capitalised[plain] > self.lowercase[plain]:
                    name_keys.add(key)
                    entity = ENTITY_MARK + name_key(word)
                    entities[entity] = entities.get(entity, 0.0) + weight
        return _Doc(counts, name_keys, entities)

    def readable(self, key: str) -> str:
        """The usual spelling of a stem: 'Assad' for 'assad', 'ceasefire' for 'ceasefir'."""
        forms = self.surfaces.get(key)
        if not forms:
            return key
        best, _ = max(forms.items(), key=lambda kv: (kv[1], kv[0].islower()))
        lower_total = sum(n for w, n in forms.items() if w.islower())
        return best if lower_total * 2 < sum(forms.values()) else best.lower()


def _vectors(docs: list[_Doc], vocab: _Vocabulary) -> tuple[csr_matrix, dict[str, float]]:
    """Row-normalised TF-IDF matrix (sublinear tf, smooth idf from these documents).

    Each row joins two unit vectors, as in multi-part news clustering (Miranda et al., 2018): the
    words (names weighted up) and, with weight ENTITY_SHARE, the names alone under spelling-tolerant
    keys. The cosine of two rows is then the weighted mean of their word and name cosines: articles
    that share the same rare people and places score high even when their words drift over weeks.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.counts.keys())
        df.update(d.entities.keys())
    n = len(docs)
    for key in df:
        vocab.ids.setdefault(key, len(vocab.ids))
    idf = {k: math.log((n + 1) / (c + 1)) + 1.0 for k, c in df.items()}
    shares = (math.sqrt(1.0 - ENTITY_SHARE), math.sqrt(ENTITY_SHARE))
    indptr, indices, data = [0], [], []
    for d in docs:
        parts = []
        for counts, boost, limit in ((d.counts, d.names, MAX_TERMS), (d.entities, (), MAX_TERMS // 3)):
            row = []
            for key, tf in counts.items():
                if df[key] < 2 and n > 1:
                    continue  # a word no other article has cannot make two articles alike
                w = math.log1p(tf) * idf[key] * (NAME_BOOST if key in boost else 1.0)
                row.append((w, vocab.ids[key]))
            if len(row) > limit:
                row.sort(reverse=True)
                row = row[:limit]
            parts.append(row)
        scales = shares if parts[1] else (1.0, 0.0)  # no shared names: the words alone
        for row, scale in zip(parts, scales, strict=True):
            norm = math.sqrt(sum(w * w for w, _ in row)) or 1.0
            indices.extend(i for _, i in row)
            data.extend(scale * w / norm for w, _ in row)
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
    sentences = [s.text for s in analyse(central, "english").sentences]
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
        weights = {k: math.log1p(tf) * idf[k] * (NAME_BOOST if k in d.names else 1.0)
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
    read = [vocab.read(a) for a in articles]
    docs = [vocab.doc(*r) for r in read]
    del read
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

"""The project's default multi-document summarizer: weighted concept coverage under a budget.

(One article has no second outlet to weigh concepts by: `digest.summarizers.single` summarises it.)

Method (Gillick & Favre 2009, "A scalable global model for summarization"; ICSISumm): a summary
is good when it covers many *concepts* that several articles report. Concepts are stemmed word
bigrams (not both stop words) weighted by the number of articles that contain them; only
concepts reported by enough articles count, so a fact stated by three outlets is worth covering
once and worth nothing the second time (redundancy control comes from the objective itself).
Additions from later work on news summarization:

- lead prior (Hong & Nenkova 2014: a word's earliest position is its strongest importance cue):
  each article that reports a concept adds up to LEAD_BONUS more when the concept is in its first
  sentence, fading to nothing after LEAD sentences;
- no quoted speech (Boudin, Mougard & Favre 2015, whose `sume` prunes such sentences): summaries
  report what was said, they do not quote it;
- budget filling: the sentence set is chosen jointly by an exact integer program (HiGHS via
  `scipy.optimize.milp`) maximising covered weight under the word budget, with a cost-scaled
  greedy (Lin & Bilmes 2010) as fallback, so the summary uses
  the budget as fully as it can; the solver's work is bounded by a node count, never by the
  clock, so the same input gives the same summary on a quiet or a busy machine;
  ties go to earlier and longer sentences, and concepts below the threshold keep a token weight.

This module is the algorithm on plain sentence strings, without sumy (whose import pulls in
NLTK, over a second of start-up); `digest.summarizers.default` puts it behind sumy's
`AbstractSummarizer` interface.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from digest import nlp

_TOKEN = re.compile(r"[a-z0-9]+")
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]|''|``")
_QUOTATION = re.compile(r"(?:[\"\u201c]|``)([^\"\u201c\u201d`']*)(?:[\"\u201d]|'')")
QUOTE_WORDS = 4  # a quotation this long is speech; shorter ones are scare quotes or titles
LEAD = 4  # lead sentences of an article (news puts the main facts first)
LEAD_BONUS = 1.0  # extra weight per article for a concept in its first sentence, fading over LEAD
MAX_ILP = 200  # candidates handed to the integer program (pre-ranked by covered weight)
# Solver work limit in branch-and-bound nodes, not seconds, so the summary is a function of its input
# (a time limit made a busy machine fall back to the greedy choice). Real stories need 1-49 nodes
# (ECB+ topics, Wikinews collections); past the limit the best solution found so far is kept when
# it beats the greedy one. A node costs about 20 ms on a 500-sentence pool.
ILP_NODES = 100
MINOR_WEIGHT = 0.01  # weight of a concept too few articles report (reported ones weigh >= 1)


class ConceptCoverage:
    """Rates sentences by the weighted concepts they cover and picks the best-covering summary."""

    def __init__(self, stemmer=None, stop_words: frozenset[str] | None = None, language: str = "english"):
        self.language = language
        self._stemmer = stemmer or nlp.stemmer_for(language)
        self.stop_words = stop_words if stop_words is not None else nlp.stop_words(language)

    def rate_texts(self, texts: Sequence[str], layout: Sequence[tuple[int, int]], *,
                   words: int | None = None, count: int | None = None) -> list[float]:
        """A rating per sentence: the chosen summary rates in (1, 2], decreasing in pick order;
        every other sentence rates its own covered share of the concept weight (< 1)."""
        matrix, weights = self.concepts(texts, layout)
        lengths = np.array([len(t.split()) for t in texts], dtype=float)
        own = matrix @ weights
        scale = own.max() if own.size and own.max() > 0 else 1.0
        ratings = (own / scale * 0.999).tolist()
        if words is None and count is None:
            count = 5
        eligible = _unquoted(texts, lengths, words=words, count=count)
        chosen = self.choose(matrix, weights, lengths, layout, eligible, words=words, count=count)
        for rank, j in enumerate(chosen):
            ratings[j] = 1.0 + (len(chosen) - rank) / len(chosen)
        return ratings

    def concepts(self, texts: Sequence[str], layout: Sequence[tuple[int, int]]):
        """Sentence × concept incidence (CSR, 0/1) and the concept weights."""
        stops = self.stop_words
        articles = sorted({a for a, _ in layout})
        vocab: dict[tuple[str, str], int] = {}
        rows: list[int] = []
        cols: list[int] = []
        # per concept: {article: earliest-position prior in [0, 1]}
        seen: list[dict[int, float]] = []
        lead_rank = _lead_ranks(layout)
        for j, text in enumerate(texts):
            tokens = _TOKEN.findall(text.lower())
            stems = [self._stemmer(t) for t in tokens]
            is_stop = [t in stops for t in tokens]
            ids = set()
            for k in range(len(stems) - 1):
                if is_stop[k] and is_stop[k + 1]:
                    continue
                key = (stems[k], stems[k + 1])
                c = vocab.get(key)
                if c is None:
                    c = vocab[key] = len(vocab)
                    seen.append({})
                ids.add(c)
            unit = layout[j][0]
            lead = max(0.0, 1.0 - lead_rank[j] / LEAD)
            for c in ids:
                seen[c][unit] = max(seen[c].get(unit, 0.0), lead)
                rows.append(j)
                cols.append(c)
        df = np.array([len(s) for s in seen], dtype=float)
        leads = np.array([sum(s.values()) for s in seen], dtype=float)
        weights = df + LEAD_BONUS * leads
        # Only concepts several articles report count.
        min_df = 3 if len(articles) >= 6 else 2
        keep = df >= min_df
        if keep.sum() < 10:
            keep = df >= 2 if (df >= 2).sum() >= 3 else df >= 1
        # Concepts below the threshold keep a token weight: when nothing reported widely is left
        # to cover, new information still beats repeating what the summary already says.
        weights = np.where(keep, weights, MINOR_WEIGHT)
        matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocab)))
        return matrix, weights

    def choose(self, matrix, weights, lengths, layout, eligible, *, words: int | None,
               count: int | None) -> list[int]:
        """Sentence indices maximising covered concept weight within the budget, in pick order."""
        fits = eligible & (lengths <= (words if words is not None else np.inf))
        # Reported concepts are covered once; minor ones and a tiny prior for earlier sentences and
        # fuller budgets only break ties, so they count per sentence (a much smaller program).
        major = np.where(weights >= 1.0, weights, 0.0)
        position = np.array([p for _, p in layout], dtype=float)
        tie = matrix @ (weights - major) + 1e-3 / (1.0 + position) + 1e-4 * lengths
        greedy = _greedy(matrix, major, lengths, tie, fits, words=words, count=count)
        pool = np.flatnonzero(fits)
        if len(pool) > MAX_ILP:
            density = (matrix[pool] @ major + tie[pool]) / np.maximum(lengths[pool], 1.0) ** 0.5
            pool = np.union1d(pool[np.argsort(-density, kind="stable")[:MAX_ILP]], greedy).astype(int)
        exact = _ilp(matrix[pool], major, lengths[pool], tie[pool], words=words, count=count)
        if exact is not None:
            exact_ids = pool[exact]
            if _value(matrix, major, tie, exact_ids) > _value(matrix, major, tie, greedy) + 1e-9:
                greedy_order = _greedy(matrix[exact_ids], major, lengths[exact_ids], tie[exact_ids],
                                       np.ones(len(exact_ids), bool), words=None, count=len(exact_ids))
                return [int(exact_ids[k]) for k in greedy_order]
        return [int(j) for j in greedy]


def _unquoted(texts: Sequence[str], lengths: np.ndarray, *, words: int | None, count: int | None) -> np.ndarray:
    """Sentences that are not quoted speech (Boudin et al.'s sume prunes them: summaries report,
    they do not quote), unless what is left cannot fill the budget."""
    unquoted = np.array([not _is_speech(t) for t in texts], dtype=bool)
    enough = lengths[unquoted].sum() >= words if words is not None else unquoted.sum() >= (count or 0)
    return unquoted if enough else np.ones(len(texts), dtype=bool)


def _is_speech(text: str) -> bool:
    """Quoted speech: a quotation of QUOTE_WORDS or more words, or an unclosed quotation
    (a sentence inside a quote that spans several sentences)."""
    if any(len(m.group(1).split()) >= QUOTE_WORDS for m in _QUOTATION.finditer(text)):
        return True
    return len(_QUOTE_MARK.findall(_QUOTATION.sub("", text))) > 0


def _lead_ranks(layout: Sequence[tuple[int, int]]) -> list[int]:
    """Rank of each sentence among its article's sentences (0 = first candidate sentence)."""
    order: dict[int, list[tuple[int, int]]] = {}
    for j, (article, position) in enumerate(layout):
        order.setdefault(article, []).append((position, j))
    ranks = [0] * len(layout)
    for items in order.values():
        for rank, (_, j) in enumerate(sorted(items)):
            ranks[j] = rank
    return ranks


def _value(matrix, weights, tie, chosen) -> float:
    chosen = np.asarray(chosen, dtype=int)
    if chosen.size == 0:
        return 0.0
    covered = np.asarray(matrix[chosen].sum(axis=0)).ravel() > 0
    return float(weights[covered].sum() + tie[chosen].sum())


def _greedy(matrix, weights, lengths, tie, fits, *, words: int | None, count: int | None) -> list[int]:
    """Cost-scaled greedy for budgeted coverage (Lin & Bilmes 2010): best gain per word while
    it fits, then the best single sentence if that alone covers more."""
    columns = matrix.tocsc()
    remaining = weights.astype(float).copy()
    gains = matrix @ remaining + tie
    alive = fits.copy()
    chosen: list[int] = []
    used = 0.0
    cost = np.maximum(lengths, 1.0) if words is not None else np.ones_like(lengths)
    while alive.any() and (count is None or len(chosen) < count):
        score = np.where(alive, gains / cost, -np.inf)
        j = int(np.argmax(score))
        if gains[j] <= 0:
            break
        chosen.append(j)
        alive[j] = False
        used += lengths[j]
        if words is not None:
            alive &= lengths <= words - used
        covered = matrix.indices[matrix.indptr[j]:matrix.indptr[j + 1]]
        covered = covered[remaining[covered] > 0]
        if covered.size:
            gains -= columns[:, covered] @ remaining[covered]
            remaining[covered] = 0.0
    if words is not None and chosen:
        best = int(np.argmax(np.where(fits, matrix @ weights + tie, -np.inf)))
        if _value(matrix, weights, tie, [best]) > _value(matrix, weights, tie, chosen):
            return [best]
    return chosen


def load_solver() -> None:
    """Import the ILP solver now (scipy.optimize: a fifth of a second or more), before it is needed."""
    import scipy.optimize  # noqa: F401


def _ilp(matrix, weights, lengths, tie, *, words: int | None, count: int | None) -> np.ndarray | None:
    """Exact selection: max Σ w_c·c + Σ tie_j·s_j s.t. budget, c ≤ Σ_{j covers c} s_j; s binary."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = matrix.shape[0]
    if n == 0:
        return None
    used = np.flatnonzero((np.asarray(matrix.sum(axis=0)).ravel() > 0) & (weights > 0))
    if used.size == 0:
        return None
    sub = matrix[:, used].tocsc().astype(float)
    m = used.size
    objective = -np.concatenate([tie, weights[used]])
    # c_i - Σ_j a_ji s_j <= 0
    cover = sparse.hstack([-sub.T, sparse.identity(m, format="csr")]).tocsr()
    budget_row = np.concatenate([lengths if words is not None else np.ones(n), np.zeros(m)])
    limit = words if words is not None else count
    constraints = [LinearConstraint(cover, -np.inf, 0.0),
                   LinearConstraint(budget_row[None, :], -np.inf, float(limit))]
    if words is not None and count is not None:
        constraints.append(LinearConstraint(np.concatenate([np.ones(n), np.zeros(m)])[None, :], -np.inf, count))
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    try:
        result = milp(objective, constraints=constraints, integrality=integrality, bounds=Bounds(0, 1),
                      options={"node_limit": ILP_NODES, "disp": False})
    except (ValueError, RuntimeError):
        return None
    if result.x is None:
        return None
    return np.flatnonzero(result.x[:n] > 0.5)

"""Vectorised versions of sumy's summarizers: same algorithms, same ratings, without Python loops.

Stock sumy builds its sentence-similarity matrices and greedy selections in pure-Python loops
(LexRank 16 s, KL 350 s on 1,000 sentences). Each class below subclasses the sumy class and
replaces only the slow part with numpy / scipy.sparse arithmetic, keeping sumy's quirks (stop
words, stemming, tf-idf definitions, thresholds, damping, power-method epsilon, ratings keyed
by `Sentence`, so duplicate texts share a rating) and the final `_get_best_sentences` call, so a
callable count still sees every sentence with the rating stock sumy would give it.
Edmundson is linear in stock sumy already and stays stock.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from warnings import warn

import numpy as np
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer


def _count_matrix(sentences_words: Sequence[Sequence[str]]):
    """Sentences × terms matrix of term counts (scipy CSR) built from each sentence's terms."""
    from scipy.sparse import csr_matrix

    index: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for words in sentences_words:
        for term, count in Counter(words).items():
            indices.append(index.setdefault(term, len(index)))
            data.append(count)
        indptr.append(len(indices))
    shape = (len(sentences_words), len(index))
    return csr_matrix((np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64), indptr), shape=shape)


def _log_lengths(lengths: np.ndarray) -> np.ndarray:
    """math.log of each sentence length (as sumy computes it), 0 for empty sentences (never used)."""
    table = {n: math.log(n) for n in set(lengths.tolist()) if n > 0}
    return np.array([table.get(n, 0.0) for n in lengths.tolist()])


def _edge_weights(counts, *, keep_diagonal: bool, single_word_edge: bool):
    """TextRank / Reduction edge weights: shared-word count over the sum of log sentence lengths.

    The shared-word count `sum(words2.count(w) for w in words1)` is the dot product of the two
    sentences' count vectors. When both sentences have one word the norm is 0: TextRank then uses
    the count itself (`single_word_edge`), Reduction uses 0.
    """
    from scipy.sparse import csr_matrix

    shared = (counts @ counts.T).tocoo()
    rows, cols, values = shared.row, shared.col, shared.data
    keep = values > 0
    if not keep_diagonal:
        keep &= rows != cols
    rows, cols, values = rows[keep], cols[keep], values[keep]
    logs = _log_lengths(np.asarray(counts.sum(axis=1)).ravel().astype(np.int64))
    norm = logs[rows] + logs[cols]
    zero_norm = np.isclose(norm, 0.0) if single_word_edge else norm == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = np.where(zero_norm, values if single_word_edge else 0.0, values / norm)
    n = counts.shape[0]
    return csr_matrix((weights, (rows, cols)), shape=(n, n))


class FastLexRank(LexRankSummarizer):
    """sumy's LexRank with the idf-modified-cosine matrix built as one sparse product."""

    def __call__(self, document, sentences_count):
        self._ensure_dependencies_installed()
        sentences_words = [self._to_words_set(s) for s in document.sentences]
        if not sentences_words:
            return ()
        matrix = self._similarity_matrix(sentences_words, self.threshold)
        scores = self.power_method(matrix, self.epsilon)
        ratings = dict(zip(document.sentences, scores, strict=True))
        return self._get_best_sentences(document.sentences, sentences_count, ratings)

    @staticmethod
    def _similarity_matrix(sentences_words: list[list[str]], threshold: float):
        """Row-normalised 0/1 matrix of pairs whose idf-modified cosine exceeds `threshold`."""
        from scipy.sparse import csr_matrix

        counts = _count_matrix(sentences_words)
        n = counts.shape[0]
        row_of = np.repeat(np.arange(n), np.diff(counts.indptr))
        max_tf = np.ones(n)
        nonempty = np.diff(counts.indptr) > 0
        max_tf[nonempty] = np.maximum.reduceat(counts.data, counts.indptr[:-1][nonempty])
        document_freq = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.array([math.log(n / (1 + df)) for df in document_freq.tolist()])
        weighted = counts.copy()
        weighted.data = counts.data / max_tf[row_of] * idf[counts.indices]
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        products = (weighted @ weighted.T).tocoo()
        rows, cols = products.row, products.col
        denominator = norms[rows] * norms[cols]
        with np.errstate(divide="ignore", invalid="ignore"):
            cosine = np.where(denominator > 0, products.data / denominator, 0.0)
        similar = cosine > threshold
        rows, cols = rows[similar], cols[similar]
        degrees = np.bincount(rows, minlength=n).astype(float)
        degrees[degrees == 0] = 1
        return csr_matrix((1.0 / degrees[rows], (rows, cols)), shape=(n, n))

    @staticmethod
    def power_method(matrix, epsilon):
        transposed_matrix = matrix.T.tocsr()
        sentences_count = matrix.shape[0]
        p_vector = np.full(sentences_count, 1.0 / sentences_count)
        lambda_val = 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            while lambda_val > epsilon:
                next_p = transposed_matrix @ p_vector
                next_p /= np.linalg.norm(next_p)
                lambda_val = np.linalg.norm(next_p - p_vector)
                p_vector = next_p
        return p_vector


class FastTextRank(TextRankSummarizer):
    """sumy's TextRank; the damped matrix is never built: its uniform part is applied as a sum."""

    def rate_sentences(self, document):
        counts = _count_matrix([self._to_words_set(s) for s in document.sentences])
        weights = _edge_weights(counts, keep_diagonal=True, single_word_edge=True)
        row_sums = np.asarray(weights.sum(axis=1)).ravel() + self._ZERO_DIVISION_PREVENTION
        weights = weights.multiply(1.0 / row_sums[:, np.newaxis]).tocsr()
        ranks = self._damped_power_method(weights)
        return {sent: rank for sent, rank in zip(document.sentences, ranks, strict=True)}

    def _damped_power_method(self, weights) -> np.ndarray:
        """Stock power method on `(1 - d) / n + d * weights`, computed without the dense matrix."""
        transposed = weights.T.tocsr()
        n = weights.shape[0]
        teleport = (1.0 - self.damping) / n
        p_vector = np.full(n, 1.0 / n)
        lambda_val = 1.0
        while lambda_val > self.epsilon:
            next_p = teleport * p_vector.sum() + self.damping * (transposed @ p_vector)
            lambda_val = np.linalg.norm(next_p - p_vector)
            p_vector = next_p
        return p_vector


class FastReduction(ReductionSummarizer):
    """sumy's Reduction: the sum of a sentence's edges to every other sentence, as a sparse product."""

    def rate_sentences(self, document):
        counts = _count_matrix([self._to_words_set(s) for s in document.sentences])
        weights = _edge_weights(counts, keep_diagonal=False, single_word_edge=False)
        totals = np.asarray(weights.sum(axis=1)).ravel()
        ratings: defaultdict = defaultdict(float)
        for sentence, total in zip(document.sentences, totals.tolist(), strict=True):
            ratings[sentence] += total  # duplicate texts share one key, as in stock sumy
        return ratings


class FastLsa(LsaSummarizer):
    """sumy's LSA. With all singular values kept (sumy's default), a sentence's rank
    sqrt(sum_i s_i^2 v_ij^2) is exactly the norm of its column of the term matrix, so no SVD is needed."""

    def __call__(self, document, sentences_count):
        self._ensure_dependecies_installed()
        dictionary = self._create_dictionary(document)
        if not dictionary:
            return ()
        counts = self._count_columns(document, dictionary)
        ranks = iter(self._ranks(counts, len(dictionary)))
        return self._get_best_sentences(document.sentences, sentences_count, lambda s: next(ranks))

    def _count_columns(self, document, dictionary):
        """Sentences × words counts; like sumy, any word whose stem is in the dictionary counts."""
        stems = [[self.stem_word(w) for w in s.words] for s in document.sentences]
        return _count_matrix([[w for w in words if w in dictionary] for words in stems])

    def _ranks(self, counts, words_count: int, smooth: float = 0.4) -> list[float]:
        sentences_count = counts.shape[0]
        rank = min(words_count, sentences_count)
        dimensions = max(LsaSummarizer.MIN_DIMENSIONS, int(rank * LsaSummarizer.REDUCTION_RATIO))
        frequencies = self._smoothed(counts, smooth)
        if dimensions < rank:
            return self._svd_ranks(frequencies, counts, words_count, smooth)
        # Columns with no word stay all zero in sumy; the others are `smooth` where a word is absent.
        present = np.diff(counts.indptr)
        row_of = np.repeat(np.arange(sentences_count), present)
        squares = np.bincount(row_of, weights=frequencies**2, minlength=sentences_count)
        squares += np.where(present > 0, (words_count - present) * smooth**2, 0.0)
        return np.sqrt(squares).tolist()

    @staticmethod
    def _smoothed(counts, smooth: float) -> np.ndarray:
        """sumy's maximum-tf normalisation `smooth + (1 - smooth) * tf / max_tf` of the stored counts."""
        present = np.diff(counts.indptr)
        max_tf = np.zeros(counts.shape[0])
        nonempty = present > 0
        max_tf[nonempty] = np.maximum.reduceat(counts.data, counts.indptr[:-1][nonempty])
        return smooth + (1.0 - smooth) * (counts.data / np.repeat(max_tf, present))

    def _svd_ranks(self, frequencies, counts, words_count: int, smooth: float) -> list[float]:
        """Truncated LSA (sumy's REDUCTION_RATIO < 1): the dense words × sentences SVD, as in sumy."""
        sentences_count = counts.shape[0]
        if words_count < sentences_count:
            warn(
                f"Number of words ({words_count}) is lower than number of sentences ({sentences_count}). "
                "LSA algorithm may not work properly.",
                stacklevel=3,
            )
        matrix = np.zeros((sentences_count, words_count))
        present = np.diff(counts.indptr) > 0
        matrix[present] = smooth
        smoothed = counts.copy()
        smoothed.data = frequencies
        coo = smoothed.tocoo()
        matrix[coo.row, coo.col] = coo.data
        _u, sigma, v = np.linalg.svd(matrix.T, full_matrices=False)
        return self._compute_ranks(sigma, v)


class FastLuhn(LuhnSummarizer):
    """sumy's Luhn; significant stems go in a set (sumy tests membership in a tuple, O(words))."""

    def __call__(self, document, sentences_count):
        words = frozenset(self._get_significant_words(document.words))
        return self._get_best_sentences(document.sentences, sentences_count, self.rate_sentence, words)


class FastSumBasic(SumBasicSummarizer):
    """sumy's SumBasic with lazy greedy selection.

    Word probabilities only shrink (p becomes p * p), so an average computed earlier is an upper
    bound: the sentence on top of a heap of (average, order) is the best one once its average is
    fresh. Averages are recomputed with sumy's own expression, so the choices (ties included)
    are bit-for-bit those of stock sumy.
    """

    def _compute_ratings(self, sentences):
        word_freq = self._compute_tf(sentences)
        sentences_as_words = [self._get_content_words_in_sentence(s) for s in sentences]
        average = self._compute_average_probability_of_words
        # entries: (-average, document order, step at which the average was computed)
        heap = [(-average(word_freq, words), row, 0) for row, words in enumerate(sentences_as_words)]
        heapq.heapify(heap)
        updated_at: dict[str, int] = {}
        ratings = {}
        step = 0
        while heap:
            _, row, computed = heapq.heappop(heap)
            words = sentences_as_words[row]
            if any(updated_at.get(w, -1) >= computed for w in words):
                heapq.heappush(heap, (-average(word_freq, words), row, step))
                continue
            ratings[sentences[row]] = -len(ratings)
            self._update_tf(word_freq, words)
            for w in words:
                updated_at[w] = step
            step += 1
        return ratings


_NEAR_TIE = 1e-9  # KL values this close are compared with sumy's exact arithmetic


class FastKL(KLSummarizer):
    """sumy's KL-sum; every pass scores all remaining sentences at once.

    For a candidate s and the summary so far, sumy sums p(w) * log(p(w) / q(w)) over the words
    of s and of the summary, with q the joint frequency (counts over combined length) and p the
    document frequency. Split by word, that is a part fixed by the summary (kept as running
    totals) plus a part over the candidate's own words, evaluated as flat arrays.
    sumy's quirks are kept: candidates use lower-cased content words, the summary its raw words.
    """

    def _compute_ratings(self, sentences):
        doc_freq = self.compute_tf(sentences)
        index: dict[str, int] = {}
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        candidates = [Counter(ws) for ws in words]
        cand_ids = [[(index.setdefault(w, len(index)), c) for w, c in cand.items()] for cand in candidates]
        raw_ids = [[(index.setdefault(w, len(index)), c) for w, c in Counter(s.words).items()] for s in sentences]
        p = np.zeros(len(index))
        for word, i in index.items():
            p[i] = doc_freq.get(word, 0.0)

        n = len(sentences)
        lengths = np.array([sum(cand.values()) for cand in candidates], dtype=float)
        entries = [(row, i, c) for row, pairs in enumerate(cand_ids) for i, c in pairs if p[i] > 0]
        rows = np.array([e[0] for e in entries], dtype=np.int64)
        cols = np.array([e[1] for e in entries], dtype=np.int64)
        counts = np.array([e[2] for e in entries], dtype=float)
        p_e = p[cols]
        fresh = p_e * np.log(p_e) - p_e * np.log(counts)  # word of s absent from the summary
        per_row = np.bincount(rows, minlength=n)

        summary_counts = np.zeros(len(index))
        summary_len = 0
        fixed = 0.0  # sum over summary words with p > 0 of p*log(p) - p*log(count)
        mass = 0.0  # sum of p over those words
        summary_freq: dict[str, int] = {}  # raw summary words in first-seen order, as sumy counts them
        alive = np.ones(n, dtype=bool)
        dropped = 0  # entries of chosen sentences still in the flat arrays
        ratings = {}
        for _ in range(n):
            in_summary = summary_counts[cols]
            shared = in_summary > 0
            contribution = fresh.copy()
            s_shared = in_summary[shared]
            contribution[shared] = -p_e[shared] * (np.log(s_shared + counts[shared]) - np.log(s_shared))
            own = np.bincount(rows, weights=contribution, minlength=n)
            own_mass = np.bincount(rows, weights=np.where(shared, 0.0, p_e), minlength=n)
            total = lengths + summary_len
            with np.errstate(divide="ignore", invalid="ignore"):
                kls = fixed + own + np.log(total) * (mass + own_mass)
            kls[total == 0] = 0.0
            kls[~alive] = np.inf
            best = int(np.argmin(kls))
            near = np.flatnonzero(kls <= kls[best] + _NEAR_TIE * max(1.0, abs(kls[best])))
            if len(near) > 1:  # break the tie exactly as sumy's own floating-point sums do
                exact = [self._exact_kl(words[i], summary_freq, summary_len, doc_freq) for i in near.tolist()]
                best = int(near[exact.index(min(exact))])
            alive[best] = False
            ratings[sentences[best]] = -1 * len(ratings)
            dropped += per_row[best]
            if 2 * dropped > len(rows):  # forget the words of chosen sentences now and then
                keep = alive[rows]
                rows, cols, counts, p_e, fresh = rows[keep], cols[keep], counts[keep], p_e[keep], fresh[keep]
                dropped = 0
            for word in sentences[best].words:
                summary_freq[word] = summary_freq.get(word, 0) + 1
            for i, c in raw_ids[best]:
                if p[i] > 0:
                    if summary_counts[i] > 0:
                        fixed += p[i] * math.log(summary_counts[i])
                    else:
                        fixed += p[i] * math.log(p[i])
                        mass += p[i]
                    fixed -= p[i] * math.log(summary_counts[i] + c)
                summary_counts[i] += c
                summary_len += c
        return ratings

    def _exact_kl(self, words: list[str], summary_freq: dict[str, int], summary_len: int, doc_freq) -> float:
        """sumy's own KL value for one candidate (its `_joint_freq` with the summary counted once)."""
        total_len = len(words) + summary_len
        joint = self._compute_word_freq(words)
        for k, count in summary_freq.items():
            joint[k] = joint.get(k, 0) + count
        for k in joint:
            joint[k] /= float(total_len)
        return self._kl_divergence(joint, doc_freq)

"""Wire copies: one article republished by several outlets becomes one Article that keeps every
outlet (`also_published_by`) and URL (`also_urls`), so story grouping and outlet counts stay honest.

Exact copies match on normalised text, near copies on word-shingle Jaccard >= 0.8: compared pair
by pair while there are few articles, through MinHash LSH candidates when many (signatures of all
articles computed together in numpy batches, bands bucketed with numpy: no per-article objects).
A copy whose numbers (title or text) differ is an updated report, not a duplicate: it stays an
article of its own, so its figures and its outlet's credit survive (12, then 19, then 27 killed).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from urllib.parse import urlsplit

from digest.model import Article

log = logging.getLogger(__name__)

JACCARD = 0.8
SHINGLE = 3  # words per shingle: small enough to survive light copy edits
PAIRWISE_LIMIT = 300  # above this many articles, MinHash LSH finds the candidate pairs
NUM_PERM = 128
# LSH banding tuned for recall (candidates are verified exactly): 21 bands of 6 rows miss about 0.2%
# of pairs at Jaccard 0.8 (1 - (1 - 0.8**6)**21); what datasketch picks for threshold 0.7 with
# false-negative weight 0.95 on 128 permutations, and a standard 0.8 banding would miss 60%.
BANDS, ROWS = 21, 6
BATCH_SHINGLES = 2_048  # shingles per numpy batch: 2,048 x 128 x 4 bytes = 1 MB, an L2 cache (8,192: a quarter slower)


_TOKEN = re.compile(r"\w+")


def _norm_words(text: str) -> list[str]:
    """Lower-cased words and numbers: copies that differ in a figure are different articles."""
    return _TOKEN.findall(text.casefold())


def shingles(text: str | list[str], size: int = SHINGLE) -> frozenset[int]:
    """Hashes of the overlapping word n-grams of the normalised text (one for very short texts).

    Hashes, not strings: sets of ints are several times faster to build, count and intersect.
    CRC-32, not Python's `hash`: the same input must merge the same way in every run (hash() is
    salted per process), and MinHash takes the 32-bit values as they are.
    """
    tokens = _norm_words(text) if isinstance(text, str) else text
    if len(tokens) <= size:
        return frozenset([zlib.crc32(" ".join(tokens).encode())]) if tokens else frozenset()
    grams = zip(*(tokens[k:] for k in range(size)), strict=False)
    # map over builtins, not a generator expression: the loop stays in C (about twice as fast)
    return frozenset(map(zlib.crc32, map(str.encode, map(" ".join, grams))))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
billion dozen dozens scores hundreds thousands millions""".split())


def figures(article: Article, text_words: list[str] | None = None) -> tuple[str, ...]:
    """The numbers of an article's title and text, in order: an updated copy ("12 killed", then
    "19 killed") is a new report, not a duplicate, however alike the rest of the text.
    `text_words`: the text's `_norm_words`, when the caller has them (each text is read once)."""
    words = _norm_words(article.title) + (_norm_words(article.text) if text_words is None else text_words)
    return tuple(w for w in words if w.isdigit() or w in _NUMBER_WORDS)


def _url_key(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}" if host else ""


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate detection reads of one article's text, read once: where the article was
    parsed (a pool worker, a cluster), so the main process need not tokenise every text again."""

    key: str  # hash of the normalised words and figures: exact copies share it ("" for no words)
    figures: tuple[str, ...]  # `figures`: copies whose numbers differ are distinct reports
    signature: bytes = b""  # MinHash row (NUM_PERM uint32) of its shingles; b"" when unsigned or none


def fingerprints(articles: Sequence[Article], sign: bool = False) -> list[Fingerprint]:
    """The articles' fingerprints; with `sign`, with their MinHash signatures (computed together)."""
    found = []
    sets = []
    for article in articles:
        tokens = _norm_words(article.text)
        numbers = figures(article, tokens)
        key = "text:" + hashlib.sha1(" ".join([*tokens, "\x1f", *numbers]).encode("utf-8")).hexdigest() if tokens else ""
        found.append(Fingerprint(key, numbers))
        if sign:
            sets.append(shingles(tokens))
    if not sign:
        return found
    rows = signatures(sets)
    return [Fingerprint(f.key, f.figures, rows[k].tobytes() if sets[k] else b"") for k, f in enumerate(found)]


class _Clusters:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _near_copies(articles: Sequence[Article], prints: Sequence[Fingerprint], threshold: float) -> list[tuple[int, int]]:
    """Pairs of articles with the same figures whose shingle sets have Jaccard >= threshold.
    Among many articles the candidates come from the fingerprints' signatures, and only the
    shingles of candidates with the same figures are read (an updated toll is no copy anyway)."""
    cache: dict[int, frozenset[int]] = {}

    def shingles_of(i: int) -> frozenset[int]:
        if i not in cache:
            cache[i] = shingles(_norm_words(articles[i].text))
        return cache[i]

    if len(articles) <= PAIRWISE_LIMIT:
        candidates = _prefix_candidates([shingles_of(i) for i in range(len(articles))], threshold)
    else:
        candidates = _lsh_candidates(prints)
    return sorted((i, j) for i, j in candidates
                  if prints[i].figures == prints[j].figures and jaccard(shingles_of(i), shingles_of(j)) >= threshold)


def _prefix_candidates(sets: Sequence[frozenset[int]], threshold: float) -> set[tuple[int, int]]:
    """Exact candidate pairs by prefix filtering: two sets with Jaccard >= t must share one of the
    first |A| - ceil(t|A|) + 1 shingles of each, rarest first (so plain shingles stay fast)."""
    frequency = Counter(s for shingle_set in sets for s in shingle_set)
    rank = {s: r for r, s in enumerate(sorted(frequency, key=lambda s: (frequency[s], s)))}
    index: dict[int, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for i, shingle_set in enumerate(sets):
        if not shingle_set:
            continue
        ordered = sorted(shingle_set, key=rank.__getitem__)
        for shingle in ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]:
            for j in index[shingle]:
                small, large = sorted((len(sets[i]), len(sets[j])))
                if small >= threshold * large:
                    pairs.add((j, i))
            index[shingle].append(i)
    return pairs


@cache
def _permutations() -> tuple:
    """NUM_PERM random affine permutations of 32-bit values, x -> (a·x + b) mod 2**32 with a odd
    (datasketch's "affine32" scheme), from a fixed seed: every run and machine signs alike."""
    import numpy as np

    rng = np.random.default_rng(20261203)
    a = rng.integers(0, 2**31, size=NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
    return a, b


def _mixed(values):
    """MurmurHash3's 32-bit finaliser: spreads CRC-32's structure over all bits before the
    affine permutations, which alone would keep the low bits' patterns."""
    import numpy as np

    with np.errstate(over="ignore"):
        values ^= values >> np.uint32(16)
        values *= np.uint32(0x85EBCA6B)
        values ^= values >> np.uint32(13)
        values *= np.uint32(0xC2B2AE35)
        values ^= values >> np.uint32(16)
    return values


def signatures(sets: Sequence[frozenset[int]]):
    """MinHash signatures (rows of NUM_PERM values) of the non-empty sets, computed in batches of
    about BATCH_SHINGLES shingles: a few array operations per batch, not a Python loop per article."""
    import numpy as np

    a, b = _permutations()
    out = np.zeros((len(sets), NUM_PERM), dtype=np.uint32)
    batch: list[int] = []
    size = 0
    for i, shingle_set in enumerate([*sets, frozenset()]):  # the empty sentinel flushes the last batch
        if batch and (size + len(shingle_set) > BATCH_SHINGLES or i == len(sets)):
            values = _mixed(np.fromiter(chain.from_iterable(map(sets.__getitem__, batch)), dtype=np.uint32, count=size))
            hashed = values[:, None] * a  # wraps mod 2**32: the permutation
            hashed += b
            starts = np.cumsum([0] + [len(sets[k]) for k in batch[:-1]])
            out[batch] = np.minimum.reduceat(hashed, starts, axis=0)
            batch, size = [], 0
        if shingle_set:
            batch.append(i)
            size += len(shingle_set)
    return out


def _lsh_candidates(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Pairs of articles whose signatures agree on all ROWS values of at least one of BANDS bands
    (the banding fixes the recall; the threshold is met by the exact check that follows)."""
    import numpy as np

    live = np.array([i for i, p in enumerate(prints) if p.signature], dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    if live.size < 2:
        return pairs
    signature = np.frombuffer(b"".join(prints[i].signature for i in live.tolist()), dtype=np.uint32)
    signature = signature.reshape(len(live), NUM_PERM)
    for band in range(BANDS):
        keys = np.ascontiguousarray(signature[:, band * ROWS:(band + 1) * ROWS])
        keys = keys.view(np.dtype((np.void, ROWS * 4))).ravel()
        _, bucket, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[bucket.ravel()] > 1)  # rows whose band someone else has too
        members: dict[int, list[int]] = {}
        for row in shared.tolist():
            members.setdefault(int(bucket[row]), []).append(int(live[row]))
        for group in members.values():
            pairs.update((group[x], group[y]) for x in range(len(group)) for y in range(x + 1, len(group)))
    return pairs


def _primary(group: list[Article]) -> Article:
    """The most complete copy (within 10% of the longest): the earliest published among those,
    else the first read (folders are read in order, so the original usually comes first)."""
    lengths = [len(_norm_words(a.text)) for a in group]
    complete = [i for i, n in enumerate(lengths) if n >= 0.9 * max(lengths)]
    best = min(complete, key=lambda i: (group[i].published is None,
                                        group[i].published.timestamp() if group[i].published else 0, i))
    return group[best]


def _merge(group: list[Article]) -> Article:
    primary = _primary(group)
    others = [a for a in group if a is not primary]
    for other in others:
        primary.copies.extend([other, *other.copies])
        other.copies = []
        for outlet in [other.source, *other.also_published_by]:
            if outlet and outlet != primary.source and outlet not in primary.also_published_by:
                primary.also_published_by.append(outlet)
        for url in [other.url, *other.also_urls]:
            if url and url != primary.url and url not in primary.also_urls:
                primary.also_urls.append(url)
    dated = [a.published for a in others if a.published]
    if primary.published is None and dated:
        primary.published = min(dated)
    primary.author = primary.author or next((a.author for a in others if a.author), "")
    return primary


def merge_duplicates(articles: Sequence[Article], threshold: float = JACCARD,
                     prints: Sequence[Fingerprint | None] | None = None) -> tuple[list[Article], int]:
    """Articles with copies merged (same URL, same normalised text, or near-same text).

    `prints[k]`, where given, is `fingerprints` of `articles[k]` (read where it was parsed);
    the others are computed here. Returns the kept articles in input order (each at the place of
    its first copy) and how many copies were folded into others.
    """
    n = len(articles)
    prints = _completed(articles, list(prints) if prints else [None] * n, sign=n > PAIRWISE_LIMIT)
    clusters = _Clusters(n)
    first_seen: dict[str, int] = {}
    for i, article in enumerate(articles):
        keys = [prints[i].key] if prints[i].key else []
        url = _url_key(article.url) if article.url else ""
        if url:
            keys.append("url:" + url)
        for key in keys:
            if key in first_seen:
                clusters.union(first_seen[key], i)
            else:
                first_seen[key] = i
    for i, j in _near_copies(articles, prints, threshold):
        clusters.union(i, j)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(clusters.find(i), []).append(article)
    merged = [_merge(group) if len(group) > 1 else group[0] for _, group in sorted(groups.items())]
    folded = n - len(merged)
    if folded:
        log.info("merged %d duplicate cop%s into other articles", folded, "y" if folded == 1 else "ies")
    return merged, folded


def _completed(articles: Sequence[Article], prints: list[Fingerprint | None], sign: bool) -> list[Fingerprint]:
    """`prints` with the missing ones computed (signed when `sign`: an unsigned print with words
    is computed again, signed)."""
    missing = [k for k, p in enumerate(prints) if p is None or sign and p.key and not p.signature]
    for k, found in zip(missing, fingerprints([articles[k] for k in missing], sign), strict=True):
        prints[k] = found
    return prints  # type: ignore[return-value]

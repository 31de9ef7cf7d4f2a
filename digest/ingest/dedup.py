"""Wire copies: one article republished by several outlets becomes one Article that keeps every
outlet (`also_published_by`) and URL (`also_urls`), so story grouping and outlet counts stay honest.

Exact copies match on normalised text, near copies on word-shingle Jaccard >= 0.8: compared pair
by pair while there are few articles, through MinHash LSH (datasketch) candidates when many. A copy
whose numbers (title or text) differ is an updated report, not a duplicate: it stays an article of
its own, so its figures and its outlet's credit survive (12, then 19, then 27 killed).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

from digest.model import Article

log = logging.getLogger(__name__)

JACCARD = 0.8
SHINGLE = 3  # words per shingle: small enough to survive light copy edits
PAIRWISE_LIMIT = 300  # above this many articles, MinHash LSH finds the candidate pairs
NUM_PERM = 128


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
    return frozenset(zlib.crc32(" ".join(gram).encode()) for gram in grams)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
billion dozen dozens scores hundreds thousands millions""".split())


def figures(article: Article) -> tuple[str, ...]:
    """The numbers of an article's title and text, in order: an updated copy ("12 killed", then
    "19 killed") is a new report, not a duplicate, however alike the rest of the text."""
    return tuple(w for w in _norm_words(f"{article.title}\n{article.text}") if w.isdigit() or w in _NUMBER_WORDS)


def _url_key(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}" if host else ""


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


def _near_pairs(sets: Sequence[frozenset[int]], threshold: float) -> list[tuple[int, int]]:
    candidates = _prefix_candidates(sets, threshold) if len(sets) <= PAIRWISE_LIMIT else _lsh_candidates(sets, threshold)
    return sorted((i, j) for i, j in candidates if jaccard(sets[i], sets[j]) >= threshold)


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


def _identity(value: int) -> int:
    return value


def _lsh_candidates(sets: Sequence[frozenset[int]], threshold: float) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    # Banding tuned for recall (candidates are verified exactly): with 128 permutations it misses
    # about 0.2% of pairs at Jaccard 0.8 (datasketch's default banding for 0.8 misses 60%).
    lsh = MinHashLSH(threshold=threshold - 0.1, num_perm=NUM_PERM, weights=(0.05, 0.95))
    pairs: set[tuple[int, int]] = set()
    template = MinHash(num_perm=NUM_PERM)  # permutations generated once, not per article
    for i, shingle_set in enumerate(sets):
        if not shingle_set:
            continue
        mh = MinHash(num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme,
                     hashfunc=_identity)
        mh.update_batch(list(shingle_set))  # already 32-bit hashes
        for j in lsh.query(mh):
            pairs.add((min(i, j), max(i, j)))
        lsh.insert(i, mh)
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


def merge_duplicates(articles: Sequence[Article], threshold: float = JACCARD) -> tuple[list[Article], int]:
    """Articles with copies merged (same URL, same normalised text, or near-same text).

    Returns the kept articles in input order (each at the place of its first copy) and how many
    copies were folded into others.
    """
    n = len(articles)
    clusters = _Clusters(n)
    first_seen: dict[str, int] = {}
    sets = []
    numbers = [figures(a) for a in articles]
    for i, article in enumerate(articles):
        tokens = _norm_words(article.text)
        sets.append(shingles(tokens))
        keys = ["text:" + hashlib.sha1(" ".join([*tokens, "\x1f", *numbers[i]]).encode("utf-8")).hexdigest()] if tokens else []
        if article.url and _url_key(article.url):
            keys.append("url:" + _url_key(article.url))
        for key in keys:
            if key in first_seen:
                clusters.union(first_seen[key], i)
            else:
                first_seen[key] = i
    for i, j in _near_pairs(sets, threshold):
        if numbers[i] == numbers[j]:  # copies whose figures differ are distinct reports
            clusters.union(i, j)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(clusters.find(i), []).append(article)
    merged = [_merge(group) if len(group) > 1 else group[0] for _, group in sorted(groups.items())]
    folded = n - len(merged)
    if folded:
        log.info("merged %d duplicate cop%s into other articles", folded, "y" if folded == 1 else "ies")
    return merged, folded

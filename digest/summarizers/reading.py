"""A word budget read as a reader reads it: the first N words of the summary, whole sentences.

`--words N` keeps whole sentences and lets only the last one shown run past N: every sentence
but the last fits within N words, the last starts within them. What a reader who stops after
N words reads (and what ROUGE's `-l N` scores) is the summary's first N words in the order it
is shown (one article: the article's order), so a set of sentences is worth the concepts its
first N words cover: a long last sentence counts only for the words of it that fall within N,
which keeps the overrun small without a rule of its own.

The choice is a cost-scaled greedy start improved by a depth-first search bounded by a fixed
number of nodes (never a clock: the result is a function of the input).
"""

from __future__ import annotations

from collections.abc import Sequence

SEARCH_NODES = 4000  # work limit of the exact search (nodes), after the greedy start
MIN_READ = 6  # a last sentence is begun only with this many of its words within the budget (as select does)
REPEAT_SHARE = 0.6  # a sentence whose weight is this much covered already repeats a chosen fact


class Reading:
    """The worth of a set of sentences read up to `limit` words, in article order.

    `at[j]` maps each key of sentence j to the number of the sentence's words a reader must
    have read to have met it (a bigram: both words); `rate[j]` is a worth per word read
    (the lead prior)."""

    def __init__(self, weight: dict, at: Sequence[dict], lengths: Sequence[int], rate: Sequence[float],
                 limit: int):
        self.weight, self.at, self.lengths, self.rate, self.limit = weight, at, lengths, rate, limit
        self._prefix: dict[tuple[int, int], list] = {}

    def keys(self, j: int, read: int) -> list:
        """Keys of sentence j met in its first `read` words."""
        if read >= self.lengths[j]:
            return list(self.at[j])
        found = self._prefix.get((j, read))
        if found is None:
            found = self._prefix[(j, read)] = [k for k, n in self.at[j].items() if n <= read]
        return found

    def value(self, chosen: Sequence[int]) -> float:
        covered: set = set()
        value = 0.0
        used = 0
        for j in sorted(chosen):
            read = min(self.lengths[j], self.limit - used)
            if read <= 0:
                break
            covered.update(self.keys(j, read))
            value += self.rate[j] * read
            used += self.lengths[j]
        return value + sum(self.weight[k] for k in covered)


def fits(chosen: Sequence[int], lengths: Sequence[int], limit: int) -> bool:
    """Every sentence but the last (in article order) fits within `limit` words, and at least
    MIN_READ words of the last one do. Any part of a set that fits fits too."""
    return not chosen or sum(lengths[j] for j in chosen) - lengths[max(chosen)] <= limit - MIN_READ


def choose(weight: dict, at: Sequence[dict], lengths: Sequence[int], eligible: Sequence[bool],
           rate: Sequence[float], limit: int) -> list[int]:
    """Sentence indices (ascending) worth most when read up to `limit` words, that fit (`fits`),
    none of them mostly repeating the facts of another."""
    reading = Reading(weight, at, lengths, rate, limit)
    pool = [j for j, e in enumerate(eligible) if e]
    own = {j: sum(weight[k] for k in at[j]) for j in pool}

    def repeats(j: int, covered: set) -> bool:
        gain = sum(weight[k] for k in at[j] if k not in covered)
        return gain <= 0 or gain < (1 - REPEAT_SHARE) * own[j]

    best = _greedy(reading, pool, repeats)
    best_value = reading.value(best)
    density = {j: own[j] / max(lengths[j], 1) + rate[j] for j in pool}
    order = sorted(pool, key=lambda j: (-density[j], j))
    nodes = 0

    def search(start: int, picked: list[int], covered: set, used: int) -> None:
        nonlocal best, best_value, nodes
        value = reading.value(picked)
        if value > best_value + 1e-12:
            best, best_value = sorted(picked), value
        room = limit - used
        if room <= 0:
            return
        # the rest is in falling density: the room filled at the first one's bounds what it adds
        if start >= len(order) or value + room * density[order[start]] <= best_value + 1e-12:
            return
        for i in range(start, len(order)):
            nodes += 1
            if nodes > SEARCH_NODES:
                return
            j = order[i]
            if repeats(j, covered) or not fits([*picked, j], lengths, limit):
                continue
            picked.append(j)
            search(i + 1, picked, covered | set(at[j]), used + lengths[j])
            picked.pop()

    search(0, [], set(), 0)
    return best


def _greedy(reading: Reading, pool: list[int], repeats) -> list[int]:
    """Best added worth per word read while the summary is under the limit."""
    chosen: list[int] = []
    covered: set = set()
    used, value = 0, 0.0
    alive = list(pool)
    while alive and used < reading.limit:
        best_j, best_score = None, 0.0
        for j in alive:
            if repeats(j, covered) or not fits([*chosen, j], reading.lengths, reading.limit):
                continue
            gain = reading.value([*chosen, j]) - value
            score = gain / max(1, min(reading.lengths[j], reading.limit - used))
            if score > best_score + 1e-12:
                best_j, best_score = j, score
        if best_j is None:
            break
        chosen.append(best_j)
        covered |= set(reading.at[best_j])
        used += reading.lengths[best_j]
        value = reading.value(chosen)
        alive.remove(best_j)
    return sorted(chosen)

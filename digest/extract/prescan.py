"""One cheap scan per sentence, before the rules: which extractors could find anything in it.

Every casualty figure needs a trigger (digest/data/casualty_triggers.toml, or a stem of the
`hints` / `trigger_words` entries of casualty_nouns.toml) and every stated position a stance cue
or stance noun (position_cues.toml, position_nouns.toml). The scan is built from those files, not
from a hand list: each entry's regex is read for the literal text any match of it must contain
(`digest.extract.rules.needed_factors`), so a new entry is covered the moment it is added. All
the literals of both families go into ONE Aho–Corasick automaton (`digest.extract.scan`, shared
with the guards' literals), which finds every one of them in a sentence in a single pass,
case-insensitively as the rules match. A family is possible in a sentence when one of its entries has every factor present; where none
has, none of its entries can match, so skipping that family's rules there changes no output.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from digest.extract.rules import load_rules
from digest.extract.scan import fold_literal, present_literals, share_literals

CASUALTIES = "casualties"
POSITIONS = "positions"

# (family, rule file, entries: None for every entry of the file, else their names)
SOURCES: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    (CASUALTIES, "casualty_triggers", None),
    (CASUALTIES, "casualty_nouns", ("hints", "trigger_words")),
    (POSITIONS, "position_cues", None),
    (POSITIONS, "position_nouns", None),
)

Factors = tuple[frozenset[str], ...]


class Prescan:
    """The literals of every entry in one scan; `families(sentence)` says which families could match."""

    def __init__(self, entries: Sequence[tuple[str, Factors]]) -> None:
        self.everything = frozenset(family for family, _ in entries)
        self.always = frozenset(family for family, factors in entries if not factors)  # unscannable entries
        self.entries = [(family, tuple(frozenset(map(fold_literal, factor)) for factor in factors))
                        for family, factors in entries if family not in self.always]
        self.by_literal: dict[str, list[int]] = {}  # entries by the literals of their first factor
        for index, (_, factors) in enumerate(self.entries):
            for word in factors[0]:
                self.by_literal.setdefault(word, []).append(index)
        # found in the guards' scan of each sentence (digest.extract.scan): one pass for both
        share_literals(word for _, factors in self.entries for factor in factors for word in factor)

    def families(self, sentence: str) -> frozenset[str]:
        """The families one of whose entries could match somewhere in `sentence`."""
        hits = present_literals(sentence)  # the entries' literals and others, which no entry's factors hold
        if hits is None:
            return self.everything  # case folding changed the sentence's length ("İ"): nothing may be skipped
        families = set(self.always)
        for word in hits & self.by_literal.keys():
            for index in self.by_literal[word]:
                family, factors = self.entries[index]
                if family not in families and all(not factor.isdisjoint(hits) for factor in factors[1:]):
                    families.add(family)
            if len(families) == len(self.everything):
                break  # every family possible: nothing more to learn
        return frozenset(families)


@cache
def prescan() -> Prescan:
    """The pre-scan of the shipped rule files, built once per process."""
    entries: list[tuple[str, Factors]] = []
    for family, name, names in SOURCES:
        rules = load_rules(name)
        entries.extend((family, factors) for rule, factors in zip(rules.rules, rules.factors, strict=True)
                       if names is None or rule.name in names)
    return Prescan(entries)


def may_match(sentence: str, family: str) -> bool:
    """Whether `family`'s rules could find anything in `sentence` (False: skip them)."""
    return family in _families(sentence)


@lru_cache(maxsize=4096)  # both extractors ask about the same sentences: scan each once
def _families(sentence: str) -> frozenset[str]:
    return prescan().families(sentence)

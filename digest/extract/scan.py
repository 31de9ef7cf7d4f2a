"""Where fixed strings occur in a text, ignoring case as `re.IGNORECASE` does, in one pass.

The extractors ask of every sentence which of a few thousand literals it contains (the pre-scan)
and where a rule file's entries may begin (`RuleSet.finditer`). One case-insensitive regex for
either is slow in Python's matcher: it cannot skip positions by their first character when the
letters are case-folded, so it enters the whole trie at every character. An Aho–Corasick
automaton (pyahocorasick, in C) reports every occurrence of every literal, overlapping ones too,
in one pass over the folded text.

Folding must find at least what re.IGNORECASE finds, so that a skip is never wrong: re compares
the simple lower-case of each character and treats a few more characters as equal ("ſ" and "s",
"ı" and "i": `re._casefix`); `fold` lower-cases and then maps each such class to one member.
str.lower() differs from the simple lower-case only within a class ("Σ" at a word's end becomes
"ς", not "σ") or where it changes the text's length ("İ" becomes two characters); there the
offsets would not line up, and `occurrences` says so (None), so callers fall back to their regex.
"""

from __future__ import annotations

import _sre
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from re import _casefix

import ahocorasick

from digest.extract.rules import needed_factors


def _class_map() -> dict[int, str]:
    """Each character re.IGNORECASE takes for another (besides plain case) -> one of its class."""
    classes: dict[str, set[str]] = {}
    for lower, others in _casefix._EXTRA_CASES.items():
        members = {chr(lower), *map(chr, others)}
        for char in list(members):
            members |= classes.get(char, set())
        for char in members:
            classes[char] = members
    return {ord(char): min(members) for char, members in classes.items() if char != min(members)}


_CLASSES = _class_map()


@lru_cache(maxsize=1024)  # the pre-scan, the guards and a rule file's scan each fold the same sentence
def fold(text: str) -> str:
    """The text as the scan compares it: lower-cased, each re.IGNORECASE class as one character."""
    return text.lower().translate(_CLASSES)


def fold_literal(word: str) -> str:
    """A literal as the scan looks for it: each character's simple lower-case (re's, one character
    for one, even for "İ"), each class as one character."""
    if word.isascii():
        return word.lower().translate(_CLASSES)  # the same, without a call per character
    return "".join(chr(_sre.unicode_tolower(ord(char))) for char in word).translate(_CLASSES)


class LiteralScan:
    """An automaton of literal strings; `occurrences(text)` gives (start, literal) for each occurrence."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = sorted({fold_literal(word) for word in literals if word})
        self.automaton = ahocorasick.Automaton()
        for word in self.literals:
            self.automaton.add_word(word, (len(word) - 1, word))
        if self.literals:
            self.automaton.make_automaton()

    def occurrences(self, text: str) -> list[tuple[int, str]] | None:
        """Every (start, folded literal) in `text`, in order of their ends; None when folding changed
        the text's length, so offsets and matches cannot be trusted (the caller must not skip)."""
        folded = fold(text)
        if len(folded) != len(text):
            return None
        if not self.literals:
            return []
        return [(end - back, word) for end, (back, word) in self.automaton.iter(folded)]

    def present(self, text: str) -> set[str] | None:
        """The literals occurring in `text` (None: see `occurrences`)."""
        folded = fold(text)
        if len(folded) != len(text):
            return None
        return {word for _, (_, word) in self.automaton.iter(folded)} if self.literals else set()

    def starts(self, text: str) -> list[int] | None:
        """Where in `text` some literal begins, in order (None: see `occurrences`)."""
        found = self.occurrences(text)
        return None if found is None else sorted({start for start, _ in found})


class Guarded:
    """A compiled regex that is not run on a text lacking the literal text every match of it needs
    (`needed_factors`): "both sides|the two sides|..." cannot match a sentence without "side" or
    "part". The literals of all guards are found together, in one scan per text, on first use;
    a guard's own factors are read when it is first asked. The same results as the bare regex."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self._factors: tuple[frozenset[str], ...] | None = None
        _GUARDS.append(self)
        _guard_literals.cache_clear()
        _present.cache_clear()

    @property
    def factors(self) -> tuple[frozenset[str], ...]:
        if self._factors is None:
            self._factors = tuple(frozenset(map(fold_literal, factor))
                                  for factor in needed_factors(self.regex.pattern, self.regex.flags))
        return self._factors

    def could_match(self, text: str) -> bool:
        """False only when some factor has none of its strings in `text`."""
        factors = self._factors if self._factors is not None else self.factors
        if not factors:
            return True
        present = _present(text)
        if present is None:
            return True
        for factor in factors:
            if factor.isdisjoint(present):
                return False
        return True

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.could_match(text) else iter(())

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos) if self.could_match(text) else None


_GUARDS: list[Guarded] = []
_SHARED: set[str] = set()  # literals of other scans of every sentence (the pre-scan's), found in the same pass


def share_literals(literals: Iterable[str]) -> None:
    """Have `present_literals` report these literals too, so a caller needs no scan of its own."""
    _SHARED.update(map(fold_literal, literals))
    _guard_literals.cache_clear()
    _present.cache_clear()


def present_literals(text: str) -> frozenset[str] | None:
    """Which of the guards' and the shared literals occur in `text` (None: see `LiteralScan.occurrences`);
    one scan per text, kept for the next caller."""
    return _present(text)


@lru_cache(maxsize=1)
def _guard_literals() -> LiteralScan:
    return LiteralScan([*(word for guard in _GUARDS for factor in guard.factors for word in factor), *_SHARED])


@lru_cache(maxsize=512)  # several guards and the pre-scan ask about one sentence in turn: one scan for all
def _present(text: str) -> frozenset[str] | None:
    found = _guard_literals().present(text)
    return None if found is None else frozenset(found)

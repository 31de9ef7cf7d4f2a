"""Regexes that fail fast where they cannot match: a lookahead of what every match starts with.

Python's matcher skips ahead by a pattern's first character only when the pattern starts with a
literal or a character class and, under re.IGNORECASE, only for characters without case. A
pattern that starts with a lookbehind or `\\b`, or an alternation of case-insensitive words, is
instead tried in full at every position: the number pattern tries some 200 spelled-out numbers at
each word of a sentence. `leading_lookahead` reads the parsed regex for the first few characters
(or character classes) any match must start with and returns them as one lookahead, factored as a
trie, which fails within a character or two where no match can begin. A lookahead of a necessary
condition changes no match: the same spans, groups and alternatives as the pattern alone.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

# The first DEPTH characters are read; at most MAX_PREFIXES distinct beginnings (else fewer characters).
DEPTH = 3
MAX_PREFIXES = 256

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

Prefix = tuple[str, ...]  # regex atoms: one character or one character class each


class _TooMany(Exception):
    pass


def trie_pattern(words: list[str] | list[Prefix]) -> str:
    """An alternation of `words` (strings, or tuples of regex atoms) factored as a trie: the same
    matches as the words longest first, tried a character at a time."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for atom in word:
            node = node.setdefault(atom, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [(re.escape(atom) if len(atom) == 1 else atom) + build(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if end else body  # longer continuations first, then the word itself

    return build(trie)


def leading_lookahead(pattern: str, flags: int = 0) -> str:
    """`(?=...)` of the beginnings every match of `pattern` (compiled with `flags`) has, to put in
    front of it; "" when a match may begin with anything (nothing to gain)."""
    parsed = list(sre_parse.parse(pattern, flags))
    for depth in range(DEPTH, 0, -1):
        try:
            found = _prefixes(parsed, depth, flags)
        except _TooMany:
            continue
        if () in found:
            return ""
        # "1" covers "1,0" and "1.5": a beginning that extends a shorter one adds no condition
        shortest = [p for p in found if not any(p[:n] in found for n in range(1, len(p)))]
        return "(?=" + trie_pattern(sorted(shortest)) + ")"
    return ""


def _prefixes(items: list[Any], depth: int, flags: int) -> set[Prefix]:
    """What matches of the parsed sequence start with, `depth` atoms at most; () where nothing is known."""
    while items and items[0][0] in _ZERO_WIDTH:
        items = items[1:]  # a lookaround or \b consumes nothing: dropping its condition only widens the set
    if depth == 0 or not items:
        return {()}
    (op, av), rest = items[0], items[1:]
    if op is sre.SUBPATTERN:
        _group, add, remove, inner = av
        if add or remove & ~sre.SRE_FLAG_IGNORECASE:
            return {()}  # flags changed inside ("(?i:...)"): the lookahead would read its letters otherwise
        return _prefixes(list(inner) + rest, depth, flags)
    if op is sre.ATOMIC_GROUP:
        return _prefixes(list(av) + rest, depth, flags)
    if op is sre.BRANCH:
        found: set[Prefix] = set()
        for alternative in av[1]:
            found |= _prefixes(list(alternative) + rest, depth, flags)
            if len(found) > MAX_PREFIXES:
                raise _TooMany
        return found
    if op in _REPEATS:
        low, high, item = av
        if high == 0:
            return _prefixes(rest, depth, flags)
        if item.getwidth()[0] == 0:
            return {()}  # an item that may match nothing: stop reading here
        again = [] if high == 1 else [(op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, item))]
        found = _prefixes(list(item) + again + rest, depth, flags)
        if low == 0:
            found |= _prefixes(rest, depth, flags)
        if len(found) > MAX_PREFIXES:
            raise _TooMany
        return found
    atom = _atom(op, av)
    if atom is None:
        return {()}
    found = {(atom, *tail) for tail in _prefixes(rest, depth - 1, flags)}
    if len(found) > MAX_PREFIXES:
        raise _TooMany
    return found


def _atom(op: Any, av: Any) -> str | None:
    """One parsed character item as a regex atom matching the same characters (under the same flags)."""
    if op is sre.LITERAL:
        return chr(av)
    if op is not sre.IN:
        return None  # ".", a negated literal, a back-reference: anything
    parts = []
    for kind, value in av:
        if kind is sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is sre.RANGE:
            parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif kind is sre.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        elif kind is sre.NEGATE and not parts:
            parts.append("^")
        else:
            return None
    return "[" + "".join(parts) + "]"

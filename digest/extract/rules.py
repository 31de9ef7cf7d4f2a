"""Rules as data: named patterns loaded from TOML or JSON files in `digest/data/`.

Vocabulary and phrasings live in data files so that a new phrasing is a new entry, not a new branch
(the model is spaCy's EntityRuler: patterns added as data, matching kept apart from what a stage
does with the matches). A rule file holds an optional `[meta]` table (`flags`: regex flag names such
as "IGNORECASE"; `wrap`: a template with `{body}` for the combined pattern) and a list of `[[rule]]`
entries, each with a `name`, either a regex `pattern` or a token pattern `words` (a list of words or
phrases, matched whole), an `example` sentence it exists for, and any further keys as attributes
(for example `stance = "reject"`). Files are read and compiled once, lazily, on first use.
"""

from __future__ import annotations

import _sre
import hashlib
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse
from typing import TYPE_CHECKING, Any

from digest.regex_cache import remembered

if TYPE_CHECKING:
    from digest.extract.scan import LiteralScan

_RESERVED = {"name", "pattern", "words", "example"}


class RuleError(ValueError):
    """A rule file that cannot be used: missing, malformed, or with an entry that does not compile."""


@dataclass(frozen=True)
class Rule:
    """One entry: a named pattern with its example sentence and attributes."""

    name: str
    pattern: str
    example: str
    attrs: dict[str, Any] = field(default_factory=dict, compare=False)
    words: tuple[str, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)


def words_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A regex for whole words or phrases, longest first so "accusations" wins over "accusation"
    (then alphabetical: the same pattern text in every run, whatever the hash seed, so the
    compiled-pattern cache finds it)."""
    alternatives = sorted({re.escape(w) for w in words}, key=lambda w: (-len(w), w))
    return r"\b(?:" + "|".join(alternatives) + r")\b"


@dataclass
class RuleSet:
    """The entries of one rule file, in file order (order decides between rules matching at one place)."""

    name: str
    rules: list[Rule]
    flags: int = 0
    wrap: str = "{body}"

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """All entries as one alternation; each entry is a named group `r<index>`."""
        body = "|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(self.rules))
        return re.compile(self.wrap.format(body=body), self.flags)

    @cached_property
    def by_name(self) -> dict[str, Rule]:
        return {rule.name: rule for rule in self.rules}

    def compiled(self, rule: Rule) -> re.Pattern[str]:
        """One entry's own pattern (with the file's flags), for tests and single-rule use."""
        return _compile_one(rule.pattern, self.flags)

    def rule_of(self, match: re.Match[str]) -> Rule:
        """The entry behind a match of `regex`."""
        return self.rules[int((match.lastgroup or "r0")[1:])]

    @cached_property
    def starts(self) -> tuple[LiteralScan, dict[str, tuple[int, ...]]] | None:
        """Where an entry's match can begin: per entry, the text every match of it starts with
        (`needed_prefixes`, the file's wrap around it), all in one literal scan, with the entries
        each string begins; None when some entry can begin anywhere."""
        from digest.extract.scan import LiteralScan, fold_literal

        entries: dict[str, set[int]] = {}
        for index, rule in enumerate(self.rules):
            prefixes = needed_prefixes(self.wrap.format(body=rule.pattern), self.flags)
            if prefixes is None:
                return None
            for prefix in prefixes:
                entries.setdefault(fold_literal(prefix), set()).add(index)
        return LiteralScan(entries), {prefix: tuple(sorted(found)) for prefix, found in entries.items()}

    def finditer(self, text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        """Every non-overlapping match, left to right, with the entry that made it.

        The same spans and entries as `regex.finditer`, found faster: the combined regex of a large
        file tries every entry at every position, so only the entries one of whose beginnings
        `starts` finds at a position are tried there, each alone (the file's wrap around it), in
        file order as the alternation would, resuming after each match as finditer does.
        """
        found = self.starts[0].occurrences(text) if self.starts is not None else None
        if found is None:  # an entry that may begin anywhere, or case folding changed the text's length
            for match in self.regex.finditer(text):
                yield self.rule_of(match), match
            return
        entries = self.starts[1]
        alone = self._alone
        position = 0
        # by position, then in file order; after a match the rest of its position and what it covers are passed over
        for start, index in sorted({(start, index) for start, prefix in found for index in entries[prefix]}):
            if start < position:
                continue
            match = alone[index].match(text, start)
            if match is not None:
                yield self.rules[index], match
                position = max(match.end(), start + 1)

    @cached_property
    def _alone(self) -> list[re.Pattern[str]]:
        """Per entry, its pattern alone inside the file's wrap: all compiled at the first scan, so that
        processes forked after it (a pool's workers) find them compiled."""
        return [_compile_one(self.wrap.format(body=rule.pattern), self.flags) for rule in self.rules]

    @cached_property
    def factors(self) -> list[tuple[frozenset[str], ...]]:
        """Per entry, the literal text any match of it must contain (`needed_factors`)."""
        return [needed_factors(rule.pattern, self.flags) for rule in self.rules]

    def words(self, name: str) -> frozenset[str]:
        """The word list of a token-pattern entry, for membership tests."""
        return frozenset(self.by_name[name].words)

    def select(self, **attrs: Any) -> list[Rule]:
        """Entries whose attributes have the given values."""
        return [r for r in self.rules if all(r.attrs.get(k) == v for k, v in attrs.items())]

    def alternation(self, **attrs: Any) -> str:
        """The patterns of the entries `select` gives, as one alternation, in file order."""
        return "|".join(r.pattern for r in self.select(**attrs))

    def pattern_of(self, *names: str) -> str:
        """The named entries as one alternation (no groups), in the order given."""
        return "|".join(f"(?:{self.by_name[n].pattern})" for n in names)


_MAX_VARIANTS = 64  # literal strings one factor may expand to ("g(?:ave|ive|ives)" is three)


def needed_factors(pattern: str, flags: int = 0, keep: int = 3, shortest: int = 3) -> tuple[frozenset[str], ...]:
    """What any text the pattern matches in must contain, read off the parsed regex: factors, each a
    set of lower-cased strings of which the text holds one (all factors together). A factor is a
    run of literal characters ("shot", "g(?:ave|ive)" gives gave/give), a group each of whose
    alternatives needs some string, or a repeat of at least one such item. The `keep` most
    selective factors are kept (longest shortest string first), none with a string shorter than
    `shortest` (" " or "of" would be in every sentence); () when the pattern needs no such literal
    (`\\w+`, an optional group alone), so nothing may be skipped for it."""
    return remembered(("needed_factors", _code_version(), pattern, int(flags), keep, shortest),
                      lambda: _needed_factors(pattern, flags, keep, shortest))


def _needed_factors(pattern: str, flags: int, keep: int, shortest: int) -> tuple[frozenset[str], ...]:
    found = [f for f in _candidates(list(_parsed(pattern, flags))) if min(map(len, f)) >= shortest]
    found.sort(key=lambda s: (-min(map(len, s)), len(s)))
    return tuple(frozenset(f) for f in found[:keep])


def needed_prefixes(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings (lower-cased) one of which every match of the pattern starts with, read off the
    parsed regex as `needed_factors` reads its factors; None when a match can begin with anything."""
    return remembered(("needed_prefixes", _code_version(), pattern, int(flags)),
                      lambda: _needed_prefixes(pattern, flags))


def _needed_prefixes(pattern: str, flags: int) -> frozenset[str] | None:
    found = _prefixes(list(_parsed(pattern, flags)))
    return frozenset(found) if found and "" not in found else None


@cache
def _code_version() -> str:
    """A hash of this file: what `remembered` kept from a run of other code is not used."""
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:16]


_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def _prefixes(items: list[Any]) -> set[str] | None:
    """What a parsed sequence's matches start with ({""}: it may match nothing; None: anything).
    Zero-width items consume nothing and are skipped (a leading lookahead still rules prefixes
    out: "(?=[a-z])" drops " "); fixed text is extended by what follows it; a group gives its
    alternatives' prefixes, and where it may match nothing, also what follows."""
    items = list(items)
    ahead: set[str] | None = None  # a leading lookahead ("(?=[a-z])"): the match starts with one of these too
    while items and items[0][0] in _ZERO_WIDTH:
        op, av = items.pop(0)
        if op is sre.ASSERT and av[0] == 1 and ahead is None:
            ahead = _prefixes(list(av[1]))
    found = _leading(items)
    if found is None or not ahead or "" in ahead:
        return found
    return {p for p in found if any(p.startswith(a) or a.startswith(p) for a in ahead)}


def _leading(items: list[Any]) -> set[str] | None:
    items = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    if not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    fixed = _exact(op, av)
    if fixed is None and op is sre.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        optional = _exact_seq(list(av[2]))  # "(?:a |the )?": fixed text or nothing
        fixed = optional | {""} if optional is not None else None
    if fixed is not None:
        tail = _prefixes(rest)
        if tail is None:
            return None if "" in fixed else fixed  # each match still starts with one of these
        return _product([fixed, tail]) or (fixed - {""}) | (tail if "" in fixed else set())  # too many: stop here
    if op is sre.SUBPATTERN:
        alternatives = [av[3]]
    elif op is sre.ATOMIC_GROUP:
        alternatives = [av]
    elif op is sre.BRANCH:
        alternatives = av[1]
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        alternatives = [av[2]] if av[0] >= 1 else [av[2], []]  # an optional item may be absent
    else:
        return None  # a character class, "." or a back-reference: could begin with anything
    head = _union(alternatives, _prefixes)
    if head is None:
        return None
    if "" not in head:
        return head
    tail = _prefixes(rest)
    return None if tail is None else (head - {""}) | tail


def _exact(op: Any, av: Any) -> set[str] | None:
    """The strings one parsed item matches when they are few and fixed ("k", "[Kk]", "(?:ed|s)")."""
    if op is sre.LITERAL:
        return {_lower(av)}
    if op is sre.IN and av and all(o in (sre.LITERAL, sre.RANGE) for o, _ in av):
        chars = {_lower(c) for o, c in av if o is sre.LITERAL}
        for low, high in (c for o, c in av if o is sre.RANGE):
            if high - low >= _MAX_VARIANTS:
                return None
            chars |= {_lower(c) for c in range(low, high + 1)}
        return chars if len(chars) <= _MAX_VARIANTS else None
    alternatives = None
    if op is sre.SUBPATTERN:
        alternatives = [av[3]]
    elif op is sre.BRANCH:
        alternatives = av[1]
    elif op is sre.MAX_REPEAT and av[0] == av[1] and av[0] <= 4:
        inner = _exact_seq(list(av[2]))
        return None if inner is None else _product([inner] * av[0])
    if alternatives is None:
        return None
    found = _union(alternatives, _exact_seq)
    return found if found is not None and len(found) <= _MAX_VARIANTS else None


def _lower(code: int) -> str:
    """A character's simple lower-case, the one re.IGNORECASE compares ("İ" is "i", not "i̇")."""
    return chr(_sre.unicode_tolower(code))


def _union(alternatives: Any, read: Any) -> set[str] | None:
    """The strings `read` gives for any of a group's alternatives (None if one could be anything)."""
    found: set[str] = set()
    for items in alternatives:
        strings = read(list(items))
        if strings is None:
            return None
        found |= strings
    return found


def _exact_seq(items: list[Any]) -> set[str] | None:
    parts = [_exact(op, av) for op, av in items]
    return None if any(p is None for p in parts) else _product(parts)


def _product(parts: list[set[str] | None]) -> set[str] | None:
    strings = {""}
    for part in parts:
        if part is None or len(strings) * len(part) > _MAX_VARIANTS:
            return None
        strings = {a + b for a in strings for b in part}
    return strings


def _best(candidates: list[set[str]]) -> set[str] | None:
    """The most selective of several candidate sets (longest shortest string, then fewest)."""
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _candidates(items: list[Any]) -> list[set[str]]:
    """Sets of strings a parsed sequence needs, one of each: runs of fixed text, and what its parts need."""
    found: list[set[str]] = []
    run = {""}

    def close(strings: set[str] | None) -> None:
        if strings and "" not in strings:
            found.append(strings)

    for op, av in items:
        if op is sre.AT:
            continue  # zero-width (\b, ^): the text on both sides is still adjacent
        fixed = _exact(op, av)
        joined = _product([run, fixed]) if fixed is not None else None
        if joined is not None:
            run = joined
            continue
        close(run)
        run = fixed or {""}
        if fixed is not None:
            continue
        if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
            close(_best(_candidates(list(av[3] if op is sre.SUBPATTERN else av))))
        elif op is sre.BRANCH:
            alternatives = [_best(_candidates(list(items))) for items in av[1]]
            if all(alternatives):
                close(set().union(*alternatives))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            close(_best(_candidates(list(av[2]))))
        elif op is sre.ASSERT and av[0] == 1:
            close(_best(_candidates(list(av[1]))))  # a lookahead's text is in the sentence too
    close(run)
    return found


@cache
def _compile_one(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@cache
def _parsed(pattern: str, flags: int) -> Any:
    """The parsed regex (re's own parser, without compiling it): for checking an entry when its
    file loads, and for reading its literals; parsed once per process."""
    return sre_parse.parse(pattern, flags)


def _flags(names: list[str]) -> int:
    value = 0
    for flag in names:
        if not hasattr(re, flag) or not isinstance(getattr(re, flag), re.RegexFlag):
            raise RuleError(f"unknown regex flag {flag!r}")
        value |= getattr(re, flag)
    return value


def parse_rules(name: str, data: dict[str, Any]) -> RuleSet:
    """Build a RuleSet from a decoded rule file; every entry needs a name, a pattern or words, and an example."""
    meta = data.get("meta", {})
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RuleError(f"{name}: 'rule' must be a list of entries")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = entry.get("name") if isinstance(entry, dict) else None
        if not label or not isinstance(label, str):
            raise RuleError(f"{name}: entry {index + 1} has no name")
        if label in seen:
            raise RuleError(f"{name}: two entries are named {label!r}")
        seen.add(label)
        words = tuple(entry.get("words") or ())
        pattern = entry.get("pattern") or (words_pattern(words) if words else "")
        if not pattern or not entry.get("example"):
            raise RuleError(f"{name}: entry {label!r} needs a pattern (or words) and an example")
        attrs = {k: v for k, v in entry.items() if k not in _RESERVED}
        rules.append(Rule(label, pattern, entry["example"], attrs, words))
    ruleset = RuleSet(name, rules, _flags(meta.get("flags", [])), meta.get("wrap", "{body}"))
    for rule in rules:
        try:  # parsing finds what compiling would, for a fraction of the cost (none, parsed in an earlier run)
            remembered(("parses", _code_version(), rule.pattern, int(ruleset.flags)),
                       lambda rule=rule: _parsed(rule.pattern, ruleset.flags) is not None)
        except re.error as exc:
            raise RuleError(f"{name}: entry {rule.name!r} does not compile ({exc})") from None
    return ruleset


@cache
def load_rules(name: str) -> RuleSet:
    """The rule file `digest/data/<name>.toml` (or `.json`), parsed and checked once per process."""
    folder = resources.files("digest.data")
    for suffix, decode in ((".toml", tomllib.loads), (".json", json.loads)):
        path = folder.joinpath(name + suffix)
        if path.is_file():
            try:
                data = decode(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
                raise RuleError(f"{name}{suffix}: {exc}") from None
            return parse_rules(name, data)
    raise RuleError(f"no rule file named {name!r} in digest/data")


def rule_files() -> list[str]:
    """Names of every rule file shipped in `digest/data/` (TOML or JSON with `rule` entries)."""
    names = []
    for entry in resources.files("digest.data").iterdir():
        if entry.name.endswith(".toml"):
            names.append(entry.name.removesuffix(".toml"))
        elif entry.name.endswith(".json") and '"rule"' in entry.read_text(encoding="utf-8")[:4000]:
            names.append(entry.name.removesuffix(".json"))
    return sorted(names)

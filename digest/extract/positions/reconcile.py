"""The stance map of a story: one line per (actor, stance, target), paraphrases merged, symmetric pairs once.

Lines are sorted by how many outlets carry them, so a briefing can show the first few and the JSON
all of them. Wording is left to the render layer: these are typed records, not English labels.
"""

from __future__ import annotations

import re

from digest.extract.actors import gazetteer
from digest.model import Article, Position, PositionLine

SYMMETRIC = ("agree", "meet")
_FUNCTION_WORDS = {"the", "a", "an", "any", "all", "its", "their", "his", "her", "this", "that", "these", "those", "such", "new",
                   "further", "more", "other", "mandatory", "compulsory", "immediate", "binding", "permanent", "full", "wider",
                   "broader", "common", "joint", "own", "outright", "again", "instead", "too", "also", "now", "today"}
_CHUNK_END = re.compile(r"\b(?:of|to|for|on|in|from|with|by|at|against|over|between|that|which)\b")


def head_noun(target: str) -> str:
    """The head of an issue phrase, singular: "mandatory quotas outright" → "quota", "quotas imposed" → "quota"."""
    chunk = _CHUNK_END.split(target.lower(), maxsplit=1)[0]
    words = [w for w in re.findall(r"[a-z][a-z'-]*", chunk)
             if w not in _FUNCTION_WORDS and not w.endswith(("ed", "ing", "ly")) or w in ("need", "aid", "ceiling")]
    if not words:
        return ""
    word = words[-1]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _short_quote(quotes: list[str], words: int = 12) -> str:
    """The shortest real quote (two words or more; scare quotes are not evidence), trimmed for a line."""
    quotes = [q.strip(" ,;:") for q in quotes if q and len(q.split()) >= 2]
    if not quotes:
        return ""
    best = min(quotes, key=len).split()
    return " ".join(best[:words]) + ("…" if len(best) > words else "")


def _paraphrase_key(actor: str, stance: str, target: str, actors: set[str]) -> tuple[str, str, str]:
    """Lines with one key are one position: the same actor and stance toward the same actor or head noun."""
    if target in actors or not target:
        return actor, stance, target
    head = head_noun(target)
    return actor, stance, "~" + head if head else target


def reconcile_positions(positions: list[Position], articles: list[Article]) -> list[PositionLine]:
    """The story's stance map, most widely reported first; every evidence record is kept."""
    outlets_of = {a.id: a.outlets for a in articles}
    actors = set(gazetteer().canonical_names) | {p.actor for p in positions}
    groups: dict[tuple[str, str, str], list[Position]] = {}
    for p in positions:
        groups.setdefault(_paraphrase_key(p.actor, p.stance, p.target, actors), []).append(p)
    merged: dict[tuple[str, str, str], list[Position]] = {}
    mutual: set[tuple[str, str, str]] = set()
    for key, items in groups.items():
        actor, stance, target = key
        mirror = (target, stance, actor)
        if stance in SYMMETRIC and mirror in merged:
            merged[mirror].extend(items)  # "Israel agrees with Russia" is the same event as "Russia agrees with Israel"
            mutual.add(mirror)
            continue
        merged[key] = list(items)
    lines = [_line(items, key in mutual, outlets_of) for key, items in merged.items()]
    order = {id(line): n for n, line in enumerate(lines)}
    lines.sort(key=lambda line: (-line.outlet_count, -line.count, order[id(line)]))
    return lines


def _line(items: list[Position], mutual: bool, outlets_of: dict[str, list[str]]) -> PositionLine:
    first = items[0]
    wordings: dict[str, set[str]] = {}
    for p in items:
        if p.actor == first.actor:
            wordings.setdefault(p.target, set()).update(outlets_of.get(p.article) or ([p.source] if p.source else []))
    targets = sorted(wordings, key=lambda t: (-len(wordings[t]), list(wordings).index(t)))  # the most reported wording first
    speakers = list(dict.fromkeys(p.speaker for p in items if p.speaker and p.actor == first.actor))
    speakers = [n for n in speakers if not any(o != n and o.endswith(" " + n) for o in speakers)]  # "Putin" in "Vladimir Putin"
    outlets = list(dict.fromkeys(o for p in items for o in (outlets_of.get(p.article) or ([p.source] if p.source else []))))
    return PositionLine(
        actor=first.actor, stance=first.stance, target=targets[0] if targets else first.target, targets=targets, mutual=mutual,
        speakers=speakers, conditional=all(p.conditional for p in items), negated=all(p.negated for p in items),
        quote=_short_quote([p.quote for p in items]), count=len(items), outlets=outlets, outlet_count=len(outlets),
        articles=list(dict.fromkeys(p.article for p in items)), evidence=list(items))

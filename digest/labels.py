"""Casualty lines and stance-map lines in English, shared by the briefing and `digest extract`.

One wording for a figure or a stance wherever it is shown: the briefing's rows (`render`), the
text lines of `digest extract` (`output`) and the tests all read it from here. Every value is
cleaned of control characters; escaping for a format is the renderer's job.
"""

from __future__ import annotations

from typing import Any

from digest.escape import clean
from digest.model import CasualtyLine, PositionLine

QUALIFIERS = {"at_least": "at least", "more_than": "more than", "about": "about", "up_to": "up to"}
STANCES = {
    "support": "supports", "criticize": "criticizes", "demand": "demands", "reject": "rejects",
    "threaten": "threatens", "agree": "agrees with", "offer": "offers", "meet": "meets", "deny": "denies",
}
NEGATED_STANCES = {
    "support": "does not support", "criticize": "does not criticize", "demand": "does not demand",
    "reject": "does not reject", "threaten": "does not threaten", "agree": "does not agree with",
    "offer": "does not offer", "meet": "does not meet", "deny": "does not deny",
}
MUTUAL_STANCES = {"agree": "agree", "meet": "meet"}  # "Russia and Israel agree": one line for a symmetric event
NEGATED_MUTUAL = {"agree": "do not agree", "meet": "do not meet"}
VAGUE = {12: "dozens of", 20: "scores of", 100: "hundreds of", 1000: "thousands of", 10000: "tens of thousands of",
         100000: "hundreds of thousands of"}
EVIDENCE_CHARS = 240
COMPACT_CREDITS = 2  # reporters named on a compact casualty line
MAX_CREDITS = 4  # reporters named in a `digest extract` line; the rest are counted

def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else clean(value)


def _few(values: list[str], limit: int | None) -> str:
    """'A, B, C +4 more' (the compact briefing's credits); every name when `limit` is None."""
    names = list(dict.fromkeys(clean(v) for v in values if clean(v)))
    if limit is None or len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} +{len(names) - limit} more"


def join_names(values: Any) -> str:
    """Distinct cleaned names in order, comma-separated (a string passes through cleaned)."""
    if isinstance(values, str):
        return clean(values)
    if not values:
        return ""
    seen: list[str] = []
    for value in values:
        text = clean(value)
        if text and text not in seen:
            seen.append(text)
    return ", ".join(seen)


def _amount(count: int, qualifier: str, who: str) -> str:
    """'at least 10 people', 'dozens of people', '1 person'."""
    if count == 1 and who == "people":
        who = "person"
    if qualifier == "vague":
        return f"{VAGUE[count]} {who}" if count in VAGUE else f"{count:,}+ {who} (vague figure)"
    return f"{QUALIFIERS.get(qualifier, '')} {count:,} {who}".strip()


def figure_text(line: CasualtyLine) -> str:
    """'at least 10 people, including 6 rebels', '57 people (rose from 41, civil defence institute)',
    or '12–27 across reports (latest: 27 people; earlier: 12 Wire A, 19 Wire B)' when outlets disagree."""
    text = _amount(line.count, line.qualifier or "exact", clean(line.who) or "people")
    parts = [f"{_number(b.get('count'))} {clean(b.get('who'))}".strip() for b in line.breakdown]
    if parts:
        text += ", including " + ", ".join(parts)
    if line.revised_from is not None and line.low == line.high:
        text += f" (rose from {line.revised_from:,}" + (f", {clean(line.revised_by)})" if line.revised_by else ")")
    if line.low != line.high:
        # Outlets disagree: the range leads, the most recent report follows, then the earlier ones.
        reports: dict[int, list[str]] = {}
        for report in line.reports:
            if report.count != line.count:
                named = reports.setdefault(report.count, [])
                named.extend(clean(o) for o in report.outlets if clean(o) not in named)
        history = ("; earlier: " + ", ".join(f"{count:,} {join_names(outlets)}".strip() for count, outlets in reports.items())
                   if reports else "")
        return f"{line.low:,}–{line.high:,} across reports (latest: {text}{history})"
    return text


def _kind_label(line: CasualtyLine) -> str:
    return clean(line.kind).capitalize() + (" (enemy fighters, as claimed)" if line.party == "enemy" else "")


def _credits(line: CasualtyLine, limit: int, outlets: int | None = None) -> list[str]:
    """'monitor via Agence A', 'Outlet B': who reported the line's tolls, through which outlets
    (`outlets` of them named per reporter in the compact briefing, the rest counted)."""
    credits = [c for c in (" via ".join(p for p in (clean(c.reporter), _few(c.outlets, outlets)) if p)
                           for c in line.credits) if c]
    return credits[:limit] + [f"{len(credits) - limit} more"] if len(credits) > limit else credits


def casualty_label(line: CasualtyLine) -> str:
    """One line for `digest extract`: 'Killed (total): 10–14 (monitor via Agence A; state TV via Outlet B)'."""
    head = _kind_label(line) + (" (total)" if line.scope == "cumulative" else "")
    head += f" in {clean(line.place)}" if line.place else ""
    if line.low == line.high:
        amount = f"{line.low:,}+" if line.qualifier == "vague" else f"{QUALIFIERS.get(line.qualifier, '')} {line.low:,}"
    else:
        amount = f"{line.low:,}\u2013{line.high:,}"
    credits = _credits(line, MAX_CREDITS)
    return f"{head}: {amount.strip()}" + (f" ({'; '.join(credits)})" if credits else "")


def position_label(line: PositionLine) -> str:
    """One line for `digest extract`: 'Russia (Vladimir Putin) criticizes United States: “…”'."""
    row = position_row(line)
    text = " ".join(p for p in (row["actor"], row["stance"], row["target"]) if p)
    text += " (conditional)" if row["condition"] else ""
    quote = clean(line.quote).strip(" ,;:\"“”")
    return f"{text}: “{quote}”" if quote else text


def casualty_row(line: CasualtyLine, outlets: int | None = None) -> dict[str, str]:
    """A casualty line's display values; with `outlets` (compact) fewer credits."""
    scope, place = clean(line.scope), clean(line.place)
    return {
        "kind": _kind_label(line),
        "figure": figure_text(line),
        "scope": f"{scope}, {place}" if scope and place else scope or place,
        "sources": "; ".join(_credits(line, MAX_CREDITS if outlets is None else COMPACT_CREDITS, outlets)),
    }


def _position_evidence(line: PositionLine, chars: int = EVIDENCE_CHARS) -> str:
    """The direct quote that carries the stance when there is one, else the sentence it was read from (shortened)."""
    quote_text = clean(line.quote).strip(" ,;:\"“”")
    if quote_text:
        return f"“{quote_text}”"
    sentence = next((clean(p.sentence) for p in line.evidence if clean(p.sentence)), "")
    return sentence if len(sentence) <= chars else sentence[: chars - 1].rstrip() + "…"


def position_row(line: PositionLine, outlets: int | None = None, chars: int = EVIDENCE_CHARS) -> dict[str, str]:
    """One stance-map line in English: "Russia (Vladimir Putin) criticizes United States", "Russia and Israel agree"."""
    stance, target, actor = clean(line.stance), clean(line.target), clean(line.actor)
    if line.mutual and target:
        words = NEGATED_MUTUAL if line.negated else MUTUAL_STANCES
        who, label, target = f"{actor} and {target}", words.get(stance, stance), ""
    else:
        label = (NEGATED_STANCES if line.negated else STANCES).get(stance, stance)
        if not target or (stance == "agree" and target[:1].islower()):  # an issue: "agrees to share asylum seekers"
            label = label.removesuffix(" with") + (" to" if target else "")
        speakers = ", ".join(clean(n) for n in line.speakers if clean(n) and clean(n) != actor)
        who = f"{actor} ({speakers})" if actor and speakers else actor or speakers
    return {
        "actor": who,
        "stance": label,
        "target": target,
        "condition": "conditional" if line.conditional else "",
        "quote": _position_evidence(line, chars),
        "outlet": _few(line.outlets, outlets),
    }

"""Reconciliation: one line per (actor, stance, target) in a story, with outlets and evidence."""

from __future__ import annotations

from typing import Any

from digest.model import Article, Position

_STANCE_VERB = {"support": "supports", "criticize": "criticizes", "demand": "demands", "reject": "rejects",
                "threaten": "threatens", "agree": "agrees with", "offer": "offers", "meet": "meets", "deny": "denies"}



def _short_quote(quotes: list[str], words: int = 12) -> str:
    """The shortest real quote (two words or more; scare quotes are not evidence), trimmed for a label."""
    quotes = [q.strip(" ,;:") for q in quotes if q and len(q.split()) >= 2]
    if not quotes:
        return ""
    best = min(quotes, key=len).split()
    return " ".join(best[:words]) + ("…" if len(best) > words else "")



def reconcile_positions(positions: list[Position], articles: list[Article]) -> list[dict[str, Any]]:
    """One entry per (actor, stance, target) in a story, keeping every evidence sentence and outlet."""
    outlets_of = {a.id: a.outlets for a in articles}
    groups: dict[tuple[str, str, str], list[Position]] = {}
    for p in positions:
        groups.setdefault((p.actor, p.stance, p.target), []).append(p)
    out: list[dict[str, Any]] = []
    for (actor, stance, target), items in groups.items():
        speakers = list(dict.fromkeys(p.speaker for p in items if p.speaker))
        speakers = [n for n in speakers if not any(o != n and o.endswith(" " + n) for o in speakers)]  # "Putin" in "Vladimir Putin"
        outlets = list(dict.fromkeys(o for p in items for o in (outlets_of.get(p.article) or ([p.source] if p.source else []))))
        conditional = all(p.conditional for p in items)
        negated = all(p.negated for p in items)
        quote = _short_quote([p.quote for p in items])
        who = f"{actor} ({', '.join(speakers)})" if speakers else actor
        verb = _STANCE_VERB.get(stance, stance)
        if negated:
            verb = "does not " + verb.replace("ies", "y").replace("s with", " with").rstrip("s") if verb != "denies" else "does not deny"
        label = f"{who} {verb}" + (f" {target}" if target else "")
        if conditional:
            label += " (conditional)"
        if quote:
            label += f": \u201c{quote}\u201d"
        out.append({
            "actor": actor, "stance": stance, "target": target, "speakers": speakers,
            "conditional": conditional, "negated": negated, "quote": quote, "label": label,
            "count": len(items), "outlets": outlets, "outlet_count": len(outlets),
            "articles": list(dict.fromkeys(p.article for p in items)),
            "evidence": [{"sentence": p.sentence, "quote": p.quote, "speaker": p.speaker, "article": p.article,
                          "source": p.source, "conditional": p.conditional, "negated": p.negated} for p in items],
        })
    out.sort(key=lambda d: (-d["outlet_count"], -d["count"]))
    return out

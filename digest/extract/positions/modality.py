"""Modality of a stance: conditional ("if asked", "unless", "only if") and negated ("not", "never", "no plans to")."""

from __future__ import annotations

import re

_NEG = re.compile(r"(?:\bnot|n't|\bnever|\bno (?:immediate )?plans? (?:for [\w-]+(?: [\w-]+)? )?to|\bno intention (?:of|to))\s+"
                  r"(?:(?:yet|been|be|have|has|to|even|formally|publicly|immediately|directly|officially|so far|want to|intend to)\s+)*$", re.I)

_NEG_SKIP = re.compile(r"\bnot only\b", re.I)

COND = re.compile(r"\b(?:if|unless|until|provided that|as long as|on condition that|in case)\b", re.I)

_COND_START = re.compile(r"^\W*(?:if|unless)\b", re.I)


def modality(sentence: str, stance: str, text: str, start: int, end: int, window_end: int, clause_start: int) -> tuple[bool, bool]:
    """(conditional, negated): "if asked", "unless", "only if"; "not", "never", "no plans to" (a refusal is not negated)."""
    before = sentence[max(0, start - 40):start]
    negated = bool(_NEG.search(before)) and not _NEG_SKIP.search(sentence[max(0, start - 40):start + 4])
    if stance == "reject" and re.match(r"(?:did|does|do|will|would|could|can|shall|won't|wouldn't|cannot|can't)", text, re.I):
        negated = False
    conditional = bool(COND.search(sentence[end:window_end])
                       or re.match(r",?\s*(?:but\s+)?only\s+(?:if|when|after|once)\b", sentence[window_end:])
                       or _COND_START.search(sentence[clause_start:start])
                       or re.search(r",\s*if\b[^,]*,\s*$", sentence[clause_start:start]))
    return conditional, negated

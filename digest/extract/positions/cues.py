"""TODO cues."""

from __future__ import annotations

import re

from digest.extract.actors import (
    DEMONYM,
    Mention,
)
from digest.extract.positions.modality import COND
from digest.extract.rules import load_rules

_BASE_NOUNISH = {"fund", "object", "recall", "support", "back", "welcome", "praise", "demand", "request", "offer", "visit", "call", "promise",
                 "pledge", "protest", "veto", "insist", "accept", "warn", "meet", "suggest", "oppose", "defend", "reject"}

_VERBAL_BEFORE = re.compile(r"(?:\b(?:to|will|would|shall|should|could|can|may|might|must|did|do|does|not|never|we|I|they|you|also|"
                            r"jointly|strongly|firmly|fully|ll)|n't|'ll)\s+$", re.I)

_COMPLEMENT_OF = {"demand", "offer", "threaten", "reject", "agree"}

_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|previous|new|further|repeated|recent|earlier|latest|such|"
                         r"these|those|any|no|of|for|many|several)|'s|\u2019s)\s+$", re.I)

_WHETHER = re.compile(r"\b(?:whether|if)\b[^,;]*$", re.I)

_CONDITION_OF = re.compile(r"\b(?:until|unless|if|once)\s(?:(?!\band\s)[^,;:.\"\u201c\u201d]){0,60}$")

_ADJECTIVAL = {"opposed", "disappointed", "prepared", "committed", "determined", "concerned", "pleased"}



def kept_cues(sentence: str, mentions: list[Mention]) -> list[tuple[str, int, int, str]]:
    """Stance cues of a sentence, minus nouns, names ("Rapid Support Forces") and the content of other stances."""
    spans = [(m.start, m.end) for m in mentions]
    kept: list[tuple[str, int, int, str]] = []
    for rule, match in load_rules("position_cues").finditer(sentence):
        cue = (rule.attrs["stance"], match.start(), match.end(), match.group(0))
        stance, start, _end, _text = cue
        if not _is_verbal(sentence, cue, mentions) or any(s < cue[2] and start < e for s, e in spans):
            continue
        gap = sentence[kept[-1][1]:start] if kept else ""
        if kept and kept[-1][0] in _COMPLEMENT_OF and stance in ("offer", "agree", "reject", "meet", "support", "criticize", "demand") \
                and re.search(r"\bto\s+(?:\w+\s+)?$", gap) and not re.search(r"[;,]", gap[kept[-1][2] - kept[-1][1]:]):
            continue  # "urged Israel to accept the deal", "willing to meet X": the content of another stance
        kept.append(cue)
    return kept



def _is_verbal(sentence: str, cue: tuple[str, int, int, str], mentions: list[Mention]) -> bool:
    """Base forms that double as nouns ("the support of", "a visit") count only after a modal, "to" or a pronoun."""
    stance, start, _end, text = cue
    word = text.split()[0].lower()
    if word.endswith("ing") and re.search(r"(?:\b(?:the|a|an|its|their|his|her)|'s|\u2019s)\s+(?:[a-z-]+\s+)?$|\b(?:with|without|of|for)\s+[a-z-]+\s+$", sentence[:start]) \
            and not re.search(r"\b(?:is|are|was|were|been|be)\s+(?:[a-z-]+\s+)?$", sentence[:start]) \
            and not re.search(r"\b(?:issued|released|published|sent|signed) (?:a|an|the|its|their|his|her) (?:joint )?"
                              r"(?:statement|communiqu[eé]|letter|declaration|note)\s+$", sentence[:start]):  # "issued a statement urging"
        return False
    if word.endswith("s") and word[:-1] in _BASE_NOUNISH | {"threat", "talk", "proposal", "pledge", "promise"} \
            and _DETERMINER.search(sentence[:start]):
        return False
    if word in _BASE_NOUNISH:
        before = sentence[:start]
        subject_before = any(m.kind != DEMONYM and re.fullmatch(r"\s*", before[m.end:]) for m in mentions if m.end <= start)
        if not _VERBAL_BEFORE.search(before) and not subject_before and not re.search(r"\b(?:they|states|countries|nations)\s+$", before):
            return False
    return True



def skip_cue(sentence: str, stance: str, start: int, text: str, previous: tuple[int, int, tuple[str, ...]] | None,
              previous_stance: str) -> bool:
    """Cues that state no position: hypotheticals, agreements not yet reached, the content of an accusation."""
    if _WHETHER.search(sentence[previous[1] if previous else 0:start]) and not COND.search(text):
        return True
    if stance == "agree" and re.search(r"\b(?:close to|near(?:ing|ed)?|on the verge of|failed (?:\w+ ){0,3}?to|yet to)\s+$", sentence[:start]):
        return True
    if _CONDITION_OF.search(sentence, max(0, start - 70), start):
        return True  # "until Russia agrees to a ceasefire": the condition of another stance, not a position
    word = text.split()[0].lower()
    if stance == "demand" and word.startswith(("request", "call", "ask")) and re.match(
            r"\s*(?:for\s+)?(?:an?\s+|the\s+)?(?:emergency\s+|urgent\s+|special\s+|closed-door\s+)?(?:meeting|session)\b", sentence[start + len(text):]):
        return True  # "requested an emergency meeting of the Security Council": procedure, not a position
    if stance == "agree" and re.search(r"\bthe\s+[a-z]+\s+$", sentence[:start]) and re.match(r"\s+(?:at|during)\b", sentence[start + len(text):]):
        return True  # "keep the language agreed at last year's summit": a participle, not an agreement
    if word.endswith("ing") and re.search(r"\b(?:before|without|instead of)\s+$", sentence[:start]):
        return True  # "would wait for the count before recognising any winner": a stance not taken
    if stance == "support" and word.endswith("ing") and re.search(
            r"\b(?:coalition|forces|militias?|troops|fighters|units|alliance)\s+$", sentence[:start]):
        return True  # "the military coalition backing the government": who they are, not a statement
    if word.endswith("ing") and re.search(r"\b(?:resolution|draft|text|bill|motion|clause|amendment)s?\s+$", sentence[:start]):
        return True  # "a resolution demanding a ceasefire": what the text says, not who backs it
    if stance == "meet" and re.search(r"\b(?:advis\w*|urg\w*|warn\w*|told|ask\w*)\s+(?:\w+\s+){0,3}(?:not\s+)?to\s+$", sentence[:start]):
        return True  # "advises Americans not to travel to Niger"
    if previous and previous_stance in ("deny", "threaten") and re.match(r"\s*(?:\w+\s+){0,3}?that\b[^;]*$", sentence[previous[1]:start]) \
            and not re.search(r"\band\s+(?:also\s+)?$", sentence[:start]):
        return True  # "denied that China had offered any concessions": the content of a denial
    if stance == "meet" and re.search(r"\b(?:co-)?host(?:s|ed|ing)?\s+(?:\S+\s+){0,3}$", sentence[:start]):
        return True  # "hosted the Jeddah talks with ...": the host does not meet
    if word.endswith("ed") and word not in _ADJECTIVAL and re.search(r"\b(?:been|was|were|be|being|is|are)\s+(?:\w+ly\s+)?$", sentence[:start]) \
            and not re.match(r"\s+by\b", sentence[start + len(text):]):
        return True  # "France had been invited to Mali": the subject is not the one who invites
    if previous and previous_stance == "deny" and word.endswith("ing") and not sentence[previous[1]:start].strip():
        return True  # "denied supplying weapons": what is denied, not a stance
    if stance == "support" and word == "backed" and re.match(r"\s+by\b", sentence[start + len(text):]) \
            and re.search(r"[a-z]\s+$|,\s+$", sentence[:start]) and not re.search(r"\b(?:been|was|were|be|being|is|are)\s+(?:\w+ly\s+)?$", sentence[:start]):
        return True  # "rebel groups backed by Washington": who they are, not a statement
    # "accused Ethiopia of violating ... by signing a deal"
    return bool(previous and previous_stance in ("criticize", "deny", "threaten") and text.split()[0].lower().endswith("ing")
                and re.search(r"\b(?:of|by|for|from)\s+$", sentence[:start]))

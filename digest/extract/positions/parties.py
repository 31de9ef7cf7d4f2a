"""Who speaks for a party: nominees, leaders, MPs and campaigns named in the article itself (and the named head of
an agency: "The head of the UN refugee agency, John Ging,").

The gazetteer maps a politician to a state ("Joe Biden" → United States), but a candidate or an opposition
leader speaks for the party ("Democratic presidential nominee Joe Biden" → Democratic Party); someone the
article gives a state office ("President Donald Trump") keeps the state, and his campaign is his party's."""

from __future__ import annotations

import re
from functools import cache

from digest.extract.actors import MOVEMENT, ORG, PERSON, Mention, actor_data, gazetteer
from digest.extract.positions.memory import ArticleMemory
from digest.extract.positions.sentence import Ref

_NAME = r"((?:[A-Z][a-z'\u2019\u00e0-\u00ff-]+|al-[A-Z][a-z'-]+)(?: (?:[A-Z][a-z'\u2019\u00e0-\u00ff-]+|al-[A-Z][a-z'-]+|[A-Z]\.)){0,3})"

# The role words between a party and a name: "presidential nominee", "Shadow Home Secretary", "MP (Member of Parliament)"
_ROLE = re.compile(r"(?:'s|\u2019s)?\s+((?:(?:\d{4}|[Pp]residential|[Vv]ice-presidential|[Pp]arty|[Dd]eputy|[Nn]ew|[Oo]pposition|[Tt]op|"
                   r"[Ss]hadow(?: [A-Z][a-z]+){1,3}?|[Nn]ominee|[Cc]andidate|[Ll]eader|[Cc]hair(?:man|woman)?|MP|[Ss]pokes(?:man|woman|person)|"
                   r"[Rr]unning mate|[Ff]ounder|[Hh]ead)\s+){1,4})(?:\([^()]{1,40}\)\s+)?(?:Mr\.?\s+|Ms\.?\s+|Dr\.?\s+)?" + _NAME)
_PARTY_ROLE = re.compile(r"\b(?:nominee|candidate|leader|chair(?:man|woman)?|MP|shadow|spokes\w+|running mate|founder|head)\b", re.I)

# "Phil Collins of the Prohibition Party", "Hammons, 2020 presidential nominee of the", "reelected as leader of the"
_OF_PARTY = re.compile(_NAME + r"(?:,\s+(?:the\s+)?(?:\d{4}\s+)?(?:[\w-]+\s+){0,2}?(?:nominee|candidate|leader|chair(?:man|woman)?|head|founder|MP)\s+|"
                       r"\s+(?:has been\s+|was\s+|is\s+)?(?:re-?elected|elected|chosen|named)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?"
                       r"(?:leader|chair(?:man|woman)?|head|nominee)\s+|\s+)(?:of|for)\s+(?:the\s+)?$")
# "Donald Trump, the Republican Party presidential nominee", "Boris Johnson elected Conservative leader"
_BEFORE_PARTY = re.compile(_NAME + r"(?:,\s+(?:the\s+)?|\s+(?:has been\s+|was\s+|is\s+)?(?:re-?elected|elected|chosen|named)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?)$")
_AFTER_ROLE = re.compile(r"(?:'s|\u2019s)?\s+(?:(?:presidential|party|new|deputy)\s+)*(?:nominee|candidate|leader|chair(?:man|woman)?)\b")
# "Opposition leader Jeremy Corbyn said his Labour Party", "Yvette Cooper said her party"
_HIS_PARTY = re.compile(_NAME + r"\s+(?:said|says|added|stressed)\s+(?:that\s+)?(?:his|her)\s+$")
# "David Wu (D-OR)", "John Conyers (D-MI)"
_US_MEMBER = re.compile(_NAME + r"\s+\((D|R)-[A-Z]{2}\)")
_US_LETTER = {"D": "Democratic Party", "R": "Republican Party"}
# "The head of the UN refugee agency, John Ging,": he speaks for the agency from then on
_HEAD_OF = re.compile(r"\b(?:[Hh]ead|[Cc]hief|[Dd]irector|[Ss]pokes(?:man|woman|person)|[Cc]ommissioner|[Ee]nvoy|[Cc]oordinator)\s+(?:of|for|at)\s+(?:the\s+)?$")
_NAME_AFTER = re.compile(r",\s+" + _NAME + r",")
_CAMPAIGN = re.compile(r"\s+campaign\b")
_OWN_CAMPAIGN = re.compile(r"(?:^|[,;]\s+|\band\s+)(?:[Hh]is|[Hh]er) campaign(?=\s+[a-z]+(?:ed|s)\b)")  # "and his campaign called for", not "on his campaign website"


@cache
def _adjectives() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {k: v for k, v in actor_data()["party_adjectives"].items() if not k.startswith("_")}
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?=(?:'s|\u2019s)?\s)"), words


def _parties_in(sentence: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """Spans that name a party or movement: a mention, or a party adjective ("Democratic", "Labour")."""
    spans = [(m.start, m.end, m.actor) for m in mentions if m.kind == MOVEMENT]
    pattern, words = _adjectives()
    for match in pattern.finditer(sentence):
        if not any(s <= match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), words[match.group(1)]))
    return spans


def _state_titled(sentence: str, start: int) -> bool:
    """A state office right before the name: "President Donald Trump", "Prime Minister Theresa May"."""
    gaz = gazetteer()
    words = re.findall(r"[A-Za-z.-]+", sentence[max(0, start - 40):start])[-3:]
    if words and words[-1].lower() in ("former", "ex-", "late") or any(w.lower() == "shadow" for w in words):
        return False  # "former President", "Shadow Home Secretary": no office held
    for n in (3, 2, 1):
        tail = " ".join(words[-n:]).lower().rstrip(".") if len(words) >= n else ""
        if tail and tail in gaz.titles and not _PARTY_ROLE.search(tail) and tail not in ("senator", "sen", "representative", "rep"):
            return not (len(words) > n and words[-n - 1].lower() in ("former", "ex-", "late", "then"))
    return False


def _affiliate(name: str, party: str, memory: ArticleMemory, role: bool = False) -> None:
    """Strip a title off the name first: "President Donald Trump, the Republican Party nominee" holds a state office
    (not so the end of a party role: "Labour's Shadow Home Secretary Yvette Cooper")."""
    gaz = gazetteer()
    words = name.split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in gaz.titles or words[0].lower() in ("former", "then")):
        if not role and words[0].lower() not in ("former", "then") and words[0].lower().rstrip(".") not in ("senator", "sen", "representative", "rep"):
            memory.hold_office(" ".join(words[1:]))
        words.pop(0)
    if len(words) >= 1 and words[0] not in gaz.surfaces or gaz.surfaces.get(words[0], ("", ""))[1] == PERSON:
        memory.affiliate(" ".join(words), party)


def learn_parties(sentence: str, mentions: list[Mention], memory: ArticleMemory) -> None:
    """Note who the article names as a party's nominee, leader or MP, and who holds a state office."""
    for m in mentions:
        if m.kind == PERSON and _state_titled(sentence, m.start):
            memory.hold_office(m.text)
    for start, end, party in _parties_in(sentence, mentions):
        role = _ROLE.match(sentence, end)
        if role and _PARTY_ROLE.search(role.group(1)) and not _state_titled(sentence, role.start(2)):
            _affiliate(role.group(2), party, memory, role=True)
            continue
        before = sentence[max(0, start - 120):start]  # a name and its role just before the party
        named = _OF_PARTY.search(before) or (_BEFORE_PARTY.search(before) if _AFTER_ROLE.match(sentence, end) else None) \
            or _HIS_PARTY.search(before)
        if named and named.group(1).split()[0] not in ("The", "A", "An", "In", "On", "While", "But"):
            _affiliate(named.group(1), party, memory)
    for m in mentions:
        if m.kind == ORG and _HEAD_OF.search(sentence, max(0, m.start - 40), m.start):
            named = _NAME_AFTER.match(sentence, m.end)
            if named and not any(x.start == named.start(1) for x in mentions):
                _affiliate(named.group(1), m.actor, memory)  # "The head of the UN Palestinian refugee agency, John Ging, said"
    for match in _US_MEMBER.finditer(sentence) if "(D-" in sentence or "(R-" in sentence else ():
        _affiliate(match.group(1), _US_LETTER[match.group(2)], memory)


def speaking_for_parties(sentence: str, refs: list[Ref], memory: ArticleMemory) -> list[Ref]:
    """A person the article names as a party's nominee or leader speaks for the party, unless he holds a state office;
    "the Trump campaign" is the party's even then."""
    if not memory.parties:
        return refs
    result = []
    own = _OWN_CAMPAIGN.search(sentence)
    party = memory.party_of(memory.last_speaker, campaign=True) if own and memory.last_speaker else ""
    if party and not any(r.start <= own.start() < r.end for r in refs):
        refs = sorted([*refs, Ref(own.start(), own.end(), (party,), "generic")], key=lambda r: r.start)  # "his campaign called for"
    for ref in refs:
        if ref.kind == PERSON and ref.person:
            party = memory.party_of(ref.person, campaign=bool(_CAMPAIGN.match(sentence, ref.end)))
            if party:
                ref = Ref(ref.start, ref.end, (party,), ref.kind, ref.person)
        result.append(ref)
    return result

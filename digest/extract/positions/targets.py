"""Toward whom or what a stance is taken: the object actor, the actor behind "the decision", or an issue phrase."""

from __future__ import annotations

import re

from digest.extract.actors import (
    CAPITAL,
    DEMONYM,
    METONYM,
    PERSON,
    gazetteer,
)
from digest.extract.positions.memory import ArticleMemory
from digest.extract.positions.nominal import NOUNS
from digest.extract.positions.sentence import (
    NP_WORDS,
    TITLE_OF,
    Ref,
    can_be_subject,
    coordinated,
    issue_phrase,
    relative_clauses,
    sentence_mentions,
)
from digest.extract.rules import load_rules
from digest.model import Position

_VOCAB = load_rules("position_vocab")

_BETWEEN = re.compile(r"\b(?:(?:(?:deal|agreement|accord|pact|truce|ceasefire|hotline|mechanism|treaty|channel|meeting|summit|call|"
                      r"conversation)s?|talks|memorand(?:um|a)|signed)\b[^.;]{0,60}?\bbetween|(?:trilateral|quadrilateral|tripartite|three-way|four-way) "
                      r"(?:meeting|summit|talks)s? of)\b", re.I)

ANTECEDENT_NOUN = re.compile(r"\b(?:the|a|an|any|its|their|his|her|this|that)\s+((?:[\w'-]+\s+){0,4}?[\w'-]+)(?:\s*,)?\s+(?:that\s+|which\s+)?$")

_DOCUMENT = re.compile(r"(?:-[a-z]+)?\s+(?:[A-Z][\w-]+\s+){0,2}(?:resolution|draft|text|clause|motion|bill|amendment)s?\b")

_THING_BEFORE = re.compile(r"^\s*(?:(?:to|in|from|on|with|of)\s+)?(?:(?:the|a|an|any|its|their|this|that|these|those)\s+)?"
                           r"(?:[\w'-]+\s+){0,4}?(treaty|deal|accord|agreement|sanctions|embargo|contract|resolution|warrant|"
                           r"talks|negotiations|escorts|tariffs|duties)\b", re.I)

_ACCORDS = _VOCAB.words("accords")

_MEET_OBJECT = re.compile(r"^\s*(?:with\s+|to\s+)?(?:(?:the|his|her|their|its|a)\s+)?(?:(?!(?:in|on|at|about|over|of)\b)[\w-]+\s+){0,3}?$"
                          # "met on Monday with", "meets in Damascus with", "met separately in Doha, Qatar, with": the counterpart after "with"
                          r"|^\s*(?:(?:(?:on|in|at|last|this|next|earlier|later)\s+)?(?:[A-Z][\w'-]+|today|yesterday|week|month|separately|again|"
                          r"briefly|privately|twice|once|later|earlier|virtually|online)(?:,\s*|\s+)){1,4}with\s+(?:(?:the|his|her|their|its|a)\s+)?"
                          r"(?:(?!(?:in|on|at|about|over|of)\b)[\w-]+\s+){0,3}?$")

ADJUNCT_ONLY = re.compile(r"(?:\s*(?:since|until|in|on|last|this|earlier|for)\s+(?:the\s+|a\s+)?(?:[\w-]+\s*){1,2}?)?[\s,.;:\"\u201d]*")  # "pushed for since the spring"

_MILITARY = _VOCAB.words("military_words")

_NOT_TARGET = re.compile(r"\b(?:of|in|from|over|under|near|into|across|inside|outside|including|like|between|toward|towards)\s+(?:the\s+)?(?:[a-z]+\s+)?$")

_ANAPHORIC = _VOCAB.words("anaphoric")

_ACTION_NOUNS = _VOCAB.words("action_nouns")

_SUSPENDED = re.compile(r"(?:suspend|froze|freez|withdr|pull)\w*\s.*?\b((?:(?!(?:the|a|an|its|their|his|her)\s)[a-z]+\s+)?(?:deals?|accords?|agreements?|treat(?:y|ies)))$", re.I)

_AUTHORED = _VOCAB.words("authored")

_ACCUSATIONS = _VOCAB.words("accusations")

_NOUN_STANCE = {w: r.attrs["stance"] for r in load_rules("position_nouns").select(kind="refers") for w in r.words}

_SELF = _VOCAB.words("self_reference")

_CALLS_FOR = re.compile(r"\s*(?:the\s+|international\s+|repeated\s+)*(?:calls?|demands?|requests?|appeals?|pressure|pleas?)\s+(?:for|to)\s+(.+)", re.I)

_THAT_CLAUSE = re.compile(r"\s*(?:\w+\s+){0,2}?that\s+((?:[\w'\u2019-]+\s+){1,5}?)(?:(?:had|has|have|was|were|is|are|would|will|could|"
                          r"did|been|ever|never|not)\s+)*(?:[a-z]+(?:ed|ing)|sought|sent|made|gave|took|built|shot|fought|hit|"
                          r"led|held|struck|sold|bought|broke|stole|ran|knew)\b(.*)")


def object_targets(sentence: str, refs: list[Ref], end: int, window_end: int, actors: tuple[str, ...], stance: str,
             text: str = "") -> list[str]:
    if stance == "reject" and _SUSPENDED.match(text):
        return []  # "suspended a treaty that governs ... with Pakistan": the treaty
    if re.match(r"\s*(?:(?:the|any|a|an)\s+)?[a-z]+ing\b", sentence[end:window_end]) and stance in ("deny", "reject"):
        return []  # "denied supplying the Houthis", "opposed turning it into ...": an issue, not an actor
    inside = [i for i, r in enumerate(refs) if end <= r.start < window_end and r.kind != "pronoun"
              and not (set(r.actors) & set(actors))]
    inside = [i for i in inside if refs[i].kind == PERSON or not _NOT_TARGET.search(sentence[max(0, refs[i].start - 12):refs[i].start])
              or TITLE_OF.search(sentence, max(0, refs[i].start - 30), refs[i].start)
              or stance == "meet" and refs[i].start - end <= 1  # "continue his tour in Niger": the cue's own preposition
              or stance == "demand" and re.search(r"\bfrom\s+(?:the\s+)?$", sentence[max(0, refs[i].start - 12):refs[i].start])]  # "met with the President of Korea"
    if stance in ("meet", "agree"):
        inside = [i for i in inside if _MEET_OBJECT.match(sentence[end:refs[i].start])
                  or len(sentence[end:refs[i].start].split()) <= 5 and TITLE_OF.search(sentence[end:refs[i].start])
                  or stance == "agree" and re.search(r"\bwith\s+(?:the\s+)?$", sentence[end:refs[i].start])]
    if not inside:
        return []
    first = refs[inside[0]]
    if re.search(r"\b(?:drafted|proposed|tabled|submitted|sponsored|written|put forward|circulated)\s+by\s+(?:the\s+)?$", sentence[end:first.start]):
        return []  # "rejected a paragraph drafted by the EU": the paragraph, not its authors
    obj = re.match(r"\s*(?:on\s+|upon\s+)?((?:[\w'-]+\s+){1,3}?)to\s+\w", sentence[end:first.start])
    if stance == "demand" and obj and re.match(r"(?:urg|call|press|ask|appeal|expect)", text, re.I) and not re.search(r"\b(?:the|a|an)\s*$", obj.group(1)) \
            and not re.search(r"\bfor\s*$", text):
        return []  # "urged all parties to ...", "called on Western allies to ...": the addressee is the target
    thing = _THING_BEFORE.search(sentence[end:first.start])
    if stance in ("reject", "support") and thing and not re.search(r"\bby\s+(?:the\s+)?$", sentence[end + thing.end():first.start]):
        return [thing.group(1).lower()]  # "opposed any new sanctions on North Korea": the sanctions
    if stance != "meet" and _DOCUMENT.match(sentence[first.end:]):
        return []  # "vetoed a British-drafted resolution": the resolution, not Britain
    modifier = re.match(r"(?:-[A-Z]\w+)?\s+([a-z][\w-]*)", sentence[first.end:])
    if stance in ("support", "reject", "criticize") and first.kind in (METONYM, CAPITAL) and modifier \
            and modifier.group(1) in ("deal", "talks", "process", "agreement", "accord", "summit", "declaration", "plan"):
        return []  # "welcomed the Washington deal": a place names the deal
    if stance in ("support", "offer", "agree") and first.kind == DEMONYM and modifier \
            and modifier.group(1) not in NP_WORDS | _MILITARY and modifier.group(1) not in gazetteer().titles \
            and modifier.group(1) not in NOUNS:
        return []  # "support a Saudi-Iranian dialogue": the dialogue, not Saudi Arabia
    group = [r for r in coordinated(refs, inside[0], sentence, leftward=False) if r.start < window_end]
    return list(dict.fromkeys(a for r in group for a in _person_or_actors(r, actors) if a not in actors))


def _person_or_actors(ref: Ref, holders: tuple[str, ...]) -> tuple[str, ...]:
    """A candidate is the target by name ("accused Biden", "the Trump campaign criticized Biden"), and so is anybody
    a party aims at: a stance between parties and candidates is about the person, not his state."""
    canon = gazetteer().canonical_names
    if ref.kind == PERSON and ref.person and (any(a not in canon for a in ref.actors) or any(h not in canon for h in holders)):
        return (ref.person,)
    return ref.actors


def fallback_target(sentence: str, refs: list[Ref], end: int, window_end: int, actors: tuple[str, ...],
                     stance: str, memory: ArticleMemory, text_of_cue: str = "") -> str:
    if re.match(r"\s*(?:to\s+)?mediat(?:e|ing)\b", sentence[end:window_end]):
        return "mediation"
    phrase = issue_phrase(sentence[end:window_end])
    phrase = memory.acronyms.get(phrase, phrase)  # "join SACN": the South American Community of Nations
    head = phrase.split()[-1].lower() if phrase else ""
    first = phrase.split()[0].lower() if phrase else ""
    definite = re.match(r"\s*(?:(?:over|about|for|of|on|at|to|against|with)\s+)?(?:the|this|that|these|those|its|their|his|her|such)\s",
                        sentence[end:window_end], re.I)
    hosting = re.match(r"\s*(?:to\s+)?(?:host|organi[sz]e|arrange|convene)\s+(.*)", sentence[end:window_end])
    if hosting:
        return issue_phrase(hosting.group(1))  # "offered to host talks between A and B": the talks
    if re.match(r"\s*(?:it|them|this|that)\b", sentence[end:window_end]) \
            or stance == "deny" and re.match(r"\s*(?:on\s+|in\s+|last\s+)?(?:[A-Z][a-z]+|week|month|night)\s+that\b", sentence[end:window_end]):
        phrase = ""  # "denied on Saturday that ...": a that-clause, not an issue phrase
    suspended = _SUSPENDED.match(text_of_cue) if stance == "reject" else None
    if suspended:
        return suspended.group(1).lower()
    called = _CALLS_FOR.match(sentence, end, window_end) if stance == "reject" else None
    if called and issue_phrase(called.group(1)):
        return issue_phrase(called.group(1))  # "rejected calls for a ceasefire": the ceasefire
    claimant = [r for r in refs if end <= r.start <= end + 5 and r.kind not in ("pronoun", DEMONYM) and r.actors[0] not in actors
                and re.match(r"(?:'s|\u2019s)?\s+(?:(?:[A-Z][\w-]+|[a-z]+)\s+){0,2}(?:claims?|accusations?|allegations?|charges?|reports?)\b", sentence[r.end:])]
    if stance in ("deny", "reject") and claimant:
        return claimant[0].actors[0]  # "denied Israel Defense Forces claims that ...": Israel's claims
    if stance in ("deny", "reject") and (not phrase and stance == "deny" or first in _ACCUSATIONS or head in _ACCUSATIONS
                                         or stance == "deny" and head in ("involvement", "role", "responsibility")):
        accuser = memory.accusers.get(actors[0])
        if accuser:
            return accuser
        clause = re.split(r"[,;.]|\band\s+(?:said|says|added|told|called|urged|accused|warned)\b", sentence[end:])[0]
        about = re.match(r"\s*(?:\w+\s+){0,2}?that\s+.*?\b(?:any|an?)\s+(?!(?:\w+\s+)?(?:of|that)\b)(.+)", clause) if stance == "deny" else None
        if about and issue_phrase(about.group(1)):
            return issue_phrase(about.group(1))
        if stance == "deny" and not phrase:
            return _denied_content(clause, actors) or "accusations"  # "Moscow denies that": the claim of people who are not actors
    if stance in ("support", "criticize", "reject") and head in _ACCORDS:
        return phrase
    thing = _THING_BEFORE.match(sentence[end:window_end])
    if stance in ("reject", "support") and thing and phrase and not definite:
        return thing.group(1).lower()  # "would not join any trilateral arms-control negotiations": the negotiations  # "welcomed the deal": the deal itself, whoever signed it
    if not phrase or definite and (first in _ANAPHORIC or len(phrase.split()) <= 2 and head in _ANAPHORIC
                                   or stance in ("criticize", "reject") and phrase.lower() in _AUTHORED):
        clauses = [(c, e) for c, _p, e in relative_clauses(sentence) if not c <= end < e]
        earlier = [r.actors[0] for r in refs if r.kind not in ("pronoun", "generic") and r.end <= end and r.actors[0] not in actors
                   and not any(c <= r.start < e for c, e in clauses)]
        if earlier:
            return earlier[0]  # "If Syria makes a request, we will study the request"
        for word in [w for w in (head, first) if w in _ACTION_NOUNS]:
            for text, agent in reversed(memory.history):
                verb = re.search(r"\b" + re.escape(word[:5] if len(word) > 6 else word[:4]), text, re.I)
                if not verb or re.search(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?$", text[:verb.start()], re.I):
                    continue  # "denounced the drills" refers back too: look further
                before = [m.actor for m in sentence_mentions(text) if m.end <= verb.start() and m.actor not in actors
                          and m.kind != DEMONYM and verb.start() - m.end <= 60]
                if before or agent and agent not in actors:
                    return before[-1] if before else agent  # "condemned the execution": whoever executed, as last reported
        for word in (first, head):
            holder = memory.last_by_stance.get(_NOUN_STANCE.get(word, ""), "")
            if holder and holder not in actors:
                return holder
        salient = memory.salient_actor(actors)
        if salient:
            return salient
    if stance == "offer" and phrase.lower() in ("talk", "talks", "negotiate", "engage", "discuss"):
        return memory.salient_actor(actors) or phrase  # "ready to talk": with the other side of the story
    if stance == "reject" and (not phrase or phrase[:1].isdigit()):
        held = re.search(r"(deal|accord|agreement|treaty|talks|negotiations|cooperation|ties|relations)$", text_of_cue)
        if held:
            return held.group(1)  # "withdrew from the deal in 2018": the deal
    aimed = [r.actors[0] for r in refs if stance == "threaten" and end <= r.start < window_end and r.kind not in ("pronoun", DEMONYM)
             and r.actors[0] not in actors and re.search(r"\b(?:inside|against|on|in)\s+(?:the\s+)?$", sentence[end:r.start])]
    if aimed and not definite:
        return aimed[0]  # "threatened to carry out more attacks inside Turkey": Turkey
    if stance == "threaten" and first in ("retaliate", "respond", "act", "strike", "hit"):
        return memory.salient_actor(actors) or phrase  # "threatened to retaliate": against the other side of the story
    return phrase


def _denied_content(clause: str, actors: tuple[str, ...]) -> str:
    """What a that-clause denies: its object ("denied that police had used excessive force"), else its subject
    ("denied that its regular troops are fighting"), unless the subject is the denier itself."""
    match = _THAT_CLAUSE.match(clause)
    if not match:
        return ""
    rest = match.group(2)
    if not re.match(r"\s*(?:to|in|into|on|at|from|over|across|with|by|for|against|near|inside|any|that|as|since|after|before)\b", rest):
        obj = issue_phrase(rest)
        if obj:
            return obj
    subject = match.group(1).strip()
    mentions = {m.actor for m in sentence_mentions(subject)}
    if subject.lower() in _SELF or mentions & set(actors) or re.match(r"(?:its|their|his|her)\s+(?:own\s+)?(?:government|country)\b", subject):
        return ""
    return issue_phrase(subject)


def between_pair(sentence: str, refs: list[Ref], start: int, end: int) -> list[str]:
    match = _BETWEEN.search(sentence, max(0, start - 60), end)
    return _parties(sentence, refs, match.start(), match.end())[0] if match else []


def _parties(sentence: str, refs: list[Ref], match_start: int, match_end: int) -> tuple[list[str], int]:
    """The actors named right after "between" (which ends at `match_end`), and where the last of them ends."""
    after = [i for i, r in enumerate(refs) if r.start >= match_end and r.kind != "pronoun"
             and not re.search(r"\b(?:in|at|near|inside|outside|across|from)\s+(?:the\s+)?$", sentence[max(0, r.start - 12):r.start])]
    if not after:
        return [], match_end
    first = after[0]
    owner = re.match(r"\s*(?:its|their)\s+[\w\s-]{1,40}?\s+and\s+(?:the\s+)?$", sentence[match_end:refs[first].start])
    subject = [r for r in refs if r.end <= match_start and r.kind != "pronoun" and can_be_subject(sentence, r)]
    if owner and subject and subject[0].actors[0] not in refs[first].actors:
        return [subject[0].actors[0], refs[first].actors[0]], refs[first].end  # "a hotline between its command and the Israeli air force"
    group = coordinated(refs, first, sentence, leftward=False)
    if len(group) < 2:
        second = [i for i in after[1:] if re.match(r"^[^,;]{0,60}\band\b", sentence[refs[first].end:refs[i].start])]
        if second:
            group = [refs[first], refs[second[0]]]
    cut = next((k for k in range(1, len(group)) if re.search(r"\bbetween\b", sentence[group[k - 1].end:group[k].start])), len(group))
    names = list(dict.fromkeys(a for r in group[:cut] for a in r.actors))  # "A and B and between C and D": A and B only
    return (names, group[cut - 1].end) if len(names) > 1 else ([], match_end)


def between_groups(sentence: str, refs: list[Ref], start: int, end: int) -> list[list[str]]:
    """The parties of "a deal between A and B", and of each further "and between C and D" ("deals between Israel
    and Bahrain and between Serbia and Kosovo": two pairs, not one foursome)."""
    match = _BETWEEN.search(sentence, max(0, start - 60), end)
    names, last = _parties(sentence, refs, match.start(), match.end()) if match else ([], 0)
    hub = re.match(r"(?:deals|agreements|accords|treaties|pacts)\b", match.group(0), re.I) if match else None
    first_link = re.search(r"\bbetween\s+(?:the\s+)?[^,;]*?\band\s+[^,;]*,", sentence[match.start():last]) if hub else None
    if hub and first_link and len(names) >= 3:
        return [[names[0], other] for other in names[1:]]  # "deals between Israel and the UAE, Bahrain, and Kosovo": Israel with each
    groups: list[list[str]] = []
    while names:
        groups.append(names)
        more = re.match(r",?\s+and\s+between\b", sentence[last:])
        names, last = _parties(sentence, refs, last, last + more.end()) if more else ([], 0)
    return groups


def fill_targets(records: list[Position]) -> None:
    """A stance left without an actor target borrows the one named by another stance in the sentence."""
    canon = gazetteer().canonical_names
    named = [p.target for p in records if p.target and p.target in canon]
    for p in records:
        if named and (not p.target or p.stance == "threaten" and p.target not in canon):
            p.target = next((t for t in named if t != p.actor), p.target)

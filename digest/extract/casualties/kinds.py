"""Kinds: which of killed, injured, missing, displaced, arrested or abducted a number phrase
counts, from the trigger entries in digest/data/casualty_triggers.toml: a verb or tally before the
number ("killing 12", "the number of detainees at 87") or a verb after its noun phrase ("12 people
were killed", "200 men from the town disappeared").
"""

from __future__ import annotations

import re

from digest.extract.casualties.guards import HYPOTHETICAL_VERB, MODAL, NEGATED, OBJECT_AFTER
from digest.extract.casualties.phrases import APPOSITIVE, BREAKDOWN_LEAD, LIST_APPOSED, Phrase
from digest.extract.casualties.vocabulary import (
    AUX,
    GAP,
    TALLY_NOUNS,
    TOLL,
    TRIGGER_AFTER,
    TRIGGERS_AFTER,
    VEHICLES,
    VERBS_BEFORE,
    WINDOW,
    is_people,
    trigger_kind,
)

_TALLY_VERB = (r"(?:at|to|of|as\s+high\s+as|reached|reaches|hit|hits|is|was|passed|passes|exceeded|exceeds|topped|tops|surpassed"
               r"|surpasses|neared|nears|stands\s+at|stood\s+at)")
_TREND_VERB = (r"(?:(?:fell|falls|rose|rises|dropped|drops|declined|climbed|climbs|increased|jumped|jumps|grew|grows|rising"
               r"|climbing)\s+(?:to|from)|(?:passed|passing|surpassed|surpassing|exceeded|exceeding|topped|topping|neared|nearing)\b)")
_OBJECT_LIST = (r"(?:\s+(?:the|a|an|his|her|their|its|both)\s+(?:[\w'\u2019-]+\s+){0,4}and|\s+(?:him|her|them)sel(?:f|ves)\s+and|\s+(?:[\d,.]+|two|three|four|five|six|seven|eight|nine|ten|several|dozens\s+of)\s+(?:[\w-]+\s+)?"
                r"(?:villages|towns|hamlets|communities|neighbou?rhoods|districts|homes|houses|buildings|islands|ships|vessels|boats)\s+and)?")
_ACTIVE_BEFORE = [(kind, re.compile(rf"\b(?:{verbs}){_OBJECT_LIST}{GAP}$", re.I)) for kind, verbs in VERBS_BEFORE] + [
    ("killed", re.compile(rf"\b{TOLL}{GAP}$", re.I))] + [
    (kind, re.compile(rf"(?:\b(?:number|tally|count|total)\s+of\s+(?:[\w'\u2019-]+\s+)?(?:{nouns})\b"
                      rf"(?:\s+[\w'\u2019-]+){{0,18}}?\s+{_TALLY_VERB}|\b(?:{nouns})\b(?:\s+[\w'\u2019-]+){{0,10}}?\s+"
                      rf"{_TREND_VERB}|\b(?:among\s+)?(?:the|those)\s+(?:confirmed\s+|reported\s+|known\s+)?(?:{nouns})\s+"
                      rf"(?:were|was|are|is|included|include|includes|numbered|number|totalled|totaled)){GAP}$", re.I))
    for kind, nouns in TALLY_NOUNS
]
# people moved to safety by others: "Authorities moved 3,000 people to shelters" (not "moved 40 patients to a hospital")
_MOVED_BEFORE = re.compile(rf"\b(?:moved|moving|relocated|relocating|bused|bussed|ferried|transferred|brought|took|taken|evacuated){GAP}$", re.I)
_TO_SAFETY = re.compile(r"\s+(?:from\s+(?:[\w'\u2019-]+\s+){1,4}?)?to\s+(?:(?:the|a|an|nearby|several|temporary|emergency|makeshift)\s+)*"
                        r"(?:(?:[\w-]+\s+){0,2}?(?:shelters?|evacuation\s+cent(?:re|er)s|relief\s+camps?|refugee\s+camps?|camps\s+for\s+the\s+displaced)"
                        r"|safety|safer\s+(?:areas?|ground|places?|locations?)|higher\s+ground)\b", re.I)
_TAKEN_BEFORE = re.compile(rf"\b(?:taken|took|take|taking|holding|held|hold|holds|keeping|kept){GAP}$", re.I)
# "users in 38 countries", "20 employees for the Iran-based newspaper Kalameh Sabz", "attached to a United Nations (UN) project"
_PP = (r"\s+(?:from|in|at|of|aboard|on\s+board|onboard|on|inside|near|across|along|around|throughout|for|with|attached\s+to)\s+"
       r"(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+(?:\([A-Z]{2,}\)\s+)?){0,3}?[A-Za-z\d][\w'-]*")
_PEOPLE_PP = re.compile(rf"^(?:{_PP}){{1,2}}?(?=\s+{AUX}(?:{'|'.join(t for _, t in TRIGGERS_AFTER)})\b)", re.I)
# ... or before a breakdown: "12 members of an extended family, including seven young children, were killed"
_PP_COMMA = re.compile(rf"^(?:{_PP}){{1,2}}?(?=\s*,)", re.I)
# ages between commas: "his two half-brothers, 17 and 22, were also arrested"
_AGES_APPOSED = re.compile(r"^\s*,\s*(?:aged\s+)?\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*\s*,"
                           r"|^\s+aged\s+\d{1,2}(?:\s*(?:,|and|&|to|-)\s*\d{1,2})*(?=\s)", re.I)  # "Two men aged 34 and 29 were"
# a prepositional or quantifying aside between commas: "The two climbers, from Australia and England, died"
_PP_APPOSED = re.compile(r"^\s*,\s*(?:from|of|in|at|both|all|each|most|mostly)\s[^,;.\d()]{1,60}?,\s*", re.I)
# a relative clause between commas: "25 staff of the provincial council, which runs the capital, died"
_RELATIVE_APPOSED = re.compile(r"^\s*,\s*(?:which|who|whose|where)\s[^,;.()\d]{1,80}?,\s*", re.I)
# an aside between dashes: "three young men - all cousins - died" (no number inside)
_DASH_ASIDE = re.compile(r"^\s+(?:-|--|\u2013|\u2014)\s+[^\d\-\u2013\u2014,;.]{1,40}?\s+(?:-|--|\u2013|\u2014)\s+")
_CONJUNCT = re.compile(r"^\s+and\s+(?:(?:[A-Za-z][\w'-]*|\d[\d,.]*)\s+){0,2}?(?P<head>[A-Za-z][\w'-]*)"
                       r"(?=\s+(?:were|was|have|had|are)\b)")
_TRANSITIVE = re.compile(
    r"^(?:(?:shot|stabbed|beaten|attacked)\s+and\s+)?(?:killed|shot\s+dead|(?:fatally|mortally)\s+(?:shot|stabbed|wounded|injured|struck|beaten)|murdered|massacred|beheaded|executed|"
    r"wounded|injured|hurt|maimed|evacuated|displaced|arrested|detained|jailed|imprisoned|held|kidnapped|abducted)$",
    re.I,
)
# a bare number's passengers: "All 189 on the aircraft died"
_VEHICLE_PP = re.compile(rf"^\s+(?:on(?:\s+board)?|aboard|onboard|in)\s+(?:the|a|an|that|this|their)\s+(?:[\w'-]+\s+){{0,2}}?"
                         rf"(?:{'|'.join(sorted(VEHICLES))})s?\b", re.I)
_APPOSED = re.compile(r"^\s*,\s*")  # "two thirds of those infected, over 1800 people, have died"
_DASH_CLOSE = re.compile(r"^\s*(?:\u2014|\u2013|--)\s+")  # the end of a list set off by dashes
_DASH_OPEN = re.compile(r"\s(?:\u2014|\u2013|--)\s(?!.*\s(?:\u2014|\u2013|--)\s)")


def _dash_listed(before: str) -> bool:
    """The phrase ends a list opened by a dash ("All on board — the pilot, his son and seven others"),
    not a clause inside it ("Chohan – an immigrant who leaves behind two grandchildren – died")."""
    opened = _DASH_OPEN.search(before)
    span = before[opened.end():] if opened else ""
    return bool(opened and re.search(r"(?:,|\band)\s*$", span)
                and not re.search(r"\b(?:who|whom|whose|which|that)\b", span, re.I))
_ABOARD = re.compile(r"^\s+(?:aboard|on\s+board|onboard|on\s+the\s+ground|in\s+total|in\s+all|altogether)\b", re.I)
# A clause between the people and their verb: "two passengers who tried to flee were shot dead".
# (a place list may sit inside it: "that were reported missing in an explosion in Singidi, Balochistan, Pakistan, are found dead")
_POSTMODIFIER = re.compile(r"^\s*,?\s+(?:who|that|[a-z]+ing|suspected\s+of|accused\s+of|wanted\s+for|believed\s+to\s+have|involved\s+in)"
                           r"\s+(?:(?-i:[A-Z][\w'\u2019-]*),\s+|[\w'\u2019-]+\s+){0,15}?[\w'\u2019-]+,?\s+"
                           r"(?=(?:were|was|had|have|are|is)\s|(?:died|perished|drowned|disappeared|vanished)\b)", re.I)
_ASIDE = re.compile(r"^(?P<aux>\s+(?:was|were|is|are|had|have|has)(?:\s+been)?)\s*,\s*(?:according\s+to\s+[^,]{1,60}|"
                    r"[^,]{1,40}?\s+(?:said|says|reported))\s*,", re.I)
# an aside on who they were: "1,300 Palestinians, the majority being civilians, died", "most of them children"
_MAKEUP_LEAD = re.compile(r"^(?:most|many|mostly|mainly|largely|predominantly|chiefly|all|not|(?:almost|nearly)\s+all"
                          r"|(?:the|a)\s+(?:vast\s+|large\s+|great\s+)?(?:majority|bulk))\b", re.I)
# the people named one by one: "Two journalists, a reporter for Radio Shabelle and a cameraman with al-Arabia TV, were",
# "two aid workers, Giulia Ferri and Marco Bellini, were kidnapped"
_LISTED_PEOPLE = re.compile(r"^(?:(?:an?|one|the)\s+(?:[\w'-]+\s+){0,5}?and\s+(?:an?|one|the|his|her|their)\s+"
                            r"|(?-i:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}\s+and\s+[A-Z]))(?!.*\b(?:said|says|told|reported)\b)", re.I)
_RELATIVE = re.compile(r"(?:who|that|which)\b", re.I)  # a relative clause: its main verb comes after it
# a participle that only describes the people, then their main verb: "the men kidnapped had been wounded"
# ... also after a short phrase of the event: "Two of the five guards wounded in the riot died in hospital"
_EVENT_PHRASE = r"\s+(?:by|in|at|on|during|when|while|after)\s+(?:[\w'\u2019-]+\s+){0,5}?"
_MAIN_AFTER_PARTICIPLE = re.compile(rf"(?:{_EVENT_PHRASE}[\w'\u2019-]+)?"
                                    r"\s+(?=(?:had|has|have|was|were|are|is)\s|(?:later\s+)?(?:died|perished|succumbed)\b)", re.I)
_COMMA_WHO = re.compile(r"^\s*,\s+(?=(?:who|whom)\s)", re.I)
_DETERMINER_END = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_ADJECTIVE_NOUN = re.compile(r"\s+(?:[A-Z][\w'\u2019-]*\s+){1,2}(?:[a-z][\w'\u2019-]*\s+)?[a-z][\w'\u2019-]*s\b")  # "Swedish journalists"
_PASSIVE_AUX = re.compile(r"\b(?:were|was|are|is|been|be|being|got|left)\b", re.I)


def _skip_aside(sentence: str, offset: int) -> int:
    """Past what may sit between people and their verb when a verb follows it: a place phrase
    before a breakdown, a listed breakdown, ages between commas, an aside between dashes."""
    rest = sentence[offset: offset + WINDOW]
    place = _PP_COMMA.match(rest)
    start = place.end() if place else 0
    appositive = APPOSITIVE.match(rest[start:])
    if place and appositive and BREAKDOWN_LEAD.match(appositive.group("body").strip()):
        end = start + appositive.end()
    else:
        aside = LIST_APPOSED.match(rest[start:]) or _RELATIVE_APPOSED.match(rest[start:]) or \
            (None if place else _AGES_APPOSED.match(rest) or _DASH_ASIDE.match(rest) or _PP_APPOSED.match(rest))
        if not aside:
            return offset
        end = start + aside.end()
    return offset + end if TRIGGER_AFTER.match(rest[end:].lstrip()) else offset


def kind_after(sentence: str, phrase: Phrase) -> tuple[str, int] | None:
    """The kind from the words after the noun phrase ("... had been killed"), and where it ends."""
    rest = sentence[phrase.end: phrase.end + WINDOW]
    appositive = APPOSITIVE.match(rest)
    body = appositive.group("body").strip() if appositive else ""
    if body and (BREAKDOWN_LEAD.match(body) or _MAKEUP_LEAD.match(body) or _LISTED_PEOPLE.match(body)):
        rest_offset = phrase.end + appositive.end()  # "10 people, six of them rebels, were ..."
    else:
        rest_offset = phrase.end
    if phrase.end > phrase.number_end or phrase.head_kind:
        place = _PEOPLE_PP.match(sentence[rest_offset: rest_offset + WINDOW])
        if place:
            rest_offset += place.end()  # "200 men from the town disappeared"
        elif rest_offset == phrase.end:
            rest_offset = _skip_aside(sentence, rest_offset)
    else:
        vehicle = _VEHICLE_PP.match(sentence[rest_offset: rest_offset + WINDOW])
        rest_offset += vehicle.end() if vehicle else 0
    conjunct = _CONJUNCT.match(sentence[rest_offset: rest_offset + WINDOW])
    if conjunct and is_people(conjunct.group("head")):
        rest_offset += conjunct.end()  # "ten civilians and security forces were killed"
    aboard = _ABOARD.match(sentence[rest_offset: rest_offset + WINDOW])
    if aboard:
        rest_offset += aboard.end()  # "62 aboard feared dead"
    rest = sentence[rest_offset: rest_offset + WINDOW]
    # (a bare number between commas is an age: "Mapahai, 35, who fled")
    apposed = _APPOSED.match(rest) if phrase.end > phrase.number_end and sentence[:phrase.start].rstrip().endswith(",") else None
    if apposed and not _RELATIVE.match(rest, apposed.end()) and TRIGGER_AFTER.match(rest[apposed.end():]):
        rest_offset += apposed.end()  # a number phrase set off by commas before its verb
        rest = rest[apposed.end():]
    dash = _DASH_CLOSE.match(rest)
    if dash and _dash_listed(sentence[:phrase.start]) and TRIGGER_AFTER.match(rest[dash.end():]):
        rest_offset += dash.end()  # "All on board — the pilot, his son and seven others — died"
        rest = rest[dash.end():]
    aside = _ASIDE.match(rest)
    if aside:  # "One child was, according to the fire service, among the dead."
        rest = aside.group("aux") + rest[aside.end():]
        rest_offset += aside.end() - len(aside.group("aux"))
    stripped = len(rest) - len(rest.lstrip(" \"\u201d"))
    # A clause between the people and their main verb: "two passengers who tried to flee were shot dead",
    # "25 people fleeing the violence were killed". The main verb wins; else the clause's own verb counts.
    clause = _POSTMODIFIER.match(rest)
    main = TRIGGER_AFTER.match(rest[clause.end():]) if clause else None
    if main and not NEGATED.search(main.group("aux") or ""):
        rest_offset, stripped, match = rest_offset + clause.end(), 0, main
    else:
        match = TRIGGER_AFTER.match(rest[stripped:])
        who = None if match or phrase.end == phrase.number_end else _COMMA_WHO.match(rest)  # (a bare number there is an age)
        if who:  # "The car hit two teenagers, who were injured"
            stripped = who.end()
            match = TRIGGER_AFTER.match(rest[stripped:])
        if not match:
            return None
    kind = trigger_kind(match)
    aux = match.group("aux") or ""
    trigger = match.group("trigger")
    if NEGATED.search(aux) and kind != "missing" or MODAL.search(aux):
        return None
    trigger_end = rest_offset + stripped + match.end()
    if not aux.strip():
        main = _MAIN_AFTER_PARTICIPLE.match(sentence, trigger_end, trigger_end + WINDOW)
        second = TRIGGER_AFTER.match(sentence[main.end(): main.end() + WINDOW]) if main else None
        if second and not NEGATED.search(second.group("aux") or "") and not MODAL.search(second.group("aux") or ""):
            return trigger_kind(second), main.end() + second.end()  # "one of the men kidnapped had been wounded"
    if _TRANSITIVE.match(trigger) and not _PASSIVE_AUX.search(aux) and not _participle_modifier(sentence, phrase, trigger_end):
        if OBJECT_AFTER.match(sentence[trigger_end: trigger_end + WINDOW]):
            return None  # "two gunmen killed 12 people": the number counts the perpetrators
    return kind, trigger_end


def _participle_modifier(sentence: str, phrase: Phrase, trigger_end: int) -> bool:
    """"the two imprisoned Swedish journalists", "the 30 kidnapped Chibok girls": after "the" and a bare
    number the participle describes the people named next; it has no object (no perpetrators here)."""
    return (phrase.end == phrase.number_end and bool(_DETERMINER_END.search(sentence, 0, phrase.start))
            and bool(_ADJECTIVE_NOUN.match(sentence, trigger_end)))


def kind_before(sentence: str, phrase: Phrase) -> str:
    """The kind from the words before the number ("killing 12", "the death toll rose to 57",
    "took 40 people hostage"); "" when there is none or a modal governs it."""
    before = sentence[max(0, phrase.start - 160): phrase.start]
    for index, (kind, pattern) in enumerate(_ACTIVE_BEFORE):
        # verbs sit next to their number; only a tally ("the number of people killed when ...") reaches far
        match = pattern.search(before if index >= len(VERBS_BEFORE) else before[-90:])
        if match:
            verb_start = match.start()
            # an infinitive ("plans to kill 40") reports nothing; a noun after "to" is a preposition's
            # object ("led to the arrest of 40 students")
            if MODAL.search(before[max(0, verb_start - 25): verb_start]) or \
                    re.search(r"\b(?<!went\son\s)(?<!goes\son\s)to\s+$", before[:verb_start]) and \
                    not re.match(r"(?:the|an?)\s", match.group(0), re.I):
                return ""
            return kind
    if HYPOTHETICAL_VERB.search(before.rstrip(" \"")):
        return ""
    if _MOVED_BEFORE.search(before) and _TO_SAFETY.match(sentence, phrase.end):
        return "displaced"  # "Authorities moved 3,000 people to shelters"
    if not _TAKEN_BEFORE.search(before):
        return ""
    after = sentence[phrase.end: phrase.end + WINDOW]
    taken = re.match(r"^\s+(?:there\s+|here\s+|inside\s+)?(prisoners?|hostages?|captives?|into\s+(?:police\s+)?custody"
                     r"|for\s+questioning|in\s+(?:police\s+|military\s+)?(?:custody|detention|jail|prison)|in\s+Guantanamo|at\s+Guantanamo)\b",
                     after, re.I)  # "holding four people for questioning", "held five other men in Guantanamo"
    noun = taken.group(1) if taken else ""
    if not noun and phrase.who.lower() == "prisoners" and re.match(r"^[\"\u201d\u2019']?\s+of\s+war\b", after):
        noun = "prisoners"  # 'holds 11 "prisoners of war"'
    if not noun and phrase.end == phrase.number_end:
        earlier = re.search(r"\b(hostages?|captives?)\b[^.;:]{0,40}$", before, re.I)
        noun = earlier.group(1) if earlier else ""  # "free 6 hostages, still hold at least 20" (prisons hold prisoners)
    if noun:
        return "arrested" if noun.lower().startswith(("prisoner", "into", "for", "in", "at")) else "abducted"  # "took 30 into custody"
    return ""


_TOTAL_OPENING = re.compile(r"\s+of\s+(?:the|those|these|its|their)\s+", re.I)
# after a bare participle of the total, the part's own verb: "the four soldiers killed by friendly fire died"
_PART_VERB_AFTER = re.compile(rf"{_EVENT_PHRASE}(?=(?:died|were|was|are|is|had|have|has)\b)", re.I)


def partitive_total_kind(sentence: str, part: Phrase, total: Phrase) -> str:
    """The kind of a partitive's total when the total has a verb of its own, a relative clause or a
    participle before the part's verb: "Three of the twelve miners that were reported missing ...
    are found dead" (missing 12), "Three of the four soldiers killed by friendly fire died" (killed
    4); not "Twelve of the 40 passengers were killed" (the verb is the part's)."""
    if not _TOTAL_OPENING.fullmatch(sentence, part.number_end, total.start):
        return ""
    rest = sentence[total.end: total.end + WINDOW]
    match = TRIGGER_AFTER.match(rest.lstrip())
    if not match:
        return ""
    aux = match.group("aux") or ""
    if NEGATED.search(aux) or MODAL.search(aux):
        return ""
    if re.match(r"(?:who|that)\s", aux, re.I):
        return trigger_kind(match)
    end = total.end + len(rest) - len(rest.lstrip()) + match.end()
    if not aux.strip() and _PART_VERB_AFTER.match(sentence, end):
        return trigger_kind(match)
    return ""


# "Residents fled by the thousands", "Homeless people huddled together by the thousands": a vague count
# after its verb, or after people named by a kind
_BY_THE = [(kind, re.compile(rf"\b(?:{t})\b(?:\s+(?!by\b)[\w'\u2019-]+){{0,4}}?\s+by\s+the\s+$", re.I))
           for kind, t in TRIGGERS_AFTER if not t.startswith(("among", "the\\s"))]
_KIND_PEOPLE_BY_THE = re.compile(r"\b(?:homeless|displaced)\s+(?:people|families|residents|villagers)\b[^,.;:]{0,40}?\s+by\s+the\s+$", re.I)


def kind_by_the(sentence: str, phrase: Phrase) -> str:
    """The kind of a vague count written "by the thousands" after the people's verb (never a digit count)."""
    before = sentence[max(0, phrase.start - 80): phrase.start]
    if phrase.qualifier != "vague" or not before.lower().endswith("by the "):
        return ""
    if _KIND_PEOPLE_BY_THE.search(before):
        return "displaced"
    clause = re.split(r"[,;:]", before)[-1]
    if MODAL.search(clause) or NEGATED.search(clause):
        return ""
    return next((kind for kind, pattern in _BY_THE if pattern.search(clause)), "")

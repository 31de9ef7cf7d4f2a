"""Actor references in a sentence: gazetteer mentions, learned people, "the army", pronouns, "both sides", merged."""

from __future__ import annotations

import re

from digest.extract.actors import (
    CAPITAL,
    DEMONYM,
    METONYM,
    MOVEMENT,
    ORG,
    PERSON,
    Mention,
    find_collectives,
    gazetteer,
)
from digest.extract.positions.memory import MOVEMENT_NOUNS, ORG_NOUNS, ArticleMemory
from digest.extract.positions.parties import learn_parties, speaking_for_parties
from digest.extract.positions.sentence import (
    GENERIC,
    NP_WORDS,
    Ref,
    coordinated,
    quote_spans,
    sentence_mentions,
    sentence_subject,
)
from digest.extract.scan import Guarded

_PRONOUN = re.compile(r"\b([Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I|(?:his|her|its|their) (?:country|government|nation|administration))\b(?!')")

_DEFINED_ACRONYM = re.compile(r"\b([A-Z][\w'-]+(?: (?:of|for|the|and|on|[A-Z][\w'-]+)){1,7}) \(([A-Z]{2,7})\)")  # "South American Community of Nations (SACN)"

_LED_BY = re.compile(r"\b([A-Z][\w.]+)-led\s+(coalition|alliance)\b")

_BARE_SPOKESMAN = re.compile(r"\s*(?:A|The)\s+(spokes(?:man|woman|person))\s+(?!for\b|of\b|at\b|in\b|to\b)")

_ITS_OFFICIAL = re.compile(r"\s*(?:Its|Their)\s+((?:[a-z-]+\s+){0,2}?(?:minister|spokes(?:man|woman|person)|ambassador|envoy|commissioner|"
                           r"president|chief|secretary|representative|delegation|mission))\b")  # "Its foreign minister said"

_THE_TITLE = re.compile(r"\b[Tt]he (?:(?:caretaker|acting|interim|new) )?(prime minister|president|chancellor|premier|foreign minister|"
                        r"foreign secretary|defen[cs]e minister)\b(?!\s+of\b)(?!\s+(?-i:[A-Z]))", re.I)
_MINISTERS = re.compile(r"\b[Tt]he (?:(?:foreign|defen[cs]e|finance|interior) )?(?:ministers|leaders|delegations)\b")
_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6}

_NUMBERED_GROUP = re.compile(r"\b[Tt]he (three|four|five|six) (?:[A-Z][\w-]+ )?(?:states|countries|governments|nations|juntas|leaders)\b")

_SIDES = re.compile(r"\b(?:both sides|the two sides|both parties|the two parties|the warring (?:sides|parties)|both countries|"
                    r"the two countries|both leaders|the two leaders|the two men|both men|both governments|the two governments|both presidents|the two presidents|both ministers|the two ministers|both delegations|the two delegations|the delegations|either side|either party)\b", re.I)

_NOT_STATE = re.compile(  # "German carmakers", "Palestinian factions", "Russian analysts": not the state
    r"(?:-[a-z]+)?\s+(?:[a-z]+\s+)?(?:carmakers|companies|company|firms?|businesses|banks?|media|newspapers?|press|analysts?|experts?|"
    r"scholars|researchers|citizens|nationals|people|voters|students|tourists|workers|families|doctors|journalists|activists|"
    r"fans|investors|markets|exporters|importers|farmers|opposition|protesters|refugees|migrants|hostages|prisoners|civilians|"
    r"residents|communities|diaspora|clerics|factions|groups|gunmen|tycoons?|oligarchs?|billionaires?|athletes|team|club|"
    r"industry|association|federation|unions|lobby|chamber|partners?|manufacturers?|producers?|bidders?|airlines?|carriers?|operators?|"
    r"suppliers?|buyers?|brands?|products?|goods|technology|engineers|musicians|artists|writers|players|teams?|investigators|"
    r"controllers|union|unionists?|pilots|crew|owners?)\b"
    # a professional body named with the nationality: "the Brazilian Regional Council of Medicine", "the Kenyan Law Society"
    r"|\s+(?:[A-Z][a-z]+\s+){0,2}(?:(?:Council|Order|Association|Federation|Society|Chamber|Academy|College|Bar|Confederation)"
    r"\s+of\s+(?:[A-Z][a-z]+\s+)?(?:Medicine|Physicians|Doctors|Lawyers|Advocates|Engineers|Journalists|Commerce|Industry|Sciences?|"
    r"Workers|Employers|Trade|Bishops)|(?:Law|Medical|Bar|Press)\s+(?:Society|Association|Council|Federation))\b")


# Scanned for in every sentence and rarely there: each is run only where its literal text occurs.
_THE_TITLE, _MINISTERS, _NUMBERED_GROUP, _LED_BY, _SIDES, _GENERIC = (
    Guarded(pattern) for pattern in (_THE_TITLE, _MINISTERS, _NUMBERED_GROUP, _LED_BY, _SIDES, GENERIC))


_FORMER = re.compile(r"\b(?:[Ff]ormer|[Ee]x-|[Rr]etired)\s*\Z")


_ADDRESSED = re.compile(r"\b(?:urged|urges|urging|called on|calls on|calling on|asked|asks|told|tells|pressed|presses|appealed to|appeals to|"
                       r"warned|warns|invited|invites)\s+$", re.I)


def _movement_and_state(memory: ArticleMemory) -> tuple[str, ...]:
    """"The Southern Transitional Council ... is in conflict against the government. Both sides ...": the movement just
    named and the state the story is about."""
    previous = memory.history[-1][0] if memory.history else ""
    named = next((actor for surface, actor in memory.organisations.items() if surface in previous), "")
    state = next((a for a, _ in memory.counts.most_common(1)), "")
    return (named, state) if named and state and state != named else ()


def references(sentence: str, mentions: list[Mention], memory: ArticleMemory, speaker_actor: str) -> list[Ref]:
    """Mentions, learned people, pronouns and generic nouns, merged where they name one actor."""
    learn_parties(sentence, mentions, memory)
    if "(" in sentence:
        for match in _DEFINED_ACRONYM.finditer(sentence):
            memory.acronyms.setdefault(match.group(2), match.group(1))
    speaker = next((m for m in mentions if m.kind == PERSON and m.actor == speaker_actor), None) if speaker_actor else None
    speaker_actor = speaker and memory.party_of(speaker.text) or speaker_actor  # "Corbyn said his Labour Party '... we ...'"
    refs = [Ref(m.start, m.end, (m.actor,), m.kind, m.person) for m in mentions
            if not (m.kind == DEMONYM and (m.text.endswith("s") and not m.text.endswith("ss") or _NOT_STATE.match(sentence[m.end:])))]
    taken = [(m.start, m.end) for m in mentions]
    for start, end, members in find_collectives(sentence):
        if not any(s < end and start < e for s, e in taken):
            refs.append(Ref(start, end, members, "country"))
            taken.append((start, end))
    if memory.people_re:
        for match in memory.people_re.finditer(sentence):
            if not any(s <= match.start() < e for s, e in taken):
                refs.append(Ref(match.start(), match.end(), (memory.people[match.group(1)],), PERSON, match.group(1)))
    refs = speaking_for_parties(sentence, refs, memory)
    if memory.organisations_re:
        for match in memory.organisations_re.finditer(sentence):
            place = [r for r in refs if match.start() <= r.start and r.end <= match.end() and r.kind in ("country", DEMONYM, CAPITAL)]
            if place and memory.organisations[match.group(1)] == match.group(1):
                refs = [r for r in refs if r not in place]  # "the Syrian National Coalition": the movement, not Syria
                taken = [(s, e) for s, e in taken if not (match.start() <= s and e <= match.end())]
            if not any(s < match.end() and match.start() < e for s, e in taken):
                refs.append(Ref(match.start(), match.end(), (memory.organisations[match.group(1)],), MOVEMENT))
                taken.append((match.start(), match.end()))
    for match in _THE_TITLE.finditer(sentence):
        owner = memory.titles.get(match.group(1).lower())
        if owner and not any(s < match.end() and match.start() < e for s, e in taken):
            refs.append(Ref(match.start(), match.end(), (owner,), "generic"))  # "the prime minister": the one named before
            taken.append((match.start(), match.end()))
    ministers = _MINISTERS.search(sentence)
    if ministers and len(memory.last_group) >= 3 and memory.group_age <= 3 \
            and not any(s < ministers.end() and ministers.start() < e for s, e in taken):
        refs.append(Ref(ministers.start(), ministers.end(), memory.last_group, "group"))  # "The foreign ministers agreed"
    for led in _LED_BY.finditer(sentence):
        leader = sentence_mentions(led.group(1))
        if leader and not any(s < led.end() and led.start() < e for s, e in taken):
            memory.bind(led.group(2), leader[0].actor)  # "the Saudi-led coalition": later "the coalition" is Saudi Arabia's
            refs.append(Ref(led.start(), led.end(), (leader[0].actor,), "country"))
            taken.append((led.start(), led.end()))
    for match in _GENERIC.finditer(sentence):
        noun = match.group(1).lower()
        before = sentence[:match.start()]
        owner = re.search(r"(?:'s|\u2019s)\s*$", before)
        prev = [r for r in refs if r.end <= match.start() and match.start() - r.end <= 4]
        if owner or prev:
            continue
        actor = memory.generic_actor(noun)
        place = [r for r in refs if r.end <= match.start() and r.kind in ("country", METONYM, CAPITAL)
                 and re.match(r"\s*In\s+$", sentence[:r.start])]
        if place and noun.split()[-1] not in ORG_NOUNS | MOVEMENT_NOUNS:
            actor = place[0].actors[0]  # "In Moldova, ..., the government declared": the place's government
        earlier = [r for r in refs if r.end <= match.start() and r.kind != "pronoun"]
        if match.group(0).startswith(("its ", "their ")) and len(earlier) >= 2 and earlier[-1].kind in ("country", METONYM, CAPITAL):
            actor = earlier[-1].actors[0]  # "has given Lebanon aid to support its army": the nearest owner
        if actor:
            refs.append(Ref(match.start(1), match.end(1), (actor,), "generic"))
    spokesman = _BARE_SPOKESMAN.match(sentence) or _ITS_OFFICIAL.match(sentence)
    if spokesman and memory.last_subject[:1] and memory.last_subject[0]:
        refs.append(Ref(spokesman.start(1), spokesman.end(1), memory.last_subject[:1], "generic"))  # "A spokesman urged ...": the last speaker's
    numbered = _NUMBERED_GROUP.search(sentence)
    if numbered and len(memory.last_group) == _NUMBERS[numbered.group(1).lower()] \
            and not any(r.start < numbered.end() and numbered.start() < r.end for r in refs):
        refs.append(Ref(numbered.start(), numbered.end(), memory.last_group, "country"))  # "the three Sahel states": the last three
    for match in _SIDES.finditer(sentence):
        here = tuple(dict.fromkeys(r.actors[0] for r in refs if r.end <= match.start() and r.kind == PERSON))
        named = tuple(dict.fromkeys(a for r in refs if r.end <= match.start() and r.kind not in ("pronoun", "generic") for a in r.actors))
        if re.search(r"leaders|men", match.group(0)) and len(here) >= 2:
            pair = here[:2]  # "spoke with Colombian President Petro, and the two leaders agreed"
        elif len(named) == 2 and match.group(0).lower().startswith(("the two", "both")) \
                and not _ADDRESSED.search(sentence, 0, match.start()):  # "China, Pakistan's ally, urged both sides": the pair of the story
            pair = named  # "Lebanon's prime minister and Syria's leader meet, the first time the two countries have met"
        else:
            pair = memory.last_pair or _movement_and_state(memory) or tuple(a for a, _ in memory.counts.most_common(2))
            if len(memory.previous_countries) == 2 and "countr" in match.group(0):
                pair = memory.previous_countries  # "... asked Canada ... The two countries agreed": the last two named
        if pair:
            refs.append(Ref(match.start(), match.end(), pair, "generic"))
    quotes = quote_spans(sentence)
    for match in _PRONOUN.finditer(sentence):
        word = match.group(1) if match.group(1) == "I" else match.group(1).lower()
        if " " in word:
            word = "he"
        inside = any(s <= match.start() < e for s, e in quotes)
        if word in ("we", "I"):
            if not inside:
                continue
            actors = (speaker_actor,) if speaker_actor else memory.last_subject[:1]
        elif word == "they":
            first = [i for i, r in enumerate(refs) if r.end <= match.start() and r.kind != "pronoun"]
            earlier = tuple(a for r in coordinated(refs, first[0], sentence, leftward=False) for a in r.actors) if first else ()
            recent_group = memory.last_group if len(memory.last_group) >= 3 and memory.group_age <= 2 else ()
            if not recent_group and len(memory.last_pair) == 2 and memory.pair_age <= 2 and not sentence[:match.start()].strip():
                recent_group = memory.last_pair  # "Brazil and South Korea discussed ... They signed": the pair
            actors = earlier or recent_group or memory.last_subject  # "They concluded ...": the ministers who just met
        else:
            earlier = sentence_subject(sorted(refs, key=lambda r: r.start), match.start())  # the first in reading order
            fallback = (memory.last_person_actor,) if word in ("he", "she") and memory.last_person_actor else memory.last_subject[:1]
            actors = earlier[:1] if earlier else fallback
        if actors and actors[0]:
            refs.append(Ref(match.start(), match.end(), tuple(actors), "pronoun", memory.last_speaker if word in ("he", "she", "I") else ""))
    refs.sort(key=lambda r: (r.start, -r.end))
    merged: list[Ref] = []
    for ref in refs:
        if merged and ref.start < merged[-1].end:
            continue
        if merged and merged[-1].actors == ref.actors and ref.kind != "pronoun" and merged[-1].kind != "pronoun":
            gap = sentence[merged[-1].end:ref.start]
            if re.fullmatch(r"(?:'s|\u2019s)?(?:\s+[\w.-]+){0,4}\s*", gap) and len(gap) <= 40 and all(
                    w[0].isupper() or w.lower() in gazetteer().titles or w.lower() in NP_WORDS for w in gap.replace("'s", "").split()):
                last = merged[-1]
                merged[-1] = Ref(last.start, ref.end, last.actors, last.kind if last.kind != DEMONYM else ref.kind,
                                  ref.person or last.person)
                continue
        if merged and ref.kind != "pronoun" and re.fullmatch(r"(?:'s|\u2019s)\s+(?:[a-z-]+\s+)?", sentence[merged[-1].end:ref.start]) \
                and merged[-1].kind in ("country", METONYM, CAPITAL) and ref.kind == MOVEMENT:
            merged[-1] = ref  # "Yemen's Houthi rebels": the possessor only locates the head
            continue
        if merged and ref.kind == ORG and merged[-1].kind in ("country", METONYM, DEMONYM) \
                and re.fullmatch(r"(?:'s|\u2019s)\s+" if merged[-1].kind != DEMONYM else r"\s+", sentence[merged[-1].end:ref.start]) \
                and (re.match(r"\s+(?:ambassador|envoy|representative|mission|delegation|delegate)\b", sentence[ref.end:], re.I)
                     or re.search(r"\s(?:ambassador|envoy|representative|mission|delegation|delegate)$", sentence[ref.start:ref.end], re.I)):
            continue  # "China's UN ambassador", "the Israeli UN envoy": the state's voice at the UN
        if ref.kind != "pronoun" and _FORMER.search(sentence, max(0, ref.start - 12), ref.start):
            continue  # "former UN weapons inspector Hans Blix", "Former U.S. President Jimmy Carter": speaks for nobody now
        merged.append(ref)
    return merged

"""Who holds a stance: the subject left of the cue, relative-clause holders, passive agents, quote speakers."""

from __future__ import annotations

import re

from digest.extract.actors import (
    DEMONYM,
    METONYM,
    MOVEMENT,
    ORG,
    PERSON,
    Mention,
    gazetteer,
)
from digest.extract.positions.memory import ArticleMemory
from digest.extract.positions.sentence import (
    SAID,
    Ref,
    can_be_subject,
    coordinated,
    first_of_group,
    foreign_clause,
    issue_phrase,
    passive_agent,
    quote_spans,
    relative_clauses,
    sentence_mentions,
)
from digest.extract.rules import load_rules

_VOCAB = load_rules("position_vocab")

_APPOSITION = re.compile(
    r",\s+(?:who|which|whose|whom|where|listed|known|a|an|the|also|already|one|speaking|itself|currently|still|now|once|its|"
    r"his|her|their|in|on|at|after|despite|like|including|as|based|then|long|led|backed|home)\b|,\s+[A-Z][\w-]+(?: [A-Z][\w-]+)?(?:,|'s\s|\u2019s\s)")

_ANTECEDENT_GAP = re.compile(r"(?:(?:'s|\u2019s)?\s*(?:[a-z-]+|[A-Z][a-z]+)){0,2}\s*")

_INNER_GAP = re.compile(r"(?:'s|\u2019s)?\s*(?:(?:has|have|had|was|were|is|are|been|also|both|all|long|repeatedly|previously|already|"
                        r"recently|openly|so far|last year|this year|earlier|once|twice|would|will|did|does|do|could|"
                        r"lawmakers|officials|legislators|ministers|leaders|forces|troops|government|authorities|[a-z]+ed\s+and)\s+)*")

_VP_AND = re.compile(r"^[^;]*?(?:,\s*)?\b(?:and|but)\b(?:\s+(?:also|later|then|has|had|have|was|is|will|would))?\s*$|^[^;]*?,\s*$")

_NON_ACTOR_START = re.compile(
    r"\s*(?:The\s+|Some\s+|Many\s+|Several\s+|Other\s+)?(?:[A-Z][a-z]+\s+)?(?:economists|analysts|experts|witnesses|residents|activists|"
    r"aid agencies|aid groups|rights groups|human rights groups|doctors|medics|observers|critics|scholars|researchers|"
    r"journalists|protesters|traders|investors|families|lawyers|monitors|campaigners|sources|diplomats|people|villagers|"
    r"relatives|survivors|officials at|executives|companies|carmakers|banks)\b", re.I)


def _relative_holder(sentence: str, refs: list[Ref], start: int, clause: tuple[int, int, int]
                     ) -> tuple[tuple[str, ...], Ref | None, list[str]] | None:
    """Who holds a cue inside a relative clause: "X, which Iran accused" → Iran (toward X); "X, who visited" → X."""
    comma, pronoun_end, _clause_end = clause
    before = [i for i, r in enumerate(refs) if r.end <= comma and r.kind != "pronoun"]
    antecedent = before[-1] if before and _ANTECEDENT_GAP.fullmatch(sentence[refs[before[-1]].end:comma]) else None
    if antecedent is not None and not can_be_subject(sentence, refs[antecedent]) and len(before) > 1 \
            and re.fullmatch(r"[^,;]{0,50}", sentence[refs[before[-2]].end:refs[antecedent].start]):
        antecedent = before[-2]  # "the UN coordinator in Niger, who called for ...": the coordinator
    inner = [i for i, r in enumerate(refs) if pronoun_end <= r.start and r.end <= start and r.kind != "pronoun"]
    if inner and _INNER_GAP.fullmatch(sentence[refs[inner[-1]].end:start]) and can_be_subject(sentence, refs[inner[-1]]) \
            and (len(sentence[pronoun_end:refs[first_of_group(refs, inner[-1], sentence)].start].split()) <= 2
                 or re.search(r"\bthat\s+$", sentence[:refs[first_of_group(refs, inner[-1], sentence)].start])):
        group = coordinated(refs, inner[-1], sentence, leftward=True)
        owner = list(refs[antecedent].actors) if antecedent is not None else []
        return tuple(dict.fromkeys(a for r in group for a in r.actors)), refs[inner[-1]], owner
    if inner or antecedent is None:
        return None
    if re.search(r"\b[a-z]{3,}s\s+(?:have|has|had|would|will|did|do|does|are|were)\s+(?:\w+\s+)?$",
                 re.sub(r",[^,]*\b(?:said|says|added)\b[^,]*,", "", sentence[pronoun_end:start])):
        return None  # "ISIS fighters which, the statement said, European nations have refused to repatriate": not ISIS

    group = coordinated(refs, antecedent, sentence, leftward=True)
    return tuple(dict.fromkeys(a for r in group for a in r.actors)), refs[antecedent], []


def find_holder(sentence: str, refs: list[Ref], stance: str, start: int, end: int, text: str,
            previous: tuple[int, int, tuple[str, ...]] | None, memory: ArticleMemory
            ) -> tuple[tuple[str, ...], Ref | None, list[str], int] | None:
    """(actors, subject reference, preset targets, cue end) for a cue; None when it states no position."""
    clause = next((c for c in relative_clauses(sentence) if c[1] <= start < c[2]), None)
    if clause and not re.match(r"\s+by\b", sentence[end:]):
        found = _relative_holder(sentence, refs, start, clause)
        if found is None:
            return None
        return found[0], found[1], found[2], end
    if previous and any(c <= previous[0] < e and not c <= start < e for c, _p, e in relative_clauses(sentence)):
        previous = None  # the last cue sat in a relative clause: "X, which Y accused of ..., denied"
    actors, subject_ref = subject_of(sentence, refs, start, previous, memory)
    if not actors and not previous:
        actors = _opening_a_quote(sentence, start, memory)
    agent_at = passive_agent(sentence, start, end)
    agent = [r for r in refs if r.start == agent_at and r.kind != "pronoun"]
    if agent:  # "an offensive supported by Russian air power": the agent holds the stance
        held = [r for r in refs if r.end <= start and r.kind != "pronoun" and r.actors != agent[0].actors]
        if not held and not re.search(r"\b(?:been|was|were|is|are)\s+(?:\w+ly\s+)?$", sentence[:start]):
            return None
        group = coordinated(refs, refs.index(agent[0]), sentence, leftward=False)  # "joined by Australia, Bahrain and ..."
        agents = tuple(dict.fromkeys(a for r in group for a in r.actors if not held or a not in held[-1].actors))
        patient = list(actors if actors and not set(actors) & set(agents or agent[0].actors) else held[-1].actors if held else ())
        if not patient:  # "the outcome of the re-run has been hailed as fair by ...": the outcome
            phrase = issue_phrase(re.split(r"[,;]", sentence[:start])[-1])
            patient = [phrase] if phrase else []
        return agents or agent[0].actors, agent[0], patient, group[-1].end
    if agent_at is not None and re.search(r"\b(?:been|was|were|be|being|is|are)\s+(?:\w+ly\s+)?$", sentence[:start]):
        return None  # "was criticised by the opposition": the agent is no actor, and the subject only suffered it
    if stance == "threaten" and text.lower().startswith("warn") and not _is_threat(sentence, end, refs, actors):
        return None
    if stance in ("demand", "threaten", "criticize") and _ADDRESSEE_SUBJECT.match(text):
        if actors and any(r.kind == "pronoun" and r.start < start for r in refs) and subject_ref and subject_ref.kind == "pronoun":
            return actors, subject_ref, [], end  # "we must ..." inside a quote
        quoted = [(s, e) for s, e in quote_spans(sentence) if s <= start < e]
        if quoted:
            speaker = quote_speaker(sentence, quoted, memory)
            owners = [r for r in refs if quoted[0][0] <= r.start < start and speaker not in r.actors]
            return ((speaker,), None, list(owners[-1].actors) if owners else _subject_issue(sentence, quoted[0][0], start), end) \
                if speaker else None
        said = list(SAID.finditer(sentence, 0, start))
        speakers = [r for r in refs if said and r.end <= said[-1].start() and can_be_subject(sentence, r)]
        owners = [r for r in refs if r.end <= start and (not said or r.start >= said[-1].end())]
        if stance == "threaten" and not owners:
            return actors, subject_ref, [], end  # "Putin said the incident will have serious consequences": no addressee
        issue = _subject_issue(sentence, said[-1].end(), start) if said and not owners and not previous and speakers else []
        if issue:
            return speakers[-1].actors, speakers[-1], issue, end  # "France said the fighting has to stop": the fighting
        if not previous and speakers and not owners and text.lower().startswith("there"):
            return speakers[-1].actors, speakers[-1], [], end  # "France said there needs to be pressure": nobody addressed
        if previous or not speakers or not owners:
            return None  # "insisting Assad must step down" is already the demand of "insisting"
        return speakers[-1].actors, speakers[-1], list(owners[-1].actors), end  # "officials said Assad must step down"
    return actors, subject_ref, [], end


_QUOTE_OPENING = re.compile(r"\W*(?:(?:there|it)\s+(?:is|was|'s|\u2019s)\s+(?:(?:an?|no|the)\s+)?(?:[a-z-]+\s+)?)?$", re.IGNORECASE)


def _opening_a_quote(sentence: str, start: int, memory: ArticleMemory) -> tuple[str, ...]:
    """A cue that opens a quotation with no subject of its own ("'There is need for action,' he said", "'Unacceptable
    interference,' the ministry said") is its speaker's, named after the quote or earlier."""
    quoted = [(s, e) for s, e in quote_spans(sentence) if s <= start < e]
    if not quoted or not _QUOTE_OPENING.fullmatch(sentence[quoted[0][0]:start]):
        return ()
    speaker = quote_speaker(sentence, quoted, memory)
    return (speaker,) if speaker else ()


def _subject_issue(sentence: str, begin: int, start: int) -> list[str]:
    """The issue a demand addressed to no actor is about: "the fighting" of "said the fighting must stop"."""
    clause = sentence[begin:start]
    if not re.fullmatch(r"[\W]*(?:that\s+)?(?i:the|this|all|such|these|those)\s+(?:[a-z-]+\s+){0,2}?[a-z-]+\s*", clause):
        return []  # a subject we can name as an issue only when it is a plain noun phrase
    phrase = issue_phrase(re.sub(r"^[\W]*(?:that\s+)?", "", clause))
    return [phrase] if phrase else []


_ADDRESSEE_SUBJECT = re.compile(_VOCAB.by_name["addressee_subject"].pattern, re.IGNORECASE)

_TITLE_GAP = re.compile(r"(?:'s|\u2019s)?\s+(?:[a-z-]+\s+){1,2}")

_INTENTION = re.compile(r"(?:'s|\u2019s)\s+(?:[a-z-]+\s+)?(?:intention|intent|plan|plans|bid|effort|efforts|attempt|attempts|decision|desire|"
                        r"wish|readiness|willingness|determination|commitment|call|calls|push|drive|move)\s+to\s+$")


_WHEN = _VOCAB.words("phrase_skip_time")

_UNKNOWN_SUBJECT = re.compile(r"(?:[,;]|\b(?:and|but|while|when|as)\b)\s+(?:[Tt]he\s+)?((?:[A-Z][\w.'\u2019-]+\s+){1,4})"
                              r"(?:(?:has|have|had|was|also|then|later|quickly|strongly|openly)\s+)*$")

_COMMON_SUBJECT = re.compile(r"(?:[,;]|\b(?:as|while|when|because|since|where|whereas)\b)\s+(?:the|many|some|most|all)\s+"
                             r"(?:[a-z-]+\s+){0,2}?(?:people|public|voters|citizens|crowd|crowds|protesters|residents|workers|students|"
                             r"members|delegates|fans|groups|media|press)\s+$")


def subject_of(sentence: str, refs: list[Ref], start: int, previous: tuple[int, int, tuple[str, ...]] | None,
             memory: ArticleMemory) -> tuple[tuple[str, ...], Ref | None]:
    """Who holds the stance of the cue at `start`: the nearest eligible reference to its left, with care."""
    head = sentence[:start]
    clauses = [(c, e) for c, _p, e in relative_clauses(sentence) if not c <= start < e]
    left = [i for i, r in enumerate(refs) if r.end <= start and can_be_subject(sentence, r)
            and not any(c <= r.start < e for c, e in clauses)]
    adjacent = [i for i, r in enumerate(refs) if r.end <= start and not sentence[r.end:start].strip() and r.kind != "pronoun"
                and (can_be_subject(sentence, r) or re.search(r"\bwith\s+(?:the\s+)?$", sentence[max(0, r.start - 10):r.start]))]
    titled = [i for i, r in enumerate(refs) if r.end <= start and r.kind != "pronoun" and _TITLE_GAP.fullmatch(sentence[r.end:start])
              and any(w in gazetteer().titles for w in sentence[r.end:start].replace("'s", " ").replace("\u2019s", " ").split())]
    adjacent = adjacent or titled[-1:]  # "with Congo's president accusing Rwanda", "and Rwandan president refusing"
    if adjacent and sentence[start:].split(" ", 1)[0].lower().endswith("ing"):
        left = [i for i in left if i < adjacent[-1]] + adjacent[-1:]  # "with Washington insisting ..."
    intention = _INTENTION.search(head)
    if intention:  # "Japan's intention to seek a permanent seat": the possessor, not the sentence's subject
        owner = [r for r in refs if r.end == intention.start() and r.kind != "pronoun"]
        if owner:
            return owner[0].actors, owner[0]
    if previous and re.search(r"\bto\s+$", head) and not re.search(
            r"[;,]|\b(?:ready|willing|prepared|agreed|refused|offered)\s+to\s+$", head[previous[1]:]):
        return previous[2], None  # "would travel to Muscat to meet ...": same subject
    if not left:
        return (previous[2], None) if previous else ((), None)
    if not previous and re.search(r"\band\s+to\s+$|\b(?:money|aid|funds|help|troops|weapons)\s+(?:\w+\s+){0,4}to\s+$", head):
        left = left[:1]  # "The EU has given Lebanon aid ... to support its army": the giver
    index = left[-1]
    if not previous and len(left) > 1 and re.search(r"\band\s+(?:also\s+|then\s+)?$", sentence[refs[index].end:start]) \
            and re.search(r"\b[a-z]{3,}(?:ed|es)\s+(?:the\s+)?$", sentence[:refs[index].start]):
        index = left[-2]  # "said Lisbon regarded Israel as a friend and urged it ...": Lisbon, not the object
    if head.rstrip().endswith((",", ")")):
        appo = _APPOSITION.search(head)
        if appo:
            before = [i for i in left if refs[i].end <= appo.start()]
            if before:
                index = before[-1]
    ref = refs[index]
    gap = sentence[ref.end:start]
    unknown = _UNKNOWN_SUBJECT.search(gap)
    if unknown and not any(w.lower().rstrip(".") in gazetteer().titles or w.lower() in _WHEN for w in unknown.group(1).split()):
        return (), None  # "..., The Japan Times criticized the aid": a subject the gazetteer does not know (or blocks)
    if _COMMON_SUBJECT.search(gap):
        return (), None  # "..., as the people vote for their members": not an actor
    first_said = SAID.search(sentence, 0, start)
    if first_said and len(gap.split()) > 4 and not any(refs[i].end <= first_said.start() for i in left) \
            and ref.start > first_said.end() and _NON_ACTOR_START.match(sentence):
        return (), None  # "Economists said ... but warned ...": the speaker is not an actor
    if previous and ref.end <= previous[0] and foreign_clause(sentence[previous[1]:start]):
        return (), None  # "offering money ..., a proposal that rights groups have criticised"
    if previous and ref.end <= previous[0]:
        return previous[2], None  # no new subject since the last cue: "denied the accusations and called on Sweden"
    if previous and ref.start >= previous[1] and _VP_AND.match(gap):
        return previous[2], None  # "condemned the strikes and called on Israel": same subject
    said = [m for m in SAID.finditer(sentence, refs[left[0]].end, ref.start)]
    if not previous and said and re.search(r"\band\s+(?:also\s+)?$", gap) and left[0] != index:
        speakers = [i for i in left if refs[i].end <= said[0].start()]
        if speakers:
            ref, index = refs[speakers[-1]], speakers[-1]  # "Kallas said both sides ... and warned": Kallas
    word = sentence[start:].split(" ", 1)[0].lower()
    if word.endswith("ing") and gap.strip() and index not in titled \
            and not re.search(r"\b(?:is|are|was|were|been|be|and|while)\s+(?:\w+\s+)?$", head):
        # a participle ("..., rejecting again a Russian call"; "fighters in Syria supporting X"): the main subject
        if previous:
            return previous[2], None
        ref = refs[left[0]]
        group = coordinated(refs, left[0], sentence, leftward=False)
        return tuple(dict.fromkeys(a for r in group for a in r.actors if a)), ref
    elif foreign_clause(re.sub(r",\s+(?:which|who|whose)[^,]*,", ",", gap)):
        return (), None  # "proposed that member states refusing ...": the clause has a subject we cannot name
    group = coordinated(refs, index, sentence, leftward=True)
    actors = tuple(dict.fromkeys(a for r in group for a in r.actors if a))
    return actors, ref


def _is_threat(sentence: str, end: int, refs: list[Ref], actors: tuple[str, ...]) -> bool:
    """A warning is a threat when it names an addressee, consequences, or what the warner would do."""
    rest = sentence[end:end + 200]
    if any(end <= r.start <= end + 12 and r.kind != "pronoun" and "that" not in sentence[end:r.start] for r in refs):
        return True
    plain = re.sub(r"[\"\u201c\u201d]", "", rest)
    if re.match(r"\s+(?:of\s+|that\s+)?(?:[\w,-]+\s+){0,3}?(?:consequences|retaliation|reprisals?|a response|countermeasures|action|"
                r"measures|penalties|sanctions|military action|force|war)\b", plain):
        return True
    clause = re.split(r"[;.]", plain)[0]
    if re.search(r"\b(?:would|will|could)\s+(?:\w+\s+){0,3}?(?:respond|retaliate|take|trigger|impose|act|strike|crush|hit|punish|"
                 r"tolerate|pay|face|suffer|reimpose|cut|expel|sever|downgrade|end|halt|suspend|veto|freeze|use force|treat|"
                 r"damage|review|reconsider|leave|quit|withdraw|pull out|boycott|walk out|enter|invade|attack|be met|no longer|keep increasing|"
                 r"be held (?:to )?account(?:able)?|be destroyed)\b", clause):
        return True
    if re.search(r"\b(?:military (?:action|intervention|force)|use of force|sanctions|retaliation|means war)\b|\ball options\b[^.;]{0,20}\bon the table\b", clause):
        return True
    own = [r for r in refs if end <= r.start < end + len(clause) and set(r.actors) & set(actors)]
    return any(re.match(r"\s+(?:would|will|could)\b", sentence[r.end:]) for r in own)


def quote_speaker(sentence: str, quotes: list[tuple[int, int]], memory: ArticleMemory) -> str:
    """The actor named next to the attribution verb ("..., Netanyahu said"), or the last speaker for "he said", or the
    speaker of the quotation the sentence continues."""
    for verb in SAID.finditer(sentence):
        if any(s <= verb.start() < e for s, e in quotes):
            continue
        near = sentence[max(0, verb.start() - 50):verb.end() + 50]
        offset = max(0, verb.start() - 50)
        pivot = verb.start() - offset
        candidates = [m for m in sentence_mentions(near) if m.kind in (PERSON, "country", METONYM, ORG, MOVEMENT)
                      or m.kind == DEMONYM and re.match(r"\s+(?:[a-z-]+\s+)?(?:prime minister|president|foreign minister|minister|"
                                                        r"chancellor|government|spokes(?:man|woman|person)|ambassador|envoy|commander|general|"
                                                        r"officials?|ministry|military|army|navy|diplomats?|delegation|negotiators?)\b", near[m.end:])]
        if memory.people_re:
            candidates += [Ref(m.start(), m.end(), (memory.people[m.group(1)],), PERSON) for m in memory.people_re.finditer(near)]
        if re.search(r"\b(?:he|she)\s+$", near[:pivot]) or re.match(r"\w+\s+(?:he|she)\b", near[pivot:]):
            return memory.last_person_actor
        before = [c for c in candidates if c.end <= pivot and pivot - c.end <= 30]
        after = [c for c in candidates if c.start >= pivot and c.start - pivot <= 12]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen is not None:
            if isinstance(chosen, Mention):
                return chosen.kind == PERSON and memory.party_of(chosen.text) or chosen.actor
            return chosen.actors[0]
    return memory.run_speaker  # a sentence inside a quotation opened earlier: its speaker's words


def speaker_of(actor: str, subject_ref: Ref | None, refs: list[Ref]) -> str:
    """The named person who speaks for `actor` in this sentence (not another actor's speaker)."""
    if subject_ref and actor in subject_ref.actors and subject_ref.person:
        return subject_ref.person
    return next((r.person for r in refs if r.actors == (actor,) and r.person and r.kind == PERSON), "")

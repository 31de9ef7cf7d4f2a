"""Stances carried by nouns with an explicit holder ("Turkey's extradition request", "criticism from Putin"), and visits."""

from __future__ import annotations

import re

from digest.extract.actors import (
    CAPITAL,
    DEMONYM,
    METONYM,
)
from digest.extract.positions.memory import ArticleMemory
from digest.extract.positions.sentence import (
    SAID,
    Ref,
    carrying_quote,
    coordinated,
    issue_phrase,
    sentence_mentions,
    sentence_subject,
)
from digest.extract.rules import load_rules
from digest.model import Article, Position


def make_record(sentence: str, article: Article, actor: str, stance: str, target: str, speaker: str,
            conditional: bool, negated: bool, quote: str) -> Position:
    return Position(actor=actor, stance=stance, target=target, speaker=speaker, conditional=conditional, negated=negated,
                    quote=quote, sentence=sentence, article=article.id, source=article.source)

# Nouns that carry a stance when their holder is explicit ("Turkey's request", "criticism from Putin").
NOUNS = {w: r.attrs["stance"] for r in load_rules("position_nouns").select(kind="held") for w in r.words}

_NOUN_ALT = "|".join(sorted(NOUNS, key=len, reverse=True))

_HOLDER_BEFORE = re.compile(r"^(?:'s|\u2019s|'|(?<=[A-Z])(?=\s)|(?=\s(?:[a-z-]+\s)?(?:sanctions|embargo)\b)"
                            r"|\s(?:government|authorities|administration|leadership)(?:'s|\u2019s|')) (?:[a-z][\w-]* ){0,2}(" + _NOUN_ALT + r")\b")

_UNDER = re.compile(r"\b(?:under|subject (?:of|to)|targeted by|hit by|fac(?:e|es|ing)|imposed)\s+(?:the\s+|new\s+|existing\s+)?$")

_AT_THE_REQUEST = re.compile(r"\b(?:at|on) the (invitation|request|behest|urging) of (?:the )?(?:(?:government|authorities|president|parliament) of )?(?:the )?$", re.I)

_HOLDER_AFTER = re.compile(r"\b(" + _NOUN_ALT + r")\b(?: of [\w -]{1,30}?)? (?:by|from) (?:the )?$")

# Nouns a nationality holds after a preposition of cause or circumstance ("despite Turkish opposition", "over Chinese
# disapproval of India"): with no preposition "Turkish opposition" is mostly the opposition parties of Turkey.
_NATIONAL = {w: r.attrs["stance"] for r in load_rules("position_nouns").select(kind="national") for w in r.words}
_NATIONAL_BEFORE = re.compile(r"\b(?:over|despite|amid|after|following|against|drew|drawn|sparked|prompted|facing|faced|because of|due to)\s+"
                              r"(?:(?:the|strong|fierce|growing|repeated|vocal|vehement|stiff|initial|official)\s+)*$")
_NATIONAL_NOUN = re.compile(r"\s+(?:(?:official|government|state)\s+)?(" + "|".join(sorted(_NATIONAL, key=len, reverse=True)) + r")\b"
                            r"(?!\s+(?:forces|groups?|fighters|part(?:y|ies)|leaders?|coalition|figures|activists|council|members|lawmakers|"
                            r"MPs|candidates?|movement|politicians?|supporters|camp|bloc|alliance|media|newspapers?)\b)")


def _national_stance(sentence: str, ref: Ref, refs: list[Ref], memory: ArticleMemory) -> tuple[str, str, int] | None:
    """(stance, target, end) of a stance noun held by a nationality ("over Chinese disapproval of India allowing ...")."""
    noun = _NATIONAL_NOUN.match(sentence, ref.end)
    if not noun or not _NATIONAL_BEFORE.search(sentence, max(0, ref.start - 40), ref.start):
        return None
    rest = sentence[noun.end():]
    of = re.match(r"\s+(?:of|to|against|over)\s+", rest)
    after = [r for r in refs if of and r.start == noun.end() + of.end() + len(re.match(r"(?:the\s+)?", rest[of.end():]).group(0))
             and r.kind != "pronoun" and ref.actors[0] not in r.actors]
    target = after[0].actors[0] if after else issue_phrase(rest[of.end():]) if of else ""
    return _NATIONAL[noun.group(1)], target or memory.salient_actor(ref.actors), noun.end()


_VOTERS = re.compile(r"\b(?:countries|states|nations|members|governments)\s+(?:that\s+|which\s+|who\s+)?(?:voted|voting)\s+"
                     r"(against|for|in\s+favou?r)\b[^.;]{0,40}?\s+(?:include|included|including|were|are)\s+(?:the\s+)?", re.IGNORECASE)


def _voters(sentence: str, article: Article, refs: list[Ref]) -> list[tuple[int, Position]]:
    """"The 18 countries that voted against include the United States, Russia and Belarus": each listed voter."""
    vote = _VOTERS.search(sentence)
    first = next((i for i, r in enumerate(refs) if vote and r.start == vote.end() and r.kind != "pronoun"), None)
    if first is None:
        return []
    stance = "reject" if vote.group(1).lower() == "against" else "support"
    voters = [a for r in coordinated(refs, first, sentence, leftward=False) for a in r.actors]
    return [(refs[first].start, make_record(sentence, article, actor, stance, "resolution", "", False, False, ""))
            for actor in dict.fromkeys(voters)]  # what was voted on is the resolution of the sentence before


# A held stance that is the object of another's charge ("criticized Rwanda's support for M23", "calls Rwanda's support
# a declaration of war", "cited Cuba's support for Maduro") is the accuser's claim, not a position its holder states.
_CHARGED = re.compile(r"\b(?:criticis|criticiz|condemn|denounc|accus|blam|decr|slamm|cit|call|calling|protest|deplor|questioned)"
                      r"\w*\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?$")

_VISIT = re.compile(r"\b(?:on|during) (?:a|an|his|her|their|its) (?:\w+ )?visit to\b")


def nominal_positions(sentence: str, article: Article, refs: list[Ref], memory: ArticleMemory, quotes: list[tuple[int, int]]) -> list[tuple[int, Position]]:
    """Stance nouns with an explicit holder: "Turkey's extradition request", "criticism from Putin"."""
    out: list[tuple[int, Position]] = _voters(sentence, article, refs)
    for mention in sentence_mentions(sentence):  # "despite Turkish opposition" is no state reference of its own
        held = Ref(mention.start, mention.end, (mention.actor,), mention.kind, mention.person)
        national = _national_stance(sentence, held, refs, memory) if mention.kind == DEMONYM else None
        if national and national[1] != mention.actor:
            quote = carrying_quote(sentence, quotes, held.start, national[2], national[2] + 60)
            out.append((held.start, make_record(sentence, article, mention.actor, national[0], national[1], held.person, False, False, quote)))
    subject = sentence_subject(refs, len(sentence))
    for ref in refs:
        if ref.kind == "pronoun" or ref.kind == "generic" and not (_AT_THE_REQUEST.search(sentence[:ref.start])
                                                                   and re.match(r"\w+ of\b", sentence[ref.start:])):
            continue
        actor = ref.actors[0]
        quote = carrying_quote(sentence, quotes, ref.start, ref.end, ref.end + 60)  # a quote around or right after the noun
        match = _HOLDER_BEFORE.match(sentence[ref.end:])
        if match and match.group(1) in ("sanctions", "embargo") and not sentence[ref.end:].startswith(("'", "\u2019")) \
                and not _UNDER.search(sentence[:ref.start]):
            match = None  # "blocked a package of EU sanctions", "the return of UN sanctions": not (yet) imposed
        phone_call = bool(match) and match.group(1) in ("call", "calls") and bool(
            re.match(r"\s+(?:with|between|to|summary|transcript|log)\b", sentence[ref.end + match.end():])
            or re.search(r"\b(?:phone|telephone|video)\s+calls?$", match.group(0)))
        stance = ""
        target = ""
        if match and phone_call and not re.match(r"\s+(?:with|to)\b", sentence[ref.end + match.end():]):
            match = None  # "a summary of Trump's call": no counterpart named
        if match:
            stance = "meet" if phone_call else NOUNS[match.group(1)]  # "Trump's call with Zelensky": a phone call, a meeting
            noun_end = ref.end + match.end()
            rest = sentence[noun_end:]
            after = [r for r in refs if r.start >= noun_end and r.kind != "pronoun" and actor not in r.actors
                     and len(sentence[noun_end:r.start].split()) <= (2 if re.match(r"\s+of\b", rest) else 5)]
            target = after[0].actors[0] if after else ""
            of = re.match(r"\s+(?:of|for|on)\b", rest)
            if not target and of:
                target = issue_phrase(rest[of.end():])
            if not target and subject and subject[0] != actor and subject[0] != ref.actors[0] and refs[0] is not ref:
                target = subject[0]
            target = target or memory.salient_actor((actor,))
        elif _AT_THE_REQUEST.search(sentence[:ref.start]):  # "in Iraq at the invitation of the Government of Iraq"
            stance = "offer" if _AT_THE_REQUEST.search(sentence[:ref.start]).group(1).lower() == "invitation" else "demand"
            earlier = [r for r in refs if r.end <= ref.start and actor not in r.actors and r.kind not in ("pronoun", "generic")]
            target = earlier[0].actors[0] if earlier else memory.salient_actor((actor,))
        else:
            before = _HOLDER_AFTER.search(sentence[:ref.start])
            if before:
                stance = NOUNS[before.group(1)]
                target = subject[0] if subject and subject[0] != actor else memory.salient_actor((actor,))
                index = refs.index(ref)
                for other in coordinated(refs, index, sentence, leftward=False)[1:]:
                    if target and other.actors[0] != target:
                        out.append((other.start, make_record(sentence, article, other.actors[0], stance, target, other.person,
                                                         False, False, quote)))
        visit = _VISIT.search(sentence[:ref.start][-40:]) if ref.kind in ("country", METONYM, CAPITAL) else None
        if visit and not stance and SAID.search(sentence, max(0, ref.start - 80), ref.start):
            continue  # "Putin told reporters during a visit to Kazakhstan": where he spoke, not a meeting
        if visit and not stance:
            earlier = [r for r in refs if r.end <= ref.start and actor not in r.actors
                       and not re.match(r"\s+(?-i:[A-Z])[a-z]+\s+(?-i:[A-Z])", sentence[r.end:])]  # not "the US National Medal"
            holder = earlier[-1].actors[0] if earlier else ""
            if holder and holder != actor:
                out.append((ref.start, make_record(sentence, article, holder, "meet", actor, memory.last_speaker, False, False, "")))
            continue
        if stance and stance != "meet" and match and _CHARGED.search(sentence[:ref.start]):
            continue  # "Belgium criticized Rwanda's military support for M23": what another charges, not Rwanda's word
        if stance and target != actor:
            out.append((ref.start, make_record(sentence, article, actor, stance, target, ref.person, False, False, quote)))
    return out

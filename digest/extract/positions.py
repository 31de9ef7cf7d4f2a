"""Diplomatic positions: who takes which stance toward whom, with the evidence sentence.

Rule-based and offline (no tagger or parser): the reporting structure of news copy carries most of
the signal. For every stance cue (a verb such as "condemned", a phrase such as "ready to", or a
noun with an explicit holder such as "Turkey's extradition request") the actor is the subject
found to the left (skipping appositions, following coordination and verb-phrase conjunctions,
resolving pronouns and "the army"/"the bloc" to the last matching actor), and the target is the
first actor to the right within the clause, else the actor behind an anaphoric object ("the
decision"), else a short issue phrase. Symmetric events ("A and B agreed", "a deal between A and
B") give one record per participant; quote sentences that continue a speaker's stance repeat it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from digest.analysis import analyse
from digest.extract.actors import (
    CAPITAL,
    DEMONYM,
    METONYM,
    MOVEMENT,
    ORG,
    PERSON,
    Mention,
    find_actors,
    find_collectives,
    gazetteer,
)
from digest.extract.rules import load_rules
from digest.model import Article, Position

STANCES = ("support", "criticize", "demand", "reject", "threaten", "agree", "offer", "meet", "deny")
_W = r"(?:[\w'\u2019-]+ )"  # one word and its space

# Nouns that carry a stance when their holder is explicit ("Turkey's request", "criticism from Putin").
_NOUNS = {
    "support": "support", "backing": "support", "praise": "support",
    "criticism": "criticize", "condemnation": "criticize", "accusation": "criticize", "accusations": "criticize",
    "protest": "criticize", "protests": "criticize", "concern": "criticize", "concerns": "criticize",
    "demand": "demand", "demands": "demand", "call": "demand", "calls": "demand", "request": "demand",
    "requests": "demand", "appeal": "demand", "appeals": "demand",
    "threat": "threaten", "threats": "threaten", "warning": "threaten", "warnings": "threaten", "ultimatum": "threaten",
    "offer": "offer", "offers": "offer", "proposal": "offer", "proposals": "offer", "suggestion": "offer",
    "pledge": "offer", "pledges": "offer", "promise": "offer", "promises": "offer",
    "refusal": "reject", "rejection": "reject", "veto": "reject", "denial": "deny", "denials": "deny",
}
_NOUN_ALT = "|".join(sorted(_NOUNS, key=len, reverse=True))
_HOLDER_BEFORE = re.compile(r"^(?:'s|\u2019s|'|(?<=[A-Z])(?=\s)) (?:[a-z][\w-]* ){0,2}(" + _NOUN_ALT + r")\b")
_HOLDER_AFTER = re.compile(r"\b(" + _NOUN_ALT + r")\b(?: of [\w -]{1,30}?)? (?:by|from) (?:the )?$")
_VISIT = re.compile(r"\b(?:on|during) (?:a|an|his|her|their|its) (?:\w+ )?visit to\b")
_BETWEEN = re.compile(r"\b(?:deal|agreement|accord|pact|truce|ceasefire|hotline|mechanism|talks|treaty|channel)\b[^.;]{0,60}?\bbetween\b", re.I)

_BASE_NOUNISH = {"fund", "object", "recall", "support", "back", "welcome", "praise", "demand", "request", "offer", "visit", "call", "promise",
                 "pledge", "protest", "veto", "insist", "accept", "warn", "meet", "suggest", "oppose", "defend", "reject"}
_VERBAL_BEFORE = re.compile(r"(?:\b(?:to|will|would|shall|should|could|can|may|might|must|did|do|does|not|never|we|I|they|you|also|"
                            r"jointly|strongly|firmly|fully|ll)|n't|'ll)\s+$", re.I)
_COMPLEMENT_OF = {"demand", "offer", "threaten", "reject", "agree"}
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|previous|new|further|repeated|recent|earlier|latest|such|"
                         r"these|those|any|no|of|for|many|several)|'s|\u2019s)\s+$", re.I)
_NEG = re.compile(r"(?:\bnot|n't|\bnever|\bno (?:immediate )?plans? (?:for [\w-]+(?: [\w-]+)? )?to|\bno intention (?:of|to))\s+"
                  r"(?:(?:yet|been|be|have|has|to|even|formally|publicly|immediately|directly|officially|so far|want to|intend to)\s+)*$", re.I)
_NEG_SKIP = re.compile(r"\bnot only\b", re.I)
_COND = re.compile(r"\b(?:if|unless|until|provided that|as long as|on condition that|in case)\b", re.I)
_COND_START = re.compile(r"^\W*(?:if|unless)\b", re.I)
_WHETHER = re.compile(r"\b(?:whether|if)\b[^,;]*$", re.I)
_CLAUSE_END = re.compile(r";|,\s+(?:saying|while|whereas|which|who|as|adding|but|though|although)\b|\bbut\b|\. "
                         r"|,?\s+and\s+(?:said|says|added|told|called|urged|warned|vowed)\b|,\s+and\b"
                         r"|\s+and\s+(?:would|will|could|should|has|have|had|was|is|were|are)\b"
                         r"|,\s+(?:an?|the)\s+(?:idea|proposal|move|step|plan|offer|suggestion|decision)\b")
_APPOSITION = re.compile(
    r",\s+(?:who|which|whose|whom|where|listed|known|a|an|the|also|already|one|speaking|itself|currently|still|now|once|its|"
    r"his|her|their|in|on|at|after|despite|like|including|as|based|then|long|led|backed|home)\b|,\s+[A-Z][\w-]+(?: [A-Z][\w-]+)?(?:,|'s\s|\u2019s\s)")
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\b")
_CLAUSE_STOP = re.compile(r"[,;]|\.(?:\s|$)")
_ANTECEDENT_GAP = re.compile(r"(?:(?:'s|\u2019s)?\s*(?:[a-z-]+|[A-Z][a-z]+)){0,2}\s*")
_INNER_GAP = re.compile(r"(?:'s|\u2019s)?\s*(?:(?:has|have|had|was|were|is|are|been|also|long|repeatedly|previously|already|"
                        r"recently|openly|so far|last year|this year|earlier|once|twice|would|will|did|does|do|could|"
                        r"lawmakers|officials|legislators|ministers|leaders|forces|troops|government|authorities|[a-z]+ed\s+and)\s+)*")
_ANTECEDENT_NOUN = re.compile(r"\b(?:the|a|an|any|its|their|his|her|this|that)\s+((?:[\w'-]+\s+){0,4}?[\w'-]+)(?:\s*,)?\s+(?:that\s+|which\s+)?$")
_DOCUMENT = re.compile(r"(?:-[a-z]+)?\s+(?:[A-Z][\w-]+\s+){0,2}(?:resolution|draft|text|clause|motion|bill|amendment)s?\b")
_THING_BEFORE = re.compile(r"^\s*(?:(?:to|in|from|on|with|of)\s+)?(?:(?:the|a|an|any|its|their|this|that|these|those)\s+)?"
                           r"(?:[\w'-]+\s+){0,4}?(treaty|deal|accord|agreement|sanctions|embargo|contract|resolution|warrant|"
                           r"talks|negotiations|escorts|tariffs|duties)\b", re.I)
_ACCORDS = {"deal", "agreement", "accord", "truce", "ceasefire", "pact", "treaty"}
_PRONOUNS = {"they", "we", "you", "him", "her", "them", "it", "us", "me", "himself", "herself", "themselves", "itself"}
_ADJECTIVAL = {"opposed", "disappointed", "prepared", "committed", "determined", "concerned", "pleased"}
_VP_AND = re.compile(r"^[^;]*?(?:,\s*)?\b(?:and|but)\b(?:\s+(?:also|later|then|has|had|have|was|is|will|would))?\s*$|^[^;]*?,\s*$")
_COORD = re.compile(r"^(?:'s|\u2019s)?(?:\s+[a-z-]+){0,2}\s*(?:,\s*(?:(?:and|or)\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2})$")
_MEET_OBJECT = re.compile(r"^\s*(?:with\s+|to\s+)?(?:(?:the|his|her|their|its|a)\s+)?(?:(?!(?:in|on|at|about|over|of)\b)[\w-]+\s+){0,3}?$")
_PRONOUN = re.compile(r"\b([Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I|(?:his|her|its|their) (?:country|government|nation|administration))\b(?!')")
_GENERIC = re.compile(  # sentence-initial "The council" too, and "a government negotiator"
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Aa](?=\s+(?:government|army|military|coalition)\s+(?:negotiator|spokes\w+|official|delegation|envoy)))\s+((?:[a-z]+\s+)?(?:army|military|government|junta|regime|authorities|ministry|presidency|cabinet|"
    r"parliament|bloc|alliance|agency|organisation|organization|union|council|commission|Commission|court|group|movement|rebels|militants|coalition|"
    r"kingdom|emirate|island|regime))\b")
_LED_BY = re.compile(r"\b([A-Z][\w.]+)-led\s+(coalition|alliance)\b")
_BARE_SPOKESMAN = re.compile(r"\s*(?:A|The)\s+(spokes(?:man|woman|person))\s+(?!for\b|of\b|at\b|in\b|to\b)")
_ITS_OFFICIAL = re.compile(r"\s*(?:Its|Their)\s+((?:[a-z-]+\s+){0,2}?(?:minister|spokes(?:man|woman|person)|ambassador|envoy|commissioner|"
                           r"president|chief|secretary|representative|delegation|mission))\b")  # "Its foreign minister said"
_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERED_GROUP = re.compile(r"\b[Tt]he (three|four|five|six) (?:[A-Z][\w-]+ )?(?:states|countries|governments|nations|juntas|leaders)\b")
_SIDES = re.compile(r"\b(?:both sides|the two sides|both parties|the two parties|the warring (?:sides|parties)|both countries|"
                    r"the two countries|both leaders|the two leaders|the two men|both men|both governments|the two governments|both presidents|the two presidents|both ministers|the two ministers|either side|either party)\b", re.I)
_HOLDS_CHAIR = re.compile(r",\s+which\s+(?:holds|chairs|has)\s+the\s+(?:rotating\s+)?presidency\b")
_ADJUNCT_ONLY = re.compile(r"(?:\s*(?:since|until|in|on|last|this|earlier|for)\s+(?:the\s+|a\s+)?(?:[\w-]+\s*){1,2}?)?[\s,.;:\"\u201d]*")  # "pushed for since the spring"
_NATIONAL_BODY = {"electoral", "national", "constitutional", "supreme", "transitional", "municipal", "city", "state", "ruling"}  # "the electoral council": a country's own
_ORG_NOUNS = {"bloc", "alliance", "agency", "organisation", "organization", "union", "council", "coalition", "commission"}
_MOVEMENT_NOUNS = {"group", "movement", "rebels", "militants"}
_OWNED = re.compile(r"(?:'s|\u2019s)?\s+((?:[a-z]+\s+)?(?:army|military|government|junta|regime|authorities|ministry|"
                    r"presidency|cabinet|parliament))\b")
_NP_WORDS = {"defence", "defense", "foreign", "ministry", "military", "army", "government", "state", "news", "agency", "office",
             "parliament", "presidency", "cabinet", "embassy", "mission", "delegation", "navy", "envoy", "spokesman",
             "interior", "senior", "top", "former", "powerful", "the", "of", "national", "security", "affairs", "diplomatic",
             "armed", "political", "wing", "commander", "chief", "leader", "leadership", "secretary-general"}
_NOT_STATE = re.compile(  # "German carmakers", "Palestinian factions", "Russian analysts": not the state
    r"(?:-[a-z]+)?\s+(?:[a-z]+\s+)?(?:carmakers|companies|company|firms?|businesses|banks?|media|newspapers?|press|analysts?|experts?|"
    r"scholars|researchers|citizens|nationals|people|voters|students|tourists|workers|families|doctors|journalists|activists|"
    r"fans|investors|markets|exporters|importers|farmers|opposition|protesters|refugees|migrants|hostages|prisoners|civilians|"
    r"residents|communities|diaspora|clerics|factions|groups|gunmen|tycoons?|oligarchs?|billionaires?|athletes|team|club|"
    r"industry|association|federation|unions|lobby|chamber)\b")
_NON_ACTOR_START = re.compile(
    r"\s*(?:The\s+|Some\s+|Many\s+|Several\s+|Other\s+)?(?:[A-Z][a-z]+\s+)?(?:economists|analysts|experts|witnesses|residents|activists|"
    r"aid agencies|aid groups|rights groups|human rights groups|doctors|medics|observers|critics|scholars|researchers|"
    r"journalists|protesters|traders|investors|families|lawyers|monitors|campaigners|sources|diplomats|people|villagers|"
    r"relatives|survivors|officials at|executives|companies|carmakers|banks)\b", re.I)
_SUBJECT_PREP = re.compile(r"\b(?i:in|at|for|from|near|across|inside|outside|against|with|over|to|on|into|towards?|around|"
                           r"through|between|among|including|like|than|of)\s+(?:the\s+)?(?:[a-z]+\s+)?$")
_MILITARY = {"air", "armed", "forces", "force", "troops", "naval", "coast", "border", "police", "intelligence", "command",
             "authorities", "officials", "leaders", "leadership", "side", "counterparts", "people"}
_NOT_TARGET = re.compile(r"\b(?:of|in|from|over|under|near|into|across|inside|outside|including|like|between|toward|towards)\s+(?:the\s+)?(?:[a-z]+\s+)?$")
_SAID = re.compile(r"\b(?:said|says|told|added|stressed|noted|declared|wrote|continued)\b")
_ANAPHORIC = {"soldiers", "junta", "rulers", "generals", "idea", "condition", "criticism", "invitation", "veto", "execution",
              "step", "initiative", "decision", "move", "accusation", "accusations", "claim", "claims", "launch", "strikes", "strike", "drills",
              "exercises", "stopover", "expulsion", "ultimatum", "request", "demand", "demands", "proposal", "plan", "call",
              "result", "results", "election", "vote", "outcome", "re-election", "agreement", "deal",
              "conditions", "threat", "threats", "offer", "remarks", "statement", "attack", "attacks", "action",
              "measures", "suspension", "visit", "policy", "offensive", "allegations", "charges",
              "report", "reports", "charge", "invasion", "incursion", "annexation", "test", "tests", "deployment", "operation",
              "closure", "escalation", "downing", "provocations", "violations"}
_ACTION_NOUNS = {"execution", "veto", "detention", "strikes", "strike", "attack", "attacks", "launch", "drills", "exercises", "offensive", "shelling", "raid",
                 "raids", "deployment", "test", "tests", "incursion", "invasion", "operation", "stopover", "expulsion", "move",
                 "decision", "suspension", "annexation", "bombing", "blockade", "sanctions", "measures", "seizure", "expulsions",
                 "closure", "escalation", "downing"}
_CONDITION_OF = re.compile(r"\b(?:until|unless|if|once)\s(?:(?!\band\s)[^,;:.\"\u201c\u201d]){0,60}$")
_SUSPENDED = re.compile(r"(?:suspend|froze|freez|withdr|pull)\w*\s.*?\b((?:(?!(?:the|a|an|its|their|his|her)\s)[a-z]+\s+)?(?:deals?|accords?|agreements?|treat(?:y|ies)))$", re.I)
_AUTHORED = {"sanctions", "seizure", "expulsions", "designation", "measures"}  # "rejected the sanctions": whoever imposed them
_ACCUSATIONS = {"accusation", "accusations", "allegation", "allegations", "claim", "claims", "charge", "charges"}
_NOUN_STANCE = {"idea": "offer", "veto": "reject", "condition": "demand", "invitation": "offer",
                "ultimatum": "threaten", "threat": "threaten", "threats": "threaten", "warning": "threaten",
                "proposal": "offer", "offer": "offer", "plan": "offer", "request": "demand", "demand": "demand",
                "demands": "demand", "call": "demand", "conditions": "demand", "accusation": "criticize",
                "accusations": "criticize", "allegations": "criticize", "charges": "criticize", "claims": "criticize",
                "criticism": "criticize", "agreement": "agree", "deal": "agree", "accord": "agree", "truce": "agree"}
_PHRASE_SKIP = {"the", "a", "an", "any", "its", "their", "his", "her", "new", "further", "for", "on", "upon", "to", "in", "from",
                "this", "that", "these", "those", "such", "of", "with", "about", "over", "at", "against"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "late", "early",
             "tomorrow", "repeatedly", "again", "also", "formally", "publicly", "strongly", "firmly", "long",
             "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
             "december", "attend", "hold", "join", "resume", "host", "start", "begin"}
_PHRASE_STOP = {"through", "under", "over", "into", "across", "between", "within", "without", "amid", "despite",
                "near", "around", "is", "was", "early", "late", "next", "last", "today", "tomorrow", "yesterday", "were", "are", "would", "will", "had", "has",
                "and", "but", "or", "that", "which", "who", "if", "unless", "until", "by", "in", "on", "at", "from", "after",
                "before", "as", "while", "to", "with", "for", "because", "since", "saying", "said", "during", "when", "of"}
_UNNAMED_SOURCE = re.compile(r"[\"\u201d],?\s+(?:an?|one|some|another)\s+[^\"\u201c]{0,50}?\b(?:said|says|told|added)\b"
                             r"|\b(?:said|says|told|added)\s+(?:an?|one|some|another)\s+")
_QUOTE_SPAN = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,}?)[\"\u201d]")
_TITLE_NAME = re.compile(r"((?:[A-Z][a-z'\u2019.-]+|al-[A-Z][a-z'-]+|bin|de|von|der)(?:\s+(?:[A-Z][a-z'\u2019.-]+|al-[A-Z][a-z'-]+|bin|de|von|der)){1,4})")
_STRONGEST = re.compile(r"^\s*[\"\u201c]?in the (?:strongest|clearest) (?:possible )?terms[\"\u201d]?,?")
_STANCE_VERB = {"support": "supports", "criticize": "criticizes", "demand": "demands", "reject": "rejects",
                "threaten": "threatens", "agree": "agrees with", "offer": "offers", "meet": "meets", "deny": "denies"}


@dataclass
class _Ref:
    """An actor reference inside a sentence: a gazetteer mention, a pronoun or a generic noun."""

    start: int
    end: int
    actors: tuple[str, ...]
    kind: str
    person: str = ""


@dataclass
class _Context:
    """What the article has told us so far: learned people, bindings of "the army", last speakers."""

    people: dict[str, str] = field(default_factory=dict)
    generic: dict[str, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    last_subject: tuple[str, ...] = ()
    last_speaker: str = ""
    last_person_actor: str = ""
    last_org: str = ""
    last_movement: str = ""
    agents: list[str] = field(default_factory=list)
    accusers: dict[str, str] = field(default_factory=dict)
    last_by_stance: dict[str, str] = field(default_factory=dict)
    last_pair: tuple[str, ...] = ()
    history: list[tuple[str, str]] = field(default_factory=list)
    people_re: re.Pattern[str] | None = None
    previous_countries: tuple[str, ...] = ()
    last_group: tuple[str, ...] = ()  # the actors who last took one stance together ("Mali, Burkina Faso and Niger")


@lru_cache(maxsize=4096)
def _mentions(text: str) -> list[Mention]:
    """Actor mentions of a sentence, cached: each sentence is looked at several times."""
    return find_actors(text)


def _sentences(article: Article) -> list[tuple[int, str]]:
    return [(s.paragraph, s.text) for s in analyse(article, "english").sentences]


def _quote_spans(sentence: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(sentence)]
    stripped = sentence.lstrip()
    if stripped[:1] in "\"\u201c" and not spans:  # an opening quote that runs to the end of the sentence
        spans.append((sentence.index(stripped[0]), len(sentence)))
    return spans


def _learn_people(sentence: str, mentions: list[Mention], ctx: _Context) -> None:
    """Register "Iranian Foreign Minister Abbas Araghchi" → Iran for the rest of the article."""
    gaz = gazetteer()
    added = False
    for m in mentions:
        parts = m.text.split()
        if m.kind == PERSON and len(parts) >= 2:
            for token in (parts[0], parts[-1]):
                if len(token) > 2 and token not in gaz.surfaces and token.lower() not in gaz.titles and token not in ctx.people:
                    ctx.people[token] = m.actor
                    added = True
    for match in _TITLE_NAME.finditer(sentence):
        tokens = match.group(1).split()
        owner = ""
        titled = False
        i = 0
        while i < len(tokens):
            word, pair = tokens[i], " ".join(tokens[i:i + 2]).lower()
            if word in gaz.surfaces:
                owner = gaz.surfaces[word][0] or owner
                i += 1
            elif pair in gaz.titles and i + 1 < len(tokens):
                titled, i = True, i + 2
            elif word.lower().rstrip(".") in gaz.titles or word.lower() in _NP_WORDS:
                titled = titled or word.lower().rstrip(".") in gaz.titles
                i += 1
            else:
                break
        words = tokens[i:]
        if len(words) < 2 or any(w in gaz.surfaces for w in words) or " ".join(words) in ctx.people:
            continue
        before = sentence[max(0, match.start() - 60):match.start()]
        tail = re.findall(r"[\w.-]+", before)[-4:]
        titled = titled or any(w.lower().rstrip(".") in gaz.titles for w in tail)
        if not titled:
            continue
        if not owner:
            near = [m for m in mentions if m.end <= match.start() and match.start() - m.end <= 45]
            owner = near[-1].actor if near else ""
        generic = re.search(r"\b(army|military|junta|government)\b", before[-30:], re.I)
        if not owner and generic:
            owner = _generic_actor(generic.group(1).lower(), ctx)
        state_title = re.search(r"\b(?:president|prime minister|foreign (?:minister|secretary)|defen[cs]e minister|"
                                r"minister|chancellor|spokes(?:man|woman|person))\s*$", before[-25:] + " " + " ".join(tokens[:i]), re.I)
        if not owner and state_title and ctx.counts:
            owner = ctx.counts.most_common(1)[0][0]  # an unnamed government's official: the country the story is about
        if not owner:
            continue
        ctx.people[" ".join(words)] = owner
        last = words[-1]
        if len(last) > 3 and last not in gaz.ambiguous_surnames:
            ctx.people.setdefault(last, owner)
        added = True
    if added:
        ctx.people_re = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(ctx.people, key=len, reverse=True)) + r")\b")


def _generic_actor(noun: str, ctx: _Context) -> str:
    head = noun.split()[-1]
    if head == "court":
        return ctx.last_org if "Court" in ctx.last_org else ""  # "the court's jurisdiction": the ICC, not a national court
    if head == "commission" and noun == head and ctx.counts.get("European Union"):
        return "European Union"  # "the Commission" in a story about the EU is the European Commission
    if head in _ORG_NOUNS and noun in ctx.generic:
        return ctx.generic[noun]  # "the coalition" after "the Saudi-led coalition"
    if head in _ORG_NOUNS and noun.split()[0] not in _NATIONAL_BODY:
        return ctx.last_org
    if head in _MOVEMENT_NOUNS:
        return ctx.last_movement
    if noun in ctx.generic:
        return ctx.generic[noun]
    if head in ctx.generic:
        return ctx.generic[head]
    countries = [a for a, _ in ctx.counts.most_common() if a not in (ctx.last_org, ctx.last_movement)]
    return countries[0] if countries else ""


def _refs(sentence: str, mentions: list[Mention], ctx: _Context, speaker_actor: str) -> list[_Ref]:
    """Mentions, learned people, pronouns and generic nouns, merged where they name one actor."""
    refs = [_Ref(m.start, m.end, (m.actor,), m.kind, m.person) for m in mentions
            if not (m.kind == DEMONYM and (m.text.endswith("s") and not m.text.endswith("ss") or _NOT_STATE.match(sentence[m.end:])))]
    taken = [(m.start, m.end) for m in mentions]
    for start, end, members in find_collectives(sentence):
        if not any(s < end and start < e for s, e in taken):
            refs.append(_Ref(start, end, members, "country"))
            taken.append((start, end))
    if ctx.people_re:
        for match in ctx.people_re.finditer(sentence):
            if not any(s <= match.start() < e for s, e in taken):
                refs.append(_Ref(match.start(), match.end(), (ctx.people[match.group(1)],), PERSON, match.group(1)))
    for led in _LED_BY.finditer(sentence):
        leader = _mentions(led.group(1))
        if leader and not any(s < led.end() and led.start() < e for s, e in taken):
            ctx.generic[led.group(2)] = leader[0].actor  # "the Saudi-led coalition": later "the coalition" is Saudi Arabia's
            refs.append(_Ref(led.start(), led.end(), (leader[0].actor,), "country"))
            taken.append((led.start(), led.end()))
    for match in _GENERIC.finditer(sentence):
        noun = match.group(1).lower()
        before = sentence[:match.start()]
        owner = re.search(r"(?:'s|\u2019s)\s*$", before)
        prev = [r for r in refs if r.end <= match.start() and match.start() - r.end <= 4]
        if owner or prev:
            continue
        actor = _generic_actor(noun, ctx)
        place = [r for r in refs if r.end <= match.start() and r.kind in ("country", METONYM, CAPITAL)
                 and re.match(r"\s*In\s+$", sentence[:r.start])]
        if place and noun.split()[-1] not in _ORG_NOUNS | _MOVEMENT_NOUNS:
            actor = place[0].actors[0]  # "In Moldova, ..., the government declared": the place's government
        earlier = [r for r in refs if r.end <= match.start() and r.kind != "pronoun"]
        if match.group(0).startswith(("its ", "their ")) and len(earlier) >= 2 and earlier[-1].kind in ("country", METONYM, CAPITAL):
            actor = earlier[-1].actors[0]  # "has given Lebanon aid to support its army": the nearest owner
        if actor:
            refs.append(_Ref(match.start(1), match.end(1), (actor,), "generic"))
    spokesman = _BARE_SPOKESMAN.match(sentence) or _ITS_OFFICIAL.match(sentence)
    if spokesman and ctx.last_subject[:1] and ctx.last_subject[0]:
        refs.append(_Ref(spokesman.start(1), spokesman.end(1), ctx.last_subject[:1], "generic"))  # "A spokesman urged ...": the last speaker's
    numbered = _NUMBERED_GROUP.search(sentence)
    if numbered and len(ctx.last_group) == _NUMBERS[numbered.group(1).lower()] \
            and not any(r.start < numbered.end() and numbered.start() < r.end for r in refs):
        refs.append(_Ref(numbered.start(), numbered.end(), ctx.last_group, "country"))  # "the three Sahel states": the last three
    for match in _SIDES.finditer(sentence):
        here = tuple(dict.fromkeys(r.actors[0] for r in refs if r.end <= match.start() and r.kind == PERSON))
        if re.search(r"leaders|men", match.group(0)) and len(here) >= 2:
            pair = here[:2]  # "spoke with Colombian President Petro, and the two leaders agreed"
        else:
            pair = ctx.last_pair or tuple(a for a, _ in ctx.counts.most_common(2))
            if len(ctx.previous_countries) == 2 and "countr" in match.group(0):
                pair = ctx.previous_countries  # "... asked Canada ... The two countries agreed": the last two named
        if pair:
            refs.append(_Ref(match.start(), match.end(), pair, "generic"))
    quotes = _quote_spans(sentence)
    for match in _PRONOUN.finditer(sentence):
        word = match.group(1) if match.group(1) == "I" else match.group(1).lower()
        if " " in word:
            word = "he"
        inside = any(s <= match.start() < e for s, e in quotes)
        if word in ("we", "I"):
            if not inside:
                continue
            actors = (speaker_actor,) if speaker_actor else ctx.last_subject[:1]
        elif word == "they":
            first = [i for i, r in enumerate(refs) if r.end <= match.start() and r.kind != "pronoun"]
            earlier = tuple(a for r in _coordinated(refs, first[0], sentence, leftward=False) for a in r.actors) if first else ()
            actors = earlier or ctx.last_subject
        else:
            earlier = _sentence_subject(refs, match.start())
            fallback = (ctx.last_person_actor,) if word in ("he", "she") and ctx.last_person_actor else ctx.last_subject[:1]
            actors = earlier[:1] if earlier else fallback
        if actors and actors[0]:
            refs.append(_Ref(match.start(), match.end(), tuple(actors), "pronoun", ctx.last_speaker if word in ("he", "she", "I") else ""))
    refs.sort(key=lambda r: (r.start, -r.end))
    merged: list[_Ref] = []
    for ref in refs:
        if merged and ref.start < merged[-1].end:
            continue
        if merged and merged[-1].actors == ref.actors and ref.kind != "pronoun" and merged[-1].kind != "pronoun":
            gap = sentence[merged[-1].end:ref.start]
            if re.fullmatch(r"(?:'s|\u2019s)?(?:\s+[\w.-]+){0,4}\s*", gap) and len(gap) <= 40 and all(
                    w[0].isupper() or w.lower() in gazetteer().titles or w.lower() in _NP_WORDS for w in gap.replace("'s", "").split()):
                last = merged[-1]
                merged[-1] = _Ref(last.start, ref.end, last.actors, last.kind if last.kind != DEMONYM else ref.kind,
                                  ref.person or last.person)
                continue
        if merged and ref.kind != "pronoun" and re.fullmatch(r"(?:'s|\u2019s)\s+(?:[a-z-]+\s+)?", sentence[merged[-1].end:ref.start]) \
                and merged[-1].kind in ("country", METONYM, CAPITAL) and ref.kind == MOVEMENT:
            merged[-1] = ref  # "Yemen's Houthi rebels": the possessor only locates the head
            continue
        if merged and ref.kind == ORG and merged[-1].kind in ("country", METONYM) \
                and re.fullmatch(r"(?:'s|\u2019s)\s+", sentence[merged[-1].end:ref.start]) \
                and re.match(r"\s+(?:ambassador|envoy|representative|mission|delegation|delegate)\b", sentence[ref.end:], re.I):
            continue  # "China's UN ambassador": China's voice at the UN
        merged.append(ref)
    return merged


def _sentence_subject(refs: list[_Ref], before: int) -> tuple[str, ...]:
    first = [r for r in refs if r.end <= before and r.kind != "pronoun"]
    return first[0].actors if first else ()


def _coordinated(refs: list[_Ref], index: int, sentence: str, leftward: bool) -> list[_Ref]:
    """The reference at `index` and those joined to it by "and" ("A and B", "A, B and C")."""
    group = [refs[index]]
    links: list[bool] = []  # True when the link contains "and"/"or"
    i = index
    if refs[index].kind == "pronoun":
        return group
    while True:
        j = i - 1 if leftward else i + 1
        if j < 0 or j >= len(refs):
            break
        a, b = (refs[j], refs[i]) if leftward else (refs[i], refs[j])
        gap = sentence[a.end:b.start]
        if refs[j].kind == "pronoun" or not _COORD.match(gap):
            break
        owned = re.match(r"(?:'s|\u2019s)\s+([a-z-]+)", gap)
        if owned and owned.group(1) not in _NP_WORDS and owned.group(1) not in gazetteer().titles:
            break  # "Russia's consent, and ...": a possessor, not a coordinated actor
        links.append(bool(re.search(r"\b(?:and|or)\b", gap)))
        group.append(refs[j])
        i = j
    # leftward the link next to the head must be "and"; rightward the last link must be "and"
    while links and not (links[0] if leftward else links[-1]):
        if leftward:
            return group[:1]
        links.pop()
        group.pop()
    return group[::-1] if leftward else group


def _phrase(text: str) -> str:
    """A short issue phrase from the words after a cue: "for an end to the fighting" → "end to the fighting"."""
    text = _STRONGEST.sub("", text)  # "condemned 'in the strongest terms' the attacks": the attacks
    words = re.findall(r"[\w'\u2019-]+|[^\w\s]", text)
    out: list[str] = []
    for index, word in enumerate(words):
        low = word.lower()
        if not out and (low in _PHRASE_SKIP or low in _WEEKDAYS or low == "not" or word in "\"\u201c\u201d'"):
            continue
        if out and low in ("to", "of", "on") and len(out) <= 2 and out[-1].lower() not in _PHRASE_STOP \
                and index + 1 < len(words) and (words[index + 1].lower() in ("the", "a", "an") or words[index + 1][:1].isupper()):
            out.append(word)
            continue
        if not re.match(r"[\w'\u2019-]", word) or (out and low in _PHRASE_STOP and out[-1].lower() not in ("to", "of", "on")) \
                or len(out) >= 5:
            break
        out.append(word)
    while out and out[-1].lower() in _PHRASE_STOP | _PHRASE_SKIP:
        out.pop()
    return " ".join(out)


def _record(sentence: str, article: Article, actor: str, stance: str, target: str, speaker: str,
            conditional: bool, negated: bool, quote: str) -> Position:
    return Position(actor=actor, stance=stance, target=target, speaker=speaker, conditional=conditional, negated=negated,
                    quote=quote, sentence=sentence, article=article.id, source=article.source)


def _sentence_positions(sentence: str, article: Article, ctx: _Context) -> tuple[list[Position], bool]:
    """Positions stated in one sentence; also whether a cue occurred inside its quotes."""
    mentions = _mentions(sentence)
    _learn_people(sentence, mentions, ctx)
    quotes = _quote_spans(sentence)
    outside = [m for m in mentions if not any(s <= m.start < e for s, e in quotes)]
    refs = _refs(sentence, mentions, ctx, outside[0].actor if outside and quotes else "")
    quote = " … ".join(sentence[s:e].strip("\"\u201c\u201d ") for s, e in quotes)
    cues = _kept_cues(sentence, mentions)
    attributed = quotes and any(not any(s <= m.start() < e for s, e in quotes) for m in _SAID.finditer(sentence))
    pronoun_said = re.search(r"\b(?:he|she|they)\s+(?:said|says|told|added)\b|\b(?:said|says|told|added)\s+(?:he|she|they)\b", sentence)
    owner = (_quote_speaker(sentence, quotes, ctx) or (ctx.last_person_actor if pronoun_said else "")) if quotes else ""
    quoted_by_nobody = bool(attributed) and not owner
    results: list[tuple[int, Position]] = []
    cue_in_quote = False
    previous: tuple[int, int, tuple[str, ...]] | None = None  # (start, end, actors) of the last cue
    previous_stance = ""
    previous_targets: list[str] = []
    for n, (stance, start, end, text) in enumerate(cues):
        in_quote = any(s <= start < e for s, e in quotes)
        if _skip_cue(sentence, stance, start, text, previous, previous_stance) or quoted_by_nobody and in_quote:
            continue
        found = _holder(sentence, refs, stance, start, end, text, previous, ctx)
        if found is None:
            continue
        actors, subject_ref, preset, end = found
        next_start = cues[n + 1][1] if n + 1 < len(cues) else len(sentence)
        stop = _CLAUSE_END.search(sentence[end:next_start])
        window_end = end + (stop.start() if stop else next_start - end)
        between = _between(sentence, refs, start, window_end) if stance in ("agree", "meet") else []
        if not actors and not between:
            continue
        cue_in_quote = cue_in_quote or in_quote
        mediation = stance == "offer" and re.match(r"\s*(?:to\s+)?mediat(?:e|ing)\b", sentence[end:window_end])
        hosting = stance == "offer" and re.match(r"\s*(?:to\s+)?(?:host|organi[sz]e|arrange|convene)\s+(.*)", sentence[end:window_end])
        pronoun_object = re.match(r"\s*(?:on\s+)?(?:it|him|her)\b", sentence[end:window_end])
        named = [r for r in refs if r.end <= start and r.kind not in ("pronoun", "generic") and not set(r.actors) & set(actors)]
        if pronoun_object and named and not preset:  # "regarded Israel as a friend and urged it to ...", "accusing it of"
            targets = list(named[-1].actors[:1])
        else:
            targets = preset or (["mediation"] if mediation else [_phrase(hosting.group(1))] if hosting and _phrase(hosting.group(1))
                                 else _targets(sentence, refs, end, window_end, actors, stance, text))
        if not targets and previous_targets and re.match(r"\s*(?:them|him|her)\b", sentence[end:]):
            targets = [t for t in previous_targets if t not in actors]  # "spoke with X and Y and urged them to ..."
        if stance == "support" and text.lower().startswith("defend") and not targets and re.match(
                r"\s*(?:every|our|(?:the\s+)?(?:[a-z-]+\s+)?(?:country|territory|sovereignty|borders?|homeland|interests|rights|people|nation|"
                r"mosque|shrine|holy sites?|frontiers?)\b|(?:[A-Za-z]+-)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?\s+(?:mosque|shrine)\b)", sentence[end:window_end]):
            continue  # "will defend every inch of its territory": not support for anybody
        conditional, negated = _modality(sentence, stance, text, start, end, window_end, previous[1] if previous else 0)
        if negated and stance in ("threaten", "criticize", "support", "offer", "demand") and _SAID.search(sentence, 0, start) \
                and re.search(r"\b(?:had|has|have) never\s+$", sentence[:start]):
            stance, negated = "deny", False  # "said China had never threatened fishermen": a denial
        if stance == "support" and not targets and re.match(r"\s*(?:the|a|an|its|their)\s+(?:\w+\s+)?(?:advance|offensive|assault|attack|"
                                                            r"push|operation|campaign|troops|forces)\b", sentence[end:window_end]):
            continue  # "aircraft supporting the advance": military action, not a position
        own_body = re.match(r"\s*(?:on\s+|upon\s+)?(?:the\s+|its\s+|their\s+)?", sentence[end:window_end])
        if stance == "demand" and any(r.start == end + own_body.end() and r.kind != "pronoun" and set(r.actors) <= set(actors) for r in refs):
            continue  # "called on the army to find those responsible": inside one actor

        if between:
            pairs = [(a, b, "") for a in between for b in between if a != b]
        elif stance in ("agree", "meet") and len(actors) > 1 and not targets:  # "A and B agreed": each with the other
            blocs = [set(r.actors) for r in refs if r.kind == "country" and len(r.actors) > 1]  # "the E3" meets Iran, not itself
            pairs = [(a, b, _speaker(a, subject_ref, refs)) for a in actors for b in actors
                     if a != b and not any(a in bloc and b in bloc for bloc in blocs)]
        else:
            if not targets and stance == "meet":
                continue
            if not targets and subject_ref and _ADJUNCT_ONLY.fullmatch(sentence[end:window_end]):
                antecedent = _ANTECEDENT_NOUN.search(sentence, 0, _group_start(refs, subject_ref, actors))
                if antecedent:  # "the clause that Russia had objected to", "a request Ottawa declined"
                    targets = [_fallback_target(sentence, refs, antecedent.start(1), antecedent.end(1), actors, stance, ctx)]
            passive_subject = re.search(r"\b(?:said|says|added|insisted|stressed)\s+(?:that\s+)?([^,;]+)$", sentence[:start]) \
                if stance == "reject" and re.search(r"\bbe\s+\w+$", text) else None
            if not targets and passive_subject and _phrase(passive_subject.group(1)):
                targets = [_phrase(passive_subject.group(1))]  # "said the vote would not be recognised": the vote
            targets = targets or [_fallback_target(sentence, refs, end, window_end, actors, stance, ctx, text)]
            pairs = [(a, t, _speaker(a, subject_ref, refs)) for a in actors for t in targets if t != a]
        for actor, target, speaker in pairs:
            own = quote if in_quote or actor == owner or not owner else ""  # a quote is evidence only for its speaker
            results.append((start, _record(sentence, article, actor, stance, target, speaker, conditional, negated, own)))
            if stance == "criticize" and target:
                ctx.accusers[target] = actor
        previous, previous_stance, previous_targets = (start, end, actors), stance, targets
    results.extend((at, p) if p.actor == owner or not owner else (at, _without_quote(p))
                   for at, p in _nominal(sentence, article, refs, ctx, quote))
    _fill_targets([p for _, p in results])
    _remember(sentence, refs, [p for _, p in results], ctx)
    return [p for _, p in sorted(results, key=lambda item: item[0])], cue_in_quote


def _speaker(actor: str, subject_ref: _Ref | None, refs: list[_Ref]) -> str:
    """The named person who speaks for `actor` in this sentence (not another actor's speaker)."""
    if subject_ref and actor in subject_ref.actors and subject_ref.person:
        return subject_ref.person
    return next((r.person for r in refs if r.actors == (actor,) and r.person and r.kind == PERSON), "")


def _without_quote(p: Position) -> Position:
    p.quote = ""
    return p


def _kept_cues(sentence: str, mentions: list[Mention]) -> list[tuple[str, int, int, str]]:
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


def _skip_cue(sentence: str, stance: str, start: int, text: str, previous: tuple[int, int, tuple[str, ...]] | None,
              previous_stance: str) -> bool:
    """Cues that state no position: hypotheticals, agreements not yet reached, the content of an accusation."""
    if _WHETHER.search(sentence[previous[1] if previous else 0:start]) and not _COND.search(text):
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


def _group_start(refs: list[_Ref], subject_ref: _Ref, actors: tuple[str, ...]) -> int:
    """Where a coordinated subject ("Russia and Algeria") begins."""
    return min((r.start for r in refs if r.end <= subject_ref.end and subject_ref.start - r.start <= 40
                and set(r.actors) & set(actors)), default=subject_ref.start)


def _first_of_group(refs: list[_Ref], index: int, sentence: str) -> int:
    group = _coordinated(refs, index, sentence, leftward=True)
    return refs.index(group[0])


def _relative_clauses(sentence: str) -> list[tuple[int, int, int]]:
    """Non-restrictive relative clauses ", who/which/whose ...,": (comma, end of the pronoun, end of the clause)."""
    out = []
    for match in _RELATIVE.finditer(sentence):
        stop = _CLAUSE_STOP.search(sentence, match.end())
        out.append((match.start(), match.end(), stop.start() if stop else len(sentence)))
    return out


def _relative_holder(sentence: str, refs: list[_Ref], start: int, clause: tuple[int, int, int]
                     ) -> tuple[tuple[str, ...], _Ref | None, list[str]] | None:
    """Who holds a cue inside a relative clause: "X, which Iran accused" → Iran (toward X); "X, who visited" → X."""
    comma, pronoun_end, _clause_end = clause
    before = [i for i, r in enumerate(refs) if r.end <= comma and r.kind != "pronoun"]
    antecedent = before[-1] if before and _ANTECEDENT_GAP.fullmatch(sentence[refs[before[-1]].end:comma]) else None
    if antecedent is not None and not _can_be_subject(sentence, refs[antecedent]) and len(before) > 1 \
            and re.fullmatch(r"[^,;]{0,50}", sentence[refs[before[-2]].end:refs[antecedent].start]):
        antecedent = before[-2]  # "the UN coordinator in Niger, who called for ...": the coordinator
    inner = [i for i, r in enumerate(refs) if pronoun_end <= r.start and r.end <= start and r.kind != "pronoun"]
    if inner and _INNER_GAP.fullmatch(sentence[refs[inner[-1]].end:start]) and _can_be_subject(sentence, refs[inner[-1]]) \
            and (len(sentence[pronoun_end:refs[_first_of_group(refs, inner[-1], sentence)].start].split()) <= 2
                 or re.search(r"\bthat\s+$", sentence[:refs[_first_of_group(refs, inner[-1], sentence)].start])):
        group = _coordinated(refs, inner[-1], sentence, leftward=True)
        owner = list(refs[antecedent].actors) if antecedent is not None else []
        return tuple(dict.fromkeys(a for r in group for a in r.actors)), refs[inner[-1]], owner
    if inner or antecedent is None:
        return None
    group = _coordinated(refs, antecedent, sentence, leftward=True)
    return tuple(dict.fromkeys(a for r in group for a in r.actors)), refs[antecedent], []


def _holder(sentence: str, refs: list[_Ref], stance: str, start: int, end: int, text: str,
            previous: tuple[int, int, tuple[str, ...]] | None, ctx: _Context
            ) -> tuple[tuple[str, ...], _Ref | None, list[str], int] | None:
    """(actors, subject reference, preset targets, cue end) for a cue; None when it states no position."""
    clause = next((c for c in _relative_clauses(sentence) if c[1] <= start < c[2]), None)
    if clause and not re.match(r"\s+by\b", sentence[end:]):
        found = _relative_holder(sentence, refs, start, clause)
        if found is None:
            return None
        return found[0], found[1], found[2], end
    if previous and any(c <= previous[0] < e and not c <= start < e for c, _p, e in _relative_clauses(sentence)):
        previous = None  # the last cue sat in a relative clause: "X, which Y accused of ..., denied"
    actors, subject_ref = _subject(sentence, refs, start, previous, ctx)
    passive = re.match(r"\s+by\s+(?:the\s+)?", sentence[end:])
    agent = [r for r in refs if passive and r.start == end + passive.end() and r.kind != "pronoun"]
    if agent:  # "an offensive supported by Russian air power": the agent holds the stance
        held = [r for r in refs if r.end <= start and r.kind != "pronoun" and r.actors != agent[0].actors]
        if not held:
            return None
        return agent[0].actors, agent[0], list(held[-1].actors), agent[0].end
    if passive and re.search(r"\b(?:been|was|were|be|being|is|are)\s+(?:\w+ly\s+)?$", sentence[:start]):
        return None  # "was criticised by the opposition": the agent is no actor, and the subject only suffered it
    if stance == "threaten" and text.lower().startswith("warn") and not _is_threat(sentence, end, refs, actors):
        return None
    if stance == "demand" and text.lower().startswith(("must", "should")):
        if actors and any(r.kind == "pronoun" and r.start < start for r in refs) and subject_ref and subject_ref.kind == "pronoun":
            return actors, subject_ref, [], end  # "we must ..." inside a quote
        quoted = [(s, e) for s, e in _quote_spans(sentence) if s <= start < e]
        if quoted:
            speaker = _quote_speaker(sentence, quoted, ctx)
            owners = [r for r in refs if quoted[0][0] <= r.start < start and speaker not in r.actors]
            return ((speaker,), None, list(owners[-1].actors) if owners else [], end) if speaker else None
        said = list(_SAID.finditer(sentence, 0, start))
        speakers = [r for r in refs if said and r.end <= said[-1].start() and _can_be_subject(sentence, r)]
        owners = [r for r in refs if r.end <= start and (not said or r.start >= said[-1].end())]
        if previous or not speakers or not owners:
            return None  # "insisting Assad must step down" is already the demand of "insisting"
        return speakers[-1].actors, speakers[-1], list(owners[-1].actors), end  # "officials said Assad must step down"
    return actors, subject_ref, [], end


def _modality(sentence: str, stance: str, text: str, start: int, end: int, window_end: int, clause_start: int) -> tuple[bool, bool]:
    """(conditional, negated): "if asked", "unless", "only if"; "not", "never", "no plans to" (a refusal is not negated)."""
    before = sentence[max(0, start - 40):start]
    negated = bool(_NEG.search(before)) and not _NEG_SKIP.search(sentence[max(0, start - 40):start + 4])
    if stance == "reject" and re.match(r"(?:did|does|do|will|would|could|can|shall|won't|wouldn't|cannot|can't)", text, re.I):
        negated = False
    conditional = bool(_COND.search(sentence[end:window_end])
                       or re.match(r",?\s*(?:but\s+)?only\s+(?:if|when|after|once)\b", sentence[window_end:])
                       or _COND_START.search(sentence[clause_start:start])
                       or re.search(r",\s*if\b[^,]*,\s*$", sentence[clause_start:start]))
    return conditional, negated


def _fill_targets(records: list[Position]) -> None:
    """A stance left without an actor target borrows the one named by another stance in the sentence."""
    canon = gazetteer().canonical_names
    named = [p.target for p in records if p.target and p.target in canon]
    for p in records:
        if named and (not p.target or p.stance == "threaten" and p.target not in canon):
            p.target = next((t for t in named if t != p.actor), p.target)


def _remember(sentence: str, refs: list[_Ref], records: list[Position], ctx: _Context) -> None:
    """Update the article memory: last holder per stance, last symmetric pair, subjects and speakers."""
    for p in records:
        ctx.last_by_stance[p.stance] = p.actor
    mutual = {(p.actor, p.stance, p.target) for p in records}
    pair = tuple(dict.fromkeys(p.actor for p in records if p.stance in ("agree", "meet") and (p.target, p.stance, p.actor) in mutual))
    named = {a for r in refs for a in r.actors}
    aimed = Counter((p.actor, p.stance) for p in records if p.target in named and p.stance not in ("agree", "meet"))
    both = [tuple(dict.fromkeys(p.target for p in records if (p.actor, p.stance) == key)) for key, n in aimed.items() if n == 2]
    if len(pair) >= 2:
        ctx.last_pair = pair
    elif both and len(both[0]) == 2:
        ctx.last_pair = both[0]  # "presented Israel and Hamas with a proposal ... urged both sides": the two addressed
    group = tuple(dict.fromkeys(p.actor for p in records))
    if len(group) >= 2 and len({p.stance for p in records}) == 1:
        ctx.last_group = group
    subject = _sentence_subject(refs, len(sentence))
    ctx.previous_countries = tuple(dict.fromkeys(r.actors[0] for r in refs if r.kind in ("country", METONYM, CAPITAL, DEMONYM)
                                                 and len(r.actors) == 1))
    eligible = [r for r in refs if r.kind != "pronoun" and _can_be_subject(sentence, r)]
    ctx.history.append((sentence, eligible[0].actors[0] if eligible else ""))
    if subject:
        ctx.last_subject = subject
        ctx.agents.append(subject[0])
    persons = [r for r in refs if r.person and r.kind != "pronoun"]
    if persons:
        ctx.last_speaker = persons[0].person
        ctx.last_person_actor = persons[0].actors[0]


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


def _subject(sentence: str, refs: list[_Ref], start: int, previous: tuple[int, int, tuple[str, ...]] | None,
             ctx: _Context) -> tuple[tuple[str, ...], _Ref | None]:
    """Who holds the stance of the cue at `start`: the nearest eligible reference to its left, with care."""
    head = sentence[:start]
    clauses = [(c, e) for c, _p, e in _relative_clauses(sentence) if not c <= start < e]
    left = [i for i, r in enumerate(refs) if r.end <= start and _can_be_subject(sentence, r)
            and not any(c <= r.start < e for c, e in clauses)]
    adjacent = [i for i, r in enumerate(refs) if r.end <= start and not sentence[r.end:start].strip() and r.kind != "pronoun"
                and (_can_be_subject(sentence, r) or re.search(r"\bwith\s+(?:the\s+)?$", sentence[max(0, r.start - 10):r.start]))]
    if adjacent and sentence[start:].split(" ", 1)[0].lower().endswith("ing"):
        left = [i for i in left if i < adjacent[-1]] + adjacent[-1:]  # "with Washington insisting ..."
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
    first_said = _SAID.search(sentence, 0, start)
    if first_said and len(gap.split()) > 4 and not any(refs[i].end <= first_said.start() for i in left) \
            and ref.start > first_said.end() and _NON_ACTOR_START.match(sentence):
        return (), None  # "Economists said ... but warned ...": the speaker is not an actor
    if previous and ref.end <= previous[0] and _foreign_clause(sentence[previous[1]:start]):
        return (), None  # "offering money ..., a proposal that rights groups have criticised"
    if previous and ref.end <= previous[0]:
        return previous[2], None  # no new subject since the last cue: "denied the accusations and called on Sweden"
    if previous and ref.start >= previous[1] and _VP_AND.match(gap):
        return previous[2], None  # "condemned the strikes and called on Israel": same subject
    said = [m for m in _SAID.finditer(sentence, refs[left[0]].end, ref.start)]
    if not previous and said and re.search(r"\band\s+(?:also\s+)?$", gap) and left[0] != index:
        speakers = [i for i in left if refs[i].end <= said[0].start()]
        if speakers:
            ref, index = refs[speakers[-1]], speakers[-1]  # "Kallas said both sides ... and warned": Kallas
    word = sentence[start:].split(" ", 1)[0].lower()
    if word.endswith("ing") and gap.strip() and not re.search(r"\b(?:is|are|was|were|been|be|and|while)\s+(?:\w+\s+)?$", head):
        # a participle ("..., rejecting again a Russian call"; "fighters in Syria supporting X"): the main subject
        if previous:
            return previous[2], None
        ref = refs[left[0]]
        group = _coordinated(refs, left[0], sentence, leftward=False)
        return tuple(dict.fromkeys(a for r in group for a in r.actors if a)), ref
    elif _foreign_clause(re.sub(r",\s+(?:which|who|whose)[^,]*,", ",", gap)):
        return (), None  # "proposed that member states refusing ...": the clause has a subject we cannot name
    group = _coordinated(refs, index, sentence, leftward=True)
    actors = tuple(dict.fromkeys(a for r in group for a in r.actors if a))
    return actors, ref


def _foreign_clause(gap: str) -> bool:
    """True when a subordinate clause with its own (unnamed) subject sits between the actor and the cue."""
    if re.search(r"\b(?!(?:said|says|and|but|warned|added|insisted|stressed)\b)[a-z]+\s+(?:that|which|who)\s+$", gap):
        return True  # "any move that threatened ...": the noun is the subject
    match = re.search(r"\b(?:that|which|who|whom)\s+((?:[\w'-]+\s+){1,5})$", gap)
    return bool(match) and not all(w in ("a", "an", "the", "its", "their", "his", "her") for w in match.group(1).split())


def _can_be_subject(sentence: str, ref: _Ref) -> bool:
    """Places are not speakers: "in Syria", "for Lebanon" (but "In Washington, officials said" is)."""
    before = sentence[max(0, ref.start - 14):ref.start]
    owned = re.match(r"(?:'s|\u2019s)\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", sentence[ref.end:])
    titles = gazetteer().titles
    if owned and ref.kind != "generic" and owned.group(1) not in titles and owned.group(1) not in _NP_WORDS \
            and f"{owned.group(1)} {owned.group(2)}" not in titles and owned.group(2) not in titles \
            and not _GENERIC.match("the " + sentence[ref.end + 3:].lstrip()):
        return False
    if not _SUBJECT_PREP.search(before):
        return True
    if re.search(r"\b(?i:observers|officials|monitors|inspectors|delegates|envoys|representatives|diplomats|negotiators|"
                 r"ministers|leaders|mediators|judges|prosecutors|secretary-general|secretary general|spokes(?:man|woman|person))\s+(?:from|of|at|for)\s+(?:the\s+)?$",
                 sentence[max(0, ref.start - 30):ref.start]):
        return True  # "Observers from the Organization of American States said": the organisation speaks
    at_start = re.match(r"\s*In\s+$", sentence[:ref.start]) and re.match(r",\s+[a-z]", sentence[ref.end:])
    return bool(at_start) and ref.kind in (METONYM, CAPITAL)


def _targets(sentence: str, refs: list[_Ref], end: int, window_end: int, actors: tuple[str, ...], stance: str,
             text: str = "") -> list[str]:
    if stance == "reject" and _SUSPENDED.match(text):
        return []  # "suspended a treaty that governs ... with Pakistan": the treaty
    if re.match(r"\s*(?:(?:the|any|a|an)\s+)?[a-z]+ing\b", sentence[end:window_end]) and stance in ("deny", "reject"):
        return []  # "denied supplying the Houthis", "opposed turning it into ...": an issue, not an actor
    inside = [i for i, r in enumerate(refs) if end <= r.start < window_end and r.kind != "pronoun"
              and not (set(r.actors) & set(actors))]
    inside = [i for i in inside if refs[i].kind == PERSON or not _NOT_TARGET.search(sentence[max(0, refs[i].start - 12):refs[i].start])]
    if stance in ("meet", "agree"):
        inside = [i for i in inside if _MEET_OBJECT.match(sentence[end:refs[i].start])
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
            and modifier.group(1) not in _NP_WORDS | _MILITARY and modifier.group(1) not in gazetteer().titles \
            and modifier.group(1) not in _NOUNS:
        return []  # "support a Saudi-Iranian dialogue": the dialogue, not Saudi Arabia
    group = [r for r in _coordinated(refs, inside[0], sentence, leftward=False) if r.start < window_end]
    return list(dict.fromkeys(a for r in group for a in r.actors if a not in actors))


def _fallback_target(sentence: str, refs: list[_Ref], end: int, window_end: int, actors: tuple[str, ...],
                     stance: str, ctx: _Context, text_of_cue: str = "") -> str:
    if re.match(r"\s*(?:to\s+)?mediat(?:e|ing)\b", sentence[end:window_end]):
        return "mediation"
    phrase = _phrase(sentence[end:window_end])
    head = phrase.split()[-1].lower() if phrase else ""
    first = phrase.split()[0].lower() if phrase else ""
    definite = re.match(r"\s*(?:(?:over|about|for|of|on|at|to|against|with)\s+)?(?:the|this|that|these|those|its|their|his|her|such)\s",
                        sentence[end:window_end], re.I)
    hosting = re.match(r"\s*(?:to\s+)?(?:host|organi[sz]e|arrange|convene)\s+(.*)", sentence[end:window_end])
    if hosting:
        return _phrase(hosting.group(1))  # "offered to host talks between A and B": the talks
    if re.match(r"\s*(?:it|them|this|that)\b", sentence[end:window_end]) \
            or stance == "deny" and re.match(r"\s*(?:on\s+|in\s+|last\s+)?(?:[A-Z][a-z]+|week|month|night)\s+that\b", sentence[end:window_end]):
        phrase = ""  # "denied on Saturday that ...": a that-clause, not an issue phrase
    suspended = _SUSPENDED.match(text_of_cue) if stance == "reject" else None
    if suspended:
        return suspended.group(1).lower()
    if stance in ("deny", "reject") and (not phrase and stance == "deny" or first in _ACCUSATIONS or head in _ACCUSATIONS
                                         or stance == "deny" and head in ("involvement", "role", "responsibility")):
        accuser = ctx.accusers.get(actors[0])
        if accuser:
            return accuser
        clause = re.split(r"[,;.]|\band\s+(?:said|says|added|told|called|urged|accused|warned)\b", sentence[end:])[0]
        about = re.match(r"\s*(?:\w+\s+){0,2}?that\s+.*?\b(?:any|an?)\s+(?!(?:\w+\s+)?(?:of|that)\b)(.+)", clause) if stance == "deny" else None
        if about and _phrase(about.group(1)):
            return _phrase(about.group(1))
        if stance == "deny" and not phrase:
            return _denied_content(clause, actors) or "accusations"  # "Moscow denies that": the claim of people who are not actors
    if stance in ("support", "criticize", "reject") and head in _ACCORDS:
        return phrase
    thing = _THING_BEFORE.match(sentence[end:window_end])
    if stance in ("reject", "support") and thing and phrase and not definite:
        return thing.group(1).lower()  # "would not join any trilateral arms-control negotiations": the negotiations  # "welcomed the deal": the deal itself, whoever signed it
    if not phrase or definite and (first in _ANAPHORIC or len(phrase.split()) <= 2 and head in _ANAPHORIC
                                   or stance in ("criticize", "reject") and phrase.lower() in _AUTHORED):
        clauses = [(c, e) for c, _p, e in _relative_clauses(sentence) if not c <= end < e]
        earlier = [r.actors[0] for r in refs if r.kind not in ("pronoun", "generic") and r.end <= end and r.actors[0] not in actors
                   and not any(c <= r.start < e for c, e in clauses)]
        if earlier:
            return earlier[0]  # "If Syria makes a request, we will study the request"
        for word in [w for w in (head, first) if w in _ACTION_NOUNS]:
            for text, agent in reversed(ctx.history):
                verb = re.search(r"\b" + re.escape(word[:5] if len(word) > 6 else word[:4]), text, re.I)
                if not verb or re.search(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?$", text[:verb.start()], re.I):
                    continue  # "denounced the drills" refers back too: look further
                before = [m.actor for m in _mentions(text) if m.end <= verb.start() and m.actor not in actors
                          and m.kind != DEMONYM and verb.start() - m.end <= 60]
                if before or agent and agent not in actors:
                    return before[-1] if before else agent  # "condemned the execution": whoever executed, as last reported
        for word in (first, head):
            holder = ctx.last_by_stance.get(_NOUN_STANCE.get(word, ""), "")
            if holder and holder not in actors:
                return holder
        salient = _salient(ctx, actors)
        if salient:
            return salient
    if stance == "offer" and phrase.lower() in ("talk", "talks", "negotiate", "engage", "discuss"):
        return _salient(ctx, actors) or phrase  # "ready to talk": with the other side of the story
    if stance == "reject" and (not phrase or phrase[:1].isdigit()):
        held = re.search(r"(deal|accord|agreement|treaty|talks|negotiations|cooperation|ties|relations)$", text_of_cue)
        if held:
            return held.group(1)  # "withdrew from the deal in 2018": the deal
    aimed = [r.actors[0] for r in refs if stance == "threaten" and end <= r.start < window_end and r.kind not in ("pronoun", DEMONYM)
             and r.actors[0] not in actors and re.search(r"\b(?:inside|against|on|in)\s+(?:the\s+)?$", sentence[end:r.start])]
    if aimed and not definite:
        return aimed[0]  # "threatened to carry out more attacks inside Turkey": Turkey
    if stance == "threaten" and first in ("retaliate", "respond", "act", "strike", "hit"):
        return _salient(ctx, actors) or phrase  # "threatened to retaliate": against the other side of the story
    return phrase


_SELF = {"it", "he", "she", "they", "we", "the country", "the government", "its forces", "its troops"}
_THAT_CLAUSE = re.compile(r"\s*(?:\w+\s+){0,2}?that\s+((?:[\w'\u2019-]+\s+){1,5}?)(?:(?:had|has|have|was|were|is|are|would|will|could|"
                          r"did|been|ever|never|not)\s+)*(?:[a-z]+(?:ed|ing)|sought|sent|made|gave|took|built|shot|fought|hit|"
                          r"led|held|struck|sold|bought|broke|stole|ran|knew)\b(.*)")


def _denied_content(clause: str, actors: tuple[str, ...]) -> str:
    """What a that-clause denies: its object ("denied that police had used excessive force"), else its subject
    ("denied that its regular troops are fighting"), unless the subject is the denier itself."""
    match = _THAT_CLAUSE.match(clause)
    if not match:
        return ""
    rest = match.group(2)
    if not re.match(r"\s*(?:to|in|into|on|at|from|over|across|with|by|for|against|near|inside|any|that|as|since|after|before)\b", rest):
        obj = _phrase(rest)
        if obj:
            return obj
    subject = match.group(1).strip()
    mentions = {m.actor for m in _mentions(subject)}
    if subject.lower() in _SELF or mentions & set(actors) or re.match(r"(?:its|their|his|her)\s+(?:own\s+)?(?:government|country)\b", subject):
        return ""
    return _phrase(subject)


def _is_threat(sentence: str, end: int, refs: list[_Ref], actors: tuple[str, ...]) -> bool:
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


def _salient(ctx: _Context, exclude: tuple[str, ...]) -> str:
    """The actor the article is mostly about, other than `exclude`: who "the decision" or "the launch" belongs to."""
    for actor, _count in Counter(ctx.agents).most_common():
        if actor not in exclude:
            return actor
    for actor, _count in ctx.counts.most_common():
        if actor not in exclude:
            return actor
    return ""


def _between(sentence: str, refs: list[_Ref], start: int, end: int) -> list[str]:
    match = _BETWEEN.search(sentence, max(0, start - 60), end)
    if not match:
        return []
    after = [i for i, r in enumerate(refs) if r.start >= match.end() and r.kind != "pronoun"
             and not re.search(r"\b(?:in|at|near|inside|outside|across|from)\s+(?:the\s+)?$", sentence[max(0, r.start - 12):r.start])]
    if not after:
        return []
    first = after[0]
    owner = re.match(r"\s*(?:its|their)\s+[\w\s-]{1,40}?\s+and\s+(?:the\s+)?$", sentence[match.end():refs[first].start])
    subject = [r for r in refs if r.end <= match.start() and r.kind != "pronoun" and _can_be_subject(sentence, r)]
    if owner and subject and subject[0].actors[0] not in refs[first].actors:
        return [subject[0].actors[0], refs[first].actors[0]]  # "a hotline between its command and the Israeli air force"
    group = _coordinated(refs, first, sentence, leftward=False)
    if len(group) < 2:
        second = [i for i in after[1:] if re.match(r"^[^,;]{0,60}\band\b", sentence[refs[first].end:refs[i].start])]
        if second:
            group = [refs[first], refs[second[0]]]
    names = list(dict.fromkeys(a for r in group for a in r.actors))
    return names if len(names) > 1 else []


def _nominal(sentence: str, article: Article, refs: list[_Ref], ctx: _Context, quote: str) -> list[tuple[int, Position]]:
    """Stance nouns with an explicit holder: "Turkey's extradition request", "criticism from Putin"."""
    out: list[tuple[int, Position]] = []
    subject = _sentence_subject(refs, len(sentence))
    for ref in refs:
        if ref.kind in ("pronoun", "generic"):
            continue
        actor = ref.actors[0]
        match = _HOLDER_BEFORE.match(sentence[ref.end:])
        stance = ""
        target = ""
        if match:
            stance = _NOUNS[match.group(1)]
            noun_end = ref.end + match.end()
            rest = sentence[noun_end:]
            after = [r for r in refs if r.start >= noun_end and r.kind != "pronoun" and actor not in r.actors
                     and len(sentence[noun_end:r.start].split()) <= (2 if re.match(r"\s+of\b", rest) else 5)]
            target = after[0].actors[0] if after else ""
            of = re.match(r"\s+(?:of|for|on)\b", rest)
            if not target and of:
                target = _phrase(rest[of.end():])
            if not target and subject and subject[0] != actor and subject[0] != ref.actors[0] and refs[0] is not ref:
                target = subject[0]
            target = target or _salient(ctx, (actor,))
        else:
            before = _HOLDER_AFTER.search(sentence[:ref.start])
            if before:
                stance = _NOUNS[before.group(1)]
                target = subject[0] if subject and subject[0] != actor else ""
                index = refs.index(ref)
                for other in _coordinated(refs, index, sentence, leftward=False)[1:]:
                    if target and other.actors[0] != target:
                        out.append((other.start, _record(sentence, article, other.actors[0], stance, target, other.person,
                                                         False, False, quote)))
        visit = _VISIT.search(sentence[:ref.start][-40:]) if ref.kind in ("country", METONYM, CAPITAL) else None
        if visit and not stance:
            earlier = [r for r in refs if r.end <= ref.start and actor not in r.actors]
            holder = earlier[-1].actors[0] if earlier else ""
            if holder and holder != actor:
                out.append((ref.start, _record(sentence, article, holder, "meet", actor, ctx.last_speaker, False, False, "")))
            continue
        if stance and target != actor:
            out.append((ref.start, _record(sentence, article, actor, stance, target, ref.person, False, False, quote)))
    return out


def extract_positions(article: Article) -> list[Position]:
    """Every diplomatic position stated in one article, in reading order."""
    ctx = _Context()
    positions: list[Position] = []
    last_records: list[Position] = []
    quoted_before = False
    for _paragraph, sentence in _sentences(article):
        _count_mentions(sentence, ctx)
        previous_speaker, previous_subject = ctx.last_person_actor, ctx.last_subject
        records, cue_in_quote = _sentence_positions(sentence, article, ctx)
        records = _dedupe(records)
        quotes = _quote_spans(sentence)
        if last_records and not cue_in_quote and _is_quote_sentence(sentence, quotes):
            named = _quote_speaker(sentence, quotes, ctx)
            speaker = named or previous_speaker
            carried = [p for p in last_records if p.stance != "meet" and (not speaker or p.actor == speaker)
                       and (named or quoted_before or not previous_subject or p.actor in previous_subject)][-1:]
            # "X's minister said Russia had made demands. 'We came for peace,' he said": not Russia's stance
            if not named and _UNNAMED_SOURCE.search(sentence):
                carried = []  # "..., a senior European diplomat said": a new, unnamed voice continues nobody's stance
            quote = " … ".join(sentence[s:e].strip("\"\u201c\u201d ") for s, e in quotes)
            records = _dedupe(records + [_record(sentence, article, p.actor, p.stance, p.target, p.speaker, p.conditional,
                                                 p.negated, quote) for p in carried])
        last_records = [p for p in records if p.stance != "meet"]
        quoted_before = _is_quote_sentence(sentence, quotes)
        positions.extend(records)
    return positions


def _count_mentions(sentence: str, ctx: _Context) -> None:
    """Article-level memory: how often each country appears, the last organisation, who "the army" is."""
    for m in _mentions(sentence):
        if m.kind in ("country", DEMONYM, METONYM, CAPITAL):
            ctx.counts[m.actor] += 1
        elif m.kind == ORG:
            ctx.last_org = m.actor
        elif m.kind == MOVEMENT:
            ctx.last_movement = m.actor
        if _HOLDS_CHAIR.match(sentence[m.end:]) and m.kind in ("country", METONYM):
            ctx.generic["presidency"] = m.actor  # "South Africa, which holds the rotating presidency": "the presidency" later
        owner = _OWNED.match(sentence[m.end:])
        if owner and m.kind in ("country", DEMONYM, METONYM):
            ctx.generic[owner.group(1).lower()] = m.actor
            ctx.generic[owner.group(1).split()[-1].lower()] = m.actor


def _is_quote_sentence(sentence: str, quotes: list[tuple[int, int]]) -> bool:
    """A sentence that is (mostly) somebody's words: it can continue that speaker's stance."""
    if not quotes:
        return False
    inside = sum(e - s for s, e in quotes)
    return sentence.lstrip()[:1] in "\"\u201c" or inside >= 0.6 * len(sentence)


def _quote_speaker(sentence: str, quotes: list[tuple[int, int]], ctx: _Context) -> str:
    """The actor named next to the attribution verb ("..., Netanyahu said"), or the last speaker for "he said"."""
    for verb in _SAID.finditer(sentence):
        if any(s <= verb.start() < e for s, e in quotes):
            continue
        near = sentence[max(0, verb.start() - 50):verb.end() + 50]
        offset = max(0, verb.start() - 50)
        pivot = verb.start() - offset
        candidates = [m for m in _mentions(near) if m.kind in (PERSON, "country", METONYM, ORG, MOVEMENT)]
        if ctx.people_re:
            candidates += [_Ref(m.start(), m.end(), (ctx.people[m.group(1)],), PERSON) for m in ctx.people_re.finditer(near)]
        if re.search(r"\b(?:he|she)\s+$", near[:pivot]) or re.match(r"\w+\s+(?:he|she)\b", near[pivot:]):
            return ctx.last_person_actor
        before = [c for c in candidates if c.end <= pivot and pivot - c.end <= 30]
        after = [c for c in candidates if c.start >= pivot and c.start - pivot <= 12]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen is not None:
            return chosen.actor if isinstance(chosen, Mention) else chosen.actors[0]
    return ""


def _dedupe(records: list[Position]) -> list[Position]:
    seen: dict[tuple[str, str, str], Position] = {}
    for p in records:
        if p.actor and p.target and p.actor != p.target and p.target.lower() not in _PRONOUNS:
            seen.setdefault((p.actor, p.stance, p.target), p)
    return list(seen.values())


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

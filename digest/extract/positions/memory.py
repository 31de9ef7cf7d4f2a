"""The article memory: what earlier sentences told us (people, "the army", last speakers, last pairs).

One object per article, changed only through its methods, read by every later step."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from digest.extract.actors import (
    CAPITAL,
    COUNTRY,
    DEMONYM,
    METONYM,
    MOVEMENT,
    ORG,
    ORGANISATION,
    PERSON,
    Mention,
    gazetteer,
    not_an_organisation,
)
from digest.extract.positions.sentence import (
    NP_WORDS,
    Ref,
    can_be_subject,
    sentence_mentions,
    sentence_subject,
)
from digest.extract.rules import load_rules
from digest.extract.scan import Guarded
from digest.model import Position

_VOCAB = load_rules("position_vocab")

_NAME_WORD = r"\b(?:(?:[A-Z]\.){2,}|[A-Z][a-z'\u2019.-]+(?:[A-Z][a-z'\u2019]+)*|al-[A-Z][a-z'-]+|bin|de|von|der)"  # "Calmy-Rey"
_TITLE_NAME = re.compile(rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,6}})")

_NATIONAL_BODY = _VOCAB.words("national_bodies")

# The last word of a title's portfolio, not of a name: "High Commissioner for Human Rights", "Minister for Foreign Affairs".
_PORTFOLIO = frozenset("Rights Affairs Refugees Development Security Trade Health Defence Defense Justice Commerce Interior Finance "
                       "Education Energy Environment Peace Cooperation Relations Agriculture Transport Industry Culture".split())

_CALENDAR = frozenset(("January February March April May June July August September October November December "
                       "Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split())

ORG_NOUNS = _VOCAB.words("org_nouns")

MOVEMENT_NOUNS = _VOCAB.words("movement_nouns")

_HOLDS_CHAIR = re.compile(r",\s+which\s+(?:holds|chairs|has)\s+the\s+(?:rotating\s+)?presidency\b")

_NAMED_GROUP = re.compile(r"\b((?-i:[A-Z][A-Za-z'-]{2,})(?: (?-i:[A-Z][A-Za-z'-]+)){0,2}) (?:party|movement|rebels|militia|front|league)\b")
_LEADER_TITLE = re.compile(r"\b(prime minister|president|chancellor|premier|foreign minister|foreign secretary|defen[cs]e minister)\s*$", re.I)
_DETERMINER = re.compile(r"^(?:The|A|An|Its|Their|His|Her) ")
_APPOSED_TITLE = re.compile(  # "Mr. Bao, the newly-installed envoy from Beijing,"; not "..., the former president"
    r"\b((?:Mr|Ms|Mrs|Dr)\.?\s+)?((?:[A-Z][a-z\u00e0-\u00ff'\u2019-]+|al-[A-Z][a-z'-]+)(?:\s+(?:[A-Z][a-z\u00e0-\u00ff'\u2019-]+|al-[A-Z][a-z'-]+)){0,3}),\s+(?:the|a|an)\s+"
    r"(?!(?:former|late|retired|ex-|then-|outgoing|deputy)\b)(?:[\w-]+\s+){0,2}?"
    r"((?i:prime minister|president|chancellor|premier|foreign minister|foreign affairs minister|minister|envoy|ambassador|"
    r"spokes(?:man|woman|person)|secretary of state|foreign secretary|head|chief|leader|director|commissioner|rapporteur|negotiator))\b"
    r"(?:\s+(from|of|for)\s+(?:the\s+)?)?")
_STATE_FORCE = re.compile(r"\b(?:Security|Armed|Defen[cs]e|Air|Naval|Police|National|Border|Special|Army) (?:Forces|Army|Units)$|^\w+ (?:Army|Forces)$")
_OWNED = re.compile(r"(?:'s|\u2019s)?\s+((?:[a-z]+\s+)?(?:army|military|government|junta|regime|authorities|ministry|"
                    r"presidency|cabinet|parliament))\b")


# Scanned for in every sentence and rarely there: each is run only where its literal text occurs.
_ORGANISATION, _NAMED_GROUP, _APPOSED_TITLE = (Guarded(pattern) for pattern in (ORGANISATION, _NAMED_GROUP, _APPOSED_TITLE))


@dataclass
class ArticleMemory:
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
    group_age: int = 99  # sentences since last_group was set
    pair_age: int = 99  # sentences since last_pair was set
    titles: dict[str, str] = field(default_factory=dict)  # "prime minister" -> the country of the first one named
    organisations: dict[str, str] = field(default_factory=dict)  # parties and movements named in this article
    organisations_re: re.Pattern[str] | None = None
    mentions: Counter[str] = field(default_factory=Counter)  # every actor mention, of any kind, so far
    run_speaker: str = ""  # who speaks the quotation the current sentence continues ("" when it continues none)
    parties: dict[str, str] = field(default_factory=dict)  # a person the article names as a party's nominee or leader -> the party
    office_holders: set[str] = field(default_factory=set)  # people the article gives a state office ("President Donald Trump")
    acronyms: dict[str, str] = field(default_factory=dict)  # "SACN" -> "South American Community of Nations", as the article defines it
    last_refs: list[Ref] = field(default_factory=list)  # the actor references of the sentence read last (the stance model's candidates)
    unheld: set[str] = field(default_factory=set)  # stances of the last sentence's cues that found no holder (the model may fill them)
    subject_is_person: bool = False  # the last subject was a person ("Luxembourg's Foreign Minister Xavier Bettel"), not a body

    def he_said(self) -> str:
        """Whom "he said" after a quote speaks for: the last subject when that was a person, else the last person named
        ("the Secretary-General said ... Israel's government had been warned ... 'I am dismayed,' he said")."""
        if self.subject_is_person and self.last_subject:
            return self.last_subject[0]
        return self.last_person_actor or (self.last_subject[0] if self.last_subject else "")

    def share(self, actor: str, at_least: int = 0) -> float:
        """How much of the article so far is about `actor` (its part of all actor mentions); 0 when the article
        has fewer than `at_least` mentions (a pasted paragraph is not a story about one state)."""
        total = sum(self.mentions.values())
        return self.mentions[actor] / total if total and total >= at_least else 0.0

    def learn_organisations(self, sentence: str, mentions: list[Mention]) -> None:
        """Parties and movements the gazetteer does not know, found in the article itself: "the Kosovo Liberation
        Army (KLA)", "the royalist FUNCINPEC party"; a later "KLA" or "FUNCINPEC" is the same actor."""
        added = False
        for match in _ORGANISATION.finditer(sentence):
            name, acronym = _DETERMINER.sub("", match.group(1)), match.group(2)
            if " " not in name and not acronym or not_an_organisation(name):
                continue
            inside = [m for m in mentions if match.start(1) <= m.start < match.end(1) or m.start <= match.start(1) < m.end]
            whole = [m for m in inside if m.start <= match.start(1) and m.end >= match.end(1)]
            if whole:
                actor = whole[0].actor  # the gazetteer (or its party rule) knows the name: only learn the acronym
            elif inside and (name.endswith("Party") or _STATE_FORCE.search(name)):
                continue  # "Chinese Communist Party", "Iraqi Security Forces": the country
            elif name.split()[0].lower() in _VOCAB.words("not_movement_heads") and len(name.split()) < 3:
                continue
            else:
                actor = name
            if not whole and name.split()[-1].lower() in ORG_NOUNS:
                self.bind(name.split()[-1].lower(), actor)  # "the Southern Transitional Council": later "the council"
            for surface in (name, acronym):
                if surface and surface not in self.organisations and not (surface == name and whole):
                    self.organisations[surface] = actor
                    added = True
            self.last_movement = actor
        for match in _NAMED_GROUP.finditer(sentence):
            name = _DETERMINER.sub("", match.group(1))
            if not name or any(m.start <= match.start(1) < m.end for m in mentions) or name.split()[0].lower() in _VOCAB.words("not_movement_heads"):
                continue
            if name not in self.organisations:
                self.organisations[name] = name
                added = True
            self.last_movement = self.organisations[name]
        if added:
            self.organisations_re = re.compile(r"\b(" + "|".join(re.escape(o) for o in sorted(self.organisations, key=len, reverse=True)) + r")\b")

    def affiliate(self, name: str, party: str) -> None:
        """`name` speaks for `party` ("Democratic presidential nominee Joe Biden"); his surname alone too."""
        gaz = gazetteer()
        last = name.split()[-1]
        keys = [name] + ([last] if len(last) > 3 and last not in gaz.ambiguous_surnames and last != name else [])
        added = False
        for key in keys:
            self.parties.setdefault(key, party)
            if key not in gaz.surfaces and key not in self.people:
                self.people[key] = party
                added = True
        if added:
            self.people_re = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(self.people, key=len, reverse=True)) + r")\b")

    def hold_office(self, name: str) -> None:
        """`name` is given a state office in this article: he speaks for the state, not his party."""
        self.office_holders.update((name, name.split()[-1]))

    def holds_office(self, person: str) -> bool:
        """Given a state office in this article: "Trump" after "President Donald Trump" (not "Michelle Obama" after
        "President Barack Obama")."""
        return person in self.office_holders or person.startswith(("President ", "Prime Minister ")) or \
            " " not in person.strip() and person.strip() in self.office_holders

    def party_of(self, person: str, campaign: bool = False) -> str:
        """The party `person` speaks for in this article ("" if none, or if he holds a state office and this is not
        his campaign speaking)."""
        if not person.strip():
            return ""
        party = self.parties.get(person) or self.parties.get(person.split()[-1], "")
        if party and not campaign and self.holds_office(person):
            return ""
        return party

    def note_group(self, group: tuple[str, ...]) -> None:
        """Actors who just acted together: "They", "the ministers", "the three states" may stand for them next."""
        self.last_group, self.group_age = group, 0

    def next_sentence(self) -> None:
        self.group_age += 1
        self.pair_age += 1

    def bind(self, noun: str, actor: str) -> None:
        """Later mentions of `noun` ("the coalition") stand for `actor`."""
        self.generic[noun] = actor

    def note_accuser(self, accused: str, accuser: str) -> None:
        """`accuser` criticised `accused`: a later denial by `accused` answers `accuser`."""
        self.accusers[accused] = accuser

    def learn_people(self, sentence: str, mentions: list[Mention]) -> None:
        """Register "Iranian Foreign Minister Abbas Araghchi" → Iran for the rest of the article."""
        gaz = gazetteer()
        added = False
        for m in mentions:
            parts = m.text.split()
            if m.kind == PERSON:
                title = _LEADER_TITLE.search(sentence, max(0, m.start - 30), m.start)
                if title and not re.search(r"\b(?:former|ex-|late|then)\s+(?:[A-Z][\w.-]+\s+){0,2}$", sentence[max(0, title.start() - 25):title.start()], re.I):
                    self.titles.setdefault(title.group(1).lower(), m.actor)  # "President Bush will go ...": "the president" later
            if m.kind == PERSON and len(parts) >= 2:
                for token in (parts[0], parts[-1]):
                    if len(token) > 2 and token not in gaz.surfaces and token.lower() not in gaz.titles and token not in self.people \
                            and token not in _CALENDAR:  # "Theresa May": not every "May" after it
                        self.people[token] = m.actor
                        added = True
        for match in _TITLE_NAME.finditer(sentence):
            tokens = match.group(1).split()
            owner = ""
            titled = False
            i = 0
            while i < len(tokens):
                word, pair = tokens[i], " ".join(tokens[i:i + 2]).lower()
                if " ".join(tokens[i:i + 2]) in gaz.surfaces and i + 2 < len(tokens):  # "United Nations Secretary-General ..."
                    owner = gaz.surfaces[" ".join(tokens[i:i + 2])][0] or owner
                    i += 2
                elif word in gaz.surfaces:
                    owner = gaz.surfaces[word][0] or owner
                    i += 1
                elif pair in gaz.titles and i + 1 < len(tokens):
                    titled, i = True, i + 2
                elif word.lower().rstrip(".") in gaz.titles or word.lower() in NP_WORDS:
                    titled = titled or word.lower().rstrip(".") in gaz.titles
                    i += 1
                else:
                    break
            words = tokens[i:]
            if words and len(words[-1]) > 3 and words[-1].endswith("."):
                words[-1] = words[-1][:-1]  # "met President Yayi Boni.": the sentence's full stop
            if len(words) < 2 or any(w in gaz.surfaces for w in words) or " ".join(words) in self.people or words[-1] in _PORTFOLIO \
                    or " ".join(words) in gaz.surfaces:  # "and South Ossetian leader ...": a demonym, not a name
                continue
            before = sentence[max(0, match.start() - 60):match.start()]
            tail = re.findall(r"[\w.-]+", before)[-4:]
            titled = titled or any(w.lower().rstrip(".") in gaz.titles for w in tail)
            of_country = [m for m in mentions if m.start == match.end() + 4 and m.kind == COUNTRY and sentence[match.end():m.start] == " of "]
            if of_country and not owner and words[0] != "The" and not any(w.lower() in NP_WORDS | ORG_NOUNS for w in words):
                titled, owner = True, of_country[0].actor  # "Micheline Calmy-Rey of Switzerland"
            if not titled or re.search(r"\b(?:opposition|dissident|exiled)\s+(?:[a-z-]+\s+)?$|\b(?i:former|ex-|retired)\s+$", before) \
                    or any(t.lower() in ("former", "retired") for t in tokens[:i]):
                continue  # "Russian opposition leader Alexei Navalny", "Former U.S. President Jimmy Carter": they speak for no state
            if not owner:
                near = [m for m in mentions if m.end <= match.start() and match.start() - m.end <= 45 and m.text not in gaz.party_nouns]
                owner = near[-1].actor if near else ""
            generic = re.search(r"\b(army|military|junta|government)\b", before[-30:], re.I)
            if not owner and generic:
                owner = self.generic_actor(generic.group(1).lower())
            state_title = re.search(r"\b(?:president|prime minister|foreign (?:minister|secretary)|defen[cs]e minister|"
                                    r"minister|chancellor|spokes(?:man|woman|person))\s*$", before[-25:] + " " + " ".join(tokens[:i]), re.I)
            if not owner:
                owner = _spelled_otherwise(words)  # "President Mahmud Abbas": the gazetteer's Mahmoud Abbas
            if not owner and state_title and self.counts:
                owner = self.counts.most_common(1)[0][0]  # an unnamed government's official: the country the story is about
            if not owner:
                continue
            self.people[" ".join(words)] = owner
            title = _LEADER_TITLE.search(before[-30:] + " " + " ".join(tokens[:i]))
            if title:
                self.titles.setdefault(title.group(1).lower(), owner)  # "Prime Minister Boris Johnson": "the prime minister" later
            last = words[-1]
            if len(last) > 3 and last not in gaz.ambiguous_surnames:
                self.people.setdefault(last, owner)
            added = True
        added = self._learn_appositions(sentence, mentions) or added
        if added:
            self.people_re = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(self.people, key=len, reverse=True)) + r")\b")

    def _learn_appositions(self, sentence: str, mentions: list[Mention]) -> bool:
        """"Mr. Bao, the newly-installed envoy from Beijing", "Adil Abdul-Mahdi, the caretaker Prime Minister": the
        title after the name says whom the person speaks for (the country named after it, else the story's country)."""
        gaz = gazetteer()
        added = False
        for match in _APPOSED_TITLE.finditer(sentence):
            name = match.group(2)
            if name in self.people or any(w in gaz.surfaces for w in name.split()) or any(m.start <= match.start(2) < m.end for m in mentions):
                continue
            after = [m for m in mentions if m.start >= match.end() and m.start - match.end() <= 2]
            owner = after[0].actor if match.group(4) and after else ""
            inside = [m for m in mentions if match.end(2) < m.start and m.end <= match.start(3)]  # "Callamard, a UN rapporteur for ..."
            owner = owner or (inside[0].actor if inside and _speaks_for(inside[0]) else "")
            if not owner and not match.group(4) and self.counts:
                owner = self.counts.most_common(1)[0][0]
            if not owner:
                continue
            self.people[name] = owner
            last = name.split()[-1]
            if len(last) > 3 and last not in gaz.ambiguous_surnames:
                self.people.setdefault(last, owner)
            if match.group(3).lower() in ("prime minister", "president", "chancellor", "premier", "foreign minister"):
                self.titles.setdefault(match.group(3).lower(), owner)
            added = True
        return added

    def generic_actor(self, noun: str) -> str:
        head = noun.split()[-1]
        if head == "court":
            return self.last_org if "Court" in self.last_org else ""  # "the court's jurisdiction": the ICC, not a national court
        if head == "commission" and noun == head and self.counts.get("European Union"):
            return "European Union"  # "the Commission" in a story about the EU is the European Commission
        if head in ORG_NOUNS and noun in self.generic:
            return self.generic[noun]  # "the coalition" after "the Saudi-led coalition"
        if head in ORG_NOUNS and noun.split()[0] not in _NATIONAL_BODY:
            return self.last_org
        if head in MOVEMENT_NOUNS:
            return self.last_movement
        if noun in self.generic:
            return self.generic[noun]
        if head in self.generic:
            return self.generic[head]
        countries = [a for a, _ in self.counts.most_common() if a not in (self.last_org, self.last_movement)]
        return countries[0] if countries else ""

    def count_mentions(self, sentence: str) -> None:
        """Article-level memory: how often each country appears, the last organisation, who "the army" is."""
        for m in sentence_mentions(sentence):
            self.mentions[m.actor] += 1
            if m.kind in ("country", DEMONYM, METONYM, CAPITAL):
                self.counts[m.actor] += 1
            elif m.kind == ORG:
                self.last_org = m.actor
            elif m.kind == MOVEMENT:
                self.last_movement = m.actor
            if _HOLDS_CHAIR.match(sentence[m.end:]) and m.kind in ("country", METONYM):
                self.generic["presidency"] = m.actor  # "South Africa, which holds the rotating presidency": "the presidency" later
            owner = _OWNED.match(sentence[m.end:])
            if owner and m.kind in ("country", DEMONYM, METONYM):
                self.generic[owner.group(1).lower()] = m.actor
                self.generic[owner.group(1).split()[-1].lower()] = m.actor

    def remember(self, sentence: str, refs: list[Ref], records: list[Position]) -> None:
        """Update the article memory: last holder per stance, last symmetric pair, subjects and speakers."""
        self.last_refs = refs
        for p in records:
            self.last_by_stance[p.stance] = p.actor
        mutual = {(p.actor, p.stance, p.target) for p in records}
        pair = tuple(dict.fromkeys(p.actor for p in records if p.stance in ("agree", "meet") and (p.target, p.stance, p.actor) in mutual))
        named = {a for r in refs for a in r.actors}
        aimed = Counter((p.actor, p.stance) for p in records if p.target in named and p.stance not in ("agree", "meet", "support"))  # not "thanked A and B"
        both = [tuple(dict.fromkeys(p.target for p in records if (p.actor, p.stance) == key)) for key, n in aimed.items() if n == 2]
        if len(pair) >= 2:
            self.last_pair, self.pair_age = pair, 0
        elif both and len(both[0]) == 2:
            self.last_pair = both[0]  # "presented Israel and Hamas with a proposal ... urged both sides": the two addressed
        by_stance: dict[str, tuple[str, ...]] = {}
        for p in records:
            by_stance[p.stance] = tuple(dict.fromkeys((*by_stance.get(p.stance, ()), p.actor)))
        groups = sorted(by_stance.values(), key=len, reverse=True)
        if groups and len(groups[0]) >= 2 and (len(by_stance) == 1 or len(groups[0]) >= 3):
            self.note_group(groups[0])  # the actors who took one stance together
        subject = sentence_subject(refs, len(sentence))
        self.previous_countries = tuple(dict.fromkeys(r.actors[0] for r in refs if r.kind in ("country", METONYM, CAPITAL, DEMONYM)
                                                     and len(r.actors) == 1))
        eligible = [r for r in refs if r.kind != "pronoun" and can_be_subject(sentence, r)]
        self.history.append((sentence, eligible[0].actors[0] if eligible else ""))
        if subject:
            self.last_subject = subject
            self.agents.append(subject[0])
            first = next((r for r in refs if r.kind != "pronoun"), None)
            tail = re.findall(r"[\w-]+", re.sub(r"'s|\u2019s", " ", sentence[first.end:first.end + 40]))[:3] if first else []
            self.subject_is_person = bool(first and (first.person or first.kind == PERSON
                                                     or any(w.lower() in gazetteer().titles for w in tail)))
        persons = [r for r in refs if r.person and r.kind != "pronoun"]
        if persons:
            self.last_speaker = persons[0].person
            self.last_person_actor = persons[0].actors[0]

    def salient_actor(self, exclude: tuple[str, ...]) -> str:
        """The actor the article is mostly about, other than `exclude`: who "the decision" or "the launch" belongs to."""
        for actor, _count in Counter(self.agents).most_common():
            if actor not in exclude:
                return actor
        for actor, _count in self.counts.most_common():
            if actor not in exclude:
                return actor
        return ""


def _speaks_for(m: Mention) -> bool:
    """A mention inside an apposed title that names whom the person speaks for (an organisation or a state)."""
    return m.kind in (ORG, COUNTRY, DEMONYM, METONYM, CAPITAL)


@cache
def _people_by_surname() -> dict[str, list[tuple[str, str]]]:
    """The gazetteer's people by surname: (first name, actor) of each."""
    index: dict[str, list[tuple[str, str]]] = {}
    for surface, (actor, kind) in gazetteer().surfaces.items():
        parts = surface.split()
        if kind == PERSON and len(parts) >= 2 and actor:
            index.setdefault(parts[-1], []).append((parts[0], actor))
    return index


def _spelled_otherwise(words: list[str]) -> str:
    """The actor of a known leader whose name is spelled another way ("Mahmud Abbas" for Mahmoud Abbas, "Hosni
    Mubarek"): the same surname and a first name that starts alike; "" when none or when two such differ."""
    if len(words) < 2:
        return ""
    first = words[0].lower()
    owners = {actor for name, actor in _people_by_surname().get(words[-1], []) if len(first) >= 4 and name.lower()[:4] == first[:4]}
    return owners.pop() if len(owners) == 1 else ""

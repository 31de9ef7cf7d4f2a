"""Who is speaking: find diplomatic actors in text and map them to canonical names.

Countries, their alternative spellings, demonyms and capitals come from `countryinfo` and
`pycountry`; metonyms, organisations, armed movements, leaders and ambiguity rules are curated in
`digest/data/actors.json`. Everything is loaded once, lazily, into one trie-shaped regex so a whole
article is scanned in a single pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from digest.extract.lookahead import trie_pattern

# Kinds of mention: a country by name, an adjective of nationality, a capital or seat of power,
# an international organisation, an armed or political movement, a named person.
COUNTRY, DEMONYM, METONYM, CAPITAL, ORG, MOVEMENT, PERSON, US_STATE = (
    "country", "demonym", "metonym", "capital", "org", "movement", "person", "us_state",
)
_BLOCKED = "blocked"
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f .'\u2019()-]+$")
_CODE = re.compile(r"^[A-Z]{2,3}$")
_NEXT_WORD = re.compile(r"^\s+([A-Z][\w.'\u2019-]*)")
_PREV_WORD = re.compile(r"([A-Za-z][\w.'\u2019-]*)(\s*,)?\s+$")
# A named party not in the gazetteer ("the National Party", "Party of Regions"): parties are actors under their own name.
_PARTY = re.compile(r"\b(?:(?:[A-Z][\w'\u2019-]+ (?:and |for )?){1,4}Party(?: of (?:the )?[A-Z][\w'\u2019-]+)?|Party (?:of|for) (?:the )?[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)?)\b")
_PARTY_MEMBERS_AFTER = {"House", "Senate", "Congressional", "The", "Some", "Many", "Most", "Top", "Leading", "Senior", "While", "But", "And", "As", "When", "If"}
# Only a ruling single party is its state ("Chinese Communist Party" is China); other named parties keep their name.
_STATE_PARTY = re.compile(r"\b(?:Communist|Workers'|Workers\u2019|Ba'ath|Baath) Party\b")
_PARTY_SKIP = {"The", "A", "Ruling", "Opposition", "Governing", "Main", "Former", "Rival", "Junior", "Senior", "Coalition", "Its", "Their"}


_W = r"[A-Z][\w'\u2019-]+"
# A party, movement or armed group named in the article itself, with the acronym the article defines for it:
# "Kosovo Liberation Army (KLA)", "Southern Transitional Council", "Movement for Democratic Change (MDC)",
# "Zimbabwe African National Union (ZANU)", "Democratic Rally".
ORGANISATION = re.compile(
    rf"\b((?:{_W} ){{0,2}}(?:Movement|Front|Alliance|Union|Council|Coalition|Congress|Party|Rally|League|Army) (?:for|of) (?:the )?"
    rf"(?:{_W} (?:(?:and|of|for) (?:the )?)?){{0,3}}{_W}"
    rf"|(?:{_W} (?:and )?){{1,4}}(?:Party|Front|Movement|League|Army|Forces|Brigades?|Alliance|Congress|Militia|Units|Coalition|Council|Rally)"
    rf"|(?:{_W} ){{1,3}}(?:National|Patriotic|Democratic|Popular|People's|People\u2019s) Union)\b(?:\s*\(([A-Z][A-Za-z-]{{1,7}})\))?")


def not_an_organisation(name: str) -> bool:
    """Councils, unions and leagues that the guidelines do not make actors: city and student councils, trade and
    football unions, sports leagues, a state's own bodies ("Taiwan's Mainland Affairs Council", "State Council")."""
    return any(w in _not_organisation_words() or w.endswith(("'s", "\u2019s")) and w[:-2] in gazetteer().surfaces
               for w in name.split())  # "Taiwan's Mainland Affairs Council", not "Sudan People's Liberation Army"


@cache
def _not_organisation_words() -> frozenset[str]:
    return frozenset(_data()["not_organisation_words"])


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention: character span in the text, canonical actor, kind, and person name."""

    start: int
    end: int
    text: str
    actor: str
    kind: str
    person: str = ""


@dataclass
class Gazetteer:
    surfaces: dict[str, tuple[str, str]]
    pattern: re.Pattern[str]
    canonical_names: frozenset[str]
    titles: frozenset[str]
    person_like: frozenset[str]
    us_states: frozenset[str]
    us_official_cues: frozenset[str]
    us_other_cues: frozenset[str]
    ambiguous_surnames: frozenset[str]
    party_nouns: frozenset[str]
    given_names: dict[str, frozenset[str]]  # a leader's surname alias -> the first three letters of his other names
    movements: frozenset[str]  # "Hamza al-Houthi" is a Houthi whatever his given name


@cache
def _data() -> dict[str, Any]:
    return json.loads(resources.files("digest.data").joinpath("actors.json").read_text(encoding="utf-8"))


def actor_data() -> dict[str, Any]:
    """The curated gazetteer file, parsed once (party words, movements, leaders ...)."""
    return _data()


def _country_entries(data: dict[str, Any]) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Names, spellings, demonyms and capitals from countryinfo, plus pycountry's names."""
    from countryinfo import all_countries

    overrides: dict[str, str] = data["canonical_overrides"]
    skip = set(data["skip_countries"])
    keep_small = set(data["keep_small_countries"])
    entries: dict[str, tuple[str, str]] = {}
    canon: set[str] = set()
    by_iso: dict[str, str] = {}
    demonyms: dict[str, set[str]] = {}
    capitals: dict[str, str] = {}
    for info in all_countries():
        raw = info.name()
        if raw in skip:
            continue
        name = overrides.get(raw, raw)
        try:
            population = int(info.population() or 0)
        except (TypeError, ValueError, KeyError):
            population = 0
        if population < 150_000 and raw not in keep_small and name not in keep_small:
            continue
        canon.add(name)
        entries.setdefault(name, (name, COUNTRY))
        if raw != name:
            entries.setdefault(raw, (name, COUNTRY))
        try:
            iso = info.iso()
            by_iso[str(iso.get("alpha2", "")).upper()] = name
        except (KeyError, AttributeError, TypeError):
            pass
        try:
            spellings = info.alt_spellings() or []
        except KeyError:
            spellings = []
        for spelling in spellings:
            if _CODE.match(spelling) or not _LATIN.match(spelling) or "," in spelling:
                continue
            entries.setdefault(spelling, (name, COUNTRY))
        try:
            demonym = info.demonym() or ""
        except KeyError:
            demonym = ""
        if demonym and _LATIN.match(demonym):
            demonyms.setdefault(demonym, set()).add(name)
        try:
            capital = info.capital() or ""
        except KeyError:
            capital = ""
        if capital and population >= 2_000_000 and _LATIN.match(capital):
            capitals[capital] = name
    import pycountry

    for country in pycountry.countries:
        name = by_iso.get(country.alpha_2)
        if not name:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, "")
            if value and "," not in value and _LATIN.match(value):
                entries.setdefault(value, (name, COUNTRY))
    for demonym, names in demonyms.items():
        if len(names) == 1:  # "Congolese", "Dominican" name two countries: skip them
            entries.setdefault(demonym, (next(iter(names)), DEMONYM))
    for capital, name in capitals.items():
        entries.setdefault(capital, (name, CAPITAL))
    return entries, canon


def _leader_entries(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    ambiguous = set(data["ambiguous_surnames"])
    entries: dict[str, tuple[str, str]] = {}
    for actor, people in data["leaders"].items():
        for spec in people:
            full, *aliases = spec.split("|")
            entries[full] = (actor, PERSON)
            if not aliases:
                last = full.split()[-1]
                if last not in ambiguous and len(full.split()) > 1 and len(last) > 3:
                    aliases = [last]
            for alias in aliases:
                entries.setdefault(alias, (actor, PERSON))
    return entries


def _given_names(data: dict[str, Any]) -> dict[str, frozenset[str]]:
    names: dict[str, set[str]] = {}
    for people in data["leaders"].values():
        for spec in people:
            full, *aliases = spec.split("|")
            for alias in aliases or full.split()[-1:]:
                names.setdefault(alias, set()).update(w[:3] for w in full.split() if w != alias)
    return {alias: frozenset(prefixes) for alias, prefixes in names.items()}


@cache
def gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about 0.2 s, mostly reading countryinfo)."""
    data = _data()
    countries, canon = _country_entries(data)
    surfaces: dict[str, tuple[str, str]] = {}
    # Curated entries win over generated ones: insert them first.
    for name in data["non_actors"]:
        surfaces[name] = ("", _BLOCKED)
    surfaces.update({k: v for k, v in _leader_entries(data).items() if k not in surfaces})
    for org, aliases in data["organisations"].items():
        for surface in [org, *aliases]:
            surfaces.setdefault(surface, (org, ORG))
        canon.add(org)
    for movement, aliases in data["movements"].items():
        for surface in [movement, *aliases]:
            surfaces.setdefault(surface, (movement, MOVEMENT))
        canon.add(movement)
    party_nouns = {k: v for k, v in data["party_nouns"].items() if not k.startswith("_")}
    for surface, party in party_nouns.items():
        surfaces.setdefault(surface, (party, MOVEMENT))
    for surface, actor in data["metonyms"].items():
        surfaces.setdefault(surface.removeprefix("the "), (actor, METONYM))
    for actor, aliases in data["extra_countries"].items():
        for surface in [actor, *aliases]:
            surfaces.setdefault(surface, (actor, COUNTRY))
        canon.add(actor)
    for actor, aliases in data["country_aliases"].items():
        for surface in aliases:
            surfaces.setdefault(surface, (actor, COUNTRY))
        canon.add(actor)
    for surface, actor in data["demonyms"].items():
        surfaces.setdefault(surface, (actor, DEMONYM))
    for surface, value in countries.items():
        surfaces.setdefault(surface, value)
    words = sorted(surfaces, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w\u2019'])(?<!pro-)(?<!anti-)(?<!non-)(?<!ex-)(?<!post-)(?<!pre-)(?:" + trie_pattern(words) + r")(?![\w\u2019]|-[a-z]|'(?!s\b))")
    titles = frozenset(t.lower() for t in data["titles"])
    return Gazetteer(
        surfaces=surfaces,
        pattern=pattern,
        canonical_names=frozenset(canon),
        titles=titles,
        person_like=frozenset(data["person_like_countries"]),
        us_states=frozenset(data["us_state_names"]),
        us_official_cues=frozenset(data["us_state_official_cues"]),
        us_other_cues=frozenset(data["us_state_other_cues"]),
        ambiguous_surnames=frozenset(data["ambiguous_surnames"]),
        party_nouns=frozenset(party_nouns),
        given_names=_given_names(data),
        movements=frozenset(data["movements"]),
    )


def _is_title_or_actor(word: str, gaz: Gazetteer) -> bool:
    return word.lower().rstrip(".") in gaz.titles or word in gaz.surfaces


def _resolve(text: str, start: int, end: int, surface: str, actor: str, kind: str, gaz: Gazetteer) -> tuple[str, str] | None:
    """Apply the ambiguity rules; None drops the mention."""
    after = text[end:end + 40]
    before = text[max(0, start - 40):start]
    nxt = _NEXT_WORD.match(after)
    nxt_word = nxt.group(1).rstrip(".,") if nxt else ""
    if surface in gaz.us_states and kind in (COUNTRY, METONYM, CAPITAL):
        window = re.findall(r"[\w.]+", before[-25:]) + re.findall(r"[\w.]+", after[:30])[:3]
        if any(w in gaz.us_official_cues for w in window):
            return "United States", US_STATE
        if nxt_word in gaz.us_other_cues or re.search(r"\b(?:state|State)\b", after[:7]):
            return None
        if re.search(r"[A-Z][a-z]+,\s*$", before) and surface == "Georgia":
            return None  # "Atlanta, Georgia"
    if surface in gaz.party_nouns:
        prev = _PREV_WORD.search(before)
        if prev and not prev.group(2) and (prev.group(1)[:1].isupper() and prev.group(1) not in _PARTY_MEMBERS_AFTER or prev.group(1) == "of") \
                or nxt_word and not after.startswith(("'", "\u2019")) and not _is_title_or_actor(nxt_word, gaz) \
                or re.match(r"\s+(?:government|administration|cabinet|ministers?)\b", after):
            return None  # "Liberal Democrats", "Ministry of Labour", "Labour Day": another name; "the Labour government": the state
    if kind == PERSON and " " not in surface and actor not in gaz.movements:
        run = re.search(r"(?<![\w'\u2019.-])((?:[A-Z][a-z][\w-]*\s+)+)$", before)
        names = run.group(1).split() if run else []
        opens = not run or run.start() == 0 or re.search(r"[.!?:;\"\u201c(\u2014]\s*$", before[:run.start()])
        if names and (not opens or len(names) >= 2) and not any(n[:3] in gaz.given_names.get(surface, ()) for n in names) \
                and not _is_title_or_actor(names[-1], gaz) and names[-1] not in ("Mr", "Mrs", "Ms", "Dr") \
                and not any(" ".join(before.split()[-k:]).lower() in gaz.titles for k in (2, 3, 4)):
            return None  # "Michelle Obama", "Hunter Biden": another person of that surname (not "Ali Hosseini Khamenei")
    if kind == METONYM and " " not in surface:
        prev = _PREV_WORD.search(before)
        if prev and not prev.group(2) and prev.group(1)[:1].isupper() and not _is_title_or_actor(prev.group(1), gaz) \
                and prev.group(1) not in _PARTY_MEMBERS_AFTER | {"In", "On", "At", "For", "From", "With", "By", "Of", "To"}:
            return None  # "the General National Congress", "Indian National Congress": another body's name
    if kind in (CAPITAL, METONYM) and nxt_word and not after.startswith(("'", "\u2019")) and not _is_title_or_actor(nxt_word, gaz) \
            and nxt_word not in _NOT_A_NAME_AFTER:
        return None  # "Minsk Group", "Paris Club", "Tehran Times": part of another name (not "the White House Monday")
    if surface in gaz.person_like and kind == COUNTRY:
        if nxt_word and not after.startswith(("'", "\u2019")) and not _is_title_or_actor(nxt_word, gaz):
            return None  # "Chad Harrison", "Jordan Kim": a first name
        prev = _PREV_WORD.search(before)
        if prev and not prev.group(2) and prev.group(1)[:1].isupper() and not prev.group(1).endswith((".", ":")) and not _is_title_or_actor(prev.group(1), gaz) \
                and prev.group(1) not in ("The", "In", "On", "At", "For", "From", "With", "And", "But", "Neighbouring", "Neighboring"):
            return None  # "Michael Jordan"
    return actor, kind


_NOT_A_NAME_AFTER = frozenset("On In And But The Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tomorrow".split())


def find_actors(text: str) -> list[Mention]:
    """Every actor mention in `text`, left to right, ambiguities resolved."""
    gaz = gazetteer()
    found: list[Mention] = []
    for match in gaz.pattern.finditer(text):
        surface = match.group(0)
        actor, kind = gaz.surfaces[surface]
        if kind == _BLOCKED:
            continue
        resolved = _resolve(text, match.start(), match.end(), surface, actor, kind, gaz)
        if resolved is None:
            continue
        actor, kind = resolved
        found.append(Mention(match.start(), match.end(), surface, actor, kind, surface if kind == PERSON else ""))
    if "Party" in text:
        found = _with_parties(text, found, gaz)
    return found


def _with_parties(text: str, found: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Add named parties the gazetteer does not know. A country or demonym inside the name gives way to the party
    ("Austrian Social Democrat Party", "Unity Party of America"), except in a ruling single party ("Chinese Communist
    Party" is China)."""
    for match in _PARTY.finditer(text):
        words = match.group(0).split()
        while words and words[0] in _PARTY_SKIP:
            words.pop(0)
        name = " ".join(words)
        start = match.end() - len(name) if name.endswith("Party") or " of " not in name else match.start() + match.group(0).index(name)
        inside = [m for m in found if m.start < match.end() and start < m.end]
        if len(words) < 2 or any(m.start < start or m.end > start + len(name) or m.kind not in (COUNTRY, DEMONYM, CAPITAL) for m in inside) \
                or inside and _STATE_PARTY.search(name) or not inside and any(gaz.surfaces.get(w, ('', MOVEMENT))[1] != MOVEMENT for w in words):
            continue
        found = [m for m in found if m not in inside]
        found.append(Mention(start, start + len(name), name, name, MOVEMENT))
    return sorted(found, key=lambda m: m.start)


@cache
def _collectives() -> tuple[re.Pattern[str] | None, dict[str, tuple[str, ...]]]:
    groups = {k: tuple(v) for k, v in _data().get("collectives", {}).items() if not k.startswith("_")}
    if not groups:
        return None, {}
    return re.compile(r"(?<![\w-])(?:" + trie_pattern(sorted(groups, key=len, reverse=True)) + r")(?![\w-])"), groups


def find_collectives(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Named groups of countries ("the E3", "the Baltic states"): (start, end, member countries)."""
    pattern, groups = _collectives()
    if pattern is None:
        return []
    return [(m.start(), m.end(), groups[m.group(0)]) for m in pattern.finditer(text)]


def canonical(name: str) -> str | None:
    """The canonical actor for a name, alias, metonym, demonym or known person; None if unknown."""
    gaz = gazetteer()
    name = name.strip()
    if name in gaz.canonical_names:
        return name
    entry = gaz.surfaces.get(name) or gaz.surfaces.get(name.removeprefix("the ").strip())
    if entry and entry[1] != _BLOCKED:
        return entry[0]
    return None

"""Sentence analysis, pure functions of one sentence: quotes, relative clauses, coordination, issue phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from digest.extract.actors import (
    CAPITAL,
    METONYM,
    Mention,
    find_actors,
    gazetteer,
)
from digest.extract.rules import load_rules

_VOCAB = load_rules("position_vocab")

_W = r"(?:[\w'\u2019-]+ )"  # one word and its space

_RELATIVE = re.compile(r",\s+(?:who|which|whose)\b")

_CLAUSE_STOP = re.compile(r"[,;]|\.(?:\s|$)")

# after "and" a title of a country ("and President of Somalia", "and the countries of the Gulf Cooperation Council")
_COORD = re.compile(r"^(?:'s|\u2019s)?(?:\s+[a-z-]+){0,2}\s*(?:,\s*(?:(?:the\s+(?:[A-Z][\w'-]+\s+){0,2}|(?:[A-Z][\w'-]+\s+)?)[A-Z][\w'-]+,\s*)?(?:(?:and|or|nor)\s+)?(?:the\s+)?|\s+(?:and|or|nor)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2})"
                    r"(?:(?:[A-Z][a-z]+\s+){1,3}(?:of|for)\s+(?:the\s+)?|(?:countries|members|member states|leaders|governments)\s+of\s+(?:the\s+)?)?$")
_SAME_HOLDER_GAP = re.compile(r"\s+(?:[A-Za-z-]+\s+){1,3}")  # "Syrian de facto leader Ahmed al-Sharaa": one holder named twice

_QUOTE_SPAN = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,}?)[\"\u201d]")

GENERIC = re.compile(  # sentence-initial "The council" too, and "a government negotiator"
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Aa](?=\s+(?:government|army|military|coalition)\s+(?:negotiator|spokes\w+|official|delegation|envoy)))\s+((?:[a-z]+\s+)?(?:army|military|government|junta|regime|authorities|ministry|presidency|cabinet|"
    r"parliament|bloc|alliance|agency|organisation|organization|union|council|commission|Commission|court|group|movement|rebels|militants|coalition|"
    r"kingdom|emirate|island|regime))\b")

_SUBJECT_PREP = re.compile(r"\b(?i:in|at|for|from|near|across|inside|outside|against|with|over|to|on|into|towards?|around|"
                           r"through|between|among|including|like|than|of)\s+(?:the\s+)?(?:[a-z]+\s+)?$")

SAID = re.compile(r"\b(?:said|says|told|added|stressed|noted|declared|wrote|continued|tweeted|stated|states|explained|argued|asserted|remarked|commented"
                  r"|(?<=that )reads?|(?<=which )reads?|reads?(?=[:,]? [\"\u201c]))\b")  # "a statement that read, \u201c...\u201d"

_STRONGEST = re.compile(r"^\s*[\"\u201c]?in the (?:strongest|clearest) (?:possible )?terms[\"\u201d]?,?")

_PHRASE_SKIP = _VOCAB.words("phrase_skip")

_WEEKDAYS = _VOCAB.words("phrase_skip_time")

_PHRASE_STOP = _VOCAB.words("phrase_stop")

NP_WORDS = _VOCAB.words("np_words")

UNNAMED_SOURCE = re.compile(r"[\"\u201d],?\s+(?:an?|one|some|another)\s+[^\"\u201c]{0,50}?\b(?:said|says|told|added)\b"
                             r"|\b(?:said|says|told|added)\s+(?:an?|one|some|another)\s+")

CLAUSE_END = re.compile(r";|,\s+(?:saying|while|whereas|which|who|as|adding|but|though|although)\b|\bbut\b|\. "
                         r"|,?\s+and\s+(?:said|says|added|told|called|urged|warned|vowed)\b"
                         r"|,\s+and\b(?!\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?\s*[.;])"  # "A, B, and C.": a list's last item
                         r"|\s+and\s+(?:would|will|could|should|has|have|had|was|is|were|are)\b"
                         r"|,\s+(?:an?|the)\s+(?:idea|proposal|move|step|plan|offer|suggestion|decision)\b")


@dataclass
class Ref:
    """An actor reference inside a sentence: a gazetteer mention, a pronoun or a generic noun."""

    start: int
    end: int
    actors: tuple[str, ...]
    kind: str
    person: str = ""


@lru_cache(maxsize=4096)
def sentence_mentions(text: str) -> list[Mention]:
    """Actor mentions of a sentence, cached: each sentence is looked at several times."""
    return find_actors(text)


def quote_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation in the sentence (a fresh list: callers may extend it)."""
    return list(_quote_spans(sentence))


@lru_cache(maxsize=1024)  # the pipeline, the references and the quote carry-over each ask of one sentence
def _quote_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    spans = [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(sentence)]
    stripped = sentence.lstrip()
    if stripped and stripped[0] in "\"\u201c" and not spans:  # an opening quote that runs to the end of the sentence
        spans.append((sentence.index(stripped[0]), len(sentence)))
    return tuple(spans)


def quote_open_after(sentence: str, open_before: bool) -> bool:
    """Whether a quotation is still open at the end of the sentence: a multi-sentence quote ("...; We will call it
    a mosque." closes two sentences later). Curly marks say which way they go; straight ones alternate."""
    is_open = open_before
    for mark in re.findall(r"[\"\u201c\u201d]", sentence):
        is_open = True if mark == "\u201c" else False if mark == "\u201d" else not is_open
    return is_open


def inner_quote_spans(sentence: str, open_before: bool) -> list[tuple[int, int]]:
    """Quote spans of a sentence that may sit inside a quotation opened in an earlier sentence: then its words up
    to the closing mark (or all of it) are quoted too ("How can you do this?" in the middle of a speech)."""
    if not open_before or sentence.lstrip()[:1] in "\"\u201c":
        return quote_spans(sentence)
    close = re.search(r"[\"\u201d]", sentence)
    head = (0, close.end() if close else len(sentence))
    return [head] + [(s + head[1], e + head[1]) for s, e in quote_spans(sentence[head[1]:])]


def is_quote_sentence(sentence: str, quotes: list[tuple[int, int]]) -> bool:
    """A sentence that is (mostly) somebody's words: it can continue that speaker's stance."""
    if not quotes:
        return False
    inside = sum(e - s for s, e in quotes)
    return sentence.lstrip()[:1] in "\"\u201c" or inside >= 0.6 * len(sentence)


def relative_clauses(sentence: str) -> list[tuple[int, int, int]]:
    """Non-restrictive relative clauses ", who/which/whose ...,": (comma, end of the pronoun, end of the clause)."""
    out = []
    for match in _RELATIVE.finditer(sentence):
        stop = _CLAUSE_STOP.search(sentence, match.end())
        out.append((match.start(), match.end(), stop.start() if stop else len(sentence)))
    return out


def coordinated(refs: list[Ref], index: int, sentence: str, leftward: bool) -> list[Ref]:
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
        if TITLE_OF.search(sentence, max(0, a.start - 30), a.start):  # "President of Kenya Daniel Otieno and ...": the name
            gap = re.sub(r"^(?:\s+[A-Z][\w'-]+){1,3}(?=\s+(?:and|or)\b|,)", "", gap)
        if refs[j].kind != "pronoun" and a.actors == b.actors and _SAME_HOLDER_GAP.fullmatch(gap):
            group.append(refs[j])  # the demonym and the name of one leader: no link of its own
            i = j
            continue
        if refs[j].kind == "pronoun" or not _COORD.match(gap):
            break
        owned = re.match(r"(?:'s|\u2019s)\s+([a-z-]+)", gap)
        if owned and owned.group(1) not in NP_WORDS and owned.group(1) not in gazetteer().titles:
            break  # "Russia's consent, and ...": a possessor, not a coordinated actor
        links.append(bool(re.search(r"\b(?:and|or|nor)\b", gap)))
        group.append(refs[j])
        i = j
    # leftward the link next to the head must be "and"; rightward the last link must be "and"
    while links and not (links[0] if leftward else links[-1]):
        if leftward:
            return group[:1]
        links.pop()
        group.pop()
    return group[::-1] if leftward else group


def sentence_subject(refs: list[Ref], before: int) -> tuple[str, ...]:
    first = [r for r in refs if r.end <= before and r.kind != "pronoun"]
    return first[0].actors if first else ()


TITLE_OF = re.compile(r"\b(?i:president|prime minister|premier|king|queen|emir|chancellor|foreign minister|government|people|"
                      r"(?:minister|secretary)(?: of [a-z]+(?: and [a-z]+)?)?)\s+(?:of|for)\s+(?:the\s+)?$")
_ADJECTIVE_ENDINGS = ("ate", "al", "ous", "ive", "ful", "ent", "ant", "ic", "ible", "able", "ary")
_ING_NOUNS = _VOCAB.words("ing_nouns")


def issue_phrase(text: str) -> str:
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
        if low == "and" and len(out) == 1 and out[0].lower().endswith(_ADJECTIVE_ENDINGS) and index + 2 < len(words) \
                and words[index + 1].lower().endswith(_ADJECTIVE_ENDINGS) and re.match(r"[a-z]", words[index + 2]):
            out.append(word)  # "their immediate and unconditional release": one phrase, not "immediate"
            continue
        if len(out) >= 2 and low.endswith("ing") and low not in _ING_NOUNS and out[-1].lower() not in ("to", "of", "on"):
            break  # "to share asylum seekers arriving in Italy": the phrase ends before the participle
        if not re.match(r"[\w'\u2019-]", word) or (out and low in _PHRASE_STOP and out[-1].lower() not in ("to", "of", "on")) \
                or len(out) >= 5:
            break
        out.append(word)
    while out and out[-1].lower() in _PHRASE_STOP | _PHRASE_SKIP:
        out.pop()
    return " ".join(out)


def can_be_subject(sentence: str, ref: Ref) -> bool:
    """Places are not speakers: "in Syria", "for Lebanon" (but "In Washington, officials said" is)."""
    before = sentence[max(0, ref.start - 14):ref.start]
    owned = re.match(r"(?:'s|\u2019s)\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", sentence[ref.end:])
    titles = gazetteer().titles
    if owned and ref.kind != "generic" and owned.group(1) not in titles and owned.group(1) not in NP_WORDS \
            and f"{owned.group(1)} {owned.group(2)}" not in titles and owned.group(2) not in titles \
            and not GENERIC.match("the " + sentence[ref.end + 3:].lstrip()):
        return False
    if not _SUBJECT_PREP.search(before):
        return True
    if re.search(r"\b(?i:observers|officials|monitors|inspectors|delegates|envoys|representatives|diplomats|negotiators|"
                 r"ministers|leaders|mediators|judges|prosecutors|secretary-general|secretary general|spokes(?:man|woman|person)|countries|member states|members)\s+(?:from|of|at|for)\s+(?:the\s+)?$"
                 r"|" + TITLE_OF.pattern,
                 sentence[max(0, ref.start - 30):ref.start]):
        return True  # "Observers from the Organization of American States said": the organisation speaks
    if re.search(r"\b(?i:ministry|government|authorities|cabinet|presidency|leadership|regime)\s+in\s+$",
                 sentence[max(0, ref.start - 30):ref.start]):
        return True  # "The Foreign Ministry in Ankara condemned", "the government in Damascus": the seat speaks
    at_start = re.match(r"\s*In\s+$", sentence[:ref.start]) and re.match(r",\s+[a-z]", sentence[ref.end:])
    return bool(at_start) and ref.kind in (METONYM, CAPITAL)


_AGENT_BODY = re.compile(  # "by members of the European Union", "by officials in the United States"
    r"(?:the\s+)?(?:(?:[a-z]+\s+)?(?:members|officials|leaders|representatives|governments|ministers|diplomats|delegates|"
    r"spokes(?:man|woman|person)|envoys?)\s+(?:of|in|from|for)\s+(?:the\s+)?)?")
_PASSIVE_GAP = re.compile(  # "condemned in a joint statement by", "hailed as fair by", "condemned on Monday by"
    r"\s+(?:(?:in|with|through|via)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|communiqu[eé]|declaration|letter|resolution)"
    r"|as\s+(?:[\w-]+\s+){0,2}?[\w\"\u201c\u201d-]+|on\s+[A-Z]\w+|(?:strongly|sharply|quickly|widely|openly|also)|"
    r"(?:last|this|on|in)\s+(?:[\w-]+\s+){0,1}?(?:week|month|year|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?,?(?=\s+by\b)")


def passive_agent(sentence: str, start: int, end: int) -> int | None:
    """The "by ..." of a passive cue, up to where its agent begins: right after the cue, or after a short adjunct
    when the cue follows "was/were/been" ("was condemned in a joint statement by Egypt, Greece and Cyprus")."""
    gap = _PASSIVE_GAP.match(sentence, end)
    if gap and gap.end() > end and not re.search(r"\b(?:been|was|were|be|being|is|are|has|have|had)\s+(?:\w+ly\s+)?$", sentence[:start]):
        gap = None
    at = gap.end() if gap else end
    by = re.match(r"\s+by\s+", sentence[at:])
    if not by:
        return None
    body = _AGENT_BODY.match(sentence, at + by.end())
    return body.end() if body else at + by.end()


def foreign_clause(gap: str) -> bool:
    """True when a subordinate clause with its own (unnamed) subject sits between the actor and the cue."""
    if re.search(r"\b(?!(?:said|says|and|but|warned|added|insisted|stressed)\b)[a-z]+\s+(?:that|which|who)\s+$", gap):
        return True  # "any move that threatened ...": the noun is the subject
    gap = re.sub(r",[^,]*\b(?:said|says|added)\b[^,]*,", "", gap)  # "which, the statement said, European nations have"
    match = re.search(r"\b(?:that|which|who|whom)\s+((?:[\w'-]+\s+){1,5})$", gap)
    return bool(match) and not all(w in ("a", "an", "the", "its", "their", "his", "her") for w in match.group(1).split())


def group_start(refs: list[Ref], subject_ref: Ref, actors: tuple[str, ...]) -> int:
    """Where a coordinated subject ("Russia and Algeria") begins."""
    return min((r.start for r in refs if r.end <= subject_ref.end and subject_ref.start - r.start <= 40
                and set(r.actors) & set(actors)), default=subject_ref.start)


def first_of_group(refs: list[Ref], index: int, sentence: str) -> int:
    group = coordinated(refs, index, sentence, leftward=True)
    return refs.index(group[0])


def carrying_quote(sentence: str, quotes: list[tuple[int, int]], start: int, end: int, window_end: int) -> str:
    """The quoted words that carry the stance of the cue at start..end: a quote around the cue, or one that is
    the cue's own object ("criticised X for what he called an 'unconstructive position'"), not any quote
    elsewhere in the sentence."""
    carried = []
    for s, e in quotes:
        gap = sentence[end:s]
        if s <= start < e or end <= s <= window_end and len(gap.split()) <= 10 and not re.search(r"[;]|\b(?:that|and|but|while|saying)\b", gap):
            carried.append(sentence[s:e].strip("\"\u201c\u201d "))
    return " \u2026 ".join(carried)

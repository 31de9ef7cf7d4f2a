"""The per-sentence pipeline (cues → guards → holder → target → modality) and the article loop with quote carry-over."""

from __future__ import annotations

import re

from digest.analysis import analyse
from digest.extract.actors import canonical, gazetteer
from digest.extract.positions.cues import kept_cues, vetoed_by
from digest.extract.positions.holders import find_holder, quote_speaker, speaker_of
from digest.extract.positions.learned import shipped_model, with_learned
from digest.extract.positions.memory import ArticleMemory
from digest.extract.positions.modality import modality
from digest.extract.positions.nominal import make_record, nominal_positions
from digest.extract.positions.refs import references
from digest.extract.positions.sentence import (
    CLAUSE_END,
    SAID,
    UNNAMED_SOURCE,
    carrying_quote,
    group_start,
    inner_quote_spans,
    is_quote_sentence,
    issue_phrase,
    quote_open_after,
    quote_spans,
    sentence_mentions,
)
from digest.extract.positions.targets import (
    ADJUNCT_ONLY,
    ANTECEDENT_NOUN,
    between_groups,
    fallback_target,
    fill_targets,
    object_targets,
)
from digest.extract.prescan import POSITIONS, may_match
from digest.extract.rules import load_rules, words_pattern
from digest.extract.scan import Guarded, LiteralScan, fold
from digest.model import Article, Position

_VOCAB = load_rules("position_vocab")

_NON_ACTOR_SPEAKER = Guarded(re.compile(r"\b(?:said|says|told)\s+(?:[A-Z][\w'-]+\s+){1,3}?[A-Z][\w'-]+,\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?"
                                r"(?:researcher|analyst|expert|professor|scholar|activist|resident|witness|lawyer|journalist|observer|commentator|fellow)\b"
                                r"|\b(?:former|retired)\s+(?:[\w-]+\s+){0,3}?(?:[A-Z][\w'-]+\s+){1,2}(?:said|says|told|tweeted|wrote)\b"
                                r"|\b(?:tweeted|wrote|said)\s+(?:former|retired)\s+"))
_PRONOUNS = _VOCAB.words("pronouns")
_SPORTS_TERMS = re.compile(words_pattern(sorted(_VOCAB.words("sports_terms"))), re.IGNORECASE)
_SPORTS_TERMS_NEEDED = 7
_SPORTS_SCAN = LiteralScan(_VOCAB.words("sports_terms"))
_QUOTE_CARRY = {rule.attrs["stance"]: re.compile(rule.pattern, re.IGNORECASE) for rule in _VOCAB.select(use="quote_carry")}


def _sentences(article: Article) -> list[tuple[int, str]]:
    return [(s.paragraph, s.text) for s in analyse(article, "english").sentences]


def _sentence_positions(sentence: str, article: Article, memory: ArticleMemory) -> tuple[list[Position], bool]:
    """Positions stated in one sentence; also whether a cue occurred inside its quotes."""
    mentions = sentence_mentions(sentence)
    memory.unheld = set()
    memory.learn_people(sentence, mentions)
    memory.learn_organisations(sentence, mentions)
    quotes = quote_spans(sentence)
    outside = [m for m in mentions if not any(s <= m.start < e for s, e in quotes)]
    possible = may_match(sentence, POSITIONS)  # no cue or stance noun: no entry can match
    cues = kept_cues(sentence, mentions) if possible else []
    attributed = quotes and any(not any(s <= m.start() < e for s, e in quotes) for m in SAID.finditer(sentence))
    pronoun_said = re.search(r"\b(?:he|she|they)\s+(?:said|says|told|added)\b|\b(?:said|says|told|added)\s+(?:he|she|they)\b", sentence) if quotes else None  # read only for a quote's owner
    # "we"/"I" in a quote are its speaker's: the actor named outside it, else "he said"'s last speaker, else the speaker
    # of the quotation the sentence continues
    he_said = bool(pronoun_said) and "they" not in pronoun_said.group(0)
    said_by = outside[0].actor if outside and quotes else memory.he_said() if quotes and he_said else memory.run_speaker
    refs = references(sentence, mentions, memory, said_by)
    owner = (quote_speaker(sentence, quotes, memory) or (memory.last_person_actor if pronoun_said else "")) if quotes else ""
    quoted_by_nobody = bool(attributed) and not owner
    results: list[tuple[int, Position]] = []
    cue_in_quote = False
    previous: tuple[int, int, tuple[str, ...]] | None = None  # (start, end, actors) of the last cue
    previous_stance = ""
    previous_targets: list[str] = []
    for n, (stance, start, end, text) in enumerate(cues):
        in_quote = any(s <= start < e for s, e in quotes)
        if stance in ("support", "agree") and re.search(r"\bneither\b[^.;]*\bnor\b[^.;]*$", sentence[:start]):
            stance = "reject"  # "neither the EU nor the US would endorse the result": a refusal
        if vetoed_by(sentence, stance, start, text, previous, previous_stance) or quoted_by_nobody and in_quote:
            continue
        found = find_holder(sentence, refs, stance, start, end, text, previous, memory)
        if found is None:
            memory.unheld.add(stance)
            continue
        actors, subject_ref, preset, end = found
        next_start = cues[n + 1][1] if n + 1 < len(cues) else len(sentence)
        stop = CLAUSE_END.search(sentence[end:next_start])
        window_end = end + (stop.start() if stop else next_start - end)
        between = between_groups(sentence, refs, start, window_end) if stance in ("agree", "meet") else []
        if not actors and not between:
            memory.unheld.add(stance)
            continue
        cue_in_quote = cue_in_quote or in_quote
        mediation = stance == "offer" and re.match(r"\s*(?:to\s+)?mediat(?:e|ing)\b", sentence[end:window_end])
        hosting = stance == "offer" and re.match(r"\s*(?:to\s+)?(?:host|organi[sz]e|arrange|convene)\s+(.*)", sentence[end:window_end])
        pronoun_object = re.match(r"\s*(?:on\s+)?(?:it|him|her)\b", sentence[end:window_end])
        named = [r for r in refs if r.end <= start and r.kind not in ("pronoun", "generic") and not set(r.actors) & set(actors)]
        if pronoun_object and named and not preset:  # "regarded Israel as a friend and urged it to ...", "accusing it of"
            targets = list(named[-1].actors[:1])
        else:
            targets = preset or (["mediation"] if mediation else [issue_phrase(hosting.group(1))] if hosting and issue_phrase(hosting.group(1))
                                 else object_targets(sentence, refs, end, window_end, actors, stance, text))
        if not targets and previous_targets and re.match(r"\s*(?:them|him|her)\b", sentence[end:]):
            targets = [t for t in previous_targets if t not in actors]  # "spoke with X and Y and urged them to ..."
        if stance == "support" and text.lower().startswith("defend") and not targets and re.match(
                r"\s*(?:every|our|(?:the\s+)?(?:[a-z-]+\s+)?(?:country|territory|sovereignty|borders?|homeland|interests|rights|people|nation|"
                r"mosque|shrine|holy sites?|frontiers?)\b|(?:[A-Za-z]+-)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?\s+(?:mosque|shrine)\b)", sentence[end:window_end]):
            continue  # "will defend every inch of its territory": not support for anybody
        conditional, negated = modality(sentence, stance, text, start, end, window_end, previous[1] if previous else 0)
        if negated and stance in ("threaten", "criticize", "support", "offer", "demand") and SAID.search(sentence, 0, start) \
                and re.search(r"\b(?:had|has|have) never\s+$", sentence[:start]):
            stance, negated = "deny", False  # "said China had never threatened fishermen": a denial
        if stance == "support" and not targets and re.match(r"\s*(?:the|a|an|its|their)\s+(?:\w+\s+)?(?:advance|offensive|assault|attack|"
                                                            r"push|operation|campaign|troops|forces)\b", sentence[end:window_end]):
            continue  # "aircraft supporting the advance": military action, not a position
        own_body = re.match(r"\s*(?:on\s+|upon\s+)?(?:the\s+|its\s+|their\s+)?", sentence[end:window_end])
        if stance == "demand" and any(r.start == end + own_body.end() and r.kind != "pronoun" and set(r.actors) <= set(actors) for r in refs):
            continue  # "called on the army to find those responsible": inside one actor

        if between:
            pairs = list(dict.fromkeys((a, b, "") for group in between for a in group for b in group if a != b))
        elif stance in ("agree", "meet") and len(actors) > 1 and not targets and not text.lower().startswith("join"):  # "A and B agreed": each
            blocs = [set(r.actors) for r in refs if r.kind == "country" and len(r.actors) > 1]  # "the E3" meets Iran, not itself
            pairs = [(a, b, speaker_of(a, subject_ref, refs)) for a in actors for b in actors
                     if a != b and not any(a in bloc and b in bloc for bloc in blocs)]
        else:
            if not targets and stance == "meet" or not targets and stance == "agree" and re.match(r"\s+with\s+(?:the\s+)?[A-Z]", sentence[end:]):
                continue  # "agreed with Airbus to open a factory": a company, not a counterpart
            if not targets and subject_ref and ADJUNCT_ONLY.fullmatch(sentence[end:window_end]):
                antecedent = ANTECEDENT_NOUN.search(sentence, 0, group_start(refs, subject_ref, actors))
                if antecedent:  # "the clause that Russia had objected to", "a request Ottawa declined"
                    targets = [fallback_target(sentence, refs, antecedent.start(1), antecedent.end(1), actors, stance, memory)]
            passive_subject = re.search(r"\b(?:said|says|added|insisted|stressed)\s+(?:that\s+)?([^,;]+)$", sentence[:start]) \
                if stance == "reject" and re.search(r"\bbe\s+\w+$", text) else None
            if not targets and passive_subject and issue_phrase(passive_subject.group(1)):
                targets = [issue_phrase(passive_subject.group(1))]  # "said the vote would not be recognised": the vote
            targets = targets or [fallback_target(sentence, refs, end, window_end, actors, stance, memory, text)]
            pairs = [(a, t, speaker_of(a, subject_ref, refs)) for a in actors for t in targets if t != a]
        for actor, target, speaker in pairs:
            # a quote is evidence only for its speaker, and only when it carries this stance
            own = carrying_quote(sentence, quotes, start, end, window_end) if in_quote or actor == owner or not owner else ""
            results.append((start, make_record(sentence, article, actor, stance, target, speaker, conditional, negated, own)))
            if stance == "criticize" and target:
                memory.note_accuser(target, actor)
        previous, previous_stance, previous_targets = (start, end, actors), stance, targets
    results.extend((at, p) if p.actor == owner or not owner else (at, _without_quote(p))
                   for at, p in (nominal_positions(sentence, article, refs, memory, quotes) if possible else ()))
    fill_targets([p for _, p in results])
    memory.remember(sentence, refs, [p for _, p in results])
    return [p for _, p in sorted(results, key=lambda item: item[0])], cue_in_quote


def _run_speaker(sentences: list[tuple[int, str]], index: int, memory: ArticleMemory) -> str:
    """Who speaks a quotation that opens in sentence `index` and runs on: the actor named at its opening ("Erdogan
    said, \u201c...") or, when that says only "he said" or nobody, at the sentence that closes it ("...,\u201d Raab
    added")."""
    paragraph, sentence = sentences[index]
    said = SAID.search(sentence)
    pronoun = re.search(r"\b(?:he|she)\s+(?:said|says|told|added|continued)\b|\b(?:said|says|told|added|continued)\s+(?:he|she)\b", sentence)
    named = quote_speaker(sentence, quote_spans(sentence), memory) if said else ""
    if named or pronoun:
        return named or memory.last_person_actor
    is_open = True
    for later_paragraph, later in sentences[index + 1:]:
        if later_paragraph != paragraph or not is_open:
            break
        is_open = quote_open_after(later, True)
        if not is_open:
            text = later if later.lstrip()[:1] in "\"\u201c" else "\u201c" + later
            return quote_speaker(text, quote_spans(text), memory) if SAID.search(later) else ""
    return ""


def _carried_in_quote(sentence: str, article: Article, quotes: list[tuple[int, int]], run: list[Position],
                      memory: ArticleMemory) -> list[Position]:
    """A sentence inside a quotation opened earlier carries the speaker's last stance of that quotation when its own
    words say something of that stance ("How can you do this?" after a condemnation; not "Its status will change")."""
    if not run or not quotes:
        return []
    last = run[-1]
    named = quote_speaker(sentence, quotes, memory)
    words = " ".join(sentence[s:e] for s, e in quotes)
    if named and named != last.actor or not _says_stance(last.stance, words):
        return []
    quote = " \u2026 ".join(sentence[s:e].strip("\"\u201c\u201d ") for s, e in quotes)
    return [make_record(sentence, article, last.actor, last.stance, last.target, last.speaker, last.conditional, last.negated, quote)]


def _says_stance(stance: str, words: str) -> bool:
    """Whether quoted words that follow a stance say something of that stance themselves (position_vocab's
    quote_carry entries): only then does a quote continue it."""
    signal = _QUOTE_CARRY.get(stance)
    return signal is not None and bool(signal.search(words)) and len(re.findall(r"\w+", words)) >= 3


def _without_quote(p: Position) -> Position:
    p.quote = ""
    return p


def _dedupe(records: list[Position], memory: ArticleMemory) -> list[Position]:
    """One record per (actor, stance, target) in a sentence; none aimed at the actor itself, its own people
    ("would not vote for Trump", "asked John for his resignation") or a pronoun."""
    seen: dict[tuple[str, str, str], Position] = {}
    for p in records:
        rival = memory.party_of(p.target) if memory.holds_office(p.speaker) else ""
        known = rival or canonical(p.target)  # President Trump "insulted Biden": the other party's nominee, not his own state
        own = known == p.actor or known is None and any(owner == p.actor and p.target.endswith(name)
                                                        for name, owner in memory.people.items() if " " in name or name == p.target)
        if p.actor and p.target and p.actor != p.target and not own and p.target.lower() not in _PRONOUNS:
            seen.setdefault((p.actor, p.stance, p.target), p)
    return list(seen.values())


_DOMESTIC_SHARE = 0.7
_DOMESTIC_MENTIONS = 3


def _domestic(p: Position, memory: ArticleMemory) -> bool:
    """A state's stance toward no other actor, in a sentence naming no other actor, in an article that is about that
    state alone (a ministry's new rules): domestic politics, not a diplomatic position. A party's platform in a campaign
    story is a position of the party (the guidelines count parties as actors), and an international organisation has no
    domestic politics: only states' stances are ever domestic."""
    if gazetteer().surfaces.get(p.actor, ("", ""))[1] != "country":
        return False
    return memory.share(p.actor, _DOMESTIC_MENTIONS) >= _DOMESTIC_SHARE and p.target not in gazetteer().canonical_names and canonical(p.target) is None \
        and not any(m.actor != p.actor and not m.actor.endswith(" Party") for m in sentence_mentions(p.sentence))


def _sports_report(article: Article) -> bool:
    """A match report ("both Argentina and Mexico defended well") names countries but states no position."""
    text = article.title + "\n" + article.text
    present = _SPORTS_SCAN.present(text)  # the terms occurring even inside other words ("try" in "country")
    if present is not None and len(present) < _SPORTS_TERMS_NEEDED and fold(text) == text.lower():
        return False  # too few for the word matches below, each of which is one of them (no long s or Kelvin sign, which lower() and the scan read apart)
    return len({m.group(0).lower() for m in _SPORTS_TERMS.finditer(text)}) >= _SPORTS_TERMS_NEEDED


def extract_positions(article: Article) -> list[Position]:
    """Every diplomatic position stated in one article, in reading order (none in a sports report): the rules', then
    the stance model's."""
    model = shipped_model()  # none shipped: the rules alone, without the bookkeeping the model reads
    positions, sentences, read_as, memory = rule_reading(article, for_model=model is not None)
    if model is not None:
        positions = with_learned(article, sentences, read_as, positions, model)
    return [p for p in positions if not _domestic(p, memory)]


def rule_reading(article: Article, for_model: bool = True) -> tuple[list[Position], list[str], dict[str, tuple[str, list, set[str]]],
                                                                     ArticleMemory]:
    """The rules' positions (domestic ones not yet dropped), the article's sentences, each sentence as read with its
    actor references (only `for_model`), and what the article told the rules."""
    if _sports_report(article):
        return [], [], {}, ArticleMemory()
    memory = ArticleMemory()
    positions: list[Position] = []
    last_records: list[Position] = []
    quoted_before = False
    open_quote, last_paragraph = False, -1
    run_records: list[Position] = []  # the last stance records of the quotation now open
    run_speaker = ""
    sentences = _sentences(article)
    read_as: dict[str, tuple[str, list, set[str]]] = {}  # each sentence as read (a quote reopened),
    # its actor references and the stances of its cues that found no holder
    for index, (paragraph, sentence) in enumerate(sentences):
        memory.count_mentions(sentence)
        memory.next_sentence()
        previous_speaker, previous_subject = memory.last_person_actor, memory.last_subject
        open_before = open_quote and paragraph == last_paragraph  # a quote left open runs on to the paragraph's end
        mid_quote = open_before and sentence.lstrip()[:1] not in "\"\u201c"
        if not open_before:
            run_records, run_speaker = [], ""
        # inside a quotation opened earlier by a known speaker the sentence is read with its opening mark restored, as
        # that speaker's words ("We appreciate ..." is theirs, not the last subject's)
        opens = not open_before and quote_open_after(sentence, False)  # a quotation opens here and runs on
        if opens:
            run_speaker = _run_speaker(sentences, index, memory)
        restored = mid_quote and bool(run_speaker)
        memory.run_speaker = run_speaker if restored or opens else ""
        read = "\u201c" + sentence if restored else sentence
        records, cue_in_quote = _sentence_positions(read, article, memory)
        if for_model:
            read_as[sentence] = (read, memory.last_refs, memory.unheld)
        for p in records:
            p.sentence = sentence
        records = _dedupe(records, memory)
        quotes = inner_quote_spans(sentence, open_before)
        open_quote, last_paragraph = quote_open_after(sentence, open_before), paragraph
        continuing = []
        if mid_quote:
            carried = [p for p in _carried_in_quote(sentence, article, quotes, run_records, memory) if all(r.actor != p.actor for r in records)]
            records = _dedupe(records + carried, memory)  # a sentence with a stance of its own carries none
        elif last_records and not cue_in_quote and is_quote_sentence(sentence, quotes) and len(re.findall(r"\w+", sentence)) >= 3:
            named = quote_speaker(sentence, quotes, memory)
            speaker = named or previous_speaker
            carried = [p for p in last_records if p.stance != "meet" and (not speaker or p.actor == speaker)
                       and (named or quoted_before or not previous_subject or p.actor in previous_subject)][-1:]
            # "X's minister said Russia had made demands. 'We came for peace,' he said": not Russia's stance
            voices = {m.actor for m in sentence_mentions(sentence) if not any(s <= m.start < e for s, e in quotes)}
            if not named and (UNNAMED_SOURCE.search(sentence) or _NON_ACTOR_SPEAKER.search(sentence)
                              or voices and SAID.search(sentence) and not any(p.actor in voices for p in carried)):
                carried = []  # "..., a senior European diplomat said", "said X, a researcher", "..., Russia's spokesman said": a new voice
            continuing = carried  # the stance a quotation opened here goes on with, even when this sentence does not say it
            if not SAID.search(sentence):  # a bare quote sentence ("Our house is burning.") continues a stance it speaks of
                carried = [p for p in carried if _says_stance(p.stance, " ".join(sentence[s:e] for s, e in quotes))]
            quote = " … ".join(sentence[s:e].strip("\"\u201c\u201d ") for s, e in quotes)
            records = _dedupe(records + [make_record(sentence, article, p.actor, p.stance, p.target, p.speaker, p.conditional,
                                                 p.negated, quote) for p in carried], memory)
        last_records = [p for p in records if p.stance != "meet"]
        run_records = last_records or (continuing if opens else []) or run_records
        if opens and not run_speaker:  # named in this sentence (now learned), else the speaker whose stance it continues
            continued = [p.actor for p in records if p.quote and is_quote_sentence(sentence, quotes)] or [p.actor for p in continuing]
            run_speaker = _run_speaker(sentences, index, memory) or (continued[-1] if continued else "")
        quoted_before = is_quote_sentence(sentence, quotes)
        positions.extend(records)
    return positions, [text for _, text in sentences], read_as, memory

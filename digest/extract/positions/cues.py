"""Stance cues: the rule entries of `position_cues.toml` found in a sentence, and named guards that veto them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.extract.actors import (
    DEMONYM,
    Mention,
    gazetteer,
)
from digest.extract.positions.modality import COND
from digest.extract.positions.sentence import SAID, passive_agent, quote_spans, sentence_mentions
from digest.extract.rules import load_rules

_VOCAB = load_rules("position_vocab")

_BASE_NOUNISH = _VOCAB.words("base_nounish")

_VERBAL_BEFORE = re.compile(r"(?:\b(?:to|will|would|shall|should|could|can|may|might|must|did|do|does|not|never|we|I|they|you|also|"
                            r"jointly|strongly|firmly|fully|then|soon|ll)|n't|'ll)\s+$", re.I)

_COMPLEMENT_OF = {"demand", "offer", "threaten", "reject", "agree"}

_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|previous|new|further|repeated|recent|earlier|latest|such|"
                         r"these|those|any|no|of|for|many|several)|'s|\u2019s)\s+$", re.I)

_WHETHER = re.compile(r"\b(?:whether|if)\b[^,;]*$|\b(?:unlikely|doubtful|doubted|doubts|uncertain|unclear)\b[^.;]{0,30}?\bthat\b[^,;]*$"
                      r"|\b(?:accusations?|allegations?|claims?|charges?)\s+(?:against\s+\w+\s+)?(?:is|was|are|were)\s+that\b[^;]*$"
                      r"|\b(?:accusations?|allegations?|claims?|charges?|suggestions?)\s+that\b[^,;]*$", re.I)  # "countering claims that his country supports"

_CONDITION_OF = re.compile(r"\b(?:until|unless|if|once)\s(?:(?!\band\s)[^,;:.\"\u201c\u201d]){0,60}$")

_HEARSAY = re.compile(r"^\W*(?:The\s+|Some\s+|Many\s+|Several\s+|Other\s+)?(?:[A-Z][a-z]+\s+)?(?:analysts|experts|observers|critics|"
                      r"commentators|sources|residents|activists|witnesses|researchers|scholars)\s+(?:say|said|says|believe|think|argue|suggest)\b", re.I)
_ADJECTIVAL = _VOCAB.words("adjectival")


_MEETING_SOUGHT = re.compile(r"\b(?:propos|arrang|facilitat|request|seek|sought|push|call|urg|offer|plan|want|organi[sz]|broker|host|"
                             r"convene|set(?:ting)? up|prepar|demand|ask|hope|wish)\w*\s+(?:(?:to|for|a|an|the|new|fresh|direct|\w+-\w+)\s+){0,3}$", re.I)


def kept_cues(sentence: str, mentions: list[Mention]) -> list[tuple[str, int, int, str]]:
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
                and re.search(r"\bto\s+(?:\w+\s+)?$", gap) and not re.search(r"[;,]", gap[kept[-1][2] - kept[-1][1]:]) \
                and not (kept[-1][0] == "agree" and stance == "meet") \
                and not kept[-1][3].lower().startswith(("broker", "mediat")):  # "agreed to meet": an agreement and a meeting;
            # "a deal it brokered to normalize relations between A and B": the mediator's offer and the parties' agreement
            continue  # "urged Israel to accept the deal", "willing to meet X": the content of another stance
        kept.append(cue)
    return kept


def _is_verbal(sentence: str, cue: tuple[str, int, int, str], mentions: list[Mention]) -> bool:
    """Base forms that double as nouns ("the support of", "a visit") count only after a modal, "to" or a pronoun."""
    stance, start, _end, text = cue
    word = text.split()[0].lower()
    if stance == "meet" and word in ("call", "calls", "phone", "telephone", "video") and re.match(r"\s+between\b", sentence[start + len(text):]):
        return True  # "a call between Trump and Zelensky": a noun that names a call held (a meeting "arranged" may not be)
    if stance == "meet" and word in ("talks", "meeting", "meetings", "summit") and re.match(r"\s*(?:[\w-]+\s+){0,5}?between\b", sentence[start + len(text):]):
        # "in China for talks between the US and Chinese governments": a noun cue by design; but a meeting proposed,
        # arranged or hosted by someone else ("proposed a meeting between ...") may never be held
        return not _MEETING_SOUGHT.search(sentence[max(0, start - 60):start])
    if stance == "meet" and re.fullmatch(r"talks\s+with", text, re.I) \
            and re.search(r"\b(?:after|following|before|during|for|in)\s+(?:(?:the|his|her|their|its|a|an|[a-z]+-level|direct|bilateral|separate|"
                          r"lengthy|further|fresh|new|brief|private)\s+){0,2}$", sentence[:start]):
        return True  # "pledged aid following talks with the Syrian government": the subject held them
    titled = re.search(r"(?:'s|\u2019s|[A-Z][a-z]+)\s+([a-z-]+)\s+$", sentence[:start])
    if word.endswith("ing") and not (titled and titled.group(1) in gazetteer().titles) \
            and re.search(r"(?:\b(?:the|a|an|its|their|his|her)|'s|\u2019s)\s+(?:[a-z-]+\s+)?$|\b(?:with|without|of|for)\s+[a-z-]+\s+$", sentence[:start]) \
            and not re.search(r"\b(?:is|are|was|were|been|be)\s+(?:[a-z-]+\s+)?$", sentence[:start]) \
            and not re.search(r"\b(?:issued|released|published|sent|signed) (?:a|an|the|its|their|his|her) (?:joint )?"
                              r"(?:statement|communiqu[eé]|letter|declaration|note)\s+$", sentence[:start]):  # "issued a statement urging"
        return False
    if word.endswith("ed") and " " not in text.strip() and re.search(r"(?:\b(?:the|a|an|its|their|his|her|our)|'s|\u2019s)\s+(?:[a-z]+ly\s+)?$", sentence[:start], re.I) \
            and re.match(r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s*(?:[,.;]|$|\s+(?:for|of|to|by|in|on|with|was|is|has|had|would|will)\b)", sentence[start + len(text):]):
        return False  # "Italy, the proposed end point, ...": a participle used as an adjective
    if word.endswith("s") and word[:-1] in _BASE_NOUNISH | {"threat", "talk", "proposal", "pledge", "promise"} \
            and (_DETERMINER.search(sentence[:start]) or re.search(r"\b(?:[a-z]+ing|multiple|many|several|numerous|other|similar|two|three|four|\d+|international|global|public|"
                                                           r"widespread|urgent|fresh|(?:reject|ignor|dismiss|resist|rebuff|heed|defi|brush)(?:ed|ing|s)?(?: off)?)\s+$", sentence[:start])):
        return False  # "the calls", "multiple competing offers", "growing international calls", "rejected calls": nouns
    if word in _BASE_NOUNISH:
        before = sentence[:start]
        subject_before = any(m.kind != DEMONYM and re.fullmatch(r"\s*", before[m.end:]) for m in mentions if m.end <= start)
        named_before = re.search(r"\b[A-Z][a-z]+(?:-[a-z]+)?\s+[A-Z][a-z]+\s+$", before)  # "... and Samuel Okello meet": a name not in the gazetteer
        if not _VERBAL_BEFORE.search(before) and not subject_before and not named_before \
                and not re.search(r"\b(?:they|states|countries|nations)\s+$", before):
            return False
    return True


@dataclass(frozen=True)
class CueSite:
    """A cue in its sentence, with the cue before it (its span and holders) and that cue's stance."""

    sentence: str
    stance: str
    start: int
    text: str
    previous: tuple[int, int, tuple[str, ...]] | None
    previous_stance: str

    @property
    def before(self) -> str:
        return self.sentence[:self.start]

    @property
    def after(self) -> str:
        return self.sentence[self.start + len(self.text):]

    @property
    def word(self) -> str:
        return self.text.split()[0].lower()


def hypothetical(c: CueSite) -> bool:
    """"whether Russia would accept", "unlikely that the EU would finance", "the accusation is that he called for": a
    question, a doubt or the content of an accusation, not a position."""
    return bool(_WHETHER.search(c.sentence[c.previous[1] if c.previous else 0:c.start]) and not COND.search(c.text))


def agreement_not_reached(c: CueSite) -> bool:
    """"close to agreeing", "failed to agree", "yet to agree", "could not reach an agreement", "reached no agreement"."""
    return c.stance == "agree" and bool(re.search(
        r"\b(?:close to|near(?:ing|ed)?|on the verge of|failed (?:\w+ ){0,3}?to|yet to|could not|couldn't|cannot|can't|unable to|"
        r"be able to)\s+$", c.before) or re.match(r"reach\w*\s+no\b", c.text))  # "could not reach an agreement", "reached no agreement"


def inside_a_condition(c: CueSite) -> bool:
    """"until Russia agrees to a ceasefire": the condition of another stance, not a position."""
    return bool(_CONDITION_OF.search(c.sentence, max(0, c.start - 70), c.start))


def meeting_request(c: CueSite) -> bool:
    """"requested an emergency meeting of the Security Council": procedure, not a position."""
    return c.stance == "demand" and c.word.startswith(("request", "call", "ask")) and bool(re.match(
        r"\s*(?:for\s+)?(?:an?\s+|the\s+)?(?:emergency\s+|urgent\s+|special\s+|closed-door\s+)?(?:meeting|session)\b", c.after))


def agreed_participle(c: CueSite) -> bool:
    """"keep the language agreed at last year's summit": a participle, not an agreement."""
    return c.stance == "agree" and bool(re.search(r"\bthe\s+[a-z]+\s+$", c.before)) and bool(re.match(r"\s+(?:at|during)\b", c.after))


def stance_not_taken(c: CueSite) -> bool:
    """"would wait for the count before recognising any winner" (but "talks in Israel before continuing on to Egypt" is
    the next leg of a trip)."""
    return c.word.endswith("ing") and bool(re.search(r"\b(?:before|without|instead of)\s+$", c.before)) \
        and not (c.stance == "meet" and c.word.startswith(("continu", "travel", "fly", "flying", "going")) and c.before.endswith("before "))


def force_backing(c: CueSite) -> bool:
    """"the military coalition backing the government": who they are, not a statement."""
    return c.stance == "support" and c.word.endswith("ing") and bool(re.search(
        r"\b(?:coalition|forces|militias?|troops|fighters|units|alliance)\s+$", c.before))


def participle_of_a_group(c: CueSite) -> bool:
    """"countries refusing asylum seekers pay into a fund": which countries, not a stance they state here."""
    return c.word.endswith("ing") and bool(re.search(r"\b(?:countries|states|members|governments|nations)\s+$", c.before))


def hearsay(c: CueSite) -> bool:
    """"Analysts say the government wants a corridor": what non-actors believe, not a stated position."""
    said = _HEARSAY.match(c.sentence)
    return bool(said) and said.end() <= c.start


def document_content(c: CueSite) -> bool:
    """"a resolution demanding a ceasefire": what the text says, not who backs it."""
    return c.word.endswith("ing") and bool(re.search(r"\b(?:resolution|draft|text|bill|motion|clause|amendment)s?\s+$", c.before))


def travel_advice(c: CueSite) -> bool:
    """"advises Americans not to travel to Niger"."""
    return c.stance == "meet" and bool(re.search(r"\b(?:advis\w*|urg\w*|warn\w*|told|ask\w*)\s+(?:\w+\s+){0,3}(?:not\s+)?to\s+$", c.before))


def denied_or_warned_content(c: CueSite) -> bool:
    """"denied that China had offered any concessions": the content of a denial."""
    return bool(c.previous and c.previous_stance in ("deny", "threaten")
                and re.match(r"\s*(?:\w+\s+){0,3}?that\b[^;]*$", c.sentence[c.previous[1]:c.start])
                and not re.search(r"\band\s+(?:also\s+)?$", c.before))


def host_of_talks(c: CueSite) -> bool:
    """"hosted the Jeddah talks with ...": the host does not meet."""
    return c.stance == "meet" and bool(re.search(r"\b(?:co-)?host(?:s|ed|ing)?\s+(?:\S+\s+){0,3}$", c.before))


def passive_without_agent(c: CueSite) -> bool:
    """"France had been invited to Mali": the subject is not the one who invites."""
    return c.word.endswith("ed") and c.word not in _ADJECTIVAL \
        and bool(re.search(r"\b(?:been|was|were|be|being|is|are)\s+(?:\w+ly\s+)?$", c.before)) and passive_agent(c.sentence, c.start, c.start + len(c.text)) is None \
        and not re.match(r"\s+between\b", c.after)  # "was signed between A and B": they agreed


def denied_gerund(c: CueSite) -> bool:
    """"denied supplying weapons": what is denied, not a stance."""
    return bool(c.previous and c.previous_stance == "deny" and c.word.endswith("ing") and not c.sentence[c.previous[1]:c.start].strip())


def backed_by_modifier(c: CueSite) -> bool:
    """"rebel groups backed by Washington", "Iran-backed militias", "troops moved in, supported by artillery strikes": who
    or what, not a statement."""
    if c.stance == "support" and c.word == "backed" and c.before.endswith("-"):
        return True  # "the Armenian-backed separatists"
    agent = r"\s+by\b" if c.word == "backed" else r"\s+by\s+(?:an?\s+|the\s+)?[a-z]"  # "supported by Russian aircraft" still counts
    return c.stance == "support" and c.word in ("backed", "supported") and bool(re.match(agent, c.after)) \
        and bool(re.search(r"[a-z]\s+$|,\s+$", c.before)) and not re.search(r"\b(?:been|was|were|be|being|is|are)\s+(?:\w+ly\s+)?$", c.before)


def accusation_content(c: CueSite) -> bool:
    """"accused Ethiopia of violating ... by signing a deal": what the accusation says (but "offered a hint of concern
    by calling on it to ..." says how the concern was shown: a demand of its own)."""
    return bool(c.previous and c.previous_stance in ("criticize", "deny", "threaten") and c.word.endswith("ing")
                and re.search(r"\b(?:of|for|from)\s+$|\bby\s+$" if c.stance != "demand" else r"\b(?:of|for|from)\s+$", c.before))


def accord_sought(c: CueSite) -> bool:
    """"called for the early conclusion of a trade agreement between India and the EU": the content of a demand."""
    return c.stance == "agree" and c.word not in ("agree", "agrees", "agreed", "agreeing", "sign", "signs", "signed") and bool(c.previous) \
        and c.previous_stance in ("demand", "offer") and c.start - c.previous[1] <= 60 \
        and not re.search(r"[;]|\b(?:that|which|who|and|but)\b", c.sentence[c.previous[1]:c.start]) \
        and not c.sentence[c.previous[0]:c.previous[1]].lower().startswith(("broker", "mediat"))  # a mediated accord was reached


_ACCORD_UNREACHED = re.compile(_VOCAB.by_name["accord_unreached"].pattern, re.I)


def accord_unreached(c: CueSite) -> bool:
    """"working for a peace deal between Israel and ...", "the best way to a deal between ...": an accord sought, not
    one its parties reached (the words before it are data: position_vocab's accord_unreached)."""
    return c.stance == "agree" and c.word not in ("agree", "agrees", "agreed", "agreeing", "sign", "signs", "signed") \
        and re.match(r"\s+(?:[\w-]+\s+){0,3}?between\b", c.after) is not None and bool(_ACCORD_UNREACHED.search(c.before[-80:]))


def what_another_should_do(c: CueSite) -> bool:
    """"Schwarzman said the president should accept the outcome": the speaker's view, not the subject's stance."""
    return c.stance != "demand" and bool(re.search(r"\b(?:should|must|ought to)\s+(?:\w+ly\s+)?$", c.before)) \
        and not re.search(r"\b(?:we|I)\s+(?:should|must|ought to)\s+(?:\w+ly\s+)?$", c.before)


def accused_people(c: CueSite) -> bool:
    """"extradite people accused of crimes": a participle describing people, not an accusation."""
    return c.word in ("accused", "suspected", "blamed", "charged") and bool(re.search(
        r"\b(?:people|persons|those|anyone|someone|individuals|men|women|suspects|citizens|nationals|activists|[a-z]+ers)\s+$", c.before))


def hope_for_a_non_actor(c: CueSite) -> bool:
    """"is hoping that the CAW will support the process": a hope is a demand only of an actor named right after it."""
    if c.stance != "demand" or not c.word.startswith(("hop", "express")):
        return False
    at = c.start + len(c.text)
    at += re.match(r"\s*(?:that\s+)?(?:the\s+)?", c.sentence[at:]).end()
    return not any(m.start == at for m in sentence_mentions(c.sentence))


_OBLIGATION = re.compile(r"(?:must|should|has to|have to|needs? to|ought to) (?:\w+ly )?be\b|there\b", re.I)


def unreported_obligation(c: CueSite) -> bool:
    """"it must be approved by the Senate": an obligation is a demand only in somebody's words (a quote, or after "said")."""
    return c.stance == "demand" and bool(_OBLIGATION.match(c.text)) and not SAID.search(c.before) \
        and not any(s <= c.start < e for s, e in quote_spans(c.sentence))


GUARDS = (hypothetical, agreement_not_reached, inside_a_condition, meeting_request, agreed_participle, stance_not_taken,
          force_backing, participle_of_a_group, hearsay, document_content, travel_advice, denied_or_warned_content, host_of_talks, passive_without_agent,
          denied_gerund, backed_by_modifier, accusation_content, accord_sought, accord_unreached,
          what_another_should_do, accused_people, hope_for_a_non_actor, unreported_obligation)


def vetoed_by(sentence: str, stance: str, start: int, text: str, previous: tuple[int, int, tuple[str, ...]] | None,
              previous_stance: str) -> str:
    """The name of the first guard that says this cue states no position ("" when none does)."""
    site = CueSite(sentence, stance, start, text, previous, previous_stance)
    return next((guard.__name__ for guard in GUARDS if guard(site)), "")

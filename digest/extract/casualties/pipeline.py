"""Casualty figures of a sentence and of an article, as a pipeline of named steps (quantulum3's
`parser.parse` style): pre-filter → numbers → number phrases → kinds and guards (matching) →
breakdown, scope, attribution and place (annotation). Matching decides which phrases are figures;
annotation only describes them (spaCy's EntityRuler keeps `match()` apart from
`set_annotations()` the same way). The rules follow EXTRACTION-GUIDELINES.md: one record per
mention, the headline included; the qualifier comes from the number phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from digest.analysis import analyse
from digest.extract.casualties import captives, guards
from digest.extract.casualties.attribution import attribution, attributions
from digest.extract.casualties.kinds import kind_after, kind_before, kind_by_the, partitive_total_kind
from digest.extract.casualties.phrases import Phrase, breakdown, number_phrases
from digest.extract.casualties.scope import (
    LARGE_TALLY,
    cumulative_sentence,
    place,
    running_total,
    when_clause_place,
)
from digest.extract.casualties.vocabulary import (
    GAP,
    LOST_WHO,
    TO_DEATH_VERBS,
    VERBS_BEFORE,
    WINDOW,
    is_people,
    may_hold_figure,
)
from digest.extract.numbers import Number, find_numbers
from digest.model import Article, CasualtyFigure

# "we lost 14 brave men", "she had lost an eight-year-old daughter and two sons"
_LOST_BEFORE = re.compile(rf"\blos(?:t|ing|es|e)(?:\s+(?:a|an|the|his|her|their|its)\s+(?:[\w'\u2019-]+\s+){{0,4}}and)?{GAP}$", re.I)
_FROM_GAP = re.compile(rf"(?:\s+[\w'\u2019-]+){{0,3}}?\s*,?\s+from{GAP}", re.I)  # "to 30 last year from 135"
# "... said the death toll was 3,958, and the UN revised its own figure down to 4,000"
# ("the number of casualties rose to ..." mixes the dead and the hurt: it continues no tally)
_REVISED_BEFORE = re.compile(rf"\b(?:figure|estimate|count|tally|number)s?\b(?!\s+of\s+casualties\b)"
                             rf"(?:\s+[\w'\u2019-]+){{0,3}}?\s+(?:to|at|of){GAP}$", re.I)
# "rose to 1,240, up from 870", "down from a peak of over three-and-a-half million"
_INHERIT_BEFORE = re.compile(rf"\b(?:up|down|revised|raised|lowered|increased)\s+from(?:\s+(?:a|an|the|its|their)\s+"
                             rf"(?:peak|high|low|record|estimated|(?:(?:earlier|previous|initial|first|original|preliminary)\s+)+(?:figure|report|estimate|count|toll|tally))\s+of)?{GAP}$", re.I)
_ELLIPSIS_GAP = re.compile(r"(?:\s+[\w'\u2019-]+){0,8}?\s*(?:,?\s+(?:and|or|while|with)\s+|,\s+)", re.I)
# a ranking's later places: "Pakistan's 1.9 million refugees ..., followed by Iran with 1.1 million and Syria with 1 million"
_RANKED_GAP = re.compile(r"(?:\s+[\w'\u2019-]+){0,6}?,?\s+(?:followed\s+by|ahead\s+of|behind|then|and)\s+(?:the\s+)?"
                         r"(?:[A-Z][\w'\u2019.-]*\s+){1,4}with\s+")
_BARE_AFTER = re.compile(r"^\s*(?:(?:in|at|on|from|across|inside)\b|[,;.)]|$)", re.I)
# "kidnapped 30 pupils and two teachers"; "killed five children in a church bus and two truck drivers"
_COORDINATED = re.compile(r"(?:\s+(?:in|on|at|aboard|inside|from)\s+(?:the|a|an|their|his|her)\s+(?:[\w-]+\s+){0,2}?[\w-]+)?"
                          r"\s*(?:,\s*)?(?:and|or)\s+")
# "150 soldiers, 95 civilians, and hundreds of rebels killed", "Three on board and seven on the ground were killed"
_LISTED = re.compile(r"\s*,\s*(?:and\s+)?|(?:\s+(?:on\s+board|aboard|onboard|on\s+the\s+ground|inside|outside))?\s+and\s+")
_AGE_BETWEEN_COMMAS = re.compile(r"[A-Za-z]\s*,\s*$")
_PART_OF = re.compile(r"\s+of\s+(?:those|the|them|these)\b", re.I)  # "one of those killed"
_OF_WHOM = re.compile(r"\s+of\s+(?:whom|them)\b", re.I)
_AS_WERE = re.compile(r",?\s+as\s+(?:were|was|did|had)\s+$", re.I)
_THEM_HOSTAGE = re.compile(r"^[^.;]{0,80}?\b(?:took|held|kept|taking|holding|keeping)\s+them\s+(?:hostage|captive)\b", re.I)
# "... warned that it did nothing to end a war that has killed 245,000": the writer's background
# about the war, not the speaker's report
# "four more bodies were found", "another 12 were arrested": an addition to a toll, not a toll
_MORE_AFTER = re.compile(r"\s+(?:more|further|additional)\b(?!\s+than\b)", re.I)
_MORE_BEFORE = re.compile(r"\b(?:another|a\s+further|an\s+additional)\s+(?:[\"\u201c]\s*)?$", re.I)
# "He shot four people to death": the verb kills only with "to death" after its object
_TO_DEATH_BEFORE = re.compile(rf"\b(?:{TO_DEATH_VERBS}){GAP}$", re.I)
_TO_DEATH_AFTER = re.compile(r"\s+to\s+(?:death|(?:their|his|her)\s+deaths?)\b", re.I)
# "Seven staff were injured, three seriously, along with three patients": the same kind as the figure before
_ALONG_WITH = re.compile(r"\b(?:(?:along|together)\s+with|as\s+well\s+as)\s+$", re.I)
# ages inside a list: "seven children aged from one to 12 years, three women and two men"
_AGED_GAP = re.compile(r"^\s+aged\s+(?:from\s+|between\s+)?\w+(?:\s*(?:to|and|-)\s*\w+)?(?:\s+years?(?:\s+old)?)?", re.I)
# "bomb kills photojournalist, at least five others", "the death of his father, two uncles and three of his sons":
# the people after a verb's first object continue it
_OBJECT_THEN_OTHERS = [(kind, re.compile(
    rf"\b(?:{verbs})\s+(?!(?:him|her|them|it)sel(?:f|ves)\b|yesterday\b|today\b|tonight\b|overnight\b|instantly\b)"
    rf"(?:(?:a|an|the)\s+)?[a-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*)?\s*,(?:\s+and)?{GAP}$", re.I))
    for kind, verbs in VERBS_BEFORE if kind in ("killed", "injured", "abducted", "arrested")]
_DETERMINER_END = re.compile(r"\b(?:the|these|those|its|their)\s+$", re.I)  # "The injured teenagers, three girls and a boy"
_WHOLE_BEFORE = re.compile(r"(?:^|[,;:]\s*|\s)(?:of|out\s+of)\s+(?:the\s+|its\s+|their\s+|all\s+)?$", re.I)
_SPEECH_AFTER = re.compile(r"\s+(?:said|say|says|told|reported|added|recalled)\b", re.I)
# a bare number before things is no list member: "deaths reached twelve, and 260 confirmed cases"
_THINGS_AFTER = re.compile(r"\s+(?:(?:confirmed|suspected|new|probable|reported)\s+)?(?:cases|infections|homes|houses|buildings|vehicles)\b", re.I)
# a subject list whose first noun phrase runs on: "Four Yemeni security force members and eight militants"
_NOUN_TAIL_LISTED = re.compile(r"(?P<words>(?:\s+[A-Za-z][\w'\u2019-]*){1,3})\s+and\s+")
_WAR_CLAUSE = re.compile(r"\b(?:war|conflict|fighting|insurgency|uprising|violence|crisis)\s+(?:that|which)\s+"
                         r"(?:has|had|have)\s+(?:already\s+|so\s+far\s+)?(?:killed|left|claimed|displaced|driven|forced)"
                         r"[^.;]*$", re.I)


@dataclass
class Match:
    """A number phrase the rules took for a figure: its kind, where its trigger ends, its parts."""

    phrase: Phrase
    kind: str
    running: bool
    parts: list[dict[str, Any]] = field(default_factory=list)


def sentence_figures(sentence: str) -> list[dict[str, Any]]:
    """Casualty figures in one sentence, as dicts of CasualtyFigure fields (without article data)."""
    if not may_hold_figure(sentence) or guards.withdrawn_sentence(sentence):
        return []
    numbers = find_numbers(sentence)
    if not numbers:
        return []
    return annotate(sentence, match(sentence, number_phrases(sentence, numbers), numbers))


def _kind(sentence: str, phrase: Phrase, before: str, previous: tuple[Phrase, str] | None,
          last: Match | None = None) -> tuple[str, int, bool]:
    """(kind, end of its trigger, whether the phrase is an earlier value of the previous tally)."""
    kind = kind_before(sentence, phrase)
    if kind == "displaced" and guards.TO_HOSPITAL_AFTER.match(sentence[phrase.end: phrase.end + 60]):
        kind = phrase.head_kind  # "evacuated 42 injured persons to hospitals"
    if kind == "displaced" and (kind_after(sentence, phrase) or ("",))[0] == "injured":
        kind = "injured"  # "the evacuation of 24 soldiers who were injured"
    if not kind and _TO_DEATH_AFTER.match(sentence, phrase.end) and _TO_DEATH_BEFORE.search(before):
        kind = "killed"
    if not kind and (phrase.who == "others" or phrase.end > phrase.number_end and is_people(phrase.who)
                     and not _SPEECH_AFTER.match(sentence, phrase.end)):
        # "killed a policeman, two soldiers and three civilians" (not "killed a farmer, two witnesses said")
        kind = next((k for k, pattern in _OBJECT_THEN_OTHERS if (found := pattern.search(before)) and (
            phrase.who == "others" or not _DETERMINER_END.search(before, 0, found.start()))), "")
    if not kind and phrase.who.lower() in LOST_WHO and phrase.who.lower() in sentence[phrase.number_end: phrase.end].lower() \
            and _LOST_BEFORE.search(before):
        kind = "killed"  # "we lost 14 brave men"
    trigger_end = phrase.end
    if not kind:
        after = kind_after(sentence, phrase)
        if after:
            kind, trigger_end = after
            if kind == "arrested" and phrase.head_kind == "abducted":
                kind = "abducted"  # "Thirty hostages are still being held": hostages are held by captors
    if not kind and phrase.head_kind:
        kind = phrase.head_kind
    if not kind:
        kind = kind_by_the(sentence, phrase)  # "Residents fled by the thousands"
    if not kind and _THEM_HOSTAGE.match(sentence[phrase.end: phrase.end + WINDOW]):
        kind = "abducted"  # "pulled a gun on two guards and held them hostage"
    if not kind and last and _ALONG_WITH.search(before) and not re.search(r"[.;]", sentence[last.phrase.end: phrase.start]):
        return last.kind, trigger_end, False
    if kind or not previous:
        return kind, trigger_end, False
    if _AS_WERE.search(before):
        return previous[1], trigger_end, False  # "90 civilians were wounded, as were seventeen soldiers"
    gap = _AGED_GAP.sub("", sentence[previous[0].end: phrase.start])
    if phrase.end == phrase.number_end and _THINGS_AFTER.match(sentence, phrase.end):
        return "", trigger_end, False
    if _COORDINATED.fullmatch(gap) or gap.strip() == "," and phrase.who != "people":
        return previous[1], trigger_end, False  # "kidnapped 30 pupils and two teachers"
    if re.fullmatch(r"\s+to\s+", gap) and re.search(r"\bfrom\s+$", sentence[max(0, previous[0].start - 8): previous[0].start]):
        return previous[1], trigger_end, False  # "lowered the toll from 45 to 38": the new value
    if _INHERIT_BEFORE.search(before) or _FROM_GAP.fullmatch(gap) or _REVISED_BEFORE.search(before):
        return previous[1], trigger_end, True  # "rose to 1,240, up from 870": the same tally's earlier value
    bare = sentence[phrase.end: phrase.end + 12]
    if _RANKED_GAP.fullmatch(gap) and re.match(r"\s*(?:and\b|[,;.)]|$)", bare) and phrase.end == phrase.number_end:
        return previous[1], trigger_end, False
    if _ELLIPSIS_GAP.fullmatch(gap) and _BARE_AFTER.match(bare) and \
            (not gap.rstrip().endswith(",") or re.match(r"\s+(?:in|at|inside)\b", bare, re.I)) and \
            sentence[phrase.number_end: phrase.end].strip().lower() in ("", "more", "others"):
        # "1,498 deaths confirmed in Turkey and at least 810 in Syria", "... and tens of thousands more in ..."
        return previous[1], trigger_end, False
    return "", trigger_end, False


def _list_gap(gap: str) -> bool:
    """The text between two members of one subject list: a comma or "and", or the rest of the first
    member's noun phrase before "and" ("security force members and")."""
    if _LISTED.fullmatch(gap):
        return True
    tail = _NOUN_TAIL_LISTED.fullmatch(gap)
    words = tail.group("words").split() if tail else []
    return bool(words) and is_people(words[-1]) and not any(
        w.lower() in ("were", "was", "are", "is", "had", "have", "has", "said", "says") or w.lower().endswith(("ed", "ing"))
        for w in words)


def match(sentence: str, phrases: list[Phrase], numbers: list[Number]) -> list[Match]:
    """The phrases that are figures: a kind found, no guard against them, parts set aside."""
    found: list[Match] = []
    used: set[int] = set()  # numbers already taken as parts of a toll ("six of them rebels")
    previous: tuple[Phrase, str] | None = None
    listed: list[Phrase] | None = None  # phrases without a kind yet, in one comma list
    for phrase in phrases:
        if phrase.start in used or any(phrase.start <= u < phrase.number_end for u in used):
            continue
        if found and phrase.start < found[-1].phrase.end:
            # inside a figure's noun phrase: "Twelve of the 40 passengers were killed" counts 12, unless the
            # total has a verb of its own ("Three of the twelve miners that were reported missing")
            total_kind = partitive_total_kind(sentence, found[-1].phrase, phrase)
            if total_kind:
                found.append(Match(phrase, total_kind, False))
            continue
        before = sentence[max(0, phrase.start - 60): phrase.start]
        head_kind = phrase.head_kind
        if not head_kind and guards.population_before(before) and (kind_after(sentence, phrase) or ("",))[0] == "displaced":
            head_kind = "displaced"  # "the entire population of 10,600 was displaced": the displaced are counted
        if guards.not_a_figure(before, head_kind, bool(_PART_OF.match(sentence, phrase.number_end))) and \
                not kind_by_the(sentence, phrase):  # "by 40 votes" is no count; "fled by the thousands" is
            previous = listed = None
            continue
        kind, trigger_end, earlier_value = _kind(sentence, phrase, before, previous, found[-1] if found else None)
        if not kind:
            if _AGE_BETWEEN_COMMAS.search(sentence, 0, phrase.start) and phrase.end == phrase.number_end and \
                    sentence.startswith(",", phrase.end):
                listed = previous = None  # "The driver, 45, and two passengers died": an age, no list member
                continue
            listed = listed + [phrase] if listed and _list_gap(sentence[listed[-1].end: phrase.start]) else [phrase]
            previous = None
            continue
        if (phrase.head_kind == "killed" or kind == "killed" and phrase.end == phrase.number_end) and \
                guards.IDENTIFIED_AFTER.match(sentence[phrase.end: phrase.end + WINDOW]):  # "Of the 275 dead, 88 had been identified"
            previous = listed = None
            continue
        pending = listed if listed and trigger_end > phrase.end and not _OF_WHOM.match(sentence, phrase.number_end) and \
            _list_gap(sentence[listed[-1].end: phrase.start]) else []  # "42 people, 30 of whom died" counts 30
        pending = [p for p in pending if not _WHOLE_BEFORE.search(sentence, 0, p.start)]  # "Of the 45 passengers, 12 died"
        listed = None
        if guards.undone_after(sentence, phrase.end, kind, phrase.who, phrase.value, phrase.head_kind, before) or guards.a_record(sentence, phrase.number_end) or \
                guards.subset_in_care(sentence, phrase.number_end, trigger_end) or \
                guards.prison_population(sentence, phrase.start, phrase.end, kind, phrase.who):
            previous = None
            continue
        found.extend(Match(earlier, kind, False) for earlier in pending)  # the list's verb follows its last member
        parts, part_numbers = breakdown(sentence, phrase.end, numbers)
        if not parts and trigger_end > phrase.end:
            parts, part_numbers = breakdown(sentence, trigger_end, numbers)
        used |= part_numbers
        running = running_total(sentence[max(0, phrase.start - 160): phrase.start]) or \
            earlier_value and found[-1].running
        found.append(Match(phrase, kind, running, parts))
        previous = (phrase, kind)
    return found


def annotate(sentence: str, matches: list[Match]) -> list[dict[str, Any]]:
    """Scope, attribution and place of each matched figure."""
    if not matches:
        return []
    scope = "cumulative" if cumulative_sentence(sentence) else "incident"
    sources = attributions(sentence)
    reporters = [src for _, src in sources]
    sentence_place = place(sentence, reporters)
    figures = []
    for m in matches:
        figures.append({
            "kind": m.kind,
            "count": m.phrase.value,
            "qualifier": m.phrase.qualifier,
            "who": m.phrase.who or "people",
            "breakdown": m.parts,
            "scope": "cumulative" if m.running or m.phrase.value >= LARGE_TALLY else scope,
            "attributed_to": "" if _WAR_CLAUSE.search(sentence[:m.phrase.start]) else attribution(sources, m.phrase.start),
            "place": when_clause_place(sentence, m.phrase.start, reporters) or sentence_place,
            "sentence": sentence,
            "increment": _increment(sentence, m, figures),
        })
    return figures


def _increment(sentence: str, m: Match, earlier: list[dict[str, Any]]) -> bool:
    """"four more bodies", "another 12 were arrested": an addition to a toll. After a figure of
    another kind in the sentence, "more" only sets a new group apart ("four died and six more were
    injured", "14 dead, while another 30 remain missing")."""
    more = _MORE_AFTER.match(sentence, m.phrase.number_end) or _MORE_BEFORE.search(sentence, 0, m.phrase.start)
    return bool(more) and all(f["kind"] == m.kind for f in earlier)


def article_sentences(article: Article) -> list[str]:
    """The headline, the body sentences and any sub-headings of an article (page furniture removed).

    The guidelines count every mention, and a headline ("Flood kills 23") is one: a reader sees it.
    """
    doc = analyse(article)  # its headline is "" when the title only repeats the first sentence
    return [t for t in (doc.headline, *(s.text for s in doc.sentences), *doc.headings) if t]


def extract_casualties(article: Article) -> list[CasualtyFigure]:
    """Every casualty figure mentioned in the article (headline and body), one record per mention (English only)."""
    figures: list[CasualtyFigure] = []
    if (article.language or "english").lower() not in ("english", "en"):
        return figures  # the patterns are English; a wrong figure is worse than none
    sentences = article_sentences(article)
    found = [sentence_figures(sentence) for sentence in sentences]
    # "There were 26 crew on board" in a story of a hijacked ship: hostages (not where the lead
    # counts whom the pirates took: "kidnapped 10 of its 19 crew members"); of a vanished ship: missing
    context = captives.story_kind(sentences)
    if context and any(f["kind"] == context for figures_of in found[:captives.LEAD] for f in figures_of):
        context = ""
    for sentence, figures_of in zip(sentences, found, strict=True):
        if context and not figures_of:
            figures_of = annotate(sentence, [Match(Phrase(count, qualifier, start, end, end, "crew"), context, False)
                                             for count, qualifier, start, end in captives.crew_figures(sentence)])
        figures.extend(CasualtyFigure(**fields, article=article.id, source=article.source) for fields in figures_of)
    return figures

"""Casualty figures: every count of people killed, injured, missing, displaced, arrested or abducted.

A sentence-level pattern grammar around each number phrase (digest.extract.numbers): the number,
its qualifier ("at least", "some", ranges), the people it counts ("six of them rebels"), and a
kind trigger in a short window on either side ("killing 12", "12 people were killed", "the death
toll rose to 12", "12 bodies"). Guards drop what only looks like a toll: perpetrators ("two
gunmen killed ..."), animals, hypotheticals and plans ("could kill thousands", "planning for up to
860,000 refugees"), negations, people charged, released or back home, whole populations and
figures the text withdraws. The rules follow EXTRACTION-GUIDELINES.md (one record per mention,
the headline included; the qualifier comes from the number phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from digest.analysis import analyse
from digest.extract.numbers import Number, find_numbers
from digest.model import Article, CasualtyFigure

_WINDOW = 300  # characters of context a rule may look at after a number: keeps run-on text linear
KINDS = ("killed", "injured", "missing", "displaced", "arrested", "abducted")

# --- qualifiers: only the words of the number phrase decide (guidelines) -----------------------
_QUALIFIERS = [
    ("at_least", r"at\s+least|at\s+minimum|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than"),
    ("more_than", r"(?:well\s+)?more\s+than|(?:well\s+)?over|upwards\s+of|in\s+excess\s+of|(?:well\s+)?above"),
    ("about", r"about|around|roughly|nearly|almost|some|an\s+estimated|approximately|close(?:r)?\s+to|an\s+approximate"),
    ("up_to", r"up\s+to|as\s+many\s+as"),
]
_QUALIFIER_BEFORE = [(name, re.compile(rf"\b(?:{words})\s+[\"\u201c]?$", re.I)) for name, words in _QUALIFIERS]
_QUAL_WORDS = "|".join(words for _, words in _QUALIFIERS)
# Words that may sit between a trigger verb and the number: "killing at least another 12".
_GAP = rf"(?:\s+|[\"\u201c\u2018'])*(?:(?:{_QUAL_WORDS}|another|a\s+further|an\s+additional|a\s+total\s+of|the|only|all|just)\s+[\"\u201c]?)*"
_RANGE_BETWEEN = re.compile(r"^\s*(?:-|\u2013|\u2014|to|or)\s*$", re.I)

# --- people ------------------------------------------------------------------------------------
PEOPLE = frozenset("""
people persons person civilians children kids babies infants boys girls women men adults teenagers youths
students pupils schoolchildren schoolgirls schoolboys teachers soldiers troops servicemen police policemen
policewomen officers officials guards forces fighters rebels militants insurgents jihadists gunmen militiamen
militia protesters protestors demonstrators migrants refugees asylum-seekers residents villagers
inhabitants locals citizens nationals workers labourers laborers miners farmers fishermen sailors crew
crewmen crew-members passengers travellers travelers tourists pilgrims worshippers journalists reporters
activists doctors medics nurses patients staff employees volunteers firefighters rescuers peacekeepers
detainees prisoners inmates hostages captives suspects members supporters opponents relatives
families others victims casualties persons individuals bystanders shoppers spectators fans mourners
guests wedding-goers customers diplomats lawmakers politicians leaders commanders agents contractors
sons daughters brothers sisters nephews nieces cousins husbands wives parents mothers fathers grandchildren
americans britons syrians iraqis afghans palestinians israelis kurds ukrainians russians yemenis libyans
personnel missionaries clergy priests nuns monks imams elderly youth minors juveniles orphans widows newborns
toddlers teens expatriates expats marines gendarmes cadets recruits conscripts deputies nomads pensioners
""".split())
_SINGULAR_PEOPLE = frozenset("person child woman man baby policeman policewoman crewman fisherman".split())
_PEOPLE_SUFFIX = re.compile(r"(?:ers|ors|ists|ians|ees|men|women|ites|ards|ants|ents)$", re.I)
NON_PEOPLE = frozenset("""
animals cattle cows sheep goats camels horses dogs cats birds chickens pigs livestock fish donkeys
homes houses buildings flats apartments cars vehicles attacks strikes raids airstrikes shells rockets
missiles bombs km kilometres kilometers miles metres meters feet hours days weeks months years minutes
seconds times tonnes tons votes seats points villages towns cities districts provinces countries
percent cases sorties rounds incidents trucks boats ships planes schools hospitals dollars euros
events documents statements payments comments departments governments plants elephants restaurants
moments tents settlements shipments segments apartments instruments parliaments tournaments
degrees celsius fahrenheit hectares acres doses lions tigers wolves bears deer monkeys whales dolphins turtles
bees rats mice ducks geese hens poultry wards floors terminals blocks
""".split())
_COLLECTIVE = frozenset("family household clan tribe".split())
_PASSIVE_NEXT = frozenset("were had have are".split())
_STOP_AFTER = frozenset("""
were was are is have has had been be being who that which have died killed and or but in on at from by
for to with during after before since as across near when while said says reportedly also still all
more other others of among remain remained left into onto over under through per each a an the this
these those last yesterday today day week month year hour night morning evening earlier later ago ,
hostage captive prisoner
""".split())

# --- kind triggers -----------------------------------------------------------------------------
# Noun heads that carry the kind themselves: "14 bodies", "700,000 refugees".
HEAD_KINDS = {
    "bodies": "killed", "deaths": "killed", "killings": "killed", "lives": "killed",
    "kidnappings": "abducted", "abductions": "abducted", "arrests": "arrested", "detentions": "arrested",
    "disappearances": "missing", "fatalities": "killed", "dead": "killed",
    "refugees": "displaced", "evacuees": "displaced", "displaced": "displaced", "homeless": "displaced",
    "hostages": "abducted", "wounded": "injured", "injured": "injured", "missing": "missing",
}
# Modifiers that do the same: "1.2 million displaced people".
MODIFIER_KINDS = {"displaced": "displaced", "injured": "injured", "wounded": "injured", "dead": "killed",
                  "missing": "missing", "homeless": "displaced", "kidnapped": "abducted", "abducted": "abducted"}

_ACTIVE = [
    ("killed", r"kill(?:ed|ing|s)?|murder(?:ed|ing|s)|massacr(?:ed|ing|es)|behead(?:ed|ing|s)|slaughter(?:ed|ing|s)"
               r"|execut(?:ed|ing|es)|shot\s+dead|shooting\s+dead|claim(?:ed|ing)\s+the\s+lives\s+of"
               r"|the\s+(?:[\w-]+\s+)?(?:deaths|lives|bodies|remains|killings?|murders?)\s+of"),
    ("injured", r"wound(?:ed|ing|s)?|injur(?:ed|ing|es|e)|hurt(?:ing|s)?|maim(?:ed|ing|s)?"),
    ("missing", r"the\s+disappearances?\s+of"),
    ("displaced", r"displac(?:ed|ing|es|e)|evacuat(?:ed|ing|es|e)|uproot(?:ed|ing|s)?|the\s+(?:evacuation|displacement)\s+of"),
    ("arrested", r"(?:re-?)?arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|jail(?:ed|ing|s)?|imprison(?:ed|ing|s)?"
                 r"|round(?:ed|ing|s)?\s+up|(?:re)?captur(?:ed|ing|es|e)|(?<!ordered\s)(?<!for\s)the\s+(?:arrests?|detention)\s+of"),
    ("abducted", r"kidnap(?:ped|ping|s)?|abduct(?:ed|ing|s)?|seiz(?:ed|ing|es|e)(?:\s+as\s+hostages?)?"
                 r"|the\s+(?:abductions?|kidnappings?)\s+of"),
]
# "The death toll from Monday's magnitude 7.8 earthquake in southeastern Turkey and northern Syria passed 2,000"
_TOLL = (r"(?:death\s+)?toll\b(?:\s+[\w'\u2019.-]+){0,14}?\s+(?:at|to|of|reached|reaches|hit|hits|is|was|tops|topped|"
         r"passes|passed|exceeds|exceeded|nears|neared|stands\s+at|stood\s+at|(?:rose|rises|risen|climbed|climbs|jumped|"
         r"jumps)\s+to)")
# Nouns of a tally ("the number of detainees at 87", "among the dead were 5 children").
_TALLY_NOUNS = [
    ("killed", r"dead|deaths|killed|killings|fatalities|victims|bodies|people\s+who\s+(?:have\s+|had\s+)?died"),
    ("injured", r"injured|wounded|injuries|casualties\s+injured"),
    ("missing", r"missing|disappeared|disappearances"),
    ("displaced", r"displaced|refugees|evacuees|homeless|(?:people\s+)?forced\s+to\s+flee(?:\s+their\s+homes)?"),
    ("arrested", r"detainees|detained|detentions|arrests|arrested|held|jailed|imprisoned|prisoners\s+taken"),
    ("abducted", r"hostages|abducted|kidnapped|abductees|captives|kidnappings|abductions"),
]
_TALLY_VERB = (r"(?:at|to|of|reached|reaches|hit|hits|is|was|passed|passes|exceeded|exceeds|topped|tops|surpassed"
               r"|surpasses|neared|nears|stands\s+at|stood\s+at)")
_TREND_VERB = r"(?:fell|falls|rose|rises|dropped|drops|declined|climbed|climbs|increased|jumped|jumps|grew|grows)\s+to"
_OBJECT_LIST = (r"(?:\s+(?:the|a|an|his|her|their|its)\s+(?:[\w'\u2019-]+\s+){0,4}and|\s+[\d,.]+\s+(?:[\w-]+\s+)?"
                r"(?:villages|towns|hamlets|communities|neighbou?rhoods|districts|homes|houses|buildings|islands)\s+and)?")
_ACTIVE_BEFORE = [(kind, re.compile(rf"\b(?:{verbs}){_OBJECT_LIST}{_GAP}$", re.I)) for kind, verbs in _ACTIVE] + [
    ("killed", re.compile(rf"\b{_TOLL}{_GAP}$", re.I))] + [
    (kind, re.compile(rf"(?:\b(?:number|tally|count|total)\s+of\s+(?:[\w'\u2019-]+\s+)?(?:{nouns})\b"
                      rf"(?:\s+[\w'\u2019-]+){{0,18}}?\s+{_TALLY_VERB}|\b(?:{nouns})\b(?:\s+[\w'\u2019-]+){{0,10}}?\s+"
                      rf"{_TREND_VERB}|\b(?:among\s+)?(?:the|those)\s+(?:{nouns})\s+"
                      rf"(?:were|was|are|is|included|include|includes)){_GAP}$", re.I))
    for kind, nouns in _TALLY_NOUNS
]
# verbs that act only on the living ("captured 5 tanks" does not count people)
_VERB_END = re.compile(rf"\b(?:{'|'.join(v for kind, v in _ACTIVE if kind in ('killed', 'injured'))}){_GAP}$", re.I)
_TAKEN_BEFORE = re.compile(rf"\b(?:taken|took|take|taking|holding|held|hold|holds|keeping|kept){_GAP}$", re.I)
_FROM_GAP = re.compile(rf"(?:\s+[\w'\u2019-]+){{0,3}}?\s*,?\s+from{_GAP}", re.I)  # "to 30 last year from 135"
# "... said the death toll was 3,958, and the UN revised its own figure down to 4,000"
_REVISED_BEFORE = re.compile(rf"\b(?:figure|estimate|count|tally|number)s?\b(?:\s+[\w'\u2019-]+){{0,3}}?\s+(?:to|at|of)"
                             rf"{_GAP}$", re.I)
# "an earlier estimate of 11,300 had been based on a mistaken report": this figure, not the sentence, is withdrawn
_WITHDRAWN_AFTER = re.compile(r"^[^.;,]{0,60}?\b(?:had\s+been|has\s+been|was|were|is)\s+(?:based\s+on\s+(?:an?\s+)?"
                              r"(?:mistaken|false|erroneous|wrong|faulty)|wrong|incorrect|mistaken|false|an?\s+error)\b", re.I)
# "we lost 14 brave men": losing fighters or civilians is a death toll (never votes, seats or members)
_LOST_BEFORE = re.compile(rf"\blos(?:t|ing|es|e){_GAP}$", re.I)
_LOST_WHO = frozenset("""men soldiers troops servicemen fighters policemen police officers civilians comrades colleagues
marines guards personnel""".split())
# "evacuated 42 injured persons to hospitals": a casualty's ride to hospital, not displacement
_TO_HOSPITAL_AFTER = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?to\s+(?:(?:a|the|nearby|local|two|three|several|\w+'s)\s+)*"
                                r"hospitals?\b", re.I)
# A running total governs the figure it names ("the death toll rose to 57", "bringing the toll to 26"):
# cumulative by the guidelines, whatever else the sentence counts.
_RUNNING_BEFORE = re.compile(
    rf"(?:\b(?:toll|number|tally|count|total)\b(?:\s+[\w'\u2019.,-]+){{0,14}}?\s+(?:(?:has|had|have|now)\s+)*"
    rf"(?:(?:rose|rises|risen|climbed|climbs|jumped|jumps|increased|increases|grew|grows|rising|climbing)\s+to|"
    rf"reached|reaches|passed|passes|topped|tops|surpassed|surpasses|exceeded|exceeds)"
    rf"|\b(?:bringing|brings|brought|raising|raised|pushing|taking|took|lifting)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){{0,4}}?"
    rf"(?:toll|number|tally|total)\b(?:\s+[\w'\u2019,-]+){{0,8}}?\s+to){_GAP}$",
    re.I,
)
_RECAPTURE = re.compile(r"\b(?:re-?arrest|(?:re)?captur|round(?:ed|ing)?\s+up)", re.I)
_ELLIPSIS_GAP = re.compile(r"(?:\s+[\w'\u2019-]+){0,5}?\s*,?\s+(?:and|or|while|with)\s+", re.I)
_BARE_AFTER = re.compile(r"^\s*(?:(?:in|at|on|from|across|inside)\b|[,;.)]|$)", re.I)
_INHERIT_BEFORE = re.compile(rf"\b(?:up|down|revised|raised|lowered|increased)\s+from{_GAP}$", re.I)
_NOT_FIGURE_BEFORE = re.compile(
    rf"\b(?:freed|free|freeing|released?|releasing|rescued|rescuing|saved|charged|charging|indicted|convicted|"
    rf"acquitted|sentenced|sentencing|seeking|sought|identified|identifying|questioned|pardoned|swapped|"
    rf"exchanged|deported|population\s+of|home\s+to|city\s+of|town\s+of|country\s+of|nation\s+of|attended\s+by|"
    rf"by|none\s+of|no|not|neither\s+of|built\s+for|capacity\s+of){_GAP}$",
    re.I,
)

# Right of the noun phrase: "(who) (had) (reportedly) (been) killed".
_AUX = (
    r"(?:(?:who|that|have|has|had|were|was|are|is|been|be|being|also|all|both|still|now|later|since|already|"
    r"so\s+far|feared|believed|thought|said|known|reported|confirmed|presumed|to|remain|remained|remains|"
    r"were\s+left|left|got|could|would|might|may|will|can|should|must|not|never|n't|\w+ly)\s+){0,5}"
)
_TRIGGERS = [
    ("killed", r"(?:dead|died)\s+or\s+(?:gone\s+|went\s+)?missing|missing\s+(?:or|and\s+presumed|and\s+feared)\s+dead"
               r"|missing,?\s+presumed\s+dead"),
    ("missing", r"(?:has|have|had)\s+not\s+been\s+heard\s+from|not\s+heard\s+from|unaccounted\s+for"),
    ("killed", r"whose\s+bodies\s+(?:were|have\s+been|had\s+been)\s+(?:found|recovered|retrieved|pulled\s+out|buried|exhumed)"
               r"|the\s+(?:death\s+)?toll\b|the\s+number\s+of\s+(?:[\w-]+\s+){0,2}?(?:who\s+)?(?:have\s+|had\s+)?"
               r"(?:died|been\s+killed|dead|deaths|killed)\b"),
    ("killed", r"among\s+(?:the|those)\s+(?:dead|killed)"),
    ("injured", r"among\s+(?:the|those)\s+(?:injured|wounded|hurt)"),
    ("missing", r"among\s+(?:the|those)\s+missing"),
    ("arrested", r"among\s+(?:the|those)\s+(?:arrested|detained|held)"),
    ("abducted", r"among\s+(?:the|those)\s+(?:abducted|kidnapped|hostages|seized|taken(?!\s+to\b))"),
    ("killed", r"killed|dead|died|die|dies|perished|drowned|lost\s+their\s+lives|murdered|massacred|beheaded|slain"
               r"|executed|shot\s+dead|burned\s+to\s+death|crushed\s+to\s+death|found\s+dead|lost\s+(?:his|her)\s+li(?:fe|ves)"
               r"|succumbed(?:\s+to\s+(?:their|his|her|the)\s+(?:[\w-]+\s+)?(?:injuries|wounds|burns))?"),
    ("injured", r"(?:treated\s+(?:in\s+hospital\s+)?)?for\s+(?:[\w-]+\s+){0,4}?(?:injuries|wounds|burns)|"
                r"wounded|injured|hurt|maimed|(?:suffered|sustained)\s+(?:[\w-]+\s+){0,2}?(?:wounds|injuries)"),
    ("missing", r"missing|disappeared|vanished|gone\s+missing|went\s+missing"),
    ("displaced", r"displaced|evacuated(?!\s+to\s+(?:a\s+|the\s+)?hospitals?\b)|fled|homeless|uprooted|made\s+homeless|left\s+homeless|(?:driven|forced)\s+"
                  r"(?:from|out\s+of)\s+their\s+homes|moved\s+(?:from|out\s+of)\s+their\s+homes|(?:into|in)\s+exile|to\s+flee|from\s+their\s+homes|"
                  r"flee|flees|fleeing|evacuate"
                  r"|(?:sleeping|living|staying|sheltering|housed|spen[dt]\s+(?:the|\w+)\s+night)\s+in\s+(?:[\w-]+\s+){0,4}?"
                  r"(?:shelters?|camps?|tents|(?:sports\s+)?halls|gym(?:nasium)?s|schools|mosques|churches|stadiums)"
                  r"|spen[dt]\s+(?:the|\w+)\s+night\s+in\s+them"
                  r"|(?:moved|taken|sent|relocated|brought)\s+to\s+(?:[\w,.-]+\s+){0,3}?(?:shelters?|camps?|evacuation"
                  r"\s+cent(?:re|er)s)|in\s+(?:emergency\s+|temporary\s+)?shelters?|sheltering|(?:taking|took|taken|sought|seeking)\s+"
                  r"(?:shelter|refuge)"),
    # "held by the kidnappers": held by an armed group or captors is a hostage, not a prisoner of the state
    ("abducted", r"(?:held\s+)?in\s+captivity|held\s+(?:hostage|captive)|held\s+by\s+(?:the\s+|their\s+)?(?:[\w-]+\s+)?(?:kidnappers|captors|abductors|"
                 r"militants|gunmen|rebels|insurgents|jihadists|inmates|prisoners|pirates|bandits|hijackers|militia|fighters|"
                 r"group|gang|movement)"),
    ("arrested", r"(?:still\s+)?(?:in\s+(?:jail|prison|custody|detention)|behind\s+bars)|(?:re-?)?arrested|detained|jailed|imprisoned|held|taken\s+prisoner|taken\s+into\s+custody|rounded\s+up"
                 r"|(?:re)?captured"),
    ("displaced", r"refugees|internally\s+displaced"),
    ("abducted", r"hostages|captives|kidnapped|abducted|taken\s+hostage|taken\s+captive|seized\s+as\s+hostages?"),
]
_TRIGGER_AFTER = re.compile(
    rf"^(?P<aux>{_AUX})(?P<trigger>" + "|".join(f"(?P<k{i}>{t})" for i, (_, t) in enumerate(_TRIGGERS)) + r")\b",
    re.I,
)
_PP = r"\s+(?:from|in|at|of|aboard|on\s+board|onboard|on|inside|near|across|along)\s+(?:the\s+|a\s+|an\s+)?(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*"
_PEOPLE_PP = re.compile(rf"^(?:{_PP}){{1,2}}?(?=\s+{_AUX}(?:{'|'.join(t for _, t in _TRIGGERS)})\b)", re.I)
_NP_CONJUNCT = re.compile(r"^\s+and\s+(?:[A-Za-z][\w'-]*\s+)??(?P<head>[A-Za-z][\w'-]*)")
_TRIGGER_WORDS = frozenset("""
killed died perished drowned murdered massacred beheaded slain executed hurt maimed disappeared vanished
evacuated fled uprooted arrested rearrested detained jailed imprisoned held kidnapped abducted
""".split())
_CONJUNCT = re.compile(r"^\s+and\s+(?:(?:[A-Za-z][\w'-]*|\d[\d,.]*)\s+){0,2}?(?P<head>[A-Za-z][\w'-]*)(?=\s+(?:were|was|have|had|are)\b)")
_IDENTIFIED_AFTER = re.compile(r"^\s+(?:have|has|had|were|was)\s+(?:now\s+|so\s+far\s+)?(?:been\s+)?identified\b", re.I)
_TRANSITIVE = re.compile(
    r"^(?:killed|shot\s+dead|murdered|massacred|beheaded|executed|wounded|injured|hurt|maimed|evacuated|displaced|"
    r"arrested|detained|jailed|imprisoned|held|kidnapped|abducted)$",
    re.I,
)
_ABOARD = re.compile(r"^\s+(?:aboard|on\s+board|onboard)\b", re.I)
# A clause between the people and their verb: "two passengers who tried to flee were shot dead".
_POSTMODIFIER = re.compile(r"^\s*,?\s+(?:who|that|fleeing|suspected\s+of|accused\s+of|wanted\s+for|believed\s+to\s+have)"
                           r"\s+(?:[\w'\u2019-]+\s+){1,8}?(?=(?:were|was|had|have|are|is)\s)", re.I)
# "could force thousands more from their homes": a modal verb governing the number makes it hypothetical
# ... and so do plans and forecasts: "planning for up to 860,000 refugees"
_HYPOTHETICAL_BEFORE = re.compile(rf"(?:\b(?-i:could|would|might|may|will|can|should|must)\s+(?!have\b)(?:[\w'\u2019-]+\s+){{1,2}}?"
                                  rf"|\b(?:planning|plans?|planned|preparing|prepared|bracing|braced|budgeting|budgeted)\s+for\s+"
                                  rf"|\b(?:expects?|expected|expecting|projects|projected|forecasts?|forecast)\s+){_GAP}$",
                                  re.I)
_PASSIVE_AUX = re.compile(r"\b(?:were|was|are|is|been|be|being|got|left)\b", re.I)
_MODAL = re.compile(r"\b(?:could|would|might|may|will|can|should|must)\b(?!\s+have\b)", re.I)
_NEGATED = re.compile(r"\b(?:not|never|n't)\b", re.I)
_OBJECT_AFTER = re.compile(r"^\s+(?:(?:the|a|an|at\s+least|more\s+than|some|about|dozens|scores|hundreds|thousands|"
                           r"his|her|their|its|our|two|three|four|five|six|seven|eight|nine|ten)\b|\d|[A-Z])")
_RELEASED_AFTER = re.compile(r"^[^.;,]{0,60}?\b(?:were|was|have\s+been|had\s+been|are|been)\s+(?:later\s+|since\s+|"
                             r"subsequently\s+|all\s+)?(?:released|freed|charged|indicted|convicted|acquitted|"
                             r"sentenced|pardoned)\b", re.I)
# "2,000 people who were evacuated on Monday have returned home": no longer displaced (the brief's hard negative)
_RETURNED_AFTER = re.compile(r"^(?:[^.;,]{0,80}?|[^.;]{0,160}?\b(?:but|and|before)\s+(?:they|all\s+of\s+them|most\s+of\s+them|"
                             r"many)\s+)\b(?:have|has|had|were|was)\s+(?:since\s+|now\s+|already\s+|all\s+|been\s+)*"
                             r"(?:returned|gone\s+back|went\s+back|allowed\s+(?:to\s+)?(?:return|go\s+(?:back|home)))\b", re.I)
_PARTITIVE = re.compile(r"^\s+of\s+(?:them|whom|the|its|their|his|her|our|these|those)\b", re.I)
_APPOSITIVE = re.compile(r"^\s*(?:,|\(|\u2014|--)\s*(?P<body>[^,()\u2014]{1,80}?)\s*(?:,|\)|\u2014|--)")
_BREAKDOWN_LEAD = re.compile(r"^(?:including|among\s+them|among\s+whom)\b|^\S+\s+of\s+(?:them|whom)\b", re.I)
_INCLUDING_AFTER = re.compile(r"^\s*,?\s*(?:including|among\s+them|among\s+whom)\s+(?P<body>[^.;:]{1,120})", re.I)
_OF_THEM_AFTER = re.compile(r"^\s*,\s*(?!and\b|but\b|or\b)(?P<body>[^,.;]{1,40}?\s+of\s+(?:them|whom)\s+"
                            r"(?P<who>[A-Za-z][\w'-]*(?-i:\s+[A-Z][\w'-]*)?)[^,.;]{0,40})", re.I)

# Cheap pre-filter: a sentence without any of these stems cannot hold a figure (substring tests are
# several times faster than one regex alternation over every position).
_HINT_STEMS = tuple("""
kill dead died die death toll body bodies wound injur hurt maim missing disappear vanish unaccounted heard displac
evacu fled flee refugee homeless shelter exile uproot arrest detain jail prison held hold kept keep custody rounded
kidnap abduct hostage captive lives perish drown murder massacr behead slain execut slaughter shot succumb captur
life fatalit victim suffered sustained camp home refuge remains aboard tents halls seiz taken lost captiv
""".split())


def _may_hold_figure(sentence: str) -> bool:
    lower = sentence.lower()
    return any(stem in lower for stem in _HINT_STEMS)
_CLAUSE_BREAK = re.compile(r",?\s+\b(?:while|but|whereas|although|though|as|when|after|before|said|says|"
                           r"according|who|which)\b|,?\s+and\s+(?=[a-z]+(?:ing|ed)\b)", re.I)

_WITHDRAWN = re.compile(r"\b(?:withdrawn|withdrew|retracted|retract|incorrect|erroneous|in\s+error|"
                        r"(?:was|were|is|proved|proven)\s+(?:wrong|false|mistaken))\b", re.I)
_HYPOTHETICAL_VERB = re.compile(r"\b(?:kill|injure|wound|displace|evacuate|arrest|detain|kidnap|abduct|hurt)$", re.I)

# --- scope, attribution, place -----------------------------------------------------------------
_MONTH_NAMES = ("january february march april may june july august september october november december "
                "monday tuesday wednesday thursday friday saturday sunday").split()
_CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak)|(?:early\s+|late\s+|mid-?)?(?:" + "|".join(_MONTH_NAMES[:12])
    + r"|\d{4})|then|the\s+(?:war|conflict|uprising|crisis|invasion|fighting|revolution)|(?:it|the\s+\w+)\s+began)"
    r"|\bso\s+far\b|\bin\s+total\b|\ba\s+total\s+of\b|\baltogether\b|\bto\s+date\b|\bthis\s+year\b|\boverall\b"
    r"|\bin\s+all\b|\bnationwide\b|\bacross\s+the\s+(?:country|region|province|state)\b|\bcountry-?wide\b"
    r"|\b(?:war|conflict|uprising|insurgency|fighting)\s+(?:(?:that|which)\s+)?(?:has|had)\s+(?:already\s+)?"
    r"(?:killed|left|claimed|displaced|forced|driven)|\bin\s+(?:the\s+(?:past|last)\s+)?(?:\w+\s+)?(?:years|decades)\b|\bcumulative\b|\bcombined\b",
    re.I,
)
_SINCE_WHEN = re.compile(r"\bsince\s+\S+(?:\s+\S+)?,?\s+when\b", re.I)  # "the worst since 1998, when ..."
_SUPERSEDES = re.compile(r"\b(?:toll|number|figure)\b[^.]{0,40}\b(?:rose|rises|risen|climbed|jumped|increased|"
                         r"reached|rising|climbing|passed|topped|surpassed|exceeded|revised\s+up)\b"
                         r"|\b(?:bringing|raising|pushing|taking)\s+the\s+(?:death\s+)?toll\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<src>[^,.;:]{2,80})", re.I)
_SAID = re.compile(
    r"(?:^|[,;]\s+|\bthat\s+)(?P<src>[A-Za-z\"][^,;\"]{1,70}?)(?:,\s+[^,]{2,100},)?\s+(?:said|says|reported|reports|"
    r"announced|told|estimated|estimates|confirmed|added|counted|recorded|put\s+the\s+(?:death\s+)?toll|"
    r"put\s+the\s+number)\b"
)
_SAID_INVERTED = re.compile(r",\s+(?:said|reported|says|added|announced)\s+(?P<src>(?:the\s+)?[A-Za-z][^,.;]{1,70})")
_TIME_WORDS = re.compile(r"^(?:(?:the\s+)?(?:day|week|morning|afternoon|evening|night|weekend)\s+)+", re.I)
# "according to the latest official count": a document, not who reported it
_NOT_REPORTER = re.compile(r"\b(?:count|tally|figures?|estimates?)\b.*\b(?:at\s+the\s+time|of\s+writing)\b|^(?:latest|"
                           r"initial|preliminary|official)\s+(?:official\s+)?(?:count|tally|figures?)\b", re.I)
_SOURCE_TRIM = re.compile(r"^(?:(?:last|this|on|in|earlier|later|by|and|but|while|meanwhile)\s+(?:\w+\s+)?)+", re.I)
_REPORTER = re.compile(
    r"\b(?:police|officials?|authorit(?:y|ies)|ministry|agency|agencies|group|monitor|witnesses|residents|medics|"
    r"doctors|activists|rescuers|sources|army|military|media|television|tv|radio|spokes(?:man|woman|person)|"
    r"committee|council|office|service|officers?|coastguard|organi[sz]ers|commission|charity|rebels|government|"
    r"report|chief|governor|mayor|minister|hospital|survivors|relatives|prosecutors?|observers|workers|nurses?|"
    r"doctor|officer|volunteers|journalists|reporters|militants|insurgents|statement|brigade|department|hall|"
    r"municipality|prefecture|administration|union|association|institute|observatory)\b",
    re.I,
)
_SOURCE_TAIL = re.compile(r"\s+(?:estimates?|figures?|data|reports?|counts?|tall(?:y|ies)|statements?|"
                          r"sources?|officials?'?\s+figures)$", re.I)
_SOURCE_CUT = re.compile(r"\s+(?:had|has|have|was|were|is|are|would|will|also|then|earlier|later|on|based|which|who)\b"
                         r"|-based\b", re.I)
LARGE_TALLY = 100_000
_PRONOUNS = frozenset("it he she they we i you this that there which who on in at last earlier later".split())
_PLACE = re.compile(
    r"\b(?i:in|near|at|outside|across|off\s+the\s+coast\s+of|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+"
    r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|province|region|district|port|state|camp|capital|area|county|"
    r"island)\s+of\s+|the\s+(?=[A-Z][\w'\u2019-]+\s+(?i:region|province|district|valley|state|county|area)\b))?"
    r"(?:(?:northern|southern|eastern|western|central|(?:north|south)-?(?:east|west)ern)\s+)?"
    r"(?P<place>[A-Z][\w'\u2019-]+(?:\s+(?:(?:de|del|da|do|dos|la|el|al)\s+)?[A-Z][\w'\u2019-]+){0,3})"
)
_WHEN_CLAUSE = re.compile(r",\s+when\b", re.I)
_BASED_BEFORE = re.compile(r"\b(?:based|headquartered|exiled|speaking|spoke|meeting)\s+$", re.I)
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")
_NOT_PLACES = frozenset([*_MONTH_NAMES, "the", "a", "an", "his", "her", "their", "its", "christmas", "easter",
                         "ramadan", "parliament", "congress", "court"])


@dataclass
class _Phrase:
    """A number phrase with its qualifier and the people it counts."""

    value: int
    qualifier: str
    start: int  # start of the qualifier, or of the number
    end: int  # end of the noun phrase
    number_end: int
    who: str = ""
    head_kind: str = ""


def _words_after(text: str) -> list[tuple[str, int]]:
    """Word tokens (and commas) with their end offsets, for the noun phrase after a number."""
    return [(m.group(0), m.end()) for m in re.finditer(r"[A-Za-z][\w'\u2019-]*|,|[.;:!?()]", text[:80])]


def _is_people(word: str) -> bool:
    """A plural noun for people ("civilians", "Palestinians"), or a singular one ("miner", "person")."""
    lower = word.lower()
    if lower in _SINGULAR_PEOPLE or lower + "s" in PEOPLE and lower not in ("hostage", "prisoner", "captive"):
        return True
    if lower in NON_PEOPLE:
        return False
    if lower in PEOPLE or _PEOPLE_SUFFIX.search(lower) and lower.endswith("s"):
        return True
    return word[:1].isupper() and lower.endswith(("s", "ese", "is")) and len(word) > 3


def _noun_phrase(sentence: str, end: int, vague: bool) -> tuple[str, str, int] | None:
    """(who, head kind, end offset) of the noun after a number ("six of them rebels"); None if not people."""
    after = sentence[end: end + _WINDOW]
    offset = end
    lead = re.match(r"^[\"\u201d\u2019']?\s+of\s+(?:the\s+)?" if vague else r"^[\"\u201d\u2019']?", after, re.I)
    if vague and not lead:
        lead = re.match(r"^[\"\u201d\u2019']?", after)
    offset += lead.end()
    pronoun = re.match(r"(?:them|whom|those|these)\b", sentence[offset: offset + 6], re.I) if vague else None
    if pronoun and lead.group(0).strip(" \"\u201d\u2019'"):
        return "people", "", offset + pronoun.end()  # "dozens of them have disappeared"
    if not vague:
        partitive = _PARTITIVE.match(sentence[offset: offset + _WINDOW])
        if partitive:
            return _noun_phrase(sentence, offset + partitive.end(), False) or ("people", "", offset)
    tokens = _words_after(sentence[offset: offset + _WINDOW])
    head_kind = ""
    i = -1
    skipped = 0
    for j, (word, word_end) in enumerate(tokens[:5]):
        lower = word.lower()
        if lower in ("more", "other", "further", "additional", "people's"):
            skipped = word_end
            continue
        i += 1
        if lower in HEAD_KINDS and (i > 0 or lower not in ("missing", "wounded", "injured", "dead", "displaced",
                                                              "homeless")):
            who = lower if _is_people(word) else "people"  # "14 bodies" counts people
            return who, HEAD_KINDS[lower], offset + word_end
        if lower in HEAD_KINDS:  # "11 missing", "45 dead": an adjective standing for its people
            return "people", HEAD_KINDS[lower], offset + word_end
        if i == 0 and lower in _COLLECTIVE and not any(_is_people(w) for w, _ in tokens[j + 1: j + 2]):
            return None  # "eight members of one family": households, not people ("five family members" are)
        participle = lower.endswith(("ed", "ing")) and not any(_is_people(w) for w, _ in tokens[j + 1: j + 3])
        at_trigger = i == 0 and _TRIGGER_AFTER.match(sentence[offset + word_end - len(word): offset + _WINDOW])
        if i == 0 and (lower in _TRIGGER_WORDS or participle or at_trigger):
            return "people", head_kind, offset + skipped  # "140,000 evacuated": the trigger follows
        if _is_people(word):
            who, stop = word, word_end
            for nxt, nxt_end in tokens[j + 1: j + 3]:
                if _is_people(nxt) and nxt.lower() not in ("others",):
                    who, stop = nxt, nxt_end
                else:
                    break
            conjunct = _NP_CONJUNCT.match(sentence[offset + stop: offset + stop + 60])
            if conjunct and _is_people(conjunct.group("head")) and not find_numbers(conjunct.group(0)):
                stop += conjunct.end()  # "30 schoolchildren and teachers"
            return (who if who[:1].isupper() else who.lower()), head_kind, offset + stop
        if lower in NON_PEOPLE:
            return None
        if lower in MODIFIER_KINDS:
            head_kind = MODIFIER_KINDS[lower]
            continue
        if i == 0 and (lower.endswith("s") or word[0].isupper()) and tokens[j + 1: j + 2] and \
                tokens[j + 1][0].lower() in _PASSIVE_NEXT:
            # '50 "apostates" had been killed', "370,000 Rohingya have fled": a noun we do not know
            return (word if word[0].isupper() else lower), head_kind, offset + word_end
        if lower in _STOP_AFTER or not word[:1].isalpha():
            return ("people", head_kind, offset + skipped) if i == 0 or head_kind else None
        if i >= 2:
            return None
    return "people", head_kind, offset


def _qualifier(sentence: str, number: Number) -> tuple[str, int]:
    if number.text.lower().endswith("-plus"):
        return "more_than", number.start  # "1,000-plus"
    before = sentence[max(0, number.start - 40): number.start]
    for name, pattern in _QUALIFIER_BEFORE:
        match = pattern.search(before)
        if match:
            return name, number.start - (len(before) - match.start())
    return "exact", number.start


def _object_of_verb(sentence: str, start: int, end: int) -> tuple[str, str, int] | None:
    """An unknown plural right after a verb of the kinds counts people: 'killed "more than 40 infidels"'."""
    if not _VERB_END.search(sentence[max(0, start - 40): start]):
        return None
    word = re.match(r"^[\"\u201d\u2019']?\s+([a-z][\w'-]*s)\b(?!\s+of\b)", sentence[end: end + 40])
    if not word or word.group(1).lower() in NON_PEOPLE:
        return None
    return word.group(1).lower(), "", end + word.end()


def _phrases(sentence: str, numbers: list[Number]) -> list[_Phrase]:
    """Number phrases with ranges merged ("between 30 and 40", "three to five" → 30/3, at_least)."""
    phrases: list[_Phrase] = []
    i = 0
    while i < len(numbers):
        number = numbers[i]
        qualifier, start = _qualifier(sentence, number)
        last = number
        if i + 1 < len(numbers):
            gap = sentence[number.end: numbers[i + 1].start]
            between = re.search(r"\bbetween\s+$", sentence[max(0, number.start - 20): number.start], re.I) and re.fullmatch(r"\s+and\s+", gap)
            if between or _RANGE_BETWEEN.match(gap) and not number.vague:
                last = numbers[i + 1]
                qualifier = "at_least"
                if between:
                    start = number.start - len(re.search(r"between\s+$", sentence[max(0, number.start - 20): number.start], re.I).group(0))
                i += 1
        if number.vague:
            qualifier = "vague"
        noun = _noun_phrase(sentence, last.end, number.vague)
        i += 1
        if noun is None:
            noun = _object_of_verb(sentence, start, last.end)
        if noun is None:
            continue
        who, head_kind, end = noun
        phrases.append(_Phrase(number.value, qualifier, start, end, last.end, who, head_kind))
    return phrases


def _kind_after(sentence: str, phrase: _Phrase) -> tuple[str, int] | None:
    """The kind from the words after the noun phrase ("... had been killed"), and where it ends."""
    rest = sentence[phrase.end: phrase.end + _WINDOW]
    appositive = _APPOSITIVE.match(rest)
    body = appositive.group("body").strip() if appositive else ""
    if body and (_BREAKDOWN_LEAD.match(body) or body.split()[0].lower() in ("most", "many", "mostly", "all", "not")):
        rest_offset = phrase.end + appositive.end()  # "10 people, six of them rebels, were ..."
    else:
        rest_offset = phrase.end
    if phrase.end > phrase.number_end or phrase.head_kind:
        place = _PEOPLE_PP.match(sentence[rest_offset: rest_offset + _WINDOW])
        if place:
            rest_offset += place.end()  # "200 men from the town disappeared"
    conjunct = _CONJUNCT.match(sentence[rest_offset: rest_offset + _WINDOW])
    if conjunct and _is_people(conjunct.group("head")):
        rest_offset += conjunct.end()  # "ten civilians and security forces were killed"
    aboard = _ABOARD.match(sentence[rest_offset: rest_offset + _WINDOW])
    if aboard:
        rest_offset += aboard.end()  # "62 aboard feared dead"
    rest = sentence[rest_offset: rest_offset + _WINDOW]
    stripped = len(rest) - len(rest.lstrip(" \"\u201d"))
    # A clause between the people and their main verb: "two passengers who tried to flee were shot dead",
    # "25 people fleeing the violence were killed". The main verb wins; else the clause's own verb counts.
    clause = _POSTMODIFIER.match(rest)
    main = _TRIGGER_AFTER.match(rest[clause.end():]) if clause else None
    if main and not _NEGATED.search(main.group("aux") or ""):
        rest_offset, stripped, match = rest_offset + clause.end(), 0, main
    else:
        match = _TRIGGER_AFTER.match(rest[stripped:])
        if not match:
            return None
    kind = next(_TRIGGERS[int(name[1:])][0] for name, value in match.groupdict().items()
                if name.startswith("k") and value)
    aux = match.group("aux") or ""
    trigger = match.group("trigger")
    if _NEGATED.search(aux) and kind != "missing" or _MODAL.search(aux):
        return None
    trigger_end = rest_offset + stripped + match.end()
    if _TRANSITIVE.match(trigger) and not _PASSIVE_AUX.search(aux):
        if _OBJECT_AFTER.match(sentence[trigger_end: trigger_end + _WINDOW]):
            return None  # "two gunmen killed 12 people": the number counts the perpetrators
    return kind, trigger_end


def _kind_before(sentence: str, phrase: _Phrase) -> str:
    before = sentence[max(0, phrase.start - 160): phrase.start]
    for index, (kind, pattern) in enumerate(_ACTIVE_BEFORE):
        # verbs sit next to their number; only a tally ("the number of people killed when ...") reaches far
        match = pattern.search(before if index >= len(_ACTIVE) else before[-90:])
        if match:
            verb_start = match.start()
            if _MODAL.search(before[max(0, verb_start - 25): verb_start]) or \
                    re.search(r"\bto\s+$", before[:verb_start]):
                return ""
            return kind
    if _HYPOTHETICAL_VERB.search(before.rstrip(" \"")):
        return ""
    if not _TAKEN_BEFORE.search(before):
        return ""
    after = sentence[phrase.end: phrase.end + _WINDOW]
    taken = re.match(r"^\s+(prisoners?|hostages?|captives?)\b", after, re.I)
    noun = taken.group(1) if taken else ""
    if not noun and phrase.who.lower() == "prisoners" and re.match(r"^[\"\u201d\u2019']?\s+of\s+war\b", after):
        noun = "prisoners"  # 'holds 11 "prisoners of war"'
    if not noun and phrase.end == phrase.number_end:
        earlier = re.search(r"\b(hostages?|captives?)\b[^.;:]{0,40}$", before, re.I)
        noun = earlier.group(1) if earlier else ""  # "free 6 hostages, still hold at least 20" (prisons hold prisoners)
    if noun:
        return "arrested" if noun.lower().startswith("prisoner") else "abducted"
    return ""


def _breakdown(sentence: str, start: int, numbers: list[Number]) -> tuple[list[dict[str, Any]], set[int]]:
    """Parts of a toll ("six of them rebels", "including four children") and the numbers they use."""
    for pattern in (_OF_THEM_AFTER, _INCLUDING_AFTER, _APPOSITIVE):
        match = pattern.match(sentence[start: start + _WINDOW])
        if not match:
            continue
        body = _CLAUSE_BREAK.split(match.group("body"))[0]
        body_start = start + match.start("body")
        body_end = body_start + len(body)
        if pattern is _APPOSITIVE and not _BREAKDOWN_LEAD.match(match.group("body").strip()):
            continue
        if pattern is _OF_THEM_AFTER and not _is_people(match.group("who").split()[-1]):
            continue  # "..., and 8 of them died": a new figure, not a part of this one
        parts: list[dict[str, Any]] = []
        used: set[int] = set()
        for number in numbers:
            if body_start <= number.start < body_end:
                noun = _noun_phrase(sentence, number.end, number.vague)
                who = noun[0] if noun else "people"
                if who == "people":
                    them = re.match(r"\s+of\s+(?:them|whom)\s+([A-Za-z][\w-]*(?:\s+[A-Z][\w'-]*)?)",
                                    sentence[number.end: number.end + _WINDOW])
                    who = them.group(1) if them else who
                parts.append({"count": number.value, "who": who})
                used.add(number.start)
        if parts:
            return parts, used
    return [], set()


def _attributions(sentence: str) -> list[tuple[int, str]]:
    """Who reports figures in a sentence ("according to X", "X said", "..., said X"), by position."""
    found: list[tuple[int, str]] = []
    for pattern in (_ACCORDING, _SAID, _SAID_INVERTED):
        for match in pattern.finditer(sentence):
            src = _SOURCE_TRIM.sub("", match.group("src").strip().strip("\"")).strip()
            src = _SOURCE_CUT.split(src)[0]
            src = _SOURCE_TAIL.sub("", src)
            src = re.split(r"[.!?]\s", src)[0]
            src = _TIME_WORDS.sub("", src)
            src = re.sub(r"^(?:the|a|an)\s+", "", src, flags=re.I).strip()
            if _NOT_REPORTER.search(src):
                continue
            if not src or src.split()[0].lower() in _PRONOUNS or len(src.split()) > 8 or find_numbers(src):
                continue
            if not re.search(r"\b[A-Z]", src) and not _REPORTER.search(src):
                continue  # "but denied reports": a verb, not a reporter
            found.append((match.end() if pattern is _SAID else match.start(), src))
    return sorted(found)


def _attribution(sources: list[tuple[int, str]], position: int) -> str:
    """The reporter nearest before the figure ("X said 10 ..."), else the first after it."""
    before = [src for pos, src in sources if pos <= position]
    after = [src for pos, src in sources if pos > position]
    return before[-1] if before else after[0] if after else ""


def _title_case(sentence: str) -> bool:
    """A headline in Title Case, where capitals no longer mark names."""
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", sentence) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _place(sentence: str, reporters: Sequence[str] = ()) -> str:
    """Where the casualties were: the first named place that is not the reporter's own base or a demonym."""
    if _title_case(sentence):
        return ""
    for match in _PLACE.finditer(sentence):
        place = match.group("place")
        words = place.split()
        while words and words[-1].lower() in _NOT_PLACES:
            words.pop()
        if not words or words[0].lower() in _NOT_PLACES or re.fullmatch(r"[A-Z]{2,}s?", words[0]):
            continue
        if _BASED_BEFORE.search(sentence[max(0, match.start() - 30): match.start()]):
            continue  # "a monitor based in Britain": where the reporter sits
        if words[0].endswith(_DEMONYM_ENDINGS):
            continue  # "in Russian raids"
        if any(" ".join(words) in reporter for reporter in reporters):
            continue  # "Diplomats in Brussels said"
        return " ".join(words)
    return ""


def sentence_figures(sentence: str) -> list[dict[str, Any]]:
    """Casualty figures in one sentence, as dicts of CasualtyFigure fields (without article data)."""
    if not _may_hold_figure(sentence) or _WITHDRAWN.search(sentence):
        return []
    numbers = find_numbers(sentence)
    if not numbers:
        return []
    phrases = _phrases(sentence, numbers)
    found: list[dict[str, Any]] = []
    used: set[int] = set()
    previous: tuple[_Phrase, str] | None = None
    for phrase in phrases:
        if phrase.start in used or any(phrase.start <= u < phrase.number_end for u in used):
            continue
        before = sentence[max(0, phrase.start - 60): phrase.start]
        if _NOT_FIGURE_BEFORE.search(before) or _HYPOTHETICAL_BEFORE.search(before):
            previous = None
            continue
        kind = _kind_before(sentence, phrase)
        if kind == "displaced" and _TO_HOSPITAL_AFTER.match(sentence[phrase.end: phrase.end + 60]):
            kind = phrase.head_kind  # "evacuated 42 injured persons to hospitals"
        if not kind and phrase.who.lower() in _LOST_WHO and _LOST_BEFORE.search(before):
            kind = "killed"  # "we lost 14 brave men"
        trigger_end = phrase.end
        if not kind:
            after = _kind_after(sentence, phrase)
            if after:
                kind, trigger_end = after
        if not kind and phrase.head_kind:
            kind = phrase.head_kind
        gap = sentence[previous[0].end: phrase.start] if previous else ""
        if not kind and previous and (re.fullmatch(r"\s*(?:,\s*)?(?:and|or)\s+", gap)
                                      or gap.strip() == "," and phrase.who != "people"):
            kind = previous[1]  # "kidnapped 30 pupils and two teachers"
        earlier_value = False
        if not kind and previous and (_INHERIT_BEFORE.search(before) or _FROM_GAP.fullmatch(gap)
                                      or _REVISED_BEFORE.search(before)):
            kind = previous[1]  # "rose to 1,240, up from 870"
            earlier_value = True  # the same tally's earlier value: a running total if the first one is
        if not kind and previous and phrase.end == phrase.number_end and _ELLIPSIS_GAP.fullmatch(gap) and \
                _BARE_AFTER.match(sentence[phrase.end: phrase.end + 12]):
            kind = previous[1]  # "1,498 deaths confirmed in Turkey and at least 810 in Syria"
        if not kind or phrase.head_kind == "killed" and _IDENTIFIED_AFTER.match(sentence[phrase.end: phrase.end + _WINDOW]):
            previous = None
            continue
        if _RELEASED_AFTER.match(sentence[phrase.end: phrase.end + _WINDOW]) or \
                _WITHDRAWN_AFTER.match(sentence[phrase.end: phrase.end + _WINDOW]) or \
                kind == "displaced" and _RETURNED_AFTER.match(sentence[phrase.end: phrase.end + _WINDOW]) or \
                kind in ("missing", "displaced") and phrase.who != "people" and not _is_people(phrase.who) and \
                not phrase.who[:1].isupper():
            previous = None  # "four wards were evacuated": places and things go missing or get evacuated too
            continue
        if kind == "arrested" and phrase.who.lower() in ("inmates", "convicts") and \
                not _RECAPTURE.search(sentence[max(0, phrase.start - 60): phrase.start]) and \
                not _RECAPTURE.search(re.split(r"[,;]", sentence[phrase.end: phrase.end + 60])[0]):
            previous = None  # "the 994 inmates held at the facility": a prison's population, not arrests
            continue
        parts, part_numbers = _breakdown(sentence, phrase.end, numbers)
        if not parts and trigger_end > phrase.end:
            parts, part_numbers = _breakdown(sentence, trigger_end, numbers)
        used |= part_numbers
        found.append({
            "start": phrase.start,
            "kind": kind,
            "count": phrase.value,
            "qualifier": phrase.qualifier,
            "who": phrase.who or "people",
            "breakdown": parts,
            "running": bool(_RUNNING_BEFORE.search(sentence[max(0, phrase.start - 160): phrase.start]))
            or earlier_value and found[-1]["running"],
        })
        previous = (phrase, kind)
    if found:
        scope = "cumulative" if _CUMULATIVE.search(_SINCE_WHEN.sub("", sentence)) else "incident"
        sources = _attributions(sentence)
        place = _place(sentence, [src for _, src in sources])
        for figure in found:
            start = figure.pop("start")
            source = _attribution(sources, start)
            # "the deadliest in Peru since 2007, when a quake near Pisco killed 500": the clause's own place
            when = list(_WHEN_CLAUSE.finditer(sentence, 0, start))
            figure_place = (_place(sentence[when[-1].end():], [src for _, src in sources]) if when else "") or place
            # A toll of 100,000 or more is a whole-war, national or regional tally, never one incident.
            running = figure.pop("running")
            figure_scope = "cumulative" if running or figure["count"] >= LARGE_TALLY else scope
            figure.update(scope=figure_scope, attributed_to=source, place=figure_place, sentence=sentence)
    return found


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
    for sentence in article_sentences(article):
        for fields in sentence_figures(sentence):
            figures.append(CasualtyFigure(**fields, article=article.id, source=article.source))
    return figures


# --- reconciliation ----------------------------------------------------------------------------
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_CREDITS = 4  # reporters named in a label; the rest are counted
_QUALIFIER_WORDS = {"at_least": "at least ", "more_than": "more than ", "about": "about ", "up_to": "up to ",
                    "vague": "", "exact": ""}


def _fmt(count: int) -> str:
    return f"{count:,}"


def _label(kind: str, scope: str, low: int, high: int, qualifier: str, credits: Iterable[str]) -> str:
    head = kind.capitalize() + (" (total)" if scope == "cumulative" else "")
    if low == high:
        amount = ("" if qualifier == "vague" else _QUALIFIER_WORDS[qualifier]) + _fmt(low)
        amount += "+" if qualifier == "vague" else ""
    else:
        amount = f"{_fmt(low)}\u2013{_fmt(high)}"
    credits = list(credits)
    return f"{head}: {amount}" + (f" ({'; '.join(credits)})" if credits else "")


# A sentence about an earlier event: its figures give context, not this story's toll.
_BACKGROUND = re.compile(
    r"\b(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?(?:" + "|".join(_MONTH_NAMES[:12]) + r"\s+)?(?:19|20)\d\d,?\s+when\b"
    r"|\bin\s+(?:(?:early|late|mid-?)\s*)?(?:19|20)\d\d\b(?!\s*(?:alone|so\s+far))|\blast\s+year\b|\bthe\s+previous\s+year\b"
    r"|\b(?:19|20)\d\d\s+(?:election|war|earthquake|quake|floods?|tsunami|attacks?|bombings?|uprising|famine|"
    r"hurricane|typhoon|cyclone|crisis|massacre|riots?|disaster)\b",
    re.I,
)


def _sentence_batches(figures: list[CasualtyFigure]) -> list[list[CasualtyFigure]]:
    """Consecutive figures from the same sentence of the same article, kept together."""
    batches: list[list[CasualtyFigure]] = []
    for figure in figures:
        if batches and (batches[-1][0].article, batches[-1][0].sentence) == (figure.article, figure.sentence):
            batches[-1].append(figure)
        else:
            batches.append([figure])
    return batches


def reconcile_casualties(figures: Sequence[CasualtyFigure], articles: Sequence[Article]) -> list[dict[str, Any]]:
    """One line per kind and scope for a story: low–high, the latest figure, who reported it.

    Never sums: different outlets' tolls of one event are alternatives, not parts. A later
    "death toll rose to N" supersedes earlier lower figures of the same kind and scope.
    """
    by_id = {a.id: a for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}

    def when(item: tuple[int, CasualtyFigure]) -> tuple[datetime, int, int]:
        index, figure = item
        article = by_id.get(figure.article)
        published = article.published if article and article.published else None
        if published and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return published or _EPOCH, order.get(figure.article, 0), index

    groups: dict[tuple[str, str], list[tuple[int, CasualtyFigure]]] = {}
    for item in sorted(enumerate(figures), key=when):
        groups.setdefault((item[1].kind, item[1].scope), []).append(item)
    lines: list[dict[str, Any]] = []
    for (kind, scope), items in groups.items():
        background = [figure for _, figure in items if _BACKGROUND.search(figure.sentence)]
        ordered = [figure for _, figure in items if not _BACKGROUND.search(figure.sentence)]
        if not ordered:
            continue  # only earlier events ("in 2013, a typhoon killed 6,300"): not this story's toll
        current: list[CasualtyFigure] = []
        for batch in _sentence_batches(ordered):
            if _SUPERSEDES.search(batch[0].sentence):
                # "rose to 140, up from 95": the highest figure is the new toll, the rest are history.
                top = max(batch, key=lambda f: f.count)
                current = [f for f in current if f.count >= top.count] + [top]
            else:
                current.extend(batch)
        # Each article's toll is the largest figure it gives (its parts, "seven fighters and five
        # civilians", are not alternatives); different outlets' tolls make the range.
        tolls: dict[str, CasualtyFigure] = {}
        for figure in current:
            if figure.article not in tolls or figure.count > tolls[figure.article].count:
                tolls[figure.article] = figure
        latest = list(tolls.values())[-1]
        low = min(f.count for f in tolls.values())
        high = max(f.count for f in tolls.values())
        sources: list[str] = []
        reporters: dict[str, list[str]] = {}
        for figure in tolls.values():
            article = by_id.get(figure.article)
            outlets = article.outlets if article else ([figure.source] if figure.source else [])
            sources.extend(o for o in outlets if o not in sources)
            credited = reporters.setdefault(figure.attributed_to, [])
            credited.extend(o for o in outlets if o not in credited)
        credits = [" via ".join(p for p in (who, ", ".join(outlets)) if p) for who, outlets in reporters.items()]
        if len(credits) > MAX_CREDITS:
            credits = credits[:MAX_CREDITS] + [f"{len(credits) - MAX_CREDITS} more"]
        lines.append({
            **latest.to_dict(),
            "low": low,
            "high": high,
            "sources": sources,
            "attributions": sorted({f.attributed_to for f in tolls.values() if f.attributed_to}),
            "figures": [f.to_dict() for f in ordered],
            "superseded": [f.to_dict() for f in ordered if all(f is not c for c in current)],
            "background": [f.to_dict() for f in background],
            "label": _label(kind, scope, low, high, latest.qualifier if low == high else "exact", credits),
        })
    lines.sort(key=lambda line: (KINDS.index(line["kind"]), line["scope"] != "incident"))
    return lines

"""Attribution: who reports a figure ("according to X", "X said", "..., said X"), from the
sentence itself; the reporter nearest before the figure, else the first after it.
"""

from __future__ import annotations

import re

from digest.extract.numbers import find_numbers

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
_PRONOUNS = frozenset("it he she they we i you this that there which who on in at last earlier later".split())


def attributions(sentence: str) -> list[tuple[int, str]]:
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


def attribution(sources: list[tuple[int, str]], position: int) -> str:
    """The reporter nearest before the figure ("X said 10 ..."), else the first after it."""
    before = [src for pos, src in sources if pos <= position]
    after = [src for pos, src in sources if pos > position]
    return before[-1] if before else after[0] if after else ""

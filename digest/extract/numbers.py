"""Counts of people as news writes them: "10", "245,000", "1.5 million", "2m", "four million",
"twenty-three", "half a million", "a dozen", and the vague "dozens", "hundreds", "tens of thousands".

No PyPI number library reads all of these correctly (word2number turns "two dozen" into 2,
numerizer and quantulum3 mangle "a further 12" and "2m people"), hence this small parser.
`find_numbers` also refuses what only looks like a count: years, ages, money, percentages,
ordinals, decimals without a scale ("magnitude 7.1") and compounds such as "5-year".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.extract.lookahead import leading_lookahead, trie_pattern
from digest.extract.rules import load_rules

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
# ACLED-style conventions: a vague plural is read as its lower bound (digest/data/vague_numbers.toml).
_VAGUE_RULES = load_rules("vague_numbers")
VAGUE = {rule.name: int(rule.get("value")) for rule in _VAGUE_RULES.rules}

_WORD = trie_pattern([*UNITS, *TENS, "hundred", *SCALES])  # longest first, as one trie
_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+"
_WORDS = rf"(?:{_WORD})(?:(?:{_AND}|\s+|-)(?:{_WORD}))*"
# "230,000", and "230, 000" as tokenised corpora (ECB+) write it: one space after the comma
_DIGITS = r"\d{1,3}(?:, ?\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_PATTERN = (
    rf"(?:{'|'.join(rule.pattern for rule in _VAGUE_RULES.rules)}"
    r"|half\s+a\s+(?:million|billion)"
    rf"|(?:{_WORDS}|\d{{1,3}})[\s-]+and[\s-]+a[\s-]+half[\s-]+(?:million|billion|thousand)"  # "three-and-a-half million"
    rf"|(?:a|{_WORDS}|\d{{1,3}})\s+(?:million|billion)\s+and\s+a\s+half\b"  # "a million and a half"
    r"|(?:a|one|three)\s+quarters?\s+of\s+a\s+(?:million|billion)"  # "a quarter of a million"
    rf"|(?:(?:a|{_WORD}|\d{{1,3}})\s+)?dozen"
    rf"|(?:{_DIGITS})(?:\s+(?:million|billion|thousand)|(?:k|m|mn|bn))?(?:-plus\b)?"
    rf"|(?:a\s+)?{_WORDS})"
)
# The lookahead of how every number starts lets most words fail at their first letters.
NUMBER_RE = re.compile(rf"(?<![\w.,:/$£€¥-]){leading_lookahead(NUMBER_PATTERN, re.IGNORECASE)}{NUMBER_PATTERN}"
                       r"(?![\w%/]|,\d|\.\d|:\d)", re.IGNORECASE)

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_CURRENCY_BEFORE = re.compile(r"(?:[$£€¥₹]|\b(?:us|a|c|hk)\$|\b(?:usd|eur|gbp|rs\.?|inr|sh|ksh|n|r)\s?)\s*$", re.I)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:(?:million|billion|thousand)\s+)?(?:dollars?|euros?|pounds?|sterling|naira|pesos?|rupees?|yuan|yen"
    r"|francs?|shillings?|rand|dinars?|riyals?|lira|liras|roubles?|rubles?|cents?|hryvnias?|won|bahts?|ringgit"
    r"|usd|eur|gbp)\b",
    re.I,
)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|per\s*cent\b|percent\b|percentage\s+points?\b)", re.I)
# "20-year-old", "20 year old", and ECB+'s detokenised "20 - year - old"
_AGE_AFTER = re.compile(r"^(?:\s*-\s*|\s+)?(?:(?:to|or|and)\s+\w+(?:\s*-\s*|\s+))?(?:years?|months?|weeks?|days?)(?:\s*-\s*|\s+)old\b"
                        r"|^\s+years?\s+of\s+age\b", re.I)  # also a range of ages: "8- to 12-week-old"
# "the July 17 death of": a day of the month (capitalised, so the verb "may" is not a month)
_DATE_BEFORE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
                          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+$")
_AGE_BEFORE = re.compile(r"\b(?:aged|ages|age\s+of|ages\s+of)\s+(?:(?:from|between)\s+)?(?:[\w]+\s*(?:,|and|to|or|-)\s*)*$", re.I)
_COMPOUND_AFTER = re.compile(r"^-[a-z]", re.I)  # "5-year" is not a count ("1,000-plus" is matched whole)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_YEAR_BEFORE = re.compile(
    rf"(?:\b(?:in|since|of|by|until|till|from|between|before|after|during|early|late|mid|through|year|"
    rf"{_MONTHS})\s*-?|\d{{1,2}},?\s*|')$",
    re.I,
)
_TIME_AFTER = re.compile(r"^\s*(?:a\.?m\.?|p\.?m\.?|gmt|utc|hours|hrs|o'clock)\b", re.I)
_YEAR_FOLLOWERS = re.compile(r"^\s*(?:[,.;:)!?]|$|and\b|or\b|to\b|when\b|the\b|a\b|as\b|in\b|on\b|at\b|after\b|before\b)", re.I)


@dataclass(frozen=True)
class Number:
    """One count found in a text: its value, whether it is a vague lower bound, and where it is."""

    value: int
    vague: bool
    start: int
    end: int
    text: str


def _words_value(phrase: str) -> int | None:
    """Value of a spelled-out number ("two hundred and fifty thousand"); None if malformed."""
    total = current = 0
    seen = False
    last = ""
    for token in re.split(r"[\s-]+", phrase.lower()):
        if token in ("and", "a"):
            continue
        seen = True
        if token in UNITS:
            if last in ("unit", "teen") or last == "tens" and UNITS[token] >= 10:
                return None  # "five six", "twenty eleven"
            current += UNITS[token]
            last = "teen" if UNITS[token] >= 10 else "unit"
            continue
        if token in TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
        else:
            return None
        last = "tens" if token in TENS else "scale"
    return total + current if seen else None


def parse_number(phrase: str) -> tuple[int, bool] | None:
    """(value, vague) of one number phrase, or None when it is not a whole count of people."""
    text = " ".join(phrase.lower().replace("\u2011", "-").split()).removesuffix("-plus")
    if text in VAGUE:
        return VAGUE[text], True
    halves = re.fullmatch(r"(.+?)[\s-]+and[\s-]+a[\s-]+half[\s-]+(million|billion|thousand)", text)
    if halves:
        head = int(halves.group(1)) if halves.group(1).isdigit() else _words_value(halves.group(1))
        return (head * SCALES[halves.group(2)] + SCALES[halves.group(2)] // 2, False) if head else None
    trailing = re.fullmatch(r"(.+?) (million|billion) and a half", text)  # "a million and a half"
    if trailing:
        head = 1 if trailing.group(1) in ("a", "one") else int(trailing.group(1)) if trailing.group(1).isdigit() \
            else _words_value(trailing.group(1))
        return (head * SCALES[trailing.group(2)] + SCALES[trailing.group(2)] // 2, False) if head else None
    quarters = re.fullmatch(r"(a|one|three) quarters? of a (million|billion)", text)
    if quarters:
        return (SCALES[quarters.group(2)] * (3 if quarters.group(1) == "three" else 1) // 4, False)
    if text.startswith("half a "):
        scale = SCALES.get(text[7:])
        return (scale // 2, False) if scale else None
    if text.endswith("dozen"):
        head = text[: -len("dozen")].strip()
        if head in ("", "a"):
            return 12, False
        value = int(head) if head.isdigit() else _words_value(head)
        return (value * 12, False) if value else None
    match = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand|k|m|mn|bn)?", text.replace(", ", ","))
    if match:
        digits, scale = match.groups()
        if "," in digits and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            return None
        number = float(digits.replace(",", ""))
        if scale:
            number *= SCALES.get(scale) or SHORT_SCALES[scale]
        elif "." in digits:
            return None  # "7.1" is a magnitude or a score, never a head count
        return (round(number), False) if number == int(number) or scale else None
    if text in SCALES or text == "hundred":
        return None  # the tail of "$25 million" once the currency guard dropped "25"
    if text.startswith("a ") and not re.match(r"a (?:hundred|thousand|million|billion)\b", text):
        return None
    value = _words_value(text)
    return (value, False) if value is not None else None


def _is_year(text: str, match: re.Match[str]) -> bool:
    """A bare four-digit number between 1800 and 2100 is a year unless a noun follows it ("1998 people")."""
    token = match.group(0)
    if not re.fullmatch(r"\d{4}", token) or not 1800 <= int(token) <= 2100:
        return False
    before = text[max(0, match.start() - 24): match.start()]
    if _YEAR_BEFORE.search(before):
        return True
    return bool(_YEAR_FOLLOWERS.match(text[match.end(): match.end() + 20]))


def find_numbers(text: str) -> list[Number]:
    """Every number phrase in `text` that can be a count of people, left to right."""
    found: list[Number] = []
    for match in NUMBER_RE.finditer(text):
        before, after = text[max(0, match.start() - 40): match.start()], text[match.end(): match.end() + 40]
        if (
            _CURRENCY_BEFORE.search(before)
            or _CURRENCY_AFTER.match(after)
            or _PERCENT_AFTER.match(after)
            or _AGE_AFTER.match(after)
            or _AGE_BEFORE.search(before)
            or _COMPOUND_AFTER.match(after)
            or _ORDINAL_AFTER.match(after)
            or _TIME_AFTER.match(after)
            or re.match(r"^[:.]\d", after)
            or _is_year(text, match)
            or _DATE_BEFORE.search(before) and re.fullmatch(r"\d{1,2}", match.group(0)) and int(match.group(0)) <= 31
        ):
            continue
        parsed = parse_number(match.group(0))
        if parsed is None:
            continue
        found.append(Number(parsed[0], parsed[1], match.start(), match.end(), match.group(0)))
    return found

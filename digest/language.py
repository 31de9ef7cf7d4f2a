"""Which language an article is in, offline, and which languages the pipeline can work in.

Detection needs no model and no new package: the writing system first (Han, kana, Hangul, Thai,
Arabic, Hebrew, Greek, Cyrillic letters), then, for Latin-script text, sumy's own stop-word lists
(the ones the summaries already use): each word scores for every language whose list holds it,
shared words split their score, and the language with the highest share of the text wins
(when it clearly beats the runner-up). It is
deterministic, reads the first few thousand characters in well under a millisecond, and covers
exactly the languages we can summarise; README ("Language detection") gives the measurements.

We summarise in the languages the offline splitter, stemmer and stop words cover
(`digest.nlp.LANGUAGES`); casualty and position extraction is English only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache

from digest.model import Article
from digest.nlp import LANGUAGES, stop_words

SUPPORTED: tuple[str, ...] = tuple(LANGUAGES)
CHOICES: tuple[str, ...] = ("auto", *SUPPORTED)
UNKNOWN = "unknown"
SAMPLE_CHARS = 4000
MIN_SHARE = 0.06  # below this share of stop words the text is in none of our Latin-script languages
MARGIN = 1.3  # the winner must score this many times the runner-up (Czech and Slovak share many words)
MIN_WORDS = 5

# Script → language for the writing systems one language of ours (or one we name) uses.
_SCRIPTS = {"HIRAGANA": "japanese", "KATAKANA": "japanese", "HANGUL": "korean", "THAI": "thai",
            "HEBREW": "hebrew", "GREEK": "greek", "ARABIC": "arabic", "CJK": "chinese"}
_LATIN_LANGUAGES = tuple(lang for lang in SUPPORTED if lang not in ("greek", "ukrainian", "hebrew", "arabic"))
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # _WORD's matches in lower-case ASCII text
_UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
# A letter (or a non-decimal numeral, which `_script` then reads as no script) `_script` must look up by name.
_BEYOND_LATIN = re.compile("[^\\W\\d_\x00-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_NONE: dict[str, float] = {}


def _script(char: str) -> str:
    if char < "\u0250":
        return "LATIN"
    try:
        name = unicodedata.name(char)
    except ValueError:
        return ""
    if name.startswith("CYRILLIC"):
        return "CYRILLIC"
    head = name.split(" ", 1)[0]
    return head if head in _SCRIPTS else "LATIN" if head == "LATIN" else ""


@cache
def _weights() -> dict[str, dict[str, float]]:
    """word → {language: weight}: a stop word of k languages counts 1/k for each."""
    owners: dict[str, list[str]] = {}
    for lang in _LATIN_LANGUAGES:
        for word in stop_words(lang):
            owners.setdefault(word, []).append(lang)
    return {word: {lang: 1 / len(langs) for lang in langs} for word, langs in owners.items()}


def _lower_words(sample: str) -> list[str]:
    """The sample's words in lower case. Lowering the whole text gives the same words (lowering
    keeps every character's class and length) except where "İ" lowers to two characters or "Σ"
    to a final sigma by its context; ASCII text has a faster pattern of the same matches."""
    if sample.isascii():
        return _ASCII_WORD.findall(sample.lower())
    if "\u0130" in sample or "\u03a3" in sample:
        return [word.lower() for word in _WORD.findall(sample)]
    return _WORD.findall(sample.lower())


def detect(text: str) -> str:
    """The language of `text` by name ('english', 'french', 'chinese' …), or 'unknown'."""
    sample = text[:SAMPLE_CHARS]
    if _BEYOND_LATIN.search(sample):
        scripts = Counter(map(_script, filter(str.isalpha, sample)))
    else:  # the usual case, without a call per letter: every letter below U+0250 is Latin
        scripts = Counter({"LATIN": 1} if _LETTER.search(sample) else {})  # only "any letter?" matters then
    scripts.pop("", None)
    letters = sum(scripts.values())
    if not letters:
        return UNKNOWN
    if scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.05 * letters:
        return "japanese"
    script, count = scripts.most_common(1)[0]
    if script == "CYRILLIC":
        return "ukrainian" if _UKRAINIAN_LETTERS & set(sample) else "russian"
    if script != "LATIN":
        return _SCRIPTS[script]
    counts = Counter(_lower_words(sample))  # each distinct word scored once, times its count
    words = sum(counts.values())
    if words < MIN_WORDS:
        return UNKNOWN
    weights = _weights()
    scores: dict[str, float] = {}
    for word, count in counts.items():
        for lang, weight in weights.get(word, _NONE).items():
            scores[lang] = scores.get(lang, 0) + weight * count
    if not scores:
        return UNKNOWN
    ranked = Counter(scores).most_common(2)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return best if score / words >= MIN_SHARE and score >= MARGIN * runner_up else UNKNOWN


def supported(language: str) -> bool:
    return language in SUPPORTED


def dominant(languages: Iterable[str], default: str = "english") -> str:
    """The most common supported language among `languages` (ties: the first seen), else `default`."""
    counts = Counter(lang for lang in languages if lang in SUPPORTED)
    return counts.most_common(1)[0][0] if counts else default


def resolve(choice: str, articles: Iterable[Article]) -> str:
    """The language to work in: `choice`, or for 'auto' the articles' most common language."""
    return dominant(a.language for a in articles) if choice == "auto" else choice


def label(language: str) -> str:
    """'french' → 'French', for messages."""
    return language.capitalize()

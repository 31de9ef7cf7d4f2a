"""What grouping reads from one article: weighted words, names, the lead, places, numbers, dates.

Each is a bag of keys, turned into a TF-IDF vector by `digest.group.features`. Words and names are
what say what an article is about; places, numbers (tolls, magnitudes, scores) and the dates the
text mentions are what tell one event from another of the same kind (two earthquakes, two prison
escapes), in the spirit of Miranda et al. 2018's per-feature similarities.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from digest import nlp
from digest.model import Article

TITLE_WEIGHT = 3.0  # a title word counts as this many body occurrences
# News puts the event first (the inverted pyramid) and background, other stories and boilerplate
# later: a body word weighs 2 at the start, 1 after LEAD_WORDS words, then less (never below
# MIN_POSITION_WEIGHT, so a long article's body still counts).
LEAD_WORDS = 40
MIN_POSITION_WEIGHT = 0.2
MAX_WORDS = 600  # body words read per article (the rest adds little and costs time)
ENTITY_MARK = "#"  # prefix of name keys among the stems (never a stem: stems are words)

_POSITION_WEIGHTS = [max(MIN_POSITION_WEIGHT, 2.0 * LEAD_WORDS / (LEAD_WORDS + i)) for i in range(MAX_WORDS)]

# Words that are capitalised whatever the story: never names, never evidence of a story.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february april june july august "
    "september october november december today yesterday tomorrow".split()
)
_NAME_RE = re.compile(r"(?:(?<=[^\W_] )|(?<=, ))([A-Z](?:[^\W\d_]|['\u2019-])+)")
_MONTHS = {m[:3]: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_RE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})")
_YEAR_RE = re.compile(r"(?<![\d,.$])(?:19[4-9]\d|20[0-4]\d)(?![\d,])")
_NUMBER_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d,])")
# A place: capitalised words after a preposition of place ("in Malatya", "near the town of Seferihisar").
_PLACE_RE = re.compile(r"\b(?:in|near|at|outside|off|from|across|into)\s+(?:the\s+)?(?:(?:town|city|village|"
                       r"province|region|state|county|district) of\s+)?((?:[A-Z][^\W\d_]+[ -]?){1,3})")


@dataclass
class Doc:
    """One article's bags of keys (stem or key -> weight) and its length in words."""

    counts: dict[str, float]
    names: set[str]
    entities: dict[str, float]
    lead: dict[str, float] = field(default_factory=dict)
    lead_names: dict[str, float] = field(default_factory=dict)
    places: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    years: dict[str, float] = field(default_factory=dict)
    dates: dict[str, float] = field(default_factory=dict)
    length: int = 0


@lru_cache(maxsize=200_000)
def name_key(word: str) -> str:
    """A spelling-tolerant key for a name: transliterations of one name share it.

    Long names (six letters or more) are reduced to a consonant skeleton, as phonetic keys such as
    Soundex do: accents, vowels, 'h' and doubled letters dropped, an initial c/g/k/q read as one
    sound, so "Gaddafi", "Qadhafi" and "Gadhafi" meet, as do "Zelensky" and "Zelenskiy". Short
    names are kept as written: their skeletons would collide.
    """
    folded = unicodedata.normalize("NFKD", word.lower().replace("\u2019", "'"))
    folded = "".join(c for c in folded if c.isalpha() or c in "'-")
    if folded.endswith("'s"):
        folded = folded[:-2]
    if len(folded) < 6:
        return folded
    first = "k" if folded[0] in "cgkq" else folded[0]
    rest = [c for c in folded[1:] if c not in "aeiouyh'-"]
    skeleton = [first]
    for c in rest:
        if c != skeleton[-1]:
            skeleton.append(c)
    return "".join(skeleton)


def _words_and_names(text: str) -> tuple[list[str], set[str]]:
    """The first MAX_WORDS words, and the capitalised ones seen mid-sentence (names).

    A capitalised word right after a letter, digit or comma and one space is mid-sentence;
    the same word at a sentence start is then a name as well, through its stem.
    """
    found = nlp.WORD_RE.findall(text, 0, MAX_WORDS * 12)[:MAX_WORDS]
    return found, set(_NAME_RE.findall(text, 0, MAX_WORDS * 12))


def _plain(word: str) -> str:
    """A word in lower case without its possessive 's."""
    lower = word.lower().replace("\u2019", "'")
    return lower[:-2] if lower.endswith("'s") else lower


def body_text(article: Article) -> str:
    """The article text without its title line (ingest keeps the title in the text) or dateline.

    A dateline ("WASHINGTON (AP) _") names where the reporter filed, not what happened, and would
    otherwise take the lead's weight.
    """
    text = article.text or ""
    title = (article.title or "").strip()
    if title:
        head = text.lstrip()
        first, _, rest = head.partition("\n")
        if first.strip().strip("#").strip() == title:
            text = rest
    head, sep, rest = text.lstrip().partition("\n\n")
    return nlp.strip_dateline(head) + sep + rest


def _specifics(text: str) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """Places, numbers (not years), years and day-month dates mentioned in the text."""
    places: Counter[str] = Counter()
    for match in _PLACE_RE.finditer(text):
        for word in match.group(1).split():
            if word.lower() not in _CALENDAR and len(word) > 2:
                places[ENTITY_MARK + name_key(word)] += 1
    years = Counter(_YEAR_RE.findall(text))
    numbers: Counter[str] = Counter()
    for token in _NUMBER_RE.findall(text):
        plain = token.replace(",", "")
        if plain in years or (len(plain) < 2 and "." not in plain):
            continue  # years are their own feature; one-digit counts say little
        numbers["n" + plain] += 1
    dates: Counter[str] = Counter()
    for m in _DATE_RE.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        number = _MONTHS.get(month[:3].lower())
        if number and 1 <= int(day) <= 31:
            dates[f"d{number}-{int(day)}"] += 1
    return places, numbers, Counter({"y" + y: n for y, n in years.items()}), dates


class Vocabulary:
    """Stems, their ids, and the most frequent surface form of each (for readable key terms)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.stops = nlp.stop_words(language)
        self.ids: dict[str, int] = {}
        self.surfaces: dict[str, Counter[str]] = {}
        self._stem_of: dict[str, str | None] = {}
        self._plain_of: dict[str, str] = {}
        self.capitalised: Counter[str] = Counter()
        self.lowercase: Counter[str] = Counter()

    def stem(self, word: str) -> str | None:
        """The stem of a content word, None for stop words and noise (cached per surface form)."""
        if word in self._stem_of:
            return self._stem_of[word]
        lower = word.lower().replace("\u2019", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        key = None
        if len(lower) > 1 and lower not in self.stops and lower not in _CALENDAR:
            key = nlp.stem(lower, self.language)
            self.surfaces.setdefault(key, Counter())
        self._stem_of[word] = key
        return key

    def plain(self, word: str) -> str:
        """`_plain(word)`, cached per surface form."""
        found = self._plain_of.get(word)
        if found is None:
            found = self._plain_of[word] = _plain(word)
        return found

    def read(self, article: Article) -> tuple:
        """An article's weighted words (title and lead count more), how often each was seen, its
        lead words, its specifics (places, numbers, years, dates) and its length.

        Also counts, over all articles read, how often each word is capitalised mid-sentence and
        how often it is written in lower case: `doc` tells names by both.
        """
        title, _ = _words_and_names(article.title or "")
        text = body_text(article)
        body, names = _words_and_names(text)
        if title and body[:len(title)] == title:
            title = []  # a title made from the first sentence (ingest's fallback) adds nothing
        seen = Counter(body)
        weights: Counter[str] = Counter()
        for word, weight in zip(body, _POSITION_WEIGHTS, strict=False):  # body has <= MAX_WORDS
            weights[word] += weight
        for word, count in seen.items():
            if word in names:
                self.capitalised[self.plain(word)] += count
            elif word.islower():
                self.lowercase[self.plain(word)] += count
        for word in title:
            weights[word] += TITLE_WEIGHT
            seen[word] += 1
        lead = Counter(title + body[:LEAD_WORDS])
        specifics = _specifics(((article.title or "") + "\n" + text)[:MAX_WORDS * 12])
        return weights, seen, lead, specifics, len(body)

    def doc(self, weights: Counter[str], seen: Counter[str], lead: Counter[str], specifics: tuple,
            length: int) -> Doc:
        """Stem counts, name stems, entity counts and the other bags of a read article.

        A capitalised word is a name when the articles mostly write it capitalised mid-sentence,
        so a name at the start of a sentence or in a title-case headline is still a name, and a
        headline's "Floods" is not.
        """
        counts: dict[str, float] = {}
        name_keys: set[str] = set()
        entities: dict[str, float] = {}
        for word, weight in weights.items():
            key = self.stem(word)
            if key:
                counts[key] = counts.get(key, 0.0) + weight
                self.surfaces[key][word] += seen[word]
                plain = self.plain(word)
                if word[0].isupper() and self.capitalised[plain] > self.lowercase[plain]:
                    name_keys.add(key)
                    entity = ENTITY_MARK + name_key(word)
                    entities[entity] = entities.get(entity, 0.0) + weight
        lead_counts: dict[str, float] = {}
        lead_names: dict[str, float] = {}
        for word, n in lead.items():
            key = self.stem(word)
            if key:
                lead_counts[key] = lead_counts.get(key, 0.0) + n
                if key in name_keys:
                    lead_names[ENTITY_MARK + name_key(word)] = 1.0
        places, numbers, years, dates = specifics
        return Doc(counts, name_keys, entities, lead_counts, lead_names, dict(places), dict(numbers), dict(years),
                   dict(dates), length)

    def readable(self, key: str) -> str:
        """The usual spelling of a stem: 'Assad' for 'assad', 'ceasefire' for 'ceasefir'."""
        forms = self.surfaces.get(key)
        if not forms:
            return key
        best, _ = max(forms.items(), key=lambda kv: (kv[1], kv[0].islower()))
        lower_total = sum(n for w, n in forms.items() if w.islower())
        return best if lower_total * 2 < sum(forms.values()) else best.lower()

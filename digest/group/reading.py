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
from typing import TYPE_CHECKING

from digest import nlp
from digest.model import Article

if TYPE_CHECKING:
    import numpy as np

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
# The patterns open with the characters they need and look behind afterwards, so the regular
# expression engine skips ahead to candidates instead of trying the lookbehind at every position.
_NAME_RE = re.compile(r"[A-Z](?:(?<=[^\W_] [A-Z])|(?<=, [A-Z]))(?:[^\W\d_]|['\u2019-])+")
_MONTHS = {m[:3]: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_RE = re.compile(rf"(?=[JFMASOND0-9])\b(?:({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}))")
_YEAR_RE = re.compile(r"(?:19[4-9]\d|20[0-4]\d)(?<![\d,.$]\d{4})(?![\d,])")
_NUMBER_RE = re.compile(r"\d(?<![\w.,]\d)(?:\d{0,2}(?:,\d{3})+(?!\d)|\d*(?:\.\d+)?(?![\d,]))")
# A place: capitalised words after a preposition of place ("in Malatya", "near the town of Seferihisar").
_PLACE_RE = re.compile(r"\b(?:in|near|at|outside|off|from|across|into)\s+(?:the\s+)?(?:(?:town|city|village|"
                       r"province|region|state|county|district) of\s+)?((?:[A-Z][^\W\d_]+[ -]?){1,3})")


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


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Abbreviation -> the word it abbreviates (digest/data/group_aliases.txt)."""
    from importlib import resources

    text = resources.files("digest.data").joinpath("group_aliases.txt").read_text(encoding="utf-8")
    return dict(line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _plain(word: str) -> str:
    """A word in lower case without its possessive 's, abbreviations written out."""
    lower = word.lower().replace("\u2019", "'")
    lower = lower[:-2] if lower.endswith("'s") else lower
    return _aliases().get(lower, lower)


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
    for match, n in Counter(_PLACE_RE.findall(text)).items():  # each distinct match once
        for word in match.split():
            if word.lower() not in _CALENDAR and len(word) > 2:
                places[ENTITY_MARK + name_key(word)] += n
    years = Counter(_YEAR_RE.findall(text))
    numbers: Counter[str] = Counter()
    for token, n in Counter(_NUMBER_RE.findall(text)).items():
        plain = token.replace(",", "")
        if plain in years or (len(plain) < 2 and "." not in plain):
            continue  # years are their own feature; one-digit counts say little
        numbers["n" + plain] += n
    dates: Counter[str] = Counter()
    for m in _DATE_RE.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        number = _MONTHS.get(month[:3].lower())
        if number and 1 <= int(day) <= 31:
            dates[f"d{number}-{int(day)}"] += 1
    return places, numbers, Counter({"y" + y: n for y, n in years.items()}), dates


@dataclass
class Bag:
    """One kind of evidence for every article of a day, as sparse entries.

    Entries come row by row, each row's keys in the order the article first has them, and keys
    are numbered in order of first appearance over the day: TF-IDF's strongest-terms cut then
    breaks ties as the per-article dictionaries it replaces did.
    """

    rows: np.ndarray  # article of each entry (non-decreasing)
    cols: np.ndarray  # key of each entry, an index into `keys`
    values: np.ndarray  # weight or count of the key in the article
    keys: list[str]
    n: int  # articles

    def has(self) -> np.ndarray:
        """Per article: does it have any key of this bag."""
        import numpy as np

        return np.bincount(self.rows, minlength=self.n) > 0


def _first_seen(pair: np.ndarray, *values: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct pair codes in order of first appearance, and each value summed per code in input
    order (so the sums are the very floats a running `+=` gives)."""
    import numpy as np

    codes, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    return codes[order], [np.bincount(inverse, weights=v, minlength=len(codes))[order] for v in values]


def collect(n: int, rows: np.ndarray, keys: np.ndarray, names: list[str], *values: np.ndarray
            ) -> tuple[Bag, list[np.ndarray]]:
    """A Bag from entries in reading order (article `rows`, `keys` indexing `names`); repeated keys
    of an article are summed (the first value array is the Bag's, all are returned)."""
    import numpy as np

    width = max(len(names), 1)
    codes, sums = _first_seen(rows * width + keys, *values)
    r, k = np.divmod(codes, width)
    used, seen_at, inverse = np.unique(k, return_index=True, return_inverse=True)
    by_first = np.argsort(seen_at, kind="stable")
    rank = np.empty(len(used), dtype=np.int64)
    rank[by_first] = np.arange(len(used))
    return Bag(r, rank[inverse], sums[0], [names[int(used[j])] for j in by_first], n), sums


class Vocabulary:
    """Stems of the day's words, and the most frequent surface form of each (readable key terms)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.stops = nlp.stop_words(language)
        self._stem_of: dict[str, str | None] = {}
        self._surfaces: list[str] = []
        self._stem_ids: dict[str, int] = {}
        self._counts: np.ndarray | None = None  # times each surface form was seen
        self._by_stem: np.ndarray | None = None  # surface forms ordered by stem, each stem's in order
        self._starts: np.ndarray | None = None  # where each stem's forms start in _by_stem

    def _keeps(self, plain: str) -> bool:
        return len(plain) > 1 and plain not in self.stops and plain not in _CALENDAR

    def stems(self, words: list[str], plains: list[str]) -> list[str | None]:
        """The stem of each word (`plains`: its `_plain` form), None for stop words and noise; one
        batch call to the stemmer."""
        wanted = [p for p in plains if self._keeps(p)]
        found = iter(nlp.stem_words(wanted, self.language))
        keys = [next(found) if self._keeps(p) else None for p in plains]
        self._stem_of.update(zip(words, keys, strict=True))
        return keys

    def stem(self, word: str) -> str | None:
        """The stem of one content word (cached per surface form)."""
        if word not in self._stem_of:
            plain = _plain(word)
            self._stem_of[word] = nlp.stem(plain, self.language) if self._keeps(plain) else None
        return self._stem_of[word]

    def remember(self, surfaces: list[str], stem_of: np.ndarray, stem_ids: dict[str, int], counts: np.ndarray) -> None:
        """Every surface form, the stem number of each (-1: none; `stem_ids` numbers the stems) and
        the times each was seen."""
        import numpy as np

        self._surfaces, self._stem_ids, self._counts = surfaces, stem_ids, counts
        has = np.flatnonzero(stem_of >= 0)
        self._by_stem = has[np.argsort(stem_of[has], kind="stable")]
        self._starts = np.searchsorted(stem_of[self._by_stem], np.arange(len(stem_ids) + 1))

    def readable(self, key: str) -> str:
        """The usual spelling of a stem: 'Assad' for 'assad', 'ceasefire' for 'ceasefir'."""
        stem = self._stem_ids.get(key)
        if stem is None or self._by_stem is None:
            return key
        forms = [(self._surfaces[f], int(self._counts[f]))
                 for f in self._by_stem[self._starts[stem]:self._starts[stem + 1]].tolist()]
        if not forms:
            return key
        best, _ = max(forms, key=lambda kv: (kv[1], kv[0].islower()))
        lower_total = sum(n for w, n in forms if w.islower())
        return best if lower_total * 2 < sum(n for _, n in forms) else best.lower()


@dataclass
class Reading:
    """Everything grouping read from a day's articles: one Bag per kind of evidence."""

    bags: dict[str, Bag]
    name_words: np.ndarray  # per entry of bags["words"]: is that stem a name in that article
    length: np.ndarray  # words read per article
    vocabulary: Vocabulary


def _ids(words: list[str], index: dict[str, int]) -> np.ndarray:
    import numpy as np

    return np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))


def _rows(counts: list[int]) -> np.ndarray:
    import numpy as np

    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _specific_bags(n: int, found: list[tuple[dict[str, int], ...]]) -> dict[str, Bag]:
    import numpy as np

    bags = {}
    for k, name in enumerate(("places", "numbers", "years", "dates")):
        index: dict[str, int] = {}
        rows, keys, values = [], [], []
        for i, specifics in enumerate(found):
            for key, count in specifics[k].items():
                rows.append(i)
                keys.append(index.setdefault(key, len(index)))
                values.append(float(count))
        bags[name], _ = collect(n, np.array(rows, dtype=np.int64), np.array(keys, dtype=np.int64), list(index),
                                np.array(values, dtype=np.float64))
    return bags


@dataclass
class _Texts:
    """What the regular expressions found in each article, concatenated over the day (with each
    article's share of every list)."""

    tokens: list[str] = field(default_factory=list)  # each article's body words, then its title words
    body_lens: list[int] = field(default_factory=list)
    title_lens: list[int] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)  # title words and the first LEAD_WORDS body words
    lead_lens: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # words capitalised mid-sentence
    name_lens: list[int] = field(default_factory=list)
    specifics: list[tuple[dict[str, int], ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Scanned:
    """What the regular expressions find in one article (`scan_article`), in a form that is cheap
    to send between processes: the words as one space-separated string each (no word holds a space)."""

    title: str  # the title's words
    body: str  # the first MAX_WORDS words of the body
    names: str  # the words capitalised mid-sentence, each once
    specifics: tuple[dict[str, int], ...]  # places, numbers, years, dates (`_specifics`)


_SCAN_CHARS = MAX_WORDS * 12  # enough text for MAX_WORDS words
# Scans made where the articles were parsed (a pool worker): id(article) → (its title, its text, scan).
_PREPARED: dict[int, tuple[str, str, Scanned]] = {}


def scan_article(article: Article) -> Scanned:
    """Run the regular expressions over one article: the only per-article work of `read_day`, so
    it can run where the article was parsed (`prepare`)."""
    title = nlp.WORD_RE.findall(article.title or "", 0, _SCAN_CHARS)[:MAX_WORDS]
    text = body_text(article)
    body = nlp.WORD_RE.findall(text, 0, _SCAN_CHARS)[:MAX_WORDS]
    names = dict.fromkeys(_NAME_RE.findall(text, 0, _SCAN_CHARS))
    specifics = _specifics(((article.title or "") + "\n" + text)[:_SCAN_CHARS])
    return Scanned(" ".join(title), " ".join(body), " ".join(names), tuple(dict(c) for c in specifics))


def prepare(articles: list[Article], scans: list[Scanned]) -> None:
    """Keep the articles' scans (made elsewhere) for `read_day`, for as long as each article
    lives with the same title and text."""
    import weakref

    for article, scan in zip(articles, scans, strict=True):
        _PREPARED[id(article)] = (article.title, article.text, scan)
        weakref.finalize(article, _PREPARED.pop, id(article), None)  # ids are reused once it is gone


def _scanned(article: Article) -> Scanned:
    kept = _PREPARED.get(id(article))
    if kept and kept[0] is article.title and kept[1] is article.text:
        return kept[2]
    return scan_article(article)


def _split(words: str) -> list[str]:
    return words.split(" ") if words else []


def _scan(articles: list[Article]) -> _Texts:
    """Each article's scan (made where it was parsed, or now), gathered over the day."""
    out = _Texts()
    for a in articles:
        scan = _scanned(a)
        title, body, mid = _split(scan.title), _split(scan.body), _split(scan.names)
        if title and body[:len(title)] == title:
            title = []
        out.tokens += body
        out.tokens += title
        out.body_lens.append(len(body))
        out.title_lens.append(len(title))
        out.lead += title
        out.lead += body[:LEAD_WORDS]
        out.lead_lens.append(len(title) + min(len(body), LEAD_WORDS))
        out.names += mid
        out.name_lens.append(len(mid))
        out.specifics.append(scan.specifics)
    return out


def read_day(articles: list[Article], language: str) -> Reading:
    """Read every article at once: the regular expressions run per article, everything after them
    (counting, stemming, names, weighting) runs over the day's tokens as arrays.

    Per article: the first MAX_WORDS words, weighted by position (title words TITLE_WEIGHT each;
    a title made from the first sentence, ingest's fallback, adds nothing), its lead (title and
    first LEAD_WORDS words), the capitalised words seen mid-sentence (after a letter, digit or
    comma and one space) and its specifics. A capitalised word is a name when the day's articles
    mostly write it capitalised mid-sentence, so a name opening a sentence or in a title-case
    headline is still a name, and a headline's "Floods" is not.
    """
    import numpy as np

    found = _scan(articles)
    n, tokens = len(articles), found.tokens
    index = {w: i for i, w in enumerate(dict.fromkeys(tokens))}
    surfaces = list(index)
    width = max(len(surfaces), 1)
    vocab = Vocabulary(language)
    plains = [_plain(w) for w in surfaces]
    stem_keys = vocab.stems(surfaces, plains)
    stem_names = list(dict.fromkeys(k for k in stem_keys if k))
    stem_index = {k: i for i, k in enumerate(stem_names)}
    stem_of = np.array([stem_index.get(k, -1) for k in stem_keys], dtype=np.int64)
    plain_index: dict[str, int] = {}
    plain_of = np.array([plain_index.setdefault(p, len(plain_index)) for p in plains], dtype=np.int64)
    lower = np.array([w.islower() for w in surfaces], dtype=bool)
    upper = np.array([w[0].isupper() for w in surfaces], dtype=bool)

    # One entry per (article, word form) in the order the article first has it: weight, times seen
    # (title included) and times in the body.
    body_lens, per_article = np.array(found.body_lens), np.array(found.body_lens) + np.array(found.title_lens)
    row = _rows(per_article.tolist())
    pos = np.arange(len(tokens)) - (np.cumsum(per_article) - per_article)[row]
    in_body = pos < body_lens[row]
    weight = np.where(in_body, np.array(_POSITION_WEIGHTS)[np.minimum(pos, MAX_WORDS - 1)], TITLE_WEIGHT)
    codes, (p_weight, p_seen, p_body) = _first_seen(row * width + _ids(tokens, index), weight,
                                                    np.ones(len(tokens)), in_body.astype(np.float64))
    p_row, p_form = np.divmod(codes, width)

    mid_codes = _rows(found.name_lens) * width + np.array([index.get(w, -1) for w in found.names], dtype=np.int64)
    capitalised = np.isin(codes, mid_codes)
    cap = np.bincount(plain_of[p_form], weights=np.where(capitalised, p_body, 0.0), minlength=len(plain_index))
    low = np.bincount(plain_of[p_form], weights=np.where(~capitalised & lower[p_form], p_body, 0.0),
                      minlength=len(plain_index))
    is_name = upper & (stem_of >= 0) & (cap[plain_of] > low[plain_of])

    content = stem_of[p_form] >= 0
    words, (_, named) = collect(n, p_row[content], stem_of[p_form[content]], stem_names, p_weight[content],
                                is_name[p_form[content]].astype(np.float64))
    vocab.remember(surfaces, stem_of, stem_index,
                   np.bincount(p_form[content], weights=p_seen[content], minlength=len(surfaces)))

    name_forms = np.flatnonzero(is_name)
    entity_index: dict[str, int] = {}
    entity_of = np.full(len(surfaces), -1, dtype=np.int64)
    entity_of[name_forms] = [entity_index.setdefault(ENTITY_MARK + name_key(plains[f]), len(entity_index))
                             for f in name_forms.tolist()]
    has_name = content & is_name[p_form]
    entities, _ = collect(n, p_row[has_name], entity_of[p_form[has_name]], list(entity_index), p_weight[has_name])

    # The lead: its stems, and the names (spelling-tolerant keys) of the stems that are names in the article.
    lead_ids, lead_row = _ids(found.lead, index), _rows(found.lead_lens)
    keep = stem_of[lead_ids] >= 0
    lead_ids, lead_row = lead_ids[keep], lead_row[keep]
    lead_bag, _ = collect(n, lead_row, stem_of[lead_ids], stem_names, np.ones(len(lead_ids)))
    stems = max(len(stem_names), 1)
    in_names = np.isin(lead_row * stems + stem_of[lead_ids], p_row[has_name] * stems + stem_of[p_form[has_name]])
    lead_index: dict[str, int] = {}
    lead_keys = np.array([lead_index.setdefault(ENTITY_MARK + name_key(plains[f]), len(lead_index))
                          for f in lead_ids[in_names].tolist()], dtype=np.int64)
    lead_names, _ = collect(n, lead_row[in_names], lead_keys, list(lead_index), np.ones(len(lead_keys)))
    lead_names.values[:] = 1.0

    bags = {"words": words, "names": entities, "lead": lead_bag, "lead_names": lead_names}
    bags.update(_specific_bags(n, found.specifics))
    return Reading(bags, named > 0, body_lens.astype(np.float64), vocab)

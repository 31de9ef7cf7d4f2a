"""Extractive summaries of one article or of many (multi-document), built on sumy's algorithms.

The algorithm rates every candidate sentence; we then pick greedily by rating, keep a fact
reported by several outlets once (near-duplicate sentences), honour the length budget
(sentences, ratio or words) and credit each sentence to its article. The default summarizer
(digest/summarizers/default.py) is told each sentence's article, position and the budget, chooses
the whole summary jointly and rates its choice above everything else, so this pass takes it as is
and only fills words it left unused.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from digest import nlp
from digest.analysis import analyse
from digest.errors import InputError, SettingError
from digest.model import Article, Summary, SummarySentence

log = logging.getLogger(__name__)

MIN_WORDS = 6  # shorter sentences are fragments (captions, sub-heads), not developments
MAX_WORDS = 120  # longer "sentences" are unpunctuated runs, tables or lists, not sentences
DUPLICATE_JACCARD = 0.6  # content-word overlap above which two sentences state the same fact
MAX_CANDIDATES = 3000  # cap for the quadratic algorithms on very long inputs


@dataclass
class Candidate:
    """A sentence that may go into a summary, with where it came from."""

    text: str
    article: Article
    position: int
    paragraph: int
    language: str = "english"
    original: str = ""  # the sentence before its asides were cut (see cut_asides), else ""

    @property
    def key(self) -> frozenset[str]:
        stops = nlp.stop_words(self.language)
        return frozenset(nlp.stem(w) for w in nlp.words(self.text) if w.lower() not in stops)


# Page furniture that survives inside a paragraph: captions, credits, "Show Full Article".
_FURNITURE = re.compile(r"\bshow (?:full|more) article\b|\((?:AP|AFP|Reuters|Getty)[^)]*photo[^)]*\)"
                        r"|\bphoto(?:graph)?:|\bimage caption\b|\bclick here\b", re.IGNORECASE)
_ENTITY = re.compile(r"&(?!MD;)[A-Za-z]+;")  # SGML entities left over from wire markup ("&UR;"); &MD; is a dash
_BYLINE_SENTENCE = re.compile(r"^\s*by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*(?:,|$)", re.IGNORECASE)
# Wire copy a reader did not clean (pasted, or converted from SGML by other tools): "_" and "^"
# typed for a dash, a trailing operator slug "(rk/ml)", and sentences that are not reporting at all:
# credit lines, editors' notes, "(STORY CAN END HERE ...)", captions that end in a colon.
_WIRE_DASH = re.compile(r"\s*&MD;\s*|(?<=\S)\s+[_^]\s+(?=\S)")
_WIRE_SLUG = re.compile(r"\s*\([a-z]{2,4}(?:/[a-z]{2,4})*\)$")
_NOT_REPORTING = re.compile(r"^(?:c\.\s?\d{4}\b|\(c\)|EDS?:|EDITORS?:|EDITOR'S NOTE|\((?:STORY|OPTIONAL|END)\b|BC-)"
                            r"|N\.Y\. Times News Service|:$")


def clean_sentence(sentence: str) -> str:
    """The sentence without a leading dateline, or "" when it is page furniture, a byline or
    wire furniture (credit line, editors' note, caption)."""
    if "&" in sentence:
        sentence = _ENTITY.sub(" ", html.unescape(sentence))
    sentence = " ".join(sentence.split())
    if _NOT_REPORTING.search(sentence):  # before the dateline rule, which would take "EDS:" for one
        return ""
    sentence = _WIRE_SLUG.sub("", _WIRE_DASH.sub("\u2014", nlp.strip_dateline(sentence)))
    if (_FURNITURE.search(sentence) or _BYLINE_SENTENCE.match(sentence) and len(sentence.split()) <= 8
            or _NOT_REPORTING.search(sentence) or not re.search(r"[a-z]", sentence)):
        return ""
    return sentence.strip()


def candidates(articles: Sequence[Article], language: str = "english") -> list[Candidate]:
    """Clean sentences of every article: no fragments under 6 words, no runs over 120, no questions."""
    result: list[Candidate] = []
    for article in articles:
        doc = analyse(article, language)
        for sentence in doc.sentences:
            text = clean_sentence(sentence.text)
            length = len(nlp.words(text))
            if MIN_WORDS <= length <= MAX_WORDS and not text.rstrip("\"'\u201d\u2019 ").endswith("?"):
                result.append(Candidate(text, article, sentence.index, sentence.paragraph, doc.language))
    return result


# A parenthetical aside inside a sentence: a gloss "(All India Hindu Union)", a conversion
# "(800 km)", a time elsewhere "(1354 UTC)", a record "(52-3)". No nesting, no quotation marks.
_ASIDE = re.compile(r"\s+\((?![^()]*[\"\u201c\u201d])[^()]{1,60}\)(?=[\s,.;:!?]|$)")


def cut_asides(text: str) -> str:
    """The sentence without its parenthetical asides, when at least MIN_WORDS words remain (else
    the sentence itself). A word budget spends its words on the sentence's statement; the aside's
    detail is one field away (`SummarySentence.original`)."""
    cut = _ASIDE.sub("", text)
    return cut if cut != text and len(nlp.words(cut)) >= MIN_WORDS else text


def _nothing_to_summarise(articles: Sequence[Article], language: str) -> str:
    """Why no sentence qualified, in words a user can act on."""
    lengths = [len(nlp.words(s.text)) for a in articles for s in analyse(a, language).sentences]
    longest = max(lengths, default=0)
    if longest > MAX_WORDS:
        run = "one run" if len(lengths) == 1 else "made of runs"
        return (f"no sentences to summarise: the text is {run} of {longest:,} words without sentence punctuation "
                f"(longer than {MAX_WORDS} words is not a sentence)")
    if lengths and longest < MIN_WORDS:
        return f"no sentences to summarise: only fragments under {MIN_WORDS} words"
    return "no text to summarise"


def _cap(cands: list[Candidate], limit: int) -> list[Candidate]:
    """Keep the leading sentences of every article (news puts the facts first) up to `limit`."""
    if len(cands) <= limit:
        return cands
    by_article: dict[str, list[Candidate]] = {}
    for c in cands:
        by_article.setdefault(c.article.id, []).append(c)
    kept: list[Candidate] = []
    depth = 0
    while len(kept) < limit:
        layer = [lst[depth] for lst in by_article.values() if depth < len(lst)]
        if not layer:
            break
        kept.extend(layer[: limit - len(kept)])
        depth += 1
    log.info("input has %d candidate sentences; kept the first %d (leading sentences of each article)",
             len(cands), len(kept))
    order = {id(c): i for i, c in enumerate(cands)}
    return sorted(kept, key=lambda c: order[id(c)])


def _layout(cands: list[Candidate]) -> list[tuple[int, int]]:
    """(article index, position in article) of each candidate, for multi-document algorithms."""
    index = {article_id: i for i, article_id in enumerate(dict.fromkeys(c.article.id for c in cands))}
    return [(index[c.article.id], c.position) for c in cands]


def rate(cands: list[Candidate], algorithm: str, language: str, title: str = "", *,
         count: int | None = None, words: int | None = None, stock: bool = False) -> list[float]:
    """A rating per candidate from the named sumy-compatible algorithm (higher is better).

    The default runs on the sentence strings directly (no sumy document: sumy's import alone
    costs a pasted article over a second); sumy's algorithms get a sumy document. Multi-document
    summarizers (those with a `layout` attribute) also learn each sentence's article, position
    and the length budget.
    """
    sentence_budget = None if words is not None else count
    if algorithm == "default" and not stock and len({c.article.id for c in cands}) == 1:
        from digest.summarizers.single import LeadCoverage

        return LeadCoverage(language).rate_texts([c.text for c in cands], title=title, words=words,
                                                 count=sentence_budget)
    if algorithm == "default" and not stock:
        from digest.summarizers.coverage import ConceptCoverage

        core = ConceptCoverage(nlp.stemmer_for(language), nlp.stop_words(language), language)
        return core.rate_texts([c.text for c in cands], _layout(cands), words=words, count=sentence_budget)

    from digest.summarizers import create

    tokenizer = nlp.Tokenizer(language)
    paragraphs: list[list[str]] = []
    last = None
    for c in cands:
        key = (c.article.id, c.paragraph)
        if key != last:
            paragraphs.append([])
            last = key
        paragraphs[-1].append(c.text)
    document = nlp.build_document(paragraphs, tokenizer)
    summarizer = create(algorithm, language, stock=stock, title_words=tuple(nlp.words(title)))
    if hasattr(summarizer, "layout"):
        summarizer.layout = _layout(cands)
        summarizer.word_budget = words
        summarizer.sentence_budget = sentence_budget
    captured: dict[str, float] = {}

    def take_all(infos):
        # sumy hands the count callable every sentence sorted by rating: record them all.
        for info in infos:
            captured.setdefault(str(info.sentence), float(info.rating) if info.rating is not None else 0.0)
        return infos

    summarizer(document, take_all)
    ratings = [captured.get(" ".join(c.text.split()).strip(), 0.0) for c in cands]
    return [r if math.isfinite(r) else 0.0 for r in ratings]  # LexRank rates stop-word-only text NaN


def _budget(total: int, sentences: int | None, ratio: float | None) -> int:
    if ratio is not None:
        if not 0 < ratio <= 1:
            raise SettingError("ratio", "must be between 0 and 1")
        return max(1, round(total * ratio))
    return max(1, sentences if sentences is not None else 5)


def select(cands: list[Candidate], ratings: list[float], *, count: int, words: int | None = None,
           shown=None) -> list[int]:
    """Indices of the chosen candidates: best first, near-duplicates skipped, within budget.

    A word budget takes whole sentences while at least MIN_WORDS words are left; a sentence
    runs past the budget only as the last one shown (`shown`: the sort key of the order the
    summary is shown in), so every sentence but the last is read whole within `words`."""
    order = sorted(range(len(cands)), key=lambda i: (-ratings[i], i))
    place = shown or (lambda i: i)
    chosen: list[int] = []
    keys: list[frozenset[str]] = []
    used = 0
    for i in order:
        if len(chosen) >= count if words is None else words - used < MIN_WORDS:
            break
        key = cands[i].key
        if any(key and k and len(key & k) / len(key | k) >= DUPLICATE_JACCARD for k in keys):
            continue
        n = len(cands[i].text.split())
        if words is not None and used + n > words and any(place(j) > place(i) for j in chosen):
            continue
        used += n
        chosen.append(i)
        keys.append(key)
    return chosen


def _chronological(c: Candidate, rank: dict[str, int]) -> tuple:
    """Publication time, then the order articles were given in (undated ones last), then position."""
    published = c.article.published or datetime.max.replace(tzinfo=UTC)
    return (published, rank[c.article.id], c.position)


def summarize_articles(
    articles: Sequence[Article],
    *,
    sentences: int | None = 5,
    ratio: float | None = None,
    words: int | None = None,
    algorithm: str = "default",
    language: str = "english",
    order: str = "document",
    max_candidates: int = MAX_CANDIDATES,
    stock: bool = False,
) -> Summary:
    """Summarise one article (single-document) or several (one multi-document summary).

    `stock=True` uses sumy's own class for `algorithm` (for side-by-side comparisons)."""
    language = nlp.normalize_language(language)
    cands = candidates(articles, language)
    if not cands:
        raise InputError(_nothing_to_summarise(articles, language))
    total = len(cands)
    cands = _cap(cands, max_candidates)
    if words is not None:
        for c in cands:
            cut = cut_asides(c.text)
            if cut != c.text:
                c.original, c.text = c.text, cut
    title = articles[0].title if len(articles) == 1 else ""
    count = _budget(total, sentences, ratio)
    ratings = rate(cands, algorithm, language, title, count=count, words=words, stock=stock)
    rank = {a.id: i for i, a in reversed(list(enumerate(articles)))}
    shown = ((lambda i: (-ratings[i], i)) if order == "score" else (lambda i: _chronological(cands[i], rank)))
    chosen = select(cands, ratings, count=count, words=words, shown=shown)
    if not chosen:
        log.warning("no sentence fits in %s words", words)
    chosen.sort(key=shown)
    picked = [
        SummarySentence(
            text=cands[i].text, article=cands[i].article.id, position=cands[i].position,
            score=round(ratings[i], 6), source=cands[i].article.source, url=cands[i].article.url,
            original=cands[i].original,
        )
        for i in chosen
    ]
    return Summary(algorithm=algorithm, language=language, source_sentences=total, sentences=picked,
                   articles=list(articles))

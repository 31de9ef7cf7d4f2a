"""Single-article summaries: learned concept weights, each concept covered once, budget filled.

One article has no second outlet to say what matters, so the multi-document weight (how many
articles report a concept) has nothing to count. Here a concept (a stemmed content word, or a
stemmed word bigram not made of two stop words) is worth the probability that a news editor's
abstract contains it, predicted by a logistic model fitted on our development abstracts
(`benchmarks/fit_single_summary.py`, coefficients in `digest/data/single_summary.json`) from
where the concept first appears (the lead prior, learned instead of guessed), how often the
article repeats it, whether the title, a name or a number carries it, whether only quoted speech
does, and whether a sentence with a figure of people killed or hurt or a stance cue ("insisted",
"offered", "criticised") carries it. Cues are cheap regular expressions: the paste path does not
load the extractors (nor numpy or scipy: everything here is plain Python on ~50 sentences).

The summary maximises the covered weight within the word budget (Gillick & Favre's objective:
a concept counts once, so a second sentence reporting the same fact adds little), by a
cost-scaled greedy choice improved by a bounded exact search (a fixed number of search nodes,
never a clock, so the result is a function of the input). A sentence that repeats the facts of
one already chosen (most of its weight covered) is never added just to fill words.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from digest import nlp
from digest.summarizers import reading

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*")
_QUOTATION = re.compile(r"[\"\u201c]([^\"\u201c\u201d]*)[\"\u201d]")


@dataclass(frozen=True)
class Model:
    """The fitted model and the cue words it was fitted with (digest/data/single_summary.json)."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    bigram_share: float
    lead_prior: tuple[float, ...]  # share of a sentence's concepts abstracts contain, by rank (last: the rest)
    prior_weight: float
    # Worth of covering one distinct fact (a figure of people killed, hurt, missing or fled; an
    # actor's stance) under a word budget and under a sentence budget. With a word budget a short
    # sentence with a noisy cue ("drew criticism") competes per word against the lead; with a
    # sentence budget each sentence is one development the reader asked for.
    fact_weights: dict[str, dict[str, float]]
    figure: re.Pattern
    stance: re.Pattern


@cache
def model() -> Model:
    data = json.loads(files("digest").joinpath("data", "single_summary.json").read_text("utf-8"))
    figure = (r"\b(?:\d[\d,.]*|" + "|".join(data["number_words"]) + r")\b(?:\W+\w+){0,6}?\W+(?:"
              + "|".join(data["figure_words"]) + r")\b")
    stance = r"\b(?:" + "|".join(data["stance_words"]) + r")"
    return Model(tuple(data["features"]), tuple(data["coefficients"]), data["bigram_share"],
                 tuple(data["lead_prior"]), data["prior_weight"], data["fact_weights"],
                 re.compile(figure, re.IGNORECASE), re.compile(stance, re.IGNORECASE))


@dataclass
class Concept:
    """What the model sees of one concept in one article."""

    first: int  # rank of the first sentence that has it
    sentences: set[int]
    bigram: bool
    stops: int
    in_title: bool
    capital: bool
    digit: bool
    quoted: int  # sentences where it occurs only inside quotation marks


def _is_quote_fragment(text: str) -> bool:
    """A sentence of a quotation that spans several sentences (its quotation marks do not pair up):
    out of context it reads as nobody's words. Whole quoted sentences stay candidates: unlike a
    multi-document summary, one article's key statement is often what an editor reports."""
    return (text.count('"') + text.count("\u201c") + text.count("\u201d")) % 2 == 1


def _word_starts(text: str) -> list[int]:
    """Start offsets of the text's whitespace-separated words: `bisect_right(starts, i)` is the
    number of words a reader has begun when reaching character i."""
    return [m.start() for m in re.finditer(r"\S+", text)]


def concepts(texts: Sequence[str], title: str = "", language: str = "english"):
    """Concepts of the article: {key: Concept}, and per sentence {key: words of the sentence read
    when the key has been met} (a bigram: both of its words)."""
    stem = nlp.stemmer_for(language)
    stops = nlp.stop_words(language)
    title_stems = {stem(t.lower()) for t in _TOKEN.findall(title)}
    found: dict[tuple[str, ...], Concept] = {}
    per_sentence: list[dict[tuple[str, ...], int]] = []
    for j, text in enumerate(texts):
        starts = _word_starts(text)
        matches = list(_TOKEN.finditer(text))
        tokens = [m.group(0) for m in matches]
        read = [bisect_right(starts, m.start()) for m in matches]
        outside = {t.lower() for t in _TOKEN.findall(_QUOTATION.sub(" ", text))}
        lower = [t.lower() for t in tokens]
        stems = [stem(t) for t in lower]
        is_stop = [t in stops for t in lower]
        keys: dict[tuple[str, ...], int] = {}
        for k in range(len(tokens)):
            grams = [] if is_stop[k] else [((stems[k],), [k])]
            if k + 1 < len(tokens) and not (is_stop[k] and is_stop[k + 1]):
                grams.append(((stems[k], stems[k + 1]), [k, k + 1]))
            for key, at in grams:
                c = found.get(key)
                if c is None:
                    c = found[key] = Concept(j, set(), len(key) == 2, sum(is_stop[i] for i in at),
                                             all(s in title_stems for s in key), False, False, 0)
                if j not in c.sentences and key not in keys:
                    c.sentences.add(j)
                    c.quoted += not any(lower[i] in outside for i in at)
                c.capital |= any(tokens[i][0].isupper() and i > 0 for i in at)
                c.digit |= any(tokens[i][0].isdigit() for i in at)
                keys.setdefault(key, read[at[-1]])
        per_sentence.append(keys)
    return found, per_sentence


def feature_vector(c: Concept, n: int, figure: bool, stance: bool) -> list[float]:
    """The model's features of one concept (order: Model.features)."""
    return [1.0, 1.0 / (1 + c.first), float(c.first == 0), c.first / max(1, n - 1),
            math.log1p(len(c.sentences)), float(c.in_title), float(c.bigram), float(c.stops),
            float(c.capital), float(c.digit), c.quoted / len(c.sentences), float(figure), float(stance)]


def concept_rows(texts: Sequence[str], title: str = "", language: str = "english"):
    """(keys, feature rows, per-sentence keys): the fitting script's and the summarizer's view."""
    m = model()
    found, per_sentence = concepts(texts, title, language)
    figure = [bool(m.figure.search(t)) for t in texts]
    stance = [bool(m.stance.search(t)) for t in texts]
    keys = list(found)
    rows = [feature_vector(found[k], len(texts), any(figure[j] for j in found[k].sentences),
                           any(stance[j] for j in found[k].sentences)) for k in keys]
    return keys, rows, per_sentence


_NUMBER = re.compile(r"\d[\d,.]*")
_ACTOR = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*")


def facts(texts: Sequence[str], language: str = "english") -> list[dict[tuple[str, ...], int]]:
    """Per sentence, the distinct facts it reports, each with the words of the sentence read when
    it has been stated: ("figure", number) for a count of people killed, hurt, missing or fled;
    ("stance", actor, cue) for an actor's position (the first name in the sentence that is not a
    stop word, and the cue's stem). A fact counts once."""
    m = model()
    stem = nlp.stemmer_for(language)
    stops = nlp.stop_words(language)
    result = []
    for text in texts:
        starts = _word_starts(text)
        found: dict[tuple[str, ...], int] = {}
        for match in m.figure.finditer(text):
            number = _NUMBER.search(match.group(0))
            fact = ("figure", number.group(0).rstrip(".,") if number else match.group(0).split()[0].lower())
            found.setdefault(fact, bisect_right(starts, match.end() - 1))
        stance = m.stance.search(text)
        if stance:
            actor = next((a for a in _ACTOR.finditer(text) if a.group(0).lower() not in stops), None)
            fact = ("stance", actor.group(0).lower() if actor else "", stem(stance.group(0).lower().split()[0]))
            found[fact] = bisect_right(starts, max(stance.end(), actor.end() if actor else 0) - 1)
        result.append(found)
    return result


def weights(texts: Sequence[str], title: str = "", language: str = "english", *, budget: str = "words"):
    """{concept: weight} (the predicted probability, bigrams scaled by bigram_share; a fact: its
    fact weight for the `budget` kind, "words" or "sentences"), and per sentence the keys it covers."""
    m = model()
    keys, rows, per_sentence = concept_rows(texts, title, language)
    result: dict[tuple[str, ...], float] = {}
    for key, row in zip(keys, rows, strict=True):
        z = sum(w * x for w, x in zip(m.coefficients, row, strict=True))
        p = 1.0 / (1.0 + math.exp(-z))
        result[key] = p * (m.bigram_share if len(key) == 2 else 1.0 - m.bigram_share)
    worth = m.fact_weights[budget]
    for j, found in enumerate(facts(texts, language)):
        for fact, read in found.items():
            if worth[fact[0]] > 0:
                key = ("#", *fact)  # concept keys are stems: "#" keeps facts apart from them
                result[key] = worth[fact[0]]
                per_sentence[j][key] = read
    return result, per_sentence


class LeadCoverage:
    """Rates one article's sentences by the learned concept weights they cover."""

    def __init__(self, language: str = "english"):
        self.language = language

    def rate_texts(self, texts: Sequence[str], *, title: str = "", words: int | None = None,
                   count: int | None = None) -> list[float]:
        """Ratings as ConceptCoverage gives them: the chosen summary in (1, 2], decreasing in pick
        order (under a word budget the last sentence in article order rated lowest, the one that
        may run past the budget); every other sentence its own weight share (< 1)."""
        if words is None and count is None:
            count = 5
        weight, per_sentence = weights(texts, title, self.language, budget="words" if words is not None else "sentences")
        own = [sum(weight[k] for k in keys) for keys in per_sentence]
        top = max(own, default=0.0) or 1.0
        ratings = [o / top * 0.999 for o in own]
        lengths = [len(t.split()) for t in texts]
        eligible = [not _is_quote_fragment(t) for t in texts]
        if (sum(n for n, e in zip(lengths, eligible, strict=True) if e) < (words or 0)
                or words is None and sum(eligible) < (count or 0)):
            eligible = [True] * len(texts)
        m = model()
        prior = [m.prior_weight * m.lead_prior[min(j, len(m.lead_prior) - 1)] for j in range(len(texts))]
        if words is not None:
            chosen = _pick_order(reading.choose(weight, per_sentence, lengths, eligible, prior, words),
                                 per_sentence, weight)
            if chosen:  # rated last: taken best first, the others are read whole before it
                chosen.append(chosen.pop(chosen.index(max(chosen))))
        else:
            chosen = choose(weight, per_sentence, eligible, count=count or 5,
                            bonus=[p * n for p, n in zip(prior, lengths, strict=True)])
        for rank, j in enumerate(chosen):
            ratings[j] = 1.0 + (len(chosen) - rank) / len(chosen)
        return ratings


def _gain(keys, covered, weight) -> float:
    return sum(weight[k] for k in keys if k not in covered)


def choose(weight, per_sentence, eligible, *, count: int, bonus: Sequence[float]) -> list[int]:
    """`count` sentence indices maximising the covered weight plus each chosen sentence's own
    `bonus` (the learned lead prior), in pick order."""
    pool = [j for j, e in enumerate(eligible) if e]
    own = {j: sum(weight[k] for k in per_sentence[j]) for j in pool}
    chosen = _greedy(weight, per_sentence, pool, own, count, bonus)
    best, best_value = chosen, _value(chosen, per_sentence, weight) + sum(bonus[j] for j in chosen)
    # Bounded exact search, depth first from the best candidates: does another set cover more?
    order = sorted(pool, key=lambda j: (-(own[j] + bonus[j]), j))
    nodes = 0

    def search(start: int, picked: list[int], covered: set, value: float) -> None:
        nonlocal best, best_value, nodes
        if value > best_value + 1e-12:
            best, best_value = list(picked), value
        bound = sum(own[j] + bonus[j] for j in order[start:start + count - len(picked)])
        if len(picked) >= count or value + bound <= best_value + 1e-12:
            return
        for i in range(start, len(order)):
            nodes += 1
            if nodes > reading.SEARCH_NODES:
                return
            j = order[i]
            gain = _gain(per_sentence[j], covered, weight)
            if gain <= 0 or gain < (1 - reading.REPEAT_SHARE) * own[j]:
                continue
            picked.append(j)
            search(i + 1, picked, covered | per_sentence[j].keys(), value + gain + bonus[j])
            picked.pop()

    search(0, [], set(), 0.0)
    return _pick_order(best, per_sentence, weight)


def _pick_order(chosen: list[int], per_sentence, weight) -> list[int]:
    """The chosen sentences, largest marginal weight first (earlier sentence on ties)."""
    left, order, covered = sorted(chosen), [], set()
    while left:
        j = max(left, key=lambda i: (_gain(per_sentence[i], covered, weight), -i))
        order.append(j)
        covered |= per_sentence[j].keys()
        left.remove(j)
    return order


def _value(chosen, per_sentence, weight) -> float:
    covered = set().union(*(per_sentence[j].keys() for j in chosen)) if chosen else set()
    return sum(weight[k] for k in covered)


def _greedy(weight, per_sentence, pool, own, cap, bonus) -> list[int]:
    """Best gain while there is room, skipping sentences that mostly repeat."""
    chosen: list[int] = []
    covered: set = set()
    alive = list(pool)
    while alive and len(chosen) < cap:
        best_j, best_score = None, 0.0
        for j in alive:
            gain = _gain(per_sentence[j], covered, weight)
            if gain <= 0 or gain < (1 - reading.REPEAT_SHARE) * own[j]:
                continue
            if gain + bonus[j] > best_score + 1e-12:
                best_j, best_score = j, gain + bonus[j]
        if best_j is None:
            break
        chosen.append(best_j)
        covered |= per_sentence[best_j].keys()
        alive.remove(best_j)
    return chosen

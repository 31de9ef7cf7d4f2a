"""A learned stance scorer for (sentence, actor) pairs, added to the rules where they are silent.

Rules written from seen sentences miss unseen wordings; a linear model over sparse features (the words
around and after the actor, the cue stances the rules' lexicon finds, whether the actor opens the
sentence, sits in a quote or follows a preposition, negation) generalises a little further. It is
trained offline on the hand-labelled real sets (`benchmarks/train_stance.py`) and shipped as weights
in `digest/data/stance_model.json`; inference is a dot product per stance, in pure Python.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import Stemmer

from digest.extract.positions.cues import kept_cues
from digest.extract.positions.sentence import Ref, quote_spans, sentence_mentions
from digest.extract.prescan import POSITIONS, may_match
from digest.model import Article, Position

_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*|\d+")
_PREPOSITIONS = frozenset("in at for from near against with over to on into toward towards by between among of about".split())
_NEGATION = frozenset("not never no n't nor neither".split())
_SAID = frozenset("said says told added stressed noted declared wrote tweeted stated".split())
_AFTER, _BEFORE, _CUE_REACH = 8, 4, 80


@dataclass(frozen=True)
class StanceModel:
    """Per-feature weight vectors (one weight per class: the stances and "none"), the biases and the decision settings."""

    stances: tuple[str, ...]
    weights: dict[str, list[float]]
    bias: list[float]
    threshold: float  # the model adds its best stance at or above this probability
    veto: float = 0.0  # and removes a rule's record whose stance it scores below this

    def scores(self, features: list[str]) -> dict[str, float]:
        """Probability of each class (the stances and "none"; multinomial logistic) for one candidate's features."""
        totals = list(self.bias)
        get = self.weights.get
        for row in filter(None, map(get, features)):
            totals = [t + w for t, w in zip(totals, row, strict=True)]
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        norm = sum(exps)
        return {s: e / norm for s, e in zip(self.stances, exps, strict=True)}


def model_from_dict(data: dict) -> StanceModel:
    """The model of a weights file's JSON (see `benchmarks/train_stance.py`)."""
    stances = tuple(data["stances"])
    weights = data["weights"]
    if any(len(row) != len(stances) for row in weights.values()) or len(data["bias"]) != len(stances):
        raise ValueError("stance model: every weight row needs one value per class")
    return StanceModel(stances, weights, list(data["bias"]), float(data["threshold"]), float(data.get("veto", 0.0)))


@lru_cache(maxsize=1)
def shipped_model() -> StanceModel | None:
    """The model in digest/data, or None when none is shipped."""
    path = resources.files("digest.data") / "stance_model.json"
    if not path.is_file():
        return None
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))


_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().replace("\u2019", "'"))


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _stem(m.group(0))) for m in _WORD.finditer(text)]


def candidate_features(sentence: str, ref: Ref | None, refs: list[Ref], cues: list[tuple[str, int, int, str]]) -> list[str]:
    """Sparse features of one (sentence, actor) pair; `ref` is the actor's first reference in the sentence (a name, a
    title, a pronoun), None for an actor the rules carried over from an earlier quote."""
    tokens = _tokens(sentence)
    quotes = quote_spans(sentence)
    feats = ["w:" + t for _, _, t in tokens]
    feats += ["cue:" + c[0] for c in cues]
    feats.append(f"nact:{min(len({a for r in refs for a in r.actors}), 4)}")
    if quotes:
        feats.append("quotes")
    if any(t in _SAID for _, _, t in tokens):
        feats.append("said")
    if ref is None:
        feats.append("carried")
        return feats
    start, end = ref.start, ref.end
    after = [t for s, _, t in tokens if s >= end][:_AFTER]
    before = [t for _, e, t in tokens if e <= start][-_BEFORE:]
    feats.append("kind:" + ref.kind)
    feats += [f"a{i}:{t}" for i, t in enumerate(after[:3])]
    feats += ["aw:" + t for t in after]
    feats += ["bw:" + t for t in before]
    if before:
        feats.append("b1:" + before[-1])
        if before[-1] in _PREPOSITIONS:
            feats.append("prep")
    else:
        feats.append("opens")
    if refs and refs[0].start == start:
        feats.append("first")
    if re.match(r"(?:'s|\u2019s)\b", sentence[end:end + 3]):
        feats.append("poss")
    if any(s <= start < e for s, e in quotes):
        feats.append("inquote")
    if any(t in _NEGATION or t.endswith("n't") for t in after):
        feats.append("neg")
    if any(r.start > end and set(r.actors) - set(ref.actors) for r in refs):
        feats.append("other_after")
    for stance, cue_start, _cue_end, _text in cues:
        if end <= cue_start <= end + _CUE_REACH:
            feats.append("cueA:" + stance)
            if not re.search(r"[,;]", sentence[end:cue_start]):
                feats.append("cueA0:" + stance)
        elif cue_start < start:
            feats.append("cueB:" + stance)
    return feats


Candidate = tuple[str, "Ref | None", list[str]]


def sentence_candidates(sentence: str, refs: list[Ref], rule_records: list[Position]) -> list[Candidate]:
    """(actor, its first reference, features) for every actor the sentence refers to or the rules give a stance there;
    `sentence` is the text the references point into."""
    rule_actors = {p.actor for p in rule_records}
    if not refs and not rule_actors:
        return []
    cues = kept_cues(sentence, sentence_mentions(sentence)) if may_match(sentence, POSITIONS) else []
    first: dict[str, Ref | None] = {}
    for r in refs:
        for actor in r.actors:
            first.setdefault(actor, r)
    for actor in rule_actors:
        first.setdefault(actor, None)
    return [(actor, r, candidate_features(sentence, r, refs, cues)) for actor, r in first.items()]


def may_add(features: list[str], rule_records: list[Position], actor: str, stance: str, unheld: set[str]) -> bool:
    """Whether the model may add `stance` for `actor` in a sentence: not when the rules gave the actor a stance there
    (they read its clause), nor when the sentence holds a cue of that stance the rules' guards dropped ("the UN warned
    that famine would spread": a warning, not a threat); yes when such a cue found no holder (`unheld`) or gave the
    stance to another actor (a second holder the rules missed)."""
    return not any(p.actor == actor for p in rule_records) and (
        "cue:" + stance not in features or stance in unheld or any(p.stance == stance for p in rule_records))


def _target(actor: str, ref: Ref | None, refs: list[Ref]) -> str:
    """The other actor referred to after the actor (else before it): the model predicts no target of its own."""
    others = [(r, a) for r in refs for a in r.actors if a != actor and r.kind != "pronoun"]
    later = [(r, a) for r, a in others if ref is None or r.start > ref.start]
    chosen = (later or others)[:1]
    return chosen[0][1] if chosen else ""


def with_learned(article: Article, sentences: list[str], read_as: dict[str, tuple[str, list[Ref], set[str]]],
                 rule_positions: list[Position], model: StanceModel | None = None) -> list[Position]:
    """The rules' positions minus those whose stance the model scores below its veto, plus, per (sentence, actor), the
    model's best stance when it reaches the threshold and the rules did not give it; in reading order."""
    model = model or shipped_model()
    if model is None:
        return rule_positions
    by_sentence: dict[str, list[Position]] = {}
    for p in rule_positions:
        by_sentence.setdefault(p.sentence, []).append(p)
    out: list[Position] = []
    for sentence in dict.fromkeys(sentences):
        records = by_sentence.pop(sentence, [])
        text, refs, unheld = read_as.get(sentence, (sentence, [], set()))
        scored = {actor: (ref, feats, model.scores(feats)) for actor, ref, feats in sentence_candidates(text, refs, records)}
        out.extend(p for p in records if scored[p.actor][2].get(p.stance, 0.0) >= model.veto)
        for actor, (ref, feats, scores) in scored.items():
            stance, best = max(((s, v) for s, v in scores.items() if s != "none"), key=lambda item: item[1])
            if best >= model.threshold and may_add(feats, records, actor, stance, unheld):
                out.append(Position(actor=actor, stance=stance, target=_target(actor, ref, refs), sentence=sentence,
                                    article=article.id, source=article.source))
    return out + [p for records in by_sentence.values() for p in records]

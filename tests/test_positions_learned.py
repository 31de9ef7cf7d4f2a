"""The learned stance scorer: its features, how its additions combine with the rules, and its weights format."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from digest.extract.positions.extract import rule_reading
from digest.extract.positions.learned import (
    candidate_features,
    model_from_dict,
    sentence_candidates,
    with_learned,
)
from digest.extract.positions.sentence import Ref
from digest.model import Article

CLASSES = ["support", "criticize", "demand", "reject", "threaten", "agree", "offer", "meet", "deny", "none"]


def _article(text: str) -> Article:
    return Article(id="a1", title="Test", text=text, source="Wire")


def _model(weights: dict[str, dict[str, float]], threshold: float = 0.5, veto: float = 0.0):
    """A hand-made model: every class starts at 0 except "none", which wins unless a listed feature pushes a stance."""
    rows = {f: [w.get(c, 0.0) for c in CLASSES] for f, w in weights.items()}
    bias = [0.0] * (len(CLASSES) - 1) + [3.0]
    return model_from_dict({"stances": CLASSES, "weights": rows, "bias": bias, "threshold": threshold, "veto": veto})


def _features(sentence: str, actor: str) -> list[str]:
    _, _, read_as, _ = rule_reading(_article(sentence))
    text, refs, _ = read_as[sentence]
    return next(f for a, _, f in sentence_candidates(text, refs, []) if a == actor)


def test_features_say_where_the_actor_stands() -> None:
    subject = _features("France sharply condemned the shelling of Kharkiv by Russia.", "France")
    assert {"opens", "first", "cueA:criticize", "a0:sharpli", "other_after"} <= set(subject)
    agent = _features("France sharply condemned the shelling of Kharkiv by Russia.", "Russia")
    assert "prep" in agent and "b1:by" in agent and "cueB:criticize" in agent and "first" not in agent


def test_features_mark_negation_and_quotes_after_the_actor() -> None:
    feats = _features('"We will not accept this," Japan\'s foreign minister said of the plan.', "Japan")
    assert {"quotes", "said", "kind:pronoun", "inquote", "neg", "a0:will"} <= set(feats)  # "We" is Japan's first reference
    assert "poss" in _features("Japan's foreign minister rejected the plan.", "Japan")
    assert "neg" in _features("Chile did not sign the accord with Peru.", "Chile")


def test_an_actor_carried_from_an_earlier_quote_has_only_sentence_features() -> None:
    feats = candidate_features("It must end now.", None, [], [])
    assert "carried" in feats and not any(f.startswith(("a0:", "bw:", "kind:")) for f in feats)


def test_the_model_adds_a_stance_the_rules_have_no_cue_for() -> None:
    sentence = "Norway gave the envoy of Sudan a frosty reception."
    article = _article(sentence)
    rules, sentences, read_as, _ = rule_reading(article)
    assert rules == []
    model = _model({"w:frosti": {"criticize": 6.0}})
    added = with_learned(article, sentences, read_as, rules, model)
    assert [(p.actor, p.stance, p.target) for p in added] == [("Norway", "criticize", "Sudan"), ("Sudan", "criticize", "Norway")]
    assert with_learned(article, sentences, read_as, rules, _model({"w:frosti": {"criticize": 6.0}}, threshold=0.999)) == []


def test_the_model_leaves_an_actor_the_rules_read_and_a_stance_their_guards_dropped() -> None:
    sentence = "The State Department advises Americans not to travel to Niger."  # travel advice, not a visit
    article = _article(sentence)
    rules, sentences, read_as, _ = rule_reading(article)
    assert rules == [] and "meet" not in read_as[sentence][2]
    visit = _model({"w:travel": {"meet": 8.0}})
    assert with_learned(article, sentences, read_as, rules, visit) == []

    sentence = "Egypt condemned the raid and praised Jordan."
    article = _article(sentence)
    rules, sentences, read_as, _ = rule_reading(article)
    assert ("Egypt", "criticize") in {(p.actor, p.stance) for p in rules}
    more = with_learned(article, sentences, read_as, rules, _model({"w:raid": {"threaten": 8.0}}))
    assert not any(p.actor == "Egypt" and p.stance == "threaten" for p in more)


def test_the_veto_removes_a_rule_record_the_model_scores_low() -> None:
    sentence = "Egypt condemned the raid."
    article = _article(sentence)
    rules, sentences, read_as, _ = rule_reading(article)
    assert rules
    assert with_learned(article, sentences, read_as, rules, _model({}, veto=0.5)) == []
    assert with_learned(article, sentences, read_as, rules, _model({}, veto=0.0)) == rules


def test_a_weights_file_needs_one_weight_per_class() -> None:
    with pytest.raises(ValueError):
        model_from_dict({"stances": CLASSES, "weights": {"w:x": [1.0, 2.0]}, "bias": [0.0] * 10, "threshold": 0.5})


def test_the_training_script_writes_weights_the_extractor_loads(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import train_stance

    def cand(feats: list[str], gold: list[str]) -> dict:
        return {"doc": "d", "actor": "A", "feats": feats, "gold": gold, "rules": [], "open": []}

    data = {"candidates": [cand(["w:condemn", "opens"], ["criticize"]), cand(["w:meet", "opens"], ["meet"]),
                           cand(["w:weather"], [])] * 5}
    vec, model = train_stance.train([data], c=10.0, min_count=1)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(train_stance.to_json(vec, model, 0.5, 0.0)), encoding="utf-8")
    loaded = model_from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert set(loaded.stances) == {"criticize", "meet", "none"}
    scores = loaded.scores(["w:condemn", "opens"])
    assert max(scores, key=scores.get) == "criticize" and abs(sum(scores.values()) - 1.0) < 1e-9
    assert max(loaded.scores(["w:weather"]).items(), key=lambda kv: kv[1])[0] == "none"


def test_ref_is_the_candidate_span() -> None:
    ref = Ref(0, 6, ("France",), "country")
    feats = candidate_features("France rejected the plan.", ref, [ref], [("reject", 7, 15, "rejected")])
    assert "cueA0:reject" in feats and "kind:country" in feats

"""Train the learned stance scorer on the hand-labelled position sets and check it by leave-one-set-out.

    python benchmarks/train_stance.py --cv            # per held-out set: rules alone vs rules + model
    python benchmarks/train_stance.py --write         # train on every set, write digest/data/stance_model.json

Candidates are (sentence, actor) pairs: every actor named in a sentence, and every actor the rules
give a stance there. A candidate's label is the stance a gold record gives that actor in that
sentence (one example per gold stance), else "none". The model is a multinomial logistic regression
(scikit-learn) over the sparse features of `digest.extract.positions.learned`; only its weights ship.
The threshold above which the model adds a position the rules did not give is chosen by an inner
leave-one-set-out over the training sets only, so the held-out set's score is a first-contact figure
for the model (not for the rules, which were written on all these sets).
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract_eval import load_docs, load_gold, prf  # noqa: E402

from digest.extract.positions import STANCES  # noqa: E402
from digest.extract.positions.extract import _domestic, rule_reading  # noqa: E402
from digest.extract.positions.learned import may_add, sentence_candidates  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "positions"
SETS = ("real", "real-heldout", "real-heldout2", "real-heldout3", "real-dev2", "amalgum-dev", "amalgum-heldout")
OWN = "own"  # the top-level gold.jsonl: sentences we wrote ourselves, used for training only
CLASSES = (*STANCES, "none")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1.01)  # 1.01: the model adds nothing
VETOES = (0.0,)  # 0.0: the model removes nothing
OUT = ROOT / "digest" / "data" / "stance_model.json"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def set_paths(name: str) -> tuple[Path, Path]:
    return (DATA / "gold.jsonl", DATA / "docs") if name == OWN else (DATA / name / "gold.jsonl", DATA / name / "docs")


def build_set(name: str) -> dict:
    """Candidates (doc, actor, features, gold stances), the rules' records and the gold (doc, actor, stance) of one set."""
    gold_path, docs_dir = set_paths(name)
    _, gold = load_gold(gold_path)
    docs = load_docs(docs_dir)
    labels: dict[tuple[str, str, str], list[str]] = {}
    for r in gold:
        labels.setdefault((r["doc"], _norm(r.get("sentence", "")), r["actor"]), []).append(r["stance"])
    candidates, rules = [], []
    matched = 0
    for doc, article in docs.items():
        found, sentences, read_as, memory = rule_reading(article)
        records = [p for p in found if not _domestic(p, memory)]
        rules.extend((doc, p.actor, p.stance) for p in records)
        for sentence in dict.fromkeys(sentences):
            here = [p for p in records if p.sentence == sentence]
            text, refs, unheld = read_as.get(sentence, (sentence, [], set()))
            for actor, _ref, feats in sentence_candidates(text, refs, here):
                stances = labels.get((doc, _norm(sentence), actor), [])
                matched += len(stances)
                candidates.append({"doc": doc, "actor": actor, "feats": feats, "gold": stances,
                                   "rules": [p.stance for p in here if p.actor == actor],
                                   "open": [s for s in STANCES if may_add(feats, here, actor, s, unheld)]})
    print(f"{name}: {len(docs)} docs, {len(candidates)} candidates, {matched}/{len(gold)} gold stances on a candidate",
          file=sys.stderr)
    return {"candidates": candidates, "rules": rules, "gold": [(r["doc"], r["actor"], r["stance"]) for r in gold]}


def load_sets(names: tuple[str, ...], cache: Path | None) -> dict[str, dict]:
    if cache and cache.is_file():
        return pickle.loads(cache.read_bytes())
    data = {name: build_set(name) for name in names}
    if cache:
        cache.write_bytes(pickle.dumps(data))
    return data


def train(sets: list[dict], c: float, min_count: int = 2):
    """A multinomial logistic regression on the candidates of `sets` (one example per gold stance), over the features
    seen in at least `min_count` candidates (rarer ones only fit the training sentences, and weigh on start-up)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for data in sets for cand in data["candidates"] for f in set(cand["feats"]))
    rows, ys = [], []
    for data in sets:
        for cand in data["candidates"]:
            feats = {f: 1.0 for f in cand["feats"] if counts[f] >= min_count}
            for label in cand["gold"] or ["none"]:
                rows.append(feats)
                ys.append(CLASSES.index(label))
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, ys)
    return vec, model


def to_json(vec, model, threshold: float, veto: float) -> dict:
    """The weights file: classes, per-feature rows (one weight per class), biases, threshold and veto."""
    classes = [CLASSES[i] for i in model.classes_]
    coef = model.coef_
    weights = {}
    for j, name in enumerate(vec.feature_names_):
        row = [round(float(coef[k, j]), 3) for k in range(len(classes))]
        if any(abs(w) >= 1e-3 for w in row):
            weights[name] = row
    return {"stances": classes, "bias": [round(float(b), 3) for b in model.intercept_], "threshold": threshold,
            "veto": veto, "weights": weights}


def probabilities(vec, model, data: dict) -> list[dict[str, float]]:
    rows = [dict.fromkeys(cand["feats"], 1.0) for cand in data["candidates"]]
    if not rows:
        return []
    proba = model.predict_proba(vec.transform(rows))
    classes = [CLASSES[i] for i in model.classes_]
    return [dict(zip(classes, row, strict=True)) for row in proba]


def combined(data: dict, probs: list[dict[str, float]], threshold: float, veto: float = 0.0) -> list[tuple[str, str, str]]:
    """The rules' records the model does not veto (their stance below `veto`), plus, per candidate, the model's best
    stance when at or above `threshold` and open to it (see `may_add`)."""
    predicted = []
    for cand, p in zip(data["candidates"], probs, strict=True):
        predicted.extend((cand["doc"], cand["actor"], s) for s in cand["rules"] if p.get(s, 0.0) >= veto)
        stance, best = max(((s, v) for s, v in p.items() if s != "none"), key=lambda item: item[1])
        if best >= threshold and stance in cand["open"]:
            predicted.append((cand["doc"], cand["actor"], stance))
    return predicted


def score(predicted: list[tuple[str, str, str]], gold: list[tuple[str, str, str]]) -> dict:
    tp = sum((Counter(predicted) & Counter(gold)).values())
    return prf(tp, len(predicted), len(gold))


def pick_setting(train_sets: dict[str, dict], c: float, min_precision: float) -> tuple[float, float]:
    """The (threshold, veto) with the best mean F1 gain over the rules across an inner leave-one-set-out, among those
    keeping each inner fold's precision at or above `min_precision` (or no worse than the rules' own)."""
    settings = [(t, v) for t in THRESHOLDS for v in VETOES]
    gains: dict[tuple[float, float], list[float]] = {s: [] for s in settings}
    for name, data in train_sets.items():
        if name == OWN:
            continue
        vec, model = train([d for n, d in train_sets.items() if n != name], c)
        probs = probabilities(vec, model, data)
        base = score(data["rules"], data["gold"])
        for t, v in settings:
            s = score(combined(data, probs, t, v), data["gold"])
            ok = s["precision"] >= min(min_precision, base["precision"])
            gains[t, v].append(s["f1"] - base["f1"] if ok else -1.0)
    return max(settings, key=lambda s: (round(sum(gains[s]) / max(1, len(gains[s])), 4), s[0], -s[1]))


def cross_validate(data: dict[str, dict], c: float, min_precision: float, folds: tuple[str, ...]) -> None:
    """Leave-one-set-out: the rules alone against the rules and the model, the setting chosen on the other sets."""
    print("set                rules P    R     F1   | combined P    R     F1   | dF1    threshold veto")
    deltas, precisions = [], []
    for name in folds:
        train_sets = {n: d for n, d in data.items() if n != name}
        threshold, veto = pick_setting(train_sets, c, min_precision)
        vec, model = train(list(train_sets.values()), c)
        probs = probabilities(vec, model, data[name])
        base = score(data[name]["rules"], data[name]["gold"])
        comb = score(combined(data[name], probs, threshold, veto), data[name]["gold"])
        deltas.append(comb["f1"] - base["f1"])
        precisions.append(comb["precision"])
        print(f"{name:18} {base['precision']:.3f} {base['recall']:.3f} {base['f1']:.3f} | "
              f"{comb['precision']:.3f} {comb['recall']:.3f} {comb['f1']:.3f} | {comb['f1'] - base['f1']:+.3f} {threshold} {veto}", flush=True)
    print(f"mean dF1 {sum(deltas) / len(deltas):+.3f}, worst {min(deltas):+.3f}, mean combined P {sum(precisions) / len(precisions):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="leave-one-set-out: rules vs rules + model per set")
    parser.add_argument("--write", action="store_true", help=f"train on every set and write {OUT.relative_to(ROOT)}")
    parser.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the regression")
    parser.add_argument("--min-precision", type=float, default=0.7)
    parser.add_argument("--no-own", action="store_true", help="leave out the sentences we wrote ourselves")
    parser.add_argument("--folds", default=",".join(SETS), help="comma-separated sets to hold out in --cv")
    parser.add_argument("--cache", type=Path, help="pickle of the candidates (rebuilt when absent)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    names = SETS if args.no_own else (*SETS, OWN)
    data = {n: d for n, d in load_sets((*SETS, OWN), args.cache).items() if n in names}
    if args.cv:
        cross_validate(data, args.c, args.min_precision, tuple(args.folds.split(",")))
    if args.write:
        threshold, veto = pick_setting(data, args.c, args.min_precision)
        vec, model = train(list(data.values()), args.c)
        out = to_json(vec, model, threshold, veto)
        args.out.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({len(out['weights'])} features, threshold {threshold}, veto {veto})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

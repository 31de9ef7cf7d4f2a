"""Score casualty and position extraction against hand-labelled gold records.

    python benchmarks/extract_eval.py GOLD.jsonl --docs DIR [--errors]

Each gold line is a casualty record {"doc", "kind", "count", "qualifier"} or a position record
{"doc", "actor", "stance", "target"}; `doc` is a file name (without extension) in DIR. Labels are
exhaustive per article, so every document in DIR is scored, including those without records.
Casualties: precision/recall/F1 on (doc, kind, count) as a multiset (one record per mention) and
qualifier accuracy on the matched records. Positions: P/R/F1 on (doc, actor, stance) and on
(doc, actor, stance, target) with a lenient target match (case-insensitive, one contains the other).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from digest.ingest import read_sources
from digest.model import Article


def load_gold(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    casualties, positions = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "doc" not in record:
            raise ValueError(f"{path}:{number}: a record needs a \"doc\"")
        if "kind" in record:
            if not isinstance(record.get("count"), int) or isinstance(record["count"], bool):
                raise ValueError(f"{path}:{number}: \"count\" must be an integer")
            casualties.append(record)
        elif "stance" in record:
            if "actor" not in record:
                raise ValueError(f"{path}:{number}: a position record needs an \"actor\"")
            positions.append(record)
        else:
            raise ValueError(f"{path}:{number}: neither a casualty nor a position record")
    return casualties, positions


def load_docs(directory: Path) -> dict[str, Article]:
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    result = read_sources([str(p) for p in files], on_warning=lambda m: print(f"warning: {m}", file=sys.stderr))
    return {Path(a.path).stem: a for a in result.articles}


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def score_casualties(gold: list[dict[str, Any]], docs: dict[str, Article]) -> tuple[dict[str, Any], list[str]]:
    predicted: dict[tuple, list[str]] = {}
    expected: dict[tuple, list[str]] = {}
    sentences: dict[tuple, list[str]] = {}
    from digest.extract.casualties import extract_casualties

    for doc, article in docs.items():
        for figure in extract_casualties(article):
            key = (doc, figure.kind, figure.count)
            predicted.setdefault(key, []).append(figure.qualifier)
            sentences.setdefault(key, []).append(figure.sentence)
    for record in gold:
        expected.setdefault((record["doc"], record["kind"], int(record["count"])), []).append(
            record.get("qualifier", "exact"))
    tp = matched_qualifiers = 0
    errors: list[str] = []
    for key in sorted(set(predicted) | set(expected), key=str):
        pred, exp = predicted.get(key, []), expected.get(key, [])
        hits = min(len(pred), len(exp))
        tp += hits
        agree = sum((Counter(pred) & Counter(exp)).values())
        matched_qualifiers += min(hits, agree)
        doc, kind, count = key
        for _ in range(len(pred) - hits):
            errors.append(f"FP {doc}: {kind} {count} ({pred[-1]}) <- {sentences[key][-1]}")
        for _ in range(len(exp) - hits):
            errors.append(f"FN {doc}: {kind} {count} ({exp[-1]})")
        if hits and agree < hits:
            errors.append(f"QUALIFIER {doc}: {kind} {count}: predicted {pred} gold {exp}")
    scores = prf(tp, sum(map(len, predicted.values())), sum(map(len, expected.values())))
    scores["qualifier_accuracy"] = round(matched_qualifiers / tp, 3) if tp else 0.0
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({k[1] for k in set(predicted) | set(expected)}):
        keys = [k for k in set(predicted) | set(expected) if k[1] == kind]
        hits = sum(min(len(predicted.get(k, [])), len(expected.get(k, []))) for k in keys)
        by_kind[kind] = prf(hits, sum(len(predicted.get(k, [])) for k in keys), sum(len(expected.get(k, [])) for k in keys))
    scores["by_kind"] = by_kind
    return scores, errors


def _lenient(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return bool(a and b and (a in b or b in a)) or a == b


def score_positions(gold: list[dict[str, Any]], docs: dict[str, Article]) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        from digest.extract.positions import extract_positions
    except ImportError as exc:
        return None, [f"positions not scored: digest.extract.positions is not importable ({exc})"]
    predicted: list[tuple[str, str, str, str]] = []
    for doc, article in docs.items():
        predicted.extend((doc, p.actor, p.stance, p.target) for p in extract_positions(article))
    expected = [(r["doc"], r["actor"], r["stance"], r.get("target", "")) for r in gold]
    pairs_pred = Counter(p[:3] for p in predicted)
    pairs_gold = Counter(g[:3] for g in expected)
    tp = sum((pairs_pred & pairs_gold).values())
    errors = [f"FP {k[0]}: {k[1]} {k[2]}" for k in (pairs_pred - pairs_gold).elements()]
    errors += [f"FN {k[0]}: {k[1]} {k[2]}" for k in (pairs_gold - pairs_pred).elements()]
    # Targets: greedy one-to-one lenient matching within each (doc, actor, stance).
    unmatched = list(predicted)
    tp_target = 0
    for g in expected:
        for i, p in enumerate(unmatched):
            if p[:3] == g[:3] and _lenient(p[3], g[3]):
                tp_target += 1
                del unmatched[i]
                break
    scores = {"stance": prf(tp, len(predicted), len(expected)),
              "stance_target": prf(tp_target, len(predicted), len(expected))}
    return scores, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--docs", type=Path, required=True, help="folder of the labelled articles")
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives")
    args = parser.parse_args(argv)
    if not args.gold.is_file() or not args.docs.is_dir():
        print("error: GOLD must be a file and --docs a folder", file=sys.stderr)
        return 2
    try:
        gold_casualties, gold_positions = load_gold(args.gold)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    docs = load_docs(args.docs)
    missing = sorted({r["doc"] for r in gold_casualties + gold_positions} - set(docs))
    if missing:
        print(f"warning: gold documents not in {args.docs}: {', '.join(missing)}", file=sys.stderr)
    result: dict[str, Any] = {"documents": len(docs)}
    errors: list[str] = []
    rows: list[tuple[str, dict[str, Any]]] = []
    if gold_casualties:
        result["casualties"], casualty_errors = score_casualties(gold_casualties, docs)
        rows.append(("casualties (kind+count)", result["casualties"]))
        errors += casualty_errors
    if gold_positions:
        positions, position_errors = score_positions(gold_positions, docs)
        if positions is None:
            print(position_errors[0], file=sys.stderr)
        else:
            result["positions"] = positions
            rows += [("positions (actor+stance)", positions["stance"]),
                     ("positions (+target)", positions["stance_target"])]
            errors += position_errors
    print(f"{'task':<26} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    for name, s in rows:
        print(f"{name:<26} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} "
              f"{s['tp']:>5} {s['predicted']:>5} {s['gold']:>5}")
    if "casualties" in result:
        print(f"qualifier accuracy on matched casualty records: {result['casualties']['qualifier_accuracy']:.3f}")
        for kind, s in result["casualties"]["by_kind"].items():
            print(f"  {kind:<24} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} "
                  f"{s['tp']:>5} {s['predicted']:>5} {s['gold']:>5}")
    if args.errors:
        for line in errors:
            print(line)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

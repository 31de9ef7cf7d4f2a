"""Check the real-news position gold (real/, real-heldout/ and real-dev2/) before it is used for scoring.

    python benchmarks/data/positions/real/validate.py

Every gold line must name a document that exists, use a guideline stance, carry the fields of the
README and quote its sentence verbatim from the document; every document must start with a title line
and a blank line. Optionally (when the shared corpus is present) the body must equal the Wikinews text.
Exits 1 and lists the problems when anything is wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STANCES = {"support", "criticize", "demand", "reject", "threaten", "agree", "offer", "meet", "deny"}
FIELDS = {"doc": str, "actor": str, "stance": str, "target": str, "sentence": str,
          "conditional": bool, "negated": bool, "speaker": str}
HERE = Path(__file__).resolve().parent
SPLITS = [HERE, HERE.parent / "real-heldout", HERE.parent / "real-dev2"]
CORPUS = Path("/work/shared/realnews/wikinews.jsonl")


def check_split(folder: Path, corpus: dict[str, dict]) -> list[str]:
    problems: list[str] = []
    docs = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "docs").glob("*.txt"))}
    for name, text in docs.items():
        lines = text.split("\n")
        if len(lines) < 3 or not lines[0].strip() or lines[1] != "":
            problems.append(f"{folder.name}/docs/{name}.txt: first line must be the title, then a blank line")
        source_id = max((i for i in corpus if name.startswith(i + "-")), key=len, default="")
        if source_id:
            record = corpus[source_id]
            if lines[0] != record["title"] or "\n".join(lines[2:]).rstrip("\n") != record["text"]:
                problems.append(f"{folder.name}/docs/{name}.txt: differs from {source_id} in the corpus")
    seen: set[tuple] = set()
    for number, line in enumerate((folder / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        where = f"{folder.name}/gold.jsonl:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        if set(record) != set(FIELDS):
            problems.append(f"{where}: fields {sorted(record)} are not {sorted(FIELDS)}")
            continue
        wrong = [k for k, kind in FIELDS.items() if not isinstance(record[k], kind)]
        if wrong:
            problems.append(f"{where}: wrong type for {wrong}")
            continue
        if record["stance"] not in STANCES:
            problems.append(f"{where}: stance {record['stance']!r} is not in the guidelines")
        if not record["actor"].strip() or not record["target"].strip():
            problems.append(f"{where}: empty actor or target")
        doc = docs.get(record["doc"])
        if doc is None:
            problems.append(f"{where}: no document {record['doc']}.txt")
        elif record["sentence"] not in doc.split("\n", 2)[-1]:
            problems.append(f"{where}: sentence not found verbatim in {record['doc']}.txt")
        key = tuple(record[k] for k in ("doc", "actor", "stance", "target", "sentence"))
        if key in seen:
            problems.append(f"{where}: duplicate record")
        seen.add(key)
    return problems


def main() -> int:
    corpus: dict[str, dict] = {}
    if CORPUS.is_file():
        for line in CORPUS.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            corpus[record["id"]] = record
    problems = [p for folder in SPLITS for p in check_split(folder, corpus)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"ok ({'checked against the corpus' if corpus else 'corpus not present, bodies not compared'})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

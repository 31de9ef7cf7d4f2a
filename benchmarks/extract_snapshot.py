"""Extraction output as one file, to prove a speed-up changed no record.

    git worktree add --detach /tmp/before main
    PYTHONPATH=/tmp/before python benchmarks/extract_snapshot.py --write before.jsonl   # the old code
    PYTHONPATH=$PWD python benchmarks/extract_snapshot.py --check before.jsonl         # the new code

One JSON line per article: its casualty and position records (`extract_casualties`,
`extract_positions`, as `to_dict()`), in a fixed order. The default inputs are every benchmark
document (benchmarks/data/casualties/**/docs, benchmarks/data/positions/**/docs) and the real
articles of /work/shared/realnews (`--realnews DIR` to point elsewhere, `--realnews ""` to skip).
`--check` prints only the ids of the articles whose records differ (not their text: some real
articles are held out), and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # last: PYTHONPATH=OTHER_TREE snapshots that tree's code on these inputs

from digest.extract.casualties import extract_casualties  # noqa: E402
from digest.extract.positions import extract_positions  # noqa: E402
from digest.ingest import read_sources  # noqa: E402

REALNEWS = "/work/shared/realnews"


def inputs(realnews: str) -> list[tuple[str, list[str]]]:
    """(label, files) per input set, in a fixed order."""
    sets = []
    for kind in ("casualties", "positions"):
        for docs in sorted((ROOT / "benchmarks" / "data" / kind).glob("**/docs")):
            files = sorted(str(p) for p in docs.iterdir() if p.is_file() and not p.name.startswith("."))
            sets.append((str(docs.relative_to(ROOT)), files))
    if realnews:
        sets.append(("realnews", sorted(str(p) for p in Path(realnews).glob("*.jsonl"))))
    return sets


def snapshot(realnews: str) -> list[str]:
    """One JSON line per article of every input set."""
    lines = []
    for label, files in inputs(realnews):
        result = read_sources(files, on_warning=lambda _line: None)
        for article in sorted((c for a in result.articles for c in (a, *a.copies)), key=lambda a: (a.path or "", a.id)):
            casualties = [f.to_dict() for f in extract_casualties(article)] if article.language == "english" else []
            positions = [p.to_dict() for p in extract_positions(article)] if article.language == "english" else []
            lines.append(json.dumps({"set": label, "article": article.id, "casualties": casualties,
                                     "positions": positions}, ensure_ascii=False, sort_keys=True))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check a snapshot of the extraction records.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", metavar="FILE", help="write the snapshot to FILE")
    what.add_argument("--check", metavar="FILE", help="compare with the snapshot in FILE")
    parser.add_argument("--realnews", default=REALNEWS, help="folder of real-news JSON Lines ('' to skip)")
    args = parser.parse_args(argv)
    started = time.process_time()
    lines = snapshot(args.realnews)
    cpu = time.process_time() - started
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    records = sum(len(json.loads(line)["casualties"]) + len(json.loads(line)["positions"]) for line in lines)
    print(f"{len(lines)} articles, {records} records, sha256 {digest}, {cpu:.1f} CPU s", file=sys.stderr)
    if args.write:
        Path(args.write).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 0
    old = Path(args.check).read_text(encoding="utf-8").splitlines()
    if old == lines:
        print("identical: every article's records are byte-identical", file=sys.stderr)
        return 0
    old_by = {(json.loads(x)["set"], json.loads(x)["article"]): x for x in old}
    new_by = {(json.loads(x)["set"], json.loads(x)["article"]): x for x in lines}
    differ = sorted(k for k in old_by.keys() | new_by.keys() if old_by.get(k) != new_by.get(k))
    for label, article in differ:
        print(f"differs: {label} {article}")
    print(f"{len(differ)} of {len(new_by)} articles differ", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

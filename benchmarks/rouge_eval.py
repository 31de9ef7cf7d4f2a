"""ROUGE-1/ROUGE-2 recall of every summarizer on a summarization dataset, in one run.

    python benchmarks/rouge_eval.py DATASET [--algorithms default,sumy:lexrank,...] [--words 100]
                                            [--split dev] [--limit L]

DATASET is a folder of CLUSTER/docs/*.txt (the articles) and CLUSTER/refs/*.txt (human
summaries), or a JSON Lines file of single articles (`title`, `text`, `abstract`, optional
`split`: `--split` keeps one) or of clusters of a corpus (`cluster`, `corpus`: a JSON Lines file
of `id` and `text`, `documents`: its ids, `abstract`). Every algorithm summarises each cluster exactly as
`digest summarize CLUSTER/docs/*.txt --words N` does, a single article as
`digest summarize --words N < article.txt` (title line, blank line, text) does; `sumy:NAME` is
sumy's stock class for NAME, `NAME` our registry entry. Two baselines always run first:
`lead` (the first N words of the article, cut mid-sentence; of each document in turn for a
cluster) and `lead-sentences` (its first whole sentences while they fit in N words). Scores follow
ROUGE-1.5.5 `-n 2 -m -l N -f A`: peer and every reference cut to their first N whitespace tokens,
lower-cased, every character but letters and digits made a space, tokens split on whitespace,
tokens over 3 characters mapped through WordNet 2.0's exception list (py-rouge ships it as
wordnet_key_value.txt) or else Porter-stemmed (the original algorithm), stop words kept, the
references' n-gram counts pooled (-f A), recall averaged over clusters. `--limit L` scores the
first L words instead of N (`--limit 1000`: the whole summary, which under `--words N` may run
past N with its last sentence). py-rouge 1.1 does all of
this; we only replace its NLTK tokenizer (which needs punkt for sentence splitting and splits
"gonna" into "gon na") with the Perl script's whitespace split.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import warnings
from functools import cache
from pathlib import Path
from typing import NamedTuple

from digest import ingest, nlp
from digest.errors import DigestError
from digest.model import Article
from digest.summarize import candidates, summarize_articles
from digest.summarizers import ALGORITHMS, STOCK

BASELINES = ["lead", "lead-sentences"]
# The baselines, ours (the registry: the default and the vectorised versions of sumy's
# algorithms), then stock sumy.
DEFAULT_ALGORITHMS = [*BASELINES, *ALGORITHMS, *(f"sumy:{name}" for name in STOCK)]


@cache
def _scorer(words: int):
    """py-rouge set up as ROUGE-1.5.5 -n 2 -m -l WORDS -f A, tokenizing as the Perl script does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # py-rouge imports the deprecated pkg_resources
        import rouge

    def tokenize(text: str, language: str = "english") -> list[str]:
        # py-rouge has already made every non-alphanumeric character a space; the script splits on whitespace.
        return text.split()

    rouge.Rouge.tokenize_text = staticmethod(tokenize)
    return rouge.Rouge(metrics=["rouge-n"], max_n=2, limit_length=True, length_limit=words,
                       length_limit_type="words", apply_avg=True, stemming=True, ensure_compatibility=True)


def rouge_recall(peer: str, references: list[str], words: int = 100) -> dict[str, float]:
    """ROUGE-1 and ROUGE-2 recall of one peer summary against pooled references."""
    refs = [r for r in references if r.strip()]
    if not refs:
        raise ValueError("no reference summaries")
    scores = _scorer(words).get_scores(peer, refs if len(refs) > 1 else refs[0])
    return {"rouge-1": scores["rouge-1"]["r"], "rouge-2": scores["rouge-2"]["r"]}


class Case(NamedTuple):
    """One thing to summarise: its articles, as `digest summarize` reads them, and the references."""

    name: str
    articles: list[Article]
    references: list[str]


def _quiet(_message: str) -> None:
    pass


def clusters(dataset: Path) -> list[Case]:
    """Every cluster of a folder dataset that has both articles and references."""
    found = []
    for cluster in sorted(p for p in dataset.iterdir() if p.is_dir()):
        docs = sorted((cluster / "docs").glob("*.txt"))
        refs = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((cluster / "refs").glob("*.txt"))]
        if docs and refs:
            articles = ingest.read_sources([str(p) for p in docs], on_warning=_quiet).articles
            found.append(Case(cluster.name, articles, refs))
    return found


def _documents(record: dict, folder: Path) -> list[Article]:
    """A multi-document record's articles: the `documents` ids of its `corpus` (JSON Lines with
    `id` and `text`), body text only, read from files as `digest summarize FILE...` reads them."""
    wanted = set(record["documents"])
    texts = {}
    for line in Path(record["corpus"]).read_text(encoding="utf-8").splitlines():
        doc = json.loads(line) if line.strip() else {}
        if doc.get("id") in wanted:
            texts[doc["id"]] = doc["text"]
    paths = []
    for doc_id in record["documents"]:
        path = folder / f"{doc_id}.txt"
        path.write_text(texts[doc_id] + "\n", encoding="utf-8")
        paths.append(str(path))
    return ingest.read_sources(paths, on_warning=_quiet).articles


def single_articles(dataset: Path, split: str | None = None) -> list[Case]:
    """Every record of a JSON Lines dataset (of `split`, when given), read as a pasted article;
    a record with `documents` and `corpus` instead of `text` is a cluster of that corpus."""
    found = []
    for line in dataset.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if split is not None and record.get("split") != split:
            continue
        if "documents" in record:
            with tempfile.TemporaryDirectory() as folder:
                found.append(Case(record["cluster"], _documents(record, Path(folder)), [record["abstract"]]))
            continue
        pasted = io.StringIO(f"{record['title']}\n\n{record['text']}\n")
        articles = ingest.read_sources(["-"], stdin=pasted, on_warning=_quiet).articles
        found.append(Case(record.get("id", str(len(found))), articles, [record["abstract"]]))
    return found


def cases(dataset: Path, split: str | None = None) -> list[Case]:
    return single_articles(dataset, split) if dataset.is_file() else clusters(dataset)


def lead(articles: list[Article], words: int) -> str:
    """The first `words` words of the articles' text in turn, cut mid-sentence."""
    tokens: list[str] = []
    for article in articles:
        tokens.extend(article.text.split())
    return " ".join(tokens[:words])


def lead_sentences(articles: list[Article], words: int) -> str:
    """The articles' first candidate sentences in turn, whole, while they fit in `words` words."""
    chosen: list[str] = []
    used = 0
    for c in candidates(articles, nlp.normalize_language("english")):
        n = len(c.text.split())
        if used + n > words:
            break
        chosen.append(c.text)
        used += n
    return "\n".join(chosen)


def summary_text(articles: list[Article], algorithm: str, words: int) -> str:
    """The summary `digest summarize SOURCES --words N --algorithm NAME` prints, one sentence a line."""
    if algorithm == "lead":
        return lead(articles, words)
    if algorithm == "lead-sentences":
        return lead_sentences(articles, words)
    stock = algorithm.startswith("sumy:")
    name = algorithm.removeprefix("sumy:")
    summary = summarize_articles(articles, sentences=None, words=words, algorithm=name, stock=stock)
    return "\n".join(s.text for s in summary.sentences)


def evaluate(dataset: Path, algorithms: list[str], words: int = 100, split: str | None = None,
             limit: int | None = None) -> list[dict]:
    """One row per algorithm: mean ROUGE-1/2 recall over clusters (of the first `limit` words,
    by default `words`), summary length and CPU time."""
    limit = limit or words
    data = cases(dataset, split)
    if not data:
        raise ValueError(f"{dataset}: no CLUSTER/docs/*.txt with CLUSTER/refs/*.txt, nor JSON Lines articles"
                         + (f" of split {split!r}" if split else ""))
    _scorer(limit)  # load the WordNet exceptions before any algorithm is timed
    rows = []
    for algorithm in algorithms:
        r1 = r2 = length = 0.0
        start = time.process_time()
        for case in data:
            try:
                peer = summary_text(case.articles, algorithm, words)
            except DigestError as exc:  # e.g. a cluster with no usable sentence: an empty summary
                print(f"warning: {algorithm} on {case.name}: {exc}", file=sys.stderr)
                peer = ""
            scores = rouge_recall(peer, case.references, limit)
            r1 += scores["rouge-1"]
            r2 += scores["rouge-2"]
            length += len(peer.split())
        n = len(data)
        rows.append({"algorithm": algorithm, "rouge_1": round(100 * r1 / n, 2), "rouge_2": round(100 * r2 / n, 2),
                     "words": round(length / n, 1), "cpu_seconds": round(time.process_time() - start, 2),
                     "clusters": n})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--algorithms", default=",".join(DEFAULT_ALGORITHMS),
                        help="comma-separated: NAME (ours) or sumy:NAME (stock); default: all of ours, then all stock")
    parser.add_argument("--skip-kl", action="store_true", help="leave out KL, ours and stock (stock KL takes minutes on DUC-sized data)")
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--split", help="JSON Lines datasets: score only the records of this split")
    parser.add_argument("--limit", type=int, help="score the first L words of each summary (default: --words)")
    args = parser.parse_args(argv)
    algorithms = [a.strip() for a in args.algorithms.split(",") if a.strip()]
    if args.skip_kl:
        algorithms = [a for a in algorithms if a.removeprefix("sumy:") != "kl"]
    try:
        rows = evaluate(args.dataset, algorithms, args.words, args.split, args.limit)
    except (OSError, ValueError, DigestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{'algorithm':<16} {'R-1':>6} {'R-2':>6} {'words':>6} {'CPU s':>8}")
    for row in rows:
        print(f"{row['algorithm']:<16} {row['rouge_1']:>6.2f} {row['rouge_2']:>6.2f} {row['words']:>6.1f} "
              f"{row['cpu_seconds']:>8.2f}")
    print(json.dumps({"benchmark": "rouge", "dataset": str(args.dataset), "split": args.split, "words": args.words,
                      "limit": args.limit or args.words,
                      "results": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

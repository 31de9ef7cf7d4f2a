"""The ROUGE harness: ROUGE-1.5.5 -n 2 -m -l 100 -f A behaviour and an end-to-end run."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATASET = Path(__file__).resolve().parent / "data" / "rouge"


def _load():
    spec = importlib.util.spec_from_file_location("rouge_eval", ROOT / "benchmarks" / "rouge_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rouge_eval = _load()

REF = "The central bank raised its main interest rate to five percent on Thursday to fight inflation."
OTHER = "Heavy snow closed mountain roads while skiers waited patiently near frozen lifts."


def test_reference_against_itself_scores_full_recall():
    scores = rouge_eval.rouge_recall(REF, [REF])
    assert scores == {"rouge-1": pytest.approx(1.0), "rouge-2": pytest.approx(1.0)}


def test_disjoint_text_scores_zero():
    assert rouge_eval.rouge_recall(OTHER, [REF]) == {"rouge-1": 0.0, "rouge-2": 0.0}


def test_stemming_matches_inflections():
    scores = rouge_eval.rouge_recall("Prices rises", ["price rising"])
    assert scores["rouge-1"] == pytest.approx(1.0)


def test_stop_words_are_kept():
    # Only stop words in common: with stop words removed this would be 0.
    scores = rouge_eval.rouge_recall("of the and to", ["the rate of the bank and to"])
    assert scores["rouge-1"] > 0


def test_peer_is_cut_to_the_word_limit():
    filler = " ".join(["weather"] * 100)
    assert rouge_eval.rouge_recall(f"{filler} {REF}", [REF], words=100)["rouge-1"] == 0.0
    assert rouge_eval.rouge_recall(f"{filler} {REF}", [REF], words=200)["rouge-1"] == pytest.approx(1.0)


def test_references_are_cut_to_the_word_limit():
    long_ref = " ".join(["weather"] * 100) + " " + REF
    assert rouge_eval.rouge_recall(REF, [long_ref], words=100)["rouge-1"] == 0.0


def test_reference_counts_are_pooled():
    # Pooled (-f A): hits over both references divided by both references' lengths.
    scores = rouge_eval.rouge_recall(REF, [REF, OTHER])
    ref_words, other_words = len(REF.split()), len(OTHER.split())
    assert scores["rouge-1"] == pytest.approx(ref_words / (ref_words + other_words))


def test_no_references_is_an_error():
    with pytest.raises(ValueError):
        rouge_eval.rouge_recall(REF, ["  "])


def test_end_to_end_on_our_dataset():
    rows = rouge_eval.evaluate(DATASET, ["default", "sumy:lexrank"], words=100)
    assert [r["algorithm"] for r in rows] == ["default", "sumy:lexrank"]
    for row in rows:
        assert row["clusters"] == 3
        assert 0 < row["rouge_2"] < row["rouge_1"] <= 100
        assert 80 <= row["words"] <= 100 + 120  # the last sentence may run past the budget


def test_limit_scores_only_the_first_words_of_a_summary():
    reference = "the river flooded the valley and twelve people were killed on tuesday"
    peer = "zzz " * 100 + reference
    assert rouge_eval.rouge_recall(peer, [reference], 100)["rouge-1"] == 0
    assert rouge_eval.rouge_recall(peer, [reference], 1000)["rouge-1"] == 1


def test_main_prints_table_and_json(capsys):
    assert rouge_eval.main([str(DATASET), "--algorithms", "default,sumy:luhn", "--words", "60"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:3] == ["algorithm", "R-1", "R-2"]
    data = json.loads(lines[-1])
    assert data["words"] == 60
    assert [r["algorithm"] for r in data["results"]] == ["default", "sumy:luhn"]


def test_skip_kl_leaves_kl_out(capsys):
    assert rouge_eval.main([str(DATASET), "--algorithms", "default,sumy:kl", "--skip-kl"]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [r["algorithm"] for r in data["results"]] == ["default"]


def test_empty_dataset_exits_2(tmp_path, capsys):
    assert rouge_eval.main([str(tmp_path)]) == 2
    assert "error:" in capsys.readouterr().err


def test_wordnet_exceptions_are_applied_as_in_rouge_1_5_5():
    # Porter alone leaves "feet" and "foot" apart; ROUGE-1.5.5's WordNet exceptions join them.
    assert rouge_eval.rouge_recall("feet", ["foot"])["rouge-1"] == 1.0
    assert rouge_eval.rouge_recall("children", ["child"])["rouge-1"] == 1.0


def _single_article_dataset(folder: Path) -> Path:
    """Two pasted articles of our own with one abstract each, one per split."""
    records = [
        {"id": "a", "split": "dev", "title": "Rate rise", "abstract": REF,
         "text": f"{REF}\n\nEconomists had expected the decision after prices rose for a sixth month.\n\n"
                 "The bank said it would watch wages closely before moving again."},
        {"id": "b", "split": "first-contact", "title": "Snow", "abstract": OTHER,
         "text": f"{OTHER}\n\nThe regional road authority said the passes would reopen on Sunday."},
    ]
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_single_article_dataset_is_read_as_pasted_articles_of_one_split(tmp_path):
    path = _single_article_dataset(tmp_path)
    dev = rouge_eval.cases(path, "dev")
    assert [c.name for c in dev] == ["a"]
    assert dev[0].articles[0].title == "Rate rise"
    assert dev[0].references == [REF]
    assert len(rouge_eval.cases(path)) == 2


def test_lead_baselines_cut_words_and_keep_whole_sentences(tmp_path):
    articles = rouge_eval.cases(_single_article_dataset(tmp_path), "dev")[0].articles
    assert rouge_eval.lead(articles, 20).split() == articles[0].text.split()[:20]
    assert rouge_eval.lead_sentences(articles, 20) == REF  # the second sentence would not fit
    rows = rouge_eval.evaluate(tmp_path / "articles.jsonl", ["lead-sentences"], words=20, split="dev")
    assert rows[0]["rouge_1"] == pytest.approx(100.0)


def test_a_json_lines_cluster_is_read_from_its_corpus(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in [
        {"id": "a", "text": "The river flooded the valley on Tuesday and closed the main road."},
        {"id": "b", "text": "Twelve people were killed when the river flooded the valley."},
        {"id": "c", "text": "The central bank raised interest rates by half a point."}]) + "\n")
    dataset = tmp_path / "clusters.jsonl"
    dataset.write_text(json.dumps({"cluster": "flood", "corpus": str(corpus), "documents": ["a", "b"],
                                   "abstract": "A flood killed twelve people."}) + "\n")
    (case,) = rouge_eval.cases(dataset)
    assert case.name == "flood" and case.references == ["A flood killed twelve people."]
    assert sorted(a.text.split()[1] for a in case.articles) == ["people", "river"]

"""Casualty figures: every count of people killed, injured, missing, displaced, arrested or abducted.

A sentence-level pattern grammar around each number phrase, as small modules: `phrases` (the
number, its qualifier, the people it counts, its parts), `kinds` (trigger words before or after
it), `guards` (what only looks like a toll), `attribution` (who reports it), `scope` (incident or
cumulative, and where), `pipeline` (the steps in order, per sentence and per article) and
`reconcile` (one line per kind and scope for a story). The vocabulary is data:
digest/data/casualty_*.toml and vague_numbers.toml.
"""

from digest.extract.casualties.pipeline import article_sentences, extract_casualties, sentence_figures
from digest.extract.casualties.reconcile import reconcile_casualties
from digest.extract.casualties.vocabulary import KINDS

__all__ = ["KINDS", "article_sentences", "extract_casualties", "reconcile_casualties", "sentence_figures"]

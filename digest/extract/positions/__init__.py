"""Diplomatic positions: who takes which stance toward whom, with the evidence sentence.

Rule-based and offline (no tagger or parser): the reporting structure of news copy carries most of
the signal. For every stance cue (a verb such as "condemned", a phrase such as "ready to", or a
noun with an explicit holder such as "Turkey's extradition request") the actor is the subject
found to the left (skipping appositions, following coordination and verb-phrase conjunctions,
resolving pronouns and "the army"/"the bloc" to the last matching actor), and the target is the
first actor to the right within the clause, else the actor behind an anaphoric object ("the
decision"), else a short issue phrase. Symmetric events ("A and B agreed", "a deal between A and
B") give one record per participant; quote sentences that continue a speaker's stance repeat it.

The steps live in small modules: `sentence` (quotes, relative clauses, coordination; pure),
`memory` (what the article has told us so far), `refs` (actor references in a sentence), `cues`
(stance cues and the guards that veto them), `holders`, `targets`, `modality`, `nominal` (stance
nouns), `extract` (the per-sentence pipeline) and `reconcile` (one line per story and stance).
Vocabulary and cues are data: `digest/data/position_*.toml`.
"""

from digest.extract.positions.extract import extract_positions
from digest.extract.positions.reconcile import reconcile_positions

STANCES = ("support", "criticize", "demand", "reject", "threaten", "agree", "offer", "meet", "deny")

__all__ = ["STANCES", "extract_positions", "reconcile_positions"]

"""Which languages the pipeline can work in: the ones the offline sentence splitter, the stemmer
and sumy's stop words cover (`digest.nlp.LANGUAGES`)."""

from __future__ import annotations

from digest.nlp import LANGUAGES

CHOICES: tuple[str, ...] = tuple(LANGUAGES)

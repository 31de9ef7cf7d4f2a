"""The project's default summarizer on sumy's interface: concept coverage under a length budget.

The method (Gillick & Favre's concept coverage with a lead prior and budget filling) lives in
`digest.summarizers.coverage` (several articles) and `digest.summarizers.single` (one article,
with learned concept weights); this class hands them a sumy document. Which article each sentence
came from and its position reach it through `layout`, the budget through `word_budget` /
`sentence_budget` (set by `digest.summarize`). Ratings flow through sumy's `_get_best_sentences`:
chosen sentences rate above every other sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest import nlp
from digest.summarizers.coverage import ConceptCoverage
from digest.summarizers.rating import RatingSummarizer
from digest.summarizers.single import LeadCoverage


class DefaultSummarizer(RatingSummarizer):
    """Concept-coverage multi-document summarizer on sumy's interface."""

    def rate_texts(self, texts: Sequence[str], layout: Sequence[tuple[int, int]], *,
                   words: int | None = None, count: int | None = None) -> list[float]:
        if len({article for article, _ in layout}) == 1:
            return LeadCoverage(self.language).rate_texts(texts, words=words, count=count)
        core = ConceptCoverage(self._stemmer, self.stop_words or nlp.stop_words(self.language), self.language)
        return core.rate_texts(texts, layout, words=words, count=count)

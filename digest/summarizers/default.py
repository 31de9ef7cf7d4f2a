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

from sumy.summarizers._summarizer import AbstractSummarizer

from digest import nlp
from digest.summarizers.coverage import ConceptCoverage
from digest.summarizers.single import LeadCoverage


class DefaultSummarizer(AbstractSummarizer):
    """Concept-coverage multi-document summarizer on sumy's interface."""

    stop_words: frozenset[str] = frozenset()

    def __init__(self, stemmer=None, language: str = "english"):
        super().__init__(stemmer or nlp.stemmer_for(language))
        self.language = language
        # (article index, position in article) per sentence of the document; None: one article
        self.layout: Sequence[tuple[int, int]] | None = None
        self.word_budget: int | None = None
        self.sentence_budget: int | None = None

    def rate_texts(self, texts: Sequence[str], layout: Sequence[tuple[int, int]], *,
                   words: int | None = None, count: int | None = None) -> list[float]:
        if len({article for article, _ in layout}) == 1:
            return LeadCoverage(self.language).rate_texts(texts, words=words, count=count)
        core = ConceptCoverage(self._stemmer, self.stop_words or nlp.stop_words(self.language), self.language)
        return core.rate_texts(texts, layout, words=words, count=count)

    def __call__(self, document, sentences_count):
        sentences = list(document.sentences)
        if not sentences:
            return ()
        texts = [str(s) for s in sentences]
        layout = list(self.layout) if self.layout is not None else [(0, i) for i in range(len(texts))]
        count = self.sentence_budget
        if count is None and self.word_budget is None and isinstance(sentences_count, int):
            count = sentences_count
        ratings = self.rate_texts(texts, layout, words=self.word_budget, count=count)
        rating: dict = {}
        for sentence, value in zip(sentences, ratings, strict=True):
            rating[sentence] = max(value, rating.get(sentence, value))
        return self._get_best_sentences(sentences, sentences_count, rating)

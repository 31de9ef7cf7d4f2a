"""sumy's interface for summarizers that rate plain sentence strings under a length budget.

`digest.summarize` tells such a summarizer (one with a `layout` attribute) each sentence's
article and position and the budget; it rates the sentences with `rate_texts` (its chosen summary
above every other sentence) and sumy's `_get_best_sentences` takes the best.
"""

from __future__ import annotations

from collections.abc import Sequence

from sumy.summarizers._summarizer import AbstractSummarizer

from digest import nlp


class RatingSummarizer(AbstractSummarizer):
    """Base of the default and Lin & Bilmes summarizers on sumy's interface."""

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
        raise NotImplementedError

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

"""Summarizer registry: one sumy-compatible class per algorithm behind one call signature.

Every entry is an `AbstractSummarizer` (sumy's interface: `summarizer(document, count)`), built
with our cached stemmer and sumy's stop words. Imports are lazy so start-up stays cheap.
"""

from __future__ import annotations

from importlib import import_module

# name -> "module:Class"; vectorised subclasses of sumy's classes (digest.summarizers.fast) where stock is slow.
ALGORITHMS: dict[str, str] = {
    "default": "digest.summarizers.default:DefaultSummarizer",
    "submodular": "digest.summarizers.submodular:SubmodularSummarizer",
    "lexrank": "digest.summarizers.fast:FastLexRank",
    "textrank": "digest.summarizers.fast:FastTextRank",
    "lsa": "digest.summarizers.fast:FastLsa",
    "luhn": "digest.summarizers.fast:FastLuhn",
    "edmundson": "sumy.summarizers.edmundson:EdmundsonSummarizer",
    "kl": "digest.summarizers.fast:FastKL",
    "sumbasic": "digest.summarizers.fast:FastSumBasic",
    "reduction": "digest.summarizers.fast:FastReduction",
}

# Stock sumy classes, always available for side-by-side comparison in tests and benchmarks.
STOCK: dict[str, str] = {
    "lexrank": "sumy.summarizers.lex_rank:LexRankSummarizer",
    "textrank": "sumy.summarizers.text_rank:TextRankSummarizer",
    "lsa": "sumy.summarizers.lsa:LsaSummarizer",
    "luhn": "sumy.summarizers.luhn:LuhnSummarizer",
    "edmundson": "sumy.summarizers.edmundson:EdmundsonSummarizer",
    "kl": "sumy.summarizers.kl:KLSummarizer",
    "sumbasic": "sumy.summarizers.sum_basic:SumBasicSummarizer",
    "reduction": "sumy.summarizers.reduction:ReductionSummarizer",
}



def _load(path: str):
    module, _, cls = path.partition(":")
    return getattr(import_module(module), cls)


def create(name: str, language: str = "english", *, stock: bool = False, title_words: tuple[str, ...] = ()):
    """An instance of the named summarizer, configured for `language`."""
    from digest.nlp import stemmer_for, stop_words

    table = STOCK if stock else ALGORITHMS
    if name not in table:
        raise ValueError(f"unknown algorithm {name!r} (choose from {', '.join(sorted(ALGORITHMS))})")
    summarizer = _load(table[name])(stemmer_for(language))
    words = stop_words(language)
    summarizer.stop_words = words
    if name == "edmundson":
        # Edmundson needs cue and title words; news has no curated cue lists, so use the title.
        summarizer.null_words = words
        summarizer.bonus_words = title_words or ("said",)
        summarizer.stigma_words = ("advertisement", "subscribe")
    return summarizer

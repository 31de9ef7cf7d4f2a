"""The analysed article: cleaned title, paragraphs and sentences (with offsets), built once.

Grouping, summaries, casualties and positions all read the same analysis, so an article is
cleaned and split into sentences once per language, not once per stage. The analysis is kept
for as long as the Article object lives and is never written onto it.
"""

from __future__ import annotations

import weakref

from digest import nlp
from digest.model import AnalysedArticle, Article, Sentence

_BUILT: dict[tuple[int, str], AnalysedArticle] = {}


def analyse(article: Article, language: str | None = None) -> AnalysedArticle:
    """The article's analysis in `language` (default: the article's own), built on first use.

    Raises ValueError for a language we cannot split offline.
    """
    language = nlp.normalize_language(language or article.language or "english")
    key = (id(article), language)
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = build(article, language)
        weakref.finalize(article, _BUILT.pop, key, None)  # ids are reused once the article is gone
    return found


def adopt(article: Article, analysed: AnalysedArticle) -> None:
    """Keep an analysis built elsewhere (in the process that parsed the article) as the article's
    own, so no stage here builds it again; a forked worker then inherits it with the article."""
    key = (id(article), analysed.language)
    if key not in _BUILT:
        _BUILT[key] = analysed
        weakref.finalize(article, _BUILT.pop, key, None)


def built(article: Article) -> list[AnalysedArticle]:
    """The analyses of `article` already built, in any language."""
    languages = {nlp.normalize_language(article.language or "english"), "english"}
    return [_BUILT[key] for key in ((id(article), language) for language in languages) if key in _BUILT]


def build(article: Article, language: str = "english") -> AnalysedArticle:
    """A fresh analysis (no memo): clean the text, split each paragraph, locate each sentence."""
    cleaned = nlp.clean_article(article.text, article.title or None)
    sentences: list[Sentence] = []
    for p_index, paragraph in enumerate(cleaned.paragraphs):
        cursor = 0
        for text in nlp.split_sentences(paragraph, language):
            start, end = _locate(paragraph, text, cursor)
            sentences.append(Sentence(text, p_index, len(sentences), start, end))
            cursor = max(cursor, end)
    title = cleaned.title
    stem = title.rstrip(" .\u2026").strip()
    headline = "" if sentences and stem and sentences[0].text.startswith(stem) else title
    return AnalysedArticle(
        article=article.id, title=title, headline=headline, paragraphs=tuple(cleaned.paragraphs),
        headings=tuple(cleaned.headings), sentences=tuple(sentences), language=language,
    )


def _locate(paragraph: str, sentence: str, cursor: int) -> tuple[int, int]:
    """(start, end) of `sentence` in `paragraph` at or after `cursor`; the splitter collapses runs of
    whitespace, so where a plain search fails the two are walked side by side."""
    found = paragraph.find(sentence, cursor)
    if found >= 0:
        return found, found + len(sentence)
    i = cursor
    while i < len(paragraph) and paragraph[i].isspace():
        i += 1
    start = i
    for char in sentence:
        if char.isspace():
            while i < len(paragraph) and paragraph[i].isspace():
                i += 1
        elif i < len(paragraph) and paragraph[i] == char:
            i += 1
        else:
            return cursor, cursor  # not found verbatim: an empty span where the search stopped
    return start, i

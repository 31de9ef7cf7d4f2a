"""A story's headline: a whole headline or a whole sentence, never cut inside an abbreviation.

When an input has no title, ingest makes one from the start of the first sentence, which a plain
full-stop split ends at "Rep", "Former U.S" or "SEOUL, South Korea (AP) — U.S". Such a title is
not used as a story headline: the story gets the article's sentence closest to the story instead,
from the sentence splitter, with any split after an abbreviation (digest/data/abbreviations.txt)
rejoined.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from digest import nlp
from digest.abbreviations import ends_in_abbreviation, rejoin
from digest.analysis import analyse
from digest.model import AnalysedArticle, Article


def _analysis(article: Article) -> AnalysedArticle:
    try:
        return analyse(article)
    except ValueError:  # a language we cannot split: read it as English
        return analyse(article, "english")


def _has_headline(article: Article) -> bool:
    """Is the article's title a line of its own (its analysis's `headline`)? Read only up to the
    first sentence: most stories keep their central article's title, and splitting every one of
    them into sentences, as its analysis does, cost a day of ten thousand articles seconds."""
    try:
        return _title_line(article, nlp.normalize_language(article.language or "english"))
    except ValueError:  # a language we cannot split: read it as English
        return _title_line(article, "english")


def _title_line(article: Article, language: str) -> bool:
    cleaned = nlp.clean_article(article.text, article.title or None)
    stem = cleaned.title.rstrip(" .\u2026").strip()
    if not (cleaned.title and stem and cleaned.paragraphs):
        return bool(cleaned.title)
    # the first sentence opens the first paragraph: a paragraph that does not start with the
    # title has no first sentence that does, and needs no splitting
    if not " ".join(cleaned.paragraphs[0].split()).startswith(stem):
        return True
    first = next((s for p in cleaned.paragraphs for s in nlp.split_sentences(p, language)), None)
    return not (first is not None and first.startswith(stem))


def sentences_of(article: Article) -> list[str]:
    """The article's sentences (its shared analysis), abbreviations kept whole."""
    return rejoin([s.text for s in _analysis(article).sentences])


def _squash(text: str) -> str:
    return " ".join(text.split())


def is_fragment(title: str, article: Article) -> bool:
    """Was this title cut from the start of the article's first sentence (ingest's fallback)?

    Such a title is the text's own beginning, shorter than the sentence it starts, or it ends
    inside an abbreviation.
    """
    stem = _squash(title.rstrip("\u2026").rstrip())
    if not stem:
        return True
    body = _squash(article.text or "")
    if ends_in_abbreviation(stem + ".", "Name"):  # "Rep", "Lt. Gen": titles never end a headline
        return True
    if not body.startswith(stem):
        return False
    first = re.split(r"\n\s*\n", (article.text or "").strip(), maxsplit=1)[0]
    whole = rejoin(nlp.split_sentences(_squash(first), article.language or "english"))
    return bool(whole) and len(stem) < len(whole[0])


def headline_of(central: Article, score: Callable[[str], float]) -> str:
    """The central article's title when it is a real one, else its best whole sentence by `score`."""
    title = (central.title or "").strip()
    if title and _has_headline(central) and not is_fragment(title, central):
        return title
    sentences = sentences_of(central)
    if not sentences:
        return title or (central.text or "").strip()[:120] or central.path or central.url or central.id
    return max(sentences, key=score)

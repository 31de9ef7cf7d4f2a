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
from functools import lru_cache
from importlib import resources

from digest import nlp
from digest.analysis import analyse
from digest.model import AnalysedArticle, Article

_LAST_WORD = re.compile(r"([\w.]+)\.$")


@lru_cache(maxsize=1)
def abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations always followed by a name, abbreviations that may also end a sentence)."""
    before, may_end, section = set(), set(), None
    text = resources.files("digest.data").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[before-names]":
            before.add(line)
        else:
            may_end.add(line)
    return frozenset(before), frozenset(may_end)


def ends_in_abbreviation(text: str, next_part: str = "") -> bool:
    """Does `text` end on an abbreviation's full stop (so a sentence split there is wrong)?"""
    match = _LAST_WORD.search(text.rstrip())
    if not match:
        return False
    word = match.group(1).rsplit(".", 1)[0] if match.group(1).count(".") > 1 else match.group(1)
    word = word.rstrip(".")
    before, may_end = abbreviations()
    if word in before:
        return True
    head = next_part.lstrip("\"'\u201c\u2018( ")[:1]
    return word in may_end and (not next_part or head.islower() or head.isdigit())


def rejoin(sentences: list[str]) -> list[str]:
    """Sentences with every split after an abbreviation undone ("Lt." + "Gen. Mark ...")."""
    out: list[str] = []
    for sentence in sentences:
        if out and ends_in_abbreviation(out[-1], sentence):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out


def _analysis(article: Article) -> AnalysedArticle:
    try:
        return analyse(article)
    except ValueError:  # a language we cannot split: read it as English
        return analyse(article, "english")


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
    if title and _analysis(central).headline and not is_fragment(title, central):
        return title
    sentences = sentences_of(central)
    if not sentences:
        return title or (central.text or "").strip()[:120] or central.path or central.url or central.id
    return max(sentences, key=score)

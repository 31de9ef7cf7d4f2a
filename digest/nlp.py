"""Offline NLP core: sentences, words, stems, stop words and article clean-up.

Nothing here needs NLTK's downloadable data (punkt is not available offline): sentences come
from `nupunkt` (English) or `sentencex` (other languages), words from a compiled regex over sumy's
word pattern on hot paths and from NLTK's data-free `NLTKWordTokenizer` for sumy documents.
Heavy imports (nltk, sumy) happen inside functions so that `import digest.nlp` stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel

# sumy's own definition of a word (sumy.nlp.tokenizers.Tokenizer._WORD_PATTERN: a letter, then
# letters, apostrophes and hyphens), as a finder written with runs of letters, which matches the
# same words about a third faster.
WORD_RE = re.compile(r"[^\W\d_][^\W\d_'\u2019-]*(?:['\u2019-][^\W\d_'\u2019-]*)*", re.UNICODE)
_SUMY_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$", re.UNICODE)

# Languages sumy ships stop words for, with the ISO code sentencex uses for them.
LANGUAGES: dict[str, str] = {
    "english": "en", "german": "de", "french": "fr", "spanish": "es", "portuguese": "pt",
    "italian": "it", "czech": "cs", "slovak": "sk", "polish": "pl", "swedish": "sv",
    "greek": "el", "ukrainian": "uk", "hebrew": "he", "arabic": "ar",
}


def normalize_language(language: str) -> str:
    """Accept 'en', 'English' or 'english'; reject what we cannot split offline."""
    lang = (language or "english").strip().lower()
    for name, code in LANGUAGES.items():
        if lang in (name, code):
            return name
    raise ValueError(f"unsupported language {language!r} (supported: {', '.join(sorted(LANGUAGES))})")


def words(text: str) -> list[str]:
    """Words as sumy defines them, by regex: the fast path for similarity and grouping."""
    return WORD_RE.findall(text)


@lru_cache(maxsize=1)
def _nupunkt():
    import nupunkt

    return nupunkt.sent_tokenize


def split_sentences(text: str, language: str = "english") -> list[str]:
    """Split one paragraph into sentences without any downloadable model."""
    text = text.strip()
    if not text:
        return []
    if language == "english":
        parts = _join_initialisms(_nupunkt()(text))
    else:
        from sentencex import segment

        parts = segment(LANGUAGES.get(language, "en"), text)
    return [" ".join(p.split()) for p in parts if p.strip()]


_INITIALISM_END = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")  # "U.S.", "U.N."


def _join_initialisms(parts: list[str]) -> list[str]:
    """nupunkt ends a sentence at "U.S." before any capitalised word ("U.S. Ambassador Carol ...");
    rejoin unless the next word is a stop word that opens sentences ("The", "He", "But")."""
    joined: list[str] = []
    for part in parts:
        head = part.split(None, 1)[0] if part.strip() else ""
        if (joined and _INITIALISM_END.search(joined[-1].rstrip()) and head[:1].isupper()
                and head.lower().strip("\"'\u201c,") not in stop_words("english")):
            joined[-1] = f"{joined[-1].rstrip()} {part.lstrip()}"
        else:
            joined.append(part)
    return joined


@lru_cache(maxsize=4)
def _word_tokenizer():
    from nltk.tokenize.destructive import NLTKWordTokenizer

    return NLTKWordTokenizer()


class Tokenizer:
    """Drop-in replacement for sumy's `Tokenizer` that works offline.

    sumy's parsers and summarizers only use `language`, `to_sentences` and `to_words`.
    """

    def __init__(self, language: str = "english"):
        self._language = normalize_language(language)

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        tokens = _word_tokenizer().tokenize(sentence)
        return tuple(t for t in tokens if _SUMY_WORD.match(t))


# Languages the Snowball project's own Python stemmers cover (the same algorithms NLTK wraps).
_SNOWBALL = {"english", "german", "french", "spanish", "portuguese", "italian", "swedish", "greek", "arabic"}


@cache
def _stemmer(language: str):
    """`snowballstemmer` imports in 20 ms where NLTK (behind sumy's Stemmer) takes over a second,
    which matters for a pasted article; sumy's own stemmers cover the other languages."""
    if language in _SNOWBALL:
        import snowballstemmer

        return snowballstemmer.stemmer(language).stemWord
    from sumy.nlp.stemmers import Stemmer

    return Stemmer(language)


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = "english") -> str:
    """Snowball stem of the lower-cased word, cached: the same words recur all day."""
    return _stemmer(language)(word.lower())


def stem_words(words: list[str], language: str = "english") -> list[str]:
    """Snowball stems of many lower-cased words at once (PyStemmer's stemWords: one call into C
    for a day's vocabulary); the same stems as `stem`."""
    stemmer = _stemmer(language)
    batch = getattr(getattr(stemmer, "__self__", None), "stemWords", None)
    lowered = [w.lower() for w in words]
    return list(batch(lowered)) if batch else [stemmer(w) for w in lowered]


def stemmer_for(language: str = "english"):
    """A cached stemmer callable to hand to sumy's summarizer classes."""
    language = normalize_language(language)

    def cached(word: str) -> str:
        return stem(word, language)

    return cached


@cache
def stop_words(language: str = "english") -> frozenset[str]:
    """sumy's stop-word lists, read from its data files (sumy.utils would import requests)."""
    from importlib.resources import files

    text = files("sumy").joinpath("data", "stopwords", f"{normalize_language(language)}.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


# ---------------------------------------------------------------------------------------------
# Article clean-up for pasted and scraped text

_BOILERPLATE = re.compile(
    r"^\s*(?:show (?:full|more) article|advertisement|advertising|read more\b.*|read the full (?:story|article).*"
    r"|share (?:this|the) (?:article|story)|share on \w+|click here\b.*|sign up\b.*|subscribe\b.*"
    r"|follow us\b.*|related(?: articles| stories| coverage)?:?.*|copyright\b.*|\(?©.*|all rights reserved\.?"
    r"|image (?:caption|copyright|source).*|photo(?:graph)?:.*|\(photo:?.*|getty images|skip to (?:main )?content"
    r"|continue reading.*|story continues below.*|listen to this article.*|print this (?:page|article)"
    r"|comments?(?: \(\d+\))?|most (?:read|popular)|top stories|recommended)\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?:[Bb]y|BY|[Ff]rom)\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                     r"January|February|March|April|May|June|July|August|September|October|November|December|"
                     r"Then|Now|Noon|Midnight|Dawn|Nightfall)\b)[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
                     r"(?:\s*(?:,|and|&)\s*[^.!?]{0,80})?\s*$")
# "MOSCOW (AP) —", "BEIRUT, Oct 15 (Reuters) -", "DAMASCUS, Syria —", "WASHINGTON:" at a paragraph start;
# old AP copy writes its dash as "_" ("WASHINGTON (AP) _").
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?(?:\s+\d{1,2})?)?"
    r"\s*(?:\((?:AP|AFP|Reuters|UPI|dpa|DPA|Xinhua|ANSA|EFE|[A-Z][A-Za-z. ]{1,30})\))?"
    r"\s*(?:[\u2014\u2013]|--?|_+|:)\s+"
)
_FINAL_PUNCT = re.compile(r"[.!?:;\"'\u201d\u2019)\]]$")


@dataclass
class CleanText:
    """An article split into its title and body paragraphs, with page furniture removed."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _is_heading_line(line: str, max_words: int = 14) -> bool:
    """A short line without final punctuation: a title or a sub-heading, not a sentence."""
    stripped = line.strip().strip("#").strip()
    if not stripped or _FINAL_PUNCT.search(stripped.rstrip("'\"\u2019\u201d")) and not _is_quoted_label(stripped):
        return False
    return len(stripped.split()) <= max_words


def _is_quoted_label(line: str) -> bool:
    """Sub-headings like 'Militants retreating' arrive wrapped in quotes without a full stop."""
    inner = line.strip("'\"\u2018\u2019\u201c\u201d ")
    return bool(inner) and not _FINAL_PUNCT.search(inner) and len(inner.split()) <= 8


def strip_dateline(paragraph: str) -> str:
    """Remove a wire dateline ("MOSCOW (AP) —") from the start of a paragraph."""
    match = _DATELINE.match(paragraph)
    if not match:
        return paragraph
    head = match.group(0)
    letters = [c for c in head if c.isalpha()]
    # Guard: a dateline is upper case (city) possibly followed by a short mixed-case part.
    if not letters or not head[:3].isupper():
        return paragraph
    rest = paragraph[match.end():]
    return rest if rest[:1].isupper() or rest[:1] in "\"'\u201c" or rest[:1].isdigit() else paragraph


def _paragraph_blocks(text: str) -> list[str]:
    """Blocks separated by blank lines; a block of hard-wrapped lines becomes one paragraph,
    while a block whose lines each end a sentence is one paragraph per line (scraped pages).
    In a block where some lines are indented and others not (wire and typewritten copy), an
    indented line starts a paragraph."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        raw = [ln for ln in block.splitlines() if ln.strip()]
        if len({ln[:1].isspace() for ln in raw}) > 1:
            starts = [i for i, ln in enumerate(raw) if i == 0 or ln[:1].isspace()]
            blocks.extend(" ".join(ln.strip() for ln in raw[a:b]) for a, b in zip(starts, [*starts[1:], len(raw)], strict=True))
            continue
        lines = [ln.strip() for ln in raw]
        if not lines:
            continue
        current: list[str] = []
        for line in lines:
            starts_new = (
                current
                and (_FINAL_PUNCT.search(current[-1]) or _is_heading_line(current[-1]) and len(current) == 1)
                and (line[:1].isupper() or line[:1] in "\"'\u201c\u2018" or line[:1].isdigit())
            )
            if starts_new or _BOILERPLATE.match(line):
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            blocks.append(" ".join(current))
    return [b for b in blocks if b]


def clean_article(text: str, title: str | None = None) -> CleanText:
    """Title, paragraphs and sub-headings of a pasted or scraped article.

    The first short line without final punctuation is the title (unless one is given); page
    furniture ("Advertisement", "Read more", bylines, captions) is dropped; datelines are stripped.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\u00a0", " ")
    blocks = _paragraph_blocks(text)
    result = CleanText(title=(title or "").strip())
    first = blocks[0] if blocks else ""
    if first and not result.title and _is_heading_line(first) and not (_BOILERPLATE.match(first) or _BYLINE.match(first)):
        result.title = blocks.pop(0).strip().strip("#").strip()
    elif blocks and result.title and blocks[0].strip().strip("#").strip() == result.title:
        blocks.pop(0)
    for block in blocks:
        if _BOILERPLATE.match(block) or _BYLINE.match(block):
            continue
        if _is_heading_line(block) or _is_quoted_label(block) and len(block.split()) <= 8:
            result.headings.append(block.strip().strip("#").strip())
            continue
        paragraph = strip_dateline(block.lstrip("#>*- ").strip())
        if paragraph:
            result.paragraphs.append(paragraph)
    return result


def article_sentences(paragraphs: list[str], language: str = "english") -> list[list[str]]:
    """Sentences of each paragraph, paragraphs kept."""
    return [split_sentences(p, language) for p in paragraphs]


def build_document(paragraphs: list[list[str]], tokenizer: Tokenizer | None = None) -> ObjectDocumentModel:
    """A sumy document from already-split sentences (sumy's parsers would re-split with punkt)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = tokenizer or Tokenizer()
    return ObjectDocumentModel(
        tuple(Paragraph(tuple(Sentence(s, tokenizer) for s in sentences)) for sentences in paragraphs if sentences)
    )

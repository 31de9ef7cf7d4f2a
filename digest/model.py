"""The data model every stage shares (DESIGN.md): plain dataclasses, JSON-ready via `to_dict`.

Stages only add to these objects; nothing here knows how they are computed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict() if hasattr(value, "to_dict") else _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def stable_id(*parts: str, length: int = 12) -> str:
    """A short id that stays the same across runs for the same url or content."""
    digest = hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass
class Article:
    """One news article as read from a source; `id` is derived from its url or its text."""

    title: str
    text: str
    source: str = ""
    url: str = ""
    published: datetime | None = None
    path: str = ""
    author: str = ""
    id: str = ""
    also_published_by: list[str] = field(default_factory=list)
    also_urls: list[str] = field(default_factory=list)
    language: str = "english"
    # Wire copies merged into this article, kept so every input can still be accounted for.
    copies: list[Article] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            # The outlet is part of the content: a wire copy from another outlet is another input.
            self.id = stable_id(self.url) if self.url else stable_id(self.source, self.title, self.text)

    @property
    def outlets(self) -> list[str]:
        """Every outlet that published this text (itself first, then merged duplicates)."""
        seen = [self.source] if self.source else []
        for outlet in self.also_published_by:
            if outlet and outlet not in seen:
                seen.append(outlet)
        return seen

    def brief_dict(self) -> dict[str, Any]:
        """The short form used in `summarize` and `group` JSON."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "path": self.path,
            "url": self.url,
            "published": _jsonable(self.published),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.brief_dict(),
            "author": self.author,
            "also_published_by": list(self.also_published_by),
            "also_urls": list(self.also_urls),
        }


@dataclass(frozen=True)
class Sentence:
    """One body sentence of an analysed article: its text (whitespace normalised), its paragraph,
    its index among the body sentences, and where it sits in that paragraph (`start`, `end`)."""

    text: str
    paragraph: int
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class AnalysedArticle:
    """What every stage reads of an article, built once (`digest.analysis.analyse`).

    `title` is the cleaned title; `headline` is the title when it is a line of its own, "" when it
    only repeats the start of the first sentence (feeds and headline-less text).
    """

    article: str  # the Article's id
    title: str
    headline: str
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    language: str

    def paragraph_sentences(self) -> list[list[str]]:
        """Sentence texts per paragraph, every paragraph kept (empty ones too)."""
        grouped: list[list[str]] = [[] for _ in self.paragraphs]
        for sentence in self.sentences:
            grouped[sentence.paragraph].append(sentence.text)
        return grouped


class _Record:
    """Records (summary sentences, casualty figures, positions) serialise field by field."""

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(dataclasses.asdict(self))


@dataclass
class SummarySentence(_Record):
    """One extracted sentence, credited to the article (id) and sentence index it came from."""

    text: str
    article: str
    position: int
    score: float = 0.0
    source: str = ""
    url: str = ""
    # The sentence as the article has it when `text` is shortened (a word budget cuts parenthetical
    # asides: glosses, conversions, times in other zones); "" when `text` is the sentence itself.
    original: str = ""


@dataclass
class CasualtyFigure(_Record):
    """One mention of a count of people killed, injured, missing, displaced, arrested or abducted."""

    kind: str
    count: int
    qualifier: str = "exact"
    who: str = "people"
    breakdown: list[dict[str, Any]] = field(default_factory=list)
    scope: str = "incident"
    place: str = ""
    attributed_to: str = ""
    sentence: str = ""
    article: str = ""
    source: str = ""
    increment: bool = False  # "four more bodies", "another 12 were arrested": an addition, never a toll


@dataclass
class Credit(_Record):
    """Who reported a reconciled figure (may be empty) and the outlets that carried that report."""

    reporter: str
    outlets: list[str] = field(default_factory=list)


@dataclass
class Report(_Record):
    """One article's toll in a reconciled line: its count, who reported it, the outlets, when."""

    count: int
    qualifier: str = "exact"
    reporter: str = ""
    outlets: list[str] = field(default_factory=list)
    published: datetime | None = None
    article: str = ""


@dataclass
class CasualtyLine(CasualtyFigure):
    """A story's reconciled figure for one kind and scope: the fields of its latest toll, the range
    across reports (`low`..`high`, never a sum), the outlets and reporters, and every figure used."""

    low: int = 0
    high: int = 0
    sources: list[str] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    figures: list[CasualtyFigure] = field(default_factory=list)
    superseded: list[CasualtyFigure] = field(default_factory=list)
    background: list[CasualtyFigure] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    party: str = ""  # "enemy": a claim about enemy fighters ("dozens of terrorists"), kept apart
    reports: list[Report] = field(default_factory=list)  # each article's toll, oldest first (undated: article order)
    revised_from: int | None = None  # the same source's earlier, lower toll ("rose from 41 to 57")
    revised_by: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CasualtyLine:
        """The line back from its JSON form (`to_dict`); keys it does not know are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        figure_names = {f.name for f in dataclasses.fields(CasualtyFigure)}
        values = {k: v for k, v in data.items() if k in names}
        for key in ("figures", "superseded", "background"):
            values[key] = [CasualtyFigure(**{k: v for k, v in f.items() if k in figure_names})
                           for f in values.get(key, [])]
        values["credits"] = [Credit(**c) for c in values.get("credits", [])]
        values["reports"] = [Report(**{**r, "published": datetime.fromisoformat(r["published"]) if r.get("published")
                                         else None}) for r in values.get("reports", [])]
        return cls(**values)


@dataclass
class Position(_Record):
    """One diplomatic stance: `actor` takes `stance` toward `target`, with its evidence."""

    actor: str
    stance: str
    target: str = ""
    speaker: str = ""
    conditional: bool = False
    negated: bool = False
    quote: str = ""
    sentence: str = ""
    article: str = ""
    source: str = ""


@dataclass
class PositionLine(_Record):
    """One line of a story's stance map: `actor` takes `stance` toward `target`, as the listed outlets report.

    Paraphrases are merged into one line (`targets` keeps every wording); a symmetric event ("Russia and
    Israel agree") is one `mutual` line whose `target` is the other participant. `evidence` holds every
    position record behind the line; `quote` is a direct quote that carries the stance, if any.
    """

    actor: str
    stance: str
    target: str = ""
    targets: list[str] = field(default_factory=list)
    mutual: bool = False
    speakers: list[str] = field(default_factory=list)
    conditional: bool = False
    negated: bool = False
    quote: str = ""
    count: int = 0
    outlets: list[str] = field(default_factory=list)
    outlet_count: int = 0
    articles: list[str] = field(default_factory=list)
    evidence: list[Position] = field(default_factory=list)


@dataclass
class Story:
    """Related articles about one news event, with what the later stages found in them."""

    id: str
    headline: str
    articles: list[Article]
    terms: list[str] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    casualties: list[CasualtyLine] = field(default_factory=list)
    positions: list[PositionLine] = field(default_factory=list)
    # Memory across days (digest.history); None when the run keeps no history.
    status: str | None = None  # new | updated | continuing
    first_seen: str | None = None  # ISO date of the first briefing that had this story
    days: int | None = None  # calendar days from first_seen to this briefing, both counted
    new_articles: int | None = None  # articles no earlier run had seen
    timeline: list[dict[str, Any]] = field(default_factory=list)  # dated developments, oldest first
    figure_history: list[dict[str, Any]] = field(default_factory=list)  # per casualty line: per-day values

    @property
    def outlets(self) -> int:
        """Distinct outlets, counting those of merged wire copies."""
        return len({o for a in self.articles for o in a.outlets})

    @property
    def outlet_names(self) -> list[str]:
        return sorted({o for a in self.articles for o in a.outlets})

    @property
    def first_published(self) -> datetime | None:
        dates = [a.published for a in self.articles if a.published]
        return min(dates) if dates else None

    @property
    def last_published(self) -> datetime | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates) if dates else None

    def to_dict(self, full: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "headline": self.headline,
            "terms": list(self.terms),
            "outlets": self.outlets,
            "outlet_names": self.outlet_names,
            "first_published": _jsonable(self.first_published),
            "last_published": _jsonable(self.last_published),
            "articles": [a.brief_dict() for a in self.articles],
        }
        if full:
            data["summary"] = [s.to_dict() for s in self.summary]
            data["casualties"] = [c.to_dict() for c in self.casualties]
            data["positions"] = _jsonable(self.positions)
            data.update({"status": self.status, "first_seen": self.first_seen, "days": self.days,
                         "new_articles": self.new_articles, "timeline": _jsonable(self.timeline),
                         "figure_history": _jsonable(self.figure_history)})
        return data


@dataclass
class Briefing:
    """The whole day: ranked stories plus day-level tables, ready for a template."""

    title: str
    date: str
    generated_at: datetime
    stories: list[Story]
    articles: int = 0
    skipped: int = 0
    algorithm: str = ""
    skipped_inputs: list[str] = field(default_factory=list)
    max_stories: int = 10  # stories ranked below this are listed as "Also reported"
    # {"previous_run": {"id", "date", "generated_at"} | None} when history is kept, else None
    history: dict[str, Any] | None = None
    max_positions: int = 6  # stance-map lines shown per story; the JSON keeps them all

    @property
    def outlets(self) -> int:
        return len({o for s in self.stories for a in s.articles for o in a.outlets})

    @property
    def casualties(self) -> list[dict[str, Any]]:
        return [{**c.to_dict(), "story": s.id} for s in self.stories for c in s.casualties]

    @property
    def positions(self) -> list[dict[str, Any]]:
        return [{**p.to_dict(), "story": s.id} for s in self.stories for p in s.positions]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "generated_at": _jsonable(self.generated_at),
            "algorithm": self.algorithm,
            "counts": {
                "articles": self.articles,
                "outlets": self.outlets,
                "stories": len(self.stories),
                "skipped": self.skipped,
            },
            "max_stories": self.max_stories,
            "skipped_inputs": list(self.skipped_inputs),
            "stories": [s.to_dict() for s in self.stories],
            "casualties": _jsonable(self.casualties),
            "positions": _jsonable(self.positions),
            "history": _jsonable(self.history),
        }


@dataclass
class Summary:
    """An extractive summary of one or more articles (the `summarize` JSON shape)."""

    algorithm: str
    language: str
    source_sentences: int
    sentences: list[SummarySentence]
    articles: list[Article]

    def to_dict(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "language": self.language,
            "source_sentences": self.source_sentences,
            "sentences": [s.to_dict() for s in self.sentences],
            "articles": [{k: v for k, v in a.brief_dict().items() if k != "published"} for a in self.articles],
        }

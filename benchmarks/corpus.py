"""A generated news day on disk, in real formats, for the whole-pipeline benchmark.

Built on benchmarks/bench_group.py's generator (sample stories whose names and half their words
are respelled per generated story), with four things a real day has and a grouping benchmark
does not need:
- respelled twice (CODES x CODES spellings), so the number of stories grows with the day, about
  one per STORY_SIZE articles (2,000 at 20,000 articles) instead of stopping at 7 x CODES,
- numbers perturbed per generated story (casualty figures differ between stories and outlets),
- paragraphs (two or three sentences each), as articles are written,
- wire copies: about one article in twelve is republished by another outlet with a word changed.

`write_day` writes the articles the way outlets deliver them: Markdown with front matter (40 %),
plain text in a folder named after the outlet (30 %, undated, as plain text is), one JSON Lines
file per outlet (20 %) and one JSON export per outlet (10 %).
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_group import CODES, STORY_SIZE, _base_stories, _respell  # noqa: E402

OUTLETS = 40
WIRE_COPY_RATE = 1 / 12
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?![\d,])")  # small whole numbers; years and 245,000 stay


@dataclass
class DayArticle:
    """One generated article before it is written in its outlet's format."""

    title: str
    paragraphs: list[str]
    outlet: str
    url: str
    published: datetime


def _variant(text: str, variant: int) -> str:
    """The text as generated story `variant` tells it: names, words and numbers of its own."""
    return _perturb_numbers(_respell(_respell(text, variant), variant // CODES), variant)


def _perturb_numbers(text: str, variant: int) -> str:
    """Shift small numbers by a per-story amount so each generated story has its own figures."""
    shift = variant % 7
    return _NUMBER.sub(lambda m: str(int(m.group(0)) + shift) if int(m.group(0)) > 1 else m.group(0), text)


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((2, 2, 3))
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
    return paragraphs


def _outlet_name(k: int) -> str:
    return f"Outlet {k:02d}"


def make_day(n: int, seed: int = 7) -> tuple[str, list[DayArticle]]:
    """About n articles (wire copies included) in about n / STORY_SIZE generated stories."""
    rng = random.Random(seed)
    origin, stories = _base_stories()
    names = sorted(stories)
    start = datetime(2026, 11, 20, tzinfo=UTC)
    variants = max(1, n // STORY_SIZE)
    day: list[DayArticle] = []
    i = 0
    while len(day) < n:
        variant = i % variants
        base = stories[names[variant % len(names)]]
        title, sentences = rng.choice(base)
        keep = [s for s in sentences if rng.random() < 0.7] or sentences[:1]
        keep.append(rng.choice(rng.choice(base)[1]))
        text = [_variant(s, variant) for s in keep]
        when = start + timedelta(days=variant % 30, hours=rng.uniform(0, 72))
        outlet = rng.randrange(OUTLETS)
        article = DayArticle(title=_variant(title, variant), paragraphs=_paragraphs(text, rng),
                             outlet=_outlet_name(outlet), url=f"https://outlet{outlet:02d}.example/{i}",
                             published=when)
        day.append(article)
        if rng.random() < WIRE_COPY_RATE and len(day) < n:
            other = (outlet + 1 + rng.randrange(OUTLETS - 1)) % OUTLETS
            copy = list(article.paragraphs)
            copy[-1] = copy[-1].replace(" said", " told reporters", 1)
            day.append(DayArticle(title=article.title, paragraphs=copy, outlet=_outlet_name(other),
                                  url=f"https://outlet{other:02d}.example/wire/{i}",
                                  published=when + timedelta(minutes=rng.randrange(5, 90))))
        i += 1
    return origin, day


def _slug(article: DayArticle, i: int) -> str:
    words = re.findall(r"[a-z0-9]+", article.title.lower())[:6]
    return f"{i:05d}-{'-'.join(words) or 'article'}"


def write_day(articles: list[DayArticle], folder: Path) -> dict[str, int]:
    """Write the articles under `folder` in each outlet's format; returns files written per format."""
    folder.mkdir(parents=True, exist_ok=True)
    records: dict[tuple[str, str], list[dict]] = {}
    counts = {"md": 0, "txt": 0, "jsonl": 0, "json": 0}
    for i, a in enumerate(articles):
        kind = int(a.outlet.split()[-1]) % 10
        body = "\n\n".join(a.paragraphs)
        if kind < 4:
            meta = {"title": a.title, "source": a.outlet, "url": a.url, "published": a.published.isoformat()}
            front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
            (folder / f"{_slug(a, i)}.md").write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
            counts["md"] += 1
        elif kind < 7:
            outlet_dir = folder / a.outlet
            outlet_dir.mkdir(exist_ok=True)
            (outlet_dir / f"{_slug(a, i)}.txt").write_text(f"{a.title}\n\n{body}\n", encoding="utf-8")
            counts["txt"] += 1
        else:
            fmt = "jsonl" if kind < 9 else "json"
            records.setdefault((a.outlet, fmt), []).append(
                {"title": a.title, "body": body, "source": a.outlet, "url": a.url,
                 "published": a.published.isoformat()})
    for (outlet, fmt), rows in records.items():
        path = folder / f"{outlet.lower().replace(' ', '-')}.{fmt}"
        if fmt == "jsonl":
            path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        else:
            path.write_text(json.dumps({"articles": rows}), encoding="utf-8")
        counts[fmt] += len(rows)
    return counts

"""Reconciliation: the lines of a story's casualty table, from every figure its articles give.

Figures are grouped by kind, scope, party (a claim about enemy fighters is its own line) and, for
a count of one town or village among larger tolls, that place. Never sums: different outlets'
tolls of one event are alternatives, not parts. A later "death toll rose to N" supersedes earlier
lower figures of its group, and a running toll of the story's own event ("the death toll rose to
57", cumulative by the guidelines) continues that event's incident line rather than starting a
second one; an increment ("four more bodies were found") is never a toll. Figures about an earlier
event ("in 2013, a typhoon killed 6,300") are background. Each line keeps every article's toll in
time order (undated ones first, in article order) and, when one source revised its own figure,
the figure it revised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from digest.extract.casualties.scope import LARGE_TALLY, MONTH_NAMES, cumulative_sentence
from digest.extract.casualties.vocabulary import ENEMY, KINDS
from digest.model import Article, CasualtyFigure, CasualtyLine, Credit, Report

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SUPERSEDES = re.compile(r"\b(?:toll|number|figure)\b[^.]{0,40}\b(?:rose|rises|risen|climbed|climbs|jumped|jumps|"
                         r"increased|reached|reaches|rising|climbing|passed|passes|topped|tops|surpassed|surpasses|"
                         r"exceeded|exceeds|revised\s+up)\b"
                         r"|\b(?:bringing|raising|pushing|taking)\s+the\s+(?:death\s+)?toll\b", re.I)
# A sentence about an earlier event: its figures give context, not this story's toll.
_BACKGROUND = re.compile(
    r"\b(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?(?:" + "|".join(MONTH_NAMES[:12]) + r"\s+)?(?:19|20)\d\d,?\s+when\b"
    r"|\bin\s+(?:(?:early|late|mid-?)\s*)?(?:19|20)\d\d\b(?!\s*(?:alone|so\s+far))|\blast\s+year\b|\bthe\s+previous\s+year\b"
    r"|\b(?:19|20)\d\d\s+(?:election|war|earthquake|quake|floods?|tsunami|attacks?|bombings?|uprising|famine|"
    r"hurricane|typhoon|cyclone|crisis|massacre|riots?|disaster)\b",
    re.I,
)
_LOCAL = r"(?:town|village|hamlet|district|neighbou?rhood|community|commune|municipality|suburb)"


def _local(figure: CasualtyFigure) -> bool:
    """The figure counts one named town or village ("In the town of X, 23 people died")."""
    if not figure.place:
        return False
    place = re.escape(figure.place)
    return bool(re.match(rf"\s*In\s+(?:the\s+{_LOCAL}\s+of\s+)?{place}\b", figure.sentence)
                or re.search(rf"\b{_LOCAL}\s+of\s+{place}\b", figure.sentence))


def _party(figure: CasualtyFigure) -> str:
    return "enemy" if figure.who.lower() in ENEMY else ""


def _sentence_batches(figures: list[CasualtyFigure]) -> list[list[CasualtyFigure]]:
    """Consecutive figures from the same sentence of the same article, kept together."""
    batches: list[list[CasualtyFigure]] = []
    for figure in figures:
        if batches and (batches[-1][0].article, batches[-1][0].sentence) == (figure.article, figure.sentence):
            batches[-1].append(figure)
        else:
            batches.append([figure])
    return batches


def _continues_incident(figure: CasualtyFigure, incident: list[CasualtyFigure]) -> bool:
    """A running toll of the event itself: "the death toll rose to 57" after "the quake killed at
    least 41". Cumulative only because a rising tally governs it: not a whole-war, nationwide or
    "since March" tally, nor one below the incident's own figures."""
    return (figure.scope == "cumulative" and bool(incident) and figure.count < LARGE_TALLY
            and not cumulative_sentence(figure.sentence) and figure.count >= max(f.count for f in incident))


def _groups(figures: list[CasualtyFigure]) -> dict[tuple[str, str, str, str], list[CasualtyFigure]]:
    """Figures (in time order) by kind, scope, party, and the place of a sub-place count."""
    incident: dict[tuple[str, str], list[CasualtyFigure]] = {}
    for figure in figures:  # an earlier event's toll ("in 2007, a quake near Pisco killed 500") is not this one's
        if figure.scope == "incident" and not _BACKGROUND.search(figure.sentence):
            incident.setdefault((figure.kind, _party(figure)), []).append(figure)
    by_kind: dict[tuple[str, str, str], list[CasualtyFigure]] = {}
    for figure in figures:
        party = _party(figure)
        scope = "incident" if _continues_incident(figure, incident.get((figure.kind, party), [])) else figure.scope
        by_kind.setdefault((figure.kind, scope, party), []).append(figure)
    groups: dict[tuple[str, str, str, str], list[CasualtyFigure]] = {}
    for key, members in by_kind.items():
        own = [o for o in members if o.scope == key[1]]  # a joined running toll is the event's, no other place's
        for figure in members:
            local = _local(figure) and any(o.place != figure.place and o.count > figure.count for o in own)
            groups.setdefault((*key, figure.place if local else ""), []).append(figure)
    return groups


def reconcile_casualties(figures: Sequence[CasualtyFigure], articles: Sequence[Article]) -> list[CasualtyLine]:
    """The story's casualty lines: per group low–high, the latest figure, who reported what."""
    by_id = {a.id: a for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}

    def when(item: tuple[int, CasualtyFigure]) -> tuple[datetime, int, int]:
        index, figure = item
        return _published(by_id.get(figure.article)) or _EPOCH, order.get(figure.article, 0), index

    in_time = [figure for _, figure in sorted(enumerate(figures), key=when)]
    lines: list[CasualtyLine] = []
    for (_, scope, party, _), items in _groups(in_time).items():
        background = [figure for figure in items if _BACKGROUND.search(figure.sentence)]
        ordered = [figure for figure in items if not _BACKGROUND.search(figure.sentence)]
        if not ordered:
            continue  # only earlier events ("in 2013, a typhoon killed 6,300"): not this story's toll
        current: list[CasualtyFigure] = []
        for batch in _sentence_batches(ordered):
            if _SUPERSEDES.search(batch[0].sentence):
                # "rose to 140, up from 95": the highest figure is the new toll, the rest are history.
                # A running toll joined to the incident line supersedes only its own article's figures:
                # other outlets' earlier tolls stay reports ("12–27 across reports").
                top = max(batch, key=lambda f: f.count)
                joined = top.scope != scope
                current = [f for f in current if f.count >= top.count or joined and f.article != top.article] + [top]
            else:
                current.extend(f for f in batch if not f.increment)
        # Each article's toll is the largest figure it gives (its parts, "seven fighters and five
        # civilians", are not alternatives); different outlets' tolls make the range.
        tolls: dict[str, CasualtyFigure] = {}
        for figure in current:
            if figure.article not in tolls or figure.count > tolls[figure.article].count:
                tolls[figure.article] = figure
        if tolls:  # only increments ("four more bodies"): no toll to show
            lines.append(_line(list(tolls.values()), ordered, current, background, by_id, scope, party))
    lines.sort(key=lambda line: (KINDS.index(line.kind), line.scope != "incident", line.party, line.place))
    return lines


def _published(article: Article | None) -> datetime | None:
    published = article.published if article else None
    return published.replace(tzinfo=UTC) if published and published.tzinfo is None else published


def _revision(latest: CasualtyFigure, ordered: list[CasualtyFigure]) -> tuple[int | None, str]:
    """The latest toll's source's own earlier, lower figure ("up from 41"), and who that source is."""
    reporter = latest.attributed_to.lower()
    earlier = [f.count for f in ordered if f.count < latest.count and f is not latest
               and (f.article == latest.article or reporter and f.attributed_to.lower() == reporter)]
    return (max(earlier), latest.attributed_to) if earlier else (None, "")


def _line(tolls: list[CasualtyFigure], ordered: list[CasualtyFigure], current: list[CasualtyFigure],
          background: list[CasualtyFigure], by_id: dict[str, Article], scope: str, party: str) -> CasualtyLine:
    """The line of one group: the latest toll's fields, the range, outlets and who reported what."""
    latest = tolls[-1]
    sources: list[str] = []
    reporters: dict[str, list[str]] = {}
    reports: list[Report] = []
    for figure in tolls:
        article = by_id.get(figure.article)
        outlets = article.outlets if article else ([figure.source] if figure.source else [])
        sources.extend(o for o in outlets if o not in sources)
        credited = reporters.setdefault(figure.attributed_to, [])
        credited.extend(o for o in outlets if o not in credited)
        reports.append(Report(figure.count, figure.qualifier, figure.attributed_to, list(outlets),
                              _published(article), figure.article))
    revised_from, revised_by = _revision(latest, ordered)
    return CasualtyLine(
        kind=latest.kind, count=latest.count, qualifier=latest.qualifier, who=latest.who,
        breakdown=[dict(part) for part in latest.breakdown], scope=scope, place=latest.place,
        attributed_to=latest.attributed_to, sentence=latest.sentence, article=latest.article, source=latest.source,
        low=min(f.count for f in tolls), high=max(f.count for f in tolls), sources=sources,
        attributions=sorted({f.attributed_to for f in tolls if f.attributed_to}),
        figures=list(ordered), superseded=[f for f in ordered if all(f is not c for c in current)],
        background=background, credits=[Credit(who, outlets) for who, outlets in reporters.items()],
        party=party, reports=reports, revised_from=revised_from, revised_by=revised_by,
    )

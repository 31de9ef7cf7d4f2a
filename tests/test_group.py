"""Story grouping: hard cases on small written fixtures, ranking, ids, the CLI, and samples/."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.cli import cli
from digest.group import DEFAULT_THRESHOLD, group_articles
from digest.model import Article

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from group_corpus import corpus_articles  # noqa: E402
from group_eval import bcubed  # noqa: E402

ROOT = Path(__file__).parent.parent
DAY = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def art(title: str, text: str, source: str, hours: float = 0.0, url: str = "") -> Article:
    return Article(title=title, text=f"{title}\n\n{text}" if title else text, source=source,
                   published=DAY + timedelta(hours=hours), url=url or f"https://example.org/{source}/{title or text[:20]}")


def partition(stories) -> set[frozenset[str]]:
    return {frozenset(a.id for a in s.articles) for s in stories}


def together(stories, *articles: Article) -> bool:
    ids = {a.id for a in articles}
    return any(ids <= {a.id for a in s.articles} for s in stories)


QUAKE = [
    art("Earthquake kills 18 in eastern Turkey",
        "A magnitude 6.4 earthquake struck Malatya province in eastern Turkey before dawn, killing at least 18 "
        "people, the disaster agency AFAD said. Apartment blocks collapsed in Dogansehir.", "AP"),
    art("Rescuers dig through rubble in Malatya",
        "Rescue teams searched collapsed buildings in Dogansehir after the Malatya earthquake. AFAD said the "
        "death toll rose to 23 as aftershocks continued.", "Reuters", 3),
]
RATES = [
    art("Turkish central bank raises interest rates again",
        "Turkey's central bank raised its one-week repo rate to 52.5 percent to fight inflation; the lira "
        "firmed after governor Fatih Karahan's decision.", "Bloomberg", 1),
    art("Lira gains after Turkey's surprise rate hike",
        "The lira gained as the Central Bank of the Republic of Turkey lifted its repo rate to 52.5 percent, "
        "more than economists forecast, citing stubborn inflation.", "Reuters", 2),
]


def test_same_country_stories_stay_apart_and_each_holds_together():
    stories = group_articles(QUAKE + RATES)
    assert partition(stories) == {frozenset(a.id for a in QUAKE), frozenset(a.id for a in RATES)}


def test_near_identical_wire_copies_join_one_story():
    text = ("Typhoon Kong-rey slammed into Kagoshima in southern Japan on Friday with winds of 180 kph, cutting "
            "power to 200,000 homes and forcing the cancellation of hundreds of flights, officials said.")
    copies = [art("Typhoon slams into southern Japan", text, outlet, i)
              for i, outlet in enumerate(["AP", "ABC News", "Washington Post"])]
    copies.append(art("Typhoon slams into southern Japan", text + " Two people were missing.", "Yahoo", 4))
    stories = group_articles(copies + QUAKE)
    assert together(stories, *copies)
    story = next(s for s in stories if copies[0] in s.articles)
    assert story.outlets == 4
    assert len(stories) == 2


def test_follow_up_two_days_later_joins_its_story():
    follow_up = art("Malatya quake toll rises to 31 as rescue ends",
                    "The death toll from the Malatya earthquake rose to 31 after rescuers recovered more bodies "
                    "in Dogansehir, the disaster agency AFAD said, ending search operations.", "Anadolu", 50)
    stories = group_articles(QUAKE + RATES + [follow_up])
    assert together(stories, *QUAKE, follow_up)
    assert not together(stories, follow_up, RATES[0])


def test_article_without_title_gets_its_most_central_sentence_as_headline():
    untitled = Article(title="", text=(
        "Magnus Carlsen won the World Rapid Chess Championship in Doha on Friday. "
        "The weather in Doha was mild. Carlsen beat Ian Nepomniachtchi in a tie-break to win the rapid title."),
        source="Chess.com", published=DAY)
    stories = group_articles([untitled] + QUAKE)
    story = next(s for s in stories if untitled in s.articles)
    assert story.articles == [untitled]
    assert story.headline != ""
    assert "Carlsen" in story.headline
    assert "weather" not in story.headline
    assert len(story.terms) == 5


def test_one_article_and_no_article():
    stories = group_articles([QUAKE[0]])
    assert len(stories) == 1
    assert stories[0].headline == QUAKE[0].title
    assert stories[0].articles == [QUAKE[0]]
    assert group_articles([]) == []


def test_empty_text_does_not_crash():
    empty = Article(title="", text="", source="X", url="https://example.org/empty")
    stories = group_articles([empty, *QUAKE])
    assert any(s.articles == [empty] for s in stories)


def test_stable_ids_do_not_depend_on_input_order():
    first = group_articles(QUAKE + RATES)
    second = group_articles(list(reversed(QUAKE + RATES)))
    assert sorted(s.id for s in first) == sorted(s.id for s in second)
    assert len({s.id for s in first}) == 2


def test_ranking_outlets_then_articles_then_recency():
    big = [art("Kyiv hit by Russian drones", "Russian drones struck a power station in Kyiv overnight, mayor "
               "Vitali Klitschko said, and three people were killed.", outlet, i)
           for i, outlet in enumerate(["AP", "BBC", "AFP"])]
    older = [art("Louvre jewel heist in Paris", "Thieves stole crown jewels from the Louvre's Apollo Gallery "
                 "in Paris, culture minister Rachida Dati said.", "AFP", -20 + i, url=f"https://x.org/l{i}")
             for i in range(2)]
    newer = [art("Fed holds interest rates steady", "The Federal Reserve held rates steady and Jerome Powell "
                 "said cuts were possible next year.", "Reuters", 10 + i, url=f"https://x.org/f{i}")
             for i in range(2)]
    lone = [art("NASA launches Europa probe", "NASA launched a probe to Jupiter's moon Europa on a Falcon Heavy "
                "rocket from Cape Canaveral.", "Space.com", 30)]
    stories = group_articles(lone + older + newer + big)
    assert [s.articles[0].title for s in stories] == [
        big[0].title, newer[0].title, older[0].title, lone[0].title]
    # key terms are readable words, not stems
    assert "Kyiv" in stories[0].terms and all(t for t in stories[0].terms)


def test_threshold_bounds_and_effect():
    with pytest.raises(ValueError):
        group_articles(QUAKE, threshold=1.5)
    assert len(group_articles(QUAKE + RATES, threshold=0.0)) == 1
    assert len(group_articles(QUAKE + RATES, threshold=1.0)) == 4


def test_written_news_day_scores_well_at_default_threshold():
    articles, gold = corpus_articles()
    stories = group_articles(articles)
    story_of = {a.id: s.id for s in stories for a in s.articles}
    _, _, f1 = bcubed([story_of[a.id] for a in articles], [gold[a.id] for a in articles])
    assert f1 >= 0.95
    # the two Syria stories, and the two Middle East stories of the same day, stay apart
    stories_by_gold = {gold[a.id]: story_of[a.id] for a in articles}
    assert stories_by_gold["idlib"] != stories_by_gold["geneva"]
    assert stories_by_gold["gaza"] != stories_by_gold["lebanon"]
    assert stories_by_gold["fed"] != stories_by_gold["cbrt"]


def test_bcubed_scores_known_partitions():
    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(["a", "a", "a", "a"], ["x", "x", "y", "y"])
    assert (p, r) == (0.5, 1.0)
    p, r, _ = bcubed(["a", "b", "c", "d"], ["x", "x", "y", "y"])
    assert (p, r) == (1.0, 0.5)


def _write_day(tmp_path: Path) -> list[str]:
    paths = []
    for i, a in enumerate(QUAKE + RATES):
        path = tmp_path / f"a{i}.txt"
        path.write_text(a.text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_cli_group_text(tmp_path):
    result = CliRunner().invoke(cli, ["group", *_write_day(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("1. ")
    assert "\n2. " in out and "\n3. " not in out
    assert "Malatya" in out and "2 articles" in out


def test_cli_group_json(tmp_path):
    result = CliRunner().invoke(cli, ["group", *_write_day(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["stories"]) == 2
    for story in data["stories"]:
        assert set(story) >= {"id", "headline", "terms", "outlets", "articles"}
        assert len(story["articles"]) == 2
        assert set(story["articles"][0]) >= {"id", "title", "source", "path", "url", "published"}
    result = CliRunner().invoke(cli, ["group", *_write_day(tmp_path), "--format", "json", "--threshold", "0"])
    assert len(json.loads(result.stdout)["stories"]) == 1


@pytest.mark.skipif(not (ROOT / "samples" / "MANIFEST.json").exists(), reason="samples/ not written yet")
def test_samples_match_manifest():
    from group_eval import label_articles, read_manifest

    from digest.ingest import read_sources

    result = read_sources([str(ROOT / "samples")], on_warning=lambda m: None)
    gold = label_articles(result.articles, ROOT / "samples", read_manifest(ROOT / "samples" / "MANIFEST.json"))
    assert len(gold) >= len(result.articles) * 0.9
    labelled = [a for a in result.articles if a.id in gold]
    story_of = {a.id: s.id for s in group_articles(labelled, DEFAULT_THRESHOLD) for a in s.articles}
    _, _, f1 = bcubed([story_of[a.id] for a in labelled], [gold[a.id] for a in labelled])
    assert f1 >= 0.9


def test_oversized_components_are_split_but_every_article_kept(monkeypatch):
    import digest.group

    articles, _ = corpus_articles()
    monkeypatch.setattr(digest.group, "MAX_BLOCK", 3)
    stories = group_articles(articles, threshold=0.05)
    ids = [a.id for s in stories for a in s.articles]
    assert sorted(ids) == sorted(a.id for a in articles)
    assert all(len(s.articles) <= 3 for s in stories)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "Quake in Peru", "Rates rise", "Talks in Geneva"]),
                          st.text(alphabet="abc DEF.,\n", max_size=80)), min_size=1, max_size=8))
def test_every_article_lands_in_exactly_one_story(items):
    articles = [Article(title=t, text=x, source=f"S{i % 3}", url=f"https://example.org/{i}")
                for i, (t, x) in enumerate(items)]
    stories = group_articles(articles)
    assert sorted(a.id for s in stories for a in s.articles) == sorted(a.id for a in articles)
    assert len({s.id for s in stories}) == len(stories)

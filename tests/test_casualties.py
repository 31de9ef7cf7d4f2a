"""Casualty extraction and reconciliation, on sentences written for these tests."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.extract import extract_story
from digest.extract.casualties import KINDS, extract_casualties, reconcile_casualties, sentence_figures
from digest.labels import casualty_label, figure_text
from digest.model import Article, CasualtyFigure, CasualtyLine, Credit, Story


def figures(text: str, source: str = "Test Wire") -> list[CasualtyFigure]:
    return extract_casualties(Article(title="Test story", text=text, source=source))


def pairs(text: str) -> list[tuple[str, int, str]]:
    return [(f.kind, f.count, f.qualifier) for f in figures(text)]


# --- the issue's example, in our own words -------------------------------------------------------

EXAMPLE = """Test story

Moscow said on Friday that its jets had flown 32 attacks on what it called terrorist positions, compared with some 86 the day before.

The Syrian Observatory for Human Rights, a monitoring group based in Britain, said at least 10 people, six of them rebels, had been killed in a wave of Russian air strikes north of Homs.

Since March 2011, more than 245,000 people have been killed in the war, and more than four million have fled the country.
"""


def test_issue_example():
    found = figures(EXAMPLE)
    assert [(f.kind, f.count, f.qualifier, f.scope) for f in found] == [
        ("killed", 10, "at_least", "incident"),
        ("killed", 245_000, "more_than", "cumulative"),
        ("displaced", 4_000_000, "more_than", "cumulative"),
    ]
    toll = found[0]
    assert toll.breakdown == [{"count": 6, "who": "rebels"}]
    assert toll.who == "people"
    assert toll.attributed_to == "Syrian Observatory for Human Rights"
    assert "six of them rebels" in toll.sentence


# --- sentence cases (tests/data/casualties/*.json) ----------------------------------------------
# Each case: one behaviour, a sentence, `must` (every figure it gives, in order, as kind, count,
# qualifier) and `must_not` (a reading it must not give, as kind and count).

CASES = Path(__file__).parent / "data" / "casualties"


def _cases() -> list:
    found = []
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            found.append(pytest.param(case, id=f"{path.stem}: {case['behaviour']}"))
    return found


@pytest.mark.parametrize("case", _cases())
def test_sentence_case(case):
    found = pairs(case["sentence"])
    assert found == [tuple(f) for f in case["must"]]
    assert not [f for f in found if list(f[:2]) in case["must_not"]]


# --- mentions ----------------------------------------------------------------------------------


def test_one_record_per_mention():
    text = "Test story\n\nThe bombing killed 18 people.\n\nThe toll of 18 was confirmed by police.\n\nAll 18 people killed were shoppers."
    assert pairs(text) == [("killed", 18, "exact")] * 3


def test_coordinated_figures_each_count():
    assert pairs("The attackers killed five people and wounded nine others.") == [
        ("killed", 5, "exact"), ("injured", 9, "exact")]
    assert pairs("Gunmen abducted 30 pupils and two teachers.") == [("abducted", 30, "exact"), ("abducted", 2, "exact")]


def test_a_revised_figure_is_a_figure():
    assert pairs("The death toll rose to 140, up from 95 on Monday.") == [("killed", 140, "exact"), ("killed", 95, "exact")]
    assert pairs("Officials raised the death toll from the weekend floods in the valley to 52, from 38 reported earlier.") == [
        ("killed", 52, "exact"), ("killed", 38, "exact")]


# --- breakdown ---------------------------------------------------------------------------------

def test_breakdown_is_one_figure():
    found = figures("At least 10 people, six of them rebels, had been killed in the raid.")
    assert [(f.count, f.qualifier, f.breakdown) for f in found] == [(10, "at_least", [{"count": 6, "who": "rebels"}])]


def test_breakdown_with_including():
    found = figures("The strike killed 22 people, including 8 children and three women.")
    assert len(found) == 1
    assert found[0].breakdown == [{"count": 8, "who": "children"}, {"count": 3, "who": "women"}]


def test_of_them_with_a_verb_is_a_new_figure():
    assert pairs("More than 60 people were injured, and 8 of them died overnight.") == [
        ("injured", 60, "more_than"), ("killed", 8, "exact")]


def test_breakdown_does_not_swallow_the_next_clause():
    assert pairs("Medics said 40 had died, including 9 women, while the army said 6 soldiers had been killed.") == [
        ("killed", 40, "exact"), ("killed", 6, "exact")]


# --- scope, attribution, place -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("A bomb killed 7 people at a market.", "incident"),
        ("The virus has killed 120 people so far this year.", "cumulative"),
        ("The death toll has risen to 88.", "cumulative"),
        ("Nationwide, 40 people were arrested.", "cumulative"),
        ("The conflict has killed more than 9,000 people since 2014.", "cumulative"),
    ],
)
def test_scope(text, scope):
    assert [f.scope for f in figures(text)] == [scope]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("At least 9 people were killed, according to the Red Crescent.", "Red Crescent"),
        ("State television reported that 15 soldiers had been killed.", "State television"),
        ("Fifteen soldiers were killed, the defence ministry said on Monday.", "defence ministry"),
        ("Fifteen soldiers were killed on Monday, said the governor of the province.", "governor of the province"),
        ("Fifteen soldiers were killed on Monday.", ""),
    ],
)
def test_attribution(text, source):
    assert [f.attributed_to for f in figures(text)] == [source]


def test_place():
    assert [f.place for f in figures("The raid killed 8 people in the village of Tel Harun on Monday.")] == ["Tel Harun"]
    assert [f.place for f in figures("Twelve people were killed in Mosul.")] == ["Mosul"]


def test_article_fields_and_headline_counted_once():
    # The headline is a mention (guidelines: every mention); repeated as the text's first line it is still one.
    article = Article(title="Blast kills 30", text="Blast kills 30\n\nThe blast killed 31 people.", source="Outlet A")
    found = extract_casualties(article)
    assert [(f.count, f.sentence, f.article, f.source) for f in found] == [
        (30, "Blast kills 30", article.id, "Outlet A"), (31, "The blast killed 31 people.", article.id, "Outlet A")]


def test_a_title_made_from_the_first_sentence_is_not_a_second_mention():
    article = Article(title="At least 12 people were killed in a blast on Monday, police said",
                      text="At least 12 people were killed in a blast on Monday, police said. Another 30 were injured.")
    assert pairs_of(article) == [("killed", 12, "at_least"), ("injured", 30, "exact")]


def pairs_of(article: Article) -> list[tuple[str, int, str]]:
    return [(f.kind, f.count, f.qualifier) for f in extract_casualties(article)]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Gunmen abduct 23 bus passengers on northern highway", [("abducted", 23, "exact")]),
        ("Police arrest hundreds as fuel protests turn violent", [("arrested", 100, "vague")]),
        ("Stampede at festival kills 38, injures over 100", [("killed", 38, "exact"), ("injured", 100, "more_than")]),
        ("Death toll from storms tops 60", [("killed", 60, "exact")]),
        ("Heat wave death toll climbs to 212", [("killed", 212, "exact")]),
        ("Airliner crashes in hills; 62 aboard feared dead", [("killed", 62, "exact")]),
        ("Strike on camp kills 9 as thousands flee fighting", [("killed", 9, "exact"), ("displaced", 1_000, "vague")]),
        ("Cyclone slams into coast; 1.2 million in shelters", [("displaced", 1_200_000, "exact")]),
        ("Prison riot leaves 17 inmates dead", [("killed", 17, "exact")]),
        ("Budget of $40 million approved by 212 votes", []),
    ],
)
def test_headlines(headline, expected):
    article = Article(title=headline, text="The report follows.", source="Outlet A")
    assert [(f.kind, f.count, f.qualifier) for f in extract_casualties(article)] == expected


_NEWSY = st.lists(st.sampled_from(
    ["at least", "10", "dozens", "of", "people", "were", "killed", "wounded", "and", "2,000", "fled", ",", "not",
     "could", "kill", "the", "death toll", "rose to", "$", "5", "%", "aged", "30", "six of them rebels", "including",
     "three", "children", "bodies", "police", "said", "arrested", "between", "to", "hostage", "from"]),
    max_size=30).map(" ".join)


@given(st.one_of(st.text(max_size=300), _NEWSY))
def test_any_text_gives_well_formed_figures(text):
    for figure in sentence_figures(text):
        assert figure["kind"] in KINDS
        assert isinstance(figure["count"], int) and figure["count"] >= 0
        assert figure["qualifier"] in ("exact", "at_least", "more_than", "about", "up_to", "vague")
        assert figure["scope"] in ("incident", "cumulative")


def test_other_languages_give_no_figures():
    article = Article(title="T", text="T\n\nAu moins 10 personnes ont été tuées, 10 people killed.", language="french")
    assert extract_casualties(article) == []




@pytest.mark.parametrize(
    ("text", "scopes"),
    [
        # a running total is cumulative (guidelines), and only the figure it names
        ("The death toll jumped to 57 after two of the wounded died.", [(57, "cumulative"), (2, "incident")]),
        ("Two more bodies were found, raising the death toll to 57.", [(2, "incident"), (57, "cumulative")]),
        ("Cyclone toll rises to 26 as India reports nine deaths", [(26, "cumulative"), (9, "incident")]),
        ("The number of dead rose to 57, officials said.", [(57, "cumulative")]),
        ("The death toll passed 1,000 on Tuesday.", [(1_000, "cumulative")]),
        ("The death toll rose to 140, up from 95 a day earlier.", [(140, "cumulative"), (95, "cumulative")]),
        ("The death toll in the fire was 57.", [(57, "incident")]),
        ("The death toll rose from 27 to 31 overnight.", [(27, "incident"), (31, "cumulative")]),
    ],
)
def test_running_totals_are_cumulative_per_figure(text, scopes):
    assert [(f.count, f.scope) for f in figures(text)] == scopes


def test_a_breakdown_ends_where_the_next_clause_begins():
    (killed, injured) = figures("Rockets hit the city, killing 14 people, among them three children, and wounding "
                                "at least 37 others, the governor said.")
    assert (killed.kind, killed.count, killed.breakdown) == ("killed", 14, [{"count": 3, "who": "children"}])
    assert (injured.kind, injured.count, injured.qualifier) == ("injured", 37, "at_least")


def test_a_named_part_is_a_breakdown_not_a_second_toll():
    (toll,) = figures("A collapse in 2014 killed 116 people, 84 of them South Africans.")
    assert (toll.count, [part["count"] for part in toll.breakdown]) == (116, [84])


@pytest.mark.parametrize(
    ("text", "place", "reporter"),
    [
        ("A monitor based in Britain said 10 people were killed in Aleppo.", "Aleppo", "monitor"),
        ("The monitor, which is based in Britain, said 10 people were killed.", "", "monitor"),
        ("At least 10 people were killed in Russian raids north of Homs.", "Homs", ""),
        ("Diplomats in Brussels said the war has killed 245,000 people.", "", "Diplomats in Brussels"),
        ("Floods killed 12 people in southern Peru.", "Peru", ""),
        ("In the town of Santa Lucía de Orcos, 23 people died, according to the town hall.", "Santa Lucía de Orcos",
         "town hall"),
        ("It was the deadliest quake in Peru since 2007, when a quake near Pisco killed 500 people.", "Pisco", ""),
        ("Across the Orcos Valley, the death toll rose to 57, the institute said.", "Orcos Valley", "institute"),
        ("The Observatory, a monitoring group based in Britain that relies on a network of contacts inside the "
         "country, said 10 people were killed.", "", "Observatory"),
    ],
)
def test_place_is_where_the_casualties_were(text, place, reporter):
    (figure,) = figures(text)
    assert (figure.place, figure.attributed_to) == (place, reporter)


def test_headline_place_is_not_guessed_from_title_case():
    article = Article(title="Twelve Killed in Russian Raids North of Homs", text="Body follows.", source="A")
    assert [(f.count, f.place) for f in extract_casualties(article)] == [(12, "")]


# --- reconciliation ------------------------------------------------------------------------------

def _article(text: str, source: str, hour: int) -> Article:
    return Article(title="Story", text=text, source=source, published=datetime(2026, 3, 2, hour, tzinfo=UTC))


def _reconcile(*articles: Article) -> list[CasualtyLine]:
    return reconcile_casualties([f for a in articles for f in extract_casualties(a)], list(articles))


def test_reconcile_outlets_give_a_range_not_a_sum():
    a = _article("Story\n\nAt least 10 people were killed, the monitor said.", "Agence A", 8)
    b = _article("Story\n\nFourteen people were killed, state TV reported.", "Outlet B", 9)
    [line] = _reconcile(a, b)
    assert (line.kind, line.low, line.high, line.count) == ("killed", 10, 14, 14)
    assert line.sources == ["Agence A", "Outlet B"]
    assert len(line.figures) == 2
    assert casualty_label(line) == "Killed: 10\u201314 (monitor via Agence A; state TV via Outlet B)"


def test_reconcile_same_figure_twice_is_not_added():
    a = _article("Story\n\nThe blast killed 10 people.", "Agence A", 8)
    b = _article("Story\n\nThe blast killed 10 people.", "Outlet B", 9)
    [line] = _reconcile(a, b)
    assert (line.low, line.high) == (10, 10)


def test_reconcile_a_rising_toll_of_the_event_continues_its_incident_line():
    early = _article("Story\n\nThe quake killed at least 41 people.", "Agence A", 6)
    late = _article("Story\n\nThe death toll rose to 57 on Tuesday.", "Outlet B", 18)
    assert [f.scope for f in extract_casualties(late)] == ["cumulative"]  # a running total, by the guidelines
    [line] = [line for line in _reconcile(late, early) if line.kind == "killed"]
    assert (line.scope, line.low, line.high, line.count) == ("incident", 41, 57, 57)
    assert [(r.count, r.outlets) for r in line.reports] == [(41, ["Agence A"]), (57, ["Outlet B"])]


def test_reconcile_an_earlier_events_larger_toll_does_not_split_the_running_toll():
    early = _article("Story\n\nThe quake killed at least 41 people. A quake near Pisco in 2007 killed more than 500 people.",
                     "Agence A", 6)
    late = _article("Story\n\nThe death toll from the quake rose to 57, up from 41 earlier in the day.", "Outlet B", 18)
    lines = [line for line in _reconcile(late, early) if line.kind == "killed"]
    assert [(line.scope, line.low, line.high, line.count) for line in lines] == [("incident", 41, 57, 57)]


def test_reconcile_a_nationwide_running_toll_stays_its_own_line():
    early = _article("Story\n\nThe quake killed 41 people in the town.", "Agence A", 6)
    late = _article("Story\n\nThe nationwide death toll from the floods rose to 300 this year.", "Outlet B", 18)
    lines = [line for line in _reconcile(late, early) if line.kind == "killed"]
    assert [(line.scope, line.count) for line in lines] == [("incident", 41), ("cumulative", 300)]


@pytest.mark.parametrize(("text", "increments"), [
    ("Rescuers found four more bodies on Tuesday.", [True]),
    ("Two more bodies were found, raising the death toll to 57.", [True, False]),
    ("Police arrested another 12 protesters.", [True]),
    # after a figure of another kind, "more" / "another" only sets a new group apart
    ("Four people died and six more were injured.", [False, False]),
    ("Officials said 14 people were dead, while another 30 remain missing.", [False, False]),
])
def test_an_increment_is_marked_on_its_figure(text, increments):
    assert [f.increment for f in figures(text)] == increments


def test_reconcile_an_increment_is_never_a_toll():
    toll = _article("Story\n\nThe quake killed 14 people, officials said.", "Agence A", 6)
    more = _article("Story\n\nRescuers found four more bodies on Tuesday. Officials said 15 people had died.",
                    "Outlet B", 18)
    assert [f.increment for f in extract_casualties(more)] == [True, False]
    [line] = _reconcile(toll, more)
    assert (line.low, line.high, line.count) == (14, 15, 15)
    only_more = _article("Story\n\nRescuers found four more bodies on Tuesday.", "Outlet C", 19)
    assert _reconcile(only_more) == []


def test_reconcile_supersedes_within_a_scope():
    early = _article("Story\n\nThe death toll stood at 120 on Monday.", "Agence A", 6)
    late = _article("Story\n\nThe death toll rose to 300 on Tuesday.", "Outlet B", 18)
    early_figures = extract_casualties(early)
    for f in early_figures:
        f.scope = "cumulative"
    [line] = reconcile_casualties(early_figures + extract_casualties(late), [early, late])
    assert (line.low, line.high, line.count) == (300, 300, 300)
    assert [f.count for f in line.superseded] == [120]
    assert [f.count for f in line.figures] == [120, 300]


def test_reconcile_up_from_in_the_same_sentence_is_superseded():
    a = _article("Story\n\nThe death toll rose to 140 on Tuesday, up from 95 a day earlier.", "Agence A", 8)
    [line] = _reconcile(a)
    assert (line.count, line.low, line.high) == (140, 140, 140)
    assert [f.count for f in line.superseded] == [95]


def test_reconcile_keeps_incident_and_cumulative_apart():
    a = _article("Story\n\nAt least 10 people were killed on Monday. More than 245,000 people have been killed "
                 "since March 2011.", "Agence A", 8)
    lines = _reconcile(a)
    assert [(line.scope, line.low, line.high) for line in lines] == [
        ("incident", 10, 10), ("cumulative", 245_000, 245_000)]
    assert casualty_label(lines[0]) == "Killed: at least 10 (Agence A)"
    assert casualty_label(lines[1]).startswith("Killed (total): more than 245,000")


def test_reconcile_leaves_earlier_events_out_of_the_toll():
    a = _article("Story\n\nThe quake killed 40 people on Monday. It was the worst since 1999, when 900 people died.",
                 "Agence A", 8)
    [line] = _reconcile(a)
    assert (line.low, line.high) == (40, 40)
    assert [f.count for f in line.background] == [900]


def test_a_verb_is_not_a_reporter():
    found = figures("The army said 3 soldiers had died, but denied reports that 40 troops had been taken prisoner.")
    assert [(f.count, f.attributed_to) for f in found] == [(3, "army"), (40, "army")]


def test_reconcile_kinds_are_separate_lines():
    a = _article("Story\n\nThe attack killed 6 people and wounded 20.", "Agence A", 8)
    assert [(line.kind, line.count) for line in _reconcile(a)] == [("killed", 6), ("injured", 20)]


def test_extract_story_fills_reconciled_casualties():
    a = _article("Story\n\nThe attack killed 6 people.", "Agence A", 8)
    b = _article("Story\n\nThe attack killed 8 people.", "Outlet B", 9)
    story = extract_story(Story(id="s1", headline="Attack", articles=[a, b]), only="casualties")
    assert [(c.low, c.high, c.sources) for c in story.casualties] == [(6, 8, ["Agence A", "Outlet B"])]


def test_parts_of_one_outlets_toll_do_not_widen_the_range():
    first = _article("Nine people were killed in the shelling, the monitor said.", "Outlet A", 8)
    second = _article("Eleven people were killed in the shelling, medics said. The dead included eight soldiers "
                      "and three civilians, medics said.", "Outlet B", 9)
    figures = extract_casualties(first) + extract_casualties(second)
    killed = [line for line in reconcile_casualties(figures, [first, second]) if line.kind == "killed"]
    assert len(killed) == 1
    assert (killed[0].low, killed[0].high) == (9, 11)


def test_a_war_long_toll_is_cumulative():
    (figure,) = sentence_figures("Diplomats said the plan did nothing to end a war that has killed more than "
                                 "300,000 people.")
    assert figure["scope"] == "cumulative"


def test_reporter_name_drops_time_words():
    (figure,) = sentence_figures("Earlier in the day officials had reported 41 deaths.")
    assert figure["attributed_to"] == "officials"


def test_claims_about_enemy_fighters_are_a_line_of_their_own():
    monitor = _article("Story\n\nAt least 10 people were killed in the raids, the monitor said.", "Outlet A", 8)
    army = _article('Story\n\nThe army said it had killed "dozens of terrorists" in the offensive.', "Outlet B", 9)
    lines = [line for line in _reconcile(monitor, army) if line.kind == "killed"]
    assert [(line.party, line.low, line.high) for line in lines] == [("", 10, 10), ("enemy", 12, 12)]
    assert "terrorists" in figure_text(lines[1]) and lines[1].credits == [Credit("army", ["Outlet B"])]


def test_a_town_s_count_is_never_an_outlet_s_toll():
    first = _article("Story\n\nThe quake killed at least 41 people, officials said.", "Outlet A", 8)
    town = _article("Story\n\nIn the town of Santa Rita, 23 people died, according to the town hall.", "Outlet B", 9)
    lines = _reconcile(first, town)
    assert [(line.place, line.low, line.high) for line in lines] == [("", 41, 41), ("Santa Rita", 23, 23)]


def test_attribution_comes_only_from_the_figure_s_own_report():
    (figure,) = figures("Diplomats in Brussels said the talks did nothing to end a war that has killed more than "
                        "245,000 people.")
    assert figure.attributed_to == ""
    found = figures("Police said the road was closed. Twelve people were killed.")
    assert [(f.count, f.attributed_to) for f in found] == [(12, "")]


def test_reports_are_in_time_order_with_undated_ones_first_in_article_order():
    undated = Article(title="Story", text="Story\n\nAt least 41 people were killed.", source="Wire U")
    later = _article("Story\n\nSixty people were killed.", "Outlet L", 18)
    early = _article("Story\n\nFifty people were killed.", "Outlet E", 6)
    [line] = _reconcile(later, undated, early)
    assert [(r.count, r.outlets) for r in line.reports] == [(41, ["Wire U"]), (50, ["Outlet E"]), (60, ["Outlet L"])]
    assert figure_text(line) == "41–60 across reports (latest: 60 people; earlier: 41 Wire U, 50 Outlet E)"


def test_a_source_that_revises_its_own_toll_shows_the_rise():
    a = _article("Story\n\nThe death toll rose to 57, the institute said, up from 41 earlier in the day.", "Outlet A", 8)
    [line] = _reconcile(a)
    assert (line.count, line.revised_from, line.revised_by) == (57, 41, "institute")
    assert figure_text(line) == "57 people (rose from 41, institute)"


# --- hostages from the article's context: the crew of a hijacked ship ------------------------------


def test_the_crew_of_a_hijacked_ship_are_hostages():
    text = ("Pirates hijack cargo ship off Yemen\n\nPirates seized the bulk carrier Orion Star on Tuesday.\n\n"
            "The ship has a crew of 21. There were 21 sailors on board, most of them from the Philippines.")
    assert pairs(text) == [("abducted", 21, "exact")] * 2


def test_the_crew_of_a_failed_hijacking_are_no_hostages():
    text = ("Navy repels pirates\n\nThe crew fought off pirates who tried to hijack the tanker.\n\n"
            "There were 24 crew members on board.")
    assert pairs(text) == []


def test_when_pirates_kidnap_part_of_a_crew_only_those_taken_are_hostages():
    text = ("Pirates hijack trawler, kidnap six crew\n\nPirates hijacked a trawler and kidnapped six of its 14 crew members.\n\n"
            "The other eight crew members were unharmed.")
    assert pairs(text) == [("abducted", 6, "exact")] * 2


def test_a_freed_crew_of_a_hijacked_ship_are_no_hostages():
    text = "Pirates free hijacked tanker\n\nPirates released the hijacked tanker on Friday.\n\nIts 25 crew members were freed unharmed."
    assert pairs(text) == []


def test_rebels_seizing_a_ship_make_its_crew_hostages():
    text = ("Rebels seize freighter in Gulf, hold 18 crew\n\nRebels seized the freighter Blue Dawn on Monday and "
            "took its 18 crew members ashore.\n\nThe country demanded the release of the 18 crew members.")
    assert pairs(text) == [("abducted", 18, "exact")] * 3  # a release demanded: still held


def test_the_crew_of_a_vanished_ship_are_missing():
    text = ("Search widens for vanished cargo ship\n\nThe cargo ship Sea Lantern vanished off Sulawesi on Monday.\n\n"
            "The vessel had over 14 crewmembers, including a captain and 13 other crew.")
    assert pairs(text) == [("missing", 14, "more_than"), ("missing", 13, "exact")]


def test_the_crew_of_a_ship_that_docked_are_no_figures():
    text = "Cargo ship docks after storm\n\nThe cargo ship Sea Lantern docked in Makassar on Monday.\n\nIt had 14 crew members on board."
    assert pairs(text) == []

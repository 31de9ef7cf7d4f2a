"""Casualty extraction and reconciliation, on sentences written for these tests."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.extract import extract_story
from digest.extract.casualties import KINDS, extract_casualties, reconcile_casualties, sentence_figures
from digest.model import Article, CasualtyFigure, Story


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


# --- kinds -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A car bomb killed 14 people at a checkpoint.", [("killed", 14, "exact")]),
        ("Nine miners died when the shaft flooded.", [("killed", 9, "exact")]),
        ("The death toll stood at 31 on Monday.", [("killed", 31, "exact")]),
        ("Divers recovered 7 bodies from the lake.", [("killed", 7, "exact")]),
        ("Eleven people lost their lives in the blaze.", [("killed", 11, "exact")]),
        ("At least 40 passengers are dead or missing after the ferry sank.", [("killed", 40, "at_least")]),
        ("The rioters wounded 23 policemen.", [("injured", 23, "exact")]),
        ("Eight pilgrims were hurt in the crush.", [("injured", 8, "exact")]),
        ("Some 15 climbers remain missing on the mountain.", [("missing", 15, "about")]),
        ("About 300 villagers are still unaccounted for.", [("missing", 300, "about")]),
        ("A fishing boat with 12 crew has not been heard from since Tuesday.", [("missing", 12, "exact")]),
        ("The floods forced 5,000 residents to flee.", [("displaced", 5_000, "exact")]),
        ("Officials evacuated 2,300 people from the valley.", [("displaced", 2_300, "exact")]),
        ("The camp now holds 18,000 refugees.", [("displaced", 18_000, "exact")]),
        ("Around 900 people are sleeping in emergency shelters.", [("displaced", 900, "about")]),
        ("Police arrested 56 demonstrators outside parliament.", [("arrested", 56, "exact")]),
        ("Twenty activists were detained overnight.", [("arrested", 20, "exact")]),
        ("The army said it had taken 31 fighters prisoner.", [("arrested", 31, "exact")]),
        ("Bandits kidnapped 19 farmers on Sunday.", [("abducted", 19, "exact")]),
        ("Four engineers were taken hostage at the site.", [("abducted", 4, "exact")]),
        ("The group is holding 9 tourists hostage.", [("abducted", 9, "exact")]),
        ("Police have rearrested 40 of the escaped inmates.", [("arrested", 40, "exact")]),
        ("The council said 73 people had suffered gunshot wounds.", [("injured", 73, "exact")]),
        ("Monitors recorded 310 extrajudicial killings.", [("killed", 310, "exact")]),
        ("The ministry put the number of detainees at 87.", [("arrested", 87, "exact")]),
        ("Among the dead were 5 children.", [("killed", 5, "exact")]),
        ("Soldiers detained the village chief and two of his sons.", [("arrested", 2, "exact")]),
        ("About 200 men from the town disappeared last year.", [("missing", 200, "about")]),
        ("Gunmen took 25 pupils and teachers captive.", [("abducted", 25, "exact")]),
        ("Some 2,000 people in camps near the border have been injured.", [("injured", 2_000, "about")]),
        ("Some 4,000 people are sheltering in schools.", [("displaced", 4_000, "about")]),
        ("Six civilians and security guards were killed.", [("killed", 6, "exact")]),
        ("The dead included four children and two women.", [("killed", 4, "exact"), ("killed", 2, "exact")]),
        ("About 9,000 were displaced in the north and 3,500 evacuated in the south.",
         [("displaced", 9_000, "about"), ("displaced", 3_500, "exact")]),
        ("Ten miners were killed and dozens more remain missing.", [("killed", 10, "exact"), ("missing", 12, "vague")]),
    ],
)
def test_kinds(text, expected):
    assert pairs(text) == expected


# --- numbers and qualifiers ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast killed at least 12 people.", [("killed", 12, "at_least")]),
        ("More than 70 people were wounded.", [("injured", 70, "more_than")]),
        ("Well over 1,000 people fled the town.", [("displaced", 1_000, "more_than")]),
        ("Nearly 60 people were killed.", [("killed", 60, "about")]),
        ("An estimated 2m people have fled.", [("displaced", 2_000_000, "about")]),
        ("Up to 25 people may have died.", [("killed", 25, "up_to")]),
        ("The real number of arrests was closer to 500.", [("arrested", 500, "about")]),
        ("As many as 80 protesters were arrested.", [("arrested", 80, "up_to")]),
        ("The shelling killed between 20 and 25 civilians.", [("killed", 20, "at_least")]),
        ("Three to five people were injured.", [("injured", 3, "at_least")]),
        ("Dozens of people were killed.", [("killed", 12, "vague")]),
        ("Tens of thousands have fled the fighting.", [("displaced", 10_000, "vague")]),
        ("A dozen soldiers were killed and two dozen were wounded.",
         [("killed", 12, "exact"), ("injured", 24, "exact")]),
        ("The storm displaced half a million people.", [("displaced", 500_000, "exact")]),
        ("The war has driven 1.5 million into exile.", [("displaced", 1_500_000, "exact")]),
        ("Twenty-three people drowned.", [("killed", 23, "exact")]),
        ("Police detained 300-plus protesters.", [("arrested", 300, "more_than")]),
    ],
)
def test_numbers_and_qualifiers(text, expected):
    assert pairs(text) == expected


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The count now includes 12 sailors whose bodies were recovered on Friday.", [("killed", 12, "exact")]),
        ("The find brings to more than 90 the number of hikers who have died on the trail.",
         [("killed", 90, "more_than")]),
        ("All 64 people on board a small plane were killed.", [("killed", 64, "exact")]),
        ("Police put the number of people abducted at 17.", [("abducted", 17, "exact")]),
        ("A landslide killed one farmer.", [("killed", 1, "exact")]),
        ("Some 5,000 people were moved to storm shelters.", [("displaced", 5_000, "about")]),
        ("More than 900 people die on the roads every year.", [("killed", 900, "more_than")]),
        ("Of those, 3 million are refugees.", [("displaced", 3_000_000, "exact")]),
        ("Five people were treated for minor injuries.", [("injured", 5, "exact")]),
        ("About 70 of those detained are still in jail.", [("arrested", 70, "about")]),
        ("The court convicted 4 men of the killing of 9 villagers.", [("killed", 9, "exact")]),
        ("The number of people forced to flee their homes has passed 2 million.", [("displaced", 2_000_000, "exact")]),
        ("Kidnappings in the region fell to 30 last year from 135 in 2020.",
         [("abducted", 30, "exact"), ("abducted", 135, "exact")]),
        ("Her husband and two sons were among the dead.", [("killed", 2, "exact")]),
        ("Among those detained are at least 12 students.", [("arrested", 12, "at_least")]),
        ("Some 800 people spent the night in school shelters.", [("displaced", 800, "about")]),
        ("The gang took about 40 people hostage.", [("abducted", 40, "about")]),
        ("About 6,000 people have taken refuge in churches.", [("displaced", 6_000, "about")]),
    ],
)
def test_wire_constructions(text, expected):
    assert pairs(text) == expected


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


# --- guards ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "The government pledged $40 million to the families of those killed.",
        "The bill was passed by 231 votes to 190 on Thursday.",
        "A 34-year-old man was killed.",
        "The town was last flooded in 1987, when homes were destroyed.",
        "Unemployment rose to 12% as thousands of jobs were lost.",
        "No one was hurt in the fire.",
        "None of the 60 passengers was injured.",
        "Experts warned that a stronger quake could kill thousands.",
        "A new dam would displace 20,000 villagers.",
        "Prosecutors charged 14 people over the riot.",
        "Officials released 200 detainees on Tuesday.",
        "Eight people detained on Monday were released without charge.",
        "The rebels freed 11 hostages.",
        "More than 300 sheep were killed by the floodwaters.",
        "Two gunmen killed a guard.",
        "Four gunmen shot dead a guard.",
        "The city, home to 2 million people, was evacuated.",
        "The woman was the 60th person killed this year.",
        "Russia launched 32 attacks on targets in the province.",
        "A report that 50 people had been killed was later withdrawn as incorrect.",
        "Coroners have identified 45 of the bodies.",
        "So far 45 bodies have been identified.",
        "Several people were killed and many were hurt.",
        "A soldier was killed.",
        "The storm left hundreds of thousands without power.",
    ],
)
def test_guards(text):
    assert pairs(text) == []


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


# --- round 2: triggers, clauses and guards found by the second labelled batch ---------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said 16 people had died after two of the wounded succumbed to their injuries.",
         [("killed", 16, "exact"), ("killed", 2, "exact")]),
        ("The driver and two passengers who tried to flee were shot dead.", [("killed", 2, "exact")]),
        ("Two men suspected of organising the crossing were arrested on Saturday.", [("arrested", 2, "exact")]),
        ("25 people fleeing the violence were killed at a checkpoint.", [("killed", 25, "exact")]),
        ("Police arrested the owner of the site and two supervisors.", [("arrested", 2, "exact")]),
        ("Nine miners were rescued, and five of them were being treated for broken bones and other injuries.",
         [("injured", 5, "exact")]),
        ("Four guards were still being held by the inmates on Wednesday.", [("abducted", 4, "exact")]),
        ("The 50 hostages held by the group include several foreigners.", [("abducted", 50, "exact")]),
        ("Police said they had recaptured 29 of the escaped inmates.", [("arrested", 29, "exact")]),
        ("A monitor put the number of civilians killed in the city this week at 58.", [("killed", 58, "exact")]),
        ("The number of people killed when a 21-storey tower under construction collapsed in the Ikoyi district "
         "of Lagos rose to 33 on Thursday.", [("killed", 33, "exact")]),
        ('The group boasted that 50 "apostates" had been killed.', [("killed", 50, "exact")]),
        ("Firefighters found the charred remains of 18 people in a field.", [("killed", 18, "exact")]),
        ("The group documented the disappearance of at least 27 activists.", [("missing", 27, "at_least")]),
        ("Authorities ordered the evacuation of about 5,000 residents.", [("displaced", 5_000, "about")]),
        ("About 1,800 people spent the night in army tents and sports halls.", [("displaced", 1_800, "about")]),
        ("At least 300 people have been detained, and dozens of them have disappeared.",
         [("arrested", 300, "at_least"), ("missing", 12, "vague")]),
        ("Among those held are 14 journalists.", [("arrested", 14, "exact")]),
    ],
)
def test_round2_rules(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll from Monday's magnitude 7.8 earthquake in southeastern Turkey and northern Syria passed "
         "2,000 on Tuesday.", [("killed", 2_000, "exact")]),
        ("Officials confirmed 1,498 deaths in Turkey and at least 810 in Syria.",
         [("killed", 1_498, "exact"), ("killed", 810, "at_least")]),
        ("Twelve people were killed on Monday and four on Tuesday.", [("killed", 12, "exact"), ("killed", 4, "exact")]),
        ("The ministry said 34 security personnel had been hurt.", [("injured", 34, "exact")]),
        ("Gang members abducted 17 missionaries and their relatives.", [("abducted", 17, "exact")]),
        ("Gunmen stormed the hotel, taking dozens of guests and staff hostage.", [("abducted", 12, "vague")]),
        ("Gunmen storm hotel, take dozens hostage", [("abducted", 12, "vague")]),
        ("Armed men seize 40 farmers in night raid", [("abducted", 40, "exact")]),
        ("A resident said his two sons were among those taken.", [("abducted", 2, "exact")]),
    ],
)
def test_round4_rules(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials later said the death toll was 3,958, and the United Nations revised its own figure down to "
         "4,000, saying an earlier estimate of 11,300 had been based on a mistaken report.",
         [("killed", 3_958, "exact"), ("killed", 4_000, "exact")]),
        ("The Red Cross said it had treated 28 people for gunshot wounds.", [("injured", 28, "exact")]),
        ("Of the 994 inmates held at the facility, 879 escaped and 443 had been recaptured by Thursday.",
         [("arrested", 443, "exact")]),
        ("Police have rearrested 40 of the escaped inmates.", [("arrested", 40, "exact")]),
    ],
)
def test_round5_rules(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said 716 people had been detained and that 156 police officers and 11 civilians had been "
         "injured.", [("arrested", 716, "exact"), ("injured", 156, "exact"), ("injured", 11, "exact")]),
        ("Guards said 10 inmates who had tried to escape during the chaos had been recaptured.",
         [("arrested", 10, "exact")]),
        ('"We fought for five hours and we lost 14 brave men," the commander said.', [("killed", 14, "exact")]),
        ("The army said 12 fighters, not civilians, were killed.", [("killed", 12, "exact")]),
        ("Medics evacuated 42 injured persons to hospitals and recovered 18 bodies.",
         [("injured", 42, "exact"), ("killed", 18, "exact")]),
        ("Nearly 2.4 million people had been moved to some 12,000 cyclone shelters.",
         [("displaced", 2_400_000, "about")]),
        ("Rights groups say at least 200 students remain in captivity.", [("abducted", 200, "at_least")]),
        ("Eight members of one family were killed when their house collapsed.", [("killed", 8, "exact")]),
        ("Five family members were killed in the raid.", [("killed", 5, "exact")]),
    ],
)
def test_round6_rules(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels free 6 hostages, still hold at least 20", [("abducted", 20, "at_least")]),
        ('The rebels say they hold 11 "prisoners of war".', [("arrested", 11, "exact")]),
        ('The group said its fighters had killed "more than 40 infidels".', [("killed", 40, "more_than")]),
        ("A blaze forced the evacuation of 32 villages and some 6,000 people.", [("displaced", 6_000, "about")]),
        ("Officials said 16,000 people had been moved out of their homes.", [("displaced", 16_000, "exact")]),
        ("Over 370,000 Rohingya have fled to Bangladesh", [("displaced", 370_000, "more_than")]),
    ],
)
def test_round7_rules(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "About 3,000 residents were evacuated on Sunday after sirens warned of a second breach, but they were "
        "allowed to return home in the afternoon.",
        "The jail, built for 5,300 prisoners, currently holds about 8,500.",
        "The prison holds 5,600 prisoners.",
        "Troops captured 5 tanks on Monday.",
        "The strikes killed 12 goats.",
    ],
)
def test_round7_not_figures(text):
    assert pairs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The party lost 14 members in the vote.",
        "Doctors said 12 hospital wards were evacuated after the fire.",
        "Three hostages held in captivity for two years were freed on Sunday.",
        "The death toll could reach more than 200, an official said.",
    ],
)
def test_round6_not_figures(text):
    assert pairs(text) == []


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
    ],
)
def test_running_totals_are_cumulative_per_figure(text, scopes):
    assert [(f.count, f.scope) for f in figures(text)] == scopes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast killed 12 people and sent 30 to hospital.", [("killed", 12, "exact")]),
        ("The flood killed 20 people and affected 300,000 in the region.", [("killed", 20, "exact")]),
        ("Police seized 40 kilograms of heroin and 3 rifles.", []),
        ("Rebels seized 3 towns on Monday.", []),
        ("The toll could rise to 50, officials warned.", []),
    ],
)
def test_round4_no_extra_figures(text, expected):
    assert pairs(text) == expected


def test_a_breakdown_ends_where_the_next_clause_begins():
    (killed, injured) = figures("Rockets hit the city, killing 14 people, among them three children, and wounding "
                                "at least 37 others, the governor said.")
    assert (killed.kind, killed.count, killed.breakdown) == ("killed", 14, [{"count": 3, "who": "children"}])
    assert (injured.kind, injured.count, injured.qualifier) == ("injured", 37, "at_least")


def test_a_named_part_is_a_breakdown_not_a_second_toll():
    (toll,) = figures("A collapse in 2014 killed 116 people, 84 of them South Africans.")
    assert (toll.count, [part["count"] for part in toll.breakdown]) == (116, [84])


@pytest.mark.parametrize(
    "text",
    [
        "Heavy rain could force thousands more families from their homes in the hills.",
        "Officials said they would evacuate 3,000 more people if the river kept rising.",
        "The agency said it was planning for up to 860,000 refugees by October.",
        "About 2,000 people who were evacuated on Monday have returned home.",
        "Nine were evacuated to hospital by helicopter.",
        "Eleven people were treated for smoke inhalation.",  # not injured, hurt or wounded (guidelines)
        "Some 120 passengers who were unhurt were taken by bus to the city.",
        "The prison, built for 1,800 inmates, held more than 5,600 at the time of the riot.",
        "Coastguard boats rescued nearly 700 people.",
        "Emergency services said the crash had caused around 110 casualties.",
        "Temperatures reached 46 degrees Celsius in the capital.",
    ],
)
def test_round2_not_figures(text):
    assert pairs(text) == []


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


def _reconcile(*articles: Article) -> list[dict]:
    return reconcile_casualties([f for a in articles for f in extract_casualties(a)], list(articles))


def test_reconcile_outlets_give_a_range_not_a_sum():
    a = _article("Story\n\nAt least 10 people were killed, the monitor said.", "Agence A", 8)
    b = _article("Story\n\nFourteen people were killed, state TV reported.", "Outlet B", 9)
    [line] = _reconcile(a, b)
    assert (line["kind"], line["low"], line["high"], line["count"]) == ("killed", 10, 14, 14)
    assert line["sources"] == ["Agence A", "Outlet B"]
    assert len(line["figures"]) == 2
    assert line["label"] == "Killed: 10\u201314 (monitor via Agence A; state TV via Outlet B)"


def test_reconcile_same_figure_twice_is_not_added():
    a = _article("Story\n\nThe blast killed 10 people.", "Agence A", 8)
    b = _article("Story\n\nThe blast killed 10 people.", "Outlet B", 9)
    [line] = _reconcile(a, b)
    assert (line["low"], line["high"]) == (10, 10)


def test_reconcile_rising_toll_is_a_running_total_apart_from_incident_figures():
    early = _article("Story\n\nThe quake killed 120 people.", "Agence A", 6)
    late = _article("Story\n\nThe death toll rose to 300 on Tuesday.", "Outlet B", 18)
    lines = _reconcile(late, early)
    killed = [line for line in lines if line["kind"] == "killed"]
    assert len(killed) == 2  # the rising toll is a running total: cumulative, not the incident line
    cumulative = next(line for line in killed if line["scope"] == "cumulative")
    assert (cumulative["low"], cumulative["high"], cumulative["count"]) == (300, 300, 300)


def test_reconcile_supersedes_within_a_scope():
    early = _article("Story\n\nThe death toll stood at 120 on Monday.", "Agence A", 6)
    late = _article("Story\n\nThe death toll rose to 300 on Tuesday.", "Outlet B", 18)
    early_figures = extract_casualties(early)
    for f in early_figures:
        f.scope = "cumulative"
    [line] = reconcile_casualties(early_figures + extract_casualties(late), [early, late])
    assert (line["low"], line["high"], line["count"]) == (300, 300, 300)
    assert [f["count"] for f in line["superseded"]] == [120]
    assert [f["count"] for f in line["figures"]] == [120, 300]


def test_reconcile_up_from_in_the_same_sentence_is_superseded():
    a = _article("Story\n\nThe death toll rose to 140 on Tuesday, up from 95 a day earlier.", "Agence A", 8)
    [line] = _reconcile(a)
    assert (line["count"], line["low"], line["high"]) == (140, 140, 140)
    assert [f["count"] for f in line["superseded"]] == [95]


def test_reconcile_keeps_incident_and_cumulative_apart():
    a = _article("Story\n\nAt least 10 people were killed on Monday. More than 245,000 people have been killed "
                 "since March 2011.", "Agence A", 8)
    lines = _reconcile(a)
    assert [(line["scope"], line["low"], line["high"]) for line in lines] == [
        ("incident", 10, 10), ("cumulative", 245_000, 245_000)]
    assert lines[0]["label"] == "Killed: at least 10 (Agence A)"
    assert lines[1]["label"].startswith("Killed (total): more than 245,000")


def test_reconcile_leaves_earlier_events_out_of_the_toll():
    a = _article("Story\n\nThe quake killed 40 people on Monday. It was the worst since 1999, when 900 people died.",
                 "Agence A", 8)
    [line] = _reconcile(a)
    assert (line["low"], line["high"]) == (40, 40)
    assert [f["count"] for f in line["background"]] == [900]


def test_a_verb_is_not_a_reporter():
    found = figures("The army said 3 soldiers had died, but denied reports that 40 troops had been taken prisoner.")
    assert [(f.count, f.attributed_to) for f in found] == [(3, "army"), (40, "army")]


def test_reconcile_kinds_are_separate_lines():
    a = _article("Story\n\nThe attack killed 6 people and wounded 20.", "Agence A", 8)
    assert [(line["kind"], line["count"]) for line in _reconcile(a)] == [("killed", 6), ("injured", 20)]


def test_extract_story_fills_reconciled_casualties():
    a = _article("Story\n\nThe attack killed 6 people.", "Agence A", 8)
    b = _article("Story\n\nThe attack killed 8 people.", "Outlet B", 9)
    story = extract_story(Story(id="s1", headline="Attack", articles=[a, b]), only="casualties")
    assert [(c["low"], c["high"], c["sources"]) for c in story.casualties] == [(6, 8, ["Agence A", "Outlet B"])]


def test_parts_of_one_outlets_toll_do_not_widen_the_range():
    first = _article("Nine people were killed in the shelling, the monitor said.", "Outlet A", 8)
    second = _article("Eleven people were killed in the shelling, medics said. The dead included eight soldiers "
                      "and three civilians, medics said.", "Outlet B", 9)
    figures = extract_casualties(first) + extract_casualties(second)
    killed = [line for line in reconcile_casualties(figures, [first, second]) if line["kind"] == "killed"]
    assert len(killed) == 1
    assert (killed[0]["low"], killed[0]["high"]) == (9, 11)


def test_a_war_long_toll_is_cumulative():
    (figure,) = sentence_figures("Diplomats said the plan did nothing to end a war that has killed more than "
                                 "300,000 people.")
    assert figure["scope"] == "cumulative"


def test_reporter_name_drops_time_words():
    (figure,) = sentence_figures("Earlier in the day officials had reported 41 deaths.")
    assert figure["attributed_to"] == "officials"

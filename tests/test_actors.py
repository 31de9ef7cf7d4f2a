"""Actor gazetteer: canonical names, metonyms, people, and the ambiguous names news copy is full of."""

import pytest

from digest.extract.actors import canonical, find_actors, find_collectives


def actors(text: str) -> list[str]:
    return [m.actor for m in find_actors(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Kremlin said on Monday", "Russia"),
        ("Washington accused Moscow", "United States"),
        ("Downing Street declined to comment", "United Kingdom"),
        ("a statement from the Elysée", "France"),
        ("Pentagon officials said", "United States"),
        ("Tehran would consider it", "Iran"),
        ("Beijing protested", "China"),
        ("Britain and France", "United Kingdom"),
        ("the UN Security Council met", "United Nations"),
        ("the IAEA board", "International Atomic Energy Agency"),
        ("Brussels warned", "European Union"),
        ("NATO allies", "NATO"),
        ("Houthi rebels fired", "Houthis"),
        ("fighters of the Islamic State group", "Islamic State"),
        ("Russian warplanes struck", "Russia"),
        ("the Iranian parliament voted", "Iran"),
        ("South Korean officials", "South Korea"),
        ("Türkiye said", "Turkey"),
        ("the Russian Federation", "Russia"),
    ],
)
def test_first_mention_maps_to_canonical_actor(text: str, expected: str) -> None:
    assert actors(text)[0] == expected


def test_leader_maps_to_country_and_keeps_the_name() -> None:
    mention = next(m for m in find_actors("President Vladimir Putin said") if m.kind == "person")
    assert (mention.actor, mention.person) == ("Russia", "Vladimir Putin")
    assert actors("Netanyahu insisted")[0] == "Israel"
    assert actors("Secretary-General Antonio Guterres urged")[0] == "United Nations"


def test_person_first_names_are_not_countries() -> None:
    assert actors("Chad Morris, an analyst, said prices would rise.") == []
    assert actors("Jordan Blake, a researcher, said so.") == []
    assert actors("Chad, which borders Sudan, closed its border.")[:1] == ["Chad"]
    assert actors("Jordan's King Abdullah II spoke.")[0] == "Jordan"


def test_us_states_are_not_countries() -> None:
    assert actors("Microsoft, based in Washington state, said nothing.") == []
    assert actors("He grew up in Atlanta, Georgia.") == []
    assert actors("Georgia and Armenia signed the deal.")[0] == "Georgia"
    assert actors("Georgia's Senator Jon Ossoff called for sanctions.")[0] == "United States"


def test_us_is_case_sensitive() -> None:
    assert actors("None of us wants a war.") == []
    assert actors("The US and the U.S. both objected.") == ["United States", "United States"]


def test_names_containing_a_country_are_not_actors() -> None:
    assert actors("ships in the South China Sea") == []
    assert actors("the Syrian Observatory for Human Rights reported") == []
    assert actors("according to the Washington Post") == []
    assert actors("talks on the OSCE Minsk Group format")[:1] == ["OSCE"]


def test_canonical_lookup() -> None:
    assert canonical("Kremlin") == "Russia"
    assert canonical("UN") == "United Nations"
    assert canonical("United States") == "United States"
    assert canonical("Atlantis") is None


def test_regional_groups_and_congo() -> None:
    assert actors("Gulf Arab leaders met in Doha") == ["Gulf Cooperation Council", "Qatar"]
    assert actors("The African Union's Peace and Security Council met") == ["African Union", "African Union"]
    assert actors("Congo and Rwanda signed") == ["DR Congo", "Rwanda"]
    assert actors("the Republic of the Congo") == ["Republic of the Congo"]
    assert actors("The U.S. Chamber of Commerce warned") == []


def test_collectives_name_their_members() -> None:
    from digest.extract.actors import find_collectives

    [(start, end, members)] = find_collectives("the three European powers said")
    assert members == ("United Kingdom", "France", "Germany") and (start, end) == (4, 25)
    assert find_collectives("European voters said") == []


def test_named_parties_are_actors_but_a_country_in_the_name_wins() -> None:
    assert actors("The opposition National Party said") == ["National Party"]
    assert actors("the Party of Regions said") == ["Party of Regions"]
    assert actors("the Chinese Communist Party said") == ["China"]
    assert actors("Kurdistan Workers' Party fighters") == ["PKK"]


def test_american_states_organisation_and_e3_governments() -> None:
    assert actors("OAS observers said") == ["Organization of American States"]


def test_cross_strait_offices_speak_for_their_own_side() -> None:
    assert actors("a spokeswoman for the Taiwan Affairs Office said") == ["China"]
    assert actors("the Mainland Affairs Council in Taipei said") == ["Taiwan", "Taiwan"]


def test_six_world_powers_are_the_p5_plus_one() -> None:
    found = find_collectives("Iran and six world powers reached a deal.")
    assert len(found) == 1 and set(found[0][2]) == {"United States", "Russia", "China", "United Kingdom", "France", "Germany"}


def test_a_leader_surname_after_another_given_name_is_another_person() -> None:
    assert actors("Former First Lady Michelle Obama spoke on Monday.") == []
    assert actors("Biden's son Hunter Biden was named.") == ["United States"]  # the possessive Biden only
    assert actors("The Supreme Leader Ali Hosseini Khamenei said so.") == ["Iran"]  # a middle name
    assert actors("After Trump spoke, Secretary of State Rubio left.") == ["United States", "United States"]


def test_a_metonym_inside_another_body_s_name_is_not_the_state() -> None:
    assert "United States" not in actors("The rival General National Congress in Tripoli met.")
    assert actors("The U.K. Foreign and Commonwealth Office urged caution.") == ["United Kingdom", "United Kingdom"]


def test_party_members_and_short_names_are_the_party_but_not_inside_other_names() -> None:
    assert actors("Democrats claimed the election was stolen.") == ["Democratic Party"]
    assert actors("The Liberal Democrats and Sweden Democrats disagreed.") == ["Sweden"]
    assert actors("The Ministry of Labour marked Labour Day.") == []
    assert actors("the Labour government's plan") == []

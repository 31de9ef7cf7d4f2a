"""Diplomatic positions: stances, modality, symmetric events, quotes, and per-story reconciliation."""

import pytest

from digest.extract.positions import extract_positions, reconcile_positions
from digest.model import Article, Position


def run(text: str, source: str = "Wire") -> list[Position]:
    return extract_positions(Article(title="Test story", text=text, source=source))


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(p.actor, p.stance, p.target) for p in run(text)}


def pairs(text: str) -> set[tuple[str, str]]:
    return {(p.actor, p.stance) for p in run(text)}


SYRIA_STORY = """Kremlin hits out at Washington over Syria

Russia's air force scaled back its raids in Syria on Tuesday, the defence ministry in Moscow said.

Russia launched 40 strikes on militant positions overnight, the ministry added.

President Vladimir Putin criticised the United States for what he called an "unconstructive position" on the war.

Washington has insisted that Assad must step down before any settlement.

The White House this week rebuffed a Russian call for wider talks on the conflict.

A senior Iranian lawmaker said Tehran would consider sending fighters to help Damascus if it was asked.

Russia and Israel agreed to set up a hotline between their air forces to avoid clashes over Syria.
"""


def test_issue_example_story() -> None:
    found = run(SYRIA_STORY)
    got = {(p.actor, p.stance, p.target) for p in found}
    assert ("Russia", "criticize", "United States") in got
    assert ("United States", "demand", "Syria") in got
    assert ("United States", "reject", "Russia") in got
    assert ("Iran", "offer", "Syria") in got
    assert ("Russia", "agree", "Israel") in got
    assert ("Israel", "agree", "Russia") in got
    putin = next(p for p in found if p.stance == "criticize")
    assert putin.speaker == "Vladimir Putin" and putin.quote == "unconstructive position"
    iran = next(p for p in found if p.actor == "Iran")
    assert iran.conditional and not iran.negated
    assert not any("launched 40 strikes" in p.sentence for p in found)
    assert all(p.source == "Wire" and p.article for p in found)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Germany welcomed the election of the new Polish government.", ("Germany", "support")),
        ("France praised Canada for its mediation.", ("France", "support")),
        ("Japan condemned North Korea for the missile test.", ("Japan", "criticize")),
        ("Egypt accused Ethiopia of endangering its water supply.", ("Egypt", "criticize")),
        ("India expressed reservations about the draft resolution.", ("India", "criticize")),
        ("The European Union urged Serbia to recognise the vote.", ("European Union", "demand")),
        ("Britain called for an immediate ceasefire.", ("United Kingdom", "demand")),
        ("Hungary vetoed the new sanctions package.", ("Hungary", "reject")),
        ("Iran suspended talks with the IAEA.", ("Iran", "reject")),
        ("Chile ruled out sending troops.", ("Chile", "reject")),
        ("North Korea threatened to respond with force.", ("North Korea", "threaten")),
        ("Peru and Ecuador signed a border accord.", ("Peru", "agree")),
        ("Norway offered to host the next round.", ("Norway", "offer")),
        ("Qatar said it was ready to mediate.", ("Qatar", "offer")),
        ("Kenya's president visited Ethiopia.", ("Kenya", "meet")),
        ("Syria denied using chemical weapons.", ("Syria", "deny")),
    ],
)
def test_each_stance(sentence: str, expected: tuple[str, str]) -> None:
    assert expected in pairs(sentence)


def test_target_is_the_object_actor() -> None:
    assert ("Japan", "criticize", "North Korea") in triples("Japan condemned North Korea for the missile test.")
    assert ("European Union", "demand", "Serbia") in triples("The European Union urged Serbia to recognise the vote.")


def test_target_falls_back_to_an_issue_phrase() -> None:
    assert ("United Kingdom", "demand", "immediate ceasefire") in triples("Britain called for an immediate ceasefire.")


def test_verb_object_refinement_step_down() -> None:
    assert ("United States", "demand", "Syria") in triples("Washington insisted that Assad must step down.")


def test_conditional_and_negated() -> None:
    [cond] = run("Algeria would consider sending observers if asked.")
    assert (cond.actor, cond.stance, cond.conditional, cond.negated) == ("Algeria", "offer", True, False)
    [neg] = run("The Kremlin said there were no plans for Putin to visit Turkey.")
    assert (neg.actor, neg.stance, neg.target, neg.negated) == ("Russia", "meet", "Turkey", True)
    [unless] = run("Brazil threatened to leave the talks unless Argentina changed course.")
    assert unless.stance == "threaten" and unless.conditional


def test_refusal_is_reject_not_negated() -> None:
    [refusal] = run("Turkey refused to ratify the agreement.")
    assert (refusal.stance, refusal.negated) == ("reject", False)
    [wont] = run("Poland would not accept the quota.")
    assert (wont.stance, wont.negated) == ("reject", False)
    [negated] = run("Spain did not condemn Morocco.")
    assert (negated.stance, negated.negated) == ("criticize", True)


def test_symmetric_events_give_one_record_per_participant() -> None:
    assert triples("Armenia and Azerbaijan agreed to reopen the border.") == {
        ("Armenia", "agree", "Azerbaijan"), ("Azerbaijan", "agree", "Armenia")}
    assert triples("Moscow and Washington held talks in Geneva.") == {
        ("Russia", "meet", "United States"), ("United States", "meet", "Russia")}
    assert triples("Ghana met Togo.") == {("Ghana", "meet", "Togo")}
    between = triples("The ministry said a hotline had been set up between the Russian and Israeli militaries.")
    assert {("Russia", "agree", "Israel"), ("Israel", "agree", "Russia")} <= between


def test_coordinated_subjects_each_hold_the_stance() -> None:
    assert triples("Britain, France and Germany condemned Iran.") == {
        ("United Kingdom", "criticize", "Iran"), ("France", "criticize", "Iran"), ("Germany", "criticize", "Iran")}


def test_nominal_mentions_with_an_explicit_holder() -> None:
    assert ("Turkey", "demand", "Sweden") in triples("Turkey's extradition request was sent to Sweden.")
    found = triples("Washington rebuffed the plan, prompting criticism from Putin.")
    assert ("Russia", "criticize", "United States") in found
    assert not run("The efforts were meant to meet Turkish concerns.")


def test_apposition_does_not_steal_the_subject() -> None:
    found = pairs("Hamas, listed as a terrorist group by Israel and the United States, denied the claims.")
    assert found == {("Hamas", "deny")}


def test_pronouns_and_quotes_continue_the_last_speaker() -> None:
    text = ('Kazakh President Kassym-Jomart Tokayev criticised Russia over the pipeline closure.\n\n'
            '"This is not how partners behave," he said.\n\n'
            '"We expect an explanation."')
    found = run(text)
    assert [(p.actor, p.stance, p.target) for p in found] == [("Kazakhstan", "criticize", "Russia")] * 3
    assert found[1].quote == "This is not how partners behave,"


def test_learned_people_map_to_their_country() -> None:
    text = ("Paraguayan Foreign Minister Ruben Ramirez met his Bolivian counterpart.\n\n"
            "Ramirez later condemned Bolivia for closing the crossing.")
    assert ("Paraguay", "criticize", "Bolivia") in triples(text)


def test_passive_agent_holds_the_stance() -> None:
    assert ("Russia", "support", "Syria") in triples("A Syrian army offensive, supported by Russian aircraft, reached the town.")


def test_possessor_is_not_the_subject() -> None:
    found = pairs("The United States said it recognised Somalia's territorial integrity and urged restraint.")
    assert ("United States", "demand") in found and ("Somalia", "demand") not in found


def test_quoted_demand_belongs_to_the_speaker() -> None:
    text = ('Fiji protested to Vanuatu on Monday.\n\n'
            '"These incursions must stop," Fijian Foreign Minister Lisiate Akolo said.')
    assert ("Fiji", "demand") in pairs(text)


def test_words_of_analysts_are_not_positions() -> None:
    text = '"Both governments are ready to escalate," said Mara Lind, an analyst at a consultancy in Oslo.'
    assert run(text) == []


def test_both_sides_resolve_to_the_pair_of_the_story() -> None:
    text = "India and Pakistan traded fire on Tuesday.\n\nBrazil called on both sides to show restraint."
    assert {("Brazil", "demand", "India"), ("Brazil", "demand", "Pakistan")} <= triples(text)


def test_accusation_content_is_not_a_stance() -> None:
    found = triples("Somalia accused Ethiopia of violating its sovereignty by signing a port deal.")
    assert found == {("Somalia", "criticize", "Ethiopia")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia launched 32 air strikes on rebel positions overnight.",
        "Police arrested 12 protesters in the capital.",
        "Islamic Jihad claimed responsibility for the rocket attack.",
        "Human Rights Watch condemned the arrests.",
        "Chad Collins, an analyst, criticised the plan.",
        "The cabinet met on Tuesday to discuss the budget.",
        "The advance came with the support of Russian aircraft.",
        "German carmakers urged calm.",
        "The two sides were close to agreeing a deal.",
        "Beijing refused to say whether it would support new sanctions.",
    ],
)
def test_not_positions(sentence: str) -> None:
    assert run(sentence) == []


def test_reconcile_merges_evidence_across_outlets() -> None:
    one = Article(title="a", text="Japan condemned North Korea for the launch.", source="Outlet A", id="a1")
    two = Article(title="b", text='Japan condemned North Korea. "It is a reckless act," Tokyo said.', source="Outlet B",
                  id="b1", also_published_by=["Outlet C"])
    positions = extract_positions(one) + extract_positions(two)
    merged = reconcile_positions(positions, [one, two])
    assert len(merged) == 1
    entry = merged[0]
    assert (entry["actor"], entry["stance"], entry["target"]) == ("Japan", "criticize", "North Korea")
    assert entry["count"] == len(positions) == 3
    assert entry["outlets"] == ["Outlet A", "Outlet B", "Outlet C"]
    assert entry["articles"] == ["a1", "b1"]
    assert [e["article"] for e in entry["evidence"]] == ["a1", "b1", "b1"]
    assert entry["label"] == "Japan criticizes North Korea: \u201cIt is a reckless act\u201d"


def test_reconcile_label_shows_speaker_and_modality() -> None:
    positions = [Position(actor="Russia", stance="criticize", target="United States", speaker="Vladimir Putin",
                          quote="unconstructive position", sentence="s", article="x"),
                 Position(actor="Iran", stance="offer", target="Syria", conditional=True, sentence="t", article="x"),
                 Position(actor="Russia", stance="meet", target="Turkey", negated=True, sentence="u", article="x")]
    labels = [d["label"] for d in reconcile_positions(positions, [])]
    assert "Russia (Vladimir Putin) criticizes United States: \u201cunconstructive position\u201d" in labels
    assert "Iran offers Syria (conditional)" in labels
    assert "Russia does not meet Turkey" in labels


def test_empty_and_position_free_articles() -> None:
    assert run("") == []
    assert reconcile_positions([], []) == []

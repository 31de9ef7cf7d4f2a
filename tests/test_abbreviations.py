"""Sentence splits after abbreviations are undone; real sentence ends are kept."""

from __future__ import annotations

from digest.abbreviations import ends_in_abbreviation, rejoin


def test_titles_and_ranks_never_end_a_sentence():
    assert rejoin(["Lt.", "Gen. Mark Hallworth said 2,000 troops would move."]) == [
        "Lt. Gen. Mark Hallworth said 2,000 troops would move."]
    assert ends_in_abbreviation("He met Rep.", "John Dingell")


def test_abbreviations_that_can_end_a_sentence_join_only_a_lower_case_or_numeric_continuation():
    assert rejoin(["The fire burned near Sacramento, Calif.", "Crews arrived on Monday."]) == [
        "The fire burned near Sacramento, Calif.", "Crews arrived on Monday."]
    assert rejoin(["The bill passed on Sept.", "3 in Sacramento."]) == ["The bill passed on Sept. 3 in Sacramento."]
    assert not ends_in_abbreviation("Shares of Apple Inc.", "The company said")


def test_plain_sentence_ends_are_kept():
    assert rejoin(["It rained.", "Dr. Okafor said so."]) == ["It rained.", "Dr. Okafor said so."]

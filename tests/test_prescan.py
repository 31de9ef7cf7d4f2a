"""The per-sentence pre-scan: built from the rule files, it never skips a sentence an entry matches."""

import pytest

from digest.extract.prescan import CASUALTIES, POSITIONS, SOURCES, Prescan, prescan
from digest.extract.rules import load_rules, needed_factors


def _shipped_entries() -> list[tuple[str, object, object]]:
    """(family, rule set, entry) for every entry the pre-scan covers."""
    found = []
    for family, name, names in SOURCES:
        rules = load_rules(name)
        found.extend((family, rules, rule) for rule in rules.rules if names is None or rule.name in names)
    return found


@pytest.mark.parametrize(("family", "rules", "rule"), _shipped_entries(),
                         ids=lambda x: getattr(x, "name", x) if not isinstance(x, str) else x)
def test_every_entry_example_passes_the_prescan(family: str, rules, rule) -> None:
    assert family in prescan().families(rule.example)


def test_no_entry_matches_an_example_the_prescan_rejects_for_its_family() -> None:
    """Every covered entry against every example sentence of every covered file: wherever the
    entry's own regex finds something, the pre-scan must have said its family is possible."""
    entries = _shipped_entries()
    examples = {rule.example for _, _, rule in entries}
    unsound = [(rule.name, example) for family, rules, rule in entries for example in examples
               if rules.compiled(rule).search(example) and family not in prescan().families(example)]
    assert unsound == []


def test_the_shipped_entries_all_need_some_literal() -> None:
    """An entry without one would make its whole family run on every sentence."""
    assert prescan().always == frozenset()
    assert {family for family, _ in prescan().entries} == {CASUALTIES, POSITIONS}


def test_sentences_without_a_cue_or_trigger_are_skipped() -> None:
    assert prescan().families("The orchestra played Mozart in the afternoon.") == frozenset()
    assert prescan().families("Flooding killed 23 people.") >= {CASUALTIES}
    assert POSITIONS in prescan().families("France condemned the test.")


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"kill(?:ed|ing|s)?", [{"kill"}]),
    (r"g(?:ave|ive)(?= (?:the )?welcome)", [{"welcome"}, {"gave", "give"}]),  # a lookahead's text counts
    (r"shot\s+dead|gunn(?:ed|ing)\s+down", [{"shot", "gunned", "gunning"}]),  # one alternative each
    (r"[Hh]eld\s+\w+\s+hostage", [{"hostage"}, {"held"}]),
    (r"\w+\s+(?:were|was)?\s+hurt", [{"hurt"}]),  # the optional group needs nothing
    (r"\w+ly", []),
    (r"of\s+an?", []),  # too short to be worth scanning for
])
def test_needed_factors_read_literal_text_off_the_regex(pattern: str, expected: list[set[str]]) -> None:
    assert [set(f) for f in needed_factors(pattern)] == expected


def test_all_factors_of_an_entry_must_be_present() -> None:
    scan = Prescan([("a", needed_factors(r"cancel\w* (?:a |the )?visit"))])
    assert scan.families("They cancelled the visit.") == {"a"}
    assert scan.families("They cancelled the match.") == frozenset()


def test_overlapping_literals_of_different_families_are_both_found() -> None:
    scan = Prescan([("a", (frozenset({"support"}),)), ("b", (frozenset({"porter"}),)),
                    ("c", (frozenset({"sup"}),))])  # "sup" hides under the longer "support" at one start
    assert scan.families("a supporter") == {"a", "b", "c"}


def test_an_entry_needing_no_literal_keeps_its_family_always_on() -> None:
    scan = Prescan([("a", ()), ("b", (frozenset({"talks"}),))])
    assert scan.families("nothing here") == {"a"}


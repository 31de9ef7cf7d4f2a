"""Rules as data: every shipped rule file loads, and every entry matches the example it exists for."""

import pytest

from digest.extract.rules import RuleError, load_rules, parse_rules, rule_files


def test_rule_files_are_shipped() -> None:
    assert "position_cues" in rule_files()


@pytest.mark.parametrize("name", rule_files())
def test_every_example_matches_its_own_pattern(name: str) -> None:
    rules = load_rules(name)
    assert rules.rules
    missed = [rule.name for rule in rules.rules if not rules.compiled(rule).search(rule.example)]
    assert missed == []


def test_the_combined_pattern_reports_which_entry_matched() -> None:
    rules = parse_rules("t", {"meta": {"flags": ["IGNORECASE"]}, "rule": [
        {"name": "deny", "pattern": r"den(?:y|ied)\b", "example": "Iran denied it.", "stance": "deny"},
        {"name": "nouns", "words": ["accusation", "accusations"], "example": "The accusations were false."},
    ]})
    found = [(rule.name, match.group(0)) for rule, match in rules.finditer("Syria DENIED the accusations.")]
    assert found == [("deny", "DENIED"), ("nouns", "accusations")]  # whole words, the longest first
    assert rules.by_name["deny"].get("stance") == "deny" and rules.words("nouns") == {"accusation", "accusations"}
    assert [r.name for r in rules.select(stance="deny")] == ["deny"]


@pytest.mark.parametrize(("data", "message"), [
    ({"rule": [{"pattern": "x", "example": "x"}]}, "has no name"),
    ({"rule": [{"name": "a", "pattern": "x"}]}, "needs a pattern"),
    ({"rule": [{"name": "a", "pattern": "(", "example": "("}]}, "does not compile"),
    ({"rule": [{"name": "a", "pattern": "x", "example": "x"}, {"name": "a", "pattern": "y", "example": "y"}]}, "two entries"),
    ({"meta": {"flags": ["LOUD"]}, "rule": []}, "unknown regex flag"),
])
def test_bad_rule_files_are_refused_with_the_entry_named(data: dict, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rules("bad", data)


def test_a_missing_rule_file_is_an_error() -> None:
    with pytest.raises(RuleError, match="no rule file"):
        load_rules("no_such_rules")

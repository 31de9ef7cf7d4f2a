"""Rules as data: every shipped rule file loads, and every entry matches the example it exists for."""

import re

import pytest

from digest.extract.rules import RuleError, load_rules, needed_prefixes, parse_rules, rule_files


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


def _every_example() -> list[str]:
    return sorted({rule.example for name in rule_files() for rule in load_rules(name).rules})


@pytest.mark.parametrize("name", rule_files())
def test_finditer_finds_what_the_combined_regex_finds(name: str) -> None:
    """finditer only tries the combined regex where an entry can begin; it must lose nothing."""
    rules = load_rules(name)
    for text in _every_example():
        fast = [(rule.name, match.span()) for rule, match in rules.finditer(text)]
        plain = [(rules.rule_of(match).name, match.span()) for match in rules.regex.finditer(text)]
        assert fast == plain, text


def test_the_cue_file_is_scanned_for_its_entries_beginnings() -> None:
    assert load_rules("position_cues").starts is not None  # else every position gets tried again


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\b(?=[a-z])kill(?:ed|s)?\b", {"killed", "kills", "kill"}),
    (r"(?:tele)?phon(?:e|ed)\b", {"telephone", "telephoned", "phone", "phoned"}),  # an optional start, or not
    (r"(?<!denied )(?:seek(?:s|ing)?|sought)", {"seek", "seeks", "seeking", "sought"}),
    (r"meetings? with", {"meetings with", "meeting with"}),
    (r"\b(?=[a-z])(?:will)?(?: never| not)", {"will never", "will not"}),  # the lookahead rules out " never"
    (r"\w+ing", None),
    (r"(?:a )?\w+", None),
])
def test_needed_prefixes_say_how_every_match_begins(pattern: str, expected: set[str] | None) -> None:
    found = needed_prefixes(pattern)
    assert (set(found) if found is not None else None) == expected
    if found is not None:  # and every match does begin so
        for text in ("they killed", "telephoned", "phoned", "sought", "seeking", "meeting with", "meetings"):
            match = re.search(pattern, text)
            assert not match or any(text[match.start():].lower().startswith(p) for p in found)


def test_finditer_resumes_after_each_match_like_the_regex() -> None:
    rules = parse_rules("t", {"rule": [
        {"name": "ab", "pattern": "ab", "example": "ab"},
        {"name": "bc", "pattern": "bc", "example": "bc"},
        {"name": "a_any", "pattern": "a.c", "example": "abc"},
    ]})
    for text in ("abc", "abcbc", "xbcab", "aac", ""):
        assert [m.span() for _, m in rules.finditer(text)] == [m.span() for m in rules.regex.finditer(text)]


@pytest.mark.parametrize(("order", "expected"), [(("long", "short"), "long"), (("short", "long"), "short")])
def test_finditer_takes_the_first_entry_in_file_order_where_several_begin(order: tuple[str, str], expected: str) -> None:
    """Each entry is tried alone where it can begin, in file order, as the combined alternation would."""
    entries = {"long": {"name": "long", "pattern": "talks with", "example": "talks with"},
               "short": {"name": "short", "pattern": "talk(?:s|ed)", "example": "talks"}}
    rules = parse_rules("t", {"meta": {"flags": ["IGNORECASE"], "wrap": r"\b(?:{body})\b"},
                              "rule": [entries[name] for name in order]})
    for text in ("Talks with Iran", "\u0130stanbul talks with Iran"):  # the second is lower-cased longer: the plain regex
        assert [(rule.name, m.span()) for rule, m in rules.finditer(text)] == \
            [(rules.rule_of(m).name, m.span()) for m in rules.regex.finditer(text)]
        assert [rule.name for rule, _ in rules.finditer(text)] == [expected]

"""The literal scan: every occurrence, case-insensitively at least wherever re.IGNORECASE matches."""

import re
import sys

from digest.extract.scan import Guarded, LiteralScan, fold, fold_literal


def test_every_occurrence_is_reported_overlapping_ones_too() -> None:
    scan = LiteralScan({"kill", "killed", "led", "dead"})
    assert sorted(scan.occurrences("Two KILLED, one Dead")) == [(4, "kill"), (4, "killed"), (7, "led"), (16, "dead")]
    assert scan.present("nothing here") == set()
    assert scan.starts("killed and killed") == [0, 3, 11, 14]


def test_an_empty_scan_finds_nothing() -> None:
    assert LiteralScan(set()).occurrences("anything") == []


def test_characters_re_takes_for_letters_are_folded_onto_them() -> None:
    scan = LiteralScan({"shot", "militia"})
    assert scan.present("two were \u017fhot") == {"shot"}  # long s: re.IGNORECASE matches it to "s"
    assert scan.present("MIL\u0131TIA") == {"militia"}  # dotless i
    assert re.search("shot", "\u017fhot", re.IGNORECASE) and re.search("militia", "MIL\u0131TIA", re.IGNORECASE)


def test_a_text_whose_lower_case_is_longer_cannot_be_scanned() -> None:
    """"İ" lower-cases to two characters: offsets would shift, so the caller is told to fall back."""
    assert LiteralScan({"istanbul"}).occurrences("\u0130stanbul police") is None
    assert fold_literal("\u0130") == "i"  # re compares the simple lower-case, one character


def test_folding_agrees_with_re_ignorecase_on_every_character() -> None:
    """For every code point whose lower case is one character, the text fold and the literal fold
    agree; and every character re.IGNORECASE takes for a letter folds onto that letter."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    single = "".join(c for c in chars if len(c.lower()) == 1)
    folded, literal = fold(single), fold_literal(single)
    assert [hex(ord(c)) for c, a, b in zip(single, folded, literal, strict=True) if a != b] == []
    taken = re.findall("[a-z]", "".join(chars), re.IGNORECASE)
    assert {"\u017f", "\u0131", "\u212a", "\u0130"} <= set(taken)  # long s, dotless i, Kelvin sign, dotted I
    for char in taken:
        folded = fold_literal(char)
        assert folded.isascii() and re.fullmatch(folded, char, re.IGNORECASE), char
        assert len(char.lower()) != 1 or fold(char) == folded, char


def test_a_guard_skips_only_texts_lacking_what_every_match_needs() -> None:
    guard = Guarded(re.compile(r"\b(?:both sides|the two (?:sides|parties))\b", re.I))
    assert not guard.could_match("The talks went on.")
    assert [m.group(0) for m in guard.finditer("BOTH SIDES agreed; the two parties met")] == ["BOTH SIDES", "the two parties"]
    assert guard.search("the two sides", 4) is None and guard.search("the two sides").start() == 0
    anything = Guarded(re.compile(r"\w+ly"))  # no literal needed: always run
    assert anything.could_match("quickly") and [m.group(0) for m in anything.finditer("quickly")] == ["quickly"]


def test_the_shipped_guards_find_what_their_regexes_find() -> None:
    """Every guard of the extractors against every rule file's example sentences."""
    import digest.extract.positions.extract  # noqa: F401  (the modules that make the guards)
    from digest.extract.rules import load_rules, rule_files
    from digest.extract.scan import _GUARDS

    examples = sorted({rule.example for name in rule_files() for rule in load_rules(name).rules})
    assert len(_GUARDS) >= 5
    for guard in _GUARDS:
        for text in examples:
            assert [m.span() for m in guard.finditer(text)] == [m.span() for m in guard.regex.finditer(text)], text

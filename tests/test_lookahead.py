"""The leading lookahead: what every match of a regex starts with, put in front of it, changes no match."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.extract.lookahead import leading_lookahead, trie_pattern
from digest.extract.numbers import NUMBER_PATTERN

# (pattern, flags): alternations, optional and repeated heads, classes, lookarounds, nested groups
PATTERNS = [
    (r"\b(?:said|says|told)\s+(?:he|she)\b", re.I),
    (r"(?<![\w-])(?:one|two|twenty|twelve|ten)(?:\s+(?:hundred|thousand))?\b", re.I),
    (r"(?:a\s+)?(?:few|dozen|dozens)\b", re.I),
    (r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", 0),
    (r"(?:[Tt]he\s+)?(?:army|military|junta)", 0),
    (r"(?:ab)*c|x+y?z", re.I),
    (r"[^aeiou\s]{2}s|(?=s)sk", 0),
    (r"\bK(?-i:ing)\b|saint", re.I),
    (NUMBER_PATTERN, re.I),
]

_TEXT = st.text(alphabet=list("abcdeiklnorstuwxyzDKST0159 ,.-\u017f\u212a"), max_size=40)
_WORDS = st.lists(st.sampled_from(["said", "he", "twenty", "one", "a", "few", "dozens", "The", "army", "abab", "c",
                                   "xyz", "King", "KING", "saint", "sk", "1,000", "2.5", "told", "SHE", "ten", "hundred"]),
                  max_size=8).map(" ".join)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(_TEXT, _WORDS))
def test_the_lookahead_changes_no_match(pattern, flags, text):
    plain = re.compile(pattern, flags)
    ahead = re.compile(leading_lookahead(pattern, flags) + pattern, flags)
    assert [(m.span(), m.group(0)) for m in ahead.finditer(text)] == [(m.span(), m.group(0)) for m in plain.finditer(text)]


def test_words_give_their_first_letters():
    lookahead = leading_lookahead(r"\b(?:hundreds|half|two|ten)\b", re.I)
    assert re.match(lookahead, "Hundreds", re.I) and re.match(lookahead, "TEN", re.I)
    assert not re.match(lookahead, "the", re.I) and not re.match(lookahead, "hut", re.I)


def test_a_match_that_may_start_anywhere_gives_no_lookahead():
    assert leading_lookahead(r".+ed") == ""
    assert leading_lookahead(r"(?:the\s+)?.*") == ""
    assert leading_lookahead(r"x?") == ""


def test_case_turned_on_inside_gives_no_lookahead():
    """A case-sensitive lookahead would wrongly refuse the "ARMY" that "(?i:army)" accepts."""
    assert leading_lookahead(r"(?i:army)") == ""


def test_trie_tries_longer_words_first():
    assert re.fullmatch(trie_pattern(["seven", "seventeen", "seventy", "six"]), "seventeen")
    assert re.match(trie_pattern(["seven", "seventeen"]), "seventeen").group(0) == "seventeen"
    assert re.match(trie_pattern(["seven", "seventeen"]), "seventy").group(0) == "seven"

"""The number parser: digits, words, vague plurals, and what must never be read as a count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.extract.numbers import find_numbers, parse_number

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n: int) -> str:
    """English words for n, written independently of the parser."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + (f"-{_UNITS[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{_UNITS[n // 100]} hundred" + (f" and {spell(n % 100)}" if n % 100 else "")
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            return f"{spell(n // scale)} {name}" + (f" {spell(n % scale)}" if n % scale else "")
    raise AssertionError(n)


@pytest.mark.parametrize(
    ("phrase", "value", "vague"),
    [
        ("10", 10, False),
        ("245,000", 245_000, False),
        ("1.5 million", 1_500_000, False),
        ("2m", 2_000_000, False),
        ("3bn", 3_000_000_000, False),
        ("four million", 4_000_000, False),
        ("twenty-three", 23, False),
        ("Twenty three", 23, False),
        ("two hundred and fifty", 250, False),
        ("half a million", 500_000, False),
        ("three-and-a-half million", 3_500_000, False),
        ("two and a half million", 2_500_000, False),
        ("a quarter of a million", 250_000, False),
        ("a dozen", 12, False),
        ("dozen", 12, False),
        ("two dozen", 24, False),
        ("3 dozen", 36, False),
        ("1,000-plus", 1_000, False),
        ("a hundred", 100, False),
        ("dozens", 12, True),
        ("scores", 20, True),
        ("hundreds", 100, True),
        ("thousands", 1_000, True),
        ("tens of thousands", 10_000, True),
        ("hundreds of thousands", 100_000, True),
    ],
)
def test_parse_number(phrase, value, vague):
    assert parse_number(phrase) == (value, vague)


@pytest.mark.parametrize("phrase", ["7.1", "12,34", "several", "many", "some", "a", "million", "five six", "a few"])
def test_parse_number_rejects_non_counts(phrase):
    assert parse_number(phrase) is None


@pytest.mark.parametrize(
    "text",
    [
        "The fund received $25 million last year.",
        "They paid 3,000 euros each.",
        "Turnout rose by 40% and then 12 per cent.",
        "A 25-year-old man and a woman aged 30 were questioned.",
        "A 25 - year - old man and a 30 year old woman were questioned.",
        "The death of her 8 - to 12 - week - old fetus and of the 5- and 7-year-old boys.",
        "The July 17 death of the congressman and the Oct. 3 vote followed.",
        "She was the 60th victim named.",
        "The quake had a magnitude of 7.1.",
        "The war began in March 2011.",
        "Since 1998, nothing has changed.",
        "The meeting started at 10:30 on 12/05/2020.",
        "It announced a 5-year plan.",
        "Fighting forced several families and many others to leave.",
    ],
)
def test_find_numbers_skips_what_is_not_a_count(text):
    assert find_numbers(text) == []


def test_find_numbers_positions_and_values():
    text = "At least 10 people, six of them rebels, died; some 86 fled and tens of thousands left."
    found = find_numbers(text)
    assert [(n.value, n.vague) for n in found] == [(10, False), (6, False), (86, False), (10_000, True)]
    assert [text[n.start:n.end] for n in found] == ["10", "six", "86", "tens of thousands"]


def test_digit_dozens_and_plus_are_one_number():
    assert [(n.text, n.value) for n in find_numbers("2 dozen people and 300-plus others")] == [
        ("2 dozen", 24), ("300-plus", 300)]


def test_a_year_followed_by_people_is_a_count():
    assert [n.value for n in find_numbers("About 1998 people signed up.")] == [1998]


@given(st.integers(min_value=1, max_value=999_999_999))
def test_spelled_numbers_round_trip(n):
    assert parse_number(spell(n)) == (n, False)
    found = find_numbers(f"Officials said {spell(n)} people were affected.")
    assert [number.value for number in found] == [n]


@given(st.integers(min_value=1, max_value=10**9))
def test_digit_numbers_round_trip(n):
    assert parse_number(f"{n:,}") == (n, False)
    assert parse_number(str(n)) == (n, False)
    assert [number.value for number in find_numbers(f"Police said {n:,} people were there.")] == [n]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("{}.{}m", 10**6), ("{}.{} million", 10**6), ("{}.{}bn", 10**9), ("{}.{} billion", 10**9)]))
def test_scaled_decimals_round_trip(whole, tenth, scale):
    template, factor = scale
    assert parse_number(template.format(whole, tenth)) == ((whole * 10 + tenth) * factor // 10, False)

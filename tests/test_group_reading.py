"""What grouping reads from a day's articles (digest/group/reading.py) and its TF-IDF rows (features)."""

from __future__ import annotations

import numpy as np
import pytest

from digest import nlp
from digest.group.features import _unit_rows
from digest.group.reading import Bag, read_day
from digest.model import Article


def _day(*texts: str) -> list[Article]:
    return [Article(title="", text=t, source=f"Outlet {i}", url=f"https://example.org/{i}") for i, t in enumerate(texts)]


def _keys(reading, bag: str, row: int) -> set[str]:
    b = reading.bags[bag]
    return {b.keys[c] for c in b.cols[b.rows == row]}


def test_an_abbreviation_is_read_as_the_word_it_abbreviates():
    reading = read_day(_day("Two climbers were rescued from Mt Kenya on Sunday after a night in the snow.",
                            "The climbers stuck on Mount Kenya were flown to Nairobi, rangers said."), "english")
    assert "mount" in _keys(reading, "words", 0) & _keys(reading, "words", 1)
    assert not any(k in ("mt", "mt.") for k in reading.bags["words"].keys)


def test_names_are_words_mostly_capitalised_mid_sentence():
    reading = read_day(_day("Floods hit the north. Officials said Assad visited the camps on Monday.",
                            "Assad toured the region where floods destroyed homes, officials said."), "english")
    words = reading.bags["words"]
    named = {words.keys[c] for c, is_name in zip(words.cols, reading.name_words, strict=True) if is_name}
    assert "assad" in named  # a name even where it opens the second article's sentence
    assert "flood" not in named and "offici" not in named
    assert _keys(reading, "names", 1) == {"#assad"}


def test_repeated_words_add_their_position_weights_and_title_words_count_more():
    reading = read_day([Article(title="Port strike", text="Port workers strike. The port closed.", source="A")],
                       "english")
    words = reading.bags["words"]
    weight = dict(zip((words.keys[c] for c in words.cols), words.values, strict=True))
    # "port" at positions 0 and 4 of the body (weights 2 and 80/44) plus the title's 3
    assert weight["port"] == pytest.approx(2.0 + 80 / 44 + 3.0)
    assert weight["worker"] == pytest.approx(80 / 41)


def test_a_row_over_the_limit_keeps_its_strongest_keys_the_later_key_on_ties():
    # Keys a (3 articles), b and c (2 each): b and c are rarer, so stronger; they tie with each other.
    bag = Bag(rows=np.array([0, 0, 0, 1, 1, 1, 2]), cols=np.array([0, 1, 2, 0, 1, 2, 0]),
              values=np.ones(7), keys=["a", "b", "c"], n=3)
    x, idf = _unit_rows(bag, limit=1, binary=True)
    assert idf.tolist() == pytest.approx([1.0, np.log(4 / 3) + 1.0, np.log(4 / 3) + 1.0])
    assert x[0].indices.tolist() == [2] and x[0].data.tolist() == pytest.approx([1.0])
    x, _ = _unit_rows(bag, limit=2, binary=True)
    assert sorted(x[0].indices.tolist()) == [1, 2]
    assert x[0].data.tolist() == pytest.approx([2 ** -0.5] * 2)
    assert x[2].indices.tolist() == [0]


def test_batch_stems_are_the_single_word_stems():
    words = ["Running", "ceasefires", "Gaddafi", "islands", "was"]
    assert nlp.stem_words(words) == [nlp.stem(w) for w in words]


def _bags(reading) -> dict:
    return {name: (b.rows.tolist(), b.cols.tolist(), b.values.tolist(), b.keys) for name, b in reading.bags.items()}


def test_scans_made_elsewhere_give_the_reading_of_scanning_here():
    from digest.group.reading import prepare, scan_article

    texts = ("Gunmen killed 12 people in Peshawar on May 3, 2024, police said; Khan condemned it.",
             "In Peshawar, twelve died when gunmen attacked a market on 3 May, officials said.")
    here = read_day(_day(*texts), "english")
    articles = _day(*texts)
    prepare(articles, [scan_article(a) for a in articles])
    assert _bags(read_day(articles, "english")) == _bags(here)


def test_a_scan_is_not_used_once_its_article_text_has_changed():
    from digest.group.reading import prepare, scan_article

    articles = _day("Floods hit Dhaka on Monday.", "Floods hit Dhaka again, officials said.")
    prepare(articles, [scan_article(a) for a in articles])
    articles[1].text = "An earthquake struck Lima, Peru, officials said."
    assert "lima" in _keys(read_day(articles, "english"), "words", 1)

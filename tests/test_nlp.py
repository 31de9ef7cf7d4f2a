"""The offline NLP core: sentence and word splitting, stems, and article clean-up."""

import pytest

from digest import nlp

ARTICLE = """Harbour Cranes Return to Work After Strike

PORTVILLE (Coast Wire) — Dock workers returned to the harbour on Monday after a four-day strike. The union said
the deal met its main demands.

Advertisement

By Maria Olsen

"We are glad to be back," said Tomas Berg, a crane operator. Shipping lines expect delays until Friday.

Union statement

The port authority said 40 ships were waiting offshore.

Show Full Article
Share this article
"""


def test_title_line_is_taken_as_title_not_body():
    cleaned = nlp.clean_article(ARTICLE)
    assert cleaned.title == "Harbour Cranes Return to Work After Strike"
    assert all("Harbour Cranes Return" not in p for p in cleaned.paragraphs)


def test_boilerplate_and_bylines_are_dropped():
    body = nlp.clean_article(ARTICLE).body
    for junk in ("Advertisement", "Show Full Article", "Share this article", "By Maria Olsen"):
        assert junk not in body


def test_dateline_is_stripped_and_paragraphs_kept():
    cleaned = nlp.clean_article(ARTICLE)
    assert cleaned.paragraphs[0].startswith("Dock workers returned")
    assert len(cleaned.paragraphs) == 3
    assert "Union statement" in cleaned.headings


@pytest.mark.parametrize("line,expected", [
    ("MOSCOW (AP) — Russia said it would act.", "Russia said it would act."),
    ("BEIRUT, Oct 15 (Reuters) - Ten people died.", "Ten people died."),
    ("WASHINGTON — The Senate voted.", "The Senate voted."),
    ("The UN said - in a statement - it would help.", "The UN said - in a statement - it would help."),
    ("US officials — who declined to be named — said so.", "US officials — who declined to be named — said so."),
])
def test_strip_dateline(line, expected):
    assert nlp.strip_dateline(line) == expected


def test_hard_wrapped_paragraph_is_joined():
    text = "Officials said the bridge\nwould reopen next week after\nrepairs to its deck.\n\nTraffic was diverted."
    assert nlp.clean_article(text).paragraphs == [
        "Officials said the bridge would reopen next week after repairs to its deck.",
        "Traffic was diverted.",
    ]


def test_sentences_respect_abbreviations_and_quotes():
    text = 'Mr. Smith met the U.S. envoy on Jan. 5 in Washington. "We will study it," he said. The toll rose to 10.'
    assert nlp.split_sentences(text) == [
        "Mr. Smith met the U.S. envoy on Jan. 5 in Washington.",
        '"We will study it," he said.',
        "The toll rose to 10.",
    ]


def test_other_languages_split_offline():
    assert len(nlp.split_sentences("Das ist z.B. ein Satz. Und noch einer!", "german")) == 2


def test_words_follow_sumys_word_pattern():
    assert nlp.words("Russia launched 32 attacks, well-known ones.") == ["Russia", "launched", "attacks", "well-known", "ones"]


def test_tokenizer_is_sumy_compatible():
    tok = nlp.Tokenizer("en")
    assert tok.language == "english"
    assert tok.to_sentences("One sentence here. Another one there.") == ("One sentence here.", "Another one there.")
    assert "32" not in tok.to_words("Russia launched 32 attacks.")


def test_stem_and_stop_words():
    assert nlp.stem("Running") == nlp.stem("runs") == "run"
    assert "the" in nlp.stop_words("english")


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="unsupported language"):
        nlp.normalize_language("klingon")


def test_a_paragraph_starting_with_by_and_a_day_is_text_not_a_byline():
    text = "Flood toll rises\n\nBy Maria Olsen, Coast Wire\n\nBy Tuesday, the toll had risen to 93, officials said."
    cleaned = nlp.clean_article(text)
    assert cleaned.paragraphs == ["By Tuesday, the toll had risen to 93, officials said."]


@pytest.mark.parametrize("line", ["WASHINGTON (AP) _ The Senate voted.", "JAKARTA, Indonesia (AP) _ The Senate voted."])
def test_old_ap_datelines_with_an_underscore_dash(line):
    assert nlp.strip_dateline(line) == "The Senate voted."

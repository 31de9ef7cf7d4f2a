"""The analysed article: built once per article, sentences located in their paragraphs."""

from digest.analysis import analyse, build
from digest.model import Article
from digest.summarize import summarize_articles

TEXT = """Flood waters rise in the valley

RIVERTON (Valley Wire) — Flood waters rose  overnight in the valley. Dr. Ana Ruiz said the
dam held.   Forty homes were evacuated.

Rescue work

Officials said the U.S. Army Corps of Engineers would inspect the dam. Schools stay closed.
"""


def test_sentences_carry_their_paragraph_index_and_offsets():
    doc = build(Article(title="", text=TEXT))
    assert doc.title == "Flood waters rise in the valley"
    assert doc.headings == ("Rescue work",)
    assert [(s.paragraph, s.index, s.text) for s in doc.sentences] == [
        (0, 0, "Flood waters rose overnight in the valley."),
        (0, 1, "Dr. Ana Ruiz said the dam held."),
        (0, 2, "Forty homes were evacuated."),
        (1, 3, "Officials said the U.S. Army Corps of Engineers would inspect the dam."),
        (1, 4, "Schools stay closed."),
    ]
    for s in doc.sentences:  # the span holds the sentence, whitespace runs aside
        assert " ".join(doc.paragraphs[s.paragraph][s.start:s.end].split()) == s.text


def test_a_title_that_only_repeats_the_first_sentence_is_no_headline():
    lead = "Forty homes were evacuated in Riverton on Monday as the river rose."
    assert build(Article(title=lead[:40], text=lead)).headline == ""
    assert build(Article(title="Riverton floods", text=lead)).headline == "Riverton floods"


def test_one_analysis_per_article_and_language():
    article = Article(title="Valley floods", text=TEXT)
    first = analyse(article)
    assert analyse(article) is first
    assert analyse(article, "en") is first
    assert analyse(Article(title="Valley floods", text=TEXT)) is not first  # another article object
    assert analyse(article, "german").language == "german"


def test_summarising_in_another_language_leaves_the_article_alone():
    article = Article(title="Hochwasser", text="Das Wasser stieg in der Nacht stark an. Vierzig Häuser wurden "
                      "evakuiert und geräumt. Die Schulen bleiben heute und morgen geschlossen.")
    summary = summarize_articles([article], sentences=1, language="german")
    assert summary.language == "german"
    assert article.language == "english"

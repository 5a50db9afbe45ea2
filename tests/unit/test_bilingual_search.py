"""French and English both first-class: an article and its translations are one answer, shown
in the asker's language, and small talk in either language is not offered articles."""

from __future__ import annotations

import pytest

from bot.paths import CONFIG_DIR
from knowledge.article import ArticleError
from knowledge.decision import Decision, Thresholds, decide
from knowledge.markdown import ArticleParseError, parse_article, render_article
from knowledge.repository import content_hash
from knowledge.search import KnowledgeSearch
from knowledge.translations import one_per_topic, twins_of

SAMPLE = CONFIG_DIR / "articles"

ARTICLE = """---
id: vpn-lent
title: Le VPN est très lent
type: problem
confidence: validated
audience: employees
language: fr
owner: network-team
tags: [vpn]
translations: [vpn-slow]
---
## Issue
- le VPN rame
## Resolution
Changez de passerelle.
"""


def test_links_declared_on_one_side_join_both_and_chain() -> None:
    twins = twins_of(
        [
            ("en", "vpn-slow", ()),
            ("fr", "vpn-lent", ("vpn-slow",)),
            ("de", "vpn-langsam", ("vpn-lent",)),
            ("alone", "payslip", ("no-such-article",)),
        ]
    )
    assert set(twins["en"]) == set(twins["fr"]) == set(twins["de"]) == {"en", "fr", "de"}
    assert twins["alone"] == ("alone",)


def test_a_topic_ranks_once_and_shows_the_askers_copy() -> None:
    twins = twins_of([("vpn-en", "a", ("b",)), ("vpn-fr", "b", ()), ("wifi-en", "c", ())])
    language = {"vpn-en": "en", "vpn-fr": "fr", "wifi-en": "en"}.__getitem__
    ranked = ["vpn-en", "wifi-en", "vpn-fr"]  # the English copy scored best
    assert one_per_topic(ranked, twins, language, "fr") == [
        ("vpn-fr", "vpn-en"),
        ("wifi-en", "wifi-en"),
    ]
    assert one_per_topic(ranked, twins, language, "en") == [
        ("vpn-en", "vpn-en"),
        ("wifi-en", "wifi-en"),
    ]
    # The asker's copy is shown even when only the other one scored, unless they may not see it.
    assert one_per_topic(["vpn-en"], twins, language, "fr") == [("vpn-fr", "vpn-en")]
    hidden = one_per_topic(["vpn-en"], twins, language, "fr", lambda k: k != "vpn-fr")
    assert hidden == [("vpn-en", "vpn-en")]


def test_translations_round_trip_and_a_self_link_is_refused() -> None:
    article = parse_article(ARTICLE)
    assert article.translations == ("vpn-slow",)
    assert parse_article(render_article(article)) == article
    with pytest.raises(ArticleParseError, match="another article"):
        parse_article(ARTICLE.replace("[vpn-slow]", "[vpn-lent]"))
    with pytest.raises(ArticleError, match="another article"):
        type(article)(**{**article.__dict__, "translations": ("Not A Slug",)})


def test_an_article_without_translations_keeps_its_content_hash() -> None:
    article = parse_article(ARTICLE.replace("translations: [vpn-slow]\n", ""))
    assert "translations" not in article.to_snapshot()
    snapshot_hash = content_hash(article)
    assert content_hash(type(article).from_snapshot(article.to_snapshot())) == snapshot_hash


def test_every_link_in_the_sample_names_an_article_in_the_other_language() -> None:
    articles = {
        a.id: a for a in (parse_article(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.md"))
    }
    linked = [a for a in articles.values() if a.translations]
    assert len(linked) >= 60
    for article in linked:
        for other in article.translations:
            assert other in articles, (article.id, other)
            assert articles[other].language != article.language
            assert article.id in articles[other].translations  # declared on both sides


def test_choices_must_stand_out_from_the_rest() -> None:
    t = Thresholds(0.6, 0.1, 0.3, 0.25, disambiguate_lead=0.11)
    # Two close articles well above the rest: a real choice.
    assert decide([0.55, 0.52, 0.28, 0.27, 0.26], t) == (Decision.DISAMBIGUATE, 2)
    # Everything about as close (small talk in a language the model reads poorly): none.
    assert decide([0.58, 0.56, 0.55, 0.53, 0.50], t) == (Decision.NONE, 0)
    # Four left (the runner-ups after a "no"): the last one stands for the rest.
    assert decide([0.58, 0.56, 0.55, 0.53], t) == (Decision.NONE, 0)
    assert decide([0.58, 0.56, 0.55, 0.40], t) == (Decision.DISAMBIGUATE, 3)
    # Three or fewer: nothing below the choices to compare with, the band alone decides.
    assert decide([0.58, 0.56, 0.55], t) == (Decision.DISAMBIGUATE, 3)
    # An answer is unaffected.
    assert decide([0.8, 0.6, 0.59, 0.58, 0.57], t) == (Decision.ANSWER, 1)


def test_after_a_no_every_choice_must_stand_out_not_only_the_best() -> None:
    t = Thresholds(0.8, 0.1, 0.492, 0.25, disambiguate_lead=0.11)
    # What a French "non" to the print-queue article left: two printer articles, then a
    # shared-folder article level with the rest of the knowledge base.
    left = [0.736, 0.7321, 0.5946, 0.5759]
    assert decide(left, t) == (Decision.DISAMBIGUATE, 3)
    assert decide(left, t, each_stands_out=True) == (Decision.DISAMBIGUATE, 2)
    assert decide([0.736, 0.60, 0.59, 0.58], t, each_stands_out=True) == (Decision.NONE, 0)


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_greetings_and_small_talk_in_either_language_are_offered_nothing(
    sample_search: KnowledgeSearch,
) -> None:
    search = sample_search
    for text in (
        "bonjour tout le monde, bonne semaine !",
        "salut, ça va ?",
        "merci beaucoup, bonne journée",
        "Bonjour",
        "hello",
        "thanks a lot, have a nice day",
        "is there a shuttle from the station?",
    ):
        result = search.search(text)
        assert result.decision is Decision.NONE, (
            text,
            [(h.article_id, h.score) for h in result.hits],
        )

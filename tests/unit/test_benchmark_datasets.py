"""Which training phrasings make an article in the retrieval benchmarks."""

from __future__ import annotations

from benchmarks.datasets import pick


def test_the_first_phrasings_when_no_seed_is_given() -> None:
    texts = [f"phrasing {i}" for i in range(10)]
    assert pick(texts, 5, None, "book_hotel") == (texts[:5], texts[5:])


def test_a_seeded_draw_is_repeatable_per_intent_and_loses_nothing() -> None:
    texts = [f"phrasing {i}" for i in range(40)]
    chosen, rest = pick(texts, 5, 0, "book_hotel")
    assert pick(texts, 5, 0, "book_hotel") == (chosen, rest)
    assert len(chosen) == 5 and sorted(chosen + rest) == sorted(texts)
    assert chosen != texts[:5]  # not the head of the file, which is unrepresentative
    assert [t for t in texts if t in chosen] == chosen  # the file's order is kept
    assert pick(texts, 5, 1, "book_hotel")[0] != chosen
    assert pick(texts, 5, 0, "book_flight")[0] != chosen  # each intent its own draw


def test_an_intent_with_fewer_phrasings_than_asked_gives_them_all() -> None:
    assert pick(["a", "b"], 5, 0, "tiny") == (["a", "b"], [])

"""A message typed on several lines (a Slack list, a pasted error) reads as its facts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.text import QueryError, clean_query, flatten_lines


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "vpn down:\n- since 9am\n- whole floor\n- client call at 2pm",
            "vpn down: since 9am. whole floor. client call at 2pm",
        ),
        (
            "```\nERROR 503 Service Unavailable\n```\nsince 10 min",
            "ERROR 503 Service Unavailable. since 10 min",
        ),
        ("1. opened outlook\n2. it froze", "opened outlook. it froze"),
        ("Ça plante.\nEt le casque aussi", "Ça plante. Et le casque aussi"),
        ("one line only", "one line only"),
        ("- a single item", "a single item"),
    ],
)
def test_each_line_of_a_message_is_one_fact(typed: str, read: str) -> None:
    assert clean_query(typed, 4000)[0] == read


def test_a_message_of_fences_alone_has_no_words() -> None:
    with pytest.raises(QueryError):
        clean_query("```\n```", 4000)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_flattening_adds_no_word_and_keeps_their_order(typed: str) -> None:
    """Only list numbers ("1.") and a fence's language ("```sql") may go."""
    said = iter(_words(typed))
    assert all(any(w == s for s in said) for w in _words(flatten_lines(typed)))


def test_flattening_keeps_every_word_but_list_markers() -> None:
    typed = "Outlook 2016 crashes\n3 people affected\n```sql\nSELECT 1\n```"
    assert _words(flatten_lines(typed)) == [
        "Outlook",
        "2016",
        "crashes",
        "3",
        "people",
        "affected",
        "SELECT",
        "1",
    ]

"""The measured decision on every query: answer, disambiguate, or none (do not guess)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Decision(StrEnum):
    ANSWER = "answer"
    DISAMBIGUATE = "disambiguate"
    NONE = "none"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on validation data (benchmarks/calibrate.py); configurable in [search]."""

    answer_threshold: float
    answer_margin: float
    disambiguate_threshold: float
    disambiguate_window: float
    # Choices must stand out from the rest of the knowledge base: the best one leads the
    # article ranked LEAD_RANK by at least this much (0: no such check).
    disambiguate_lead: float = 0.0
    # A list is offered only when one of its articles shares enough of the question's words:
    # its saturated BM25 score at least this (0: no such check). See `lexically_supported`.
    disambiguate_lexical: float = 0.0


# The rank whose score stands for "the rest of the knowledge base" (below any choice offered).
LEAD_RANK = 5


def decide(
    scores: Sequence[float],
    t: Thresholds,
    each_stands_out: bool = False,
    lexical: Sequence[float] | None = None,
) -> tuple[Decision, int]:
    """Decision and how many of the (descending) scores it offers: 1, 2-3, or 0.

    `each_stands_out` (the runner-ups after a "no") asks every choice, not only the best, to
    lead the rest of the knowledge base: after one miss, a list padded with an article level
    with everything else is a guess. `lexical` (each hit's saturated BM25 score) lets a list
    be checked against `t.disambiguate_lexical`.
    """
    decision, offered = _by_scores(scores, t, each_stands_out)
    if lexical is None:
        return decision, offered
    return lexically_supported(decision, offered, lexical, t.disambiguate_lexical)


def _by_scores(
    scores: Sequence[float], t: Thresholds, each_stands_out: bool
) -> tuple[Decision, int]:
    if not scores:
        return Decision.NONE, 0
    top = scores[0]
    second = scores[1] if len(scores) > 1 else float("-inf")
    if top >= t.answer_threshold and top - second >= t.answer_margin:
        return Decision.ANSWER, 1
    # Anything within the window (never narrower than the answer margin) is "about equal".
    window = max(t.disambiguate_window, t.answer_margin)
    close = [s for s in scores[:3] if s >= t.disambiguate_threshold and top - s <= window]
    # Small talk in a language the model reads poorly scores about the same against every
    # article in that language: three "close" articles, none above the rest. A real choice
    # stands out from the articles below it: the fifth, or the last known when fewer are left
    # (the runner-ups after a "no" are the first search's hits less the rejected one).
    rest = scores[min(LEAD_RANK, len(scores)) - 1] if len(scores) > 3 else None
    flat = rest is not None and top - rest < t.disambiguate_lead
    if each_stands_out and rest is not None:
        close = [s for s in close if s - rest >= t.disambiguate_lead]
    if len(close) >= 2 and not flat:
        return Decision.DISAMBIGUATE, len(close)
    return Decision.NONE, 0


def lexically_supported(
    decision: Decision, offered: int, lexical: Sequence[float], floor: float
) -> tuple[Decision, int]:
    """A list of articles none of which shares enough of the question's words (saturated
    BM25 below `floor`) is a guess on the embedding alone: nothing is offered.

    "Est-ce qu'il y a une navette depuis la gare ?" got the slow laptop, an expense receipt
    and the docking station (the floor in use is `[search] disambiguate_lexical`).
    """
    supported = max(lexical[:offered], default=0.0)
    if decision is Decision.DISAMBIGUATE and floor > 0 and supported < floor:
        return Decision.NONE, 0
    return decision, offered

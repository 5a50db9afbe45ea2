"""How one article scores: its "Not for" lines rule a query out, never in."""

from __future__ import annotations

import numpy as np

from knowledge.passages import VectorKind
from knowledge.scoring import dense_scores


def unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


ISSUE, PASSAGE, NOT_FOR = (int(VectorKind.ISSUE), int(VectorKind.PASSAGE), int(VectorKind.NOT_FOR))


def test_a_query_nearer_a_not_for_line_than_any_phrasing_is_out_of_scope() -> None:
    stored = np.vstack([unit(1, 0, 0), unit(0.9, 0.1, 0), unit(0, 1, 0.2), unit(0, 1, 0)])
    kinds = np.asarray([ISSUE, ISSUE, PASSAGE, NOT_FOR], dtype=np.int64)
    queries = np.vstack(
        [
            unit(1, 0.05, 0),  # what the article resolves
            unit(0.1, 1, 0),  # what it says it does not
            unit(0.66, 0.75, 0),  # a little nearer the line: within the margin, in scope
        ]
    )
    scores, outside = dense_scores(stored, kinds, queries, 0.9, 0.7, not_for_margin=0.05)
    assert outside.tolist() == [False, True, False]
    assert dense_scores(stored, kinds, queries, 0.9, 0.7, not_for_margin=0.0)[1].tolist() == [
        False,
        True,
        True,
    ]
    # The line never counts for the article: scores are those of the article without it.
    without, none_outside = dense_scores(stored[:3], kinds[:3], queries, 0.9, 0.7, 0.05)
    assert np.allclose(scores, without) and not none_outside.any()
    # A resolution passage close to the query does not keep it in scope: only phrasings do.
    passage_like = unit(0, 1, 0.15)
    _, out = dense_scores(stored, kinds, passage_like[None, :], 0.9, 0.7, 0.05)
    assert out.tolist() == [True]

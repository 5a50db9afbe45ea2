"""How one article scores against a query: dense (best vector + prototype) fused with BM25.

Shared by the live search and the knowledge-base calibration, so that thresholds fitted on
the calibration's scores mean the same thing at answer time.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from knowledge.passages import VectorKind

Floats = npt.NDArray[np.float32]


def dense_scores(
    stored: Floats,
    kinds: npt.NDArray[np.int64],
    queries: Floats,
    passage_weight: float,
    prototype_weight: float,
    not_for_margin: float,
) -> tuple[Floats, npt.NDArray[np.bool_]]:
    """One article's dense score for each query row (queries: n x dim, stored: m x dim, kinds:
    the VectorKind of each stored row), and whether the query is out of the article's scope.

    The score blends the article's best vector (resolution passages down-weighted) and its
    prototype, the normalised mean of its title, issue and confirmed-phrase vectors:
    averaging the phrasings cancels their wording and keeps what they share.

    Out of scope: the query is nearer one of the article's "Not for" lines than any of its
    phrasings by more than `not_for_margin`. Those lines never count for the article.
    """
    scored = kinds != int(VectorKind.NOT_FOR)
    is_passage = kinds[scored] == int(VectorKind.PASSAGE)
    sims = queries @ stored[scored].T
    outside = np.zeros(len(queries), dtype=bool)
    if not scored.all():
        excluded = (queries @ stored[~scored].T).max(axis=1)
        closest = np.where(is_passage[None, :], -np.inf, sims).max(axis=1, initial=-np.inf)
        outside = excluded > closest + not_for_margin
    if not scored.any():
        return np.zeros(len(queries), dtype=np.float32), outside
    weighted = np.where(is_passage[None, :], sims * passage_weight, sims)
    best = weighted.max(axis=1)
    phrasings = stored[scored][~is_passage]
    if len(phrasings) == 0:
        return np.asarray(best, dtype=np.float32), outside
    prototype = phrasings.mean(axis=0)
    norm = float(np.linalg.norm(prototype))
    proto_sim = (queries @ prototype) / norm if norm > 0 else np.zeros(len(queries))
    w = prototype_weight
    return np.asarray((1 - w) * best + w * proto_sim, dtype=np.float32), outside


def saturate(raw_lexical: float, saturation: float) -> float:
    """BM25 squashed into [0, 1): s / (s + saturation)."""
    return raw_lexical / (raw_lexical + saturation)


def fuse(dense: float, lexical: float, dense_weight: float, lexical_weight: float) -> float:
    return round(dense_weight * dense + lexical_weight * lexical, 6)

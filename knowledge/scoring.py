"""How one article scores against a query: dense (best vector + prototype) fused with BM25.

Shared by the live search and the knowledge-base calibration, so that thresholds fitted on
the calibration's scores mean the same thing at answer time.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]


def dense_scores(
    stored: Floats,
    is_passage: npt.NDArray[np.bool_],
    queries: Floats,
    passage_weight: float,
    prototype_weight: float,
) -> Floats:
    """One article's dense score for each query row (queries: n x dim, stored: m x dim).

    A blend of the article's best vector (resolution passages down-weighted) and its
    prototype, the normalised mean of its title, issue and confirmed-phrase vectors:
    averaging the phrasings cancels their wording and keeps what they share.
    """
    sims = queries @ stored.T
    weighted = np.where(is_passage[None, :], sims * passage_weight, sims)
    best = weighted.max(axis=1)
    phrasings = stored[~is_passage]
    if len(phrasings) == 0:
        return np.asarray(best, dtype=np.float32)
    prototype = phrasings.mean(axis=0)
    norm = float(np.linalg.norm(prototype))
    proto_sim = (queries @ prototype) / norm if norm > 0 else np.zeros(len(queries))
    w = prototype_weight
    return np.asarray((1 - w) * best + w * proto_sim, dtype=np.float32)


def saturate(raw_lexical: float, saturation: float) -> float:
    """BM25 squashed into [0, 1): s / (s + saturation)."""
    return raw_lexical / (raw_lexical + saturation)


def fuse(dense: float, lexical: float, dense_weight: float, lexical_weight: float) -> float:
    return round(dense_weight * dense + lexical_weight * lexical, 6)

"""Retrieval quality metrics over ranked results, and threshold calibration.

They live in the product (knowledge/calibration.py), which fits each knowledge base's own
thresholds with them; the benchmarks use the very same code.
"""

from __future__ import annotations

from knowledge.calibration import (
    MARGINS,
    WINDOWS,
    Quality,
    Ranked,
    calibrate,
    curve,
    offered_out_of_scope,
    quality,
)

__all__ = [
    "MARGINS",
    "WINDOWS",
    "Quality",
    "Ranked",
    "calibrate",
    "curve",
    "offered_out_of_scope",
    "quality",
]

"""Retrieval quality metrics over ranked results, and threshold calibration."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from knowledge.decision import Decision, Thresholds, decide


@dataclass(frozen=True)
class Ranked:
    """One query's expected article (None = out of scope) and its ranked (id, score) list."""

    expected: str | None
    ranking: list[tuple[str, float]]


@dataclass(frozen=True)
class Quality:
    hit_at_1: float
    hit_at_3: float
    mrr: float
    answer_precision: float
    coverage: float
    reach: float
    oos_false_answer: float
    answered: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}


def quality(results: Sequence[Ranked], t: Thresholds) -> Quality:
    inscope = [r for r in results if r.expected is not None]
    oos = [r for r in results if r.expected is None]
    hit1 = hit3 = rr = 0.0
    answers = correct_answers = reached = oos_answers = 0
    for r in results:
        ids = [a for a, _ in r.ranking]
        decision, offered = decide([s for _, s in r.ranking], t)
        if r.expected is not None:
            if ids[:1] == [r.expected]:
                hit1 += 1
            if r.expected in ids[:3]:
                hit3 += 1
            if r.expected in ids:
                rr += 1 / (ids.index(r.expected) + 1)
        if decision is Decision.ANSWER:
            answers += 1
            if r.expected is None:
                oos_answers += 1
            elif ids[0] == r.expected:
                correct_answers += 1
                reached += 1
        elif decision is Decision.DISAMBIGUATE and r.expected in ids[:offered]:
            reached += 1
    n = max(1, len(inscope))
    return Quality(
        hit_at_1=hit1 / n,
        hit_at_3=hit3 / n,
        mrr=rr / n,
        answer_precision=correct_answers / answers if answers else 1.0,
        coverage=correct_answers / n,
        reach=reached / n,
        oos_false_answer=oos_answers / len(oos) if oos else 0.0,
        answered=answers / max(1, len(results)),
    )


def calibrate(
    results: Sequence[Ranked], target_precision: float, max_oos_false_answer: float
) -> Thresholds:
    """The thresholds with the most coverage whose precision and OOS rate meet the targets.

    Reach breaks ties, so the disambiguation band is as useful as it can be.
    """
    tops = sorted(r.ranking[0][1] for r in results if r.ranking)
    lo, hi = (tops[0], tops[-1]) if tops else (0.0, 1.0)
    steps = 40
    grid = [lo + (hi - lo) * i / steps for i in range(steps + 1)]
    best: tuple[float, float, Thresholds] | None = None
    for threshold, margin in itertools.product(grid, (0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12)):
        t = Thresholds(threshold, margin, threshold, margin)
        q = quality(results, t)
        if q.answer_precision < target_precision or q.oos_false_answer > max_oos_false_answer:
            continue
        key = (q.coverage, q.reach)
        if best is None or key > best[:2]:
            best = (*key, t)
    if best is None:  # nothing meets the targets: never answer
        return Thresholds(float("inf"), 0.0, float("inf"), 0.0)
    t = best[2]
    # Then widen the disambiguation band (lower floor, wider window) while it adds reach
    # without letting out-of-scope queries through as answers (answers do not change).
    best_t, best_reach = t, best[1]
    for floor_drop, window in itertools.product(
        (0.0, 0.02, 0.04, 0.06, 0.08), (0.0, 0.02, 0.04, 0.06)
    ):
        cand = Thresholds(
            t.answer_threshold,
            t.answer_margin,
            t.answer_threshold - floor_drop,
            t.answer_margin + window,
        )
        q = quality(results, cand)
        if q.reach > best_reach + 1e-9:
            best_t, best_reach = cand, q.reach
    return best_t


def curve(results: Sequence[Ranked], margin: float, points: int = 12) -> list[dict[str, float]]:
    """Precision/coverage as the answer threshold sweeps (margin fixed)."""
    tops = sorted(r.ranking[0][1] for r in results if r.ranking)
    out = []
    for i in range(points):
        threshold = tops[int(i * (len(tops) - 1) / (points - 1))]
        q = quality(results, Thresholds(threshold, margin, threshold, margin))
        out.append(
            {
                "threshold": round(threshold, 4),
                "precision": round(q.answer_precision, 4),
                "coverage": round(q.coverage, 4),
                "oos_false_answer": round(q.oos_false_answer, 4),
            }
        )
    return out

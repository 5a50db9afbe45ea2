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
    results: Sequence[Ranked],
    target_precision: float,
    max_oos_false_answer: float,
    target_reach: float,
    max_oos_offered: float = 1.0,
) -> Thresholds:
    """Thresholds chosen on validation results in two steps.

    1. Answer threshold and margin: the most coverage whose answer precision and out-of-scope
       false-answer rate meet the targets.
    2. Disambiguation floor and window: among bands that offer choices to at most
       `max_oos_offered` of the out-of-scope queries (choices among unrelated articles are a
       guess), the narrowest that brings reach to the target, else the one with the most reach.
    """
    tops = sorted(r.ranking[0][1] for r in results if r.ranking)
    lo, hi = (tops[0], tops[-1]) if tops else (0.0, 1.0)
    grid = [lo + (hi - lo) * i / 60 for i in range(61)]
    best: tuple[float, float, Thresholds] | None = None
    for threshold, margin in itertools.product(grid, MARGINS):
        t = Thresholds(threshold, margin, threshold, margin)
        q = quality(results, t)
        if q.answer_precision < target_precision or q.oos_false_answer > max_oos_false_answer:
            continue
        if best is None or (q.coverage, -threshold) > best[:2]:
            best = (q.coverage, -threshold, t)
    if best is None:  # nothing meets the targets: never answer
        return Thresholds(float("inf"), 0.0, float("inf"), 0.0)
    answer = best[2]
    bands: list[tuple[float, float, float, Thresholds]] = []
    for floor, window in itertools.product(grid, WINDOWS):
        if floor > answer.answer_threshold:
            continue
        t = Thresholds(answer.answer_threshold, answer.answer_margin, floor, window)
        offered = offered_out_of_scope(results, t)
        if offered > max_oos_offered:
            continue
        bands.append((quality(results, t).reach, offered, -floor, t))
    if not bands:
        return Thresholds(answer.answer_threshold, answer.answer_margin, answer.answer_threshold, 0)
    reaching = [b for b in bands if b[0] >= target_reach]
    if reaching:
        return min(reaching, key=lambda b: (b[1], -b[0]))[3]
    return max(bands, key=lambda b: (b[0], -b[1]))[3]


MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.18, 0.21, 0.25, 0.30)
WINDOWS = (0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25)


def offered_out_of_scope(results: Sequence[Ranked], t: Thresholds) -> float:
    """Share of out-of-scope queries that get an answer or choices instead of questions."""
    oos = [r for r in results if r.expected is None]
    if not oos:
        return 0.0
    offered = sum(decide([s for _, s in r.ranking], t)[0] is not Decision.NONE for r in oos)
    return offered / len(oos)


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

"""A small learned model of "this answer is right", fitted per knowledge base.

Two cut-offs on the top score (knowledge.decision) ignore what else a result shows: whether
BM25 agrees with the embedding, how far the runner-up is, how many phrasings the article has,
how long the question is. Here two logistic regressions read those score features:

- the answer model: probability that the top article is the right one;
- the choices model: probability that the right article is among the first three.

Both are fitted on the knowledge base's own cross-validated queries (knowledge.calibration),
with cut-offs chosen on out-of-fold probabilities: answer when the first is at least the
answer cut-off (the target precision), else offer choices when the second is at least the
choices cut-off (the reach target, at most so many out-of-scope questions offered).

The fitted model is a few dozen numbers stored as JSON with the calibration; applying it is
plain numpy (no scikit-learn on the query path).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.decision import Decision

FEATURES = (
    "top",
    "margin",
    "second_gap",
    "dense_top",
    "dense_margin",
    "lexical_top",
    "lexical_agrees",
    "dense_agrees",
    "log_phrasings",
    "log_query_words",
)
MAX_CHOICES = 3
FOLDS = 5
MIN_EACH_CLASS = 5  # fewer right (or wrong) examples than this: no model, thresholds stay

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Evidence:
    """What one search result shows about its first articles (scores descending)."""

    scores: tuple[float, ...]  # fused scores of the hits
    dense: tuple[float, ...]
    lexical: tuple[float, ...]  # saturated BM25, 0 when BM25 did not find the article
    phrasings: int  # the first article's phrasings (Issue lines and confirmed phrases)
    query_words: int


# A word of a query: "Wi-Fi" and "l'imprimante" are one; a lone "." or "🙄" is none, so a
# trailing punctuation mark cannot make a two-word query look like a precise one.
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """The words of a query, as the model's `log_query_words` counts them."""
    return len(_WORD.findall(text))


def features(e: Evidence) -> list[float]:
    """The model's inputs for one result (see FEATURES); an empty result is all zeros."""
    if not e.scores:
        return [0.0] * len(FEATURES)
    s, d, lex = e.scores, e.dense, e.lexical
    second = s[1] if len(s) > 1 else 0.0
    third = s[2] if len(s) > 2 else 0.0
    return [
        s[0],
        s[0] - second,
        second - third,
        d[0],
        d[0] - max(d[1:], default=0.0),
        lex[0],
        1.0 if lex[0] > 0 and lex[0] >= max(lex) else 0.0,
        1.0 if d[0] >= max(d) else 0.0,
        math.log1p(e.phrasings),
        math.log1p(e.query_words),
    ]


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic regression: p = sigmoid(coef . (x - mean) / scale + intercept)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def probability(self, x: Matrix) -> npt.NDArray[np.float64]:
        z = ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef)
        return np.asarray(1.0 / (1.0 + np.exp(-(z + self.intercept))), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Logistic:
        return cls(
            tuple(float(v) for v in data["mean"]),
            tuple(float(v) for v in data["scale"]),
            tuple(float(v) for v in data["coef"]),
            float(data["intercept"]),
        )


def fit_logistic(x: Matrix, y: npt.NDArray[np.bool_]) -> Logistic:
    """Fit on standardised features (L2, C=1); constant features get weight 0."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit((x - mean) / scale, y)
    return Logistic(
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in model.coef_[0]),
        float(model.intercept_[0]),
    )


@dataclass(frozen=True)
class AnswerModel:
    """The two models and their cut-offs, as stored with the calibration."""

    answer: Logistic
    choices: Logistic
    answer_cut: float  # answer alone when P(first is right) >= this (inf: never)
    choices_cut: float  # else offer choices when P(right one in the first 3) >= this

    def probabilities(self, evidence: Sequence[Evidence]) -> tuple[Matrix, Matrix]:
        x = np.asarray([features(e) for e in evidence], dtype=np.float64).reshape(
            len(evidence), len(FEATURES)
        )
        return self.answer.probability(x), self.choices.probability(x)

    def decide(self, e: Evidence) -> tuple[Decision, int]:
        """Decision and how many of the hits it offers (1 answer, 2-3 choices, 0)."""
        if not e.scores:
            return Decision.NONE, 0
        p_answer, p_choices = self.probabilities([e])
        return decide_with(float(p_answer[0]), float(p_choices[0]), len(e.scores), self)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "logistic",
            "features": list(FEATURES),
            "answer": self.answer.to_json(),
            "choices": self.choices.to_json(),
            "answer_cut": round(self.answer_cut, 6) if math.isfinite(self.answer_cut) else None,
            "choices_cut": round(self.choices_cut, 6) if math.isfinite(self.choices_cut) else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnswerModel | None:
        """The stored model, or None when it was made from other features than these."""
        if data.get("kind") != "logistic" or tuple(data.get("features", ())) != FEATURES:
            return None
        cuts = [
            float("inf") if data[k] is None else float(data[k])
            for k in ("answer_cut", "choices_cut")
        ]
        return cls(Logistic.from_json(data["answer"]), Logistic.from_json(data["choices"]), *cuts)


def decide_with(
    p_answer: float, p_choices: float, hits: int, model: AnswerModel
) -> tuple[Decision, int]:
    if hits == 0:
        return Decision.NONE, 0
    if p_answer >= model.answer_cut:
        return Decision.ANSWER, 1
    if hits >= 2 and p_choices >= model.choices_cut:
        return Decision.DISAMBIGUATE, min(MAX_CHOICES, hits)
    return Decision.NONE, 0


# -- fitting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labelled:
    """One validation query for the fit: its evidence, ranked ids and expected article."""

    evidence: Evidence
    ids: tuple[str, ...]
    expected: str | None


@dataclass(frozen=True)
class Fitted:
    """A fitted model and its out-of-fold probabilities on the queries it was fitted on."""

    model: AnswerModel
    p_answer: Matrix
    p_choices: Matrix


def out_of_fold(x: Matrix, y: npt.NDArray[np.bool_], folds: int = FOLDS, seed: int = 13) -> Matrix:
    """Each query's probability from a model fitted without its fold (honest cut-offs)."""
    order = np.random.default_rng(seed).permutation(len(y))
    fold = np.empty(len(y), dtype=np.int64)
    fold[order] = np.arange(len(y)) % folds
    out = np.empty(len(y), dtype=np.float64)
    for k in range(folds):
        train, test = fold != k, fold == k
        if not test.any():
            continue
        labels = y[train]
        if labels.all() or not labels.any():
            out[test] = float(labels.mean()) if len(labels) else 0.0
            continue
        out[test] = fit_logistic(x[train], labels).probability(x[test])
    return out


def _cut_points(p: Matrix) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Order by descending p, and the candidate cut-offs: the last index of each equal run."""
    order = np.argsort(-p, kind="stable")
    ranked = p[order]
    last = np.flatnonzero(np.append(ranked[1:] != ranked[:-1], True))
    return order, last


def choose_answer_cut(
    p: Matrix,
    right: npt.NDArray[np.bool_],
    inscope: npt.NDArray[np.bool_],
    target_precision: float,
    max_oos_false_answer: float,
) -> float:
    """The lowest cut-off (most coverage) whose precision and OOS answer rate meet the targets.

    Infinity (never answer alone) when none does.
    """
    if len(p) == 0:
        return float("inf")
    order, last = _cut_points(p)
    answered = np.arange(1, len(p) + 1)[last]
    correct = np.cumsum(right[order])[last]
    oos = ~inscope
    oos_answered = np.cumsum(oos[order])[last]
    oos_rate = oos_answered / max(1, int(oos.sum()))
    ok = (correct / answered >= target_precision) & (oos_rate <= max_oos_false_answer)
    if not ok.any():
        return float("inf")
    return float(p[order][last[np.flatnonzero(ok)[-1]]])


def choose_choices_cut(
    p_answer: Matrix,
    p_choices: Matrix,
    hits: npt.NDArray[np.int64],
    reached_if_offered: npt.NDArray[np.bool_],
    right: npt.NDArray[np.bool_],
    inscope: npt.NDArray[np.bool_],
    answer_cut: float,
    target_reach: float,
    max_oos_offered: float,
) -> float:
    """The highest cut-off that brings reach to the target within the limit of out-of-scope
    questions offered an answer or choices; else the one with the most reach within it."""
    if len(p_choices) == 0:
        return float("inf")
    answered = p_answer >= answer_cut
    oos = ~inscope
    n_in, n_oos = max(1, int(inscope.sum())), max(1, int(oos.sum()))
    # A query not answered alone, with two hits or more, is offered choices from the cut down.
    eligible = ~answered & (hits >= 2)
    base_reach = int((answered & right).sum())
    base_oos = int((answered & oos).sum())
    order, last = _cut_points(np.where(eligible, p_choices, -np.inf))
    gained = np.cumsum((eligible & reached_if_offered)[order])[last]
    oos_more = np.cumsum((eligible & oos)[order])[last]
    cuts = np.where(eligible, p_choices, -np.inf)[order][last]
    reach = (base_reach + gained) / n_in
    within = ((base_oos + oos_more) / n_oos <= max_oos_offered) & np.isfinite(cuts)
    if not within.any():
        return float("inf")
    reaching = within & (reach >= target_reach)
    if reaching.any():
        return float(cuts[np.flatnonzero(reaching)[0]])
    candidates = np.flatnonzero(within)
    return float(cuts[candidates[np.argmax(reach[candidates])]])


def fit_answer_model(
    labelled: Sequence[Labelled],
    target_precision: float,
    max_oos_false_answer: float,
    target_reach: float,
    max_oos_offered: float,
    seed: int = 13,
) -> Fitted | str:
    """Fit both models and their cut-offs; a sentence saying why not when it cannot be done."""
    right = np.asarray([bool(q.ids) and q.ids[0] == q.expected for q in labelled], dtype=bool)
    top3 = np.asarray(
        [q.expected is not None and q.expected in q.ids[:MAX_CHOICES] for q in labelled],
        dtype=bool,
    )
    inscope = np.asarray([q.expected is not None for q in labelled], dtype=bool)
    for name, y in (("right first answers", right), ("right articles in the first three", top3)):
        if int(y.sum()) < MIN_EACH_CLASS or int((~y).sum()) < MIN_EACH_CLASS:
            return (
                f"too few {name} or misses among {len(labelled)} validation queries "
                f"(fewer than {MIN_EACH_CLASS} of one kind): the plain thresholds stay"
            )
    x = np.asarray([features(q.evidence) for q in labelled], dtype=np.float64)
    p_answer = out_of_fold(x, right, seed=seed)
    p_choices = out_of_fold(x, top3, seed=seed)
    hits = np.asarray([len(q.evidence.scores) for q in labelled], dtype=np.int64)
    reached = np.asarray(
        [
            q.expected is not None and q.expected in q.ids[: min(MAX_CHOICES, len(q.ids))]
            for q in labelled
        ],
        dtype=bool,
    )
    answer_cut = choose_answer_cut(p_answer, right, inscope, target_precision, max_oos_false_answer)
    choices_cut = choose_choices_cut(
        p_answer,
        p_choices,
        hits,
        reached,
        right,
        inscope,
        answer_cut,
        target_reach,
        max_oos_offered,
    )
    model = AnswerModel(fit_logistic(x, right), fit_logistic(x, top3), answer_cut, choices_cut)
    return Fitted(model, p_answer, p_choices)

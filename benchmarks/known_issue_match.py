"""Calibrating `match_similarity` (and `trend_similarity`): when is a question a known issue?

    python -m benchmarks.known_issue_match [--dataset clinc150|wikit|banking77] [--target 0.95]

Each intent of a public dataset plays a known issue in turn: its K training phrasings (as a
declaration from a trend cluster holds its requesters' words) are the issue's vectors, every
other query of the day is the stream. A question is answered as the issue when its best cosine
with those vectors reaches the threshold. Per threshold, averaged over intents:
- precision: of the questions answered as the issue, the share that really are it;
- recall: of the issue's own askers, the share answered at once.
The threshold is chosen on the validation queries (the lowest that keeps precision >= target,
0.80 by default: a wrong match costs one press of "Not my problem", back to the normal flow)
and reported on the test queries. The same vectors give the trend side: the share of
same-intent and of different-intent query pairs above `trend_similarity`.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import itertools

import numpy as np

from benchmarks import datasets
from knowledge.embedder import shared_embedder

THRESHOLDS = [round(x, 2) for x in np.arange(0.40, 0.91, 0.05)]


def _curve(
    issue_vectors: dict[str, np.ndarray], queries: list[datasets.Query], vectors: np.ndarray
) -> dict[float, dict[str, float]]:
    labels = [q.intent for q in queries]
    out: dict[float, dict[str, float]] = {}
    best = {intent: (vectors @ vecs.T).max(axis=1) for intent, vecs in issue_vectors.items()}
    for threshold in THRESHOLDS:
        precisions, recalls = [], []
        for intent, scores in best.items():
            answered = scores >= threshold
            own = np.array([label == intent for label in labels])
            if own.sum() == 0:
                continue
            recalls.append(float((answered & own).sum() / own.sum()))
            if answered.sum():
                precisions.append(float((answered & own).sum() / answered.sum()))
        out[threshold] = {
            "precision": round(float(np.mean(precisions)) if precisions else 1.0, 3),
            "recall": round(float(np.mean(recalls)), 3),
        }
    return out


def _pairs(queries: list[datasets.Query], vectors: np.ndarray, seed: int = 13) -> dict[str, Any]:
    """Share of same-intent / different-intent query pairs above each trend threshold."""
    rng = np.random.default_rng(seed)
    by_intent: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(queries):
        if q.intent is not None:
            by_intent[q.intent].append(i)
    same = [(a, b) for ids in by_intent.values() for a, b in itertools.pairwise(ids)]
    flat = [i for ids in by_intent.values() for i in ids]
    picks = rng.choice(len(flat), size=(len(same), 2))
    other = [
        (flat[a], flat[b]) for a, b in picks if queries[flat[a]].intent != queries[flat[b]].intent
    ]

    def share(pairs: list[tuple[int, int]], threshold: float) -> float:
        scores = np.array([float(vectors[a] @ vectors[b]) for a, b in pairs])
        return round(float((scores >= threshold).mean()), 3)

    return {
        str(t): {"same_intent": share(same, t), "different_intent": share(other, t)}
        for t in THRESHOLDS
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=("clinc150", "wikit", "banking77"), default="clinc150")
    parser.add_argument("--target", type=float, default=0.80)
    args = parser.parse_args()
    data = getattr(datasets, args.dataset)()
    embedder = shared_embedder("all-MiniLM-L6-v2")
    issue_vectors = {a.id: embedder.encode([a.title, *a.issue]) for a in data.articles}
    validation, test = data.validation, data.test
    v_vectors = embedder.encode([q.text for q in validation])
    t_vectors = embedder.encode([q.text for q in test])
    v_curve = _curve(issue_vectors, validation, v_vectors)
    t_curve = _curve(issue_vectors, test, t_vectors)
    chosen = next((t for t in THRESHOLDS if v_curve[t]["precision"] >= args.target), THRESHOLDS[-1])
    result = {
        "dataset": args.dataset,
        "issues": len(issue_vectors),
        "validation_queries": len(validation),
        "test_queries": len(test),
        "target_precision": args.target,
        "chosen_match_similarity": chosen,
        "test_at_chosen": t_curve[chosen],
        "test_curve": {str(k): v for k, v in t_curve.items()},
        "trend_pairs_test": _pairs(test, t_vectors),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

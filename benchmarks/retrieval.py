"""Retrieval quality benchmark: hybrid vs dense-only vs BM25-only on public intent datasets.

    python -m benchmarks.retrieval [--dataset clinc150 wikit banking77] [--json out.json]

For each dataset it builds a real knowledge base (SQLite + FAISS + BM25 through KnowledgeSearch),
calibrates the decision thresholds on the validation split and reports on the test split; in
hybrid mode it also fits the learned answer model (knowledge.answer_model) on validation. It
also reports the test split under the thresholds in config/relais.toml (calibrated on CLINC150
validation), which is what the product ships.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.datasets import DATASETS, Dataset, Query, add_pick_arguments, pick_seed_of
from benchmarks.metrics import Ranked, calibrate, curve, offered_out_of_scope, quality
from bot.config import SearchSettings, load_settings
from bot.db import Database
from knowledge import repository
from knowledge.answer_model import Fitted, Labelled, fit_answer_model
from knowledge.decision import Thresholds
from knowledge.embedder import Embedder
from knowledge.search import KnowledgeSearch

TARGET_PRECISION = 0.955  # a little above the 0.95 target, for validation/test drift
MAX_OOS_FALSE_ANSWER = 0.02
TARGET_REACH = 0.91
# At most this share of out-of-scope validation queries may be offered choices: offering
# unrelated articles to pick from is a guess, which Relais does not make.
MAX_OOS_OFFERED = 0.25

MODES: dict[str, dict[str, float]] = {
    "hybrid": {},
    "dense_only": {"lexical_weight": 0.0},
    "bm25_only": {"dense_weight": 0.0, "lexical_weight": 1.0},
}


def build(
    dataset: Dataset, folder: Path, embedder: Embedder, settings: SearchSettings
) -> KnowledgeSearch:
    db = Database(f"sqlite:///{folder / 'bench.db'}")
    db.upgrade()
    with db.session() as session:
        for article in dataset.articles:
            repository.upsert(session, article, by="benchmark")
    search = KnowledgeSearch(db, settings, None, embedder=embedder)
    search.load()
    return search


def rank(search: KnowledgeSearch, queries: list[Query], vectors: Any) -> list[Ranked]:
    results = search.search_encoded([q.text for q in queries], vectors)
    return [
        Ranked(q.intent, [(h.article_id, h.score) for h in r.hits], r.evidence)
        for q, r in zip(queries, results, strict=True)
    ]


def run_dataset(
    dataset: Dataset, embedder: Embedder, base: SearchSettings, modes: dict[str, dict[str, float]]
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "dataset": dataset.name,
        "articles": len(dataset.articles),
        "validation_queries": len(dataset.validation),
        "test_queries": len(dataset.test),
        "test_out_of_scope": sum(q.intent is None for q in dataset.test),
        "modes": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        search = build(dataset, Path(tmp), embedder, base)
        val_vectors = embedder.encode([q.text for q in dataset.validation])
        test_vectors = embedder.encode([q.text for q in dataset.test])
        for mode, overrides in modes.items():
            search.settings = base.model_copy(update=overrides)
            val = rank(search, dataset.validation, val_vectors)
            test = rank(search, dataset.test, test_vectors)
            tuned = calibrate(
                val, TARGET_PRECISION, MAX_OOS_FALSE_ANSWER, TARGET_REACH, MAX_OOS_OFFERED
            )
            entry: dict[str, Any] = {
                "calibrated_on_validation": {
                    "thresholds": tuned.__dict__,
                    "test": quality(test, tuned).as_dict(),
                    "test_out_of_scope_offered": round(offered_out_of_scope(test, tuned), 4),
                },
                "curve": curve(test, tuned.answer_margin),
            }
            if mode == "hybrid":
                entry["learned_on_validation"] = learned_block(val, test)
                shipped = search.thresholds
                entry["shipped_thresholds"] = {
                    "thresholds": shipped.__dict__,
                    "test": quality(test, shipped).as_dict(),
                    "test_out_of_scope_offered": round(offered_out_of_scope(test, shipped), 4),
                }
            report["modes"][mode] = entry
        search.db.dispose()
    return report


def learned_block(val: list[Ranked], test: list[Ranked]) -> dict[str, Any]:
    """The learned answer model (knowledge.answer_model) fitted on validation, on test."""
    fitted = fit_answer_model(
        [
            Labelled(r.evidence, tuple(a for a, _ in r.ranking), r.expected)
            for r in val
            if r.evidence
        ],
        TARGET_PRECISION,
        MAX_OOS_FALSE_ANSWER,
        TARGET_REACH,
        MAX_OOS_OFFERED,
    )
    if not isinstance(fitted, Fitted):
        return {"skipped": fitted}
    model = fitted.model
    return {
        "answer_model": model.to_json(),
        "test": quality(test, model).as_dict(),
        "test_out_of_scope_offered": round(offered_out_of_scope(test, model), 4),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="*", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--mode", nargs="*", default=list(MODES), choices=list(MODES))
    parser.add_argument("--json", type=Path, help="also write the full report here")
    add_pick_arguments(parser)
    args = parser.parse_args(argv)
    settings = load_settings().search
    embedder = Embedder(settings.model)
    reports = []
    for name in args.dataset:
        started = time.perf_counter()
        report = run_dataset(
            DATASETS[name](pick_seed_of(args)), embedder, settings, {m: MODES[m] for m in args.mode}
        )
        report["seconds"] = round(time.perf_counter() - started, 1)
        reports.append(report)
        print(summary(report), flush=True)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2) + "\n")


def summary(report: dict[str, Any]) -> str:
    lines = [
        f"## {report['dataset']} ({report['articles']} articles, "
        f"{report['test_queries']} test queries, {report['test_out_of_scope']} out of scope)"
    ]
    lines.append(
        "| mode | thresholds | hit@1 | hit@3 | MRR | precision | coverage | reach | OOS false answer |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for mode, entry in report["modes"].items():
        rows = [("val-calibrated", entry["calibrated_on_validation"])]
        if "test" in entry.get("learned_on_validation", {}):
            rows.append(("learned model, val-fitted", entry["learned_on_validation"]))
        if "shipped_thresholds" in entry:
            rows.append(("shipped", entry["shipped_thresholds"]))
        for label, block in rows:
            q = block["test"]
            lines.append(
                f"| {mode} | {label} | {q['hit_at_1']:.3f} | {q['hit_at_3']:.3f} | {q['mrr']:.3f} | "
                f"{q['answer_precision']:.3f} | {q['coverage']:.3f} | {q['reach']:.3f} | "
                f"{q['oos_false_answer']:.3f} |"
            )
    return "\n".join(lines)


def thresholds_of(block: dict[str, Any]) -> Thresholds:
    return Thresholds(**block["thresholds"])


if __name__ == "__main__":
    main()

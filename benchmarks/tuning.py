"""Search fitted to its knowledge base: base vs tuned model, shipped vs self-calibrated thresholds.

    python -m benchmarks.tuning [--dataset clinc150 wikit banking77 fr-travel] [--json out.json]
        [--skip-tuning]

Each dataset becomes a real knowledge base (SQLite + FAISS + BM25) of its articles, built
from training phrasings only. Everything the product does runs as `relais kb calibrate` and
`relais kb tune` run it (knowledge.upkeep): thresholds from the knowledge base itself by
cross-validation, tuning on the articles' phrasings (with the calibration twin). The test
split is only ever used to report. One run, side by side:

- base model, shipped thresholds ([search] in config/relais.toml)
- base model, thresholds self-calibrated on the knowledge base
- tuned model, shipped thresholds
- tuned model, thresholds self-calibrated on the knowledge base
- base and tuned model, the learned answer model fitted on the same cross-validated queries
  (knowledge.answer_model; `kb calibrate` and `kb tune` serve it when it is expected to cover
  more than the thresholds)
- naive kNN: answer the nearest phrasing's article when its cosine is >= 0.6 (base model)

Tuning time and the peak memory of the tuning run (twin, calibration, training; measured
afresh from its start) are reported. `--skip-tuning` reports
the base model's rows only (minutes instead of tens of minutes on a busy 2-core machine).
Each self-calibrated row also shows what the calibration expected on the knowledge base's own
queries ("expected"), to see how well that promise holds on the test split.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.datasets import (
    DATASETS,
    SMALL_DATASETS,
    Dataset,
    add_pick_arguments,
    pick_seed_of,
)
from benchmarks.metrics import Ranked, offered_out_of_scope, quality
from benchmarks.retrieval import build, rank
from bot.config import SearchSettings, load_settings
from knowledge import upkeep
from knowledge.calibration import Calibration, Rule, phrasings_of, shipped_thresholds
from knowledge.decision import Thresholds
from knowledge.embedder import Embedder
from knowledge.tuning import TuningError, rss_mb

KNN_COSINE = 0.6
ALL = {**DATASETS, **SMALL_DATASETS}


def knn(dataset: Dataset, embedder: Embedder, vectors: Any) -> dict[str, float]:
    """Naive kNN over the phrasings: answer when the nearest one is at least KNN_COSINE."""
    owners, texts = [], []
    for article in dataset.articles:
        for text in (article.title, *phrasings_of(article)):
            owners.append(article.id)
            texts.append(text)
    sims = vectors @ embedder.encode(texts).T
    best = sims.argmax(axis=1)
    answers = correct = 0
    inscope = sum(q.intent is not None for q in dataset.test)
    oos = len(dataset.test) - inscope
    oos_answers = 0
    for i, query in enumerate(dataset.test):
        if sims[i, best[i]] < KNN_COSINE:
            continue
        answers += 1
        if query.intent is None:
            oos_answers += 1
        elif owners[best[i]] == query.intent:
            correct += 1
    return {
        "answer_precision": round(correct / answers, 4) if answers else 1.0,
        "coverage": round(correct / max(1, inscope), 4),
        "oos_false_answer": round(oos_answers / oos, 4) if oos else 0.0,
    }


def report_block(
    ranked: list[Ranked], t: Rule, source: str, expected: dict[str, float] | None = None
) -> dict[str, Any]:
    rule: dict[str, Any] = (
        {k: (round(v, 4) if np.isfinite(v) else None) for k, v in t.__dict__.items()}
        if isinstance(t, Thresholds)
        else t.to_json()
    )
    return {
        "thresholds" if isinstance(t, Thresholds) else "answer_model": rule,
        "source": source,
        "test": quality(ranked, t).as_dict(),
        "test_out_of_scope_offered": round(offered_out_of_scope(ranked, t), 4),
        "expected": expected or {},
    }


def calibrated_rows(
    report: dict[str, Any], model: str, ranked: list[Ranked], found: Calibration, source: str
) -> None:
    """The self-calibrated thresholds' row and the learned model's row, with their promises."""
    report["rows"][f"{model}, self-calibrated"] = report_block(
        ranked, found.thresholds, source, found.expected
    )
    if found.learned_model is not None:
        used = " (in use)" if found.learned_used else ""
        report["rows"][f"{model}, learned model{used}"] = report_block(
            ranked, found.learned_model, source, found.learned
        )
    report[f"{model}_answer_model"] = found.answer_model_note


def run_dataset(
    dataset: Dataset, base: Embedder, settings: SearchSettings, skip_tuning: bool = False
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "dataset": dataset.name,
        "articles": len(dataset.articles),
        "test_queries": len(dataset.test),
        "test_out_of_scope": sum(q.intent is None for q in dataset.test),
        "rows": {},
    }
    queries = [q.text for q in dataset.test]
    with tempfile.TemporaryDirectory() as tmp:
        search = build(dataset, Path(tmp), base, settings)
        vectors = base.encode(queries)
        ranked = rank(search, dataset.test, vectors)
        report["rows"]["base, shipped"] = report_block(ranked, search.thresholds, "shipped")
        started = time.perf_counter()
        outcome = upkeep.calibrate(search, by="benchmark")
        report["calibration_seconds"] = round(time.perf_counter() - started, 1)
        if outcome.calibration is not None:
            calibrated_rows(report, "base", ranked, outcome.calibration, "knowledge base")
        else:
            report["base_calibration"] = outcome.reason
        report["knn_0.6"] = knn(dataset, base, vectors)
        search.db.dispose()
    if skip_tuning:
        return report
    with tempfile.TemporaryDirectory() as tmp:
        search = build(dataset, Path(tmp), base, settings)
        search.models_dir = Path(tmp) / "models"
        rss_before = rss_mb()
        started = time.perf_counter()
        try:
            tuned = upkeep.tune(search, by="benchmark")
        except TuningError as exc:
            report["tuning"] = {"skipped": str(exc)}
            search.db.dispose()
            return report
        seconds = time.perf_counter() - started
        report["tuning"] = {
            "seconds_with_twin_and_index": round(seconds, 1),
            "seconds_final_training": tuned.trained.seconds,
            "steps": tuned.trained.steps,
            "pairs": tuned.trained.pairs,
            "peak_rss_mb": tuned.trained.peak_rss_mb,
            "rss_mb_before": round(rss_before, 1),
        }
        tuned_vectors = search.embedder.encode(queries)
        ranked = rank(search, dataset.test, tuned_vectors)
        report["rows"]["tuned, shipped"] = report_block(
            ranked, shipped_thresholds(settings), "shipped"
        )
        if tuned.calibration is not None and tuned.calibration.calibration is not None:
            calibrated_rows(
                report, "tuned", ranked, tuned.calibration.calibration, "knowledge base (twin)"
            )
        elif tuned.calibration is not None:
            report["tuned_calibration"] = tuned.calibration.reason
        search.db.dispose()
    return report


def summary(report: dict[str, Any]) -> str:
    lines = [
        f"## {report['dataset']} ({report['articles']} articles, {report['test_queries']} test "
        f"queries, {report['test_out_of_scope']} out of scope)",
        "| model, decision | hit@1 | precision | coverage | reach | OOS answered | OOS offered "
        "| expected precision / coverage |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, block in report["rows"].items():
        q, e = block["test"], block.get("expected") or {}
        promise = f"{e['answer_precision']:.3f} / {e['coverage']:.3f}" if e else ""
        lines.append(
            f"| {label} | {q['hit_at_1']:.3f} | {q['answer_precision']:.3f} | "
            f"{q['coverage']:.3f} | {q['reach']:.3f} | {q['oos_false_answer']:.3f} | "
            f"{block['test_out_of_scope_offered']:.3f} | {promise} |"
        )
    k = report["knn_0.6"]
    lines.append(
        f"| naive kNN at cosine {KNN_COSINE} (base) | | {k['answer_precision']:.3f} | "
        f"{k['coverage']:.3f} | | {k['oos_false_answer']:.3f} | | |"
    )
    for key in ("base_answer_model", "tuned_answer_model"):
        if report.get(key):
            lines.append(f"\n{key.split('_')[0]}: {report[key]}")
    for key in ("base_calibration", "tuned_calibration"):
        if key in report:
            lines.append(f"\n{key.replace('_', ' ')}: {report[key]}")
    tuning = report.get("tuning", {})
    if "skipped" in tuning:
        lines.append(f"\ntuning skipped: {tuning['skipped']}")
    elif tuning:
        lines.append(
            f"\ntuning: {tuning['steps']} steps ({tuning['pairs']} pairs), final training "
            f"{tuning['seconds_final_training']} s, with calibration twin and reindex "
            f"{tuning['seconds_with_twin_and_index']} s; peak RSS while tuning {tuning['peak_rss_mb']} MiB "
            f"(the process held {tuning['rss_mb_before']} MiB before)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="*", default=list(ALL), choices=list(ALL))
    parser.add_argument("--json", type=Path, help="also write the full report here")
    parser.add_argument("--skip-tuning", action="store_true", help="base model rows only")
    add_pick_arguments(parser)
    args = parser.parse_args(argv)
    settings = load_settings().search
    base = Embedder(settings.model)
    reports = []
    for name in args.dataset:
        started = time.perf_counter()
        report = run_dataset(ALL[name](pick_seed_of(args)), base, settings, args.skip_tuning)
        report["seconds"] = round(time.perf_counter() - started, 1)
        reports.append(report)
        print(summary(report), "\n", flush=True)
        if args.json:
            args.json.write_text(json.dumps(reports, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Choose fusion weights and decision thresholds on validation data only.

    python -m benchmarks.calibrate [--dataset clinc150 wikit banking77]

For each setting of the grid it ranks every dataset's validation queries, calibrates one set of
thresholds on all of them together (benchmarks.metrics.calibrate), and keeps the setting with the
best mean validation coverage at the precision target (mean reach breaks ties). It prints the
[search] lines for config/relais.toml. Test splits are never read.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.datasets import DATASETS, Dataset, add_pick_arguments, pick_seed_of
from benchmarks.metrics import Ranked, calibrate, quality
from benchmarks.retrieval import (
    MAX_OOS_FALSE_ANSWER,
    MAX_OOS_OFFERED,
    TARGET_PRECISION,
    TARGET_REACH,
    build,
    rank,
)
from bot.config import load_settings
from knowledge.decision import Thresholds
from knowledge.embedder import Embedder

INDEX_GRID: dict[str, tuple[bool, ...]] = {"contextual_phrasings": (False, True)}
SCORE_GRID: dict[str, tuple[float, ...]] = {
    "prototype_weight": (0.3, 0.5, 0.7),
    "lexical_weight": (0.15, 0.3, 0.45),
}


def validation_rankings(
    datasets: list[Dataset], embedder: Embedder, index_overrides: dict[str, Any]
) -> dict[str, dict[tuple[Any, ...], list[Ranked]]]:
    """Per dataset, per score setting: the ranked validation queries."""
    base = load_settings().search.model_copy(update=index_overrides)
    out: dict[str, dict[tuple[Any, ...], list[Ranked]]] = {}
    for dataset in datasets:
        vectors = embedder.encode([q.text for q in dataset.validation])
        with tempfile.TemporaryDirectory() as tmp:
            search = build(dataset, Path(tmp), embedder, base)
            out[dataset.name] = {}
            for values in itertools.product(*SCORE_GRID.values()):
                search.settings = base.model_copy(update=dict(zip(SCORE_GRID, values, strict=True)))
                out[dataset.name][values] = rank(search, dataset.validation, vectors)
            search.db.dispose()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="*", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument(
        "--contextual",
        choices=["true", "false"],
        help="Only this value of contextual_phrasings (a product choice, not a score).",
    )
    parser.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="Try only these values of one score setting (e.g. lexical_weight=0.3).",
    )
    add_pick_arguments(parser)
    args = parser.parse_args(argv)
    for item in args.grid:
        key, _, values = item.partition("=")
        if key not in SCORE_GRID:
            parser.error(f"--grid: {key!r} is not one of {', '.join(SCORE_GRID)}")
        SCORE_GRID[key] = tuple(float(v) for v in values.split(","))
    index_grid: dict[str, tuple[bool, ...]] = dict(INDEX_GRID)
    if args.contextual:
        index_grid["contextual_phrasings"] = (args.contextual == "true",)
    embedder = Embedder(load_settings().search.model)
    datasets = [DATASETS[name](pick_seed_of(args)) for name in args.dataset]
    best: tuple[tuple[float, float], dict[str, Any], Thresholds] | None = None
    for index_values in itertools.product(*index_grid.values()):
        index_overrides = dict(zip(index_grid, index_values, strict=True))
        rankings = validation_rankings(datasets, embedder, index_overrides)
        for values in itertools.product(*SCORE_GRID.values()):
            pooled = [r for name in rankings for r in rankings[name][values]]
            t = calibrate(
                pooled,
                TARGET_PRECISION,
                MAX_OOS_FALSE_ANSWER,
                TARGET_REACH,
                MAX_OOS_OFFERED,
                load_settings().search.disambiguate_lead,
            )
            per = {name: quality(rankings[name][values], t) for name in rankings}
            coverage = statistics.mean(q.coverage for q in per.values())
            reach = statistics.mean(q.reach for q in per.values())
            overrides = {**index_overrides, **dict(zip(SCORE_GRID, values, strict=True))}
            detail = ", ".join(
                f"{n}: hit@1 {q.hit_at_1:.3f} cov {q.coverage:.3f} prec {q.answer_precision:.3f}"
                for n, q in per.items()
            )
            print(
                f"{overrides}: mean coverage {coverage:.3f}, reach {reach:.3f} | {detail} | "
                f"thresholds {t.answer_threshold:.4f} / {t.answer_margin:.4f} / "
                f"{t.disambiguate_threshold:.4f} / {t.disambiguate_window:.4f}",
                flush=True,
            )
            if best is None or (round(coverage, 3), round(reach, 3)) > best[0]:
                best = ((round(coverage, 3), round(reach, 3)), overrides, t)
    assert best is not None
    _, overrides, t = best
    print("\n# [search] settings calibrated on validation data:")
    for name, value in overrides.items():
        print(f"{name} = {str(value).lower() if isinstance(value, bool) else value}")
    print(f"answer_threshold = {t.answer_threshold:.4f}")
    print(f"answer_margin = {t.answer_margin:.4f}")
    print(f"disambiguate_threshold = {t.disambiguate_threshold:.4f}")
    print(f"disambiguate_window = {t.disambiguate_window:.4f}")


if __name__ == "__main__":
    main()

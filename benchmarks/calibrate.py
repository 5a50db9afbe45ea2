"""Choose fusion weights and decision thresholds on CLINC150 validation data only.

    python -m benchmarks.calibrate [--dataset clinc150]

For each fusion setting it ranks the validation queries, calibrates the thresholds on them
(benchmarks.metrics.calibrate) and keeps the setting with the most validation coverage at the
precision target (reach breaks ties). It prints the [search] lines for config/relais.toml.
The test split is never read.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

from benchmarks.datasets import DATASETS
from benchmarks.metrics import calibrate, quality
from benchmarks.retrieval import (
    MAX_OOS_FALSE_ANSWER,
    TARGET_PRECISION,
    TARGET_REACH,
    build,
    rank,
)
from bot.config import load_settings
from knowledge.embedder import Embedder

GRID = {
    "prototype_weight": (0.3, 0.5, 0.7, 0.85),
    "lexical_weight": (0.0, 0.15, 0.3),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="clinc150", choices=list(DATASETS))
    args = parser.parse_args(argv)
    base = load_settings().search
    embedder = Embedder(base.model)
    dataset = DATASETS[args.dataset]()
    vectors = embedder.encode([q.text for q in dataset.validation])
    best = None
    with tempfile.TemporaryDirectory() as tmp:
        search = build(dataset, Path(tmp), embedder, base)
        for values in itertools.product(*GRID.values()):
            overrides = dict(zip(GRID, values, strict=True))
            search.settings = base.model_copy(update=overrides)
            val = rank(search, dataset.validation, vectors)
            t = calibrate(val, TARGET_PRECISION, MAX_OOS_FALSE_ANSWER, TARGET_REACH)
            q = quality(val, t)
            print(
                f"{overrides}: val coverage {q.coverage:.3f} at precision "
                f"{q.answer_precision:.3f}, reach {q.reach:.3f}, OOS {q.oos_false_answer:.3f}",
                flush=True,
            )
            key = (round(q.coverage, 3), round(q.reach, 3))
            if best is None or key > best[0]:
                best = (key, overrides, t)
        search.db.dispose()
    assert best is not None
    _, overrides, t = best
    print("\n# [search] settings calibrated on validation data:")
    for name, value in overrides.items():
        print(f"{name} = {value}")
    print(f"answer_threshold = {t.answer_threshold:.4f}")
    print(f"answer_margin = {t.answer_margin:.4f}")
    print(f"disambiguate_threshold = {t.disambiguate_threshold:.4f}")
    print(f"disambiguate_window = {t.disambiguate_window:.4f}")


if __name__ == "__main__":
    main()

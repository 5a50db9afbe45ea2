"""How much confirmed phrasings ("searching is creating") improve retrieval on CLINC150.

    python -m benchmarks.phrasings [--limit N] [--json out.json]

Protocol, with the shipped [search] settings and thresholds (config/relais.toml):

1. before: the CLINC150 test split against the K=5 knowledge base of benchmarks.retrieval;
2. feed: every in-scope validation query goes through the same search and decision; when the
   decision is "answer" and the article is the right one, `repository.record_reuse` keeps the
   query as a confirmed phrase, each in its own transaction as the engine does on "yes";
3. after: the index catches up through its change feed (`KnowledgeSearch.sync`, the
   incremental path) and the test split is measured again.

Test queries are never fed. Coverage here is the share of in-scope queries answered (right or
wrong); "correct answers" is the share answered correctly (the coverage of benchmarks.retrieval).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.datasets import K_PHRASINGS, Dataset, Query, clinc150
from benchmarks.metrics import Ranked, quality
from benchmarks.retrieval import build, rank
from bot.config import load_settings
from knowledge import repository
from knowledge.decision import Decision, Thresholds, decide
from knowledge.embedder import Embedder, Vectors
from knowledge.search import KnowledgeSearch

FED_BY = "benchmark-feedback"


@dataclass(frozen=True)
class Feed:
    """What the validation pass confirmed and wrote back."""

    queries: int  # in-scope validation queries searched
    answered: int  # ... that got the decision "answer"
    fed: int  # ... answered with the right article: record_reuse calls
    phrases_stored: int  # confirmed phrases in the database afterwards (duplicates dropped)


def measure(ranked: list[Ranked], t: Thresholds) -> dict[str, float]:
    """hit@1, answered share, correct-answer share, precision and OOS false answers."""
    q = quality(ranked, t)
    inscope = [r for r in ranked if r.expected is not None]
    answered = sum(decide([s for _, s in r.ranking], t)[0] is Decision.ANSWER for r in inscope)
    return {
        "hit_at_1": round(q.hit_at_1, 4),
        "coverage": round(answered / max(1, len(inscope)), 4),
        "correct_answers": round(q.coverage, 4),
        "answer_precision": round(q.answer_precision, 4),
        "oos_false_answer": round(q.oos_false_answer, 4),
    }


def sample(queries: list[Query], limit: int | None) -> list[Query]:
    """At most `limit` in-scope and `limit` out-of-scope queries, evenly spaced."""
    if limit is None:
        return queries
    out: list[Query] = []
    for part in (
        [q for q in queries if q.intent is not None],
        [q for q in queries if q.intent is None],
    ):
        step = max(1, len(part) // max(1, limit))
        out += part[::step][:limit]
    return out


def feed(search: KnowledgeSearch, queries: list[Query], vectors: Vectors) -> Feed:
    """Confirm every right answer on `queries` through the real repository, one at a time."""
    results = search.search_encoded([q.text for q in queries], vectors)
    answered = fed = 0
    for query, result in zip(queries, results, strict=True):
        if result.decision is not Decision.ANSWER:
            continue
        answered += 1
        slug = result.choices[0].article_id
        if slug != query.intent:
            continue
        with search.db.session() as session:
            repository.record_reuse(session, slug, phrase=query.text, by=FED_BY)
        fed += 1
    with search.db.session() as session:
        stored = sum(
            len(repository.content_of(row).search_phrases)
            for row in repository.list_articles(session)
        )
    return Feed(len(queries), answered, fed, stored)


def run(dataset: Dataset, limit: int | None) -> dict[str, Any]:
    """Before, feed, catch up, after; every figure of the report."""
    started = time.perf_counter()
    settings = load_settings().search
    embedder = Embedder(settings.model)
    validation = sample([q for q in dataset.validation if q.intent is not None], limit)
    test = sample(dataset.test, limit)
    report: dict[str, Any] = {
        "dataset": dataset.name,
        "phrasings_per_article": K_PHRASINGS,
        "articles": len(dataset.articles),
        "validation_queries": len(validation),
        "test_queries": sum(q.intent is not None for q in test),
        "test_out_of_scope": sum(q.intent is None for q in test),
    }
    with tempfile.TemporaryDirectory() as tmp:
        search = build(dataset, Path(tmp), embedder, settings)
        thresholds = search.thresholds
        report["thresholds"] = thresholds.__dict__
        report["vectors_before"] = search.vector_count
        test_vectors = embedder.encode([q.text for q in test])
        val_vectors = embedder.encode([q.text for q in validation])
        report["before"] = measure(rank(search, test, test_vectors), thresholds)

        t0 = time.perf_counter()
        fed = feed(search, validation, val_vectors)
        report["feed"] = {**fed.__dict__, "seconds": round(time.perf_counter() - t0, 1)}

        t0 = time.perf_counter()
        stats = search.sync()
        report["catch_up"] = {
            "changed_articles": stats.changed_articles,
            "vectors_added": stats.vectors_added,
            "vectors_removed": stats.vectors_removed,
            "rebuilt": stats.rebuilt,
            "seconds": round(time.perf_counter() - t0, 1),
        }
        report["vectors_after"] = search.vector_count
        report["after"] = measure(rank(search, test, test_vectors), thresholds)
        search.db.dispose()
    report["delta"] = {
        k: round(report["after"][k] - report["before"][k], 4) for k in report["before"]
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


LABELS = {
    "hit_at_1": "hit@1",
    "coverage": "coverage (in-scope answered)",
    "correct_answers": "correct answers (in-scope answered right)",
    "answer_precision": "answer precision",
    "oos_false_answer": "OOS false answer",
}


def summary(report: dict[str, Any]) -> str:
    """The markdown table and the counts behind it."""
    fed, catch_up = report["feed"], report["catch_up"]
    lines = [
        f"## {report['dataset']} confirmed phrasings (K={report['phrasings_per_article']}, "
        f"shipped thresholds)",
        "",
        "| metric | before | after | delta |",
        "|---|---|---|---|",
    ]
    for key, label in LABELS.items():
        before, after, delta = report["before"][key], report["after"][key], report["delta"][key]
        lines.append(f"| {label} | {before:.3f} | {after:.3f} | {delta:+.3f} |")
    lines += [
        "",
        f"- knowledge base: {report['articles']} articles, {report['vectors_before']} vectors "
        f"before, {report['vectors_after']} after",
        f"- test: {report['test_queries']} in-scope + {report['test_out_of_scope']} out-of-scope "
        "queries (never fed)",
        f"- fed: {fed['fed']} phrases (right answers among {fed['answered']} answered of "
        f"{fed['queries']} in-scope validation queries); {fed['phrases_stored']} stored, "
        f"{fed['seconds']} s",
        f"- catch-up: {catch_up['changed_articles']} articles, +{catch_up['vectors_added']} / "
        f"-{catch_up['vectors_removed']} vectors, {catch_up['seconds']} s",
        f"- total: {report['seconds']} s",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, help="at most N in-scope and N out-of-scope queries per split (dev)"
    )
    parser.add_argument("--json", help="also write the report as JSON here ('-' for stdout)")
    args = parser.parse_args(argv)
    report = run(clinc150(), args.limit)
    if args.json == "-":
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    print(summary(report), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Speed benchmark: indexing throughput and query latency, as ratios to bare encoding.

    python -m benchmarks.speed [--scales 10000 100000 1000000] [--json out.json]

Baselines are measured in the same run (machines are noisy):
- indexing: KnowledgeSearch.rebuild (database read, passages, encode, FAISS add) over real
  articles, against bare SentenceTransformer.encode of the same texts;
- piped search (`kb search < queries.txt`): batches of 64 with one encode each, against the
  same queries searched one at a time;
- query: the full KnowledgeSearch path (clean, encode, FAISS, per-article scoring, BM25,
  decision) over an index of N synthetic vectors (10 per article), against a bare single-query
  SentenceTransformer.encode. Each scale runs in its own process so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.datasets import clinc150
from bot.config import load_settings
from bot.db import Database
from knowledge import repository
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence
from knowledge.embedder import Embedder
from knowledge.lexical import LexicalDoc
from knowledge.passages import VectorKind, vector_id
from knowledge.search import KnowledgeSearch, _Catalog
from knowledge.tuning import peak_rss_mb

VECTORS_PER_ARTICLE = 10
QUERIES = [
    "my vpn keeps disconnecting on the office wifi",
    "how do I reset my password",
    "Outlook error 0x800CCC0E when sending",
    "mon imprimante ne fonctionne plus depuis ce matin",
    "payroll export is very slow before the monthly run",
    "I need access to the finance shared drive",
    "what is the capital of Australia",
    "expense report receipt upload fails",
]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def bench_indexing() -> dict[str, Any]:
    """Index real articles (CLINC150 train, 10 phrasings each) vs bare encode of the same texts."""
    settings = load_settings().search
    embedder = Embedder(settings.model)
    data = json.loads(
        (
            Path(clinc150.__code__.co_filename).parents[1].parent
            / "shared/eval/clinc150/data_full.json"
        ).read_text()
    )
    by_intent: dict[str, list[str]] = {}
    for text, intent in data["train"]:
        by_intent.setdefault(intent, []).append(text)
    articles = []
    for intent, texts in sorted(by_intent.items()):
        for part in range(0, len(texts), 10):
            articles.append(
                ArticleContent(
                    id=f"{intent.replace('_', '-')}-{part // 10}",
                    title=intent.replace("_", " "),
                    type=ArticleType.HOW_TO,
                    confidence=Confidence.VALIDATED,
                    audience=Audience.EMPLOYEES,
                    language="en",
                    owner="bench",
                    issue=tuple(texts[part : part + 10]),
                    resolution=f"Follow the {intent} procedure.",
                )
            )
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/speed.db")
        db.upgrade()
        with db.session() as session:
            for article in articles:
                repository.upsert(session, article, by="bench")
        search = KnowledgeSearch(db, settings, Path(tmp) / "index", embedder=embedder)
        texts_count = search.pending_vectors()
        texts = [p.text for i, a in enumerate(articles, 1) for p in search.passages(i, a)]
        embedder.encode(texts[:256])  # warm-up
        runs = []
        for _ in range(2):
            started = time.perf_counter()
            embedder._model.encode(
                texts,
                batch_size=embedder.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            bare = time.perf_counter() - started
            started = time.perf_counter()
            search.rebuild()
            ours = time.perf_counter() - started
            runs.append((bare, ours))
        bare, ours = min(r[0] for r in runs), min(r[1] for r in runs)
        db.dispose()
    return {
        "articles": len(articles),
        "texts": texts_count,
        "bare_encode_texts_per_s": round(texts_count / bare, 1),
        "relais_index_texts_per_s": round(texts_count / ours, 1),
        "ratio_to_bare_encode": round(bare / ours, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _synthetic_search(n_vectors: int, embedder: Embedder) -> KnowledgeSearch:
    """A KnowledgeSearch whose index holds n synthetic clustered vectors, 10 per article."""
    settings = load_settings().search
    search = KnowledgeSearch.__new__(KnowledgeSearch)
    KnowledgeSearch.__init__(search, Database("sqlite://"), settings, None, embedder=embedder)
    rng = np.random.default_rng(7)
    n_articles = n_vectors // VECTORS_PER_ARTICLE
    centres = rng.standard_normal((max(1, n_articles // 50), embedder.dim)).astype(np.float32)
    words = [f"w{i}" for i in range(5000)]
    index = search._new_index()
    chunk = 50_000
    for start in range(0, n_articles, chunk // VECTORS_PER_ARTICLE):
        pks = np.arange(start, min(n_articles, start + chunk // VECTORS_PER_ARTICLE)) + 1
        base = centres[pks % len(centres)] + 0.7 * rng.standard_normal((len(pks), embedder.dim))
        vecs = np.repeat(base, VECTORS_PER_ARTICLE, axis=0)
        vecs += 0.5 * rng.standard_normal(vecs.shape).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        ids = np.array(
            [
                vector_id(int(pk), VectorKind.ISSUE, j)
                for pk in pks
                for j in range(VECTORS_PER_ARTICLE)
            ],
            dtype=np.int64,
        )
        index.add(ids, vecs.astype(np.float32))
    search._index = index
    articles = {}
    docs = []
    for pk in range(1, n_articles + 1):
        content = ArticleContent(
            id=f"a{pk}",
            title=f"article {pk}",
            type=ArticleType.PROBLEM,
            confidence=Confidence.VALIDATED,
            audience=Audience.EMPLOYEES,
            language="en",
            owner="bench",
            issue=(f"issue {pk}",),
            resolution="steps",
        )
        articles[pk] = (content.id, content)
        docs.append(LexicalDoc(pk, "en", " ".join(rng.choice(words, 12))))
    ids_sorted = np.sort(index.ids)
    owners = ids_sorted >> 12
    bounds = np.flatnonzero(np.diff(owners)) + 1
    search._catalog = _Catalog(
        articles=articles,
        vector_ids={int(g[0] >> 12): g for g in np.split(ids_sorted, bounds)},
    )
    search._lexical.build(docs)
    search._loaded = True
    search._catch_up = lambda: None  # type: ignore[method-assign]  # no database behind it
    return search


def bench_query(n_vectors: int) -> dict[str, Any]:
    settings = load_settings().search
    embedder = Embedder(settings.model)
    built = time.perf_counter()
    search = _synthetic_search(n_vectors, embedder)
    build_s = time.perf_counter() - built
    for q in QUERIES:  # warm-up
        search.search(q)
        embedder._model.encode([q], show_progress_bar=False)
    bare: list[float] = []
    ours: list[float] = []
    for round_ in range(40):
        for q in QUERIES:
            text = f"{q} {round_}"
            started = time.perf_counter()
            embedder._model.encode([text], normalize_embeddings=True, show_progress_bar=False)
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            search.search(text)
            ours.append(time.perf_counter() - started)
    return {
        "vectors": n_vectors,
        "index": search.index_kind,
        "build_s": round(build_s, 1),
        "bare_encode_p50_ms": round(1000 * statistics.median(bare), 2),
        "search_p50_ms": round(1000 * statistics.median(ours), 2),
        "search_p99_ms": round(1000 * percentile(ours, 99), 2),
        "p50_ratio_to_bare_encode": round(statistics.median(ours) / statistics.median(bare), 3),
        "p99_ratio_to_bare_encode_p50": round(percentile(ours, 99) / statistics.median(bare), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def bench_stream(n_vectors: int, n_queries: int = 512) -> dict[str, Any]:
    """`kb search` from a pipe: one batched encode per chunk vs one query at a time."""
    settings = load_settings().search
    embedder = Embedder(settings.model)
    search = _synthetic_search(n_vectors, embedder)
    texts = [f"{QUERIES[i % len(QUERIES)]} {i}" for i in range(n_queries)]
    for q in QUERIES:  # warm-up
        search.search(q)
    started = time.perf_counter()
    one_by_one = [search.search(t) for t in texts]
    single_s = time.perf_counter() - started
    started = time.perf_counter()
    batched = []
    for start in range(0, n_queries, 64):  # the CLI's MAX_BATCH
        batched += search.search_batch(texts[start : start + 64])
    batch_s = time.perf_counter() - started
    same = sum(
        not isinstance(b, Exception) and a.hits[:1] == b.hits[:1] and a.decision == b.decision
        for a, b in zip(one_by_one, batched, strict=True)
    )
    return {
        "vectors": n_vectors,
        "queries": n_queries,
        "one_by_one_qps": round(n_queries / single_s, 1),
        "batched_qps": round(n_queries / batch_s, 1),
        "throughput_ratio": round(single_s / batch_s, 2),
        "same_top_hit_and_decision": f"{same}/{n_queries}",
    }


def _in_process(func: Any, *args: Any) -> Any:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(func, args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--skip-indexing", action="store_true")
    parser.add_argument(
        "--stream", type=int, default=10_000, help="Vectors for the piped-search bench (0: skip)."
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    if not args.skip_indexing:
        report["indexing"] = _in_process(bench_indexing)
        print(json.dumps({"indexing": report["indexing"]}), flush=True)
    if args.stream:
        report["stream"] = _in_process(bench_stream, args.stream)
        print(json.dumps({"stream": report["stream"]}), flush=True)
    report["query"] = []
    for n in args.scales:
        row = _in_process(bench_query, n)
        report["query"].append(row)
        print(json.dumps({"query": row}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

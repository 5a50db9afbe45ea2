"""Hybrid search over articles (dense FAISS + BM25) and the decision to answer or not."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import SearchSettings
from bot.db import Database
from knowledge import repository, tuning
from knowledge.answer_model import AnswerModel, Evidence, count_words
from knowledge.article import ArticleContent, Confidence, Viewer, visible_to
from knowledge.background import give_way
from knowledge.calibration import phrasings_of, shipped_thresholds, thresholds_from_json
from knowledge.decision import Decision, Thresholds, decide, lexically_supported
from knowledge.embedder import Embedder, Vectors, is_loaded, shared_embedder
from knowledge.lexical import LexicalDoc, LexicalIndex, article_text
from knowledge.passages import (
    ARTICLE_SHIFT,
    PHRASING_KINDS,
    Passage,
    article_of,
    article_passages,
    kinds_of,
)
from knowledge.scoring import dense_scores, fuse, saturate
from knowledge.tables import CalibrationRow, SearchModelRow
from knowledge.text import QueryError, clean_query, guess_language, topic_words
from knowledge.translations import one_per_topic, twins_of
from knowledge.tuning import model_key
from knowledge.vector_index import Manifest, VectorIndex

Progress = Callable[[int], None]


def _searched(text: str, max_chars: int) -> tuple[str, bool]:
    """The query as searched: cleaned (QueryError for empty or binary text), without emoji or
    chat tokens."""
    query, truncated = clean_query(text, max_chars)
    return topic_words(query), truncated


@dataclass(frozen=True)
class Hit:
    """One article in a result list, with the parts of its score."""

    article_id: str
    title: str
    score: float
    dense: float
    lexical: float
    language: str
    confidence: str
    audience: str
    type: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    decision: Decision
    hits: list[Hit]
    offered: int  # how many of `hits` the decision offers (1 answer, 2-3 choices, 0)
    truncated: bool = False
    language: str = "en"
    evidence: Evidence | None = None  # what the decision read (benchmarks refit on it)

    @property
    def choices(self) -> list[Hit]:
        return self.hits[: self.offered]


@dataclass
class SyncStats:
    changed_articles: int = 0
    vectors_added: int = 0
    vectors_removed: int = 0
    rebuilt: bool = False
    watermark: int = 0


@dataclass
class _Catalog:
    """Article metadata keyed by pk, and each article's vector ids."""

    articles: dict[int, tuple[str, ArticleContent]] = field(default_factory=dict)
    vector_ids: dict[int, np.ndarray] = field(default_factory=dict)
    twins: dict[int, tuple[int, ...]] = field(default_factory=dict)  # knowledge.translations
    by_slug: dict[str, int] = field(default_factory=dict)


ModelLoading = Callable[[str], AbstractContextManager[object]]


@dataclass(frozen=True)
class _State:
    """What the database says about the search: model in service, calibrated thresholds."""

    generation: int
    model_sha: str | None
    # model key -> (thresholds, when, learned answer model or None)
    calibrations: dict[str, tuple[Thresholds, str, AnswerModel | None]]
    notice: str = ""


class KnowledgeSearch:
    """Owns the embedder, the FAISS index (derived, persisted) and the BM25 index.

    The model in service is the configured base model, or the model tuned on this knowledge
    base (`relais kb tune`) when the database says so; an `embedder` given here is used as
    is. The model is loaded only when something must be embedded.
    """

    def __init__(
        self,
        db: Database,
        settings: SearchSettings,
        index_dir: Path | None,
        embedder: Embedder | None = None,
        *,
        models_dir: Path | None = None,
        model_loading: ModelLoading | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.index_dir = index_dir
        self.models_dir = models_dir or (
            index_dir.parent / "models"
            if index_dir is not None
            else Path(tempfile.gettempdir()) / "relais-models"
        )
        self.model_loading = model_loading
        self._embedder = embedder
        self._fixed_embedder = embedder is not None
        self._lock = threading.RLock()
        self._index = VectorIndex(embedder.dim if embedder else 1)
        self._watermark = 0
        self._catalog = _Catalog()
        self._lexical = LexicalIndex()
        self._loaded = False
        self._model_sha: str | None = None
        self._state = _State(-1, None, {})
        self._switching: threading.Thread | None = None
        # Replicas switch to a newly tuned model in a background thread (answers go on with
        # the old one); a one-shot command switches at once.
        self.switch_in_background = False

    # -- the model in service -------------------------------------------------------------

    @property
    def model_key(self) -> str:
        """The name of the model in service, as manifests and calibrations record it."""
        if self._fixed_embedder and self._embedder is not None:
            return self._embedder.name
        return model_key(self.settings.model, self._model_sha)

    @property
    def tuned_sha(self) -> str | None:
        return None if self._fixed_embedder else self._model_sha

    @property
    def notice(self) -> str:
        """Why the configured tuned model is not in service, when it is not."""
        return self._state.notice

    @property
    def embedder(self) -> Embedder:
        """The model in service, loaded on first use."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = self._load_embedder(self._model_sha)
        return self._embedder

    @property
    def model_loaded(self) -> bool:
        return self._embedder is not None

    def _load_embedder(self, sha: str | None) -> Embedder:
        key = model_key(self.settings.model, sha)
        if is_loaded(key):
            return shared_embedder(key)
        location = self.settings.model
        if sha is not None:
            with self.db.session() as session:
                location = str(tuning.cached_model(session, sha, self.models_dir))
        loading = self.model_loading(key) if self.model_loading else contextlib.nullcontext()
        with loading:
            return shared_embedder(key, location=location)

    def _read_state(self, session: Session) -> _State:
        generation, sha = tuning.generation(session)
        notice = ""
        if sha is not None:
            base = session.scalar(
                select(SearchModelRow.base_model).where(SearchModelRow.sha256 == sha)
            )
            if base != self.settings.model:
                notice = (
                    f"the tuned model {sha[:12]} was trained from {base!r}, not the configured "
                    f"{self.settings.model!r}: serving the configured model untuned"
                )
                sha = None
        calibrations: dict[str, tuple[Thresholds, str, AnswerModel | None]] = {}
        if self.settings.calibration.enabled:
            rows = session.execute(
                select(
                    CalibrationRow.model_key,
                    CalibrationRow.thresholds,
                    CalibrationRow.created_at,
                    CalibrationRow.answer_model,
                ).order_by(CalibrationRow.id.desc())
            )
            for key, thresholds, created_at, learned in rows:  # the newest per model wins
                if key not in calibrations:
                    calibrations[key] = (
                        thresholds_from_json(thresholds),
                        created_at.strftime("%Y-%m-%d %H:%M"),
                        AnswerModel.from_json(learned) if learned else None,
                    )
        return _State(generation, sha, calibrations, notice)

    @property
    def thresholds(self) -> Thresholds:
        """Thresholds calibrated on this knowledge base for the model in service, else shipped."""
        calibrated = self._state.calibrations.get(self.model_key)
        if calibrated is not None:
            # The configured lead applies to calibrations stored before it existed.
            lead = max(calibrated[0].disambiguate_lead, self.settings.disambiguate_lead)
            return dataclasses.replace(
                calibrated[0],
                disambiguate_lead=lead,
                disambiguate_lexical=self.settings.disambiguate_lexical,
            )
        return shipped_thresholds(self.settings)

    @property
    def threshold_source(self) -> str:
        """Where the thresholds in use come from, in words."""
        calibrated = self._state.calibrations.get(self.model_key)
        if calibrated is not None:
            how = "; the learned answer model decides" if calibrated[2] is not None else ""
            return f"calibrated on this knowledge base ({calibrated[1]} UTC{how})"
        return "shipped defaults ([search] in the configuration)"

    @property
    def answer_model(self) -> AnswerModel | None:
        """The learned answer model calibrated for the model in service, if any."""
        calibrated = self._state.calibrations.get(self.model_key)
        return calibrated[2] if calibrated is not None else None

    def refresh_state(self) -> None:
        """Read the model in service and the calibrations again; switch model if it changed."""
        with self.db.session() as session:
            fresh = self._read_state(session)
        self._apply_state(fresh)

    def _apply_state(self, fresh: _State) -> None:
        self._state = fresh
        if self._fixed_embedder or fresh.model_sha == self._model_sha or not self._loaded:
            if not self._loaded:
                self._model_sha = None if self._fixed_embedder else fresh.model_sha
            return
        if not self.switch_in_background:
            self.adopt(fresh.model_sha)
            return
        if self._switching is None or not self._switching.is_alive():
            self._switching = threading.Thread(
                target=self._adopt_in_background,
                args=(fresh.model_sha,),
                name="relais-model-switch",
                daemon=True,
            )
            self._switching.start()

    def _adopt_in_background(self, sha: str | None) -> None:
        give_way()
        self.adopt(sha)

    def adopt(self, sha: str | None, progress: Progress | None = None) -> SyncStats:
        """Serve another model: index everything with it aside, then swap in one step.

        Searches go on with the current model and index until the swap.
        """
        embedder = self._load_embedder(sha)
        shadow = KnowledgeSearch(self.db, self.settings, None, embedder)
        stats = shadow.load(progress)
        with self._lock:
            self._embedder, self._model_sha = embedder, sha
            self._index, self._watermark = shadow._index, shadow._watermark
            self._catalog, self._lexical = shadow._catalog, shadow._lexical
            self._loaded = True
            self._persist()
        stats.rebuilt = True
        return stats

    # -- the index --------------------------------------------------------------------------

    def passages(self, pk: int, content: ArticleContent) -> list[Passage]:
        """The texts indexed for one article under the current settings."""
        s = self.settings
        return article_passages(pk, content, s.passage_chars, contextual=s.contextual_phrasings)

    @property
    def layout(self) -> str:
        """What else besides the model decides the vectors; a change forces a rebuild."""
        s = self.settings
        return f"passage_chars={s.passage_chars};contextual={s.contextual_phrasings}"

    def _new_index(self) -> VectorIndex:
        return VectorIndex(
            self.embedder.dim,
            approximate_above=self.settings.approximate_above,
            nprobe=self.settings.ivf_nprobe,
        )

    def up_to_date(self) -> bool:
        """True when the persisted index matches the model in service and every article change.

        Reads only the manifest and the database: the model is not loaded.
        """
        if self.index_dir is None:
            return False
        with self.db.session() as session:
            state = self._read_state(session)
            newest = repository.latest_change(session)
        manifest = VectorIndex.read_manifest(self.index_dir)
        key = (
            self.model_key
            if self._fixed_embedder
            else model_key(self.settings.model, state.model_sha)
        )
        return (
            manifest is not None
            and (manifest.model, manifest.layout) == (key, self.layout)
            and manifest.watermark == newest
        )

    # -- keeping the index in step with the database -------------------------------------

    def load(self, progress: Progress | None = None) -> SyncStats:
        """Open the persisted index if it matches the model, then catch up with the database."""
        with self._lock:
            self._take_state()
            loaded = None
            if self.index_dir is not None:
                loaded = VectorIndex.load(
                    self.index_dir,
                    approximate_above=self.settings.approximate_above,
                    nprobe=self.settings.ivf_nprobe,
                )
            rebuilt = True
            if loaded is not None:
                index, manifest = loaded
                same_dim = self._embedder is None or manifest.dim == self._embedder.dim
                if (manifest.model, manifest.layout) == (self.model_key, self.layout) and same_dim:
                    self._index, self._watermark, rebuilt = index, manifest.watermark, False
            if rebuilt:
                self._index, self._watermark = self._new_index(), 0
            self._loaded = True
            stats = self.sync(progress)
            stats.rebuilt = rebuilt
            return stats

    def _take_state(self) -> None:
        """Read the database's state and serve its model from now on (before (re)indexing)."""
        with self.db.session() as session:
            fresh = self._read_state(session)
        if not self._fixed_embedder and fresh.model_sha != self._model_sha:
            self._model_sha, self._embedder = fresh.model_sha, None
        self._state = fresh

    def rebuild(self, progress: Progress | None = None) -> SyncStats:
        """Forget the index and embed every article again."""
        with self._lock:
            self._take_state()
            self._index, self._watermark, self._loaded = self._new_index(), 0, True
            stats = self.sync(progress)
            stats.rebuilt = True
            return stats

    def pending_vectors(self) -> int:
        """How many texts a sync would embed (for a progress bar's total)."""
        with self.db.session() as session:
            _, changed = repository.changed_since(session, self._watermark)
            rows = repository.by_pks(session, changed)
            return sum(
                len(self.passages(pk, repository.content_of(row))) for pk, row in rows.items()
            )

    def sync(self, progress: Progress | None = None) -> SyncStats:
        """Apply every article change after the watermark: remove and re-add its vectors."""
        with self._lock:
            if not self._loaded:
                return self.load(progress)
            stats = SyncStats(watermark=self._watermark)
            with self.db.session() as session:
                newest, changed = repository.changed_since(session, self._watermark)
                if not changed and self._catalog.articles:
                    return stats
                rows = repository.by_pks(session, changed)
                texts: list[str] = []
                ids: list[int] = []
                for pk in sorted(changed):
                    stats.vectors_removed += self._index.remove_article(pk)
                    row = rows.get(pk)
                    if row is None:
                        continue
                    content = repository.content_of(row)
                    for passage in self.passages(pk, content):
                        texts.append(passage.text)
                        ids.append(passage.vector_id)
                if texts:
                    vectors = self.embedder.encode(texts, progress=progress)
                    self._index.add(np.asarray(ids, dtype=np.int64), vectors)
                stats.changed_articles, stats.vectors_added = len(changed), len(texts)
                self._watermark = stats.watermark = newest
                self._reload_catalog(session)
            if changed:
                self._persist()
            return stats

    def _reload_catalog(self, session: Session) -> None:
        articles = {
            row.pk: (row.slug, repository.content_of(row))
            for row in repository.list_articles(session)
        }
        ids = self._index.ids
        owners = ids >> ARTICLE_SHIFT
        order = np.argsort(owners, kind="stable")
        sorted_ids, sorted_owners = ids[order], owners[order]
        bounds = np.flatnonzero(np.diff(sorted_owners)) + 1
        vector_ids = {
            int(group_owner[0]): group
            for group, group_owner in zip(
                np.split(sorted_ids, bounds), np.split(sorted_owners, bounds), strict=True
            )
            if len(group)
        }
        twins = twins_of((pk, slug, c.translations) for pk, (slug, c) in articles.items())
        self._catalog = _Catalog(
            articles=articles,
            vector_ids=vector_ids,
            twins=twins,
            by_slug={slug: pk for pk, (slug, _) in articles.items()},
        )
        self._lexical.build(
            [
                LexicalDoc(pk, content.language, article_text(content))
                for pk, (_, content) in articles.items()
                if content.confidence is not Confidence.ARCHIVED
            ]
        )

    def _persist(self) -> None:
        if self.index_dir is None:
            return
        manifest = Manifest(
            model=self.model_key,
            dim=self.embedder.dim,
            watermark=self._watermark,
            kind=self._index.kind,
            vectors=len(self._index),
            layout=self.layout,
        )
        self._index.save(self.index_dir, manifest)

    @property
    def vector_count(self) -> int:
        return len(self._index)

    @property
    def index_kind(self) -> str:
        return self._index.kind

    # -- searching ------------------------------------------------------------------------

    def search(self, text: str, viewer: Viewer = Viewer.EMPLOYEE) -> SearchResult:
        """Search one query (raises QueryError for empty or binary text)."""
        query, truncated = _searched(text, self.settings.max_query_chars)
        self._catch_up()
        vector = self.embedder.encode_one(query)[0]
        return self._search_vector(query, vector, viewer, truncated)

    def search_many(
        self, texts: Sequence[str], viewer: Viewer = Viewer.EMPLOYEE
    ) -> list[SearchResult]:
        """Search many clean queries with one batched encode (benchmarks, bulk checks)."""
        cleaned = [_searched(t, self.settings.max_query_chars) for t in texts]
        vectors = self.embedder.encode([q for q, _ in cleaned])
        return self.search_encoded([q for q, _ in cleaned], vectors, viewer)

    def search_batch(
        self, texts: Sequence[str], viewer: Viewer = Viewer.EMPLOYEE
    ) -> list[SearchResult | QueryError]:
        """Search many raw queries with one batched encode; a bad query gets its QueryError."""
        out: list[SearchResult | QueryError | None] = []
        good: list[tuple[int, str, bool]] = []
        for i, text in enumerate(texts):
            try:
                query, truncated = _searched(text, self.settings.max_query_chars)
            except QueryError as exc:
                out.append(exc)
                continue
            out.append(None)  # searched below
            good.append((i, query, truncated))
        if good:
            self._catch_up()
            vectors = self.embedder.encode([q for _, q, _ in good])
            for row, (i, query, truncated) in enumerate(good):
                out[i] = self._search_vector(query, vectors[row], viewer, truncated)
        return [r for r in out if r is not None]

    def search_encoded(
        self, queries: Sequence[str], vectors: Vectors, viewer: Viewer = Viewer.EMPLOYEE
    ) -> list[SearchResult]:
        """Search clean queries whose vectors are already computed (benchmarks reuse them)."""
        self._catch_up()
        return [
            self._search_vector(q, vectors[i], viewer, truncated=False)
            for i, q in enumerate(queries)
        ]

    def _catch_up(self) -> None:
        if not self._loaded:
            self.load()
            return
        with self.db.session() as session:
            newest = repository.latest_change(session)
            generation = tuning.generation(session)[0]
        if generation != self._state.generation:
            self.refresh_state()
        if newest > self._watermark:
            self.sync()

    def _search_vector(
        self, query: str, vector: Vectors, viewer: Viewer, truncated: bool
    ) -> SearchResult:
        s = self.settings
        language = guess_language(query)
        with self._lock:
            catalog = self._catalog
            _, hit_ids = self._index.search(vector[None, :], s.candidate_vectors)
            candidates = {article_of(int(v)) for v in hit_ids[0] if v >= 0}
            lexical = self._lexical.scores(query, language, top=max(10, s.top_k * 2))
            candidates |= set(lexical)

            def may_see(pk: int) -> bool:
                entry = catalog.articles.get(pk)
                return entry is not None and visible_to(
                    viewer, entry[1].confidence, entry[1].audience
                )

            parts: dict[int, tuple[float, float]] = {}
            ruled_out = 0.0
            for pk in candidates:
                if not may_see(pk):
                    continue
                dense, outside = self._dense_score(pk, vector)
                lex = saturate(lexical.get(pk, 0.0), s.lexical_saturation)
                if outside:  # the article says it does not resolve this
                    ruled_out = max(ruled_out, fuse(dense, lex, s.dense_weight, s.lexical_weight))
                    continue
                parts[pk] = (dense, lex)
            fused = {
                pk: fuse(d, lx, s.dense_weight, s.lexical_weight) for pk, (d, lx) in parts.items()
            }
            if fused and ruled_out >= max(fused.values()):
                # The nearest article says it does not resolve this: the ones further away
                # resolve it even less, and a list of them would be a guess.
                fused = {}
            ranked = sorted(fused, key=lambda pk: (-fused[pk], catalog.articles[pk][0]))
            topics = one_per_topic(
                ranked,
                catalog.twins,
                lambda pk: catalog.articles[pk][1].language,
                language,
                may_see,
            )[: s.top_k]
            hits: list[Hit] = []
            phrasings = 0
            for shown, best in topics:
                slug, content = catalog.articles[shown]
                dense, lex = parts[best]
                if not hits:
                    phrasings = len(phrasings_of(catalog.articles[best][1]))
                hits.append(
                    Hit(
                        article_id=slug,
                        title=content.title,
                        score=fused[best],
                        dense=round(dense, 6),
                        lexical=round(lex, 6),
                        language=content.language,
                        confidence=content.confidence.value,
                        audience=content.audience.value,
                        type=content.type.value,
                    )
                )
        evidence = Evidence(
            scores=tuple(h.score for h in hits),
            dense=tuple(h.dense for h in hits),
            lexical=tuple(h.lexical for h in hits),
            phrasings=phrasings,
            query_words=count_words(query),
        )
        learned = self.answer_model
        thresholds = self.thresholds
        if learned is not None:
            decision, offered = lexically_supported(
                *learned.decide(evidence), evidence.lexical, thresholds.disambiguate_lexical
            )
        else:
            decision, offered = decide(evidence.scores, thresholds, lexical=evidence.lexical)
        return SearchResult(query, decision, hits, offered, truncated, language, evidence)

    def copies(self, article_ids: Iterable[str]) -> set[str]:
        """The articles and their translations (knowledge.translations): one answer each.

        Read from the catalog as the last search left it: no database or model work, since
        the conversation asks while it holds its row lock.
        """
        with self._lock:
            catalog = self._catalog
            out = set(article_ids)
            for slug in list(out):
                pk = catalog.by_slug.get(slug)
                if pk is not None:
                    out |= {catalog.articles[t][0] for t in catalog.twins.get(pk, ())}
            return out

    def similar(self, content: ArticleContent, limit: int = 3) -> list[tuple[str, str, float]]:
        """Existing articles nearest a draft: (id, title, cosine of their phrasing prototypes).

        Used to warn of a likely duplicate (one article per resolution and cause); archived
        articles and the draft itself are left out.
        """
        texts = [content.title, *content.issue]
        vectors = self.embedder.encode(texts)
        draft = vectors.mean(axis=0)
        draft /= float(np.linalg.norm(draft)) or 1.0
        self._catch_up()
        found: list[tuple[str, str, float]] = []
        with self._lock:
            for pk, (slug, other) in self._catalog.articles.items():
                if slug == content.id or other.confidence is Confidence.ARCHIVED:
                    continue
                prototype = self._prototype(pk)
                if prototype is not None:
                    found.append((slug, other.title, round(float(prototype @ draft), 4)))
        found.sort(key=lambda f: (-f[2], f[0]))
        return found[:limit]

    def _prototype(self, pk: int) -> Vectors | None:
        ids = self._catalog.vector_ids.get(pk)
        if ids is None or len(ids) == 0:
            return None
        stored = self._index.reconstruct(ids)
        phrasings = stored[np.isin(kinds_of(ids), PHRASING_KINDS)]
        if len(phrasings) == 0:
            return None
        prototype = phrasings.mean(axis=0)
        norm = float(np.linalg.norm(prototype))
        return prototype / norm if norm > 0 else None

    def _dense_score(self, pk: int, vector: Vectors) -> tuple[float, bool]:
        """The article's dense score for one query vector, and whether the query is out of
        the article's scope (see knowledge.scoring)."""
        ids = self._catalog.vector_ids.get(pk)
        if ids is None or len(ids) == 0:
            return 0.0, False
        stored = self._index.reconstruct(ids)
        s = self.settings
        scores, outside = dense_scores(
            stored,
            kinds_of(ids),
            vector[None, :],
            s.passage_weight,
            s.prototype_weight,
            s.not_for_margin,
        )
        return float(scores[0]), bool(outside[0])

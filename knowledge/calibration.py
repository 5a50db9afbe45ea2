"""Decision thresholds fitted on the knowledge base itself, by cross-validation.

Three kinds of queries, all drawn from the knowledge base and a bundled off-topic list:

- in scope: each article's phrasings are split into folds; a held-out phrasing is asked of the
  knowledge base indexed without its fold, and must find its article;
- on-topic out of scope: a few phrasings of each article, asked with that article removed
  (they are about the same domain, and nothing answers them);
- off-topic: generic questions (knowledge/data/off_topic.txt).

Each query is scored exactly as the live search scores it (knowledge.scoring), then the
thresholds with the most coverage at the target precision are chosen (`calibrate`).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import CalibrationSettings, SearchSettings
from knowledge.answer_model import (
    AnswerModel,
    Evidence,
    Fitted,
    Labelled,
    count_words,
    decide_with,
    fit_answer_model,
)
from knowledge.article import ArticleContent
from knowledge.decision import Decision, Thresholds, decide
from knowledge.embedder import Embedder, Vectors
from knowledge.lexical import LexicalDoc, LexicalIndex, article_text
from knowledge.passages import VectorKind, article_passages
from knowledge.scoring import dense_scores, fuse, saturate
from knowledge.text import guess_language
from knowledge.translations import one_per_topic, twins_of

OFF_TOPIC_FILE = Path(__file__).parent / "data" / "off_topic.txt"

# -- measuring a decision rule over ranked queries -------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """One query's expected article (None = out of scope) and its ranked (id, score) list.

    `evidence` (the parts of the scores) is what a learned answer model reads.
    """

    expected: str | None
    ranking: list[tuple[str, float]]
    evidence: Evidence | None = None


Rule = Thresholds | AnswerModel
Decided = list[tuple[Decision, int]]


def decisions(results: Sequence[Ranked], rule: Rule) -> Decided:
    """The decision and the number of hits offered for every result, under one rule."""
    if isinstance(rule, Thresholds):
        return [
            decide(
                [s for _, s in r.ranking],
                rule,
                lexical=r.evidence.lexical if r.evidence is not None else None,
            )
            for r in results
        ]
    missing = [i for i, r in enumerate(results) if r.evidence is None]
    if missing:
        raise ValueError(f"{len(missing)} results carry no evidence for the answer model")
    return [rule.decide(r.evidence) for r in results if r.evidence is not None]


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


def quality(results: Sequence[Ranked], t: Rule, decided: Decided | None = None) -> Quality:
    """Ranking and decision quality; `decided` overrides the rule's decisions (out-of-fold)."""
    decided = decisions(results, t) if decided is None else decided
    inscope = [r for r in results if r.expected is not None]
    oos = [r for r in results if r.expected is None]
    hit1 = hit3 = rr = 0.0
    answers = correct_answers = reached = oos_answers = 0
    for r, (decision, offered) in zip(results, decided, strict=True):
        ids = [a for a, _ in r.ranking]
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


MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.18, 0.21, 0.25, 0.30)
WINDOWS = (0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25)
NEVER = Thresholds(float("inf"), 0.0, float("inf"), 0.0)


def calibrate(
    results: Sequence[Ranked],
    target_precision: float,
    max_oos_false_answer: float,
    target_reach: float,
    max_oos_offered: float = 1.0,
    lead: float = 0.0,
) -> Thresholds:
    """Thresholds chosen on labelled results in two steps (`lead`, the configured
    disambiguate_lead, is kept as it is).

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
        return NEVER
    answer = best[2]
    bands: list[tuple[float, float, float, Thresholds]] = []
    for floor, window in itertools.product(grid, WINDOWS):
        if floor > answer.answer_threshold:
            continue
        t = Thresholds(answer.answer_threshold, answer.answer_margin, floor, window, lead)
        offered = offered_out_of_scope(results, t)
        if offered > max_oos_offered:
            continue
        bands.append((quality(results, t).reach, offered, -floor, t))
    if not bands:
        return Thresholds(
            answer.answer_threshold, answer.answer_margin, answer.answer_threshold, 0, lead
        )
    reaching = [b for b in bands if b[0] >= target_reach]
    if reaching:
        return min(reaching, key=lambda b: (b[1], -b[0]))[3]
    return max(bands, key=lambda b: (b[0], -b[1]))[3]


def offered_out_of_scope(
    results: Sequence[Ranked], t: Rule, decided: Decided | None = None
) -> float:
    """Share of out-of-scope queries that get an answer or choices instead of questions."""
    decided = decisions(results, t) if decided is None else decided
    oos = [d for r, (d, _) in zip(results, decided, strict=True) if r.expected is None]
    if not oos:
        return 0.0
    return sum(d is not Decision.NONE for d in oos) / len(oos)


def curve(results: Sequence[Ranked], margin: float, points: int = 12) -> list[dict[str, float]]:
    """Precision/coverage as the answer threshold sweeps (margin fixed)."""
    tops = sorted(r.ranking[0][1] for r in results if r.ranking)
    if not tops:
        return []
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


# -- the knowledge base's own validation set ------------------------------------------------


def off_topic_questions() -> list[str]:
    """The bundled generic off-topic questions (EN and FR), comments and blanks left out."""
    lines = OFF_TOPIC_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def phrasings_of(content: ArticleContent) -> list[str]:
    """What employees said about an article: its Issue lines and confirmed search phrases."""
    seen: set[str] = set()
    out: list[str] = []
    for text in (*content.issue, *content.search_phrases):
        key = " ".join(text.casefold().split())
        if key and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def _without(content: ArticleContent, dropped: set[str]) -> ArticleContent:
    return ArticleContent.from_snapshot(
        {
            **content.to_snapshot(),
            "issue": [p for p in content.issue if p not in dropped],
            "search_phrases": [p for p in content.search_phrases if p not in dropped],
        }
    )


@dataclass
class _Kb:
    """A knowledge base as the search sees it: per article its vectors, kinds and BM25 text."""

    slugs: list[str]
    vectors: Vectors  # all vectors, article after article
    owner: np.ndarray  # article index of each vector
    kinds: np.ndarray  # VectorKind of each vector
    lexical: LexicalIndex
    phrasings: list[int]  # per article: its phrasings, as the answer model counts them
    languages: list[str]
    twins: dict[int, tuple[int, ...]]  # per article: its translations, itself included
    topic: dict[str, str]  # slug -> the slug naming its topic (copies in other languages)


class _Scorer:
    """Scores queries against variants of one knowledge base, as KnowledgeSearch does."""

    def __init__(self, settings: SearchSettings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> None:
        """Encode every text not seen yet, in one batched call."""
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            encoded = self.embedder.encode(missing, progress=progress)
            self._cache.update(zip(missing, encoded, strict=True))

    def vector(self, text: str) -> np.ndarray:
        return self._cache[text]

    def passages(self, content: ArticleContent) -> list[tuple[str, VectorKind]]:
        s = self.settings
        return [
            (p.text, p.kind)
            for p in article_passages(
                0, content, s.passage_chars, contextual=s.contextual_phrasings
            )
        ]

    def kb(
        self,
        articles: Sequence[tuple[str, ArticleContent]],
        served: Sequence[tuple[str, ArticleContent]] | None = None,
    ) -> _Kb:
        """The knowledge base of `articles`; phrasing counts are those of `served` (the
        articles as the live search will see them: a fold held out for validation must not
        show in the count, or the answer model learns the fold instead of the question)."""
        rows: list[np.ndarray] = []
        owner: list[int] = []
        kinds: list[int] = []
        for i, (_, content) in enumerate(articles):
            for text, kind in self.passages(content):
                rows.append(self.vector(text))
                owner.append(i)
                kinds.append(int(kind))
        lexical = LexicalIndex()
        lexical.build(
            [LexicalDoc(i, c.language, article_text(c)) for i, (_, c) in enumerate(articles)]
        )
        dim = self.embedder.dim
        owners = np.asarray(owner, dtype=np.int64)
        twins = twins_of((i, slug, c.translations) for i, (slug, c) in enumerate(articles))
        slugs = [slug for slug, _ in articles]
        return _Kb(
            languages=[c.language for _, c in articles],
            twins=twins,
            topic={slugs[i]: min(slugs[c] for c in copies) for i, copies in twins.items()},
            slugs=[slug for slug, _ in articles],
            vectors=np.vstack(rows) if rows else np.empty((0, dim), dtype=np.float32),
            owner=owners,
            kinds=np.asarray(kinds, dtype=np.int64),
            lexical=lexical,
            phrasings=[len(phrasings_of(c)) for _, c in (served or articles)],
        )

    def rank(
        self,
        kb: _Kb,
        queries: Sequence[str],
        expected: Sequence[str | None],
        excluded: Sequence[int | None] | None = None,
    ) -> list[Ranked]:
        """Rank every query against `kb`; `excluded[i]` is an article index query i ignores
        (with its translations). Results and expectations name topics (knowledge.translations):
        a French phrasing that finds the English copy of its article found its answer."""
        s = self.settings
        if not queries:
            return []
        q = np.vstack([self.vector(t) for t in queries])
        n_articles = len(kb.slugs)
        dense = np.zeros((len(queries), n_articles), dtype=np.float32)
        outside = np.zeros((len(queries), n_articles), dtype=bool)
        for a in range(n_articles):
            mine = kb.owner == a
            if mine.any():
                dense[:, a], outside[:, a] = dense_scores(
                    kb.vectors[mine],
                    kb.kinds[mine],
                    q,
                    s.passage_weight,
                    s.prototype_weight,
                    s.not_for_margin,
                )
        raw = q @ kb.vectors.T  # candidate vectors, as the FAISS search finds them
        out: list[Ranked] = []
        for i, text in enumerate(queries):
            skip = excluded[i] if excluded is not None else None
            skipped = set(kb.twins.get(skip, (skip,))) if skip is not None else set()
            sims = (
                raw[i]
                if not skipped
                else np.where(np.isin(kb.owner, list(skipped)), -np.inf, raw[i])
            )
            top = min(s.candidate_vectors, len(sims))
            nearest = np.argpartition(-sims, top - 1)[:top] if top else np.empty(0, dtype=int)
            candidates = {int(kb.owner[v]) for v in nearest if np.isfinite(sims[v])}
            language = guess_language(text)
            lexical = kb.lexical.scores(text, language, top=max(10, s.top_k * 2))
            candidates |= set(lexical)
            candidates -= skipped
            parts = {
                a: (float(dense[i, a]), saturate(lexical.get(a, 0.0), s.lexical_saturation))
                for a in candidates
            }
            every = {a: fuse(*parts[a], s.dense_weight, s.lexical_weight) for a in candidates}
            # as KnowledgeSearch: an article out of scope is not ranked, and when it was the
            # nearest, nothing is
            fused = {a: f for a, f in every.items() if not outside[i, a]}
            ruled_out = max((f for a, f in every.items() if outside[i, a]), default=0.0)
            if fused and ruled_out >= max(fused.values()):
                fused = {}
            candidates = set(fused)
            ranked_articles = sorted(candidates, key=lambda a: (-fused[a], kb.slugs[a]))
            scored = [
                (kb.topic[kb.slugs[best]], fused[best], best)
                for _, best in one_per_topic(
                    ranked_articles, kb.twins, kb.languages.__getitem__, language
                )[: s.top_k]
            ]
            evidence = Evidence(
                scores=tuple(score for _, score, _ in scored),
                dense=tuple(round(parts[a][0], 6) for _, _, a in scored),
                lexical=tuple(round(parts[a][1], 6) for _, _, a in scored),
                phrasings=kb.phrasings[scored[0][2]] if scored else 0,
                query_words=count_words(text),
            )
            wanted = expected[i]
            topic = kb.topic.get(wanted, wanted) if wanted is not None else None
            out.append(Ranked(topic, [(slug, score) for slug, score, _ in scored], evidence))
        return out


@dataclass
class Calibration:
    """The thresholds fitted on a knowledge base, and what they are expected to give."""

    thresholds: Thresholds
    articles: int
    in_scope: int
    on_topic_oos: int
    off_topic: int
    expected: dict[str, float]  # quality at the chosen thresholds, on the KB's own queries
    oos_offered: float
    curve: list[dict[str, float]] = field(default_factory=list)
    target_precision: float = 0.95
    shipped: dict[str, float] = field(default_factory=dict)  # the [search] thresholds, same queries
    shipped_oos_offered: float = 0.0
    off_topic_in_scope: int = 0  # bundled off-topic questions left out: the KB covers them
    # The learned answer model (None: not fitted), whether it decides instead of the
    # thresholds, its expected quality on the same queries (out-of-fold probabilities), and
    # why it is or is not the one in use.
    learned_model: AnswerModel | None = None
    learned_used: bool = False
    learned: dict[str, float] = field(default_factory=dict)
    learned_oos_offered: float = 0.0
    answer_model_note: str = ""

    @property
    def answer_model(self) -> AnswerModel | None:
        """The learned model when it decides, else None (the thresholds decide)."""
        return self.learned_model if self.learned_used else None

    @property
    def served_coverage(self) -> float:
        """The expected coverage, at the target precision, of the rule that decides."""
        if self.learned_used:
            return self.learned.get("coverage", 0.0)
        return self.expected.get("coverage", 0.0) if self.answers else 0.0

    @property
    def answers(self) -> bool:
        """False when no threshold met the target: Relais would never answer on its own."""
        return bool(np.isfinite(self.thresholds.answer_threshold))

    def to_json(self) -> dict[str, Any]:
        return {
            "thresholds": thresholds_json(self.thresholds),
            "articles": self.articles,
            "in_scope": self.in_scope,
            "on_topic_oos": self.on_topic_oos,
            "off_topic": self.off_topic,
            "off_topic_in_scope": self.off_topic_in_scope,
            "expected": self.expected,
            "oos_offered": round(self.oos_offered, 4),
            "curve": self.curve,
            "target_precision": self.target_precision,
            "shipped": self.shipped,
            "shipped_oos_offered": round(self.shipped_oos_offered, 4),
            "answer_model": self.learned_model.to_json() if self.learned_model else None,
            "answer_model_used": self.learned_used,
            "learned": self.learned,
            "learned_oos_offered": round(self.learned_oos_offered, 4),
            "answer_model_note": self.answer_model_note,
        }


def thresholds_json(t: Thresholds) -> dict[str, float | None]:
    """JSON-safe thresholds: 'never' (infinity) becomes null."""
    return {k: (round(v, 4) if np.isfinite(v) else None) for k, v in asdict(t).items()}


def thresholds_from_json(data: dict[str, Any]) -> Thresholds:
    """Thresholds as stored (a calibration saved before disambiguate_lead existed has none)."""
    return Thresholds(**{k: float("inf") if v is None else float(v) for k, v in data.items()})


@dataclass(frozen=True)
class Holdout:
    """What a model tuned for calibration never saw, so that it is scored on unseen text.

    Phrasings in `fold` are left out of its training (they become in-scope queries), and the
    `articles` are left out entirely (their phrasings become on-topic out-of-scope queries
    with the article removed, and in-scope queries with it present).
    """

    fold: int
    articles: frozenset[str]


def assign_folds(
    articles: Sequence[tuple[str, ArticleContent]], cal: CalibrationSettings
) -> dict[tuple[str, int], int]:
    """(article, phrasing index) -> fold: round-robin from a seeded offset per article."""
    rng = random.Random(cal.seed)
    fold_of: dict[tuple[str, int], int] = {}
    for slug, content in articles:
        offset = rng.randrange(cal.folds)
        for j in range(len(phrasings_of(content))):
            fold_of[(slug, j)] = (j + offset) % cal.folds
    return fold_of


def holdout_for_tuning(
    articles: Sequence[tuple[str, ArticleContent]], cal: CalibrationSettings
) -> Holdout:
    """Fold 0 and a seeded share of the articles (at least two) are kept from training."""
    slugs = sorted(slug for slug, _ in articles)
    count = min(len(slugs), max(2, round(len(slugs) * cal.holdout_articles)))
    return Holdout(0, frozenset(random.Random(cal.seed + 1).sample(slugs, count)))


def training_view(
    articles: Sequence[tuple[str, ArticleContent]],
    calibrated: Sequence[tuple[str, ArticleContent]],
    cal: CalibrationSettings,
    holdout: Holdout,
) -> list[ArticleContent]:
    """`articles` without what `holdout` keeps from training (folds as in `calibrated`)."""
    fold_of = assign_folds(calibrated, cal)
    out = []
    for slug, content in articles:
        if slug in holdout.articles:
            continue
        held = {
            text
            for j, text in enumerate(phrasings_of(content))
            if fold_of.get((slug, j)) == holdout.fold
        }
        out.append(_without(content, held))
    return out


def validation_queries(
    articles: Sequence[tuple[str, ArticleContent]],
    settings: SearchSettings,
    cal: CalibrationSettings,
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
    off_topic: Sequence[str] | None = None,
    holdout: Holdout | None = None,
) -> tuple[list[Ranked], dict[str, int]]:
    """The knowledge base's own labelled queries, ranked; and how many of each kind.

    With a `holdout`, only what the model did not train on becomes a query.
    """
    rng = random.Random(cal.seed)
    phrasings = {slug: phrasings_of(content) for slug, content in articles}
    fold_of = assign_folds(articles, cal)
    generic = list(off_topic_questions() if off_topic is None else off_topic)
    scorer = _Scorer(settings, embedder)
    texts = [t for _, c in articles for t, _ in scorer.passages(c)]
    texts += [p for ps in phrasings.values() for p in ps] + generic
    scorer.embed(texts, progress)

    def unseen(slug: str, fold: int) -> bool:
        return holdout is None or fold == holdout.fold or slug in holdout.articles

    ranked: list[Ranked] = []
    counts = {"in_scope": 0, "on_topic_oos": 0, "off_topic": 0, "off_topic_in_scope": 0}
    for fold in range(cal.folds):
        held: list[tuple[str, str]] = [
            (slug, text)
            for slug, texts_ in phrasings.items()
            for j, text in enumerate(texts_)
            if fold_of[(slug, j)] == fold and unseen(slug, fold)
        ]
        if not held:
            continue
        dropped: dict[str, set[str]] = {}
        for slug, text in held:
            dropped.setdefault(slug, set()).add(text)
        reduced = [(slug, _without(c, dropped.get(slug, set()))) for slug, c in articles]
        kb = scorer.kb(reduced, served=articles)
        ranked += scorer.rank(kb, [t for _, t in held], [s for s, _ in held])
        counts["in_scope"] += len(held)

    full = scorer.kb(articles)
    oos_texts: list[str] = []
    excluded: list[int | None] = []
    for index, (slug, _) in enumerate(articles):
        if holdout is not None and slug not in holdout.articles:
            continue  # the model learned this article: asking it is no out-of-scope test
        picked = list(phrasings[slug])
        rng.shuffle(picked)
        per_article = cal.oos_per_article if holdout is None else len(picked)
        for text in picked[:per_article]:
            oos_texts.append(text)
            excluded.append(index)
    covered = covered_bar(ranked)
    ranked += scorer.rank(full, oos_texts, [None] * len(oos_texts), excluded)
    counts["on_topic_oos"] = len(oos_texts)
    off = scorer.rank(full, generic, [None] * len(generic))
    kept = [r for r in off if r.evidence is None or max(r.evidence.dense[:1], default=0) < covered]
    ranked += kept
    counts["off_topic"] = len(kept)
    counts["off_topic_in_scope"] = len(off) - len(kept)
    return ranked, counts


COVERED_QUANTILE = 0.25


def covered_bar(inscope: Sequence[Ranked]) -> float:
    """The dense score above which a generic question is taken to be in this KB's scope.

    A knowledge base can cover what the bundled list calls off-topic (an assistant that sets
    alarms, a travel desk with exchange rates). A generic question whose best article scores
    at least as high as the lower quartile of the KB's own held-out phrasings that found
    their article is left out of the out-of-scope queries: counting it as a false answer
    would make every threshold needlessly cautious. Infinity (none left out) without data.
    """
    dense = [
        r.evidence.dense[0]
        for r in inscope
        if r.expected is not None
        and r.evidence is not None
        and r.evidence.dense
        and r.ranking[0][0] == r.expected
    ]
    return float(np.quantile(dense, COVERED_QUANTILE)) if dense else float("inf")


def shipped_thresholds(settings: SearchSettings) -> Thresholds:
    """The thresholds in the configuration (the fallback until a KB is calibrated)."""
    s = settings
    return Thresholds(
        s.answer_threshold,
        s.answer_margin,
        s.disambiguate_threshold,
        s.disambiguate_window,
        s.disambiguate_lead,
        s.disambiguate_lexical,
    )


def fit(
    ranked: Sequence[Ranked], cal: CalibrationSettings, lead: float = 0.0
) -> tuple[Thresholds, Quality, float]:
    """The thresholds for the targets, their quality on `ranked`, and the OOS share offered."""
    fitted = calibrate(
        ranked,
        cal.target_precision,
        cal.max_oos_false_answer,
        cal.target_reach,
        cal.max_oos_offered,
        lead,
    )
    t = thresholds_from_json(thresholds_json(fitted))  # as stored: what is measured is used
    return t, quality(ranked, t), offered_out_of_scope(ranked, t)


@dataclass(frozen=True)
class Learned:
    """A fitted answer model, whether it is used, and its expected quality (out-of-fold)."""

    model: AnswerModel | None  # None: not fitted (see note)
    used: bool
    expected: dict[str, float]
    oos_offered: float
    note: str


def fit_learned(
    ranked: Sequence[Ranked], cal: CalibrationSettings, articles: int, plain: Quality
) -> Learned:
    """Fit the answer model on the ranked validation queries; use it if it covers more.

    A knowledge base under `min_articles` keeps the plain thresholds: too few examples to
    learn from. The model is used when its out-of-fold coverage at the target precision is
    at least that of the plain thresholds (`plain`, measured on the same queries).
    """
    if articles < cal.min_articles:
        return Learned(
            None,
            False,
            {},
            0.0,
            f"{articles} articles (fewer than {cal.min_articles}): too few to learn from, "
            "the plain thresholds decide",
        )
    labelled = [
        Labelled(r.evidence, tuple(a for a, _ in r.ranking), r.expected)
        for r in ranked
        if r.evidence is not None
    ]
    fitted = fit_answer_model(
        labelled,
        cal.target_precision,
        cal.max_oos_false_answer,
        cal.target_reach,
        cal.max_oos_offered,
        cal.seed,
    )
    if not isinstance(fitted, Fitted):
        return Learned(None, False, {}, 0.0, fitted)
    model = AnswerModel.from_json(fitted.model.to_json())  # as stored: what is measured is used
    assert model is not None
    decided = [
        decide_with(float(pa), float(pc), len(r.ranking), model)
        for r, pa, pc in zip(ranked, fitted.p_answer, fitted.p_choices, strict=True)
    ]
    q = quality(ranked, model, decided)
    offered = offered_out_of_scope(ranked, model, decided)
    used = bool(q.coverage >= plain.coverage and np.isfinite(model.answer_cut))
    note = (
        f"learned answer model in use: expected coverage {q.coverage:.3f} vs "
        f"{plain.coverage:.3f} for the plain thresholds"
        if used
        else f"plain thresholds in use: the learned model's expected coverage {q.coverage:.3f} "
        f"is below theirs ({plain.coverage:.3f})"
    )
    return Learned(model, used, q.as_dict(), offered, note)


def calibrate_kb(
    articles: Sequence[tuple[str, ArticleContent]],
    settings: SearchSettings,
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
    holdout: Holdout | None = None,
    learn: bool = True,
) -> Calibration:
    """Fit the decision thresholds, and the learned answer model unless `learn` is False,
    on the knowledge base (articles: slug and content).

    For a tuned model, `embedder` is one tuned without what `holdout` keeps aside.
    """
    cal = settings.calibration
    ranked, counts = validation_queries(
        articles, settings, cal, embedder, progress, holdout=holdout
    )
    t, q, offered = fit(ranked, cal, settings.disambiguate_lead)
    # the configured lexical floor serves with whatever thresholds are fitted
    t = dataclasses.replace(t, disambiguate_lexical=settings.disambiguate_lexical)
    margin = t.answer_margin if np.isfinite(t.answer_threshold) else settings.answer_margin
    shipped = shipped_thresholds(settings)
    learned = (
        fit_learned(ranked, cal, len(articles), q)
        if learn
        else Learned(None, False, {}, 0.0, "not fitted (plain thresholds asked for)")
    )
    return Calibration(
        learned_model=learned.model,
        learned_used=learned.used,
        learned=learned.expected,
        learned_oos_offered=learned.oos_offered,
        answer_model_note=learned.note,
        shipped=quality(ranked, shipped).as_dict(),
        shipped_oos_offered=offered_out_of_scope(ranked, shipped),
        thresholds=t,
        articles=len(articles),
        expected=q.as_dict(),
        oos_offered=offered,
        curve=curve(ranked, margin),
        target_precision=cal.target_precision,
        **counts,
    )

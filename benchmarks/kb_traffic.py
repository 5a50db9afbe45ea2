"""Help-desk traffic on the bundled knowledge base: what an employee's first message gets.

    python -m benchmarks.kb_traffic [--split dev|test|all] [--json out.json]

The set (benchmarks/data/kb_traffic.jsonl) is messages written by people who read only the
articles in config/articles, in English and French, each labelled with every article that
resolves it. Three kinds: *covered* (an article resolves it, in the writer's own words),
*near* (same product or words as an article, which does not resolve it) and *other*
(unrelated, greetings, thanks). Most real traffic matches no article, and the near ones are
where a search guesses.

The bundled knowledge base is imported into a fresh SQLite database and searched exactly as
the conversation searches a first message (`KnowledgeSearch.search`, employee view). Each
decision rule is applied to the same ranked results:

- shipped: the [search] thresholds in config/relais.toml (what a new install serves);
- self-calibrated thresholds and the learned answer model: `relais kb calibrate` on the
  bundled knowledge base (knowledge.upkeep.calibrate, nothing else is read);
- naive kNN: the nearest phrasing's article when its cosine is at least 0.6.

Reported per language and overall: answer precision (right answers / answers), coverage (right
answers / covered messages), reach (covered messages answered right or offered a list holding a
right article), and for near and other messages the share answered and the share offered
anything (an answer or a list).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import SearchSettings, load_settings
from bot.db import Database
from knowledge import upkeep
from knowledge.answer_model import AnswerModel
from knowledge.article import Viewer
from knowledge.calibration import phrasings_of, shipped_thresholds
from knowledge.decision import Decision, Thresholds, decide, lexically_supported
from knowledge.search import KnowledgeSearch, SearchResult
from knowledge.text import QueryError
from knowledge.transfer import import_path
from knowledge.translations import twins_of

DATA = Path(__file__).resolve().parent / "data" / "kb_traffic.jsonl"
ARTICLES = Path(__file__).resolve().parents[1] / "config" / "articles"
KINDS = ("covered", "near", "other")
KNN_COSINE = 0.6


@dataclass(frozen=True)
class Message:
    id: str
    split: str
    language: str
    kind: str
    text: str
    answers: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    """What one message got: the decision and the articles shown."""

    decision: Decision
    shown: tuple[str, ...]
    ranked: tuple[str, ...] = ()  # every article the search ranked, best first


Rule = Callable[[SearchResult], Outcome]


def load_messages(split: str, path: Path = DATA) -> list[Message]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        Message(r["id"], r["split"], r["language"], r["kind"], r["text"], frozenset(r["answers"]))
        for r in rows
        if split == "all" or r["split"] == split
    ]


def employee_view(
    message: Message, visible: set[str], twins: dict[str, tuple[str, ...]]
) -> Message:
    """Only what an employee can be shown answers: a message whose articles are all archived
    or staff-only is one the employee's search should not answer (it becomes near). An
    article's translations answer what it answers (the set was labelled before some existed)."""
    labelled = {copy for slug in message.answers for copy in twins.get(slug, (slug,))}
    answers = frozenset(labelled & visible)
    if message.kind == "covered" and not answers:
        return replace(message, kind="near", answers=answers)
    return replace(message, answers=answers)


def by_thresholds(t: Thresholds) -> Rule:
    def rule(result: SearchResult) -> Outcome:
        scores, lexical = [h.score for h in result.hits], [h.lexical for h in result.hits]
        decision, offered = decide(scores, t, lexical=lexical)
        return Outcome(decision, tuple(h.article_id for h in result.hits[:offered]), ids(result))

    return rule


def by_model(model: AnswerModel, lexical_floor: float) -> Rule:
    def rule(result: SearchResult) -> Outcome:
        if result.evidence is None:
            return Outcome(Decision.NONE, ())
        decision, offered = lexically_supported(
            *model.decide(result.evidence), result.evidence.lexical, lexical_floor
        )
        return Outcome(decision, tuple(h.article_id for h in result.hits[:offered]), ids(result))

    return rule


def ids(result: SearchResult) -> tuple[str, ...]:
    return tuple(h.article_id for h in result.hits)


def score(messages: Sequence[Message], outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Precision, coverage, reach, and what near and other messages were given."""
    answered = right = covered = reached = first = 0
    counts = {k: 0 for k in KINDS}
    oos_answered = {k: 0 for k in KINDS}
    oos_offered = {k: 0 for k in KINDS}
    wrong_lists = 0
    for m, o in zip(messages, outcomes, strict=True):
        counts[m.kind] += 1
        is_answer = o.decision is Decision.ANSWER
        answered += is_answer
        good = bool(m.answers & set(o.shown))
        if m.kind == "covered":
            covered += 1
            right += is_answer and good
            reached += good
            first += bool(o.ranked[:1]) and o.ranked[0] in m.answers
            wrong_lists += o.decision is Decision.DISAMBIGUATE and not good
        else:
            oos_answered[m.kind] += is_answer
            oos_offered[m.kind] += bool(o.shown)
    oos = counts["near"] + counts["other"]
    return {
        "messages": len(messages),
        "precision": round(right / answered, 3) if answered else None,
        "coverage": round(right / covered, 3) if covered else None,
        "reach": round(reached / covered, 3) if covered else None,
        "hit_at_1": round(first / covered, 3) if covered else None,
        "wrong_answers": answered - right,
        "covered_wrong_lists": wrong_lists,
        "near_answered": round(oos_answered["near"] / counts["near"], 3)
        if counts["near"]
        else None,
        "near_offered": round(oos_offered["near"] / counts["near"], 3) if counts["near"] else None,
        "other_offered": round(oos_offered["other"] / counts["other"], 3)
        if counts["other"]
        else None,
        "oos_offered": round((oos_offered["near"] + oos_offered["other"]) / oos, 3)
        if oos
        else None,
    }


def wrong_answers(messages: Sequence[Message], outcomes: Sequence[Outcome]) -> list[dict[str, str]]:
    """Every message answered with an article that does not resolve it, for reading."""
    return [
        {"id": m.id, "kind": m.kind, "text": m.text, "answered": o.shown[0]}
        for m, o in zip(messages, outcomes, strict=True)
        if o.decision is Decision.ANSWER and not m.answers & set(o.shown)
    ]


def knn_outcomes(
    search: KnowledgeSearch, messages: Sequence[Message], vectors: np.ndarray
) -> list[Outcome]:
    """The nearest phrasing's article when its cosine is at least 0.6; else nothing."""
    with search.db.session() as session:
        articles = upkeep.kb_articles(session, Viewer.EMPLOYEE)
    texts, owners = [], []
    for slug, content in articles:
        for phrasing in phrasings_of(content):
            texts.append(phrasing)
            owners.append(slug)
    stored = search.embedder.encode(texts)
    out = []
    for row in range(len(messages)):
        sims = stored @ vectors[row]
        best = int(np.argmax(sims))
        if sims[best] >= KNN_COSINE:
            out.append(Outcome(Decision.ANSWER, (owners[best],), (owners[best],)))
        else:
            out.append(Outcome(Decision.NONE, (), (owners[best],)))
    return out


def build(folder: Path, settings: SearchSettings) -> KnowledgeSearch:
    db = Database(f"sqlite:///{folder / 'traffic.db'}")
    db.upgrade()
    with db.session() as session:
        report = import_path(session, ARTICLES, max_bytes=1_000_000, by="benchmark")
    if report.failures:
        raise SystemExit(f"the bundled articles did not import: {report.failures}")
    search = KnowledgeSearch(db, settings, None)
    search.load()
    return search


def run(split: str, data: Path = DATA) -> dict[str, Any]:
    settings = load_settings().search
    messages = load_messages(split, data)
    report: dict[str, Any] = {"split": split, "rules": {}}
    with tempfile.TemporaryDirectory() as tmp:
        search = build(Path(tmp), settings)
        with search.db.session() as session:
            visible = {slug for slug, _ in upkeep.kb_articles(session, Viewer.EMPLOYEE)}
            every = upkeep.kb_articles(session, Viewer.AGENT)
        twins = twins_of((slug, slug, c.translations) for slug, c in every)
        messages = [employee_view(m, visible, twins) for m in messages]
        kept: list[tuple[Message, SearchResult | None]] = []
        for m, r in zip(messages, search.search_batch([m.text for m in messages]), strict=True):
            if isinstance(r, QueryError):
                # Refused before any search ("?", empty): the employee is told, nothing guessed.
                kept.append((m, None))
            else:
                kept.append((m, r))
        vectors = search.embedder.encode([m.text for m in messages])
        rules: dict[str, Rule] = {"shipped": by_thresholds(shipped_thresholds(settings))}
        outcome = upkeep.calibrate(search, by="benchmark", save=False)
        found = outcome.calibration
        if found is not None:
            # the fitted thresholds carry the configured lexical floor (calibrate_kb)
            rules["self-calibrated thresholds"] = by_thresholds(found.thresholds)
            if found.answer_model is not None:
                rules["learned answer model"] = by_model(
                    found.answer_model, found.thresholds.disambiguate_lexical
                )
        else:
            report["not_calibrated"] = outcome.reason
        for name, rule in rules.items():
            outcomes = [rule(r) if r else Outcome(Decision.NONE, ()) for _, r in kept]
            report["rules"][name] = _by_language(messages, outcomes)
            if name == "shipped":
                report["shipped_wrong_answers"] = wrong_answers(messages, outcomes)
        report["rules"]["naive kNN at cosine 0.6"] = _by_language(
            messages, knn_outcomes(search, messages, vectors)
        )
    return report


def _by_language(messages: Sequence[Message], outcomes: Sequence[Outcome]) -> dict[str, Any]:
    out = {"all": score(messages, outcomes)}
    for language in sorted({m.language for m in messages}):
        picked = [(m, o) for m, o in zip(messages, outcomes, strict=True) if m.language == language]
        out[language] = score([m for m, _ in picked], [o for _, o in picked])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="test", choices=["dev", "test", "all"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--data", type=Path, default=DATA, help="another set in the same format")
    parser.add_argument(
        "--wrong", action="store_true", help="list the messages the shipped rule answers wrongly"
    )
    args = parser.parse_args(argv)
    report = run(args.split, args.data)
    columns = [
        "hit_at_1",
        "precision",
        "coverage",
        "reach",
        "near_answered",
        "near_offered",
        "other_offered",
    ]
    print(f"{'rule':<30} {'lang':<4} " + " ".join(f"{c:>13}" for c in columns))
    for name, per_language in report["rules"].items():
        for language, figures in per_language.items():
            cells = " ".join(f"{figures[c]!s:>13}" for c in columns)
            print(f"{name:<30} {language:<4} {cells}")
    if args.wrong:
        for w in report.get("shipped_wrong_answers", []):
            print(f"{w['id']:<10} {w['kind']:<8} {w['answered']:<28} {w['text']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

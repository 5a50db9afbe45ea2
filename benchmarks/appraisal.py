"""Appraisal quality: slot extraction, contact type, and questions asked before handoff.

    python -m benchmarks.appraisal [--json out.json]

Reads benchmarks/data/appraisal_openings.jsonl: employee openings in English and French, each
annotated with its contact type and the slots it already answers. The rules were tuned while
looking at the `dev` and `test` lines (so those figures are optimistic); the `holdout` lines
were written and annotated afterwards and never used for tuning: they are the honest figure.
The `independent` lines were written and annotated by someone else, without these rules, and
never used for tuning either. The conversation part replays every
opening through the real engine (empty knowledge base, so nothing short-circuits the
appraisal), answering each question with "I don't know", and counts the questions asked and
any question about a slot the opening had already given.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bot.config import load_settings
from bot.db import Database
from bot.engine import Engine
from bot.inbound import Inbound
from handoff.extraction import SLOTS, extract
from knowledge.search import KnowledgeSearch

DATA = Path(__file__).parent / "data" / "appraisal_openings.jsonl"
SPLITS = ("dev", "test", "holdout", "independent", "all")


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def extraction_scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    tp = fp = fn = 0
    per_slot: dict[str, Counter[str]] = {slot: Counter() for slot in SLOTS}
    correct_type = 0
    for row in rows:
        found = extract(row["text"])
        got = {s for s in found.slots if s in SLOTS}
        want = set(row["slots"])
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        for slot in got & want:
            per_slot[slot]["tp"] += 1
        for slot in got - want:
            per_slot[slot]["fp"] += 1
        for slot in want - got:
            per_slot[slot]["fn"] += 1
        correct_type += (
            found.contact_type is not None and found.contact_type.value == row["contact_type"]
        )
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "openings": len(rows),
        "slot_precision": round(precision, 3),
        "slot_recall": round(recall, 3),
        "slot_f1": round(f1, 3),
        "contact_type_accuracy": round(correct_type / len(rows), 3),
        "per_slot": {s: dict(c) for s, c in per_slot.items() if c},
    }


def conversation_scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Replay each opening through the engine; count questions and repeated slots."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/appraisal.db")
        db.upgrade()
        search = KnowledgeSearch(db, load_settings().search, None)
        engine = Engine(db, search, load_settings().conversation)
        asked_counts: list[int] = []
        violations: list[str] = []
        incidents_asked: list[int] = []
        for row in rows:
            key = f"bench:{row['id']}"
            replies = engine.handle(Inbound(user="bench", conversation=key, text=row["text"]))
            total = 0
            for _ in range(10):
                questions = [a for a in replies if a.type == "question"]
                if not questions:
                    break
                for q in questions:
                    total += len(q.slots)
                    repeated = set(q.slots) & set(row["slots"])
                    if repeated:
                        violations.append(f"{row['id']}: asked {sorted(repeated)}")
                replies = engine.handle(
                    Inbound(user="bench", conversation=key, text="I don't know")
                )
            asked_counts.append(total)
            if row["contact_type"] == "incident":
                incidents_asked.append(total)
        db.dispose()
    return {
        "mean_questions_before_handoff": round(statistics.mean(asked_counts), 2),
        "mean_questions_incidents": round(statistics.mean(incidents_asked), 2),
        "max_questions": max(asked_counts),
        "questions_for_slots_already_given": violations,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = load()
    report: dict[str, Any] = {
        split: extraction_scores([r for r in rows if split == "all" or r["split"] == split])
        for split in SPLITS
    }
    report["conversation"] = conversation_scores(rows)
    for split in SPLITS:
        r = report[split]
        print(
            f"{split:>4}: {r['openings']} openings, slot P {r['slot_precision']:.3f} "
            f"R {r['slot_recall']:.3f} F1 {r['slot_f1']:.3f}, contact type "
            f"{r['contact_type_accuracy']:.3f}"
        )
    c = report["conversation"]
    print(
        f"questions before handoff: mean {c['mean_questions_before_handoff']} "
        f"(incidents {c['mean_questions_incidents']}), max {c['max_questions']}; "
        f"questions for a slot already given: {len(c['questions_for_slots_already_given'])}"
    )
    for line in c["questions_for_slots_already_given"]:
        print(f"  {line}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""Public intent datasets from ../shared/eval as knowledge bases plus labelled queries.

Each intent becomes one article whose Issue list is K of its training utterances: K drawn at
random with a seed (the default, as issue 13 measures from outside: "five random phrasings per
article"), or the first K (`pick_seed=None`; the figures before 2026-12-04's fourth round). The
first five of CLINC150 are much harder than a random five (base dense hit@1 on validation 0.804
against 0.873), so the two are never compared. The validation queries (for calibration) never
overlap the test queries (for the report).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from knowledge.article import ArticleContent, ArticleType, Audience, Confidence

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
K_PHRASINGS = 5
PICK_SEED = 0  # the default draw of each article's phrasings; None takes the first K
OOS = None  # the label of an out-of-scope query


@dataclass(frozen=True)
class Query:
    text: str
    intent: str | None  # None: out of scope, nothing should be answered


@dataclass(frozen=True)
class Dataset:
    name: str
    language: str
    articles: list[ArticleContent]
    validation: list[Query]
    test: list[Query]


def slug(intent: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", intent.lower()).strip("-")[:120] or "intent"


def _article(intent: str, phrasings: list[str], language: str) -> ArticleContent:
    title = re.sub(r"[-_]+", " ", intent).strip()
    return ArticleContent(
        id=slug(intent),
        title=title,
        type=ArticleType.HOW_TO,
        confidence=Confidence.VALIDATED,
        audience=Audience.EMPLOYEES,
        language=language,
        owner="benchmark",
        issue=tuple(phrasings),
        resolution=f"Follow the {title} procedure.",
    )


def pick(texts: list[str], k: int, seed: int | None, intent: str) -> tuple[list[str], list[str]]:
    """(the article's k phrasings, the rest), in the training file's order.

    Seeded per intent, so one intent's draw does not depend on which other intents exist.
    """
    if seed is None:
        return texts[:k], texts[k:]
    chosen = set(random.Random(f"{seed}:{intent}").sample(range(len(texts)), min(k, len(texts))))
    return (
        [t for i, t in enumerate(texts) if i in chosen],
        [t for i, t in enumerate(texts) if i not in chosen],
    )


def _split_train(
    rows: list[tuple[str, str]],
    language: str,
    pick_seed: int | None,
    held_out: set[str] | None = None,
) -> tuple[list[ArticleContent], list[Query]]:
    """K per intent become the article; the rest of train is validation."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in rows:
        by_intent[intent].append(text)
    articles, validation = [], []
    for intent, texts in sorted(by_intent.items()):
        if held_out and intent in held_out:
            validation += [Query(t, OOS) for t in texts]
            continue
        chosen, rest = pick(texts, K_PHRASINGS, pick_seed, intent)
        articles.append(_article(intent, chosen, language))
        validation += [Query(t, slug(intent)) for t in rest]
    return articles, validation


def clinc150(pick_seed: int | None = PICK_SEED) -> Dataset:
    data = json.loads((EVAL_DIR / "clinc150" / "data_full.json").read_text())
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in data["train"]:
        by_intent[intent].append(text)
    articles = [
        _article(intent, pick(texts, K_PHRASINGS, pick_seed, intent)[0], "en")
        for intent, texts in sorted(by_intent.items())
    ]
    # oos_train joins oos_val: 200 out-of-scope queries calibrate abstention better than 100.
    validation = [Query(t, slug(i)) for t, i in data["val"]] + [
        Query(t, OOS) for t, _ in data["oos_val"] + data["oos_train"]
    ]
    test = [Query(t, slug(i)) for t, i in data["test"]] + [
        Query(t, OOS) for t, _ in data["oos_test"]
    ]
    return Dataset("clinc150", "en", articles, validation, test)


def _csv(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row[0].strip(), row[1].strip()) for row in list(csv.reader(handle))[1:] if row]


# Wikit has no out-of-scope label: these intents are left out of the index and their
# questions become out-of-scope queries (the dataset's SOURCE.md suggests this).
WIKIT_HELD_OUT = 4


def wikit(pick_seed: int | None = PICK_SEED) -> Dataset:
    folder = EVAL_DIR / "wikit-nlu-french-benchmark"
    train, test_rows = _csv(folder / "training_dataset.csv"), _csv(folder / "test_dataset.csv")
    intents = sorted({i for _, i in train})
    held_out = set(intents[-WIKIT_HELD_OUT:])
    articles, validation = _split_train(train, "fr", pick_seed, held_out)
    test = [Query(t, OOS if i in held_out else slug(i)) for t, i in test_rows]
    return Dataset("wikit", "fr", articles, validation, test)


def banking77(pick_seed: int | None = PICK_SEED) -> Dataset:
    folder = EVAL_DIR / "banking77"
    train, test_rows = _csv(folder / "train.csv"), _csv(folder / "test.csv")
    articles, validation = _split_train(train, "en", pick_seed)
    # 20 validation queries per intent are plenty for calibration and keep runs short.
    per_intent: dict[str | None, int] = defaultdict(int)
    trimmed = []
    for q in validation:
        per_intent[q.intent] += 1
        if per_intent[q.intent] <= 20:
            trimmed.append(q)
    test = [Query(t, slug(i)) for t, i in test_rows]
    return Dataset("banking77", "en", articles, trimmed, test)


FR_TRAVEL_PHRASINGS = 3


def fr_travel(pick_seed: int | None = PICK_SEED) -> Dataset:
    """The tiny French travel set with out-of-scope questions (8 intents; its test split is a
    subset of train): 3 phrasings per intent make the articles, the other in-scope rows and
    every out_of_scope row are the test queries. There is no validation split."""
    rows = _csv(EVAL_DIR / "fr-travel-intent-oos-mini" / "intent-detection-train.csv")
    by_intent: dict[str, list[str]] = defaultdict(list)
    test: list[Query] = []
    for text, intent in rows:
        if intent == "out_of_scope":
            test.append(Query(text, OOS))
        else:
            by_intent[intent].append(text)
    articles = []
    for intent, texts in sorted(by_intent.items()):
        chosen, rest = pick(texts, FR_TRAVEL_PHRASINGS, pick_seed, intent)
        articles.append(_article(intent, chosen, "fr"))
        test += [Query(t, slug(intent)) for t in rest]
    return Dataset("fr-travel", "fr", articles, [], test)


DATASETS = {"clinc150": clinc150, "wikit": wikit, "banking77": banking77}
# Too small to calibrate thresholds on (no validation split): reported by benchmarks.tuning.
SMALL_DATASETS = {"fr-travel": fr_travel}


def add_pick_arguments(parser: argparse.ArgumentParser) -> None:
    """--pick-seed / --first-phrasings: which training phrasings make each article."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--pick-seed",
        type=int,
        default=PICK_SEED,
        help=f"draw each article's phrasings at random with this seed (default {PICK_SEED})",
    )
    group.add_argument(
        "--first-phrasings",
        action="store_true",
        help="take the first phrasings of each intent instead (figures before 2026-12-04)",
    )


def pick_seed_of(args: argparse.Namespace) -> int | None:
    return None if args.first_phrasings else int(args.pick_seed)

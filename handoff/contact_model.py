"""Question, request or incident: learned from annotated first messages.

The contact-type rules (handoff/extraction.py) weigh the phrasings they know; this model reads
any phrasing, from the first messages in handoff/data/slot_examples.jsonl that carry their
contact type (written for it by annotators, plus the tuning conversations). It is a logistic
regression over word and character n-grams of the accent-folded text, trained in about a second
on first use; nothing is downloaded.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handoff.slot_tagger import EXAMPLES, fold

KINDS = ("question", "request", "incident")
# Below this, the model is unsure and the rules' reading stands.
CONFIDENT = 0.5


@dataclass(frozen=True)
class Reading:
    """The most likely contact type and how sure the model is of it."""

    kind: str
    probability: float


class ContactModel:
    """Word and character n-gram logistic regression over first messages."""

    def __init__(self, texts: list[str], kinds: list[str], c: float = 4.0) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
        from sklearn.pipeline import make_pipeline, make_union  # type: ignore[import-untyped]

        self.pipeline: Any = make_pipeline(
            make_union(
                TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                TfidfVectorizer(
                    preprocessor=fold,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                ),
            ),
            LogisticRegression(C=c, max_iter=3000),
        )
        self.pipeline.fit(texts, kinds)

    def read(self, text: str) -> Reading:
        probabilities = self.pipeline.predict_proba([text])[0]
        best = int(probabilities.argmax())
        return Reading(str(self.pipeline.classes_[best]), float(probabilities[best]))


def training_rows(path: Path = EXAMPLES) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    kinds: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("asked") is None and row.get("contact_type") in KINDS and row["text"].strip():
            texts.append(row["text"])
            kinds.append(row["contact_type"])
    return texts, kinds


_lock = threading.Lock()
_shared: list[ContactModel] = []


def shared() -> ContactModel:
    """The model trained on the bundled examples, once per process."""
    with _lock:
        if not _shared:
            _shared.append(ContactModel(*training_rows()))
        return _shared[0]


def warm_readers() -> None:
    """Load the slot tagger and train the contact model now, before any message waits."""
    from handoff import slot_tagger

    slot_tagger.shared()
    shared()


def read(text: str) -> Reading:
    return shared().read(text)

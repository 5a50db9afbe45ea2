"""Question, request or incident: learned from annotated first messages.

The contact-type rules (handoff/extraction.py) weigh the phrasings they know; this model reads
any phrasing, from the first messages in handoff/data/slot_examples.jsonl that carry their
contact type (written for it by annotators, plus the tuning conversations and the 480 hard cases
of benchmarks/data/contact_openings.jsonl). It is a logistic
regression over TF-IDF word and character n-grams of the accent-folded text, plus the word
n-grams of its sentences that end in a question mark: what is asked ("can I get a new one?",
"is there a trick to…?") says more of the kind of help than the story around it. The fitted weights
ship in handoff/data/contact_model.npz (`python -m benchmarks.slot_tagger --contact` rebuilds
them with scikit-learn); reading them needs numpy only, and nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from handoff import slot_tagger
from handoff.slot_tagger import DATA, EXAMPLES, load_weights, save_weights
from knowledge.text import fold_lower

WEIGHTS = DATA / "contact_model.npz"
KINDS = ("question", "request", "incident")
# Below this, the model is unsure and the rules' reading stands.
CONFIDENT = 0.5
# The features, as scikit-learn's TfidfVectorizer builds them (the fit uses these settings and
# the reader below reproduces them): word 1-2 grams over its default token pattern, and
# character 2-5 grams inside each whitespace-separated word padded with a space either side.
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")


@dataclass(frozen=True)
class Reading:
    """The most likely contact type and how sure the model is of it."""

    kind: str
    probability: float


def word_ngrams(folded: str) -> list[str]:
    """TfidfVectorizer(ngram_range=WORD_NGRAMS)'s words and word pairs of folded text."""
    words = _TOKEN.findall(folded)
    grams = list(words)
    low, high = WORD_NGRAMS
    for n in range(max(low, 2), min(high + 1, len(words) + 1)):
        grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams if low == 1 else grams[len(words) :]


def asked(text: str) -> str:
    """The sentences of a text that end in a question mark, folded, joined by a space."""
    folded = fold_lower(text)
    return " ".join(s for s in _SENTENCE_END.split(folded) if s.strip().endswith("?"))


def char_ngrams(folded: str) -> list[str]:
    """TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS)'s n-grams of folded text."""
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", folded).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            grams.append(padded[:n])
            if len(padded) <= n:
                break  # a short word counts once, whole
            grams.extend(padded[i : i + n] for i in range(1, len(padded) - n + 1))
    return grams


class ContactModel:
    """Fitted weights: per feature space (words, characters, words of the asking sentences) a
    vocabulary and its idf, and per class a weight per feature and an intercept."""

    def __init__(
        self,
        classes: Sequence[str],
        words: Sequence[str],
        chars: Sequence[str],
        asks: Sequence[str],
        idf: Any,
        coef: Any,
        intercept: Any,
    ) -> None:
        self.classes = [str(c) for c in classes]
        self.words = {name: i for i, name in enumerate(words)}
        self.chars = {name: i + len(self.words) for i, name in enumerate(chars)}
        start = len(self.words) + len(self.chars)
        self.asks = {name: i + start for i, name in enumerate(asks)}
        # (features,): words first, then characters, then the asking sentences' words
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)  # (features, classes)
        self.intercept = np.asarray(intercept, dtype=np.float64)

    def _add(self, scores: Any, grams: Iterable[str], index: dict[str, int]) -> None:
        """Add to scores the classes' weights for one feature space's sublinear TF-IDF vector,
        L2-normalised on its own (the two spaces are joined as scikit-learn's FeatureUnion)."""
        counts: dict[int, int] = {}
        for gram in grams:
            at = index.get(gram)
            if at is not None:
                counts[at] = counts.get(at, 0) + 1
        if not counts:
            return
        rows = np.fromiter(counts, dtype=np.intp, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float64, len(counts))
        values = tf * self.idf[rows]
        norm = math.sqrt(float(values @ values))
        if norm > 0.0:
            scores += (values / norm) @ self.coef[rows]

    def probabilities(self, text: str) -> Any:
        """The probability of each class (in `classes` order), softmax of the linear scores."""
        folded = fold_lower(text)
        scores = self.intercept.copy()
        self._add(scores, word_ngrams(folded), self.words)
        self._add(scores, char_ngrams(folded), self.chars)
        self._add(scores, word_ngrams(asked(text)), self.asks)
        scores -= scores.max()
        p = np.exp(scores)
        return p / p.sum()

    def read(self, text: str) -> Reading:
        probabilities = self.probabilities(text)
        best = int(probabilities.argmax())
        return Reading(self.classes[best], float(probabilities[best]))

    def save(self, path: Path, digest: str) -> None:
        """Write the weights (float32: probabilities within 1e-7 of float64, half the size; no
        n-gram holds the newline that joins the names, white space splits words)."""
        save_weights(
            path,
            digest,
            {
                "classes": self.classes,
                "words": list(self.words),
                "chars": list(self.chars),
                "asks": list(self.asks),
            },
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept,
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> ContactModel:
        data = load_weights(path, ("classes", "words", "chars", "asks"))
        return cls(
            data["classes"],
            data["words"],
            data["chars"],
            data["asks"],
            data["idf"],
            data["coef"],
            data["intercept"],
        )


def shipped_digest(path: Path = WEIGHTS) -> str:
    return slot_tagger.shipped_digest(path)


def pipeline(c: float = 4.0) -> Any:
    """The scikit-learn pipeline the shipped weights are fitted with (unfitted; build time only)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.pipeline import make_pipeline, make_union  # type: ignore[import-untyped]

    return make_pipeline(
        make_union(
            TfidfVectorizer(
                preprocessor=fold_lower,  # so no lowercasing of its own: fold_lower lowercases
                token_pattern=_TOKEN.pattern,
                ngram_range=WORD_NGRAMS,
                sublinear_tf=True,
                min_df=2,
            ),
            TfidfVectorizer(
                preprocessor=fold_lower,
                analyzer="char_wb",
                ngram_range=CHAR_NGRAMS,
                sublinear_tf=True,
                min_df=2,
            ),
            TfidfVectorizer(
                preprocessor=asked,
                token_pattern=_TOKEN.pattern,
                ngram_range=WORD_NGRAMS,
                sublinear_tf=True,
                min_df=2,
            ),
        ),
        LogisticRegression(C=c, max_iter=3000),
    )


def from_pipeline(fitted: Any) -> ContactModel:
    """The numpy reader of a fitted `pipeline()`."""
    union, model = fitted.steps[0][1], fitted.steps[-1][1]
    (_, words), (_, chars), (_, asks) = union.transformer_list
    return ContactModel(
        model.classes_,
        words.get_feature_names_out(),
        chars.get_feature_names_out(),
        asks.get_feature_names_out(),
        np.concatenate([words.idf_, chars.idf_, asks.idf_]),
        model.coef_.T,
        model.intercept_,
    )


def fit(texts: list[str], kinds: list[str], c: float = 4.0) -> ContactModel:
    """Train on first messages and their contact types (scikit-learn; builds the shipped weights)."""
    return from_pipeline(pipeline(c).fit(texts, kinds))


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
    """The shipped model, read once per process."""
    with _lock:
        if not _shared:
            _shared.append(ContactModel.load())
        return _shared[0]


def warm_readers() -> None:
    """Load the slot tagger and the contact model now, before any message waits."""
    from handoff import slot_tagger

    slot_tagger.shared()
    shared()


def read(text: str) -> Reading:
    return shared().read(text)

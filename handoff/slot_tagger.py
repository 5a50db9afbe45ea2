"""Which words of a message say which statement slot, learned from annotated messages.

The extraction rules (handoff/extraction.py) know the phrasings they were written for; this
tagger generalises from annotated messages in English and French (handoff/data/
slot_examples.jsonl: openings and replies to each appraisal question, with the phrases that
carry each slot marked). Each word gets a slot, or none, from a multinomial logistic regression
over the accent-folded word, its affixes, the three words either side, and what the message
answers (an opening, or the question just asked). The fitted weights ship in
handoff/data/slot_tagger.npz (`python -m benchmarks.slot_tagger --fit` rebuilds them); reading
them needs numpy only, and nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.text import dangling_end, without_aside
from knowledge.text import fold_lower as fold

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "slot_examples.jsonl"
WEIGHTS = DATA / "slot_tagger.npz"

LABELS: tuple[str, ...] = (
    "object",
    "expected",
    "actual",
    "what_is_not",
    "where",
    "where_is_not",
    "where_on_object",
    "when_first",
    "when_pattern",
    "extent_count",
    "extent_trend",
    "changes",
    "impact",
    "workaround",
    "business_need",
    "request_what",
    "request_for_whom",
    "request_by_when",
    "request_why",
    "question",
)
NONE = "O"
OPENING = "opening"
TRANSITION_WEIGHT = 1.0  # how much the order of slots counts against each word's own reading
# Words a phrase does not end on: a quantifier, article or conjunction belongs to what follows.
_TRAILING = frozenset(
    ["toutes", "tous", "tout", "toute", "all", "every", "les", "le", "la", "l", "the", "a", "an",
     "des", "de", "du", "et", "and", "ou", "or", "mais", "but", "pour", "for", "avec", "with"]
)  # fmt: skip
# ("room 4.12", "B2.14", "macOS 15.2": a dotted number is one word, never cut at its dot)
_TOKEN = re.compile(r"\w*\d(?:\.\d+)+(?!\w)|\w+(?:['’]\w+)?|[^\w\s]")


@dataclass(frozen=True)
class Span:
    """Consecutive words the tagger gives one slot, with their mean probability."""

    slot: str
    text: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class Example:
    """An annotated message: what it answers, its text, and its (phrase, slot) pairs.

    `partial` examples mark only some phrases (key terms), so their unmarked words teach
    nothing; complete ones mark every slot phrase, so their other words are "no slot"."""

    text: str
    context: str
    spans: tuple[tuple[str, str], ...]
    partial: bool = False
    language: str = ""
    source: str = ""


_COMPOUND_END = re.compile(r"(?:-\w+)+")
_COMPOUND_REST = re.compile(r"[\w-]*")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A span never cuts a hyphenated word: "can't open the month[-end]" runs to its end, and
    a span that begins inside one ("-end files…") begins after it."""
    if start > 0 and re.match(r"\w-|-\w", text[start - 1 : start + 1]):
        start += _COMPOUND_REST.match(text, start).end() - start  # type: ignore[union-attr]
        start += len(text[start:end]) - len(text[start:end].lstrip())
    tail = _COMPOUND_END.match(text, end)
    if tail and end > 0 and text[end - 1].isalnum():
        end = tail.end()
    return start, max(start, end)


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def features(toks: Sequence[tuple[int, int, str]], context: str) -> list[list[str]]:
    """Per word, the names of its active features."""
    words = [fold(t[2]) for t in toks]
    out: list[list[str]] = []
    for i, w in enumerate(words):
        f = [f"w={w}", f"s3={w[-3:]}", f"p3={w[:3]}", f"ctx={context}", f"cw={context}|{w}"]
        if w.isdigit():
            f.append("digit")
        if toks[i][2][:1].isupper():
            f.append("title")
        for d in (-3, -2, -1, 1, 2, 3):
            j = i + d
            f.append(f"w{d}={words[j] if 0 <= j < len(words) else ('<s>' if j < 0 else '</s>')}")
        f.append(f"b-={words[i - 1] if i else '<s>'}|{w}")
        f.append(f"b+={w}|{words[i + 1] if i + 1 < len(words) else '</s>'}")
        out.append(f)
    return out


def word_labels(example: Example) -> tuple[list[tuple[int, int, str]], list[str | None]]:
    """The example's words and each one's slot ("O" for none, None when unknown)."""
    toks = tokens(example.text)
    labels: list[str | None] = [None if example.partial else NONE] * len(toks)
    for phrase, slot in example.spans:
        at = example.text.find(phrase) if phrase else -1
        if slot not in LABELS or at < 0:
            continue
        for i, (start, end, _) in enumerate(toks):
            if start >= at and end <= at + len(phrase):
                labels[i] = slot
    return toks, labels


def load_examples(path: Path = EXAMPLES) -> list[Example]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [example_from(row) for row in rows]


def example_from(row: dict[str, Any]) -> Example:
    return Example(
        text=row["text"],
        context=row.get("asked") or OPENING,
        spans=tuple((str(p), str(s)) for p, s in row.get("spans", [])),
        partial=bool(row.get("partial", False)),
        language=row.get("language", ""),
        source=row.get("id", ""),
    )


def examples_digest(path: Path = EXAMPLES) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


class SlotTagger:
    """Fitted weights: a feature vocabulary, the classes, and one weight row per class."""

    def __init__(
        self,
        vocabulary: Sequence[str],
        classes: Sequence[str],
        coef: Any,
        intercept: Any,
        transitions: Any = None,
    ) -> None:
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.classes = list(classes)
        self.coef = np.asarray(coef, dtype=np.float32)  # (features, classes)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        # log P(next slot | slot), row len(classes) being the message start
        n = len(self.classes)
        self.transitions = (
            np.asarray(transitions, dtype=np.float32)
            if transitions is not None
            else np.zeros((n + 1, n), dtype=np.float32)
        )

    def decode(self, p: Any) -> list[int]:
        """The most likely slot sequence (Viterbi): each word's probabilities, weighed with how
        slots follow one another, so a phrase is not cut into one-word fragments."""
        if not len(p):
            return []
        emit = np.log(np.clip(p, 1e-9, 1.0))
        step = TRANSITION_WEIGHT * self.transitions[:-1]
        score = emit[0] + TRANSITION_WEIGHT * self.transitions[-1]
        back = np.zeros(emit.shape, dtype=np.int32)
        for i in range(1, len(emit)):
            total = score[:, None] + step
            back[i] = total.argmax(axis=0)
            score = total.max(axis=0) + emit[i]
        path = [int(score.argmax())]
        for i in range(len(emit) - 1, 0, -1):
            path.append(int(back[i, path[-1]]))
        return path[::-1]

    def probabilities(self, text: str, context: str = OPENING) -> tuple[list[Any], Any]:
        """The words of text and, per word, the probability of each class."""
        toks = tokens(text)
        if not toks:
            return toks, np.zeros((0, len(self.classes)), dtype=np.float32)
        logits = np.tile(self.intercept, (len(toks), 1))
        for i, names in enumerate(features(toks, context)):
            rows = [self.index[n] for n in names if n in self.index]
            if rows:
                logits[i] += self.coef[rows].sum(axis=0)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return toks, p / p.sum(axis=1, keepdims=True)

    def spans(self, text: str, context: str = OPENING) -> list[Span]:
        """Runs of consecutive words with the same most likely slot (words tagged none left out)."""
        toks, p = self.probabilities(text, context)
        out: list[Span] = []
        run: list[int] = []
        best = self.decode(p)

        def close() -> None:
            while run and fold(toks[run[-1]][2]) in _TRAILING:
                run.pop()  # "magasin de Lille toutes" ends at Lille
            if run:
                slot = self.classes[int(best[run[0]])]
                start, end = _whole_words(text, toks[run[0]][0], toks[run[-1]][1])
                confidence = float(np.mean([p[i, best[i]] for i in run]))
                if start < end:
                    out.append(Span(slot, text[start:end], start, end, confidence))
                run.clear()

        for i in range(len(toks)):
            label = self.classes[int(best[i])]
            if label == NONE:
                close()
                continue
            if run and self.classes[int(best[run[-1]])] != label:
                close()
            run.append(i)
        close()
        # a lone letter ("S" of "the S: drive") names nothing
        return [
            s for s in out if re.search(r"\w", s.text) and not re.fullmatch(r"[^\W\d_]", s.text)
        ]

    def label_pieces(
        self,
        text: str,
        pieces: Sequence[tuple[int, int]],
        among: Sequence[str],
        context: str = OPENING,
    ) -> list[str | None]:
        """For each (start, end) piece of text, the slot among `among` most of its words
        are given (each word choosing between those slots and none); None when none wins."""
        toks, p = self.probabilities(text, context)
        columns = [self.classes.index(s) for s in among if s in self.classes]
        none = self.classes.index(NONE) if NONE in self.classes else None
        out: list[str | None] = []
        for start, end in pieces:
            votes: dict[str, float] = {}
            for i, (a, b, _) in enumerate(toks):
                if a < start or b > end:
                    continue
                row = p[i]
                best = max(columns, key=lambda c: row[c]) if columns else None
                if best is None or (none is not None and row[none] > row[best]):
                    continue
                votes[self.classes[best]] = votes.get(self.classes[best], 0.0) + float(row[best])
            out.append(max(votes, key=lambda k: votes[k]) if votes else None)
        return out

    def save(self, path: Path, digest: str) -> None:
        save_weights(
            path,
            digest,
            {"vocabulary": list(self.index), "classes": self.classes},
            coef=self.coef.astype(np.float16),
            intercept=self.intercept,
            transitions=self.transitions,
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> SlotTagger:
        data = load_weights(path, ("vocabulary", "classes"))
        return cls(
            data["vocabulary"],
            data["classes"],
            data["coef"].astype(np.float32),
            data["intercept"],
            data["transitions"],
        )


def save_weights(path: Path, digest: str, names: dict[str, Sequence[str]], **arrays: Any) -> None:
    """Write a learned reader's weights: its arrays, each list of names as one string (joined
    by newlines, which no name holds), and the digest of the examples it was fitted on."""
    entries: dict[str, Any] = {key: np.array("\n".join(values)) for key, values in names.items()}
    np.savez_compressed(path, **entries, **arrays, digest=np.array(digest))


def load_weights(path: Path, names: Sequence[str]) -> dict[str, Any]:
    """What `save_weights` wrote: the `names` entries as lists of strings, the rest as arrays."""
    with np.load(path, allow_pickle=False) as data:
        return {k: str(data[k]).split("\n") if k in names else data[k] for k in data.files}


def shipped_digest(path: Path = WEIGHTS) -> str:
    return str(load_weights(path, ())["digest"])


def fit(examples: Iterable[Example], c: float = 1.0, min_count: int = 2) -> SlotTagger:
    """Train on annotated messages (scikit-learn; used to build the shipped weights)."""
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    examples_list = list(examples)
    rows: list[dict[str, int]] = []
    targets: list[str] = []
    for example in examples_list:
        toks, labels = word_labels(example)
        for names, label in zip(features(toks, example.context), labels, strict=True):
            if label is not None:
                rows.append(dict.fromkeys(names, 1))
                targets.append(label)
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = [{n: v for n, v in row.items() if counts[n] >= min_count} for row in rows]
    classes = sorted(set(targets))
    counts_t = np.ones((len(classes) + 1, len(classes)))
    for example in examples_list:
        if example.partial:
            continue
        _, labels = word_labels(example)
        previous = len(classes)
        for label in labels:
            if label is None:
                break
            counts_t[previous, classes.index(label)] += 1
            previous = classes.index(label)
    transitions = np.log(counts_t / counts_t.sum(axis=1, keepdims=True))
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=c, max_iter=400)
    model.fit(x, targets)
    assert list(model.classes_) == classes
    return SlotTagger(
        vectorizer.get_feature_names_out(),
        model.classes_,
        model.coef_.T,
        model.intercept_,
        transitions,
    )


# The tagger's labels that are conversation slots of another name.
SLOT_OF: dict[str, str] = {"business_need": "deadline"}


def learned_slots(
    text: str,
    known: dict[str, str],
    context: str = OPENING,
    threshold: float = 0.45,
    only: Iterable[str] | None = None,
) -> dict[str, str]:
    """Slots the tagger finds in text that `known` lacks, each as the words that say it.

    A phrase already in a known slot is left there (the rules' reading wins), and a slot the
    rules filled is never replaced: this only adds."""
    allowed = set(only) if only is not None else set(LABELS)
    taken = [fold(v) for v in known.values() if v]
    found: dict[str, list[str]] = {}
    for span in shared().spans(text, context):
        slot = SLOT_OF.get(span.slot, span.slot)
        if span.slot not in allowed or span.confidence < threshold or known.get(slot):
            continue
        words = fold(span.text)
        if any(words in t or t in words for t in taken):
            continue
        found.setdefault(slot, []).append(span.text)
    return {slot: "; ".join(dict.fromkeys(parts)) for slot, parts in found.items()}


_CONTENT = re.compile(
    r"\b(?!(?:the|a|an|for|to|at|in|on|of|le|la|les|l|un|une|des|du|de|pour|a|au|aux|en|dans|"
    r"sur)\b)\w{2,}",
    re.I,
)


def reconciled_slots(
    text: str,
    known: dict[str, str],
    context: str = OPENING,
    only: Iterable[str] | None = None,
    extend: float = 0.45,
    replace: float = 0.6,
) -> dict[str, str]:
    """Where the rules' phrase and the tagger's disagree: a rule phrase the tagger reads as
    part of a longer phrase of the same slot grows to it ("we're printing" → "we're printing
    on the office laser"), and one it reads inside another slot's phrase ("office" in "printing
    on the office laser") gives way to the tagger's own phrase for that slot when it is sure
    of one ("at the Leeds dispatch bay")."""
    allowed = set(only) if only is not None else set(LABELS)
    spans = shared().spans(text, context)
    out = dict(known)

    def place(slot: str) -> tuple[str, int, int] | None:
        label = next((k for k, v in SLOT_OF.items() if v == slot), slot)
        value = out.get(slot, "")
        at = text.find(value) if value else -1
        return (label, at, at + len(value)) if label in allowed and at >= 0 else None

    for slot in list(out):  # first, rule phrases that are another slot's words give way
        found = place(slot)
        if found is None:
            continue
        label, at, end = found
        same = [sp for sp in spans if sp.slot == label and sp.start < end and sp.end > at]
        inside = [
            sp
            for sp in spans
            if sp.slot != label and sp.confidence >= extend and sp.start <= at and sp.end >= end
        ]
        works = out.get("what_is_not", "")
        own = [
            sp
            for sp in spans
            if sp.slot == label
            and sp.confidence >= replace
            # "…, mon ordi portable s'y connecte sans souci": what works is not what fails
            and not (sp.text in works and sp.text not in out.get("actual", ""))
        ]
        if inside and not same and own:
            out[slot] = max(own, key=lambda sp: sp.confidence).text
    for slot in list(out):  # then rule phrases grow to the tagger's longer reading
        found = place(slot)
        if found is None:
            continue
        label, at, end = found
        longer = [
            sp
            for sp in spans
            if sp.slot == label
            and sp.start < end
            and sp.end > at
            and sp.confidence >= extend
            and (sp.start < at or sp.end > end)
        ]
        if not longer:
            continue
        start = min(at, *(sp.start for sp in longer))
        stop = max(end, *(sp.end for sp in longer))
        # Never into another slot's words ("about 8am" is when, not who), nor by a bare
        # article or preposition ("la badgeuse" is the badgeuse).
        others = [
            (o, o + len(v)) for k, v in out.items() if k != slot and v and (o := text.find(v)) >= 0
        ]
        # the thing named may be taken whole ("le son coupe"), never cut through: "l'appli de
        # notes de [frais plante]" (its words as said, without an aside: "… (Android)")
        thing = without_aside(out.get("object", "")) if slot != "object" else ""
        o = text.find(thing) if thing else -1
        if (
            (o >= 0 and o < start < o + len(thing))
            or any(o < at and e > start for o, e in others)
            or not _CONTENT.search(text[start:at])
            # nor back over the "and" that began the phrase ("[files and] close is friday")
            or re.search(r"\b(?:and|et|but|mais|so|donc)\s*$", text[start:at], re.I)
        ):
            start = at
        if any(o < stop and e > end for o, e in others):
            stop = end
        out[slot] = text[start:stop].strip(" ,;:.")
    return out


# A word that turns a sentence around: taking it out of the deviation says the opposite.
_NEGATION = re.compile(
    r"\b(?:none|no|nobody|no one|not|never|nothing|aucun\w*|personne|plus|jamais|rien|pas)\b"
)


def claimed_slots(
    text: str,
    known: dict[str, str],
    context: str = OPENING,
    threshold: float = 0.6,
    only: Iterable[str] | None = None,
    taken_from: Iterable[str] | None = None,
) -> dict[str, str]:
    """`known` with the phrases the tagger is sure belong to an empty slot moved there out of
    the slot the rules put them in ("for the new north sales team" leaves the reason for
    whom it is for), when the rest still says something (two words or more). `taken_from`
    limits the slots a phrase may leave."""
    allowed = set(only) if only is not None else set(LABELS)
    donors = set(taken_from) if taken_from is not None else None
    out = dict(known)
    for span in shared().spans(text, context):
        slot = SLOT_OF.get(span.slot, span.slot)
        if span.slot not in allowed or span.confidence < threshold or out.get(slot):
            continue
        words = fold(span.text)
        for other, value in list(out.items()):
            if not value or other == slot or (donors is not None and other not in donors):
                continue
            if other in _FROM_WHOLE and len(fold(value)) >= 4 and fold(value) in words:
                del out[other]  # all of "the new north sales team" is for whom, none of it why
                out[slot] = span.text
                break
            whole = re.search(rf"(?<![\w#@/-]){re.escape(words)}(?![\w/-])", fold(value))
            if whole is None:
                continue
            if (slot, other) == ("changes", "when_first"):
                # "since the network maintenance last night": the event is the change, and
                # the time keeps all its words
                out[slot] = _CUT_TIME.sub("", span.text)
                break
            at = whole.start()
            before = _PREPOSITION_END.sub("", value[:at])  # "au magasin de X" leaves no "au"
            rest = re.sub(r"\s{2,}", " ", f"{before} {value[at + len(words) :]}")
            rest = _DANGLING_END.sub("", rest).strip(" ,;:-")
            if _NEGATION.search(words) and not _NEGATION.search(fold(rest)):
                break  # "none of the desk phones get calls" must not become "the phones get calls"
            if len(re.findall(r"\w{2,}", rest)) >= 2:
                out[other] = rest
                out[slot] = span.text
            break
    return out


# A time word left at the end of an event cut out of its time ("… maintenance last").
_CUT_TIME = re.compile(r"\s+(?:last|this|yesterday|ce|cette|hier)$", re.I)

# Slots whose whole value may move when the tagger reads it, inside a longer phrase, as another
# slot; the others (the object, dates, constraints) keep what the rules read.
_FROM_WHOLE = frozenset(
    {"request_why", "request_what", "actual", "impact", "extent_count", "where"}
)

_PREPOSITION_END = re.compile(
    r"\b(?:au|aux|à|a|en|dans|chez|sur|in|at|on|from|for|pour|de|du|des|the|le|la|les|l')\s*$",
    re.I,
)
# Little words left hanging once a phrase is cut out of a value ("…, for the").
_DANGLING_END = dangling_end(
    r"la|le|les|l'|un|une|des|du|de|et|ou|pour|a|à|the|a|an|and|or|for|to|of"
)


_lock = threading.Lock()
_shared: list[SlotTagger] = []


def shared() -> SlotTagger:
    """The shipped tagger, read once per process."""
    with _lock:
        if not _shared:
            _shared.append(SlotTagger.load())
        return _shared[0]

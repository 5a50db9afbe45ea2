"""Build, fit and score the learned slot tagger (handoff/slot_tagger.py).

    python -m benchmarks.slot_tagger --build      # write handoff/data/slot_examples.jsonl
    python -m benchmarks.slot_tagger --fit        # train and write handoff/data/slot_tagger.npz
    python -m benchmarks.slot_tagger --report     # word-level recall and precision
    python -m benchmarks.slot_tagger --contact    # train and write handoff/data/contact_model.npz

Training examples come from these places, never from the held-out `test10` split (`test4`,
`test8` and `test9` were the held-out split until 2026-12-04; a development split can be left out
with `--hold-out NAME` while it is being read):
- benchmarks/data/slot_corpus.jsonl: openings and replies written for this purpose by
  annotators who read neither the rules nor the statement sets, every slot phrase marked
  (complete: their unmarked words are "no slot");
- the tuning splits of benchmarks/data/statement_conversations.jsonl: each opening, and each
  fact as the reply to its question, with the gold key terms as the marked phrases (partial:
  their unmarked words teach nothing);
- benchmarks/data/contact_openings.jsonl: first messages labelled with their contact type only
  (for the contact-type model; no slot marked).
--report gives, per slot, the share of marked phrases whose words the tagger gives that slot
(recall; "elsewhere" when it gives them another slot) on the held-out split's openings and on its
replies for slots other than the one asked, and word precision by 5-fold cross-validation over
the complete corpus (the partial examples always in training).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from handoff import contact_model
from handoff.slot_tagger import (
    EXAMPLES,
    LABELS,
    NONE,
    OPENING,
    WEIGHTS,
    Example,
    SlotTagger,
    example_from,
    examples_digest,
    fit,
    load_examples,
    word_labels,
)
from knowledge.text import same_length_fold as _fold

HERE = Path(__file__).parent / "data"
CORPUS = HERE / "slot_corpus.jsonl"
CONVERSATIONS = HERE / "statement_conversations.jsonl"
OPENINGS = HERE / "appraisal_openings.jsonl"
# First messages labelled question / request / incident only, written for the contact-type
# model by annotators who read neither the rules nor the other sets (480 on 2026-12-04, 600
# more by two others later that day, ids co2-*), with the hard cases in mind: questions that
# mention a failure, requests said as problems, incidents asked as questions.
CONTACT_OPENINGS = HERE / "contact_openings.jsonl"
HELD_OUT = "test11"


def _spans(text: str, gold: dict[str, list[str]]) -> list[list[str]]:
    """Gold key terms found in text, as exact substrings (matched without case or accents)."""
    folded = _fold(text)
    out: list[list[str]] = []
    for slot, terms in gold.items():
        for term in terms:
            at = folded.find(_fold(term))
            if term and at >= 0:
                out.append([text[at : at + len(term)], slot])
    return out


def conversation_examples(
    splits: set[str] | None, exclude: set[str] | None
) -> list[dict[str, Any]]:
    """Openings and fact replies of the statement conversations, as partial annotations."""
    rows: list[dict[str, Any]] = []
    for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines():
        conv = json.loads(line)
        if (exclude and conv["split"] in exclude) or (
            splits is not None and conv["split"] not in splits
        ):
            continue
        gold = conv["gold"]["fields"]
        base = {"language": conv["language"], "partial": True}
        kind = {"contact_type": conv["contact_type"]}
        said = {"opening": conv["opening"], **conv["facts"]}
        for slot, text in said.items():
            if slot == "unknown" or not text:
                continue
            rows.append(
                {
                    **base,
                    "id": f"{conv['id']}:{slot}",
                    "asked": None if slot == "opening" else slot,
                    "text": text,
                    "spans": _spans(text, gold),
                    **(kind if slot == "opening" else {}),
                }
            )
    return rows


def _first_messages(path: Path, prefix: str, keep: Any = None) -> list[dict[str, Any]]:
    """First messages labelled with their contact type only, as partial examples."""
    return [
        {
            "id": f"{prefix}:{row['id']}",
            "language": row["language"],
            "partial": True,
            "asked": None,
            "text": row["text"],
            "spans": [],
            "contact_type": row["contact_type"],
        }
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if keep is None or keep(row)
    ]


def build(also_held_out: list[str]) -> None:
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    # the appraisal benchmark's openings other than "dev" stay unseen
    openings = _first_messages(OPENINGS, "opening", lambda row: row.get("split") == "dev")
    labelled = _first_messages(CONTACT_OPENINGS, "contact")
    left_out = {HELD_OUT, *also_held_out}
    rows = corpus + conversation_examples(None, exclude=left_out) + openings + labelled
    EXAMPLES.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"wrote {len(rows)} examples ({len(corpus)} from the corpus) to {EXAMPLES}")


def phrase_recall(tagger: SlotTagger, examples: list[Example], openings: bool) -> dict[str, Any]:
    """Per slot: marked phrases tagged with their slot, and tagged with another one."""
    hit: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for e in examples:
        if openings != (e.context == OPENING):
            continue
        toks, p = tagger.probabilities(e.text, e.context)
        best = [tagger.classes[int(i)] for i in p.argmax(axis=1)] if len(toks) else []
        for phrase, slot in e.spans:
            at = e.text.find(phrase)
            idx = [i for i, (s, t, _) in enumerate(toks) if s >= at and t <= at + len(phrase)]
            if not idx or slot == e.context:
                continue
            total[slot] += 1
            got = Counter(best[i] for i in idx).most_common(1)[0][0]
            hit[slot] += got == slot
            wrong[slot] += got not in (slot, NONE)
    return {
        s: {
            "recall": round(hit[s] / total[s], 3),
            "elsewhere": round(wrong[s] / total[s], 3),
            "n": total[s],
        }
        for s in LABELS
        if total[s]
    }


def word_precision(examples: list[Example], folds: int = 5) -> dict[str, Any]:
    """Word precision and recall per slot on the complete corpus, out of fold."""
    complete = [e for e in examples if not e.partial]
    partial = [e for e in examples if e.partial]
    order = list(range(len(complete)))
    random.Random(0).shuffle(order)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for k in range(folds):
        held = [complete[i] for n, i in enumerate(order) if n % folds == k]
        kept = [complete[i] for n, i in enumerate(order) if n % folds != k]
        tagger = fit([*kept, *partial])
        for e in held:
            _, labels = word_labels(e)
            _, p = tagger.probabilities(e.text, e.context)
            for i, label in enumerate(labels):
                got = tagger.classes[int(p[i].argmax())]
                if got == label and got != NONE:
                    tp[got] += 1
                else:
                    if got != NONE:
                        fp[got] += 1
                    if label not in (None, NONE):
                        fn[label] += 1
    return {
        s: {
            "precision": round(tp[s] / max(1, tp[s] + fp[s]), 3),
            "recall": round(tp[s] / max(1, tp[s] + fn[s]), 3),
        }
        for s in LABELS
        if tp[s] + fn[s]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--report", action="store_true")
    parser.add_argument(
        "--contact",
        action="store_true",
        help="also fit the contact-type model (handoff/contact_model.py) on the examples",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--hold-out",
        action="append",
        default=[],
        help="also leave this statement split out of --build (to use it as a dev set)",
    )
    args = parser.parse_args()
    if args.build:
        build(args.hold_out)
    examples = load_examples()
    if args.fit:
        fit(examples).save(WEIGHTS, examples_digest())
        print(f"wrote {WEIGHTS}")
    if args.contact:
        contact_model.fit(*contact_model.training_rows()).save(
            contact_model.WEIGHTS, examples_digest()
        )
        print(f"wrote {contact_model.WEIGHTS}")
    if args.report:
        tagger = fit(examples)
        held = [example_from(r) for r in conversation_examples({HELD_OUT}, exclude=None)]
        report = {
            "held_out_openings": phrase_recall(tagger, held, openings=True),
            "held_out_replies_other_slots": phrase_recall(tagger, held, openings=False),
            "corpus_cross_validated": word_precision(examples),
        }
        for name, table in report.items():
            print(name)
            for slot, row in table.items():
                print(f"  {slot:18s} " + "  ".join(f"{k}={v}" for k, v in row.items()))
        if args.json:
            args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

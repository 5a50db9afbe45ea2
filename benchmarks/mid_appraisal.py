"""Articles offered in the middle of an appraisal, on the real model and the sample knowledge base.

    python -m benchmarks.mid_appraisal [--split all|test11|...] [--show]

The statement conversations (benchmarks/data/statement_conversations.jsonl) were written for
problems that the sample knowledge base mostly does not cover. Each runs through the real
engine with the bundled knowledge base, searched as the product searches it; the simulated
employee answers every question from its facts, as in `benchmarks.statements`. Counted: the
conversations whose first message got an article, and those that got one only after an answer
to a question ("With what you've told me, this article now fits"). A mid-appraisal article is
where a search on what works, when or how many is a guess; `--show` lists them to be read.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import statements
from benchmarks.kb_traffic import build
from bot.actions import Action
from bot.config import load_settings
from bot.conversation import Engine
from bot.inbound import Inbound

MAX_TURNS = 6


def run(rows: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        search = build(Path(tmp), load_settings().search)
        engine = Engine(search.db, search)
        first: list[str] = []
        mid: list[dict[str, str]] = []
        for row in rows:
            key, n = f"bench:{row['id']}", 0

            def send(text: str, key: str = key) -> list[Action]:
                nonlocal n
                n += 1
                inbound = Inbound(
                    user="U-bench",
                    conversation=key,
                    dedupe_key=f"{key}:{n}",
                    channel="C1",
                    text=text,
                )
                return engine.handle(inbound)

            actions = send(row["opening"])
            if any(a.type == "answer" for a in actions):
                first.append(row["id"])
                continue
            for _ in range(MAX_TURNS):
                final = actions[-1] if actions else None
                if final is None or final.type != "question" or not final.slots:
                    break
                said = statements._reply(row, final.slots)
                actions = send(said)
                shown = [a for a in actions if a.type == "answer"]
                if shown:
                    title = str(shown[0].data.get("title", ""))
                    mid.append({"id": row["id"], "article": title, "after": said})
                    break
        search.db.dispose()
    return {"conversations": len(rows), "first_message": len(first), "mid_appraisal": mid}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="all")
    parser.add_argument("--show", action="store_true", help="list each mid-appraisal article")
    args = parser.parse_args()
    report = run(statements.load(args.split))
    print(
        f"{report['conversations']} conversations: an article for the first message in "
        f"{report['first_message']}, an article mid-appraisal in {len(report['mid_appraisal'])}"
    )
    if args.show:
        for found in report["mid_appraisal"]:
            print(f"  {found['id']}: {found['article']!r} after {found['after'][:100]!r}")


if __name__ == "__main__":
    main()

"""How long `relais report metrics` takes over 100k conversations and 20k tickets.

    python -m benchmarks.metrics_report                       # SQLite in a temporary folder
    python -m benchmarks.metrics_report --postgres URL        # a scratch database on that server

Fills a fresh database with a synthetic quarter (bulk inserts; the sample knowledge base from
config/articles), then runs the real command line, `relais report metrics --json` over the whole
quarter, as a child process `--runs` times, and reports the wall time of each run and the
child's peak resident memory; once more with `--html --png` for the charts. Also times the SQL
alone (`metrics.build` in this process).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text, update
from sqlalchemy.engine import make_url

from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.paths import PROJECT_ROOT
from bot.reports import metrics
from handoff.priority import SLA
from handoff.tables import TicketEventRow, TicketRow
from handoff.tickets import due_times
from knowledge.tables import ArticleRow, FlagRow, OutcomeRow
from knowledge.transfer import import_path

END = datetime(2026, 11, 30, tzinfo=UTC)
DAYS = 90
CHUNK = 5000
SLA_TABLE = {f"P{n}": target for n, target in SLA.items()}


def fill(db: Database, conversations: int, tickets: int, seed: int = 1) -> dict[str, int]:
    """A synthetic quarter: answers confirmed and rejected, handoffs, SLA, ratings, flags."""
    rng = random.Random(seed)
    with db.session() as session:
        import_path(session, PROJECT_ROOT / "config" / "articles", max_bytes=200_000, by="bench")
        session.execute(update(ArticleRow).values(created_at=END - timedelta(days=400)))
        articles = list(session.execute(select(ArticleRow.pk, ArticleRow.slug)).all())
    users = [f"U{n:05d}" for n in range(max(conversations // 12, 1))]
    start = END - timedelta(days=DAYS)
    convos: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    for n in range(1, conversations + 1):
        at = start + timedelta(seconds=rng.randrange(DAYS * 86_400))
        pk, slug = rng.choice(articles)
        shown = rng.random() < 0.8
        key = f"slack:D{n % 500:03d}:{n}.000"
        convos.append(
            {
                "id": n,
                "key": key,
                "user": rng.choice(users),
                "channel": "D",
                "language": "fr" if rng.random() < 0.3 else "en",
                "state": "resolved",
                "verbatim": "my problem",
                "slots": {},
                "asked": [],
                "turns": 1,
                "kb_trail": [],
                "offered": [slug] if shown else [],
                "rejected": [],
                "choices": [],
                "corrections": [],
                "created_at": at,
                "updated_at": at + timedelta(minutes=rng.randint(1, 30)),
            }
        )
        if shown and rng.random() < 0.75:
            verdict = "helped" if rng.random() < 0.7 else "rejected"
            outcomes.append(
                {
                    "article_pk": pk,
                    "outcome": verdict,
                    "conversation_key": key,
                    "at": at + timedelta(minutes=2),
                }
            )
    helped = {o["conversation_key"] for o in outcomes if o["outcome"] == "helped"}
    candidates = [c for c in convos if c["key"] not in helped]
    chosen = rng.sample(candidates, min(tickets, len(candidates)))
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for tid, convo in enumerate(chosen, 1):
        opened = convo["created_at"] + timedelta(minutes=5)
        priority = rng.choices(["P1", "P2", "P3", "P4", "P5"], [1, 4, 10, 8, 4])[0]
        response_due, resolution_due = due_times(priority, opened, SLA_TABLE)
        target = (response_due - opened).total_seconds()
        responded = opened + timedelta(seconds=target * rng.uniform(0.1, 1.5))
        resolved = rng.random() < 0.85
        resolved_at = responded + timedelta(hours=rng.uniform(0.2, 30)) if resolved else None
        rating = rng.choices([1, 2, 3, 4, 5], [1, 2, 2, 5, 6])[0] if resolved else None
        rows.append(
            {
                "id": tid,
                "conversation_id": convo["id"],
                "requester": convo["user"],
                "channel": "D",
                "title": "a problem",
                "contact_type": "incident" if rng.random() < 0.8 else "request",
                "priority": priority,
                "status": "resolved" if resolved else rng.choice(["open", "claimed", "returned"]),
                "language": convo["language"],
                "statement": {"object": rng.choice(["VPN", "Outlook", "printer", "payroll"])},
                "summary": "",
                "created_at": opened,
                "assignee": f"A{rng.randint(1, 40):02d}",
                "claimed_at": opened + timedelta(minutes=1),
                "first_response_at": responded,
                "resolved_at": resolved_at,
                "response_due": response_due,
                "resolution_due": resolution_due,
                "reopened_count": 1 if resolved and rng.random() < 0.05 else 0,
                "csat_rating": rating if rating and rng.random() < 0.45 else None,
                "csat_comment": "thanks" if rating and rng.random() < 0.1 else None,
                "article_id": rng.choice(articles)[1] if resolved and rng.random() < 0.65 else None,
            }
        )
        agent = rows[-1]["assignee"]
        for what, new, at in (
            ("opened", priority, opened),
            ("claimed", agent, opened + timedelta(minutes=1)),
            ("status", "claimed", opened + timedelta(minutes=1)),
            ("first_response", None, responded),
            ("status", "resolved" if resolved else None, resolved_at or responded),
            ("article", rows[-1]["article_id"], resolved_at or responded),
        ):
            if what == "article" and new is None:
                continue
            events.append(
                {"ticket_id": tid, "actor": agent, "what": what, "new": new, "note": "", "at": at}
            )
    flags = [
        {
            "article_pk": rng.choice(articles)[0],
            "by": f"A{rng.randint(1, 40):02d}",
            "reason": "outdated",
            "at": start + timedelta(days=rng.uniform(0, DAYS)),
            "status": "open",
            "kind": "flag",
        }
        for _ in range(max(conversations // 40, 1))
    ]
    with db.engine.begin() as connection:
        batches: list[tuple[type[Any], list[dict[str, Any]]]] = [
            (ConversationRow, convos),
            (OutcomeRow, outcomes),
            (TicketRow, rows),
            (TicketEventRow, events),
            (FlagRow, flags),
        ]
        for model, data in batches:
            for i in range(0, len(data), CHUNK):
                connection.execute(insert(model), data[i : i + CHUNK])
        if db.engine.dialect.name == "postgresql":
            for name in ("conversations", "tickets"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT max(id) FROM {name}))"
                    )
                )
        connection.execute(text("ANALYZE"))
    return {
        "conversations": len(convos),
        "outcomes": len(outcomes),
        "tickets": len(rows),
        "ticket_events": len(events),
        "flags": len(flags),
    }


def run_cli(url: str, home: Path, extra: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MiB, stdout) of one `relais report metrics` child process."""
    env = {**os.environ, "RELAIS_DATABASE_URL": url, "RELAIS_HOME": str(home)}
    args = [sys.executable, "-m", "bot.cli", "report", "metrics"]
    args += ["--since", f"{END - timedelta(days=DAYS):%Y-%m-%d}", "--until", f"{END:%Y-%m-%d}"]
    script = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'wall': wall, 'rss_kib': rss, 'rc': p.returncode, "
        "'out': p.stdout[-2000:], 'err': p.stderr[-2000:]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args, *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
    )
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise RuntimeError(f"relais report metrics failed: {result['err']}")
    return result["wall"], result["rss_kib"] // 1024, result["out"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=None, help="server URL; a scratch database is made")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        scratch = None
        if args.postgres:
            scratch = f"relais_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{scratch}"'))
            url = make_url(args.postgres).set(database=scratch).render_as_string(False)
        else:
            url = f"sqlite:///{home / 'bench.db'}"
        try:
            db = Database(url)
            db.upgrade()
            started = time.perf_counter()
            counts = fill(db, args.conversations, args.tickets)
            filled = time.perf_counter() - started
            period = metrics.Period(END - timedelta(days=DAYS), END, "week")
            started = time.perf_counter()
            with db.session() as session:
                built = metrics.build(session, period, now=END)
            sql_only = time.perf_counter() - started
            db.dispose()
            runs = [run_cli(url, home, ["--json"]) for _ in range(args.runs)]
            charts = run_cli(
                url, home, ["--html", str(home / "r.html"), "--png", str(home / "png")]
            )
        finally:
            if scratch:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
                admin.dispose()
    walls = [w for w, _, _ in runs]
    report = {
        "backend": "postgresql" if args.postgres else "sqlite",
        "rows": counts,
        "fill_s": round(filled, 1),
        "sql_only_s": round(sql_only, 2),
        "cli_json_s": [round(w, 2) for w in walls],
        "cli_json_median_s": round(statistics.median(walls), 2),
        "cli_json_peak_rss_mib": max(r for _, r, _ in runs),
        "cli_html_png_s": round(charts[0], 2),
        "cli_html_png_peak_rss_mib": charts[1],
        "contacts": built.self_service["contacts"],
        "tickets_in_report": built.service["tickets"],
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg()[0],
        "python_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

"""Slack adapter benchmark: event -> threaded reply latency, and a sustained load.

    python -m benchmarks.slack_latency [--events 200] [--rate 20] [--seconds 60] [--json out.json]

Relais runs in this process exactly as `relais serve` does (waitress, Bolt, engine, outbox,
SQLite) on the sample knowledge base, against the fake Slack of the test suite on loopback.

- Latency: `--events` signed Events API posts, one after another, each a new question in its
  own DM. Latency is the time from sending the event to the fake Slack receiving the threaded
  chat.postMessage. Baseline, same run and same questions: the engine's own search
  (`KnowledgeSearch.search`) called directly.
- Sustained: `--rate` events per second for `--seconds`, open loop (sends do not wait for
  replies), spread over DMs, 5% of them sent twice as Slack retries. Counts questions without
  a reply (lost) and threads with more than one reply (duplicated).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.app import Relais
from bot.config import load_settings
from bot.paths import CONFIG_DIR
from bot.slack.service import SlackService, bound_address
from knowledge.transfer import import_path
from tests.fake_slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    message_event,
    post_signed,
)

QUESTIONS = [
    "my laptop is very slow, everything takes forever",
    "how do I reset my password",
    "vpn keeps disconnecting when I work from home",
    "mon imprimante ne fonctionne plus depuis ce matin",
    "I need access to the finance shared drive",
    "expense report receipt upload fails",
    "my account is locked after too many attempts",
    "the badge reader at the north entrance rejects my card",
    "Outlook keeps asking for my password",
    "je n'arrive pas à me connecter au wifi du bureau",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Bench:
    def __init__(self, home: Path) -> None:
        self.slack = FakeSlack()
        os.environ.update(
            RELAIS_HOME=str(home),
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=self.slack.start(),
        )
        os.environ.pop("RELAIS_DATABASE_URL", None)
        os.environ.pop("SLACK_APP_TOKEN", None)
        self.relais = Relais(load_settings())
        with self.relais.db.session() as session:
            import_path(session, CONFIG_DIR / "articles", max_bytes=200_000, by="bench")
        self.service = SlackService(self.relais, socket_mode=False)
        server = self.service.http_server("127.0.0.1", 0)
        self.service.start()
        threading.Thread(target=server.run, daemon=True).start()
        host, port = bound_address(server)
        self.url = f"http://{host}:{port}/slack/events"
        if not self.service.ready.wait(120):
            raise SystemExit("relais did not become ready")

    def close(self) -> None:
        self.service.close()
        self.relais.close()
        self.slack.stop()

    def replied(self, channel: str, ts: str, _: FakeSlack) -> float | None:
        return self.reply_at(channel, ts)

    def reply_at(self, channel: str, ts: str) -> float | None:
        for call in self.slack.posts(channel):
            if call.params.get("thread_ts") == ts:
                return call.at
        return None

    def latency(self, events: int) -> dict[str, Any]:
        search_ms: list[float] = []
        for n in range(events):
            started = time.perf_counter()
            self.relais.search.search(QUESTIONS[n % len(QUESTIONS)])
            search_ms.append((time.perf_counter() - started) * 1000)
        reply_ms: list[float] = []
        ack_ms: list[float] = []
        for n in range(events):
            channel, ts = f"DL{n:05d}", f"1700000000.{n:06d}"
            body = message_event(QUESTIONS[n % len(QUESTIONS)], channel=channel, ts=ts)
            started = time.monotonic()
            status, _ = post_signed(self.url, body)
            ack_ms.append((time.monotonic() - started) * 1000)
            assert status == 200, status
            replied = functools.partial(self.replied, channel, ts)
            at = self.slack.wait_for(replied, timeout=30)
            reply_ms.append((float(at) - started) * 1000)
        p50, p50_search = statistics.median(reply_ms), statistics.median(search_ms)
        return {
            "events": events,
            "reply_p50_ms": round(p50, 1),
            "reply_p99_ms": round(percentile(reply_ms, 99), 1),
            "search_p50_ms": round(p50_search, 1),
            "search_p99_ms": round(percentile(search_ms, 99), 1),
            "ratio_p50": round(p50 / p50_search, 2),
            "ack_p99_ms": round(percentile(ack_ms, 99), 1),
        }

    def sustained(self, rate: float, seconds: float, users: int = 300) -> dict[str, Any]:
        total = int(rate * seconds)
        sent: list[tuple[str, str]] = []
        sent_at: dict[tuple[str, str], float] = {}
        failures = 0
        lock = threading.Lock()

        def send(n: int) -> None:
            nonlocal failures
            channel, ts = f"DS{n % users:04d}", f"1800000000.{n:06d}"
            body = message_event(QUESTIONS[n % len(QUESTIONS)], channel=channel, ts=ts)
            at = time.monotonic()
            statuses = [post_signed(self.url, body)[0]]
            if n % 20 == 0:  # Slack retrying a delivery it thinks was lost
                statuses.append(post_signed(self.url, body, retry_num=1)[0])
            with lock:
                sent.append((channel, ts))
                sent_at[(channel, ts)] = at
                failures += sum(1 for s in statuses if s != 200)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            for n in range(total):
                delay = started + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(send, n)
        send_s = time.monotonic() - started
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not self._all_replied(sent):
            time.sleep(0.5)
        self.service.outbox.drain(30)
        replies: dict[tuple[str, str], int] = {}
        latencies: list[float] = []
        for call in self.slack.posts():
            key = (str(call.params["channel"]), str(call.params.get("thread_ts")))
            replies[key] = replies.get(key, 0) + 1
            if key in sent_at and replies[key] == 1:
                latencies.append((call.at - sent_at[key]) * 1000)
        lost = sum(1 for key in sent if replies.get(key, 0) == 0)
        duplicated = sum(1 for key in sent if replies.get(key, 0) > 1)
        return {
            "events": total,
            "rate_per_s": rate,
            "send_seconds": round(send_s, 1),
            "http_errors": failures,
            "reply_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "reply_p99_ms": round(percentile(latencies, 99), 1) if latencies else None,
            "lost": lost,
            "duplicated": duplicated,
        }

    def _all_replied(self, sent: list[tuple[str, str]]) -> bool:
        threads = {
            (str(c.params["channel"]), str(c.params.get("thread_ts"))) for c in self.slack.posts()
        }
        return all(key in threads for key in sent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        bench = Bench(Path(home))
        try:
            result = {
                "latency": bench.latency(args.events),
                "sustained": bench.sustained(args.rate, args.seconds),
            }
        finally:
            bench.close()
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

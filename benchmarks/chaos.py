"""Chaos benchmark: two replicas on PostgreSQL under load, killed with -9 again and again.

    python -m benchmarks.chaos [--minutes 5] [--rate 20] [--kill-every 30] [--json out.json]
        [--acks acks.json]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Two `relais serve` processes share one fresh PostgreSQL database and talk to the fake Slack of
the test suite on loopback. A load generator sends `--rate` signed Events API messages per
second, each a new question in its own DM thread, to the replicas in turn; 5% are delivered a
second time to the other replica as a Slack retry, and a delivery that finds its replica dead
is retried at once on the other one (what Slack does after a failed delivery). Every
`--kill-every` seconds a random replica gets `kill -9` and is started again.

Reported: events acked (a 200 from some replica), answered (a threaded reply in the fake
Slack), lost (acked, never answered), duplicated (more than one reply in a thread), and the
ack latency of the accepted deliveries (p50, p99; apart, p99 in a replica's first 20 s after it
starts listening, while it loads the model and catches up, and later). Targets: lost 0,
duplicated 0, ack p99 <= 300 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.slack_latency import QUESTIONS, percentile
from bot.app import Relais
from bot.config import load_settings
from bot.paths import CONFIG_DIR
from knowledge.transfer import import_path
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, message_event, post_signed

RELAIS = str(Path(sys.executable).with_name("relais"))
DEFAULT_POSTGRES = os.environ.get(
    "RELAIS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


class Replica:
    """One `relais serve` child process; restartable."""

    def __init__(self, name: str, env: dict[str, str], home: Path) -> None:
        self.name, self.env, self.home = name, env, home
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self.starts = 0
        self.listening_at = 0.0

    def start(self) -> None:
        env = {**self.env, "RELAIS_HOME": str(self.home)}
        self.proc = subprocess.Popen(
            [RELAIS, "serve", "--host", "127.0.0.1", "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.starts += 1
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if "listening on " in line:
                self.url = line.split("listening on ", 1)[1].split("/slack/events")[0]
                self.listening_at = time.monotonic()
                break
        else:
            raise SystemExit(f"{self.name} exited with {self.proc.wait()}")
        threading.Thread(target=_drain, args=(self.proc.stderr,), daemon=True).start()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.url = ""

    def stop(self) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass


class Chaos:
    def __init__(self, postgres: str, workdir: Path) -> None:
        self.admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        self.dbname = f"relais_chaos_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.dbname}"'))
        url = make_url(postgres).set(database=self.dbname).render_as_string(hide_password=False)
        self.slack = FakeSlack()
        env = {
            **os.environ,
            "RELAIS_DATABASE_URL": url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.start(),
            "RELAIS_SLACK__INBOX_LEASE_S": "5",
            "RELAIS_SLACK__LEASE_S": "10",
            "RELAIS_SLACK__REDELIVER_AFTER_S": "5",
            "RELAIS_SLACK__SWEEP_EVERY_S": "1",
            "RELAIS_SLACK__LOOKING_AFTER_MS": "5000",
        }
        env.pop("SLACK_APP_TOKEN", None)
        os.environ.update({k: v for k, v in env.items() if k.startswith(("RELAIS_", "SLACK_"))})
        os.environ["RELAIS_HOME"] = str(workdir / "seed")
        relais = Relais(load_settings())
        with relais.db.session() as session:
            import_path(session, CONFIG_DIR / "articles", max_bytes=200_000, by="chaos")
        relais.close()
        self.replicas = [Replica(f"r{n}", env, workdir / f"r{n}") for n in (1, 2)]
        self.lock = threading.Lock()
        self.acked: dict[tuple[str, str], float] = {}
        self.ack_ms: list[float] = []
        self.ack_after_start: list[tuple[float, float]] = []  # (s since that replica started, ms)
        self.refused = 0
        self.kills = 0

    def close(self) -> None:
        for replica in self.replicas:
            replica.kill()
        self.slack.stop()
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)'))
        self.admin.dispose()

    def deliver(self, n: int) -> None:
        """One event: to replica n % 2, to the other one if that fails; 5% twice."""
        channel, ts = f"DC{n % 300:04d}", f"1700000000.{n:06d}"
        body = message_event(QUESTIONS[n % len(QUESTIONS)], channel=channel, ts=ts)
        order = [self.replicas[n % 2], self.replicas[(n + 1) % 2]]
        for attempt, replica in enumerate(order):
            url = replica.url
            if not url:
                continue
            started = time.monotonic()
            try:
                status, _ = post_signed(
                    f"{url}/slack/events", body, retry_num=attempt if attempt else None
                )
            except OSError:
                status = 0
            if status == 200:
                with self.lock:
                    self.acked.setdefault((channel, ts), time.monotonic())
                    self.ack_ms.append((time.monotonic() - started) * 1000)
                    self.ack_after_start.append((started - replica.listening_at, self.ack_ms[-1]))
                if n % 20 == 0 and attempt == 0 and order[1].url:  # a Slack retry
                    with contextlib.suppress(OSError):
                        post_signed(f"{order[1].url}/slack/events", body, retry_num=1)
                return
            with self.lock:
                self.refused += 1

    def run(self, minutes: float, rate: float, kill_every: float) -> dict[str, Any]:
        for replica in self.replicas:
            replica.start()
        total = int(rate * minutes * 60)
        rng = random.Random(12)
        stop = threading.Event()

        def killer() -> None:
            while not stop.wait(kill_every):
                victim = rng.choice(self.replicas)
                victim.kill()
                self.kills += 1
                victim.start()

        chaos = threading.Thread(target=killer, daemon=True)
        chaos.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            for n in range(total):
                delay = started + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(self.deliver, n)
        stop.set()
        chaos.join()
        send_s = time.monotonic() - started
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not self._all_answered():
            time.sleep(1)
        time.sleep(5)  # a duplicate, if any, has time to arrive
        replies: dict[tuple[str, str], int] = {}
        for call in self.slack.posts():
            key = (str(call.params["channel"]), str(call.params.get("thread_ts")))
            replies[key] = replies.get(key, 0) + 1
        exits = [replica.stop() for replica in self.replicas]
        acked = list(self.acked)
        return {
            "events": total,
            "rate_per_s": rate,
            "minutes": minutes,
            "send_seconds": round(send_s, 1),
            "kills": self.kills,
            "acked": len(acked),
            "answered": sum(1 for key in acked if replies.get(key, 0) >= 1),
            "lost": sum(1 for key in acked if replies.get(key, 0) == 0),
            "duplicated": sum(1 for n in replies.values() if n > 1),
            "deliveries_refused_or_failed": self.refused,
            "ack_p50_ms": round(statistics.median(self.ack_ms), 1),
            "ack_p99_ms": round(percentile(self.ack_ms, 99), 1),
            "ack_max_ms": round(max(self.ack_ms), 1),
            **self._ack_by_uptime(),
            "sigterm_exit_codes": exits,
        }

    def _ack_by_uptime(self) -> dict[str, float | int]:
        """Ack p99 in a replica's first 20 s of listening (model warm-up, catching up) vs after."""
        young = [ms for up, ms in self.ack_after_start if up < 20]
        old = [ms for up, ms in self.ack_after_start if up >= 20]
        return {
            "acks_first_20s_after_start": len(young),
            "ack_p99_first_20s_ms": round(percentile(young, 99), 1) if young else 0.0,
            "ack_p99_later_ms": round(percentile(old, 99), 1) if old else 0.0,
        }

    def _all_answered(self) -> bool:
        threads = {
            (str(c.params["channel"]), str(c.params.get("thread_ts"))) for c in self.slack.posts()
        }
        return all(key in threads for key in list(self.acked))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--kill-every", type=float, default=30.0)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--acks", type=Path, default=None, help="write [s since its replica listened, ms] per ack"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        chaos = Chaos(args.postgres, Path(workdir))
        try:
            result = chaos.run(args.minutes, args.rate, args.kill_every)
            if args.acks:
                args.acks.write_text(json.dumps(chaos.ack_after_start))
        finally:
            chaos.close()
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

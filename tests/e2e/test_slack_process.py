"""The real `relais serve` process: clear configuration errors, and kill -9 loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings
from tests.e2e.agent_payloads import agent_press, press_agent, submit_view, text_value
from tests.e2e.conftest import BADGE, TRIAGE, wait_healthy
from tests.fake_slack import BOT_TOKEN, Call, FakeSlack, block_action, message_event, post_signed

pytestmark = pytest.mark.slow

RELAIS = str(Path(sys.executable).with_name("relais"))


class Process:
    """`relais serve --port 0` as a child process, with the URL it prints."""

    def __init__(self, slack: FakeSlack) -> None:
        self.slack = slack
        self.proc = subprocess.Popen(
            [RELAIS, "serve", "--host", "127.0.0.1", "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=os.environ.copy(),
        )
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if "listening on " in line:
                self.url = line.split("listening on ", 1)[1].split("/slack/events")[0]
                break
        else:
            raise AssertionError(f"relais serve exited with {self.proc.wait()}")
        # Keep reading its log, so that a full pipe never blocks the process.
        self.log: list[str] = []
        threading.Thread(target=self.log.extend, args=(self.proc.stderr,), daemon=True).start()
        wait_healthy(self.url)

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def send(self, text: str, ts: str, thread_ts: str | None = None, **event: Any) -> None:
        status, _ = post_signed(
            self.events_url, message_event(text, ts=ts, thread_ts=thread_ts, **event)
        )
        assert status == 200

    def press(self, post: Call, value: str) -> None:
        assert post_signed(self.events_url, block_action(post, value), form=True)[0] == 200

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        if process.proc.poll() is None:
            process.kill()


# SQLite only (~45 s a run under load). On PostgreSQL, what it relies on runs elsewhere:
# a dead sender's leased reply in test_slack_outbox.py (a_part_posted_by_a_sender_that_died),
# a stored reply sent by the sweep in test_slack_http.py (a_reply_slack_keeps_refusing),
# a conversation picked up by a fresh `relais chat` run in test_chat_cli.py (a_conversation_
# continues_in_a_new_process), and a kill -9 and restart on one database in the two kill tests
# below.
@pytest.mark.sqlite_only
def test_kill_9_mid_conversation_loses_nothing_and_the_thread_continues(
    slack_settings: Settings, fake_slack: FakeSlack, processes: list[Process]
) -> None:
    first = Process(fake_slack)
    processes.append(first)
    first.send(BADGE[0], ts="30.1")
    fake_slack.wait_posts("D1", 1, timeout=30)
    first.send(BADGE[1], ts="30.2", thread_ts="30.1")
    fake_slack.wait_posts("D1", 2)

    # Slack goes down: the next reply is decided and stored, but cannot be posted...
    fake_slack.fail_next("chat.postMessage", status=503, retry_after=None, times=10_000)
    first.send(BADGE[2], ts="30.3", thread_ts="30.1")
    fake_slack.wait_for(
        lambda s: len([c for c in s.calls_to("chat.postMessage") if c.status == 503]) >= 4,
        what="the failing post and its retries",
    )
    first.kill()  # ...and the process dies with it in the outbox.
    fake_slack.clear_faults()

    second = Process(fake_slack)
    processes.append(second)
    posts = fake_slack.wait_posts("D1", 3, timeout=30)  # the sweep sends the stored reply
    assert posts[2].params["thread_ts"] == "30.1"
    second.send(BADGE[3], ts="30.4", thread_ts="30.1")
    posts = fake_slack.wait_posts("D1", 4)
    card = posts[3]
    assert [
        e["value"] for b in card.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ] == ["send", "edit"]  # the same appraisal, carried on
    assert len(fake_slack.posts()) == 4


def test_kill_9_between_claim_and_resolve_then_the_restart_carries_on(
    slack_settings: Settings, fake_slack: FakeSlack, processes: list[Process]
) -> None:
    first = Process(fake_slack)
    processes.append(first)
    first.send("talk to a human: vpn is down since this morning", ts="70.1")
    (statement,) = fake_slack.wait_posts("D1", 1, timeout=30)
    first.press(statement, "send")
    (card,) = fake_slack.wait_posts(TRIAGE, 1)
    press_agent(first, card, "UAGENT1")
    on_it = fake_slack.wait_posts("D1", 3)[2]
    assert "Agent One from support is on it (T-00001)" in on_it.params["text"]

    # The agent answers while Slack is down: the relay is stored, then the process dies.
    fake_slack.fail_next("chat.postMessage", status=503, retry_after=None, times=10_000)
    first.send(
        "Please restart the VPN client",
        ts="71.1",
        channel=TRIAGE,
        user="UAGENT1",
        thread_ts=card.response["ts"],
    )
    fake_slack.wait_for(
        lambda s: len([c for c in s.calls_to("chat.postMessage") if c.status == 503]) >= 2,
        what="the failing relay",
    )
    first.kill()
    fake_slack.clear_faults()

    second = Process(fake_slack)
    processes.append(second)
    relay = fake_slack.wait_posts("D1", 4, timeout=30)[3]
    assert "Agent One (support): Please restart the VPN client" in relay.params["text"]
    assert relay.params["thread_ts"] == "70.1"

    # The restarted bot stays silent in the claimed thread and relays the employee's reply.
    second.send("done, it works now", ts="70.2", thread_ts="70.1")
    back = fake_slack.wait_posts(TRIAGE, 2)[1]
    assert back.params["thread_ts"] == card.response["ts"]
    assert "done, it works now" in back.params["text"]

    # The claim survived the crash: its owner resolves from the card the first process posted.
    agent_press(second, "resolve")
    fake_slack.wait_for(lambda s: s.calls_to("views.open"), what="the resolve modal")
    status, _ = submit_view(second, "relais-resolve", {"note": text_value("Restarted the client")})
    assert status == 200
    ask = fake_slack.wait_posts("D1", 5)[4]
    assert "Agent One resolved T-00001: Restarted the client" in ask.params["text"]
    assert len(fake_slack.posts("D1")) == 5  # nothing said twice, no bot answer to "done"

    shown = CliRunner().invoke(main, ["tickets", "show", "T-00001"])
    assert shown.exit_code == 0, shown.output
    for line in (
        "Agent One (UAGENT1): claimed Agent One (UAGENT1)",
        "Agent One (UAGENT1): status claimed -> resolved",
        "U1: done, it works now",
        "Agent One (UAGENT1): Please restart the VPN client",
    ):
        assert line in shown.output


# Token and URL checks do not depend on the database: a PostgreSQL run would repeat them.
@pytest.mark.sqlite_only
def test_missing_or_rejected_configuration_is_one_clear_line(
    slack_settings: Settings, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN is not set" in result.output
    assert "Traceback" not in result.output

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked-secret-value")
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "Slack rejected SLACK_BOT_TOKEN: invalid_auth" in result.output
    assert "xoxb-revoked-secret-value" not in result.output

    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "SLACK_SIGNING_SECRET is not set" in result.output

    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens there
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-fake")
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "cannot reach the Slack API at http://127.0.0.1:9/api/" in result.output

    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-wrong-kind")
    result = runner.invoke(main, ["serve"])
    assert "SLACK_APP_TOKEN must be an app-level token" in result.output
    assert BOT_TOKEN not in result.output


def _stream(
    url: Callable[[], str], start: int, count: int, per_s: float, acked: list[str]
) -> threading.Thread:
    """Send `count` new DM questions at `per_s` a second; the ts of each one acked (200)."""

    def run() -> None:
        for n in range(start, start + count):
            ts = f"90.{n:04d}"
            body = message_event(f"my laptop is very slow, everything takes forever #{n}", ts=ts)
            try:
                status, _ = post_signed(f"{url()}/slack/events", body)
            except OSError:
                status = 0  # the process is down: Slack got no ack and will retry
            if status == 200:
                acked.append(ts)
            time.sleep(1 / per_s)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_kill_9_and_sigterm_amid_10_events_a_second_answer_every_acked_question_once(
    slack_settings: Settings, fake_slack: FakeSlack, processes: list[Process]
) -> None:
    acked: list[str] = []
    first = Process(fake_slack)
    processes.append(first)
    sender = _stream(lambda: first.url, 0, 15, 10.0, acked)
    time.sleep(0.8)
    first.kill()  # mid-stream: some questions acked a moment ago are not handled yet
    sender.join()

    second = Process(fake_slack)
    processes.append(second)
    sender = _stream(lambda: second.url, 100, 15, 10.0, acked)
    time.sleep(0.8)
    second.proc.send_signal(signal.SIGTERM)  # docker stop, systemctl stop
    assert second.proc.wait(timeout=30) == 0
    sender.join()

    third = Process(fake_slack)
    processes.append(third)

    def replied() -> dict[str, int]:
        counts: dict[str, int] = {}
        for post in fake_slack.posts("D1"):
            counts[post.params["thread_ts"]] = counts.get(post.params["thread_ts"], 0) + 1
        return counts

    assert len(acked) >= 10
    fake_slack.wait_for(
        lambda _s: set(acked) <= set(replied()), timeout=60, what="a reply to every acked question"
    )
    time.sleep(2)  # a duplicate, if any, would have arrived
    counts = replied()
    assert {ts: counts[ts] for ts in acked} == dict.fromkeys(acked, 1)
    assert all(n == 1 for n in counts.values())


@pytest.mark.sqlite_only  # nothing reaches the database before it listens
def test_sigterm_while_starting_is_a_clean_stop(slack_settings: Settings) -> None:
    proc = subprocess.Popen(
        [RELAIS, "serve", "--host", "127.0.0.1", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stderr is not None
    lines: list[str] = []
    starting = threading.Event()

    def read(stream: Any) -> None:
        for line in stream:
            lines.append(line)
            if "relais: starting" in line:
                starting.set()

    threading.Thread(target=read, args=(proc.stderr,), daemon=True).start()
    try:
        assert starting.wait(120), "".join(lines)
        proc.send_signal(signal.SIGTERM)  # docker stop while it loads its libraries
        assert proc.wait(timeout=60) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
    log = "".join(lines)
    assert "stopped while starting" in log and "Traceback" not in log

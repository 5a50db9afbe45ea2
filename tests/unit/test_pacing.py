"""Per-channel pacing is shared by replicas: together they never post faster than Slack allows."""

from __future__ import annotations

import pytest

from bot.db import Database
from bot.slack.delivery import Pacer


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_two_replicas_share_one_channel_budget(db: Database) -> None:
    clock = Clock()
    first, second = (Pacer(db, rate=1.0, burst=3, clock=clock) for _ in range(2))
    # Ten posts to one channel at the same instant, alternating between the replicas:
    # the burst goes at once, then one a second, whichever replica sends.
    delays = [(first if n % 2 else second).reserve("CTRIAGE") for n in range(10)]
    assert delays == pytest.approx([0, 0, 0, 1, 2, 3, 4, 5, 6, 7])
    # Another channel is not held up.
    assert first.reserve("COTHER") == 0


def test_a_quiet_channel_gets_its_burst_back_and_old_channels_are_forgotten(
    db: Database,
) -> None:
    clock = Clock()
    pacer = Pacer(db, rate=2.0, burst=2, clock=clock)
    assert [pacer.reserve("C1") for _ in range(3)] == pytest.approx([0, 0, 0.5])
    clock.now += 60
    assert [pacer.reserve("C1") for _ in range(2)] == pytest.approx([0, 0])
    clock.now += 7200
    assert pacer.prune(idle_s=3600) == 1
    assert pacer.reserve("C1") == 0


def test_delay_tells_the_wait_for_the_next_slot_without_taking_it(db: Database) -> None:
    clock = Clock()
    pacer = Pacer(db, rate=1.0, burst=2, clock=clock)
    assert pacer.delay("C1") == 0
    assert [pacer.reserve("C1") for _ in range(2)] == pytest.approx([0, 0])
    assert pacer.delay("C1") == pytest.approx(1.0)
    assert pacer.delay("C1") == pytest.approx(1.0)  # asking reserved nothing
    assert pacer.reserve("C1") == pytest.approx(1.0)
    clock.now += 10
    assert pacer.delay("C1") == 0

"""Background work gives the CPU way to the threads that ack Slack."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from knowledge.background import BACKGROUND_NICE, give_way

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are Linux only"
)


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_a_background_thread_runs_at_a_lower_priority_and_the_caller_keeps_its_own() -> None:
    before = _nice()
    seen: dict[str, int] = {}

    def background() -> None:
        give_way()
        seen["self"] = _nice()
        child = threading.Thread(target=lambda: seen.__setitem__("child", _nice()))
        child.start()
        child.join()

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()
    assert seen["self"] == max(before, BACKGROUND_NICE)
    assert seen["child"] == seen["self"]  # torch's pool, started from it, inherits it
    assert _nice() == before

"""Background threads give way to the threads that answer Slack.

Slack wants its ack within 3 s, and the ack is a short INSERT; searching, loading the model,
tuning and sending replies are long and CPU-bound. On Linux each thread has its own nice value,
so a background thread lowers its own priority when it starts and the scheduler runs an ack
first whenever both are ready. Threads a background thread starts (torch's worker pool, for one)
inherit its nice value. Elsewhere this is a no-op.
"""

from __future__ import annotations

import os
import threading

BACKGROUND_NICE = 10


def give_way(nice: int = BACKGROUND_NICE) -> None:
    """Lower the calling thread's CPU priority to at least `nice` (never raises it back)."""
    if not hasattr(os, "setpriority"):
        return
    thread = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, thread)
        if current < nice:
            os.setpriority(os.PRIO_PROCESS, thread, nice)
    except OSError:  # a sandbox without the call: the thread keeps its priority
        pass

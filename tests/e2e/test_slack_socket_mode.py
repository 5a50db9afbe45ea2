"""Socket Mode end to end: a real WebSocket, hello, envelopes, acks, and a reconnect."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Served
from tests.fake_slack import FakeSocketMode, block_action, message_event

pytestmark = pytest.mark.slow


def test_socket_mode_acks_answers_and_reconnects_without_a_duplicate(
    socket_served: tuple[Served, FakeSocketMode],
) -> None:
    served, socket = socket_served
    body = message_event("my laptop is very slow, everything takes forever", ts="20.1")
    socket.wait_ack(socket.send_event(body))
    (card,) = served.slack.wait_posts("D1", 1)
    assert card.params["thread_ts"] == "20.1"

    socket.disconnect()  # Slack asks for a reconnect every few hours
    socket.wait_connections(2)
    assert len(served.slack.calls_to("apps.connections.open")) == 2
    # The same event again over the new connection, as Slack may redeliver it.
    socket.wait_ack(socket.send_event(body, retry_attempt=1))
    # Buttons come over the socket too.
    socket.wait_ack(socket.send_interactive(block_action(card, "yes")))
    posts = served.slack.wait_posts("D1", 2)
    assert "Glad it's sorted" in posts[1].params["text"]
    served.settle()
    assert len(served.slack.posts()) == 2

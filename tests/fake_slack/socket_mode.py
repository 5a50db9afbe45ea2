"""A fake Socket Mode endpoint: a real WebSocket server on loopback.

It says `hello` to each connection, sends envelopes on request, records the acks it gets back,
and can ask the client to reconnect with a `disconnect` message, as Slack does.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.connections: list[ServerConnection] = []
        self.acks: list[str] = []
        self.sent: list[dict[str, Any]] = []
        self._lock = threading.Condition()
        self._server: Server | None = None

    def start(self) -> str:
        # No server pings: slack_sdk's client pings us, like Slack's servers expect.
        self._server = serve(self._serve, "127.0.0.1", 0, ping_interval=None, compression=None)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()

    def _serve(self, connection: ServerConnection) -> None:
        with self._lock:
            self.connections.append(connection)
            self._lock.notify_all()
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self.connections),
                    "connection_info": {"app_id": "A1"},
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                }
            )
        )
        try:
            for raw in connection:
                data = json.loads(raw)
                with self._lock:
                    if "envelope_id" in data:
                        self.acks.append(str(data["envelope_id"]))
                    self._lock.notify_all()
        except ConnectionClosed:
            pass

    @property
    def current(self) -> ServerConnection:
        return self.connections[-1]

    def wait_connections(self, count: int, timeout: float = 20.0) -> None:
        self._wait(lambda: len(self.connections) >= count, timeout, f"{count} connections")

    def wait_ack(self, envelope_id: str, timeout: float = 20.0) -> None:
        self._wait(lambda: envelope_id in self.acks, timeout, f"ack of {envelope_id}")

    def _wait(self, predicate: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}")
                self._lock.wait(left)

    def send_event(self, body: dict[str, Any], retry_attempt: int = 0) -> str:
        """Deliver an Events API body as an envelope on the newest connection; its id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": "events_api",
            "payload": body,
            "accepts_response_payload": False,
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        self.sent.append(envelope)
        self.current.send(json.dumps(envelope))
        return envelope_id

    def send_interactive(self, payload: dict[str, Any]) -> str:
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": "interactive",
            "payload": payload,
            "accepts_response_payload": False,
        }
        self.sent.append(envelope)
        self.current.send(json.dumps(envelope))
        return envelope_id

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does every few hours."""
        self.current.send(json.dumps({"type": "disconnect", "reason": reason, "debug_info": {}}))

"""A fake Slack Web API on loopback: records every call, keeps threads, injects failures.

Like bolt-python's own mock_web_api_server, but stateful enough for end-to-end tests: posted
messages get a ts and land in their thread (conversations.replies returns them with their
metadata), chat.update edits them, and a test can make the next calls answer 429 or 500.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_TOKEN = "xoxb-test-0000-fake"
APP_TOKEN = "xapp-1-test-fake"
BOT_USER = "UBOT"
BOT_ID = "BBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Fault:
    method: str
    status: int
    retry_after: int | None
    left: int
    after: bool = False  # the call takes effect, then the answer is an error (a lost response)
    channel: str | None = None  # only calls about this channel


@dataclass
class FakeSlack:
    """The Web API's state; `server` serves it on 127.0.0.1."""

    socket_url: str = ""
    api_url: str = ""
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    # files.getUploadURLExternal -> POST the bytes -> files.completeUploadExternal
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    _faults: list[_Fault] = field(default_factory=list)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Condition = field(
        default_factory=lambda: threading.Condition(threading.RLock())
    )
    server: ThreadingHTTPServer | None = None

    # -- serving --------------------------------------------------------------------------

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                if self.path.startswith("/upload/"):  # files.getUploadURLExternal's URL
                    status = fake.receive_upload(self.path.rsplit("/", 1)[-1], data)
                    reply = f"OK - {len(data)}".encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                    return
                raw = data.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(raw or "{}")
                else:
                    params = dict(parse_qsl(raw, keep_blank_values=True))
                path, _, query = self.path.partition("?")
                params.update(parse_qsl(query, keep_blank_values=True))  # GET: in the URL
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                method = path.rsplit("/", 1)[-1]
                status, headers, body = fake.handle(
                    method, params, token or params.get("token", "")
                )
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.api_url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        return self.api_url

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # -- test controls ----------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        after: bool = False,
        channel: str | None = None,
    ) -> None:
        """The next `times` calls of `method` answer `status` (429 with Retry-After).

        `after`: the call is carried out first (a message is posted), only the answer fails,
        as when Slack times out after doing the work.
        """
        with self._lock:
            self._faults.append(_Fault(method, status, retry_after, times, after, channel))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def posts(self, channel: str | None = None) -> list[Call]:
        """Successful chat.postMessage calls, in order."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == "chat.postMessage"
                and c.status == 200
                and (channel is None or c.params.get("channel") == channel)
            ]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, predicate: Callable[[FakeSlack], Any], timeout: float = 20.0, what: str = ""
    ) -> Any:
        """Block until `predicate(self)` is truthy; fail the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = predicate(self)
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params.get("text", "")[:80]) for c in self.calls]
                    raise AssertionError(f"timed out waiting for {what or predicate}: {seen}")
                self._lock.wait(min(left, 0.05))

    def wait_posts(self, channel: str, count: int, timeout: float = 20.0) -> list[Call]:
        return list(
            self.wait_for(
                lambda s: (p := s.posts(channel)) and len(p) >= count and p,
                timeout,
                f"{count} posts in {channel}",
            )
        )

    def add_message(self, channel: str, message: dict[str, Any]) -> None:
        """Something a person wrote (so conversations.replies sees the thread root)."""
        with self._lock:
            self.messages.setdefault(channel, []).append(message)

    # -- the API ------------------------------------------------------------------------------

    def handle(
        self, method: str, params: dict[str, Any], token: str
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            try:
                return self._handle(method, params, token)
            finally:
                self._lock.notify_all()

    def _handle(
        self, method: str, params: dict[str, Any], token: str
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        call = Call(method, params, token, time.monotonic())
        self.calls.append(call)
        for fault in self._faults:
            if (
                fault.method == method
                and fault.left > 0
                and fault.channel in (None, params.get("channel"))
            ):
                fault.left -= 1
                if fault.after:
                    reply = getattr(self, "_" + method.replace(".", "_"), None)
                    if reply:
                        reply(params)
                call.status = fault.status
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                error = "ratelimited" if fault.status == 429 else "internal_error"
                return fault.status, headers, {"ok": False, "error": error}
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if token != expected:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        for name in ("blocks", "metadata"):
            if isinstance(params.get(name), str):
                params[name] = json.loads(params[name])
        reply = getattr(self, "_" + method.replace(".", "_"), None)
        call.response = {"ok": True, **(reply(params) if reply else {})}
        return 200, {}, call.response

    def _next_ts(self) -> str:
        return f"1800000000.{next(self._ts):06d}"

    def _auth_test(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"user_id": BOT_USER, "bot_id": BOT_ID, "team_id": "T1", "user": "relais"}

    def _apps_connections_open(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.socket_url}

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = self._next_ts()
        message = {
            "type": "message",
            "ts": ts,
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "text": params.get("text", ""),
            "blocks": params.get("blocks") or [],
            "thread_ts": params.get("thread_ts"),
            "metadata": params.get("metadata"),
        }
        self.messages.setdefault(params["channel"], []).append(message)
        return {"channel": params["channel"], "ts": ts, "message": message}

    def _chat_postEphemeral(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._next_ts()}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        for message in self.messages.get(params["channel"], []):
            if message["ts"] == params["ts"]:
                message.update(text=params.get("text", ""), blocks=params.get("blocks") or [])
        return {"channel": params["channel"], "ts": params["ts"]}

    def _conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        """Oldest first, `limit` per page (at most 200), as Slack pages a long thread."""
        root = params["ts"]
        thread = [
            m
            for m in self.messages.get(params["channel"], [])
            if m["ts"] == root or m.get("thread_ts") == root
        ]
        start = int(params.get("cursor") or 0)
        end = start + min(int(params.get("limit") or 100), 200)
        more = end < len(thread)
        return {
            "messages": thread[start:end],
            "has_more": more,
            "response_metadata": {"next_cursor": str(end) if more else ""},
        }

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """Newest first, `limit` per page (at most 200 without metadata paging past it)."""
        oldest = float(params.get("oldest") or 0)
        top = [
            m
            for m in self.messages.get(params["channel"], [])
            if (not m.get("thread_ts") or m.get("thread_ts") == m["ts"]) and float(m["ts"]) > oldest
        ][::-1]
        start = int(params.get("cursor") or 0)
        end = start + min(int(params.get("limit") or 100), 200)
        more = end < len(top)
        return {
            "messages": top[start:end],
            "has_more": more,
            "response_metadata": {"next_cursor": str(end) if more else ""},
        }

    def _chat_getPermalink(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = str(params["message_ts"]).replace(".", "")
        return {"permalink": f"https://fake.slack.test/archives/{params['channel']}/p{ts}"}

    def receive_upload(self, file_id: str, data: bytes) -> int:
        """The file's bytes, posted to the URL that files.getUploadURLExternal gave."""
        with self._lock:
            upload = self.uploads.get(file_id)
            if upload is None:
                return 404
            upload["data"] = data
            self._lock.notify_all()
            return 200

    def shared_files(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Files completed into a channel (files.completeUploadExternal), in order."""
        with self._lock:
            return [
                u
                for u in self.uploads.values()
                if u.get("channel") and (channel is None or u["channel"] == channel)
            ]

    def _files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{len(self.uploads) + 1:06d}"
        self.uploads[file_id] = {
            "id": file_id,
            "filename": params.get("filename"),
            "length": int(params.get("length") or 0),
            "data": None,
        }
        base = self.api_url.removesuffix("/api/")
        return {"upload_url": f"{base}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        listed = json.loads(files) if isinstance(files, str) else list(files or [])
        done = []
        for item in listed:
            upload = self.uploads[item["id"]]
            if upload["data"] is None or len(upload["data"]) != upload["length"]:
                return {"ok": False, "error": "upload_incomplete"}
            upload.update(
                title=item.get("title"),
                channel=params.get("channel_id"),
                thread_ts=params.get("thread_ts"),
                initial_comment=params.get("initial_comment"),
            )
            done.append({"id": upload["id"], "title": upload["title"], "name": upload["filename"]})
        return {"files": done}

    def _usergroups_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"users": self.usergroups.get(str(params.get("usergroup")), [])}

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = params["user"]
        name = self.users.get(user, user)
        return {"user": {"id": user, "name": name, "real_name": name, "profile": {}}}

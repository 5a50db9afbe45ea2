"""A fake Slack for end-to-end tests: Web API, Socket Mode, and what Slack sends us."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from slack_sdk.signature import SignatureVerifier

from tests.fake_slack.socket_mode import FakeSocketMode
from tests.fake_slack.web_api import APP_TOKEN, BOT_ID, BOT_TOKEN, BOT_USER, Call, FakeSlack

SIGNING_SECRET = "test-signing-secret-0000"
_ids = itertools.count(1)

__all__ = [
    "APP_TOKEN",
    "BOT_ID",
    "BOT_TOKEN",
    "BOT_USER",
    "SIGNING_SECRET",
    "Call",
    "FakeSlack",
    "FakeSocketMode",
    "block_action",
    "message_event",
    "post_signed",
]


def message_event(
    text: str,
    *,
    channel: str = "D1",
    user: str = "U1",
    ts: str | None = None,
    thread_ts: str | None = None,
    kind: str = "message",
    event_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An Events API body for one message (or app_mention), as Slack sends it."""
    n = next(_ids)
    event: dict[str, Any] = {
        "type": kind,
        "user": user,
        "text": text,
        "ts": ts or f"1700000000.{n:06d}",
        "channel": channel,
        "event_ts": ts or f"1700000000.{n:06d}",
        "channel_type": "im" if channel.startswith("D") else "channel",
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id or f"Ev{n:08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        "event": event,
    }


def block_action(
    post: Call, value: str, *, user: str = "U1", message: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The block_actions payload of pressing the button `value` on a message Relais posted."""
    channel = post.params["channel"]
    blocks = post.params.get("blocks") or []
    button = next(
        e
        for b in blocks
        if b.get("type") == "actions"
        for e in b["elements"]
        if e.get("value") == value
    )
    ts = message["ts"] if message else str(post.response.get("ts", ""))
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user, "team_id": "T1"},
        "api_app_id": "A1",
        "team": {"id": "T1"},
        "channel": {"id": channel},
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "thread_ts": post.params.get("thread_ts"),
        },
        "message": message
        or {"ts": ts, "text": post.params.get("text"), "blocks": blocks, "thread_ts": None},
        "trigger_id": "1.2.abc",
        "response_url": "https://hooks.slack.test/actions/x",
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "b",
                "value": button["value"],
                "text": button["text"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def post_signed(
    url: str,
    body: dict[str, Any] | str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    retry_num: int | None = None,
    form: bool = False,
    fields: dict[str, str] | None = None,
) -> tuple[int, str]:
    """POST a body to the Events API signed like Slack; (status, response body).

    `form`: an interactivity payload (payload=<json>); `fields`: a slash command's form.
    """
    if fields is not None:
        raw = urllib.parse.urlencode(fields)
        content_type = "application/x-www-form-urlencoded"
    elif form:
        raw = urllib.parse.urlencode({"payload": json.dumps(body)})
        content_type = "application/x-www-form-urlencoded"
    else:
        raw = body if isinstance(body, str) else json.dumps(body)
        content_type = "application/json"
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = str(SignatureVerifier(secret).generate_signature(timestamp=ts, body=raw))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    request = urllib.request.Request(url, data=raw.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()

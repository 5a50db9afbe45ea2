"""The HTTP edge in front of Bolt: size, signature, then shape, each refused with a 4xx.

Bolt parses a body before it checks the signature on some paths, so garbage from anyone
used to become a 500 and a logged stack trace. Here, in this order, a request is refused:
- 413 when its body is larger than `max_body` (read no further; waitress enforces the same
  limit on chunked bodies);
- 401 when the signature or its timestamp is wrong (checked on the raw bytes, nothing parsed);
- 400 when the signed body is not what Slack sends (not UTF-8, not JSON, a form without a
  JSON `payload` or a command, an event callback without an event);
- 405 / 415 for other methods and content types.
Each refusal is one log line without the body. What passes goes to Bolt unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

MAX_AGE_S = 300  # Slack: reject a request whose timestamp is more than five minutes away

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
}


class Refused(Exception):
    """A request the edge answers itself, with `status` and a short public `reason`."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def check_shape(content_type: str, body: bytes) -> None:
    """Raise `Refused` (400/415) unless the body is shaped like a Slack request."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json":
        data = _json_object(text)
        if data.get("type") == "event_callback" and not (
            isinstance(data.get("event"), dict) and isinstance(data["event"].get("type"), str)
        ):
            raise Refused(400, "event_callback without an event")
        if not isinstance(data.get("type"), str):
            raise Refused(400, "JSON body without a type")
        return
    if media == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
        except ValueError:
            raise Refused(400, "malformed form body") from None
        if "payload" in form:
            payload = _json_object(form["payload"][0])
            if not isinstance(payload.get("type"), str):
                raise Refused(400, "interactivity payload without a type")
            return
        if "command" in form:
            return
        raise Refused(400, "form body is neither a payload nor a command")
    raise Refused(415, "expected application/json or a form")


def _json_object(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused(400, "body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "JSON body is not an object")
    return data


class Edge:
    """WSGI middleware: refuses bad requests before Bolt sees them."""

    def __init__(
        self,
        inner: WSGIApplication,
        signing_secret: str,
        max_body: int,
        verify: bool = True,
    ) -> None:
        self.inner = inner
        self.max_body = max_body
        self.verify = verify
        self.secret = signing_secret.encode()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            body = self._admit(environ)
        except Refused as exc:
            log.warning(
                "refused %s %s: %d %s",
                environ.get("REQUEST_METHOD", "?"),
                str(environ.get("PATH_INFO", ""))[:100],
                exc.status,
                exc.reason,
            )
            payload = json.dumps({"ok": False, "error": exc.reason}).encode()
            start_response(
                f"{exc.status} {_REASONS[exc.status]}",
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.inner(environ, start_response)

    def _admit(self, environ: WSGIEnvironment) -> bytes:
        if environ.get("REQUEST_METHOD") != "POST":
            raise Refused(405, "only POST")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise Refused(400, "bad Content-Length") from None
        if length < 0:
            raise Refused(400, "bad Content-Length")
        if length > self.max_body:
            raise Refused(413, f"body over {self.max_body} bytes")
        body = environ["wsgi.input"].read(length) if length else b""
        if self.verify and not self._signed(environ, body):
            raise Refused(401, "invalid signature")
        check_shape(str(environ.get("CONTENT_TYPE") or ""), body)
        return bytes(body)

    def _signed(self, environ: WSGIEnvironment, body: bytes) -> bool:
        """Slack's v0 signature over the raw bytes, within five minutes of now."""
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "")
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE") or "")
        if (
            not timestamp.isdigit()
            or not signature
            or abs(time.time() - int(timestamp)) > MAX_AGE_S
        ):
            return False
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)

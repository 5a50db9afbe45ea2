"""The Slack Web API client: the configured base URL and retries for 429, 5xx and lost links."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse

from bot.slack.text_safety import defuse

# Retry-After is honoured by the rate-limit handler; a reply still unsent after these is left
# in the outbox and sent again by the sweep, so nothing is dropped.
RATE_LIMIT_RETRIES = 5
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 3


def api_base_url(url: str) -> str:
    """SLACK_API_URL with the trailing slash urljoin needs ("…/api" and "…/api/" both work)."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"SLACK_API_URL must be an http(s) URL, got {url[:80]!r}")
    return url if url.endswith("/") else url + "/"


# Web API methods that show text to people: their arguments pass through `defuse`.
SHOWN = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.update",
        "chat.scheduleMessage",
        "views.open",
        "views.push",
        "views.update",
        "views.publish",
    }
)


class SafeWebClient(WebClient):
    """A WebClient that can never send a live mention: one chokepoint for all outbound text."""

    def api_call(
        self, api_method: str, *, json: dict[str, Any] | None = None, **kwargs: Any
    ) -> SlackResponse:
        if api_method in SHOWN and json is not None:
            json = defuse(json)
        return super().api_call(api_method, json=json, **kwargs)


class NoRepostServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries 5xx, except for a post: Slack may have posted it before failing, and the
    outbox retries posts itself after checking what is already there (no double post)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.endswith("chat.postMessage"):
            return False
        return bool(
            super()._can_retry(state=state, request=request, response=response, error=error)
        )


def web_client(token: str, base_url: str, timeout: int = 15) -> WebClient:
    """A WebClient that waits out rate limits and retries server and connection errors."""
    return SafeWebClient(
        token=token,
        base_url=api_base_url(base_url),
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            NoRepostServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ],
    )

"""Webhook settings: the endpoints (URL, events, the environment variable of their secret)."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

EVENT_TYPES = (
    "ticket.opened",
    "ticket.claimed",
    "ticket.updated",
    "ticket.resolved",
    "ticket.rated",
    "article.drafted",
    "article.validated",
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class WebhookConfigError(ValueError):
    """A webhook that cannot be served (the message says which and why, never the secret)."""


class WebhookEndpoint(BaseModel):
    """One receiver: where to POST, which events (empty: all), where its secret is."""

    url: str
    events: list[str] = Field(default_factory=list)
    # The environment variable holding the signing secret; default RELAIS_WEBHOOK_SECRET_<NAME>.
    secret_env: str = ""
    # A new endpoint receives the whole event log (True) or only events from its first start.
    replay: bool = True

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL")
        if parts.username or parts.password:
            raise ValueError("put no credentials in a webhook URL (the secret signs requests)")
        return value.strip()

    @field_validator("events")
    @classmethod
    def _known_events(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"unknown events {unknown} (known: {', '.join(EVENT_TYPES)})")
        return value

    def secret_variable(self, name: str) -> str:
        return self.secret_env or f"RELAIS_WEBHOOK_SECRET_{name.upper().replace('-', '_')}"

    def secret(self, name: str) -> SecretStr:
        """The signing secret from the environment (`WebhookConfigError` when unset)."""
        variable = self.secret_variable(name)
        value = os.environ.get(variable, "")
        if not value:
            raise WebhookConfigError(f"webhook {name!r}: set {variable} to its signing secret")
        return SecretStr(value)


class WebhookSettings(BaseModel):
    """Outbound webhooks: endpoints by name, and how deliveries are retried."""

    endpoints: dict[str, WebhookEndpoint] = Field(default_factory=dict)
    max_attempts: int = Field(8, ge=1, le=100)  # then the delivery is dead (relais webhooks retry)
    backoff_s: float = Field(2.0, gt=0)  # first retry after this, doubling each time
    backoff_max_s: float = Field(600.0, gt=0)
    timeout_s: float = Field(5.0, gt=0)  # a slow receiver is cut off after this
    lease_s: float = Field(60.0, gt=0)  # one replica holds a delivery this long while sending
    # An event id may show up after a higher one (its transaction committed later); the
    # fan-out cursor only passes events this old.
    settle_s: float = Field(180.0, ge=0)
    poll_s: float = Field(0.5, gt=0)
    workers: int = Field(4, ge=1, le=64)  # deliveries in flight at once (one per ticket)
    batch: int = Field(50, ge=1, le=1000)
    # Events and finished deliveries older than this are pruned once every endpoint has them
    # (0 keeps everything). A new endpoint with replay gets only what is left.
    retention_days: int = Field(30, ge=0, le=3650)

    @field_validator("endpoints")
    @classmethod
    def _names(cls, value: dict[str, WebhookEndpoint]) -> dict[str, WebhookEndpoint]:
        for name in value:
            if not _NAME.match(name):
                raise ValueError(f"webhook name {name!r}: use a-z, 0-9, - and _")
        return value

    @model_validator(mode="after")
    def _lease_outlasts_request(self) -> WebhookSettings:
        if self.timeout_s >= self.lease_s:
            raise ValueError("timeout_s must be shorter than lease_s (or two replicas may send)")
        return self

    def secrets(self) -> dict[str, SecretStr]:
        """Each endpoint's secret; `WebhookConfigError` names the first one missing."""
        return {name: e.secret(name) for name, e in self.endpoints.items()}

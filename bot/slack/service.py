"""`relais serve`: one Bolt app, served over HTTP (Events API) or Socket Mode.

Startup checks the configuration and the token (auth.test) and fails with one clear message;
then the model and index are warmed up in the background while Slack is already acked (each
request is recorded in the inbox first, and waits there), and /healthz answers 200 once Relais
can answer. Background sweeps work off inbox rows that no process holds (a crash, a replica
that died, a start-up backlog) and send any reply left in the outbox by a crash or an outage.
`close()` drains: no new work, what runs finishes within a grace period, the rest is handed back.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.app import Relais
from bot.db.base import utcnow
from bot.desk import Desk
from bot.inbox import Inbox, Worker
from bot.slack.authors import AuthorDesk
from bot.slack.client import api_base_url, web_client
from bot.slack.delivery import Outbox
from bot.slack.digest import DigestService
from bot.slack.edge import Edge
from bot.slack.events import Identity
from bot.slack.intake import Intake
from bot.slack.known import KnownDesk
from bot.slack.listeners import Listeners
from bot.slack.people import Directory
from bot.slack.reactions import FromMessage
from bot.webhooks.dispatch import prune
from handoff.contact_model import warm_readers
from knowledge.background import give_way

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from waitress.server import TcpWSGIServer

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
DRAIN_LIMIT = 128 * 1024 * 1024


class SlackConfigError(RuntimeError):
    """Relais cannot talk to Slack as configured; the message says what to fix (no secrets)."""


class SlackService:
    """The Slack adapter of one process: app, listeners, outbox and the recovery sweep."""

    def __init__(self, relais: Relais, socket_mode: bool | None = None) -> None:
        settings = relais.settings
        self.relais = relais
        self.socket_mode = (
            settings.slack_app_token is not None if socket_mode is None else socket_mode
        )
        token = _secret(settings.slack_bot_token)
        if not token:
            raise SlackConfigError(
                "SLACK_BOT_TOKEN is not set: export the app's Bot User OAuth Token (xoxb-…)"
            )
        signing_secret = _secret(settings.slack_signing_secret)
        app_token = _secret(settings.slack_app_token)
        if self.socket_mode and not app_token.startswith("xapp-"):
            raise SlackConfigError(
                "SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write"
            )
        # The readers of what people write load their shipped weights now,
        # before any worker holds a conversation's transaction open while they do.
        warm_readers()
        if not self.socket_mode and not signing_secret:
            raise SlackConfigError(
                "SLACK_SIGNING_SECRET is not set: the Events API needs it to verify requests "
                "(or set SLACK_APP_TOKEN to use Socket Mode)"
            )
        try:
            base_url = api_base_url(settings.slack_api_url)
        except ValueError as exc:
            raise SlackConfigError(str(exc)) from None
        self.client = web_client(token, base_url)
        self.identity = self._authenticate(base_url)
        self.app_token = app_token
        self.ready = threading.Event()
        self.people = Directory(self.client, settings.handoff, settings.authoring)
        self.authors = AuthorDesk(
            relais.db,
            relais.search,
            self.client,
            self.people,
            settings.authoring,
            fallback_channel=settings.handoff.triage_channel,
            language=settings.authoring.language,
        )
        self.outbox = Outbox(
            relais.db,
            self.client,
            settings.slack,
            triage_channel=settings.handoff.triage_channel,
            name=self.people.name,
            team_channel=self.authors.team_channel,
            language=settings.handoff.language,
            workspace_url=settings.report.workspace_url,
        )
        self.authors.outbox = self.outbox
        if not settings.handoff.triage_channel:
            log.warning("no [handoff] triage_channel: handed-off tickets reach no agent")
        self.inbox = Inbox(relais.db, settings.slack.inbox_lease_s)
        bolt_log = logging.getLogger("relais.bolt")
        level = bolt_log.level
        # Bolt warns that SLACK_BOT_TOKEN from the environment is unused: it is, via `client`.
        bolt_log.setLevel(logging.ERROR)
        self.app = App(
            client=self.client,
            signing_secret=signing_secret,
            # Socket Mode messages come over our own authenticated WebSocket, unsigned.
            request_verification_enabled=not self.socket_mode,
            token_verification_enabled=False,  # auth.test already answered above
            # The ack goes out once the listener returned, i.e. once the inbox row is stored.
            process_before_response=True,
            logger=bolt_log,
        )
        bolt_log.setLevel(level)
        self.desk = Desk(
            relais.db,
            settings.handoff.private_prefix,
            similar=relais.search.similar,
            duplicate_similarity=settings.authoring.duplicate_similarity,
            language=settings.authoring.language,
        )
        self.digest = DigestService(
            relais.db, self.client, settings, lambda: relais.search.embedder
        )
        self.listeners = Listeners(
            relais.engine,
            self.outbox,
            self.client,
            settings.slack,
            lambda: self.identity,
            self.ready,
            self.desk,
            self.people,
            settings.handoff,
            relais.search,
            author_home=self._home_sections,
        )
        self.from_message = FromMessage(
            relais.engine,
            relais.db,
            self.desk,
            self.client,
            settings.slack,
            settings.handoff,
            lambda: self.identity,
            self.ready,
            self.people,
            self.outbox,
        )
        self.known = KnownDesk(
            relais.db,
            self.client,
            settings,
            self.people,
            self.outbox,
            lambda: relais.search.embedder.encode,
            ready=self.ready.is_set,
        )
        self.worker = Worker(
            self.inbox,
            {
                **self.listeners.handlers(),
                **self.authors.handlers(),
                **self.from_message.handlers(),
                **self.known.handlers(),
            },
            # SQLite has one writer at a time, and a conversation's transaction holds it while
            # the engine searches: more workers only make the acks' INSERTs wait longer.
            threads=min(2, settings.slack.listener_threads)
            if relais.db.is_sqlite
            else settings.slack.listener_threads,
            ready=self.ready,
            on_failure=self.listeners.report_failure,
        )
        intake = Intake(self.inbox, self.worker)
        self.authors.publish_home = self.listeners.publish_home
        self.from_message.register(self.app, intake)  # first: its button precedes ours
        self.listeners.register(self.app, intake)
        self.authors.register(self.app, intake)
        self.known.register(self.app, intake)
        self.signing_secret = signing_secret
        self.scheduler = BackgroundScheduler(
            daemon=True,
            executors={"default": ThreadPoolExecutor(pool_kwargs={"initializer": give_way})},
        )
        self._socket: SocketModeHandler | None = None
        self._server: TcpWSGIServer | None = None
        self.api: Any = None  # the read API's WSGI app (bot/api/), served under /api/

    def _authenticate(self, base_url: str) -> Identity:
        try:
            auth = self.client.auth_test()
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown error")
            raise SlackConfigError(f"Slack rejected SLACK_BOT_TOKEN: {error}") from None
        except (SlackClientError, OSError) as exc:
            raise SlackConfigError(
                f"cannot reach the Slack API at {base_url} ({type(exc).__name__}); "
                "check SLACK_API_URL and the network"
            ) from None
        return Identity(
            user_id=str(auth.get("user_id") or ""), bot_id=str(auth.get("bot_id") or "")
        )

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Warm up in the background, start the sweep, and connect when in Socket Mode."""
        threading.Thread(target=self._warm_up, name="relais-warm-up", daemon=True).start()
        every = self.relais.settings.slack.sweep_every_s
        self.scheduler.add_job(self._sweep, "interval", seconds=every, max_instances=1)
        self.scheduler.add_job(self.inbox.prune, "interval", hours=1, max_instances=1)
        self.scheduler.add_job(self.prune_webhooks, "interval", hours=1, max_instances=1)
        self.scheduler.add_job(self.outbox.pacer.prune, "interval", hours=1, max_instances=1)
        self.scheduler.add_job(self.sla_tick, "interval", seconds=30, max_instances=1)
        self.scheduler.add_job(self.review_tick, "interval", hours=1, max_instances=1)
        self.scheduler.add_job(self.digest_tick, "interval", minutes=5, max_instances=1)
        known_every = self.relais.settings.known_issues.tick_every_s
        self.scheduler.add_job(self.known_tick, "interval", seconds=known_every, max_instances=1)
        self.scheduler.start()
        if self.socket_mode:
            self._socket = SocketModeHandler(
                self.app, self.app_token, web_client=self.client, logger=self.app.logger
            )
            self._socket.connect()  # type: ignore[no-untyped-call]

    def _warm_up(self) -> None:
        give_way()  # loading the model must not slow the acks of events that arrive meanwhile
        try:
            self.relais.search.search("warm up")  # loads the model and catches the index up
        except Exception:
            log.exception("warm-up failed; the first question will load the model")
        self.ready.set()
        self._sweep()
        log.info("relais is ready")

    def sla_tick(self, now: datetime | None = None) -> int:
        """Send the SLA warnings and breaches due at `now`; how many messages were queued."""
        if not self.ready.is_set():
            return 0
        warn_at = self.relais.settings.handoff.sla_warn_at
        deliveries = self.desk.sla_tick(now or utcnow(), warn_at)
        self.listeners.submit_all(deliveries)
        return len(deliveries)

    def known_tick(self) -> int:
        """Trend alerts and "still on it" reminders (safe on every replica)."""
        try:
            return self.known.tick()
        except Exception as exc:  # the database is away: the next tick tries again
            log.warning("known-issue tick failed: %s", type(exc).__name__)
            return 0

    def prune_webhooks(self) -> None:
        """Keep the webhook log to [webhooks] retention_days (see bot/webhooks/dispatch.py)."""
        with self.relais.db.session() as session:
            events, deliveries = prune(session, self.relais.settings.webhooks, utcnow())
        if events or deliveries:
            log.info("webhook log: pruned %d event(s), %d delivery(ies)", events, deliveries)

    def review_tick(self, now: datetime | None = None) -> int:
        """Remind owning teams of articles due for review; how many teams were told."""
        if not self.ready.is_set():
            return 0
        return self.authors.review_tick(now or utcnow())

    def digest_tick(self, now: datetime | None = None) -> int:
        """Queue the weekly digest when due (once across replicas) and send it."""
        if not self.ready.is_set():
            return 0
        return self.digest.tick(now or utcnow())

    def _home_sections(self, user: str) -> list[dict[str, Any]]:
        """App Home sections beside the agents' own: a lead's numbers, an author's queue."""
        return [*self.digest.home_blocks(user), *self.authors.home_blocks(user)]

    def _sweep(self) -> None:
        if self.ready.is_set():
            try:
                self.worker.sweep()
            except Exception as exc:  # the database is away: the next sweep tries again
                log.warning("inbox sweep failed: %s", type(exc).__name__)
            self.outbox.sweep()

    def close(self, grace_s: float | None = None) -> bool:
        """Drain: take nothing new, let running work finish within `grace_s`, hand back the rest.

        True when everything in flight finished (or was handed back) in time.
        """
        grace = self.relais.settings.slack.drain_grace_s if grace_s is None else grace_s
        if self._socket is not None:
            self._socket.close()  # type: ignore[no-untyped-call]
        if self._server is not None:
            self._server.close()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        finished = self.worker.stop(grace)
        # Unsent replies stay in the outbox: another replica or the next start sends them.
        sent = self.outbox.drain(max(grace / 2, 0.1))
        self.outbox.close(timeout=0)
        return finished and sent

    # -- HTTP --------------------------------------------------------------------------------

    def wsgi(self) -> Any:
        """The WSGI application: POST /slack/events (Bolt) and GET /healthz."""
        bolt = Edge(
            SlackRequestHandler(self.app, path=EVENTS_PATH),
            self.signing_secret,
            self.relais.settings.slack.max_body_bytes,
            verify=not self.socket_mode,
        )

        def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            if self.api is not None and str(environ.get("PATH_INFO", "")).startswith("/api/"):
                return cast("Iterable[bytes]", self.api(environ, start_response))
            if environ.get("PATH_INFO") == HEALTH_PATH:
                ok = self.ready.is_set()
                body = json.dumps({"ok": ok, "status": "ready" if ok else "starting"}).encode()
                start_response(
                    "200 OK" if ok else "503 Service Unavailable",
                    [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
                )
                return [body]
            return bolt(environ, start_response)

        return application

    def http_server(self, host: str, port: int) -> TcpWSGIServer:
        """A waitress server on host:port (port 0 picks a free one); call .run() to serve."""
        from waitress.server import TcpWSGIServer, create_server

        threads = self.relais.settings.slack.http_threads
        try:
            server = create_server(
                self.wsgi(),
                host=host,
                port=port,
                threads=threads,
                # The edge answers 413 above max_body_bytes without reading the body. Up to
                # DRAIN_LIMIT waitress still drains it (to a temporary file, not memory) so
                # the client reads that 413 instead of a reset connection; above it, waitress
                # answers 413 itself and closes.
                max_request_body_size=max(DRAIN_LIMIT, self.relais.settings.slack.max_body_bytes),
            )
        except OSError as exc:
            raise SlackConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        if not isinstance(server, TcpWSGIServer):  # several sockets: not what we configure
            server.close()
            raise SlackConfigError(f"{host!r} names several interfaces; give one address")
        self._server = server
        return server


def bound_address(server: TcpWSGIServer) -> tuple[str, int]:
    """Where the server listens (the real port when 0 was asked)."""
    host, port = server.getsockname()[:2]
    return str(host), int(port)


def _secret(value: Any) -> str:
    return value.get_secret_value().strip() if value is not None else ""

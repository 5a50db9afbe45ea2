"""The read API: tickets, articles, search and metrics as JSON, for an ITSM or a dashboard.

A Falcon WSGI app served by `relais serve` beside the Slack endpoints (under /api/v1/). Every
route but the OpenAPI document needs `Authorization: Bearer <RELAIS_API_TOKEN>` (401 without
it). Bad parameters get 400 and unknown things 404, always as `{"error", "detail"}` JSON. The
document at /api/v1/openapi.json is the committed bot/api/openapi.json, which the tests check
the app against (schemathesis).
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

import falcon
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.app import Relais
from bot.conversation_tables import MessageRow
from bot.db.base import utcnow
from bot.records import ticket_record
from bot.reports import metrics
from bot.webhooks.emit import ticket_state
from handoff import tickets
from handoff.tables import TicketRow
from knowledge import repository
from knowledge.article import Viewer
from knowledge.tables import ArticleRow
from knowledge.text import QueryError

PREFIX = "/api/v1"
STATUSES = ("open", "claimed", "waiting", "resolved", "returned")
PRIORITIES = ("P1", "P2", "P3", "P4", "P5")
CONFIDENCES = ("wip", "not_validated", "validated", "archived")
MAX_LIMIT = 500
MAX_PERIOD = timedelta(days=3 * 366)  # a metrics period longer than this is refused
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FRACTION = re.compile(r"(\.\d{6})\d+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
Name = Callable[[str], str]


@cache
def openapi() -> dict[str, Any]:
    """The committed OpenAPI document."""
    text = resources.files("bot.api").joinpath("openapi.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _error(req: falcon.Request, resp: falcon.Response, exc: falcon.HTTPError) -> None:
    resp.content_type = falcon.MEDIA_JSON
    resp.text = json.dumps({"error": exc.title or "error", "detail": exc.description or ""})
    if exc.headers:
        resp.set_headers(exc.headers)


class BearerToken:
    """Middleware: the bearer token or 401 (constant-time comparison; never logged)."""

    def __init__(self, token: str) -> None:
        self.expected = f"Bearer {token}".encode()

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.path == f"{PREFIX}/openapi.json":
            return
        given = (req.get_header("Authorization") or "").encode()
        if not hmac.compare_digest(given, self.expected):
            raise falcon.HTTPUnauthorized(
                title="unauthorized",
                description="send Authorization: Bearer <RELAIS_API_TOKEN>",
                challenges=['Bearer realm="relais"'],
            )


def _choice(req: falcon.Request, name: str, allowed: tuple[str, ...]) -> str | None:
    value = req.get_param(name)
    if value is not None and value not in allowed:
        raise falcon.HTTPInvalidParam(f"use one of {', '.join(allowed)}", name)
    return value


def _text(req: falcon.Request, name: str, longest: int = 200) -> str | None:
    value = req.get_param(name)
    if value is not None:
        _printable(value, name, longest)
    return value


def _printable(value: str, name: str, longest: int = 200) -> None:
    """400 for an empty, over-long or control-character value (PostgreSQL refuses NUL)."""
    if not value.strip() or len(value) > longest or _CONTROL.search(value):
        raise falcon.HTTPInvalidParam(f"1 to {longest} characters, no control characters", name)


def _moment(req: falcon.Request, name: str) -> datetime | None:
    """An ISO date (midnight UTC) or an RFC 3339 / ISO datetime (UTC when it names no zone)."""
    value = req.get_param(name)
    if value is None:
        return None
    text = value.strip()
    try:
        if _DATE.fullmatch(text):
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=UTC)
        # RFC 3339 allows a lowercase t / z and more than six digits of fraction.
        text = _FRACTION.sub(r"\1", text.replace("t", "T").replace("z", "Z"))
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise falcon.HTTPInvalidParam("an ISO date (2026-12-01) or datetime", name) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 pushed past the calendar by its offset
        return (
            datetime.min.replace(tzinfo=UTC)
            if parsed.year == 1
            else datetime.max.replace(tzinfo=UTC)
        )


def _page(req: falcon.Request) -> tuple[int, int]:
    limit = req.get_param_as_int("limit", min_value=1, max_value=MAX_LIMIT, default=50)
    offset = req.get_param_as_int("offset", min_value=0, max_value=10**9, default=0)
    return int(limit or 50), int(offset or 0)


def _viewer(req: falcon.Request) -> Viewer:
    return Viewer(_choice(req, "view", tuple(v.value for v in Viewer)) or Viewer.EMPLOYEE.value)


def _article_summary(row: ArticleRow) -> dict[str, Any]:
    return {**repository.summary(row), "updated_at": row.updated_at.isoformat()}


class Api:
    """The resources, over one Relais (its database and search)."""

    def __init__(self, relais: Relais, name: Name = str) -> None:
        self.relais = relais
        self.name = name

    def session(self) -> Any:
        return self.relais.db.session()

    # -- tickets ------------------------------------------------------------------------

    def on_get_tickets(self, req: falcon.Request, resp: falcon.Response) -> None:
        status = _choice(req, "status", STATUSES)
        priority = _choice(req, "priority", PRIORITIES)
        requester, assignee = _text(req, "requester"), _text(req, "assignee")
        since, until = _moment(req, "since"), _moment(req, "until")
        limit, offset = _page(req)
        t = TicketRow
        where: list[Any] = []
        if status:
            where.append(t.status == status)
        if priority:
            where.append(t.priority == priority)
        if requester:
            where.append(t.requester == requester)
        if assignee:
            where.append(t.assignee == assignee)
        if since:
            where.append(t.created_at >= since)
        if until:
            where.append(t.created_at < until)
        with self.session() as session:
            total = session.scalar(select(func.count()).select_from(t).where(*where)) or 0
            rows = session.scalars(
                select(t).where(*where).order_by(t.id.desc()).limit(limit).offset(offset)
            ).all()
            found = [_ticket_summary(row) for row in rows]
        resp.media = {"tickets": found, "total": total, "limit": limit, "offset": offset}

    def on_get_ticket(self, req: falcon.Request, resp: falcon.Response, ticket_id: str) -> None:
        digits = ticket_id.strip().upper().removeprefix("T-")
        if not digits.isdigit() or len(digits) > 9:
            raise falcon.HTTPInvalidParam("a ticket id like T-00001", "ticket_id")
        with self.session() as session:
            row = tickets.by_ref(session, digits)
            if row is None:
                raise falcon.HTTPNotFound(title="not found", description=f"no ticket {ticket_id}")
            resp.media = self._ticket(session, row)

    def _ticket(self, session: Session, row: TicketRow) -> dict[str, Any]:
        trail = tickets.history(session, row.id)
        transcript = session.scalars(
            select(MessageRow)
            .where(MessageRow.conversation_id == row.conversation_id)
            .order_by(MessageRow.at, MessageRow.id)
        ).all()
        record = ticket_record(row, trail, transcript, self.name)
        record["sla"] = {
            "paused_at": row.paused_at.isoformat() if row.paused_at else None,
            "clock": row.sla_clock,
            "response_clock_s": row.response_clock_s,
            "resolution_clock_s": row.resolution_clock_s,
        }
        return record

    # -- articles -----------------------------------------------------------------------

    def on_get_articles(self, req: falcon.Request, resp: falcon.Response) -> None:
        viewer = _viewer(req)
        confidence = _choice(req, "confidence", CONFIDENCES)
        owner, language = _text(req, "owner"), _choice(req, "language", ("en", "fr"))
        limit, offset = _page(req)
        with self.session() as session:
            rows = [
                r
                for r in repository.list_articles(session, viewer)
                if (confidence is None or r.confidence == confidence)
                and (owner is None or r.owner == owner)
                and (language is None or r.language == language)
            ]
            found = [_article_summary(r) for r in rows[offset : offset + limit]]
        resp.media = {"articles": found, "total": len(rows), "limit": limit, "offset": offset}

    def on_get_article(self, req: falcon.Request, resp: falcon.Response, article_id: str) -> None:
        viewer = _viewer(req)
        _printable(article_id, "article_id")
        with self.session() as session:
            row = repository.get(session, article_id)
            if row is None or not repository.is_visible(row, viewer):
                raise falcon.HTTPNotFound(
                    title="not found", description=f"no article {article_id!r} for {viewer}s"
                )
            content = repository.content_of(row)
            resp.media = {**_article_summary(row), **content.to_snapshot()}

    def on_get_search(self, req: falcon.Request, resp: falcon.Response) -> None:
        viewer = _viewer(req)
        query = req.get_param("q", required=True)
        assert query is not None
        try:
            result = self.relais.search.search(query, viewer)
        except QueryError as exc:  # nothing searchable ("!!!"): no results, and why
            resp.media = {
                "query": query[:200],
                "decision": "none",
                "results": [],
                "offered": [],
                "truncated": False,
                "error": str(exc),
            }
            return
        data: dict[str, Any] = {
            "query": result.query,
            "decision": result.decision.value,
            "results": [
                {"id": h.article_id, "title": h.title, "score": round(h.score, 4)}
                for h in result.hits
            ],
            "offered": [h.article_id for h in result.choices]
            if result.decision.value != "none"
            else [],
            "truncated": bool(result.truncated),
        }
        resp.media = data

    # -- metrics ------------------------------------------------------------------------

    def on_get_metrics(self, req: falcon.Request, resp: falcon.Response) -> None:
        now = utcnow()
        until = _moment(req, "until") or now
        since = _moment(req, "since") or until - timedelta(days=30)
        by = _choice(req, "by", tuple(metrics.BUCKETS)) or "week"
        team = _text(req, "team")
        handoff = self.relais.settings.handoff
        business = frozenset(
            p for p, t in handoff.sla.items() if t.business_days or t.business_hours
        )
        if until - since > MAX_PERIOD:
            raise falcon.HTTPBadRequest(
                title="invalid parameters", description="a period of at most three years"
            )
        try:
            period = metrics.Period(since, until, by)
            with self.session() as session:
                built = metrics.build(
                    session,
                    period,
                    now=now,
                    team=team,
                    business_priorities=business,
                    configured_teams=list(self.relais.settings.authoring.teams),
                )
        except metrics.ReportError as exc:
            raise falcon.HTTPBadRequest(title="invalid parameters", description=str(exc)) from None
        resp.media = built.to_json()

    # -- the document -------------------------------------------------------------------

    def on_get_openapi(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = openapi()


def _ticket_summary(row: TicketRow) -> dict[str, Any]:
    state = ticket_state(row)
    state.pop("problem_statement")
    return state


def make_api(relais: Relais, token: str, name: Name = str) -> falcon.App[Any, Any]:
    """The WSGI app for /api/v1/*."""
    app = falcon.App(middleware=[BearerToken(token)])
    app.req_options.strip_url_path_trailing_slash = True
    app.req_options.auto_parse_qs_csv = False
    app.set_error_serializer(_error)
    api = Api(relais, name)
    app.add_route(f"{PREFIX}/openapi.json", api, suffix="openapi")
    app.add_route(f"{PREFIX}/tickets", api, suffix="tickets")
    app.add_route(f"{PREFIX}/tickets/{{ticket_id}}", api, suffix="ticket")
    app.add_route(f"{PREFIX}/articles", api, suffix="articles")
    app.add_route(f"{PREFIX}/articles/search", api, suffix="search")
    app.add_route(f"{PREFIX}/articles/{{article_id}}", api, suffix="article")
    app.add_route(f"{PREFIX}/metrics", api, suffix="metrics")
    return app

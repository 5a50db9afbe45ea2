"""Support metrics (domain.md section 8), aggregated in the database, the same on every backend.

Every rate is a `Ratio` that keeps its numerator and denominator; a denominator under
`SMALL_SAMPLE` is marked as a small sample. Durations are nearest-rank medians and 90th
percentiles of whole seconds, computed with window functions.

Periods: conversations and tickets belong to the period in which they were opened
(`since` <= opened < `until`); the backlog is the open tickets at the end of the period.

"Similar problem" (deflection's re-contact and repeat incidents) is decided in SQL, never by
the embedding model: two contacts are about the same problem when they share an article (one
the employee said helped or did not help, one offered to them, or one linked to their ticket),
and, for repeat incidents, when their problem statements name the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from bot.conversation_tables import ConversationRow
from bot.known import issues as known_issues
from bot.reports.sql import MONDAY, WEEK, bucket, elapsed, epoch, plus_days
from handoff.tables import TicketEventRow, TicketRow
from handoff.tickets import Status
from knowledge import health, repository
from knowledge.tables import ArticleRow, FlagRow, OutcomeRow

SMALL_SAMPLE = 30  # below this many, a rate is shown but marked as a small sample
RECONTACT_DAYS = 7
REPEAT_DAYS = 30
QUIET_MINUTES = 60  # a conversation quiet this long without a verdict is abandoned
TOP = 5
MAX_ROWS = 50  # comments and watermelon tickets listed
BUCKETS = ("day", "week", "month")
PRIORITIES = ("P1", "P2", "P3", "P4", "P5")

_C = ConversationRow
_T = TicketRow
_O = OutcomeRow
_A = ArticleRow


class ReportError(ValueError):
    """Input the report cannot work with; the message is one line for the person who typed it."""


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def small(self) -> bool:
        return self.denominator < SMALL_SAMPLE

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "value": None if value is None else round(value, 4),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "small_sample": self.small,
        }


@dataclass(frozen=True)
class Durations:
    """Seconds: nearest-rank median and 90th percentile, and the mean, over `n` values."""

    n: int
    median: int | None
    p90: int | None
    mean: int | None

    @property
    def small(self) -> bool:
        return self.n < SMALL_SAMPLE

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "median_s": self.median,
            "p90_s": self.p90,
            "mean_s": self.mean,
            "small_sample": self.small,
        }


@dataclass(frozen=True)
class Period:
    since: datetime
    until: datetime
    by: str = "week"

    def __post_init__(self) -> None:
        if self.by not in BUCKETS:
            raise ReportError(f"--by must be one of {', '.join(BUCKETS)}, not {self.by!r}")
        if self.since >= self.until:
            raise ReportError(
                f"the period is empty or inverted: since {self.since:%Y-%m-%d %H:%M} is not "
                f"before until {self.until:%Y-%m-%d %H:%M}"
            )

    def buckets(self) -> list[tuple[Any, str]]:
        """Every (key, label) of the period in order, as `bucket()` computes keys in SQL."""
        out: list[tuple[Any, str]] = []
        if self.by == "month":
            year, month = self.since.year, self.since.month
            while (year, month) <= (self.until.year, self.until.month):
                if datetime(year, month, 1, tzinfo=UTC) < self.until:
                    out.append((f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}"))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return out
        size = 86_400 if self.by == "day" else WEEK
        first = (int(self.since.timestamp()) - MONDAY) // size
        last = (int((self.until - timedelta(microseconds=1)).timestamp()) - MONDAY) // size
        for key in range(first, last + 1):
            start = datetime.fromtimestamp(MONDAY + key * size, UTC)
            out.append((key, f"{start:%Y-%m-%d}"))
        return out


@dataclass
class Trend:
    label: str
    contacts: int = 0
    self_service: Ratio = Ratio(0, 0)
    mttr: Durations = Durations(0, None, None, None)
    csat: Ratio = Ratio(0, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "bucket": self.label,
            "contacts": self.contacts,
            "self_service_success": self.self_service.to_json(),
            "time_to_resolve": self.mttr.to_json(),
            "csat": self.csat.to_json(),
        }


@dataclass
class Report:
    """Everything `relais report metrics` shows; `to_json` is its --json output."""

    period: Period
    generated_at: datetime
    team: str | None
    self_service: dict[str, Any] = field(default_factory=dict)
    service: dict[str, Any] = field(default_factory=dict)
    kcs: dict[str, Any] = field(default_factory=dict)
    voice: dict[str, Any] = field(default_factory=dict)
    trends: list[Trend] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.self_service.get("contacts") and not self.service.get("tickets")

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.period.since.isoformat(),
            "until": self.period.until.isoformat(),
            "by": self.period.by,
            "team": self.team,
            "generated_at": self.generated_at.isoformat(),
            "empty": self.empty,
            "small_sample_below": SMALL_SAMPLE,
            "self_service": _jsonable(self.self_service),
            "service": _jsonable(self.service),
            "kcs": _jsonable(self.kcs),
            "voice_of_the_customer": _jsonable(self.voice),
            "trends": [t.to_json() for t in self.trends],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Ratio | Durations | Trend):
        return value.to_json()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def parse_when(text: str, option: str, end_of_day: bool = False) -> datetime:
    """A date (YYYY-MM-DD) or an ISO date-time, in UTC; `end_of_day` makes a date inclusive."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            at = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return at + timedelta(days=1) if end_of_day else at
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ReportError(
            f"{option} {text!r} is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def known_teams(session: Session, configured: list[str]) -> list[str]:
    owners = session.scalars(select(_A.owner).where(_A.owner != "").distinct()).all()
    return sorted({*owners, *configured})


# -- the report ------------------------------------------------------------------------------


def build(
    session: Session,
    period: Period,
    *,
    now: datetime,
    team: str | None = None,
    business_priorities: frozenset[str] = frozenset({"P5"}),
    configured_teams: list[str] | None = None,
) -> Report:
    """Compute every measure for `period` (optionally one owning team's articles)."""
    if team is not None:
        teams = known_teams(session, configured_teams or [])
        if team not in teams:
            shown = ", ".join(teams) or "none yet"
            raise ReportError(f"unknown team {team!r} (teams: {shown})")
    if session.get_bind().dialect.name == "postgresql":
        # Compiling each aggregate to machine code costs more than it saves at this size.
        session.execute(text("SET LOCAL jit = off"))
    q = _Queries(session, period, now, team, business_priorities)
    report = Report(period, now, team)
    report.self_service = q.self_service()
    report.service = q.service(report.self_service)
    report.kcs = q.kcs(report.self_service)
    report.voice = q.voice()
    report.trends = q.trends()
    return report


class _Queries:
    def __init__(
        self,
        session: Session,
        period: Period,
        now: datetime,
        team: str | None,
        business: frozenset[str],
    ) -> None:
        self.s = session
        self.p = period
        self.now = now
        self.as_of = min(now, period.until)
        self.team = team
        self.business = business
        self.contacts_by_bucket: dict[Any, tuple[int, int]] | None = None

    # -- shared pieces -------------------------------------------------------------------

    def _team_slugs(self) -> Any:
        return select(_A.slug).where(_A.owner == self.team).scalar_subquery()

    def _team_pks(self) -> Any:
        return select(_A.pk).where(_A.owner == self.team).scalar_subquery()

    def _conversation_filter(self) -> list[ColumnElement[bool]]:
        """Conversations opened in the period (touching the team's articles, with --team)."""
        where = [_C.created_at >= self.p.since, _C.created_at < self.p.until, _C.verbatim != ""]
        if self.team is not None:
            o, t = aliased(_O), aliased(_T)
            where.append(
                or_(
                    exists().where(
                        o.conversation_key == _C.key, o.article_pk.in_(self._team_pks())
                    ),
                    exists().where(
                        t.conversation_id == _C.id, t.article_id.in_(self._team_slugs())
                    ),
                )
            )
        return where

    def _conversations(self) -> Subquery:
        """One row per conversation opened in the period, with what happened in it."""
        helped = (
            select(func.max(_O.at))
            .where(_O.conversation_key == _C.key, _O.outcome == "helped")
            .scalar_subquery()
        )
        any_outcome = exists().where(_O.conversation_key == _C.key)
        ticket = exists().where(_T.conversation_id == _C.id)
        shown = or_(func.json_array_length(_C.offered) > 0, any_outcome)
        where = self._conversation_filter()
        return (
            select(
                _C.id,
                _C.key,
                _C.user,
                _C.created_at,
                _C.updated_at,
                helped.label("helped_at"),
                case((ticket, 1), else_=0).label("handed_off"),
                case((shown, 1), else_=0).label("shown"),
            )
            .where(*where)
            .subquery("conv")
        )

    def _recontacted(self, conv: Any) -> ColumnElement[bool]:
        """An answer the employee confirmed, then came back about within RECONTACT_DAYS."""
        h = aliased(_O, name="h")
        o2 = aliased(_O, name="o2")
        c2 = aliased(_C, name="c2")
        t2 = aliased(_T, name="t2")
        art = aliased(_A, name="art")

        def within(column: Any) -> ColumnElement[bool]:
            """After the confirmation, and at most RECONTACT_DAYS later (an index range)."""
            return and_(column > h.at, column <= plus_days(h.at, RECONTACT_DAYS))

        slug = (
            select(art.slug).where(art.pk == h.article_pk).correlate_except(art).scalar_subquery()
        )

        # The same thread, answered again (a confirmation, then "it is back").
        again_here = (
            select(literal(1))
            .where(
                o2.conversation_key == conv.c.key,
                o2.article_pk == h.article_pk,
                o2.id != h.id,
                within(o2.at),
            )
            .correlate_except(o2)
        )
        # Another conversation of the requester in the window, offered the article or with a
        # verdict on it (one index range scan of their conversations).
        again_elsewhere = (
            select(literal(1))
            .where(
                c2.user == conv.c.user,
                c2.id != conv.c.id,
                # Opened since this conversation and by the window's end (an index range).
                c2.created_at >= conv.c.created_at,
                c2.created_at <= plus_days(h.at, RECONTACT_DAYS),
                or_(
                    and_(
                        within(c2.created_at),
                        cast(c2.offered, Text).like(literal('%"') + slug + literal('"%')),
                    ),
                    exists(
                        select(literal(1))
                        .where(
                            o2.conversation_key == c2.key,
                            o2.article_pk == h.article_pk,
                            within(o2.at),
                        )
                        .correlate_except(o2)
                    ),
                ),
            )
            .correlate_except(c2)
        )
        # A ticket of theirs linked to the article.
        again_ticket = (
            select(literal(1))
            .where(
                t2.requester == conv.c.user,
                within(t2.created_at),
                t2.article_id == slug,
            )
            .correlate_except(t2)
        )
        return exists(
            select(literal(1))
            .where(
                h.conversation_key == conv.c.key,
                h.outcome == "helped",
                or_(exists(again_here), exists(again_elsewhere), exists(again_ticket)),
            )
            .correlate_except(h)
        )

    def _tickets(self) -> Subquery:
        """One row per ticket opened in the period, with its clocks and SLA verdicts."""
        business = _T.priority.in_(sorted(self.business)) if self.business else None
        as_of = self.as_of
        response_missed = and_(
            _T.response_due.is_not(None),
            or_(
                and_(_T.first_response_at.is_(None), _T.response_due < as_of),
                _T.first_response_at > _T.response_due,
            ),
        )
        resolution_missed = and_(
            _T.resolution_due.is_not(None),
            or_(
                and_(_T.resolved_at.is_(None), _T.status.in_(_ACTIVE), _T.resolution_due < as_of),
                _T.resolved_at > _T.resolution_due,
            ),
        )
        waited = exists().where(
            TicketEventRow.ticket_id == _T.id,
            TicketEventRow.what == "status",
            TicketEventRow.new == "waiting",
        )
        reassigned = exists().where(
            TicketEventRow.ticket_id == _T.id, TicketEventRow.what == "assignee"
        )
        art = aliased(_A, name="linked")
        reuse = exists().where(art.slug == _T.article_id, art.created_at < _T.created_at)
        where = [_T.created_at >= self.p.since, _T.created_at < self.p.until]
        if self.team is not None:
            where.append(_T.article_id.in_(self._team_slugs()))
        return (
            select(
                _T.id,
                _T.conversation_id,
                _T.requester,
                _T.priority,
                _T.status,
                _T.contact_type,
                _T.created_at,
                _T.article_id,
                _T.csat_rating,
                _T.reopened_count,
                case((response_missed, 1), else_=0).label("response_missed"),
                case((resolution_missed, 1), else_=0).label("resolution_missed"),
                case((_T.response_due.is_not(None), 1), else_=0).label("has_sla"),
                case((or_(waited, reassigned), 1), else_=0).label("touched_again"),
                case((reuse, 1), else_=0).label("reused"),
                # A ticket on a business calendar kept its own measure (net of pauses).
                func.coalesce(
                    _T.response_clock_s, elapsed(_T.created_at, _T.first_response_at, business)
                ).label("response_s"),
                func.coalesce(
                    _T.resolution_clock_s, elapsed(_T.created_at, _T.resolved_at, business)
                ).label("resolve_s"),
            )
            .where(*where)
            .subquery("tix")
        )

    def _durations(self, values: Subquery, column: str, by: Any = None) -> Any:
        """Nearest-rank median and p90 of `column` (non-null), per `by` when given."""
        col = values.c[column]
        partition = [values.c[by]] if by is not None else []
        ranked = (
            select(
                *([values.c[by].label("k")] if by is not None else []),
                col.label("d"),
                func.row_number().over(partition_by=partition, order_by=col).label("rn"),
                func.count().over(partition_by=partition).label("n"),
            )
            .where(col.is_not(None))
            .subquery("ranked")
        )
        d, rn, n = ranked.c.d, ranked.c.rn, ranked.c.n
        cols = [
            func.count().label("n"),
            func.min(case((rn * 2 >= n, d))).label("median"),
            func.min(case((rn * 10 >= n * 9, d))).label("p90"),
            func.sum(d).label("total"),
        ]
        if by is None:
            return self.s.execute(select(*cols)).one()
        return self.s.execute(select(ranked.c.k, *cols).group_by(ranked.c.k)).all()

    @staticmethod
    def _as_durations(row: Any) -> Durations:
        n = int(row.n or 0)
        if not n:
            return Durations(0, None, None, None)
        return Durations(n, int(row.median), int(row.p90), round(int(row.total) / n))

    # -- self-service --------------------------------------------------------------------

    def self_service(self) -> dict[str, Any]:
        conv = self._conversations()
        quiet = self.as_of - timedelta(minutes=QUIET_MINUTES)
        success = and_(conv.c.helped_at.is_not(None), conv.c.handed_off == 0)
        # Each conversation's re-contact check runs once (a materialised CTE), and only for
        # confirmed answers.
        recontacted = case((success, case((self._recontacted(conv), 1), else_=0)), else_=0).label(
            "recontacted"
        )
        per = (
            select(
                bucket(conv.c.created_at, self.p.by).label("k"),
                conv.c.shown,
                conv.c.helped_at,
                conv.c.handed_off,
                conv.c.updated_at,
                case((success, 1), else_=0).label("success"),
                recontacted,
            )
            .cte("per_conversation")
            .prefix_with("MATERIALIZED")
        )
        left = and_(per.c.helped_at.is_(None), per.c.handed_off == 0, per.c.updated_at < quiet)
        window_open = and_(
            per.c.success == 1,
            per.c.recontacted == 0,
            per.c.helped_at > self.as_of - timedelta(days=RECONTACT_DAYS),
        )
        # One row per trend bucket (the trends reuse them); the period's totals are their sums.
        names = (
            "contacts",
            "tried",
            "tried_success",
            "success",
            "recontacted",
            "window_open",
            "abandoned_after_answer",
            "abandoned_before_answer",
            "handed_off",
        )
        rows = self.s.execute(
            select(
                per.c.k,
                func.count().label("contacts"),
                _sum(per.c.shown == 1).label("tried"),
                _sum(and_(per.c.shown == 1, per.c.success == 1)).label("tried_success"),
                _sum(per.c.success == 1).label("success"),
                _sum(per.c.recontacted == 1).label("recontacted"),
                _sum(window_open).label("window_open"),
                _sum(and_(left, per.c.shown == 1)).label("abandoned_after_answer"),
                _sum(and_(left, per.c.shown == 0)).label("abandoned_before_answer"),
                _sum(per.c.handed_off == 1).label("handed_off"),
            ).group_by(per.c.k)
        ).all()
        self.contacts_by_bucket = {r.k: (int(r.contacts), int(r.success or 0)) for r in rows}
        row = SimpleNamespace(**{n: sum(int(getattr(r, n) or 0) for r in rows) for n in names})
        contacts = int(row.contacts)
        success_n, recontacted_n = int(row.success or 0), int(row.recontacted or 0)
        helped_pks = (
            select(_O.article_pk, func.count().label("n"))
            .join(_C, _C.key == _O.conversation_key)
            .where(_O.outcome == "helped", *self._conversation_filter())
            .group_by(_O.article_pk)
            .subquery()
        )
        per_article = self.s.execute(
            select(func.count(), func.coalesce(func.sum(helped_pks.c.n), 0))
        ).one()
        abandoned = int(row.abandoned_after_answer or 0) + int(row.abandoned_before_answer or 0)
        return {
            "contacts": contacts,
            "self_service_success": Ratio(success_n, contacts),
            "deflection": Ratio(success_n - recontacted_n, contacts),
            "recontacted_within_7_days": recontacted_n,
            "deflection_window_open": int(row.window_open or 0),
            "abandoned": Ratio(abandoned, contacts),
            "abandoned_after_answer": int(row.abandoned_after_answer or 0),
            "abandoned_before_answer": int(row.abandoned_before_answer or 0),
            "handed_off": Ratio(int(row.handed_off or 0), contacts),
            "tried_self_service_first": Ratio(int(row.tried or 0), contacts),
            "succeeded_when_tried": Ratio(int(row.tried_success or 0), int(row.tried or 0)),
            "answered_per_article": Ratio(int(per_article[1]), int(per_article[0])),
            # Questions answered at once as a known issue (bot/known/): no appraisal, no ticket.
            "absorbed_by_known_issues": known_issues.absorbed(self.s, self.p.since, self.p.until),
        }

    # -- service -------------------------------------------------------------------------

    def service(self, self_service: dict[str, Any]) -> dict[str, Any]:
        tix = self._tickets()
        resolved = tix.c.status == "resolved"
        row = self.s.execute(
            select(
                func.count().label("tickets"),
                _sum(resolved).label("resolved"),
                _sum(and_(resolved, tix.c.reopened_count == 0, tix.c.touched_again == 0)).label(
                    "first_touch"
                ),
                _sum(or_(resolved, tix.c.reopened_count > 0)).label("ever_resolved"),
                _sum(tix.c.reopened_count > 0).label("reopened"),
                _sum(tix.c.status == "returned").label("returned"),
                _sum(tix.c.has_sla == 1).label("with_sla"),
                _sum(or_(tix.c.response_missed == 1, tix.c.resolution_missed == 1)).label(
                    "breached"
                ),
            )
        ).one()
        per_priority = {
            r.priority: r
            for r in self.s.execute(
                select(
                    tix.c.priority,
                    _sum(tix.c.has_sla == 1).label("with_sla"),
                    _sum(tix.c.response_missed == 1).label("response"),
                    _sum(tix.c.resolution_missed == 1).label("resolution"),
                    _sum(or_(tix.c.response_missed == 1, tix.c.resolution_missed == 1)).label(
                        "any"
                    ),
                ).group_by(tix.c.priority)
            )
        }
        sla = {
            p: {
                "breached": Ratio(int(r.any or 0), int(r.with_sla or 0)),
                "first_response_missed": int(r.response or 0),
                "resolution_missed": int(r.resolution or 0),
            }
            for p in PRIORITIES
            if (r := per_priority.get(p)) is not None
        }
        contacts = int(self_service["contacts"])
        bot_fixed = self_service["self_service_success"].numerator
        first_touch = int(row.first_touch or 0)
        return {
            "tickets": int(row.tickets),
            "first_contact_resolution": Ratio(bot_fixed + first_touch, contacts),
            "first_contact_resolution_by_agents": Ratio(first_touch, int(row.resolved or 0)),
            "time_to_first_response": self._as_durations(self._durations(tix, "response_s")),
            "time_to_resolve": self._as_durations(self._durations(tix, "resolve_s")),
            "business_time_priorities": sorted(self.business),
            "sla_breach": Ratio(int(row.breached or 0), int(row.with_sla or 0)),
            "sla_by_priority": sla,
            "backlog": self._backlog(),
            "reopen_rate": Ratio(int(row.reopened or 0), int(row.ever_resolved or 0)),
            "repeat_incidents": self._repeats(),
            "handed_back": Ratio(int(row.returned or 0), int(row.tickets)),
        }

    def _backlog(self) -> dict[str, Any]:
        where = [_T.status.in_(_ACTIVE), _T.created_at < self.p.until]
        if self.team is not None:
            where.append(_T.article_id.in_(self._team_slugs()))
        as_of = int(self.as_of.timestamp())
        ages = select((literal(as_of) - epoch(_T.created_at)).label("age")).where(*where)
        durations = self._as_durations(self._durations(ages.subquery(), "age"))
        return {"open": durations.n, "age": durations, "as_of": self.as_of}

    def _repeats(self) -> Ratio:
        tix = self._tickets()
        earlier = aliased(_T, name="earlier")
        mine = aliased(_T, name="mine")
        gap = epoch(mine.created_at) - epoch(earlier.created_at)
        obj = func.lower(mine.statement["object"].as_string())
        similar = or_(
            and_(mine.article_id.is_not(None), earlier.article_id == mine.article_id),
            and_(
                func.coalesce(obj, "") != "",
                func.lower(earlier.statement["object"].as_string()) == obj,
            ),
        )
        repeat = exists().where(
            mine.id == tix.c.id,
            earlier.requester == mine.requester,
            earlier.id != mine.id,
            gap > 0,
            gap <= REPEAT_DAYS * 86_400,
            similar,
        )
        row = self.s.execute(
            select(func.count(), _sum(repeat)).where(tix.c.contact_type == "incident")
        ).one()
        return Ratio(int(row[1] or 0), int(row[0]))

    # -- KCS -------------------------------------------------------------------------------

    def kcs(self, self_service: dict[str, Any]) -> dict[str, Any]:
        tix = self._tickets()
        closed = tix.c.status == "resolved"
        linked = and_(closed, tix.c.article_id.is_not(None))
        row = self.s.execute(
            select(
                _sum(closed).label("closed"),
                _sum(linked).label("linked"),
                _sum(and_(linked, tix.c.reused == 1)).label("reused"),
            )
        ).one()
        closed_n, linked_n, reused_n = (int(x or 0) for x in row)
        created_n = linked_n - reused_n
        known = self_service["self_service_success"].numerator + reused_n
        return {
            "link_rate": Ratio(linked_n, closed_n),
            "reuse": Ratio(reused_n, linked_n),
            "create": Ratio(created_n, linked_n),
            "known": Ratio(known, known + created_n),
            "new": Ratio(created_n, known + created_n),
            "closed_unlinked": closed_n - linked_n,
            "top_reused": self._top_reused(tix),
            "most_rejected": self._most_rejected(),
            "content_standard": self._content_standard(),
            "participation": self._participation(tix),
            "flags": self._flags(),
        }

    def _in_period(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.p.since, column < self.p.until)

    def _article_filter(self, pk: Any) -> list[ColumnElement[bool]]:
        return [pk.in_(self._team_pks())] if self.team is not None else []

    def _top_reused(self, tix: Subquery) -> list[dict[str, Any]]:
        helped = select(_O.article_pk.label("pk")).where(
            _O.outcome == "helped", self._in_period(_O.at), *self._article_filter(_O.article_pk)
        )
        art = aliased(_A)
        by_ticket = (
            select(art.pk.label("pk"))
            .join(tix, tix.c.article_id == art.slug)
            .where(tix.c.status == "resolved", tix.c.reused == 1)
        )
        uses = union_all(helped, by_ticket).subquery("uses")
        rows = self.s.execute(
            select(_A.slug, _A.title, func.count().label("n"))
            .join(uses, uses.c.pk == _A.pk)
            .group_by(_A.slug, _A.title)
            .order_by(func.count().desc(), _A.slug)
            .limit(TOP)
        ).all()
        return [{"article": r.slug, "title": r.title, "reuses": int(r.n)} for r in rows]

    def _most_rejected(self) -> list[dict[str, Any]]:
        rejected = _sum(_O.outcome == "rejected")
        rows = self.s.execute(
            select(_A.slug, _A.title, rejected.label("rejected"), func.count().label("answers"))
            .join(_A, _A.pk == _O.article_pk)
            .where(self._in_period(_O.at), *self._article_filter(_O.article_pk))
            .group_by(_A.slug, _A.title)
            .having(rejected > 0)
            .order_by(rejected.desc(), _A.slug)
            .limit(TOP)
        ).all()
        return [
            {
                "article": r.slug,
                "title": r.title,
                "rejected": Ratio(int(r.rejected), int(r.answers)),
            }
            for r in rows
        ]

    def _content_standard(self) -> dict[str, Any]:
        """1 - misses / applicable checks, over every article in use (not archived).

        The checklist reads each article's text (knowledge/health.py), so it runs per article;
        a knowledge base has hundreds of articles, not the millions of rows the rest reads.
        """
        query = select(_A).where(_A.confidence != "archived")
        if self.team is not None:
            query = query.where(_A.owner == self.team)
        passed = applicable = articles = 0
        for row in self.s.scalars(query):
            checked = health.check(repository.content_of(row))
            articles += 1
            applicable += len(checked.checks)
            passed += len(checked.checks) - len(checked.misses)
        return {"articles": articles, "score": Ratio(passed, applicable)}

    def _participation(self, tix: Subquery) -> dict[str, Any]:
        ev = TicketEventRow
        events = select(ev.actor.label("who"), ev.what.label("what")).where(
            self._in_period(ev.at), ev.ticket_id.in_(select(tix.c.id))
        )
        linked = events.where(ev.what == "article").subquery()
        created = events.where(ev.what == "article_drafted").subquery()
        flag_where = [FlagRow.kind == "flag", self._in_period(FlagRow.at)]
        flag_where += self._article_filter(FlagRow.article_pk)
        flagged = select(FlagRow.by.label("who")).where(*flag_where)
        working = (
            select(ev.actor.label("who"))
            .join(tix, tix.c.id == ev.ticket_id)
            .where(
                self._in_period(ev.at),
                ev.what.in_(("claimed", "assignee", "status", "first_response", "article")),
                ev.actor != "relais",
                ev.actor != tix.c.requester,
            )
        )
        contributors = union_all(select(linked.c.who), select(created.c.who), flagged).subquery()
        everyone = union_all(select(contributors.c.who), working).subquery()

        def distinct(sub: Any) -> int:
            return int(self.s.scalar(select(func.count(func.distinct(sub.c.who)))) or 0)

        return {
            "linked": distinct(linked),
            "created": distinct(created),
            "flagged": distinct(flagged.subquery()),
            "contributing": Ratio(distinct(contributors), distinct(everyone)),
        }

    def _flags(self) -> dict[str, Any]:
        where = [self._in_period(FlagRow.at), *self._article_filter(FlagRow.article_pk)]
        rows = self.s.execute(
            select(
                FlagRow.kind,
                func.count(),
                _sum(FlagRow.resolved_at.is_not(None)),
            )
            .where(*where)
            .group_by(FlagRow.kind)
        ).all()
        by_kind = {kind: Ratio(int(done or 0), int(n)) for kind, n, done in rows}
        total = Ratio(
            sum(r.numerator for r in by_kind.values()), sum(r.denominator for r in by_kind.values())
        )
        return {"resolved": total, "by_kind": by_kind}

    # -- voice of the customer -----------------------------------------------------------

    def voice(self) -> dict[str, Any]:
        tix = self._tickets()
        rated = tix.c.csat_rating.is_not(None)
        row = self.s.execute(
            select(
                _sum(tix.c.status == "resolved").label("resolved"),
                _sum(rated).label("rated"),
                _sum(tix.c.csat_rating >= 4).label("satisfied"),
            )
        ).one()
        dist: dict[int, int] = dict(
            self.s.execute(
                select(tix.c.csat_rating, func.count()).where(rated).group_by(tix.c.csat_rating)
            ).all()
        )
        rated_n = int(row.rated or 0)
        breached = or_(tix.c.response_missed == 1, tix.c.resolution_missed == 1)
        return {
            "csat": Ratio(int(row.satisfied or 0), rated_n),
            "response_rate": Ratio(rated_n, int(row.resolved or 0)),
            "distribution": {str(n): int(dist.get(n, 0)) for n in range(1, 6)},
            "comments": self._voices(tix, _T.csat_comment.is_not(None), _T.csat_comment != ""),
            "watermelon": {
                "met_sla_rated_low": self._voices(
                    tix, tix.c.has_sla == 1, ~breached, tix.c.csat_rating <= 2
                ),
                "breached_rated_high": self._voices(tix, breached, tix.c.csat_rating >= 4),
            },
        }

    def _voices(self, tix: Subquery, *where: ColumnElement[bool]) -> list[dict[str, Any]]:
        rows = self.s.execute(
            select(
                _T.id,
                _T.priority,
                _T.csat_rating,
                _T.csat_comment,
                _T.language,
                _T.title,
                _C.key,
                tix.c.response_missed,
                tix.c.resolution_missed,
            )
            .join(tix, tix.c.id == _T.id)
            .join(_C, _C.id == _T.conversation_id)
            .where(tix.c.csat_rating.is_not(None), *where)
            .order_by(_T.created_at.desc(), _T.id.desc())
            .limit(MAX_ROWS)
        ).all()
        return [
            {
                "ticket": f"T-{r.id:05d}",
                "priority": r.priority,
                "rating": int(r.csat_rating),
                "comment": r.csat_comment or "",
                "language": r.language,
                "title": r.title,
                "conversation": r.key,
                "first_response_missed": bool(r.response_missed),
                "resolution_missed": bool(r.resolution_missed),
            }
            for r in rows
        ]

    # -- trends ----------------------------------------------------------------------------

    def trends(self) -> list[Trend]:
        by = self.p.by
        if self.contacts_by_bucket is None:
            self.self_service()
        contacts = self.contacts_by_bucket or {}
        tix = self._tickets()
        tkey = bucket(tix.c.created_at, by).label("k")
        keyed = select(tix, tkey).subquery("keyed")
        csat = {
            r.k: (int(r.ok or 0), int(r.n or 0))
            for r in self.s.execute(
                select(
                    keyed.c.k,
                    _sum(keyed.c.csat_rating >= 4).label("ok"),
                    _sum(keyed.c.csat_rating.is_not(None)).label("n"),
                ).group_by(keyed.c.k)
            )
        }
        mttr = {r.k: self._as_durations(r) for r in self._durations(keyed, "resolve_s", by="k")}
        out = []
        for key, label in self.p.buckets():
            n, ok = contacts.get(key, (0, 0))
            good, rated = csat.get(key, (0, 0))
            out.append(
                Trend(
                    label,
                    n,
                    Ratio(ok, n),
                    mttr.get(key, Durations(0, None, None, None)),
                    Ratio(good, rated),
                )
            )
        return out


_ACTIVE = Status.ACTIVE


def _sum(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


__all__ = [
    "BUCKETS",
    "SMALL_SAMPLE",
    "Durations",
    "Period",
    "Ratio",
    "Report",
    "ReportError",
    "Trend",
    "build",
    "known_teams",
    "parse_when",
]
